"""The PDF edition's post-processing (tools/pdf.py), checked without a browser: volatile fields normalised in place,
and the landing page linking the PDF only when it exists."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pdf_tool", ROOT / "tools" / "pdf.py")
pdf_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdf_tool)

RUN_A = (b"%PDF-1.4\n1 0 obj <</CreationDate (D:20261201073012+00'00') /ModDate (D:20261201073012+00'00')>>\n"
         b"2 0 obj <</ID (node00000371)>> 3 0 obj <</ID (node00000400)>>\n"
         b"trailer <</ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]>>")
RUN_B = (RUN_A.replace(b"20261201073012", b"20261202091544").replace(b"00000371", b"00000372")
         .replace(b"00000400", b"00000401").replace(b"0123456789ABCDEF", b"FEDCBA9876543210"))


def test_two_runs_that_differ_only_in_volatile_fields_give_the_same_bytes():
    a, b = pdf_tool.normalise(RUN_A), pdf_tool.normalise(RUN_B)
    assert a == b
    assert len(a) == len(RUN_A), "normalising must keep every byte offset (the xref table)"
    assert b"(D:20000101000000+00'00')" in a
    assert b"(node00000001)" in a and b"(node00000002)" in a


def test_different_content_gives_a_different_document_id():
    other = RUN_A.replace(b"1 0 obj", b"1 0 obk")
    ident = lambda pdf: pdf[pdf.index(b"trailer"):]  # noqa: E731
    assert ident(pdf_tool.normalise(other)) != ident(pdf_tool.normalise(RUN_A))


@pytest.fixture()
def site(tmp_path, monkeypatch):
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    pdf = tmp_path / "pdf" / "book.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4 test")
    monkeypatch.setattr(pdf_tool, "HTML", html)
    monkeypatch.setattr(pdf_tool, "LANDING", html / "book" / "index.html")
    monkeypatch.setattr(pdf_tool, "PDF", pdf)
    monkeypatch.setattr(pdf_tool, "ROOT", tmp_path)
    return html


def test_the_landing_page_links_the_pdf_only_once_it_is_copied(site):
    landing = site / "book" / "index.html"
    landing.write_text(f"<main>{pdf_tool.PLACEHOLDER}</main>", encoding="utf-8")
    pdf_tool.link_from_site(b"%PDF-1.4 test", 3)
    text = landing.read_text(encoding="utf-8")
    assert '<a href="../book.pdf">book.pdf</a>' in text and "3 pages" in text and "hidden" not in text
    assert (site / "book.pdf").read_bytes() == b"%PDF-1.4 test"
    pdf_tool.link_from_site(b"%PDF-1.4 test", 4)            # a second `make pdf` on the same build
    text = landing.read_text(encoding="utf-8")
    assert text.count('id="pdf-edition"') == 1 and "4 pages" in text


def test_a_landing_page_without_the_placeholder_is_a_clear_error(site):
    (site / "book" / "index.html").write_text("<main></main>", encoding="utf-8")
    with pytest.raises(SystemExit, match="no placeholder"):
        pdf_tool.link_from_site(b"%PDF", 1)
    assert not (site / "book.pdf").exists(), "the PDF must not be published without its link"


def test_no_html_book_means_no_link(site):
    assert "not linked" in pdf_tool.link_from_site(b"%PDF", 1)


def test_the_book_source_carries_the_placeholder():
    assert pdf_tool.PLACEHOLDER in (ROOT / "book" / "index.md").read_text(encoding="utf-8")
