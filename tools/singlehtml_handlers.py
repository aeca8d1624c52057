"""Sphinx extension loaded only for the PDF edition's singlehtml build (tools/pdf.py).

Once an extension registers node handlers for the ``singlehtml`` builder by name (sphinx-exercise does), Sphinx no
longer falls back to the handlers registered for the ``html`` format, and nodes registered for ``html`` only (the
project's findings, myst-nb's hidden code cells) fail to render. This copies every missing ``html`` handler to
``singlehtml`` before the build writes.
"""
from __future__ import annotations


def _copy_html_handlers(app) -> None:
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, pair in handlers.get("html", {}).items():
        single.setdefault(node, pair)


def setup(app):
    app.connect("builder-inited", _copy_html_handlers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
