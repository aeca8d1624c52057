"""Display wrappers for book notebooks: numbered tables with captions, rendered by MyST.

A :class:`Table` shows in a notebook as Markdown holding a MyST ``{table}`` directive, so the built book
numbers it, gives it a caption and a label for cross-references, and nbval compares its full text.

Example
-------
>>> import pandas as pd
>>> t = Table(pd.DataFrame({"a": [1]}), "A caption.", "tbl-example")
>>> print(t._repr_markdown_().splitlines()[0])
```{table} A caption.
"""
from __future__ import annotations

import base64
import html
import re

import pandas as pd

#: A cell that starts with a MyST role, such as {doc}`claims`, is left for MyST to render.
ROLE = re.compile(r"^\{[a-z:]+\}`[^`]+`")


def _cell(value) -> str:
    if value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)):
        return ""
    if isinstance(value, (tuple, list)):
        value = ", ".join(map(str, value))
    if isinstance(value, float):
        value = f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    text = str(value).replace("\n", " ").replace("|", "\\|")
    if text.startswith(("{", "(")) and not ROLE.match(text):
        return text.replace("{", "\\{").replace("}", "\\}")
    return text


def markdown_table(frame: pd.DataFrame, index: bool = False) -> str:
    """A pipe table of ``frame`` (lists joined by commas, missing values empty, pipes escaped).

    Column names are shown with spaces for underscores (``share_involving_public`` as "share involving public"),
    so that headers read as words and wrap like words.

    >>> print(markdown_table(pd.DataFrame({"case_id": ["a"], "ties": [3]})))
    | case id | ties |
    |---|---|
    | a | 3 |
    """
    frame = frame.reset_index() if index else frame
    header = "| " + " | ".join(str(c).replace("_", " ") for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False, name=None)]
    return "\n".join([header, rule, *body])


class Table:
    """A captioned, labelled table for the book."""

    def __init__(self, frame: pd.DataFrame, caption: str, name: str, index: bool = False):
        if not name.startswith("tbl-"):
            raise ValueError(f"table label {name!r} must start with 'tbl-'")
        self.frame, self.caption, self.name, self.index = frame, caption, name, index

    def _repr_markdown_(self) -> str:
        if len(self.frame) == 0:
            body = "| (no rows) |\n|---|\n| This table is empty for the current data. |"
        else:
            body = markdown_table(self.frame, index=self.index)
        return f"```{{table}} {self.caption}\n:name: {self.name}\n:class: compendium-table\n\n{body}\n```\n"

    def _repr_html_(self) -> str:
        """HTML for Jupyter users (the book itself renders the Markdown form, which Sphinx numbers)."""
        frame = self.frame if len(self.frame) else pd.DataFrame({"(no rows)": ["This table is empty for the current data."]})
        body = frame.to_html(index=self.index, escape=False, na_rep="", border=0, classes="compendium-table")
        return f"<p><strong>{html.escape(self.name)}</strong>: {html.escape(self.caption)}</p>\n{body}"

    def __repr__(self) -> str:
        return f"<table {self.name}: {len(self.frame)} rows x {self.frame.shape[1]} columns>"


class Figure:
    """A captioned, labelled figure for the book, drawn as deterministic SVG.

    It shows in a notebook as Markdown holding a MyST ``{figure}`` directive with the SVG embedded as a data URI,
    so the built book numbers it and gives it its caption, label and alt text from the registry of exhibits
    (:mod:`analysis.exhibits`), and nbval compares its full text. In the HTML book the project's Sphinx extension
    replaces the data URI by the SVG itself (:class:`analysis.sphinxext.InlineSVG`), so that figure text is page text.
    """

    def __init__(self, fig, caption: str, name: str, alt: str = ""):
        from .style import svg_bytes
        import matplotlib.pyplot as plt
        if not name.startswith("fig-"):
            raise ValueError(f"figure label {name!r} must start with 'fig-'")
        self.svg = svg_bytes(fig).decode("utf-8")
        plt.close(fig)
        self.caption, self.name, self.alt = caption, name, alt

    def _repr_markdown_(self) -> str:
        uri = "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        alt = " ".join(self.alt.split()) or self.caption
        return f"```{{figure}} {uri}\n:name: {self.name}\n:alt: {alt}\n:class: compendium-figure\n\n{self.caption}\n```\n"

    def __repr__(self) -> str:
        return f"<figure {self.name}>"
