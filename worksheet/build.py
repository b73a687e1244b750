"""``worksheet build``: an article and its claims become a worksheet and a tracker.

Both files are written to temporary names and moved into place only when both are
complete. An existing tracker is never overwritten with less than it holds: its
reviewer cells are carried into the new one by claim ID, and the old file is kept as a
timestamped backup beside it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from .errors import OutputError, Problem, TrackerError
from .files import atomic_paths, keep_backup, remove_stale_temps
from .models import Scale
from .prepare import Prepared, prepare
from .team.changes import cell_changes, history_of
from .tracker.merge import REVIEWER_KEYS, Changes, merge
from .tracker.model import ConflictEntry, HistoryEntry, Tracker
from .tracker.read import read_tracker

Paper = Literal["a4", "letter"]
TRACKER_SUFFIXES = (".xlsx", ".ods")


def slugify(title: str | None, limit: int = 60) -> str:
    """A file-name-safe slug from a title: ASCII letters, digits and hyphens only.

    >>> slugify("What Putin Really Told Biden")
    'what-putin-really-told-biden'
    """
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].rstrip("-")
    return slug or "article"


@dataclass
class BuildResult:
    """What ``build`` wrote, and what it noticed."""

    worksheet: Path
    tracker: Path
    prepared: Prepared
    warnings: list[Problem] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    merged_from: Path | None = None
    changes: Changes | None = None

    def merge_lines(self) -> list[str]:
        """What merging the reviewer's work did, and which file to send out now."""
        if self.changes is None:
            return []
        c = self.changes

        def ids(items: list[str]) -> str:
            return f" ({', '.join(items)})" if items else ""

        lines = [f"merged the reviewer's work from {self.merged_from}: {c.kept} unchanged, "
                 f"{len(c.new)} new{ids(c.new)}, {len(c.withdrawn)} withdrawn"
                 f"{ids(c.withdrawn)}, {len(c.updated)} updated{ids(c.updated)}"]
        if self.merged_from != self.tracker:
            lines.append(f"{self.tracker} is now the tracker to send out; "
                         f"{self.merged_from} was left as it was")
        return lines


def output_paths(out_dir: Path, slug: str) -> tuple[Path, Path]:
    """The worksheet's and the tracker's paths for an article slug."""
    return out_dir / f"{slug}-worksheet.docx", out_dir / f"{slug}-tracker.xlsx"


def existing_trackers(tracker: Path) -> list[Path]:
    """Trackers already there for this article (.xlsx, or an .ods a reviewer saved),
    the most recently saved first: that one holds the reviewer's latest work."""
    found = [tracker.with_suffix(s) for s in TRACKER_SUFFIXES if tracker.with_suffix(s).is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def build(article: str | Path, claims: str | Path, out_dir: str | Path = ".", *,
          scale: str | Path | Scale | None = None, template: Path | None = None,
          paper: Paper = "a4", force: bool = False, now: datetime | None = None,
          prior: Sequence[str | Path] | None = None, name: str | None = None,
          assignee: str | None = None,
          reserve: Callable[[Path, Path], None] | None = None) -> BuildResult:
    """Write ``<slug>-worksheet.docx`` and ``<slug>-tracker.xlsx`` into ``out_dir``.

    If the tracker exists, the reviewer's work in it is merged into the new one (the
    old file is kept as a backup); ``force`` starts a fresh tracker instead, still
    keeping the old one as a backup. ``prior`` names ClaimReview collections (files,
    folders): each claim's earlier checks go into the worksheet and a tracker sheet.
    ``name`` names the files instead of the title; ``assignee`` is the reviewer of every
    claim that names none; ``reserve`` is called with the two paths before anything is
    read or written there (a batch uses it to refuse two articles writing the same files).

    >>> result = build("examples/putin-biden/article.md",
    ...                "examples/putin-biden/claims.yaml", "out")  # doctest: +SKIP
    """
    from .docx.worksheet import write_worksheet
    from .tracker.rows import rows_from_claims
    from .tracker.write import write_tracker

    now = now or datetime.now()
    prepared = prepare(article, claims, scale, prior=prior)
    if assignee:
        for item in prepared.anchored:
            item.claim.assignee = item.claim.assignee or assignee
    out = Path(out_dir)
    worksheet_path, tracker_path = output_paths(out, slugify(name or prepared.article.meta.title))
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder")
    if reserve is not None:
        reserve(worksheet_path, tracker_path)
    result = BuildResult(worksheet_path, tracker_path, prepared, list(prepared.warnings))

    rows, sources = rows_from_claims(prepared.article, prepared.anchored)
    extra_headers: list[str] = []
    history: list[HistoryEntry] = []
    conflicts: list[ConflictEntry] = []
    found = existing_trackers(tracker_path)
    old = found[0] if found else None
    for other in found[1:]:
        fate = "kept as a backup" if other == tracker_path else "left as it was"
        result.warnings.append(Problem(str(other), "older-tracker",
                                       f"not merged: {old} was saved more recently; "
                                       f"this older tracker is {fate}", "warning"))
    keep_old = old is not None
    if old is not None and not force:
        tracker = _read_old(old, prepared.scale)
        keep_old = tracker.has_reviewer_work()
        merged = merge(tracker, rows, sources)
        rows, sources, extra_headers = merged.rows, merged.sources, list(merged.extra_headers)
        # History is carried forward and never rewritten; a rebuild adds what it changed
        # in reviewer cells (a withdrawal, a Reviewer filled from the claims file).
        changed = cell_changes(tracker.rows, rows, REVIEWER_KEYS)
        history = [*tracker.history,
                   *history_of(changed, now.astimezone().isoformat(timespec="seconds"),
                               Path(claims).name,
                               "build")]
        conflicts = list(tracker.conflicts)
        result.changes = merged.changes
        result.merged_from = old

    if out.is_dir():
        remove_stale_temps(out)
    try:
        with atomic_paths(worksheet_path, tracker_path) as (docx_tmp, xlsx_tmp):
            earlier = prepared.prior.by_id() if prepared.prior is not None else None
            write_worksheet(docx_tmp, prepared.article, prepared.anchored, prepared.scale,
                            template=template, paper=paper, built=now, prior=earlier)
            written = write_tracker(xlsx_tmp, rows, sources, prepared.scale,
                                    prepared.article.meta, extra_headers=extra_headers,
                                    built=now, history=history, conflicts=conflicts,
                                    prior=prepared.prior.entries() if prepared.prior else ())
            # The writer knows the cell (Claims!B7); the person needs the file too.
            result.warnings += [Problem(f"{tracker_path.name} {p.where}", p.code, p.message,
                                        p.severity) for p in written]
            # Both files are complete: keep the old ones before they are replaced.
            # The .xlsx about to be replaced: the reviewer's file, or an older one beside
            # the .ods that was merged instead. Either way it is kept.
            if tracker_path.exists() and (keep_old or old != tracker_path):
                result.backups.append(keep_backup(tracker_path, now))
            if worksheet_path.exists() and _edited_by_someone(worksheet_path):
                result.backups.append(keep_backup(worksheet_path, now))
    except OutputError:
        # Neither file was replaced (atomic_paths undid any move): drop the backups too.
        for backup in result.backups:
            backup.unlink(missing_ok=True)
        raise
    return result


def _read_old(old: Path, scale: Scale) -> Tracker:
    """The existing tracker, read to merge; refuse to go on if it cannot be read."""
    try:
        return read_tracker(old, scale=scale)
    except TrackerError as exc:
        # A whole-file error has a message but no problems: keep the message, it says why.
        why = exc.problems or [Problem("", "unreadable", str(exc))]
        raise TrackerError(problems=[
            *why, Problem(str(old), "not-merged",
                                   "the existing tracker cannot be read, so the reviewer's work "
                                   "in it cannot be carried over; nothing was written (fix it, "
                                   "move it away, or use --force to start afresh with a backup)")
        ]) from exc


def _edited_by_someone(docx_path: Path) -> bool:
    """Whether a worksheet we wrote was since saved by Word or LibreOffice."""
    import zipfile

    try:
        with zipfile.ZipFile(docx_path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return True  # not ours, or damaged: keep it rather than guess
    return "lastModifiedBy" in core and "<cp:lastModifiedBy>worksheet<" not in core
