/* Network explorer (analysis/explorer.py): filters, selection and the ties panel. No library, no network request. */
(function () {
  "use strict";
  function init(root) {
    if (root.getAttribute("data-explorer-ready") === "1") { return; }
    var data = JSON.parse(root.querySelector("script[data-explorer-json]").textContent);
    var phaseSel = root.querySelector("select[data-explorer-phase]");
    var sectorSel = root.querySelector("select[data-explorer-sector]");
    var buttons = Array.prototype.slice.call(root.querySelectorAll("button[data-actor]"));
    var tiesBox = root.querySelector("[data-explorer-ties]");
    var status = root.querySelector("[data-explorer-status]");
    var svgTies = Array.prototype.slice.call(root.querySelectorAll("svg [data-tie]"));
    var svgNodes = Array.prototype.slice.call(root.querySelectorAll("svg [data-node]"));
    var selected = null;

    function el(tag, text, cls) {
      var e = document.createElement(tag);
      if (text) { e.textContent = text; }
      if (cls) { e.className = cls; }
      return e;
    }
    function name(id) { return data.actors[id].name; }
    function tieShown(t, phase, sector) {
      return (!phase || t.phase === phase) &&
        (!sector || data.actors[t.source].sector === sector || data.actors[t.target].sector === sector);
    }
    function actorShown(id, phase, sector, ties) {
      if (sector && data.actors[id].sector !== sector) { return false; }
      if (!phase) { return true; }
      return ties.some(function (t) { return t.source === id || t.target === id; });
    }
    function renderTies(ties) {
      tiesBox.textContent = "";
      if (!selected) { tiesBox.appendChild(el("p", "No actor selected.")); return; }
      var mine = ties.filter(function (t) { return t.source === selected || t.target === selected; });
      var phase = phaseSel.value;
      tiesBox.appendChild(el("p", name(selected) + ": " + mine.length + (mine.length === 1 ? " tie" : " ties") +
        (phase ? " in the " + phase + " phase." : " in all phases."), "nx-selected"));
      if (!mine.length) { return; }
      var list = el("ul", "", "nx-tie-list");
      mine.forEach(function (t) {
        var li = el("li");
        li.setAttribute("data-tie", t.id);
        var head = el("p");
        head.appendChild(el("strong", name(t.source)));
        head.appendChild(document.createTextNode(" " + t.relation.replace(/_/g, " ") + " "));
        head.appendChild(el("strong", name(t.target)));
        head.appendChild(document.createTextNode(" (" + t.phase + "; " + t.id + ")"));
        li.appendChild(head);
        if (t.note) { li.appendChild(el("p", t.note, "nx-note")); }
        if (t.facts.length) {
          var facts = el("ul", "", "nx-facts");
          t.facts.forEach(function (f) {
            var item = el("li");
            var a = el("a", f);
            a.href = data.facts[f].href;
            a.setAttribute("data-fact", f);
            item.appendChild(a);
            item.appendChild(document.createTextNode(": " + data.facts[f].claim));
            facts.appendChild(item);
          });
          li.appendChild(facts);
        } else {
          li.appendChild(el("p", "No fact is cited for this tie.", "nx-note"));
        }
        list.appendChild(li);
      });
      tiesBox.appendChild(list);
    }
    function update() {
      var phase = phaseSel.value, sector = sectorSel.value;
      var ties = data.ties.filter(function (t) { return tieShown(t, phase, sector); });
      var shownTies = {}, ends = {}, mineEnds = {};
      ties.forEach(function (t) {
        shownTies[t.id] = t;
        ends[t.source] = true; ends[t.target] = true;
      });
      var shownActors = {};
      buttons.forEach(function (b) {
        var id = b.getAttribute("data-actor");
        var on = actorShown(id, phase, sector, ties);
        shownActors[id] = on;
        b.parentNode.hidden = !on;
      });
      if (selected && !shownActors[selected]) { selected = null; }
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-actor") === selected ? "true" : "false");
      });
      svgTies.forEach(function (p) {
        var t = shownTies[p.getAttribute("data-tie")];
        var mine = !!t && !!selected && (t.source === selected || t.target === selected);
        if (mine) { mineEnds[t.source] = true; mineEnds[t.target] = true; }
        p.classList.toggle("nx-hidden", !t);
        p.classList.toggle("nx-on", mine);
        p.classList.toggle("nx-dim", !!t && !!selected && !mine);
      });
      svgNodes.forEach(function (g) {
        var id = g.getAttribute("data-node");
        var visible = shownActors[id] || !!ends[id];
        g.classList.toggle("nx-hidden", !visible);
        g.classList.toggle("nx-on", id === selected);
        g.classList.toggle("nx-dim", visible && (selected ? !mineEnds[id] && id !== selected : !shownActors[id]));
      });
      var n = buttons.filter(function (b) { return shownActors[b.getAttribute("data-actor")]; }).length;
      status.textContent = n + (n === 1 ? " actor" : " actors") + " and " + ties.length +
        (ties.length === 1 ? " tie" : " ties") + " shown" + (selected ? "; selected: " + name(selected).replace(/\.$/, "") + "." : ".");
      renderTies(ties);
    }
    function choose(id) {
      selected = selected === id ? null : id;
      update();
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { choose(b.getAttribute("data-actor")); });
    });
    svgNodes.forEach(function (g) {
      g.addEventListener("click", function () {
        var id = g.getAttribute("data-node");
        var b = buttons.filter(function (x) { return x.getAttribute("data-actor") === id; })[0];
        if (b && !b.parentNode.hidden) { choose(id); b.focus(); }
      });
    });
    phaseSel.addEventListener("change", update);
    sectorSel.addEventListener("change", update);
    update();
    root.setAttribute("data-explorer-ready", "1");
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-network-explorer]"), init);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
