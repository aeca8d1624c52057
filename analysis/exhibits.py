"""The registry of exhibits: every figure and table of the book, with its label, caption, function and inputs.

Each builder in :mod:`analysis.book` is registered with :func:`exhibit`. The registry is read by

- the notebooks, which call the builders (``book.case_facts(case_id)``) and get a captioned, labelled exhibit;
- ``python -m analysis figures``, which writes every figure (:func:`instances`);
- the Sphinx extension, which links an id such as ``HF-05`` to the row of the table that anchors it
  (:func:`anchoring_label`);
- the tests, which check that every exhibit is shown exactly once in the book and draws from the data it declares.

Labels are templates filled per case (``{case}``) or per argument (``{arg}``); captions and alt texts are
:class:`string.Template` strings filled with ``${name}`` (display name), ``${case}``, ``${n_cases}`` and any fields the
builder returns beside its result.
Captions that depend on the data (how many cases, which ones) are filled when the exhibit is built.

Example
-------
>>> from analysis import book, exhibits
>>> spec = exhibits.REGISTRY["case_facts"]
>>> spec.kind, spec.label_for(case="hefei-brt-shelter-collapse"), spec.rows
('table', 'tbl-hefei-brt-shelter-collapse-facts', 'fact')
>>> "tbl-claims" in [i.label for i in exhibits.instances()]
True
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from string import Template
from typing import Callable

from . import load
from .display import Figure, Table


@dataclass(frozen=True)
class Exhibit:
    """One registered figure or table builder."""

    key: str                      #: the builder's name in :mod:`analysis.book`
    kind: str                     #: ``figure``, ``table`` or ``explorer`` (:mod:`analysis.explorer`)
    label: str                    #: label template, for example ``tbl-{case}-facts``
    caption: str                  #: caption template
    reads: tuple[str, ...]        #: data package resources it reads
    function: Callable = field(repr=False, compare=False)
    per: str | None = None        #: ``case`` (one per case), ``arg`` (one per value of ``args``) or ``None``
    args: tuple = ()              #: the values of the argument when ``per == "arg"``
    rows: str | None = None       #: kind of id whose rows this table anchors (``fact``, ``judgement`` ...)
    alt: str = ""                 #: alt text template of a figure

    def label_for(self, case: str | None = None, arg: str | None = None) -> str:
        return self.label.format(case=case, arg=(arg or "").replace("_", "-"))


@dataclass(frozen=True)
class Instance:
    """One exhibit as it appears in the book: a registered builder with its argument bound."""

    spec: Exhibit
    label: str
    case: str | None = None
    arg: str | None = None

    @property
    def file_name(self) -> str:
        """File name of a figure for ``python -m analysis figures``: the label without ``fig-``, plus ``.svg``."""
        return self.label.removeprefix("fig-") + ".svg"

    def build(self, data_dir=None):
        if self.case is not None:
            return self.spec.function(self.case, data_dir=data_dir)
        if self.arg is not None:
            return self.spec.function(self.arg, data_dir=data_dir)
        return self.spec.function(data_dir=data_dir)


REGISTRY: dict[str, Exhibit] = {}


def exhibit(kind: str, label: str, caption: str, reads, per: str | None = None, args=(), rows: str | None = None,
            alt: str = ""):
    """Register a builder. It returns a DataFrame (table), a matplotlib Figure (figure) or the data of a network
    explorer (explorer, :func:`analysis.explorer.explorer_data`), optionally with a dict of extra caption fields;
    the wrapper turns that into a captioned, labelled :class:`Table`, :class:`Figure` or
    :class:`~analysis.explorer.Explorer`."""
    if kind not in ("figure", "table", "explorer"):
        raise ValueError(f"kind must be figure, table or explorer, not {kind!r}")

    def register(fn):
        spec = Exhibit(fn.__name__, kind, label, caption, tuple(reads), fn, per, tuple(args), rows, alt)
        if fn.__name__ in REGISTRY:
            raise ValueError(f"exhibit {fn.__name__} registered twice")

        @functools.wraps(fn)
        def build(*a, data_dir=None, **kw):
            if per is None and a:                  # book.claims_table(data_dir) as well as data_dir=...
                (data_dir,), a = a, ()
            with load.pinned(data_dir):            # one look at the data folder for the whole exhibit
                out = fn(*a, data_dir=data_dir, **kw)
                context = _context(spec, a, data_dir)
            extra = {}
            if isinstance(out, tuple):
                out, extra = out
            context.update(extra)
            label = spec.label_for(case=context.get("case"), arg=context.get("arg"))
            text = Template(spec.caption).substitute(context)
            if kind == "table":
                index = extra.get("index", False)
                return Table(out, text, label, index=index)
            if kind == "explorer":
                from .explorer import Explorer
                return Explorer(out, text, label)
            return Figure(out, text, label, alt=Template(spec.alt).substitute(context))

        REGISTRY[fn.__name__] = Exhibit(spec.key, kind, label, caption, spec.reads, build, per, spec.args, rows, alt)
        return build
    return register


def _context(spec: Exhibit, args, data_dir) -> dict:
    context: dict = {}
    names = load.display_names(data_dir)
    context["n_cases"] = len(names)
    if spec.per == "case":
        case = args[0]
        context.update(case=case, name=names[case])
    elif spec.per == "arg":
        context["arg"] = args[0]
    return context


def instances(data_dir=None) -> list[Instance]:
    """Every exhibit of the book, expanded over the cases and arguments, in registry order."""
    from . import load
    out = []
    for spec in REGISTRY.values():
        if spec.per == "case":
            out += [Instance(spec, spec.label_for(case=c), case=c) for c in load.list_cases(data_dir)]
        elif spec.per == "arg":
            out += [Instance(spec, spec.label_for(arg=a), arg=a) for a in spec.args]
        else:
            out.append(Instance(spec, spec.label_for()))
    return out


def by_label(data_dir=None) -> dict[str, Instance]:
    """Label -> exhibit instance."""
    return {i.label: i for i in instances(data_dir)}


def anchoring_label(kind: str, case: str | None = None) -> str | None:
    """The label of the table whose rows carry the anchors of ids of ``kind`` (of ``case`` for case-level ids)."""
    for spec in REGISTRY.values():
        if spec.rows == kind:
            return spec.label_for(case=case)
    return None
