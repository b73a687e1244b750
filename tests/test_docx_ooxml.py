"""The OOXML helpers: each element reopened with python-docx and inspected."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from worksheet.docx import ooxml


def reopen(doc, tmp_path: Path):
    path = tmp_path / "out.docx"
    doc.save(str(path))
    return docx.Document(str(path))


def hyperlinks(doc) -> list[tuple[str, str, str]]:
    """(text, target, target mode) of every w:hyperlink in the body."""
    found = []
    for link in doc.element.body.iter(qn("w:hyperlink")):
        rel = doc.part.rels[link.get(qn("r:id"))]
        text = "".join(t.text for t in link.iter(qn("w:t")))
        found.append((text, rel.target_ref, "External" if rel.is_external else "Internal"))
    return found


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://x.test",
                                 "mailto:desk@example.org"])
def test_hyperlink_is_external_relationship(tmp_path, url):
    doc = docx.Document()
    ooxml.add_hyperlink(doc.add_paragraph("See "), url, "the source")
    assert hyperlinks(reopen(doc, tmp_path)) == [("the source", url, "External")]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "", None,
                                 "http://a b", "data:text/html,x"])
def test_unsafe_url_is_plain_text(tmp_path, url):
    doc = docx.Document()
    para = doc.add_paragraph()
    ooxml.add_hyperlink(para, url, "click me")
    again = reopen(doc, tmp_path)
    assert hyperlinks(again) == []
    assert again.paragraphs[0].text == "click me"


def test_hyperlink_without_style_gets_direct_colour(tmp_path):
    doc = docx.Document()  # python-docx's default template has no Hyperlink style
    run = ooxml.add_hyperlink(doc.add_paragraph(), "https://x.test", "x")
    assert run.style.name == "Default Paragraph Font"
    assert str(run.font.color.rgb) == "0563C1"
    assert run.font.underline


def test_hyperlink_text_is_cleaned(tmp_path):
    doc = docx.Document()
    ooxml.add_hyperlink(doc.add_paragraph(), "https://x.test", "a\x00b\x1fc")
    assert hyperlinks(reopen(doc, tmp_path))[0][0] == "abc"


def test_field_has_begin_instruction_separate_end(tmp_path):
    doc = docx.Document()
    para = doc.add_paragraph("Page ")
    ooxml.add_field(para, "PAGE")
    p = reopen(doc, tmp_path).paragraphs[0]._p
    kinds = [el.get(qn("w:fldCharType")) for el in p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [el.text.strip() for el in p.iter(qn("w:instrText"))] == ["PAGE"]


@pytest.mark.parametrize(("checked", "glyph", "val"), [(False, "☐", "0"), (True, "☒", "1")])
def test_checkbox_content_control(tmp_path, checked, glyph, val):
    doc = docx.Document()
    ooxml.add_checkbox(doc.add_paragraph(), checked=checked, tag="C1-verdict-1")
    body = reopen(doc, tmp_path).element.body
    (sdt,) = ooxml.checkboxes(body)
    box = sdt.find(f".//{qn('w14:checkbox')}")
    assert box.find(qn("w14:checked")).get(qn("w14:val")) == val
    assert box.find(qn("w14:checkedState")).get(qn("w14:val")) == "2612"
    assert box.find(qn("w14:uncheckedState")).get(qn("w14:val")) == "2610"
    assert sdt.find(f".//{qn('w:tag')}").get(qn("w:val")) == "C1-verdict-1"
    assert "".join(t.text for t in sdt.iter(qn("w:t"))) == glyph


def test_cell_shading_strips_hash(tmp_path):
    doc = docx.Document()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    ooxml.set_cell_shading(cell, "#C6EFCE")
    ooxml.set_cell_shading(cell, "#FFC7CE")  # replaces, not adds
    tc = reopen(doc, tmp_path).tables[0].cell(0, 0)._tc
    fills = [el.get(qn("w:fill")) for el in tc.iter(qn("w:shd"))]
    assert fills == ["FFC7CE"]


def test_put_keeps_schema_order(tmp_path):
    doc = docx.Document()
    run = doc.add_paragraph().add_run("x")
    ooxml.set_run_shading(run, "FFF2CC")
    run.bold = True
    run.font.color.rgb = None
    run.font.highlight_color = 7
    tags = [el.tag.split("}")[1] for el in run._r.rPr]
    assert tags == ["b", "highlight", "shd"]
