"""An .odt (as LibreOffice saves a worksheet) as blocks: see :mod:`.blocks`.

LibreOffice turns the worksheet's checkbox controls into ``loext:content-control``
elements with ``loext:checkbox="true"`` (and ``loext:checked="true"`` once ticked). In
ODF, text deleted with change tracking on is moved out of the body into
``text:tracked-changes``, so the body already reads as accepted; comments
(``office:annotation``) sit inside paragraphs and are skipped.
"""

from __future__ import annotations

import zipfile
from typing import Any

from .blocks import Block, Box, Cell, Document, Para, Table, box_in_text
from .docx_blocks import parse_part, title_and_subject

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
XLINK = "http://www.w3.org/1999/xlink"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def t(tag: str) -> str:
    """The Clark name of an ODF text tag."""
    return f"{{{TEXT}}}{tag}"


def tb(tag: str) -> str:
    """The Clark name of an ODF table tag."""
    return f"{{{TABLE}}}{tag}"


_SKIPPED = {f"{{{OFFICE}}}annotation", f"{{{OFFICE}}}annotation-end", t("note"),
            t("tracked-changes")}
_CONTROL = f"{{{LOEXT}}}content-control"
_PARAGRAPHS = (t("p"), t("h"))
_ROW_GROUPS = (tb("table-header-rows"), tb("table-rows"), tb("table-row-group"))


def is_encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether an ODF package is password-protected (its manifest lists encryption)."""
    manifest = parse_part(archive, "META-INF/manifest.xml")
    return manifest is not None and manifest.find(
        f".//{{{MANIFEST}}}encryption-data") is not None


def text_of(el: Any) -> str:
    """The visible text of a paragraph: spaces, tabs and breaks spelt out, comments left out."""
    parts: list[str] = []
    _text(el, parts)
    return "".join(parts)


def _text(el: Any, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag == t("s"):
            parts.append(" " * int(child.get(t("c")) or 1))
        elif tag == t("tab"):
            parts.append("\t")
        elif tag == t("line-break"):
            parts.append("\n")
        elif tag not in _SKIPPED:
            _text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _paragraphs(el: Any) -> list[Any]:
    """Paragraphs and headings under ``el`` in order, through lists and sections."""
    return [p for p in el.iter(*_PARAGRAPHS)
            if not any(a.tag in _SKIPPED for a in p.iterancestors())]


def _box(control: Any) -> Box | None:
    if control.get(f"{{{LOEXT}}}checkbox") != "true":
        return None
    state = control.get(f"{{{LOEXT}}}checked") == "true"
    return Box(state, text_of(control))


def _cell(cell: Any) -> Cell:
    text = "\n".join(text_of(p) for p in _paragraphs(cell))
    boxes = [b for c in cell.iter(_CONTROL) if (b := _box(c)) is not None]
    if not boxes and (typed := box_in_text(text)) is not None:
        boxes = [typed]
    links = [a.get(f"{{{XLINK}}}href") or "" for a in cell.iter(t("a"))]
    return Cell(text, boxes, links)


def _rows(el: Any) -> list[Any]:
    rows = []
    for child in el:
        if child.tag == tb("table-row"):
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows += _rows(child)
    return rows


def _table(el: Any) -> Table:
    return Table([[_cell(c) for c in row if c.tag == tb("table-cell")] for row in _rows(el)])


def _bookmarks(p: Any) -> list[str]:
    return [b.get(t("name")) or "" for b in p.iter(t("bookmark"), t("bookmark-start"))]


def _blocks(parent: Any, out: list[Block]) -> None:
    for child in parent:
        tag = child.tag
        if tag in _PARAGRAPHS:
            out.append(Para(text_of(child), _bookmarks(child)))
        elif tag == tb("table"):
            out.append(_table(child))
        elif tag not in _SKIPPED:
            # Lists, list items and sections hold paragraphs and tables of their own.
            _blocks(child, out)


def read_odt(archive: zipfile.ZipFile) -> Document:
    """The blocks of an .odt package's text (see :mod:`.blocks`)."""
    root = parse_part(archive, "content.xml")
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text") if root is not None else None
    if body is None:
        raise ValueError("the document has no text body")
    changes = body.find(t("tracked-changes"))
    pending = len(changes.findall(t("changed-region"))) if changes is not None else 0
    blocks: list[Block] = []
    _blocks(body, blocks)
    title, subject = title_and_subject(archive, "meta.xml")
    return Document(blocks, title, subject, pending)
