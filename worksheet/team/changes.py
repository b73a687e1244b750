"""Cell-level changes between two versions of a tracker's rows, by claim ID."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ..tracker.model import HistoryEntry, TrackerRow
from .merge import EXTRA, cell_text, header_of


class CellChange(NamedTuple):
    """One cell whose value differs between an old and a new row of the same claim."""

    claim_id: str
    key: str
    """The column's key (``verdict``), or ``extra:<header>`` for an added column."""
    old: str | None
    new: str | None
    old_row: TrackerRow
    new_row: TrackerRow

    @property
    def column(self) -> str:
        """The column's header, as the sheet shows it."""
        return header_of(self.key)


def row_keys(rows: Sequence[TrackerRow], base: Sequence[str],
             extra_headers: Sequence[str] = ()) -> list[str]:
    """``base`` keys then ``extra:<header>`` for every added column of ``rows``."""
    headers = list(extra_headers)
    for row in rows:
        headers += [h for h in row.extra if h not in headers]
    return [*base, *(EXTRA + h for h in headers)]


def cell_changes(old_rows: Sequence[TrackerRow], new_rows: Sequence[TrackerRow],
                 keys: Sequence[str]) -> Iterator[CellChange]:
    """Every ``keys`` cell that differs between claims present in both, in new-row order.

    Values are compared as shown (text, ISO dates; a blank status is "Not started").
    """
    old_by_id = {r.id: r for r in reversed(old_rows)}
    for new in new_rows:
        old = old_by_id.get(new.id)
        if old is None:
            continue
        for key in keys:
            before, after = cell_text(old, key), cell_text(new, key)
            if before != after:
                yield CellChange(new.id, key, before, after, old, new)


def history_of(changes: Sequence[CellChange] | Iterator[CellChange], when: str, place: str,
               command: str) -> list[HistoryEntry]:
    """History rows for changes the tool made, all from one ``place`` by one ``command``."""
    return [HistoryEntry(when=when, claim_id=c.claim_id, column=c.column, old=c.old,
                         new=c.new, place=place, command=command) for c in changes]
