"""Building blocks shared by the worksheet and the report.

Every piece of text goes through :func:`worksheet.safety.clean` here, so the writers
cannot forget it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.shared import Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..models import ArticleMeta
from ..resources import template as shipped
from ..safety import clean
from . import lookups, ooxml, styles


def open_document(template: Path | None, paper: str) -> DocumentObject:
    """A document with the template's styles, no body content, our styles and page."""
    path = Path(template or shipped("worksheet.docx")).resolve()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, paper)
    prepared = _PREPARED.get(key)
    if prepared is None:
        prepared = docx.Document(str(path))
        styles.clear_body(prepared)
        styles.ensure_styles(prepared)
        styles.set_page(prepared, paper)
        _PREPARED.clear()  # one template at a time is the rule: a batch shares one
        _PREPARED[key] = prepared
    # Reading and preparing a template takes four times as long as copying it ready.
    doc: DocumentObject = copy.deepcopy(prepared)
    return doc


#: The last template opened and prepared, by path, version and paper: never handed out.
_PREPARED: dict[tuple[str, int, int, str], DocumentObject] = {}


def text(value: object) -> str:
    """Any value as text an Office file can hold."""
    return clean("" if value is None else str(value))




def add_run(paragraph: Paragraph, value: object, *, bold: bool | None = None,
            italic: bool | None = None, style: str | None = None, size: float | None = None,
            colour: str | None = None, highlight: WD_COLOR_INDEX | None = None) -> Run:
    """Add cleaned text with optional direct formatting."""
    value = text(value)
    formatted = (style or bold is not None or italic is not None or size is not None
                 or colour or highlight is not None)
    r = OxmlElement("w:r")
    paragraph._p.append(r)  # where python-docx's add_run puts it
    run = Run(r, paragraph)
    if formatted:
        # The properties python-docx's setters would make, made at once in schema order
        # (rStyle, b, i, color, sz): its setters search for their place each time.
        if style:
            lookups.set_run_style(run, style)
        rpr = r.get_or_add_rPr()
        for tag, setting in (("w:b", bold), ("w:i", italic)):
            if setting is not None:
                rpr.append(_valued(tag, setting))
        if colour:
            rpr.append(_valued("w:color", RGBColor.from_string(colour)))
        if size is not None:
            rpr.append(_valued("w:sz", Pt(size)))
        if highlight is not None:
            rpr.append(_valued("w:highlight", highlight))
    ooxml.put_text(run, value)
    return run


def _valued(tag: str, value: object) -> Any:
    """A new ``tag`` element with its ``w:val`` written as python-docx writes it."""
    el = OxmlElement(tag)
    el.val = value
    return el


def add_para(container: DocumentObject | _Cell, value: object = "", style: str | None = None,
             **fmt: object) -> Paragraph:
    """Add a paragraph of cleaned text."""
    if isinstance(container, DocumentObject):
        paragraph = lookups.add_paragraph(container, style)
    else:
        paragraph = container.add_paragraph()
        lookups.set_paragraph_style(paragraph, style)
    if value != "":
        add_run(paragraph, value, **fmt)  # type: ignore[arg-type]
    return paragraph


def cell_para(cell: _Cell, value: object = "", style: str = styles.TABLE_TEXT,
              **fmt: object) -> Paragraph:
    """The cell's first paragraph, styled and filled (a new cell has one empty paragraph)."""
    paragraph = cell.paragraphs[0]
    lookups.set_paragraph_style(paragraph, style)
    if value != "":
        add_run(paragraph, value, **fmt)  # type: ignore[arg-type]
    return paragraph


def table(doc: DocumentObject, rows: int, widths: Sequence[float], *,
          header: Sequence[str] | None = None, centred: bool = True) -> Table:
    """A table of fixed column widths (fractions of the text width) in our table style.

    With ``header`` the first row holds those labels, shaded, repeated on each page.
    """
    total = styles.text_width(doc)
    tbl = lookups.add_table(doc, rows + (1 if header else 0), len(widths), styles.TABLE)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER if centred else WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    # Word reads the cell widths, LibreOffice the grid: set both.
    sizes = [Emu(int(total * fraction)) for fraction in widths]
    for i, width in enumerate(sizes):
        tbl.columns[i].width = width
    # A new table has one cell per column in each row: its column's cells without
    # python-docx's walk over the whole grid for each column.
    for tr in tbl._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, sizes, strict=True):
            tc.width = width
    if header:
        row = tbl.rows[0]
        ooxml.set_repeat_header(row._tr)
        for cell, label in zip(row.cells, header, strict=True):
            cell_para(cell, label, bold=True, colour=styles.ACCENT)
            ooxml.set_cell_shading(cell, styles.ACCENT_LIGHT)
    return tbl


def heading(doc: DocumentObject, value: object, level: int = 1, *,
            new_page: bool = False) -> Paragraph:
    """A heading, optionally starting a new page."""
    paragraph = add_para(doc, value, style=f"Heading {level}")
    if new_page:
        paragraph.paragraph_format.page_break_before = True
    return paragraph


def page_break(doc: DocumentObject) -> None:
    """Start a new page."""
    lookups.add_paragraph(doc).add_run().add_break(WD_BREAK.PAGE)


def write_lines(doc: DocumentObject, labels: Sequence[str], *, style: str | None = None
                ) -> Paragraph:
    """One line of labelled blanks to write on: ``Reviewer ______  Date ______``."""
    paragraph = lookups.add_paragraph(doc, style)
    width = styles.text_width(doc)
    stops = paragraph.paragraph_format.tab_stops
    # Each label gets an equal share of the line; the blank runs to the share's end.
    share = width // max(1, len(labels))
    for i, label in enumerate(labels):
        if i:
            add_run(paragraph, "\t")
        add_run(paragraph, f"{label}  ", style=styles.LABEL)
        end = Emu(share * (i + 1) - (Pt(14) if i + 1 < len(labels) else 0))
        stops.add_tab_stop(end, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
        add_run(paragraph, "\t")
        if i + 1 < len(labels):
            stops.add_tab_stop(Emu(share * (i + 1)), WD_TAB_ALIGNMENT.LEFT)
    paragraph.paragraph_format.space_before = Pt(14)
    return paragraph


_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def header_footer(doc: DocumentObject, header: str, footer: str) -> None:
    """Header text on every page; footer with {page}/{pages} as PAGE/NUMPAGES fields."""
    section = doc.sections[0]
    section.different_first_page_header_footer = False
    head = section.header
    head.is_linked_to_previous = False
    _reset(head.paragraphs)
    para = head.paragraphs[0]
    para.style = "Header"
    add_run(para, header)
    foot = section.footer
    foot.is_linked_to_previous = False
    _reset(foot.paragraphs)
    para = foot.paragraphs[0]
    para.style = "Footer"
    para.alignment = 1  # centre, whatever the template's Footer says
    pos = 0
    for match in _PLACEHOLDER.finditer(footer):
        add_run(para, footer[pos : match.start()])
        ooxml.add_field(para, "PAGE" if match.group(1) == "page" else "NUMPAGES")
        pos = match.end()
    add_run(para, footer[pos:])


def _reset(paragraphs: Sequence[Paragraph]) -> None:
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    first = paragraphs[0]
    for child in list(first._p):
        if child.tag != ooxml.qn("w:pPr"):
            first._p.remove(child)


def meta_rows(meta: ArticleMeta, labels: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """(label, value, url) rows for the article facts that are known."""
    rows: list[tuple[str, str, str | None]] = []
    for key in ("author", "publisher", "date"):
        value = getattr(meta, key)
        if value:
            rows.append((labels[key], str(value), None))
    if meta.url:
        rows.append((labels["url"], meta.url, meta.url))
    return rows


def facts_table(doc: DocumentObject, rows: Sequence[tuple[str, str, str | None]]) -> Table:
    """A two-column label/value table; a value with a URL becomes a link."""
    tbl = table(doc, len(rows), (0.24, 0.76))
    for row, (label, value, url) in zip(tbl.rows, rows, strict=True):
        cell_para(row.cells[0], label, style=styles.TABLE_TEXT, bold=True,
                  colour=styles.MUTED)
        para = cell_para(row.cells[1])
        if url:
            ooxml.add_hyperlink(para, url, value)
        else:
            add_run(para, value)
    return tbl


def shaded_label(paragraph: Paragraph, label: str, colour: str) -> Run:
    """A verdict label set in bold on its scale colour."""
    run = add_run(paragraph, f" {label} ", bold=True)
    ooxml.set_run_shading(run, colour)
    return run


def short(value: str, limit: int = 90) -> str:
    """``value`` cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def date_text(when: dt.datetime) -> str:
    """A date for people: ``5 March 2025``."""
    return f"{when.day} {when:%B %Y}"
