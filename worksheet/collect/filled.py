"""What a reviewer wrote in a worksheet, claim by claim, from its blocks.

Each claim's section is found by the bookmark the writer put on its heading (see
:mod:`worksheet.docx.markers`), never by page or position in the document, so sections
may be reordered or deleted. Inside a section the tables are told apart by their shape,
which Word and LibreOffice both keep: the one whose boxes carry their own labels is the
verdict table, the one with a box at the start of each row the sources table, a
one-row table the sign-off (initials and date), and the last other table the evidence.
Each box is identified by its place: the verdict by the label in its cell, a source by
its row. Text after the evidence table is the reviewer's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..docx import markers
from ..errors import Problem, Severity
from .blocks import Block, Box, Cell, Document, Para, Table


@dataclass
class FilledSource:
    """One row of a claim's sources table: the source and whether it was ticked."""

    number: int
    """1-based row below the header: the claim's n-th source."""
    label: str
    url: str | None
    ticked: bool


@dataclass
class EvidenceRow:
    """One filled row of the evidence table."""

    number: int
    """1-based row below the header."""
    evidence: str
    says: str

    def line(self) -> str:
        """The row as one line of the tracker's Evidence cell."""
        return " — ".join(part for part in (self.evidence, self.says) if part)


@dataclass
class FilledClaim:
    """Everything a reviewer can write in one claim's section."""

    id: str
    heading: str
    verdicts: list[str] = field(default_factory=list)
    """Labels of the verdict boxes ticked, in table order (one, unless a mistake)."""
    sources: list[FilledSource] = field(default_factory=list)
    initials: str | None = None
    date: str | None = None
    evidence: list[EvidenceRow] = field(default_factory=list)
    notes: str | None = None

    @property
    def verdict(self) -> str | None:
        """The verdict ticked, when exactly one is."""
        return self.verdicts[0] if len(self.verdicts) == 1 else None

    @property
    def evidence_text(self) -> str | None:
        """The evidence rows as the tracker's Evidence cell: one line each."""
        return "\n".join(r.line() for r in self.evidence) or None

    def has_work(self) -> bool:
        """Whether the reviewer wrote or ticked anything in this section."""
        return bool(self.verdicts or any(s.ticked for s in self.sources) or self.initials
                    or self.date or self.evidence or self.notes)


@dataclass
class FilledWorksheet:
    """A filled worksheet read back: its article, its claims in document order, problems."""

    name: str
    """The file's name, the start of every place: ``worksheet.docx C3 verdict``."""
    title: str
    fingerprint: str | None
    claims: list[FilledClaim]
    scale_labels: list[str]
    problems: list[Problem] = field(default_factory=list)
    pending_changes: int = 0

    def where(self, claim_id: str, part: str) -> str:
        """The place of a value: ``worksheet.docx C3 evidence row 2``."""
        return f"{self.name} {claim_id} {part}".strip()


@dataclass
class _Section:
    bookmark: str
    heading: str
    blocks: list[Block] = field(default_factory=list)


def heading_separator(heading_format: str) -> str:
    """What the heading format puts between the ID and the claim (`` · ``)."""
    match = re.search(r"\{id\}(.*?)\{claim\}", heading_format)
    return match.group(1) if match and match.group(1).strip() else " · "


def _sections(doc: Document, appendix: str = "", heading: re.Pattern[str] | None = None,
              ) -> tuple[list[_Section], str | None, str]:
    """The claim sections in document order, the article fingerprint, the cover title.

    The appendix (the whole article) ends the last section: at its marker, or at its
    heading's text should the marker have gone with a retyped heading. A worksheet made
    before sections had markers has none at all: its sections start at paragraphs
    matching ``heading`` (``C3 · claim``).
    """
    sections: list[_Section] = []
    fingerprint, title = None, ""
    current: _Section | None = None
    unmarked = heading is not None and not any(
        markers.is_claim_bookmark(mark) for block in doc.blocks
        if isinstance(block, Para) for mark in block.bookmarks)
    for block in doc.blocks:
        if current is not None and appendix and isinstance(block, Para) and \
                block.text.strip() == appendix:
            current = None
            continue
        if unmarked and isinstance(block, Para) and heading is not None and \
                heading.match(block.text.strip()):
            current = _Section("", block.text)
            sections.append(current)
            continue
        if isinstance(block, Para) and block.bookmarks:
            claim_marks = [b for b in block.bookmarks if markers.is_claim_bookmark(b)]
            for mark in block.bookmarks:
                if (found := markers.article_from_bookmark(mark)) is not None:
                    fingerprint, title = found, block.text.strip()
            if markers.APPENDIX in block.bookmarks:
                current = None
                continue
            if claim_marks:
                current = _Section(claim_marks[0], block.text)
                sections.append(current)
                continue
        if current is not None:
            current.blocks.append(block)
    return sections, fingerprint, title


def _label(cell: Cell, boxes: list[Box] | None = None) -> str:
    """A verdict cell's label: its text without the box glyphs."""
    text = cell.text
    for box in cell.boxes if boxes is None else boxes:
        glyph = box.glyph.strip()
        if glyph:
            text = text.replace(glyph, "", 1)
    return " ".join(text.split())


def _is_verdict_table(table: Table) -> bool:
    boxed = [c for row in table.rows for c in row if c.boxes]
    return bool(boxed) and sum(1 for c in boxed if _label(c)) * 2 > len(boxed)


def _has_boxes(table: Table) -> bool:
    return any(c.boxes for row in table.rows for c in row)


class _Reader:
    """Reads one worksheet's sections, collecting problems located in it."""

    def __init__(self, name: str, labels: dict[str, Any]) -> None:
        self.name = name
        self.labels = labels
        self.separator = heading_separator(labels["heading"])
        self.problems: list[Problem] = []

    def add(self, where: str, code: str, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(where, code, message, severity))

    def claim_id(self, section: _Section, number: int) -> str | None:
        """The section's claim ID from its bookmark, checked against its heading."""
        heading = section.heading.strip()
        shown = heading.split(self.separator, 1)[0].strip() if self.separator in heading \
            else None
        if not section.bookmark:  # an older worksheet: the heading is all there is
            return shown
        marked = markers.claim_from_bookmark(section.bookmark)
        if marked is None:  # a long ID, hashed: the heading must still spell it
            if shown is not None and markers.bookmark_matches(section.bookmark, shown):
                return shown
            self.add(f"{self.name} claim section {number}", "claim-id-edited",
                     f"the heading reads {heading[:60]!r}, not the ID this section was "
                     "written for; put the claim's ID back as it was")
            return None
        if shown is not None and shown != marked:
            self.add(f"{self.name} {marked}", "claim-id-edited",
                     f"the heading's ID was changed to {shown!r}; this section was written "
                     f"for {marked}: put the ID back (it ties the worksheet to the tracker)")
            return None
        return marked

    def box_state(self, box: Box, where: str) -> bool:
        ticked = box.ticked
        if ticked is None:
            self.add(where, "unclear-box",
                     f"cannot tell whether the box is ticked ({box.glyph.strip()!r}); "
                     "use ☒ or X for ticked, ☐ for not", "warning")
            return False
        return ticked

    def verdicts(self, claim: FilledClaim, table: Table) -> list[str]:
        labels = []
        ticked = []
        where = f"{self.name} {claim.id} verdict"
        for row in table.rows:
            for cell in row:
                boxes = cell.boxes_where_expected()
                if not boxes:
                    continue
                label = _label(cell, boxes)
                labels.append(label)
                if any(self.box_state(b, f"{where} {label}".strip()) for b in boxes):
                    ticked.append(label)
        if len(ticked) > 1:
            self.add(where, "several-verdicts",
                     f"{len(ticked)} verdicts are ticked ({', '.join(ticked)}); tick one "
                     "(none was taken)")
        claim.verdicts = ticked
        return labels

    def sources(self, claim: FilledClaim, table: Table) -> None:
        for number, row in enumerate(table.rows[1:], start=1):
            boxes = row[0].boxes_where_expected() if row else []
            boxes = boxes or [b for c in row[1:] for b in c.boxes]
            described = row[1] if len(row) > 1 else Cell("")
            lines = [line.strip() for line in described.text.splitlines() if line.strip()]
            url = described.links[0] if described.links else next(
                (line for line in lines[1:] if "://" in line or line.startswith("mailto:")),
                None)
            where = f"{self.name} {claim.id} source {number}"
            ticked = any(self.box_state(b, where) for b in boxes)
            claim.sources.append(FilledSource(number, lines[0] if lines else "", url, ticked))

    def sign_off(self, claim: FilledClaim, table: Table) -> None:
        cells = table.rows[0]
        claim.initials = _after_label(cells, self.labels["initials"], 1)
        claim.date = _after_label(cells, self.labels["date"], 3)

    def sign_off_line(self, claim: FilledClaim, blocks: list[Block]) -> None:
        """Initials and date written on the line of an older worksheet:
        ``Reviewer initials  AB ____  Date  2026-11-20 ____``."""
        initials, date = self.labels["initials"], self.labels["date"]
        for block in blocks:
            if not isinstance(block, Para) or initials not in block.text:
                continue
            after = block.text.split(initials, 1)[1]
            written, _, dated = after.partition(date)
            claim.initials = " ".join(written.replace("_", " ").split()) or None
            claim.date = " ".join(dated.replace("_", " ").split()) or None
            return

    def evidence(self, claim: FilledClaim, table: Table) -> None:
        for number, row in enumerate(table.rows[1:], start=1):
            texts = [" ".join(c.text.split("\n")).strip() for c in row]
            if not any(texts):
                continue
            claim.evidence.append(EvidenceRow(number, texts[0] if texts else "",
                                              " ".join(t for t in texts[1:] if t)))

    def section(self, section: _Section, number: int) -> FilledClaim | None:
        claim_id = self.claim_id(section, number)
        if claim_id is None:
            return None
        heading = section.heading.strip()
        claim = FilledClaim(claim_id, heading.split(self.separator, 1)[-1].strip())
        plain = [b for b in section.blocks if isinstance(b, Table) and not _has_boxes(b)]
        sign_off = next((b for b in plain if len(b.rows) == 1 and len(b.rows[0]) >= 2), None)
        evidence = next((b for b in reversed(plain) if b is not sign_off), None)
        boxed = [b for b in section.blocks if isinstance(b, Table) and _has_boxes(b)]
        verdict_tables = [b for b in boxed if _is_verdict_table(b)]
        if len(verdict_tables) > 1:
            # The next claim's heading, and with it its marker, is gone: reading on would
            # give this claim the next one's verdict.
            self.add(f"{self.name} {claim_id}", "sections-run-together",
                     f"the section of {claim_id} holds {len(verdict_tables)} claims' verdict "
                     "tables: the heading of the claim after it was deleted or retyped; "
                     "restore it (undo, or copy it from a fresh worksheet)")
            return None
        for block in boxed:
            if block in verdict_tables:
                self.verdicts(claim, block)
            else:
                self.sources(claim, block)
        if sign_off is not None:
            self.sign_off(claim, sign_off)
        else:
            self.sign_off_line(claim, section.blocks)
        if evidence is not None:
            self.evidence(claim, evidence)
            after = section.blocks[section.blocks.index(evidence) + 1:]
            notes = [b.text.strip() for b in after if isinstance(b, Para) and b.text.strip()]
            claim.notes = "\n".join(notes) or None
        return claim


def _after_label(cells: list[Cell], label: str, position: int) -> str | None:
    """The value written beside ``label``: its own cell where the label still stands
    before it, else the cell after the label, else after the label in the label's cell."""
    def text(i: int) -> str:
        return " ".join(cells[i].text.split()) if 0 <= i < len(cells) else ""

    key = label.casefold()
    if position < len(cells) and text(position - 1).casefold() == key:
        return text(position) or None
    for i in range(len(cells)):
        if text(i).casefold().startswith(key):
            return text(i)[len(key):].strip(" :") or text(i + 1) or None
    return text(position) or None


def read_filled(doc: Document, name: str, labels: dict[str, Any],
                appendix: str = "") -> FilledWorksheet:
    """The claims a worksheet's blocks hold.

    ``labels`` are the worksheet texts' ``claim`` part; ``appendix`` the appendix's
    heading.
    """
    reader = _Reader(name, labels)
    pattern = re.compile(r"\S+" + re.escape(reader.separator) + r"\S")
    sections, fingerprint, title = _sections(doc, appendix.strip(), pattern)
    if sections and not sections[0].bookmark:
        # Without markers a heading-like line is a claim only if its verdicts follow.
        sections = [s for s in sections if any(
            isinstance(b, Table) and _has_boxes(b) and _is_verdict_table(b) for b in s.blocks)]
    if sections and not sections[0].bookmark:
        reader.add(name, "no-markers",
                   "a worksheet made before sections had markers: its claims were found "
                   "by their headings (rebuild to get a worksheet that survives more "
                   "editing)", "warning")
    claims: list[FilledClaim] = []
    scale_labels: list[str] = []
    seen: dict[str, int] = {}
    for number, section in enumerate(sections, start=1):
        claim = reader.section(section, number)
        if claim is None:
            continue
        if claim.id in seen:
            reader.add(f"{name} {claim.id}", "duplicate-claim",
                       f"{claim.id} has two sections (numbers {seen[claim.id]} and {number}); "
                       "keep one")
            continue
        seen[claim.id] = number
        claims.append(claim)
    for section in sections:
        table = next((b for b in section.blocks if isinstance(b, Table) and _has_boxes(b)
                      and _is_verdict_table(b)), None)
        if table is not None:
            scale_labels = [_label(c) for row in table.rows for c in row if c.boxes]
            break
    if doc.pending_changes:
        reader.add(name, "pending-changes",
                   f"{doc.pending_changes} tracked change(s) are pending; read as if "
                   "accepted (accept or reject them in Word to be sure)", "warning")
    return FilledWorksheet(name, title or doc.subject, fingerprint, claims, scale_labels,
                           reader.problems, doc.pending_changes)
