"""The {finding} directive and the {datum} role in a small Sphinx build: a stale finding is marked, not fatal."""
from __future__ import annotations

import pytest

from analysis import findings

sphinx = pytest.importorskip("sphinx.application")


@pytest.fixture()
def stale_finding():
    findings.REGISTRY["zz-test-stale"] = findings.Finding("zz-test-stale", "index", "A test finding that fails.",
                                                          lambda d: (False, {"value": 42}))
    yield "zz-test-stale"
    del findings.REGISTRY["zz-test-stale"]


def build(tmp_path, text, warnings=None):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['myst_parser', 'analysis.sphinxext']\n"
                                 "myst_enable_extensions = ['colon_fence']\n", encoding="utf-8")
    (src / "index.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    app = sphinx.Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html", status=None,
                        warning=warnings, freshenv=True, warningiserror=False)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8")


def test_stale_finding_is_marked_and_holding_finding_is_not(tmp_path, stale_finding):
    html = build(tmp_path, "# T\n\n:::{finding} zz-test-stale\nA claim about the data.\n:::\n\n"
                           ":::{finding} goal-loss-everywhere\nGoal loss everywhere.\n:::\n\n"
                           "There are {datum}`n-cases:thesis` thesis cases.\n")
    assert 'class="finding finding-stale"' in html and "Stale finding zz-test-stale" in html and "value = 42" in html
    assert 'class="finding finding-holds"' in html
    assert '<span class="datum">three</span>' in html


def test_unknown_finding_is_an_error_of_the_build(tmp_path):
    """The book builds with warnings as errors, so an unregistered finding id stops it."""
    import io
    warnings = io.StringIO()
    build(tmp_path, "# T\n\n:::{finding} no-such-finding\nText.\n:::\n", warnings)
    assert "finding 'no-such-finding' is not registered" in warnings.getvalue()
