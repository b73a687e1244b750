"""Fill a worksheet's .docx the way Word saves a reviewer's work, by editing its XML.

A click on a checkbox content control in Word saves ``w14:checked w14:val="1"`` and
the ☒ glyph; typing into a cell saves a run in the cell's paragraph; a row added to a
table is a copy of the row above. ``fill`` does those edits (and the variations people
produce: only the state, only a typed glyph, an X, tracked changes) on the document
part and writes a new package; it finds a claim's section by its bookmark and the
section's tables by the writer's order (sources, verdicts, sign-off, evidence), not
with the reader under test.

Example::

    fill(src, dst, {"C1": ClaimFill(verdicts=["Mostly true"], sources=[1, 2],
                                    initials="AB", date="2026-11-20",
                                    evidence=[("TASS", "18:08 to 20:10")])})
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from worksheet.docx.markers import APPENDIX, claim_bookmark, is_claim_bookmark

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
DOCUMENT = "word/document.xml"
How = Literal["click", "state", "glyph", "X", "plain"]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class ClaimFill:
    """What a reviewer does in one claim's section."""

    verdicts: Sequence[str] = ()
    """Labels of the verdict boxes to tick."""
    sources: Sequence[int] = ()
    """1-based rows of the sources table to tick."""
    initials: str | None = None
    date: str | None = None
    evidence: Sequence[tuple[str, str]] = ()
    """Rows to type into the evidence table, from its first row; rows are added as needed."""
    notes: Sequence[str] = ()
    """Paragraphs typed after the evidence table."""
    how: How = "click"
    tracked: bool = False
    """Type with change tracking on: each text is an insertion after a deleted 'XX'."""


@dataclass
class Section:
    """A claim's blocks in the body, and its tables in the writer's order."""

    blocks: list[Any] = field(default_factory=list)

    @property
    def tables(self) -> list[Any]:
        return [b for b in self.blocks if b.tag == w("tbl")]


def sections(body: Any) -> dict[str, Section]:
    """Each claim bookmark's section: the blocks after its heading, up to the next."""
    found: dict[str, Section] = {}
    current: Section | None = None
    for block in body:
        names = [b.get(w("name")) for b in block.iter(w("bookmarkStart"))] \
            if block.tag == w("p") else []
        if APPENDIX in names:
            current = None
        elif any(is_claim_bookmark(n or "") for n in names):
            current = found.setdefault(next(n for n in names if is_claim_bookmark(n or "")),
                                       Section())
        elif current is not None:
            current.blocks.append(block)
    return found


def _run(text: str, tag: str = "t") -> Any:
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _change(kind: str, n: int) -> Any:
    el = etree.Element(w(kind))
    el.set(w("id"), str(9000 + n))
    el.set(w("author"), "Reviewer")
    el.set(w("date"), "2026-11-20T10:00:00Z")
    return el


_changes = iter(range(10**6))


def type_into(paragraph: Any, text: str, tracked: bool = False) -> None:
    """Replace a paragraph's runs with ``text``, as typed (tracked: over a deleted XX)."""
    for old in list(paragraph):
        if old.tag != w("pPr"):
            paragraph.remove(old)
    if not tracked:
        paragraph.append(_run(text))
        return
    deleted = _change("del", next(_changes))
    deleted.append(_run("XX", "delText"))
    inserted = _change("ins", next(_changes))
    inserted.append(_run(text))
    paragraph.extend([deleted, inserted])


def tick(cell: Any, how: How) -> None:
    """Tick the checkbox in ``cell`` as Word does on a click, or one of the other ways.

    ``state``: only the control's state (an API); ``glyph``/``X``: only the glyph typed
    over; ``plain``: the control deleted and an X typed in its place (an editor that
    has no content controls).
    """
    sdt = cell.find(f".//{w('sdt')}")
    if how == "plain":
        sdt.addprevious(_run("X"))
        sdt.getparent().remove(sdt)
        return
    checked = sdt.find(f".//{{{W14}}}checked")
    if how in ("click", "state"):
        checked.set(f"{{{W14}}}val", "1")
    glyph = {"click": "☒", "glyph": "☒", "X": "X", "state": None}[how]
    if glyph:
        sdt.find(f"{w('sdtContent')}//{w('t')}").text = glyph


def _cells(row: Any) -> list[Any]:
    return row.findall(w("tc"))


def _cell_text(cell: Any) -> str:
    return "".join(t.text or "" for t in cell.iter(w("t")))


def fill_section(section: Section, fill: ClaimFill) -> None:
    """Apply one claim's fill to its section."""
    tables = section.tables
    evidence, sign_off, verdicts = tables[-1], tables[-2], tables[-3]
    sources = tables[-4] if len(tables) > 3 else None
    for label in fill.verdicts:
        cell = next(c for row in verdicts.findall(w("tr")) for c in _cells(row)
                    if _cell_text(c).strip(" ☐").strip() == label)
        tick(cell, fill.how)
    for number in fill.sources:
        assert sources is not None, "this claim has no sources table"
        tick(_cells(sources.findall(w("tr"))[number])[0], fill.how)
    cells = _cells(sign_off.find(w("tr")))
    for value, cell in ((fill.initials, cells[1]), (fill.date, cells[3])):
        if value is not None:
            type_into(cell.find(w("p")), value, fill.tracked)
    rows = evidence.findall(w("tr"))
    for i, (source, says) in enumerate(fill.evidence, start=1):
        if i >= len(rows):
            added = copy.deepcopy(rows[-1])
            rows[-1].addnext(added)
            rows.append(added)
        for cell, value in zip(_cells(rows[i]), (source, says), strict=True):
            type_into(cell.find(w("p")), value, fill.tracked)
    anchor = evidence
    for text in fill.notes:
        paragraph = etree.Element(w("p"))
        type_into(paragraph, text, fill.tracked)
        anchor.addnext(paragraph)
        anchor = paragraph


def edit_document(src: Path, dst: Path, edit: Any) -> None:
    """Copy the package ``src`` to ``dst`` with ``edit(body)`` applied to the document."""
    with zipfile.ZipFile(src) as archive:
        root = etree.fromstring(archive.read(DOCUMENT))
        edit(root.find(w("body")))
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename == DOCUMENT:
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                out.writestr(info, data)


def fill(src: Path, dst: Path, fills: Mapping[str, ClaimFill]) -> None:
    """Write ``dst``: the worksheet ``src`` with each claim's section filled."""
    def edit(body: Any) -> None:
        found = sections(body)
        for claim_id, claim_fill in fills.items():
            fill_section(found[claim_bookmark(claim_id)], claim_fill)

    edit_document(src, dst, edit)
