"""The per-document lookups and the prepared template answer as python-docx does, faster."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from worksheet.docx import lookups
from worksheet.docx.layout import open_document


def _python_docx(doc: object, name: str, kind: WD_STYLE_TYPE) -> object:
    try:
        return doc.part.get_style_id(name, kind)  # type: ignore[attr-defined]
    except (KeyError, ValueError) as exc:  # the same refusal
        return type(exc)


def _ours(doc: object, name: str, kind: WD_STYLE_TYPE) -> object:
    lookups.forget(doc.part)  # type: ignore[attr-defined]
    try:
        return lookups.style_id(doc.part, name, kind)  # type: ignore[attr-defined]
    except (KeyError, ValueError) as exc:
        return type(exc)


@pytest.mark.parametrize("make", ["worksheet", "default", "odd"])
def test_style_ids_are_python_docx_answers(make: str) -> None:
    doc = open_document(None, "a4") if make == "worksheet" else docx.Document()
    if make == "odd":
        # A second default paragraph style (the last wins), a style named twice, one
        # named as Word's UI spells a built-in, and one with no type (a paragraph style).
        styles = doc.styles
        styles.add_style("Later default", WD_STYLE_TYPE.PARAGRAPH).element.set(
            lookups._DEFAULT, "1")
        styles.add_style("Twice", WD_STYLE_TYPE.CHARACTER)
        styles.element.append(styles.add_style("Twice2", WD_STYLE_TYPE.PARAGRAPH).element)
        styles["Twice2"].element.find(lookups._NAME).set(lookups._VAL, "Twice")
        styles.add_style("Heading 1x", WD_STYLE_TYPE.PARAGRAPH).element.find(
            lookups._NAME).set(lookups._VAL, "Heading 1")
        styles.add_style("Untyped", WD_STYLE_TYPE.PARAGRAPH).element.attrib.pop(
            lookups._TYPE)
    names = {s.find(lookups._NAME).get(lookups._VAL)
             for s in doc.styles.element.iterchildren(lookups._STYLE)}
    names |= {"Heading 1", "heading 1", "Normal", "No such"}
    for name in sorted(n for n in names if n):
        for kind in WD_STYLE_TYPE:
            assert _ours(doc, name, kind) == _python_docx(doc, name, kind), (name, kind)


def test_prepared_template_is_copied_per_document(tmp_path: Path) -> None:
    first = open_document(None, "a4")
    first.add_paragraph("only in the first")
    second = open_document(None, "a4")
    assert [p.text for p in second.paragraphs] == []
    letter = open_document(None, "letter")
    assert letter.sections[0].page_width != second.sections[0].page_width
    # A template changed on disk is read again.
    template = tmp_path / "t.docx"
    doc = docx.Document()
    doc.save(str(template))
    doc.styles.add_style("Desk style", WD_STYLE_TYPE.PARAGRAPH)
    doc.save(str(template))
    assert "Desk style" in {s.name for s in open_document(template, "a4").styles}
