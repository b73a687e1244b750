"""``worksheet diff``: what changed between two versions of a tracker, cell by cell.

Claims are matched by ID, not by row, so sorting, filtering or moving rows is not a
change. Any two versions a desk has compare: a backup against the current file, an
.xlsx against the .ods a reviewer saved, a CSV download against either.

Kinds of difference: ``added`` and ``removed`` (a claim only in NEW or only in OLD),
``withdrawn`` (Status became Withdrawn), ``filled`` (an empty cell got a value),
``cleared`` (a value was deleted) and ``changed``. Cells are compared as shown
(``FALSE`` typed in a General cell and the verdict ``False`` are the same).

>>> # d = diff_files(Path("tracker.backup-20261129-101500.xlsx"), Path("tracker.xlsx"))
>>> # print(render_diff(d, "md"))
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from .. import columns
from ..errors import WorksheetError
from ..safety import csv_safe
from ..tracker.model import Tracker, TrackerRow
from .changes import cell_changes, row_keys

Kind = Literal["added", "removed", "withdrawn", "filled", "cleared", "changed"]
KINDS: tuple[str, ...] = ("added", "removed", "withdrawn", "changed", "filled", "cleared")
DIFF_FORMATS: tuple[str, ...] = ("table", "md", "csv", "json")
#: Every Claims column but the ID, which is what rows are matched by.
COMPARED = tuple(c.key for c in columns.CLAIM_COLUMNS if c.key != "id")


class Difference(BaseModel):
    """One difference between the two trackers."""

    id: str
    kind: Kind
    column: str | None = None
    """The column's header; None for a claim added or removed."""
    old: str | None = None
    new: str | None = None
    old_cell: str | None = None
    new_cell: str | None = None


class TrackerDiff(BaseModel):
    """Every difference, in the new tracker's claim order (removed claims last)."""

    old: str
    new: str
    counts: dict[str, int] = Field(default_factory=dict)
    """How many differences of each kind, every kind listed."""
    changes: list[Difference] = Field(default_factory=list)


def _cell(tracker: Tracker, row: TrackerRow, key: str) -> str | None:
    letter = tracker.cells.get(key.removeprefix("extra:"))
    return f"{columns.CLAIMS_SHEET}!{letter}{row.cell_row}" if letter and row.cell_row \
        else None


def diff_trackers(old: Tracker, new: Tracker) -> TrackerDiff:
    """The cell-level differences from ``old`` to ``new``, by claim ID."""
    old_ids = {r.id for r in old.rows}
    new_ids = {r.id for r in new.rows}
    changes: list[Difference] = []
    by_id: dict[str, list[Difference]] = {}
    keys = row_keys([*old.rows, *new.rows], COMPARED)
    for change in cell_changes(old.rows, new.rows, keys):
        kind: Kind = "changed"
        if change.key == "status" and change.new == columns.WITHDRAWN:
            kind = "withdrawn"
        elif change.old is None:
            kind = "filled"
        elif change.new is None:
            kind = "cleared"
        by_id.setdefault(change.claim_id, []).append(Difference(
            id=change.claim_id, kind=kind, column=change.column, old=change.old,
            new=change.new, old_cell=_cell(old, change.old_row, change.key),
            new_cell=_cell(new, change.new_row, change.key)))
    seen: set[str] = set()
    for row in new.rows:
        if row.id in seen:
            continue
        seen.add(row.id)
        if row.id not in old_ids:
            changes.append(Difference(id=row.id, kind="added", new=row.claim or None,
                                      new_cell=_cell(new, row, "id")))
        changes += by_id.get(row.id, [])
    for row in old.rows:
        if row.id not in new_ids and row.id not in seen:
            seen.add(row.id)
            changes.append(Difference(id=row.id, kind="removed", old=row.claim or None,
                                      old_cell=_cell(old, row, "id")))
    counts = Counter(c.kind for c in changes)
    return TrackerDiff(old=old.origin, new=new.origin,
                       counts={k: counts.get(k, 0) for k in KINDS}, changes=changes)


def diff_files(old: Path, new: Path) -> TrackerDiff:
    """Read two trackers (.xlsx, .ods, .csv) and compare them."""
    from ..tracker.read import read_tracker

    return diff_trackers(read_tracker(Path(old)), read_tracker(Path(new)))


_HEADERS = ("ID", "Change", "Column", "Old", "New", "Old cell", "New cell")


def _rows(diff: TrackerDiff) -> list[list[str | None]]:
    return [[c.id, c.kind, c.column, c.old, c.new, c.old_cell, c.new_cell]
            for c in diff.changes]


def _totals(diff: TrackerDiff) -> str:
    shown = ", ".join(f"{n} {k}" for k, n in diff.counts.items() if n)
    return f"{len(diff.changes)} differences" + (f": {shown}" if shown else "")


def render_diff(diff: TrackerDiff, fmt: str) -> str:
    """The differences as ``table`` (terminal text), ``md``, ``csv`` or ``json``."""
    name = fmt.strip().lower()
    if name == "json":
        return json.dumps(diff.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if name == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "kind", "column", "old", "new", "old_cell", "new_cell"])
        writer.writerows([[csv_safe(v) if v else "" for v in row] for row in _rows(diff)])
        return out.getvalue()
    if name == "md":
        from ..formats.md import escape, table

        lines = [f"# Changes: {escape(diff.old)} → {escape(diff.new)}", "",
                 escape(_totals(diff)) + ".", ""]
        if diff.changes:
            lines += table(_HEADERS, _rows(diff))
        return "\n".join(lines) + "\n"
    if name == "table":
        return _text_table(diff)
    raise WorksheetError(f"unknown format {fmt!r}; choose one of {', '.join(DIFF_FORMATS)}")


def _text_table(diff: TrackerDiff) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    for header in _HEADERS:
        table.add_column(header, overflow="fold")
    for row in _rows(diff):
        table.add_row(*[v or "—" for v in row])
    console = Console(file=io.StringIO(), width=120, force_terminal=False, color_system=None,
                      highlight=False)
    console.print(f"{diff.old} → {diff.new}: {_totals(diff)}", soft_wrap=True)
    if diff.changes:
        console.print(table)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text
