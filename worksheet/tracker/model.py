"""A tracker as data: what the writer lays out and what the reader gives back.

Field names are the keys of :mod:`worksheet.columns`; a row's reviewer fields are
``None`` until a reviewer fills them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from ..errors import Problem
from ..models import ArticleMeta, Scale


class TrackerRow(BaseModel):
    """One row of the Claims sheet."""

    id: str
    claim: str = ""
    passage: str = ""
    paragraph: int | None = None
    type: str = ""
    claimant: str = ""
    priority: str = ""
    sources: str = ""
    """The sources to consult, one per line, as shown in the cell (links: Sources sheet)."""
    verdict: str | None = None
    status: str | None = None
    reviewer: str | None = None
    checked_on: dt.date | str | None = None
    """A date; the text as typed when it is not one (kept, and reported as a problem)."""
    evidence: str | None = None
    notes: str | None = None
    second_verdict: str | None = None
    """A second reviewer's independent verdict (see :mod:`worksheet.team.agreement`)."""
    second_reviewer: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    """Columns a reviewer added, by header, in sheet order."""
    cell_row: int | None = None
    """The sheet row this came from (1-based), when read from a file."""


class SourceRow(BaseModel):
    """One row of the Sources sheet: a source to consult for one claim."""

    claim_id: str
    source: str = ""
    url: str | None = None
    consulted: str | None = None
    notes: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    cell_row: int | None = None


class HistoryEntry(BaseModel):
    """One row of the Change history sheet: a change the tool made to a reviewer cell."""

    when: str
    """ISO date and time of the change."""
    claim_id: str
    column: str
    """The column's header, e.g. ``Verdict``."""
    old: str | None = None
    new: str | None = None
    place: str = ""
    """Where the new value came from: ``copy.xlsx Claims!I7``, or the file rebuilt from."""
    command: str = ""
    """The command that made the change, e.g. ``merge`` or ``build``."""


class ConflictEntry(BaseModel):
    """One row of the Conflicts sheet: one of the values found for one cell.

    A conflict is the group of entries with the same claim ID and column; it is open
    while any of them has no ``resolved`` mark.
    """

    claim_id: str
    column: str
    """The column's header, e.g. ``Verdict``."""
    kept: str | None = None
    """The value the tracker keeps (the same on every entry of the conflict)."""
    value: str | None = None
    place: str = ""
    """Where this value was found: ``copy.xlsx Claims!I7``."""
    reviewer: str | None = None
    saved: str | None = None
    """When the file holding the value was saved (ISO), when known."""
    found: str = ""
    """When and by which command the conflict was found."""
    resolved: str | None = None
    """Anything the editor (or ``--prefer``) wrote to mark the conflict settled."""
    cell_row: int | None = None


class PriorEntry(BaseModel):
    """One row of the Checked before sheet: a claim's best earlier fact-check."""

    claim_id: str
    claim: str | None = None
    claim_reviewed: str | None = None
    rating: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    score: float | None = None
    cell_row: int | None = None


class Tracker(BaseModel):
    """Everything a tracker holds."""

    rows: list[TrackerRow]
    sources: list[SourceRow] = Field(default_factory=list)
    scale: Scale
    meta: ArticleMeta = Field(default_factory=ArticleMeta)
    about: dict[str, str] = Field(default_factory=dict)
    """The About sheet's other fields: tool version, tracker format, built."""
    extra_headers: list[str] = Field(default_factory=list)
    """Headers of columns a reviewer added to the Claims sheet, in sheet order."""
    problems: list[Problem] = Field(default_factory=list)
    origin: str = ""
    history: list[HistoryEntry] = Field(default_factory=list)
    """The Change history sheet, oldest first."""
    conflicts: list[ConflictEntry] = Field(default_factory=list)
    """The Conflicts sheet, resolved entries included."""
    prior: list[PriorEntry] = Field(default_factory=list)
    """The Checked before sheet's rows (``build --prior``), carried through merges."""
    cells: dict[str, str] = Field(default_factory=dict)
    """Claims-sheet column letter of each column read, by key (added columns by header)."""
    source_cells: dict[str, str] = Field(default_factory=dict)
    """Sources-sheet column letter of each column read, by key."""

    def has_reviewer_work(self) -> bool:
        """Whether any reviewer has written anything in this tracker."""
        from ..columns import NOT_STARTED, SOURCE_COLUMNS, reviewer_keys

        for row in self.rows:
            if row.extra or any(getattr(row, key) not in (None, "") for key in reviewer_keys()
                                if key != "status"):
                return True
            if row.status not in (None, "", NOT_STARTED):
                return True
        source_keys = reviewer_keys(SOURCE_COLUMNS)
        return any(s.extra or any(getattr(s, k) not in (None, "") for k in source_keys)
                   for s in self.sources)
