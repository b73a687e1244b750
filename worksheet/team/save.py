"""``worksheet merge``: reviewers' copies read, checked, merged and saved as one tracker.

:func:`merge_files` is the library function behind the command; :func:`save_merged`
writes any merged tracker the way ``build`` writes one (temporary file, fsync, atomic
rename, the replaced file kept as a timestamped backup).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .. import columns
from ..errors import OutputError, Problem, TrackerError
from ..files import atomic_path, keep_backup
from ..tracker.model import Tracker
from ..tracker.read import CSV_SUFFIXES, read_tracker
from .conflicts import ConflictLine, open_conflicts
from .formulas import formula_cells
from .merge import NEWEST, Copy, MergeError, MergeOutcome, merge_copies

#: Files beside a copy that say it is open in Excel or LibreOffice right now.
LOCK_NAMES = ("~${name}", ".~lock.{name}#")
#: ``merge`` lists at most this many open conflicts; the Conflicts sheet has them all.
LIST_LIMIT = 20


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass
class MergeResult:
    """What ``merge`` wrote and did."""

    out: Path
    outcome: MergeOutcome
    backup: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    open: list[ConflictLine] = field(default_factory=list)
    """Every conflict still open in the written tracker (carried over and new)."""
    prefer: str | None = None

    def lines(self) -> list[str]:
        """What was taken from each copy, what was settled, the open conflicts (the first
        ``LIST_LIMIT``) and what was written: the lines ``worksheet merge`` prints."""
        outcome = self.outcome
        lines = [f"merged {_plural(len(outcome.taken), 'copy', 'copies')} into {self.out}: "
                 f"{len(outcome.history)} cells changed"]
        lines += [f"  {name}: {_plural(n, 'cell', 'cells')} taken"
                  for name, n in outcome.taken.items()]
        if outcome.second_checks:
            lines.append(f"  second checks recorded: {', '.join(outcome.second_checks)}")
        settled = len({(h.claim_id, h.column) for h in outcome.history
                       if "--prefer" in h.command})
        if settled:
            lines.append(f"  {_plural(settled, 'conflict', 'conflicts')} settled by "
                         f"--prefer {self.prefer}")
        if self.open:
            lines.append(f"{_plural(len(self.open), 'conflict', 'conflicts')} open (the "
                         "tracker keeps one value; every value is on the Conflicts sheet):")
            for line in self.open[:LIST_LIMIT]:
                values = "; ".join(f"{v.value!r} in {v.place} ({v.reviewer or '?'})"
                                   for v in line.values)
                lines.append(f"  {line.id} {line.column} ({line.cell}): kept {line.kept!r}; "
                             f"{values}")
            if len(self.open) > LIST_LIMIT:
                lines.append(f"  … and {len(self.open) - LIST_LIMIT} more: see the Conflicts "
                             "sheet, or `worksheet status --format md`")
        if self.backup is not None:
            lines.append(f"kept the previous version as {self.backup}")
        return lines


class Saved(NamedTuple):
    """What :func:`save_merged` kept and noticed."""

    backup: Path | None
    """The replaced file's backup (None when there was no file to keep)."""
    warnings: list[Problem]
    """What the writer had to change (text cut to fit a cell), located in ``path``."""


def save_merged(path: Path, tracker: Tracker, *, now: dt.datetime | None = None,
                backup: bool = True) -> Saved:
    """Write ``tracker`` to ``path`` (.xlsx) atomically; the old file kept as a backup."""
    from ..tracker.write import write_tracker

    now = now or dt.datetime.now()
    kept = None
    with atomic_path(path) as tmp:
        written = write_tracker(tmp, tracker.rows, tracker.sources, tracker.scale,
                                tracker.meta, extra_headers=tracker.extra_headers, built=now,
                                history=tracker.history, conflicts=tracker.conflicts,
                                prior=tracker.prior)
        if backup and path.exists():
            kept = keep_backup(path, now)
    return Saved(kept, [Problem(f"{path.name} {p.where}", p.code, p.message, p.severity)
                        for p in written])


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links, ``.`` and hard links too)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def lock_beside(path: Path) -> Path | None:
    """The lock file Excel, Word or LibreOffice keeps beside ``path`` while it is open."""
    return next((lock for pattern in LOCK_NAMES
                 if (lock := path.with_name(pattern.format(name=path.name))).exists()), None)


def input_problems(inputs: Sequence[Path], tracker: Path, noun: str) -> list[Problem]:
    """The tracker given as an input, an input given twice, two inputs with one name.

    ``noun`` ("copy", "worksheet") names the inputs in the messages and codes.
    """
    problems = []
    for i, path in enumerate(inputs):
        if same_file(path, tracker):
            problems.append(Problem(str(path), f"{noun}-is-tracker",
                                    f"is the tracker itself; give the reviewers' {noun}s"))
        elif any(same_file(path, other) for other in inputs[:i]):
            problems.append(Problem(str(path), f"{noun}-twice", "is given twice"))
        elif sum(p.name == path.name for p in inputs) > 1:
            problems.append(Problem(str(path), "same-name",
                                    f"another {noun} has the same file name; rename one so "
                                    "the Conflicts sheet can tell them apart"))
    return problems


def read_copy(path: Path, tracker: Tracker) -> Copy:
    """A reviewer's copy (.xlsx, .ods or .csv), read with the tracker's scale.

    Refused, each with a one-line reason: a copy open in Excel or LibreOffice (its lock
    file beside it), a file that is not a tracker, a formula in its Claims sheet.
    """
    path = Path(path)
    lock = lock_beside(path)
    if lock is not None:
        raise MergeError(f"{path}: is open in a spreadsheet ({lock.name} is beside it); "
                         "save and close it, then merge again")
    if path.is_file() and path.stat().st_size == 0:
        raise MergeError(f"{path}: is an empty file; nothing to merge from it")
    try:
        read = read_tracker(path, scale=tracker.scale)
    except TrackerError as exc:
        raise MergeError(f"{path}: is not a tracker copy ({'; '.join(exc.lines())})") from exc
    formulas = formula_cells(path)
    if formulas:
        raise MergeError(problems=[Problem(f"{path.name} {cell}", "formula",
                                           "holds a formula; a reviewer's cell must hold the "
                                           "value itself (type it over the formula)")
                                   for cell in formulas])
    saved = dt.datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
    return Copy(name=path.name, tracker=read, saved=saved)


def merge_files(tracker: Path, copies: Sequence[Path], *, prefer: str | None = None,
                out: Path | None = None, now: dt.datetime | None = None) -> MergeResult:
    """Merge reviewers' copies into ``tracker`` and write the result (see ``merge``).

    ``out`` defaults to the tracker itself when it is an .xlsx, else the .xlsx beside
    it. ``prefer`` is ``"newest"``, a copy's file name, or None. Raises
    :class:`~worksheet.team.merge.MergeError` (nothing written) when a copy cannot be
    merged: the tracker itself, a copy given twice, another article's, an unknown or
    duplicate ID, a formula, a lock file, an empty or unreadable file.
    """
    tracker, copies = Path(tracker), [Path(c) for c in copies]
    problems = input_problems(copies, tracker, "copy")
    if tracker.suffix.lower() in CSV_SUFFIXES:
        problems.append(Problem(str(tracker), "csv-tracker",
                                "a CSV holds only the Claims sheet; merge into the .xlsx or "
                                ".ods tracker the copies were made from"))
    if problems:
        raise MergeError(problems=problems)
    base = read_tracker(tracker)
    read: list[Copy] = []
    for copy in copies:
        try:
            read.append(read_copy(copy, base))
        except MergeError as exc:
            problems += exc.problems or [Problem("", "unreadable", str(exc))]
    if problems:
        raise MergeError(problems=problems)
    now = now or dt.datetime.now().astimezone()
    if prefer is not None and prefer != NEWEST:
        prefer = Path(prefer).name  # a copy is named by its file name, wherever it is
    outcome = merge_copies(base, read, prefer, command="merge", now=now,
                           tracker_name=tracker.name)
    target = Path(out) if out is not None else tracker.with_suffix(".xlsx")
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target}: the merged tracker is written as .xlsx; "
                          "give a file name ending in .xlsx")
    if any(same_file(target, c) for c in copies):
        raise OutputError(f"{target}: refusing to write over a reviewer's copy")
    warnings = [Problem(f"{c.name} {p.where}", p.code, p.message, "warning")
                for c in read for p in c.tracker.problems
                if p.severity == "error" and p.code not in ("missing-column",)]
    backup = None
    if not (same_file(target, tracker) and outcome.tracker == base):  # else nothing to do
        backup, cut = save_merged(target, outcome.tracker, now=now.replace(tzinfo=None))
        warnings += cut
    written = as_written(outcome.tracker)
    return MergeResult(out=target, outcome=outcome, backup=backup, warnings=warnings,
                       open=open_conflicts(written), prefer=prefer)


def as_written(tracker: Tracker) -> Tracker:
    """``tracker`` with the rows and column letters the writer gives it."""
    from ..tracker.layout import column_index
    from ..tracker.read import column_letter

    rows = [r.model_copy(update={"cell_row": i}) for i, r in enumerate(tracker.rows, 2)]
    cells = {c.key: column_letter(column_index(c.key) - 1) for c in columns.CLAIM_COLUMNS}
    return tracker.model_copy(update={"rows": rows, "cells": cells})
