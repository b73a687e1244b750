"""Where a fact-check stands: counts, open work and problems, from a read tracker.

The rules, so every output says the same thing:

- Withdrawn claims are counted in ``by_status`` (and listed in ``claims``) but left out
  of ``total``, ``done``, ``share_done``, ``by_verdict`` and ``by_reviewer``: the
  article no longer makes them.
- ``by_verdict`` lists every label of the scale in scale order, zeros included, then
  ``"Not rated"`` (claims with no verdict yet), then any value not on the scale as
  typed (the problems say where it is). Its counts add up to ``total``.
- ``by_status`` lists every status in workflow order; a blank status counts as
  ``"Not started"``; a value not in the list is counted under its own text, last.
- ``by_reviewer`` maps a reviewer (names grouped ignoring case; ``"Unassigned"`` for
  none) to their claims and how many are done.
- ``open_high_priority`` lists the IDs of high-priority claims (high, h, 1, urgent)
  that are neither Done nor Withdrawn.
- A claim whose two checks disagree (Verdict and Second verdict differ) counts as
  ``"Needs second check"`` whatever its Status cell says: it is not done until an
  editor settles it. ``second_checks`` gives the agreement figures
  (:mod:`worksheet.team.agreement`); ``conflicts`` the open conflicts of the Conflicts
  sheet, one entry per cell with every value found.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from . import columns
from .models import Scale
from .team.agreement import SecondChecks, disagree, second_checks
from .team.conflicts import ConflictLine, open_conflicts
from .tracker.model import Tracker, TrackerRow
from .tracker.normalise import is_high_priority

NOT_RATED = "Not rated"
UNASSIGNED = "Unassigned"


class ClaimLine(BaseModel):
    """One claim as the reports list it."""

    id: str
    claim: str
    verdict: str | None = None
    status: str
    reviewer: str | None = None
    checked_on: dt.date | str | None = None
    evidence: str | None = None
    notes: str | None = None
    priority: str | None = None
    row: int | None = None
    """The Claims-sheet row it came from."""
    second_verdict: str | None = None
    second_reviewer: str | None = None


class ProblemLine(BaseModel):
    """One problem found in the tracker, by cell."""

    cell: str
    code: str
    message: str
    severity: str = "error"


class ReviewerCount(BaseModel):
    """A reviewer's share of the work."""

    claims: int = 0
    done: int = 0


class Summary(BaseModel):
    """Where a fact-check stands; ``as_dict()`` is what ``--format json`` prints."""

    total: int
    done: int
    share_done: float = Field(ge=0.0, le=1.0)
    withdrawn: int = 0
    by_verdict: dict[str, int]
    by_status: dict[str, int]
    by_reviewer: dict[str, ReviewerCount]
    open_high_priority: list[str]
    problems: list[ProblemLine]
    claims: list[ClaimLine]
    article: dict[str, str | None]
    scale: str
    colours: dict[str, str] = Field(default_factory=dict)
    """Each verdict's colour on the scale, as 6-digit hex without ``#``."""
    second_checks: SecondChecks = Field(default_factory=SecondChecks)
    conflicts: list[ConflictLine] = Field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain JSON data: dates ISO, unset values ``None``."""
        return self.model_dump(mode="json")


_STATUS_BY_KEY = {s.casefold(): s for s in columns.STATUSES}


def _status(row: TrackerRow, scale: Scale | None = None) -> str:
    # The reader already normalises; a Tracker built in code may not have been read.
    status = " ".join((row.status or "").split())
    status = _STATUS_BY_KEY.get(status.casefold(), status) or columns.NOT_STARTED
    if scale is not None and status == columns.DONE and disagree(row, scale):
        return columns.SECOND_CHECK  # checks that disagree are not done
    return status


def _verdict(row: TrackerRow, scale: Scale) -> str:
    if not row.verdict:
        return NOT_RATED
    on_scale = scale.get(row.verdict)
    return on_scale.label if on_scale is not None else row.verdict


def _by_verdict(rows: list[TrackerRow], scale: Scale) -> dict[str, int]:
    counts = dict.fromkeys([*scale.labels, NOT_RATED], 0)
    for row in rows:
        key = _verdict(row, scale)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _by_status(rows: list[TrackerRow], scale: Scale) -> dict[str, int]:
    counts = dict.fromkeys(columns.STATUSES, 0)
    for row in rows:
        key = _status(row, scale)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _by_reviewer(rows: list[TrackerRow], scale: Scale) -> dict[str, ReviewerCount]:
    names: dict[str, str] = {}
    counts: dict[str, ReviewerCount] = {}
    for row in rows:
        name = " ".join((row.reviewer or "").split())
        key = name.casefold() or None
        shown = names.setdefault(key, name) if key else UNASSIGNED
        count = counts.setdefault(shown, ReviewerCount())
        count.claims += 1
        count.done += _status(row, scale) == columns.DONE
    ordered = sorted((k for k in counts if k != UNASSIGNED), key=str.casefold)
    if UNASSIGNED in counts:
        ordered.append(UNASSIGNED)
    return {k: counts[k] for k in ordered}


def _line(row: TrackerRow, scale: Scale) -> ClaimLine:
    return ClaimLine(id=row.id, claim=row.claim, verdict=row.verdict,
                     status=_status(row, scale), reviewer=row.reviewer,
                     checked_on=row.checked_on, evidence=row.evidence, notes=row.notes,
                     priority=row.priority or None, row=row.cell_row,
                     second_verdict=row.second_verdict, second_reviewer=row.second_reviewer)


def summarise(tracker: Tracker) -> Summary:
    """Count a read tracker's claims by verdict, status and reviewer; list what is open."""
    scale = tracker.scale
    live = [r for r in tracker.rows if _status(r) != columns.WITHDRAWN]
    done = sum(1 for r in live if _status(r, scale) == columns.DONE)
    open_high = [r.id for r in live
                 if _status(r, scale) != columns.DONE and is_high_priority(r.priority)]
    return Summary(
        total=len(live),
        done=done,
        share_done=done / len(live) if live else 0.0,
        withdrawn=len(tracker.rows) - len(live),
        by_verdict=_by_verdict(live, tracker.scale),
        by_status=_by_status(tracker.rows, scale),
        by_reviewer=_by_reviewer(live, scale),
        open_high_priority=open_high,
        problems=[ProblemLine(cell=p.where, code=p.code, message=p.message,
                              severity=p.severity) for p in tracker.problems],
        claims=[_line(r, scale) for r in tracker.rows],
        article=tracker.meta.model_dump(),
        scale=tracker.scale.name,
        colours={v.label: v.colour for v in tracker.scale.verdicts},
        second_checks=second_checks(tracker.rows, scale, tracker.cells),
        conflicts=open_conflicts(tracker),
    )
