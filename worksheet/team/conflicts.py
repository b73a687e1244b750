"""Open conflicts, read back from a tracker's Conflicts sheet for status and its problems."""

from __future__ import annotations

from pydantic import BaseModel

from .. import columns
from ..errors import Problem
from ..tracker.model import ConflictEntry, Tracker, TrackerRow


class ConflictValue(BaseModel):
    """One of the values found for a cell in conflict, and where."""

    value: str | None = None
    place: str = ""
    reviewer: str | None = None
    saved: str | None = None


class ConflictLine(BaseModel):
    """An open conflict: one tracker cell, the value kept, every value found."""

    id: str
    column: str
    cell: str | None = None
    """The tracker's cell to settle, e.g. ``Claims!I3``."""
    kept: str | None = None
    values: list[ConflictValue]
    found: str = ""


def open_conflicts(tracker: Tracker) -> list[ConflictLine]:
    """The Conflicts sheet's open conflicts, one per cell, in the order first listed."""
    groups: dict[tuple[str, str], list[ConflictEntry]] = {}
    for entry in tracker.conflicts:
        groups.setdefault((entry.claim_id, entry.column), []).append(entry)
    rows: dict[str, TrackerRow] = {}
    for row in tracker.rows:
        rows.setdefault(row.id, row)
    keys = {c.header: c.key for c in columns.CLAIM_COLUMNS}
    lines = []
    for (ident, column), entries in groups.items():
        if all(e.resolved for e in entries):
            continue
        row = rows.get(ident)
        letter = tracker.cells.get(keys.get(column, column))
        cell = (f"{columns.CLAIMS_SHEET}!{letter}{row.cell_row}"
                if row is not None and letter and row.cell_row else None)
        lines.append(ConflictLine(
            id=ident, column=column, cell=cell, kept=entries[-1].kept,
            values=[ConflictValue(value=e.value, place=e.place, reviewer=e.reviewer,
                                  saved=e.saved) for e in entries if not e.resolved],
            found=entries[-1].found))
    return lines


def conflict_problems(conflicts: list[ConflictLine]) -> list[Problem]:
    """One located error per open conflict, for ``status`` (``--strict`` exits 1)."""
    problems = []
    for line in conflicts:
        values = "; ".join(f"{v.value!r} ({v.place}, {v.reviewer or 'unknown'})"
                           for v in line.values)
        problems.append(Problem(
            line.cell or columns.CONFLICTS_SHEET, "conflict",
            f"{line.id} {line.column}: conflicting values {values}; the tracker keeps "
            f"{line.kept!r}. Settle it: edit the cell, then mark the Conflicts rows Resolved"))
    return problems
