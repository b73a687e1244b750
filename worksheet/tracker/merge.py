"""Rebuilding a tracker without losing a reviewer's work.

:func:`merge` takes the tracker as the reviewers left it and the rows a fresh build
would write, and returns the rows to write instead:

- every reviewer cell (``columns.reviewer_keys()``) and every column a reviewer added
  is carried over by claim ID; a reviewer's value always wins over the new build's
  (the claims file may set only an empty Reviewer cell);
- claim text, passage, paragraph, type, claimant, priority and sources come from the
  new build, and the IDs whose such cells changed are reported as ``updated``;
- a claim that left the claims file stays, with all its cells, as status
  ``Withdrawn``, right after the claim it followed; it is never deleted;
- the Sources sheet's reviewer cells (Consulted, Notes, added columns) are carried
  over by claim ID and URL (or source text when there is no URL); an old source row
  the new build lacks is kept when a reviewer wrote in it or its claim was withdrawn.

A pure function: reading, backups and writing are the caller's.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from .. import columns
from .model import SourceRow, Tracker, TrackerRow

#: Cells the tool writes and a rebuild refreshes (everything that is not the reviewer's).
TOOL_KEYS: tuple[str, ...] = tuple(c.key for c in columns.CLAIM_COLUMNS if not c.reviewer)
REVIEWER_KEYS: tuple[str, ...] = columns.reviewer_keys()
SOURCE_REVIEWER_KEYS: tuple[str, ...] = columns.reviewer_keys(columns.SOURCE_COLUMNS)


class Changes(BaseModel):
    """What a rebuild changed, by claim ID.

    ``new``: claims not in the old tracker. ``withdrawn``: claims that left the claims
    file in this rebuild (already-withdrawn ones are not repeated). ``updated``: claims
    whose tool-written cells changed. ``kept``: claims carried over unchanged.
    """

    new: list[str] = Field(default_factory=list)
    withdrawn: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    kept: int = 0

    @property
    def any(self) -> bool:
        """Whether the rebuild changes anything."""
        return bool(self.new or self.withdrawn or self.updated)


class MergeResult(BaseModel):
    """The rows and sources to write, the reviewer's added columns, and what changed."""

    rows: list[TrackerRow]
    sources: list[SourceRow]
    extra_headers: list[str]
    changes: Changes


def _fresh(row: TrackerRow) -> TrackerRow:
    # cell_row described the old sheet; the written sheet numbers rows anew.
    return row.model_copy(update={"cell_row": None}, deep=True)


def _carry(old: TrackerRow, new: TrackerRow) -> TrackerRow:
    """The new row with the old row's reviewer cells and added columns."""
    update = {key: getattr(old, key) for key in REVIEWER_KEYS if getattr(old, key) is not None}
    update["extra"] = dict(old.extra)
    update["cell_row"] = None
    return new.model_copy(update=update, deep=True)


def _changed(old: TrackerRow, new: TrackerRow) -> bool:
    return any(getattr(old, key) != getattr(new, key) for key in TOOL_KEYS)


def _withdrawn(old: TrackerRow) -> TrackerRow:
    return old.model_copy(update={"status": columns.WITHDRAWN, "cell_row": None}, deep=True)


def merge_rows(old_rows: list[TrackerRow], new_rows: list[TrackerRow],
               ) -> tuple[list[TrackerRow], Changes]:
    """Claims rows for a rebuild, and what changed (see the module docs)."""
    new_ids = {r.id for r in new_rows}
    first: dict[str, TrackerRow] = {}
    # Old rows the new build lacks (and second copies of a duplicated ID), each placed
    # after the nearest earlier old row that the new build keeps; None = at the top.
    followers: dict[str | None, list[TrackerRow]] = {}
    changes = Changes()
    anchor: str | None = None
    for row in old_rows:
        if row.id in new_ids and row.id not in first:
            first[row.id] = row
            anchor = row.id
            continue
        if row.id not in new_ids and row.status != columns.WITHDRAWN:
            changes.withdrawn.append(row.id)
        kept = _withdrawn(row) if row.id not in new_ids else _fresh(row)
        followers.setdefault(anchor, []).append(kept)

    merged = list(followers.get(None, []))
    for new in new_rows:
        old = first.get(new.id)
        if old is None:
            changes.new.append(new.id)
            merged.append(_fresh(new))
        else:
            if _changed(old, new):
                changes.updated.append(new.id)
            merged.append(_carry(old, new))
        merged += followers.pop(new.id, [])
    changes.kept = len(first) - len(changes.updated) + sum(
        1 for r in old_rows if r.id not in new_ids and r.status == columns.WITHDRAWN)
    return merged, changes


def _source_key(source: SourceRow) -> tuple[str, str, str]:
    if source.url:
        return (source.claim_id, "url", source.url.strip().casefold())
    return (source.claim_id, "source", " ".join(source.source.split()).casefold())


def _has_review(source: SourceRow) -> bool:
    return bool(source.extra) or any(getattr(source, k) is not None
                                     for k in SOURCE_REVIEWER_KEYS)


def merge_sources(old_sources: Iterable[SourceRow], new_sources: list[SourceRow],
                  withdrawn: set[str]) -> list[SourceRow]:
    """Sources rows for a rebuild: new rows with the reviewer's cells carried over.

    Old rows kept without a match come last; :func:`merge` puts them in claim order.
    """
    old_by_key: dict[tuple[str, str, str], SourceRow] = {}
    leftovers: list[SourceRow] = []
    for source in old_sources:
        key = _source_key(source)
        if key in old_by_key:
            leftovers.append(source)
        else:
            old_by_key[key] = source
    merged: list[SourceRow] = []
    for new in new_sources:
        old = old_by_key.pop(_source_key(new), None)
        update: dict[str, object] = {"cell_row": None}
        if old is not None:
            update |= {k: getattr(old, k) for k in SOURCE_REVIEWER_KEYS
                       if getattr(old, k) is not None}
            update["extra"] = dict(old.extra)
        merged.append(new.model_copy(update=update, deep=True))
    for old in [*old_by_key.values(), *leftovers]:
        if _has_review(old) or old.claim_id in withdrawn:
            merged.append(old.model_copy(update={"cell_row": None}, deep=True))
    return merged


def in_claim_order(sources: list[SourceRow], rows: list[TrackerRow]) -> list[SourceRow]:
    """``sources`` sorted (stably) by their claim's place in ``rows``; unknown claims last."""
    place = {}
    for i, row in enumerate(rows):
        place.setdefault(row.id, i)
    return sorted(sources, key=lambda s: place.get(s.claim_id, len(rows)))


def merge(old: Tracker, new_rows: list[TrackerRow], new_sources: list[SourceRow],
          ) -> MergeResult:
    """The rows, sources and added columns a rebuilt tracker must hold to lose nothing."""
    rows, changes = merge_rows(old.rows, new_rows)
    withdrawn = {r.id for r in rows if r.status == columns.WITHDRAWN}
    sources = in_claim_order(merge_sources(old.sources, new_sources, withdrawn), rows)
    return MergeResult(rows=rows, sources=sources, extra_headers=list(old.extra_headers),
                       changes=changes)
