"""Reviewers' copies merged into one tracker: every value kept, conflicts listed.

The core of ``worksheet merge``, and of anything else that brings a reviewer's work
into a tracker (a filled Word worksheet, say): a pure function over models. Any input
that can become a :class:`~worksheet.tracker.model.Tracker` with a place for each value
can be merged::

    from worksheet.team.merge import Copy, merge_copies
    from worksheet.team.save import save_merged

    copy = Copy(name="ana.docx", tracker=rows_as_tracker, saved=mtime,
                locations={("C3", "verdict"): "ana.docx C3 verdict"})   # optional
    outcome = merge_copies(tracker, [copy], prefer=None, command="collect")
    outcome.tracker        # the merged Tracker (rows, sources, history, conflicts)
    outcome.history        # the History rows this merge added
    outcome.conflicts      # the Conflicts rows this merge added (open and --prefer'd)
    outcome.taken          # cells taken from each copy, by copy name
    save_merged(Path("tracker.xlsx"), outcome.tracker)   # atomic, with a backup

The rules, cell by cell (a reviewer cell of the Claims sheet, a column a reviewer
added, Consulted and Notes on the Sources sheet), matched by claim ID:

- A value equal to the tracker's, or an empty cell, says nothing new.
- A cell filled in only one place, or with the same value everywhere, is taken.
- Different values are a **conflict**. The tracker keeps its own value when it had
  one (it is the editor's record: a copy never silently overwrites it), otherwise the
  value of the most recently saved copy. Every value, with its place and reviewer, is
  a row of the Conflicts sheet; the conflict stays open until the editor marks it.
- ``prefer="newest"`` settles conflicts with the most recently saved copy's value;
  ``prefer=<copy name>`` with that copy's value where it has one. The settled entries
  are still listed (marked resolved), so no value is ever dropped.
- A claim marked for a second check (Status "Needs second check" in the tracker or in
  a copy) gets independent checks, not conflicts: the first reviewer's verdict stays in
  Verdict and Reviewer, the next reviewer's goes to Second verdict and Second reviewer
  (reviewers told apart by their Reviewer cell, else by the copy they filled).
- Every change made to the tracker is a History row; old History and Conflicts rows
  are carried forward unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .. import columns
from ..errors import InputError, Problem
from ..tracker import normalise
from ..tracker.merge import REVIEWER_KEYS, SOURCE_REVIEWER_KEYS
from ..tracker.model import ConflictEntry, HistoryEntry, SourceRow, Tracker, TrackerRow

NEWEST = "newest"
#: Key prefix of a column a reviewer added, e.g. ``extra:Second source``.
EXTRA = "extra:"
#: Reader problems in a copy that would lose a reviewer's work if merged past.
BLOCKING_CODES = frozenset({"duplicate-id", "missing-id"})
#: Keys the second-check rule fills, instead of the conflict rule.
CHECK_KEYS = ("verdict", "reviewer", "second_verdict", "second_reviewer")


class MergeError(InputError):
    """Copies that cannot be merged: another article's, unknown or duplicate IDs."""


@dataclass
class Copy:
    """One reviewer's copy of the tracker, as read, and how to name its places.

    ``locations`` overrides where a value is said to be, by (claim ID, key): a reader
    of another kind of file (a Word worksheet) gives its own places there. Otherwise
    a value's place is ``<name> Claims!<letter><row>`` from the read tracker.
    """

    name: str
    tracker: Tracker
    saved: dt.datetime | None = None
    """When the copy was saved (its file's modification time): for ``prefer="newest"``."""
    reviewer: str | None = None
    """Who filled it, when its rows do not say (default: the copy's name)."""
    locations: dict[tuple[str, str], str] = field(default_factory=dict)

    def where(self, row: TrackerRow | SourceRow, key: str) -> str:
        """The place of ``row``'s value for ``key``: ``ana.xlsx Claims!I7``."""
        if isinstance(row, SourceRow):
            sheet, letters = columns.SOURCES_SHEET, self.tracker.source_cells
            ident = row.claim_id
        else:
            sheet, letters = columns.CLAIMS_SHEET, self.tracker.cells
            ident = row.id
        found = self.locations.get((ident, key))
        if found is not None:
            return found
        letter = letters.get(key.removeprefix(EXTRA), "")
        cell = f"{sheet}!{letter}{row.cell_row}" if letter and row.cell_row else sheet
        return f"{self.name} {cell}"

    def who(self, row: TrackerRow | None) -> str:
        """Who wrote ``row``: its Reviewer cell, else the copy's reviewer or name."""
        if row is not None and row.reviewer:
            return row.reviewer
        return self.reviewer or self.name


class MergeOutcome(BaseModel):
    """What :func:`merge_copies` made: the merged tracker and what it did."""

    tracker: Tracker
    history: list[HistoryEntry] = Field(default_factory=list)
    """History rows this merge added (also at the end of ``tracker.history``)."""
    conflicts: list[ConflictEntry] = Field(default_factory=list)
    """Conflicts rows this merge added (also in ``tracker.conflicts``)."""
    taken: dict[str, int] = Field(default_factory=dict)
    """Cells taken into the tracker from each copy, by copy name."""
    second_checks: list[str] = Field(default_factory=list)
    """Claims whose second check this merge recorded (or changed)."""
    warnings: list[Problem] = Field(default_factory=list)

    @property
    def open_conflicts(self) -> list[ConflictEntry]:
        """The added Conflicts rows still to be settled by the editor."""
        return [c for c in self.conflicts if not c.resolved]


def header_of(key: str) -> str:
    """The header a column key has on its sheet (``verdict`` -> ``Verdict``)."""
    if key.startswith(EXTRA):
        return key.removeprefix(EXTRA)
    for cols in (columns.CLAIM_COLUMNS, columns.SOURCE_COLUMNS):
        for col in cols:
            if col.key == key:
                return col.header
    return key


def shown(value: Any) -> str | None:
    """A cell's value as compared and listed: text, ISO dates, blank as None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        text = value.isoformat(timespec="seconds")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return text.strip() or None


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalise.key(a) == normalise.key(b)


def cell_text(row: TrackerRow | SourceRow, key: str) -> str | None:
    """A row's value for ``key`` as compared and listed; a status "Not started" is blank."""
    if key.startswith(EXTRA):
        return shown(row.extra.get(key.removeprefix(EXTRA)))
    value = shown(getattr(row, key))
    # The writer shows a blank status as "Not started": that is nobody's work.
    if key == "status" and value == columns.NOT_STARTED:
        return None
    return value


def _set(row: TrackerRow | SourceRow, key: str, value: Any) -> None:
    if key.startswith(EXTRA):
        row.extra[key.removeprefix(EXTRA)] = value
    else:
        setattr(row, key, value)


@dataclass
class _Value:
    """One value found in one place."""

    value: str
    raw: Any
    place: str
    reviewer: str | None
    saved: dt.datetime | None
    copy: str | None
    """The copy it came from; None for the tracker's own."""


def _own_copy(tracker: Tracker) -> Tracker:
    """A copy of ``tracker`` whose rows, sources and log entries may be changed.

    Row by row, not deep: a deep copy of ten thousand rows costs more than the merge.
    """
    return tracker.model_copy(update={
        "rows": [r.model_copy(update={"extra": dict(r.extra)}) for r in tracker.rows],
        "sources": [s.model_copy(update={"extra": dict(s.extra)}) for s in tracker.sources],
        "conflicts": [c.model_copy() for c in tracker.conflicts],
        "history": list(tracker.history),
        "extra_headers": list(tracker.extra_headers),
    })


_SIGNATURE_KEYS = {TrackerRow: (*REVIEWER_KEYS, "status"), SourceRow: SOURCE_REVIEWER_KEYS}


def _signature(row: TrackerRow | SourceRow) -> tuple[Any, ...]:
    """A row's reviewer cells as read; equal signatures, nothing to merge."""
    keys = _SIGNATURE_KEYS[type(row)]
    return (*(getattr(row, k) for k in keys), *sorted(row.extra.items(), key=str))


def _stamp(when: dt.datetime | None) -> str | None:
    return when.isoformat(timespec="seconds") if when else None


class _Merger:
    """The state of one merge: the tracker's rows being filled, and what was done."""

    def __init__(self, tracker: Tracker, copies: Sequence[Copy], prefer: str | None,
                 command: str, now: dt.datetime, tracker_name: str) -> None:
        self.tracker = _own_copy(tracker)
        self.copies = list(copies)
        self.prefer = prefer
        self.command = command
        self.when = now.isoformat(timespec="seconds")
        self.found = f"{self.when} {command}"
        self.base = Copy(name=tracker_name, tracker=tracker)
        self.outcome = MergeOutcome(tracker=self.tracker,
                                    taken={c.name: 0 for c in self.copies})
        #: Conflicts sheet entries by (claim ID, column), to find a cell's quickly.
        self.listed: dict[tuple[str, str], list[ConflictEntry]] = {}
        for entry in self.tracker.conflicts:
            self.listed.setdefault((entry.claim_id, entry.column), []).append(entry)

    # ------------------------------------------------------------------ one cell

    def cell(self, row: TrackerRow | SourceRow, key: str, base_row: TrackerRow | SourceRow,
             found: list[tuple[Copy, TrackerRow | SourceRow]]) -> None:
        """Merge one cell of ``row`` from the copies' rows ``found``."""
        base = cell_text(row, key)
        values = []
        agreeing: list[str | None] = []  # copies holding the tracker's own value
        newest_agreeing: dt.datetime | None = None
        for copy, copy_row in found:
            value = cell_text(copy_row, key)
            if value is None:
                continue
            if _same(value, base):
                agreeing.append(copy.name)
                if copy.saved and (newest_agreeing is None or copy.saved > newest_agreeing):
                    newest_agreeing = copy.saved
                continue
            reviewer = copy.who(copy_row if isinstance(copy_row, TrackerRow) else None)
            raw = copy_row.extra.get(key.removeprefix(EXTRA)) if key.startswith(EXTRA) \
                else getattr(copy_row, key)
            values.append(_Value(value, raw, copy.where(copy_row, key), reviewer, copy.saved,
                                 copy.name))
        if not values:
            return
        distinct = {normalise.key(v.value) for v in values}
        if base is None and len(distinct) == 1:
            self.take(row, key, None, values[0])
            return
        own = None if base is None else _Value(
            base, base, self.base.where(base_row, key),
            base_row.reviewer if isinstance(base_row, TrackerRow) else None, None, None)
        self.conflict(row, key, own, values, agreeing, newest_agreeing)

    def take(self, row: TrackerRow | SourceRow, key: str, old: str | None, value: _Value,
             command: str | None = None) -> None:
        """Put ``value`` in the tracker's cell and record it in History."""
        _set(row, key, value.raw)
        ident = row.id if isinstance(row, TrackerRow) else row.claim_id
        entry = HistoryEntry(when=self.when, claim_id=ident, column=header_of(key), old=old,
                             new=value.value, place=value.place,
                             command=command or self.command)
        self.outcome.history.append(entry)
        if value.copy is not None:
            self.outcome.taken[value.copy] = self.outcome.taken.get(value.copy, 0) + 1

    def conflict(self, row: TrackerRow | SourceRow, key: str, own: _Value | None,
                 values: list[_Value], agreeing: Sequence[str | None] = (),
                 newest_agreeing: dt.datetime | None = None) -> None:
        """Different values for one cell: keep one, list them all, settle by ``prefer``.

        ``agreeing`` names the copies holding the tracker's own value (``own``), the
        newest of them saved at ``newest_agreeing``: a rule may pick that value too.
        """
        newest = max(values, key=lambda v: (v.saved is not None, v.saved or dt.datetime.min))
        winner: _Value | None = None
        rule = ""
        if self.prefer == NEWEST:
            rule = "--prefer newest"
            keep_own = own is not None and newest_agreeing is not None and (
                newest.saved is None or newest_agreeing > newest.saved)
            winner = own if keep_own else newest
        elif self.prefer is not None:
            rule = f"--prefer {self.prefer}"
            winner = own if self.prefer in agreeing else next(
                (v for v in values if v.copy == self.prefer), None)
        if winner is not None:
            if winner is not own:
                self.take(row, key, own.value if own else None, winner,
                          f"{self.command} {rule}")
            kept = winner.value
        elif own is not None:
            kept = own.value
        else:
            self.take(row, key, None, newest)
            kept = newest.value
        resolved = f"{rule}: kept {kept}" if winner is not None else None
        if resolved:  # the same cell's conflict listed by an earlier merge is settled too
            ident = row.id if isinstance(row, TrackerRow) else row.claim_id
            for entry in self.listed.get((ident, header_of(key)), []):
                if not entry.resolved:
                    entry.resolved = resolved
        self.list_conflict(row, key, kept, ([own] if own else []) + values, resolved)

    def list_conflict(self, row: TrackerRow | SourceRow, key: str, kept: str | None,
                      values: list[_Value], resolved: str | None = None) -> None:
        """A row of the Conflicts sheet for each value found for one cell."""
        ident = row.id if isinstance(row, TrackerRow) else row.claim_id
        for value in values:
            self.add_conflict(ConflictEntry(
                claim_id=ident, column=header_of(key), kept=kept, value=value.value,
                place=value.place, reviewer=value.reviewer, saved=_stamp(value.saved),
                found=self.found, resolved=resolved))

    def add_conflict(self, entry: ConflictEntry) -> None:
        """List ``entry`` unless the cell's conflict lists that value already."""
        key = (entry.claim_id, entry.column)
        listed = self.listed.setdefault(key, [])
        # Listed already, open, or settled just now (an earlier merge's open entry).
        if any(_same(c.value, entry.value) and c.resolved in (None, entry.resolved)
               for c in listed):
            return
        listed.append(entry)
        self.tracker.conflicts.append(entry)
        self.outcome.conflicts.append(entry)

    # ------------------------------------------------------------------ second checks

    def second_check(self, row: TrackerRow, base_row: TrackerRow,
                     found: list[tuple[Copy, TrackerRow]]) -> None:
        """Record independent verdicts as the first and second check, one per reviewer."""
        checks: dict[str, tuple[_Value, _Value | None]] = {}  # reviewer -> verdict, name
        slots = (("verdict", "reviewer"), ("second_verdict", "second_reviewer"))

        def add(verdict: _Value, name: _Value | None) -> None:
            who = normalise.key(verdict.reviewer)
            if who not in checks:
                checks[who] = (verdict, name)
            elif not _same(checks[who][0].value, verdict.value):
                # One reviewer, two verdicts: a conflict, not a second check; the first
                # found (the tracker's, else the earliest saved) is kept.
                first = checks[who][0]
                self.list_conflict(row, "verdict", first.value, [first, verdict])

        for verdict_key, name_key in slots:
            value = cell_text(base_row, verdict_key)
            if value is not None:
                name = cell_text(base_row, name_key)
                add(_Value(value, getattr(base_row, verdict_key),
                           self.base.where(base_row, verdict_key), name, None, None),
                    None)
        ordered = sorted(found, key=lambda f: (f[0].saved is not None,
                                               f[0].saved or dt.datetime.min))
        for copy, copy_row in ordered:
            for verdict_key, name_key in slots:
                value = cell_text(copy_row, verdict_key)
                if value is None:
                    continue
                who = cell_text(copy_row, name_key) if verdict_key != "verdict" \
                    else copy.who(copy_row)
                verdict = _Value(value, getattr(copy_row, verdict_key),
                                 copy.where(copy_row, verdict_key), who or copy.name,
                                 copy.saved, copy.name)
                name = _Value(verdict.reviewer or "", verdict.reviewer,
                              copy.where(copy_row, name_key), verdict.reviewer, copy.saved,
                              copy.name)
                add(verdict, name)
        placed = list(checks.values())
        changed = False
        for (verdict_key, name_key), (verdict, name) in zip(slots, placed, strict=False):
            old = cell_text(row, verdict_key)
            if not _same(old, verdict.value):
                self.take(row, verdict_key, old, verdict)
                changed = True
            old_name = cell_text(row, name_key)
            if name is not None and verdict.reviewer and not _same(old_name, verdict.reviewer):
                self.take(row, name_key, old_name, name)
        # A third reviewer has no column: list the verdict where the editor will see it.
        if len(placed) > 2:
            self.list_conflict(row, "second_verdict", placed[1][0].value,
                               [p[0] for p in placed[1:]])
        if changed and len(placed) >= 2 and row.id not in self.outcome.second_checks:
            self.outcome.second_checks.append(row.id)

    # ------------------------------------------------------------------ whole tracker

    def run(self) -> MergeOutcome:
        """Merge every copy into the tracker's rows and sources."""
        base_rows = {r.id: r for r in reversed(self.base.tracker.rows)}
        rows: dict[str, TrackerRow] = {}
        for row in self.tracker.rows:  # claim order; a repeated ID's first row
            rows.setdefault(row.id, row)
        by_copy = [(copy, {r.id: r for r in reversed(copy.tracker.rows)})
                   for copy in self.copies]
        extras = list(self.tracker.extra_headers)
        for copy in self.copies:
            extras += [h for h in copy.tracker.extra_headers if h not in extras]
        self.tracker.extra_headers = extras
        keys = [*REVIEWER_KEYS, *(EXTRA + h for h in extras)]
        for ident, row in rows.items():
            found = [(copy, index[ident]) for copy, index in by_copy if ident in index]
            # Most rows come back as they were sent: skip them cheaply. A copy that left
            # a changed row as it was still counts (it agrees with the tracker).
            mark = _signature(base_rows[ident])
            if all(_signature(r) == mark for _, r in found):
                continue
            base_row = base_rows[ident]
            marked = any(cell_text(r, "status") == columns.SECOND_CHECK
                         for r in [base_row, *(f[1] for f in found)])
            if marked:
                self.second_check(row, base_row, found)
            for key in keys:
                if not (marked and key in CHECK_KEYS):
                    self.cell(row, key, base_row, list(found))
        self.sources()
        self.tracker.history = [*self.tracker.history, *self.outcome.history]
        return self.outcome

    def sources(self) -> None:
        """Consulted and Notes on the Sources sheet, by claim ID and URL (or source)."""
        from ..tracker.merge import _source_key

        mine: dict[tuple[str, str, str], SourceRow] = {}
        base: dict[tuple[str, str, str], SourceRow] = {}
        for row, base_row in zip(self.tracker.sources, self.base.tracker.sources, strict=True):
            mine.setdefault(_source_key(row), row)
            base.setdefault(_source_key(row), base_row)
        known = {r.id for r in self.tracker.rows}
        indexes = [(copy, {_source_key(s): s for s in reversed(copy.tracker.sources)})
                   for copy in self.copies]
        for key, row in mine.items():
            found: list[tuple[Copy, TrackerRow | SourceRow]] = [
                (copy, index[key]) for copy, index in indexes if key in index]
            mark = _signature(base[key])
            if all(_signature(r) == mark for _, r in found):
                continue
            for field_key in SOURCE_REVIEWER_KEYS:
                self.cell(row, field_key, base[key], found)
        # A source a reviewer added to a known claim is kept, after its claim's sources.
        for copy in self.copies:
            for source in copy.tracker.sources:
                if _source_key(source) not in mine and source.claim_id in known:
                    added = source.model_copy(update={"cell_row": None}, deep=True)
                    mine[_source_key(source)] = added
                    self.tracker.sources.append(added)
        from ..tracker.merge import in_claim_order

        self.tracker.sources = in_claim_order(self.tracker.sources, self.tracker.rows)


def check_copies(tracker: Tracker, copies: Sequence[Copy]) -> None:
    """Refuse copies of another article, and IDs the tracker lacks or a copy repeats."""
    problems: list[Problem] = []
    title = tracker.meta.title
    for copy in copies:
        other = copy.tracker.meta.title
        if title and other and not _same(title, other):
            problems.append(Problem(copy.name, "other-article",
                                    f"is a copy of another article's tracker ({other!r}, "
                                    f"not {title!r}); not merged"))
            continue
        if not copy.tracker.rows:
            problems.append(Problem(copy.name, "empty-copy", "holds no claims; nothing to "
                                    "merge from it (is it the right file?)"))
            continue
        problems += [Problem(f"{copy.name} {p.where}", p.code, p.message)
                     for p in copy.tracker.problems if p.code in BLOCKING_CODES]
        known = {r.id for r in tracker.rows}
        for row in copy.tracker.rows:
            if row.id not in known:
                problems.append(Problem(copy.where(row, "id"), "unknown-id",
                                        f"{row.id} is not a claim in the tracker; add it to "
                                        "the claims file and rebuild, or remove the row"))
    if problems:
        raise MergeError(problems=problems)


def merge_copies(tracker: Tracker, copies: Sequence[Copy], prefer: str | None = None, *,
                 command: str = "merge", now: dt.datetime | None = None,
                 tracker_name: str | None = None) -> MergeOutcome:
    """Merge the reviewers' copies into ``tracker`` (see the module docs for the rules).

    ``prefer`` is ``"newest"``, a copy's name, or None (conflicts stay open).
    ``command`` names the change in History rows; ``tracker_name`` names the tracker's
    own places (default: its file name). ``tracker`` is not changed. Raises
    :class:`MergeError` with every located problem when a copy cannot be merged.
    """
    check_copies(tracker, copies)
    if prefer not in (None, NEWEST) and prefer not in {c.name for c in copies}:
        raise MergeError(f"--prefer {prefer}: not one of the copies "
                         f"({', '.join(c.name for c in copies)}) nor 'newest'")
    name = tracker_name or (Path(tracker.origin).name if tracker.origin else "tracker")
    now = now or dt.datetime.now().astimezone()
    return _Merger(tracker, copies, prefer, command, now, name).run()
