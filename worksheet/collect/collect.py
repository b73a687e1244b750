"""``worksheet collect``: filled Word worksheets brought into the tracker, by claim ID.

Each worksheet becomes a reviewer's copy (:class:`~worksheet.team.merge.Copy`) whose
values carry their place in the worksheet (``ana.docx C3 verdict``), and the copies are
merged into the tracker by the team merge's rules (:mod:`worksheet.team.merge`): a value
filled in one place is taken; a value that differs from the tracker's is a conflict, the
tracker keeps its own and both values are listed, with where each came from, in the
output and on the tracker's Conflicts sheet; every change is a row of its Change history
sheet. What a worksheet brings: the verdict ticked, the reviewer's initials and date,
the evidence rows (one line each, "evidence — what it says"), the notes typed below
them, the sources ticked (Consulted: Yes), and a Status (Done with a verdict, In
progress with other work) where the tracker has none.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import columns
from ..docx import markers
from ..errors import FilledWorksheetError, OutputError, Problem
from ..team.merge import Copy, MergeError, MergeOutcome, merge_copies
from ..team.save import input_problems, lock_beside, save_merged
from ..tracker import normalise
from ..tracker.model import ConflictEntry, SourceRow, Tracker, TrackerRow
from ..tracker.read import CSV_SUFFIXES, read_tracker
from .filled import FilledClaim, FilledSource, FilledWorksheet
from .read import claim_values, read_filled_worksheet, status_of

#: Files that are trackers, not worksheets: given to collect, they are refused by name.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", *CSV_SUFFIXES)

#: Problems in a worksheet that stop ``collect``: reading past them would put a
#: reviewer's work against the wrong claim.
BLOCKING = frozenset({"claim-id-edited", "duplicate-claim", "sections-run-together"})


class WorksheetCopy(Copy):
    """A worksheet as a reviewer's copy: a source's place is its row in the worksheet."""

    def where(self, row: TrackerRow | SourceRow, key: str) -> str:
        """``ana.docx C3 source 2`` for a source (its row is kept in ``cell_row``)."""
        if isinstance(row, SourceRow) and row.cell_row:
            return f"{self.name} {row.claim_id} source {row.cell_row}"
        return super().where(row, key)


@dataclass
class CollectResult:
    """What ``collect`` did (or, with ``dry_run``, would do)."""

    out: Path
    outcome: MergeOutcome
    worksheets: list[Path]
    backup: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    """What the worksheets hold that could not be taken as it is (two verdicts ticked,
    a date that is not one, tracked changes pending), each at its place."""
    dry_run: bool = False

    def lines(self) -> list[str]:
        """What was taken and from where, each conflict with every value and its place,
        and what was written: the lines ``worksheet collect`` prints."""
        outcome = self.outcome
        order: dict[str, int] = {}
        for i, row in enumerate(outcome.tracker.rows):
            order.setdefault(row.id, i)
        verb = "would take" if self.dry_run else "took"
        lines = [f"{verb} {e.claim_id} {e.column}: {e.new!r} from {e.place}"
                 + (f" (was {e.old!r})" if e.old else "")
                 for e in sorted(outcome.history, key=lambda e: order.get(e.claim_id, 0))]
        groups: dict[tuple[str, str], list[ConflictEntry]] = {}
        for entry in sorted(outcome.conflicts, key=lambda e: order.get(e.claim_id, 0)):
            groups.setdefault((entry.claim_id, entry.column), []).append(entry)
        for (claim_id, column), entries in groups.items():
            values = "; ".join(f"{e.place} has {e.value!r}" for e in entries)
            lines.append(f"conflict: {claim_id} {column}: {values}; the tracker keeps "
                         f"{entries[0].kept!r}")
        count = len(self.worksheets)
        summary = (f"{count} worksheet{'s' if count != 1 else ''}: {len(outcome.history)} "
                   f"value(s) to take, {len(groups)} conflict(s)")
        if self.dry_run:
            lines.append(f"{summary}; nothing was written (--dry-run)")
        elif not (outcome.history or outcome.conflicts):
            lines.append(f"{summary}; the tracker already holds everything, so it was "
                         "left as it was")
        else:
            lines.append(f"{summary}; wrote {self.out}"
                         + (" (conflicts are on its Conflicts sheet)" if groups else ""))
            if self.backup is not None:
                lines.append(f"kept the previous version as {self.backup}")
        return lines


def same_article(filled: FilledWorksheet, tracker: Tracker) -> Problem | None:
    """A problem when the worksheet is another article's (its cover marker and title)."""
    if filled.fingerprint is not None and filled.fingerprint == markers.fingerprint(
            tracker.meta):
        return None
    mine, theirs = (normalise.key(t)
                    for t in (filled.title, tracker.meta.title))
    if mine and mine == theirs:
        return None
    return Problem(f"{filled.name} cover", "other-article",
                   f"is the worksheet of {filled.title or 'another article'!r}, not of "
                   f"{tracker.meta.title or 'the tracker’s article'!r}; not collected")


def _match_source(source: FilledSource, claim_sources: list[SourceRow]) -> SourceRow | None:
    """The tracker's source for a worksheet's source row: by URL, title, then position."""
    key = normalise.key
    for candidate in claim_sources:
        if source.url and key(candidate.url) == key(source.url):
            return candidate
    for candidate in claim_sources:
        if source.label and key(candidate.source) == key(source.label):
            return candidate
    if source.number <= len(claim_sources):
        return claim_sources[source.number - 1]
    return None


def _evidence_place(claim: FilledClaim) -> str:
    numbers = [r.number for r in claim.evidence]
    if len(numbers) == 1:
        return f"evidence row {numbers[0]}"
    return f"evidence rows {numbers[0]}-{numbers[-1]}" if numbers else "evidence"


def as_copy(filled: FilledWorksheet, path: Path, tracker: Tracker,
            problems: list[Problem]) -> WorksheetCopy:
    """A filled worksheet as a copy of ``tracker``: its rows, sources and places."""
    rows: list[TrackerRow] = []
    sources: list[SourceRow] = []
    locations: dict[tuple[str, str], str] = {}
    tracker_rows = {r.id: r for r in reversed(tracker.rows)}
    for claim in filled.claims:
        values = claim_values(claim, filled, tracker.scale, problems)
        base = tracker_rows.get(claim.id)
        # Status follows the work where the tracker has none; it never disagrees.
        if base is not None and base.status in (None, columns.NOT_STARTED) and (
                status := status_of(claim)):
            values["status"] = status
        rows.append(TrackerRow(id=claim.id, claim=claim.heading, **values))  # type: ignore[arg-type]
        for key, part in (("id", ""), ("verdict", "verdict"), ("reviewer", "initials"),
                          ("checked_on", "date"), ("evidence", _evidence_place(claim)),
                          ("notes", "notes"), ("status", "verdict")):
            locations[(claim.id, key)] = filled.where(claim.id, part)
        claim_sources = [s for s in tracker.sources if s.claim_id == claim.id]
        for source in claim.sources:
            if not source.ticked:
                continue
            match = _match_source(source, claim_sources)
            if match is None:
                problems.append(Problem(filled.where(claim.id, f"source {source.number}"),
                                        "unknown-source",
                                        f"{source.label!r} is not among the tracker's "
                                        f"sources for {claim.id}; its tick was not taken",
                                        "warning"))
                continue
            sources.append(SourceRow(claim_id=claim.id, source=match.source, url=match.url,
                                     consulted=columns.CONSULTED_CHOICES[0],
                                     cell_row=source.number))
    # Which article it is for was checked on the worksheet's own marker (same_article).
    copy_tracker = Tracker(rows=rows, sources=sources, scale=tracker.scale,
                           meta=tracker.meta)
    saved = dt.datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
    return WorksheetCopy(name=path.name, tracker=copy_tracker, saved=saved,
                         locations=locations)


def open_elsewhere(path: Path) -> list[Problem]:
    """A warning when the worksheet is open in Word or LibreOffice (its lock file beside
    it): what was last saved is collected, and later work will need collecting again."""
    lock = lock_beside(path)
    if lock is None:
        return []
    return [Problem(path.name, "open-elsewhere",
                    f"is open in Word or LibreOffice ({lock.name} is beside it); "
                    "what was last saved is collected", "warning")]


def _check_names(worksheets: Sequence[Path], tracker: Path) -> list[Problem]:
    spreadsheets = [Problem(str(path), "not-a-worksheet",
                            "is a tracker, not a worksheet; give the filled .docx or .odt "
                            "worksheets, and the tracker after --into")
                    for path in worksheets if path.suffix.lower() in SPREADSHEET_SUFFIXES]
    named = {p.where for p in spreadsheets}
    return spreadsheets + [p for p in input_problems(worksheets, tracker, "worksheet")
                           if p.where not in named]


def collect(worksheets: Sequence[str | Path], tracker: str | Path, *, dry_run: bool = False,
            now: dt.datetime | None = None) -> CollectResult:
    """Bring filled worksheets into the tracker by claim ID (see the module docs).

    The tracker (.xlsx or .ods) is read, merged and written as .xlsx (over itself, the
    old file kept as a timestamped backup, or beside an .ods). With ``dry_run`` nothing
    is written. Raises :class:`~worksheet.errors.FilledWorksheetError` or
    :class:`~worksheet.team.merge.MergeError` with every located problem, before
    anything is written, when a worksheet cannot be collected: not a worksheet, another
    article's, a claim ID edited, a claim the tracker lacks.

    >>> result = collect(["ana.docx"], "out/article-tracker.xlsx", dry_run=True)  # doctest: +SKIP
    """
    paths, tracker_path = [Path(w) for w in worksheets], Path(tracker)
    if tracker_path.suffix.lower() not in (".xlsx", ".ods"):
        raise FilledWorksheetError(f"{tracker_path}: collect writes the whole tracker; give "
                                   "the tracker's .xlsx or .ods after --into")
    errors = _check_names(paths, tracker_path)
    if errors:
        raise FilledWorksheetError(problems=errors)
    base = read_tracker(tracker_path)
    problems: list[Problem] = []
    copies: list[Copy] = []
    for path in paths:
        try:
            filled = read_filled_worksheet(path)
        except FilledWorksheetError as exc:
            errors += exc.problems or [Problem("", "not-a-worksheet", str(exc))]
            continue
        other = same_article(filled, base)
        blocking = [p for p in filled.problems if p.code in BLOCKING]
        if other is not None or blocking:
            errors += [other] if other is not None else blocking
            continue
        problems += [p for p in filled.problems if p.code not in BLOCKING]
        problems += open_elsewhere(path)
        copies.append(as_copy(filled, path, base, problems))
    if errors:
        raise FilledWorksheetError(problems=errors)
    now = now or dt.datetime.now().astimezone()
    try:
        outcome = merge_copies(base, copies, None, command="collect", now=now,
                               tracker_name=tracker_path.name)
    except MergeError as exc:
        raise FilledWorksheetError(problems=exc.problems) from exc
    target = tracker_path.with_suffix(".xlsx")
    result = CollectResult(out=target, outcome=outcome, worksheets=paths, problems=problems,
                           dry_run=dry_run)
    if not dry_run and (outcome.history or outcome.conflicts):
        if any(target.resolve() == p.resolve() for p in paths):
            raise OutputError(f"{target}: refusing to write over a worksheet")
        result.backup, cut = save_merged(target, outcome.tracker, now=now.replace(tzinfo=None))
        result.problems += cut
    return result
