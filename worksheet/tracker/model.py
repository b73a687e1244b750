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
