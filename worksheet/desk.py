"""The desk: every tracker of many articles read at once, and where the whole desk stands.

``worksheet status`` given several trackers or a folder reports the desk: per article,
per reviewer across articles, per verdict across the desk, and every tracker's problems
with file and cell. In a folder (searched recursively) a tracker is any .xlsx or .ods
whose About sheet says this tool wrote it, whatever its name; backups that ``build``
keeps (``…-tracker.backup-YYYYMMDD-HHMMSS.xlsx``) are left out, and of an .xlsx and an
.ods saved side by side only the most recently saved counts, as ``build`` would merge
it. A file given by name is read whatever it is; one that cannot be read is listed with
its reason and the others still count.

``Desk.as_dict()`` is what ``--format json`` prints; its keys are an interface (see
:data:`DESK_FORMAT`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .errors import Problem, WorksheetError
from .summary import NOT_RATED, UNASSIGNED, Summary, summarise

#: Names the JSON layout; it changes only when a key changes meaning or goes away.
DESK_FORMAT = "worksheet-desk/1"
TRACKER_SUFFIXES = (".xlsx", ".ods")
_BACKUP = re.compile(r"\.backup-\d{8}-\d{6}(?:-\d+)?$")


class DeskArticle(BaseModel):
    """One article's tracker, as the desk lists it."""

    file: str
    title: str | None = None
    claims: int
    done: int
    share_done: float
    open_high_priority: list[str]
    problems: int
    last_saved: str
    """When the tracker file was last saved (local time, ISO 8601, to the second)."""
    withdrawn: int = 0
    scale: str = ""
    reviewers: list[str] = Field(default_factory=list)


class DeskReviewer(BaseModel):
    """A reviewer's load across the desk."""

    assigned: int = 0
    done: int = 0
    open: int = 0


class DeskProblem(BaseModel):
    """A problem in one tracker, with its file and cell."""

    file: str
    cell: str
    code: str
    message: str
    severity: str = "error"


class Unreadable(BaseModel):
    """A tracker that could not be read, and why."""

    file: str
    reason: str


class Desk(BaseModel):
    """Where a desk of fact-checks stands; ``as_dict()`` is what ``--format json`` prints."""

    format: str = DESK_FORMAT
    trackers: int
    claims: int
    done: int
    share_done: float
    open_high_priority: int
    articles: list[DeskArticle]
    by_reviewer: dict[str, DeskReviewer]
    by_verdict: dict[str, int]
    problems: list[DeskProblem]
    unreadable: list[Unreadable]
    skipped: list[Unreadable] = Field(default_factory=list)
    """Trackers found but not counted: an older twin of a tracker saved since."""
    colours: dict[str, str] = Field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The desk as plain JSON data."""
        return self.model_dump(mode="json")


# ------------------------------------------------------------------------- finding


def _is_ours(path: Path) -> bool:
    """Whether a spreadsheet's About sheet says this tool wrote it (raises if unreadable)."""
    from . import columns
    from .errors import TrackerError
    from .spreadsheet import open_workbook, read_sheet
    from .tracker import layout

    book = open_workbook(path, TrackerError)
    about = next((n for n in book.sheet_names
                  if n.strip().casefold() == columns.ABOUT_SHEET.casefold()), None)
    if about is None:
        return False
    grid = read_sheet(book, about, f"{path} {about}", TrackerError)
    wanted = layout.ABOUT_FORMAT.casefold()
    return any(row and str(row[0]).strip().casefold() == wanted for row in grid)


def find_trackers(paths: Iterable[str | Path]) -> tuple[list[Path], list[Unreadable],
                                                        list[Unreadable]]:
    """The trackers to read, the ones that cannot be, and the older twins left out."""
    from .build import existing_trackers
    from .files import TEMP_PREFIX

    found: list[Path] = []
    unreadable: list[Unreadable] = []
    skipped: list[Unreadable] = []
    for given in (Path(p) for p in paths):
        if not given.is_dir():
            if not given.exists():
                unreadable.append(Unreadable(file=str(given), reason="no such file"))
            else:
                found.append(given)
            continue
        candidates = sorted(p for p in given.rglob("*") if p.suffix.lower() in TRACKER_SUFFIXES
                            and p.is_file() and not _BACKUP.search(p.stem)
                            and not p.name.startswith(("~$", TEMP_PREFIX, ".")))
        ours = []
        for path in candidates:
            try:
                if _is_ours(path):
                    ours.append(path)
            except WorksheetError as exc:
                unreadable.append(Unreadable(file=str(path), reason=_reason(exc, path)))
        kept = set(ours)
        for path in ours:
            twins = [t for t in existing_trackers(path) if t in kept]
            if len(twins) > 1 and path != twins[0]:
                kept.discard(path)
                skipped.append(Unreadable(file=str(path), reason=f"{twins[0]} was saved more "
                                          "recently; it is the one counted"))
        found += [p for p in ours if p in kept]
    return found, unreadable, skipped


def _reason(exc: WorksheetError, path: Path) -> str:
    text = "; ".join(exc.lines())
    for prefix in (f"{path}: ", f"{path.name} ", f"{path.name}: "):
        text = text.removeprefix(prefix)
    return text


# ------------------------------------------------------------------------- reading


def read_desk(paths: Sequence[str | Path], *, scale: Any = None) -> Desk:
    """Read every tracker under ``paths`` (files or folders) and sum up the desk.

    >>> desk = read_desk(["out/"])  # doctest: +SKIP
    >>> desk.articles[0].share_done, desk.by_reviewer["AB"].open  # doctest: +SKIP
    """
    from .collect.read import read_any
    from .errors import TrackerError

    files, unreadable, skipped = find_trackers(paths)
    if not files and not unreadable:
        raise TrackerError(problems=[Problem(str(p), "no-trackers", "holds no tracker this tool "
                                             "wrote (none has its About sheet)") for p in paths])
    summaries: list[tuple[Path, Summary]] = []
    for path in files:
        try:
            summaries.append((path, summarise(read_any(path, scale=scale))))
        except (WorksheetError, OSError) as exc:
            why = (_reason(exc, path) if isinstance(exc, WorksheetError)
                   else f"cannot be read ({exc.strerror or exc})")
            unreadable.append(Unreadable(file=str(path), reason=why))
    return desk_of(summaries, unreadable, skipped)


def _saved(path: Path) -> str:
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return stamp.isoformat(timespec="seconds")


def desk_of(summaries: Sequence[tuple[Path, Summary]], unreadable: Sequence[Unreadable] = (),
            skipped: Sequence[Unreadable] = ()) -> Desk:
    """The desk from each tracker's summary (what :func:`read_desk` adds up)."""
    articles = [DeskArticle(
        file=str(path), title=s.article.get("title"), claims=s.total, done=s.done,
        share_done=s.share_done, open_high_priority=s.open_high_priority,
        problems=len(s.problems), last_saved=_saved(path), withdrawn=s.withdrawn,
        scale=s.scale, reviewers=[n for n in s.by_reviewer if n != UNASSIGNED],
    ) for path, s in summaries]
    claims = sum(a.claims for a in articles)
    done = sum(a.done for a in articles)
    colours: dict[str, str] = {}
    for _, s in summaries:
        for label, colour in s.colours.items():
            colours.setdefault(label, colour)
    return Desk(
        trackers=len(articles), claims=claims, done=done,
        share_done=done / claims if claims else 0.0,
        open_high_priority=sum(len(a.open_high_priority) for a in articles),
        articles=articles,
        by_reviewer=_reviewers(s for _, s in summaries),
        by_verdict=_verdicts([s for _, s in summaries]),
        problems=[DeskProblem(file=str(path), cell=p.cell, code=p.code, message=p.message,
                              severity=p.severity)
                  for path, s in summaries for p in s.problems],
        unreadable=list(unreadable), skipped=list(skipped), colours=colours,
    )


def _reviewers(summaries: Iterable[Summary]) -> dict[str, DeskReviewer]:
    shown: dict[str, str] = {}
    counts: dict[str, DeskReviewer] = {}
    for summary in summaries:
        for name, count in summary.by_reviewer.items():
            key = shown.setdefault(name.casefold(), name) if name != UNASSIGNED else UNASSIGNED
            total = counts.setdefault(key, DeskReviewer())
            total.assigned += count.claims
            total.done += count.done
            total.open += count.claims - count.done
    ordered = sorted((k for k in counts if k != UNASSIGNED), key=str.casefold)
    return {k: counts[k] for k in ordered + ([UNASSIGNED] if UNASSIGNED in counts else [])}


def _verdicts(summaries: Sequence[Summary]) -> dict[str, int]:
    """Counts per verdict: every scale's labels in scale order, Not rated, then the rest."""
    labels: dict[str, int] = {}
    for summary in summaries:
        for label in summary.colours:
            labels.setdefault(label, 0)
    labels.setdefault(NOT_RATED, 0)
    for summary in summaries:
        for label, n in summary.by_verdict.items():
            labels[label] = labels.get(label, 0) + n
    return labels


def problems_of(desk: Desk) -> list[Problem]:
    """Every problem and unreadable tracker of the desk, located by file and cell."""
    out = [Problem(f"{p.file} {p.cell}".strip(), p.code, p.message,
                   "error" if p.severity == "error" else "warning") for p in desk.problems]
    return out + [Problem(u.file, "unreadable", f"not counted: {u.reason}", "warning")
                  for u in desk.unreadable]

