"""Writing the Excel tracker a reviewer fills in Excel or LibreOffice Calc.

Sheets: Claims (one row per claim, the reviewer's columns with dropdowns), Sources (one
row per claim and source), Summary (live counts and a chart), Scale, About, and a
hidden Lists sheet behind the dropdowns. The layout comes from :mod:`worksheet.columns`.

The workbook is streamed (openpyxl's write-only mode): rows go to disk as they are made,
which keeps ten thousand claims fast and small in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .. import columns
from ..errors import Problem
from ..models import ArticleMeta, Scale
from ..safety import clean
from . import checks, layout
from .model import ConflictEntry, HistoryEntry, PriorEntry, SourceRow, TrackerRow
from .reference_sheets import write_about, write_lists, write_scale
from .styles import CellMaker
from .summary_sheet import write_summary
from .tables import Record, extra_column, write_table

CREATOR = "worksheet"
DEFAULT_TITLE = "Fact-check tracker"


def claim_values(row: TrackerRow, extra_headers: Sequence[str]) -> list[Any]:
    """A Claims row's values in sheet order; a new row's status shows as not started."""
    values = [getattr(row, c.key) for c in columns.CLAIM_COLUMNS]
    values[layout.column_index("status") - 1] = row.status or columns.NOT_STARTED
    return values + [row.extra.get(h) for h in extra_headers]


def source_values(row: SourceRow) -> list[Any]:
    """A Sources row's values in sheet order."""
    return [getattr(row, c.key) for c in columns.SOURCE_COLUMNS]


def write_claims(ws: Any, maker: CellMaker, rows: Sequence[TrackerRow], scale: Scale,
                 extra_headers: Sequence[str]) -> None:
    """The Claims sheet: declared columns, then the reviewer's own, with checks and colours."""
    cols = (*columns.CLAIM_COLUMNS, *(extra_column(h) for h in extra_headers))
    last = layout.last_row(len(rows))
    checks.add_claim_checks(ws, last)
    checks.add_claim_colours(ws, scale, last)
    records = (Record(claim_values(r, extra_headers)) for r in rows)
    # Two pages wide: the claim's text on one, the reviewer's columns on the next.
    write_table(ws, maker, cols, records, len(rows), pages_wide=2)


def write_sources(ws: Any, maker: CellMaker, sources: Sequence[SourceRow]) -> None:
    """The Sources sheet: one row per claim and source, URLs as links."""
    checks.add_source_checks(ws, layout.last_row(len(sources)))
    records = (Record(source_values(s), s.url) for s in sources)
    url_col = layout.column_index("url", columns.SOURCE_COLUMNS)
    write_table(ws, maker, columns.SOURCE_COLUMNS, records, len(sources), link_col=url_col)


def write_log(ws: Any, maker: CellMaker, cols: Sequence[columns.Column],
              records: Sequence[HistoryEntry] | Sequence[ConflictEntry],
              links: Sequence[str | None] = ()) -> None:
    """The History or Conflicts sheet: one row per entry; ``links`` for the ID cells."""
    rows = (Record([getattr(r, c.key) for c in cols], links[i] if i < len(links) else None)
            for i, r in enumerate(records))
    id_col = layout.column_index("claim_id", tuple(cols))
    write_table(ws, maker, cols, rows, len(records), link_col=id_col)


def write_prior(ws: Any, maker: CellMaker, prior: Sequence[PriorEntry]) -> None:
    """The Checked before sheet: each claim's best earlier fact-check, linked."""
    records = [Record([getattr(e, c.key) for c in columns.PRIOR_COLUMNS], e.url)
               for e in prior]
    url_col = layout.column_index("url", columns.PRIOR_COLUMNS)
    write_table(ws, maker, columns.PRIOR_COLUMNS, records, len(records), link_col=url_col)


def write_tracker(
    path: Path,
    rows: Sequence[TrackerRow],
    sources: Sequence[SourceRow],
    scale: Scale,
    meta: ArticleMeta,
    *,
    extra_headers: Sequence[str] = (),
    built: dt.datetime | None = None,
    history: Sequence[HistoryEntry] = (),
    conflicts: Sequence[ConflictEntry] = (),
    prior: Sequence[PriorEntry] = (),
) -> list[Problem]:
    """Write the tracker to ``path`` and return warnings (e.g. text cut to fit a cell).

    Rows are written as given, reviewer's values and added columns (``extra_headers``,
    after the declared columns) included, so a rebuilt tracker keeps a reviewer's work.
    ``history`` and ``conflicts`` fill the Change history and Conflicts sheets (each
    conflict's claim ID links to its Claims row); ``prior`` (each claim's best earlier
    fact-check) adds the Checked before sheet. Writes ``path`` directly: wrap the call
    in :func:`worksheet.files.write_atomic`.
    """
    problems: list[Problem] = []
    wb = Workbook(write_only=True)
    names = (columns.CLAIMS_SHEET, columns.SOURCES_SHEET, columns.CONFLICTS_SHEET,
             *((columns.PRIOR_SHEET,) if prior else ()), columns.SUMMARY_SHEET,
             columns.SCALE_SHEET, columns.HISTORY_SHEET, columns.ABOUT_SHEET,
             columns.LISTS_SHEET)
    sheets = {name: wb.create_sheet(name) for name in names}
    makers = {name: CellMaker(ws, problems) for name, ws in sheets.items()}

    write_claims(sheets[columns.CLAIMS_SHEET], makers[columns.CLAIMS_SHEET], rows, scale,
                 extra_headers)
    write_sources(sheets[columns.SOURCES_SHEET], makers[columns.SOURCES_SHEET], sources)
    claim_rows: dict[str, int] = {}
    for number, row in enumerate(rows, 2):
        claim_rows.setdefault(row.id, number)
    id_letter = get_column_letter(layout.column_index("id"))
    write_log(sheets[columns.CONFLICTS_SHEET], makers[columns.CONFLICTS_SHEET],
              columns.CONFLICT_COLUMNS, conflicts,
              [f"#{columns.CLAIMS_SHEET}!{id_letter}{claim_rows[c.claim_id]}"
               if c.claim_id in claim_rows else None for c in conflicts])
    write_log(sheets[columns.HISTORY_SHEET], makers[columns.HISTORY_SHEET],
              columns.HISTORY_COLUMNS, history)
    if prior:
        write_prior(sheets[columns.PRIOR_SHEET], makers[columns.PRIOR_SHEET], prior)
    write_summary(sheets[columns.SUMMARY_SHEET], makers[columns.SUMMARY_SHEET], scale,
                  layout.last_row(len(rows)))
    write_scale(sheets[columns.SCALE_SHEET], makers[columns.SCALE_SHEET], scale)
    write_about(sheets[columns.ABOUT_SHEET], makers[columns.ABOUT_SHEET], scale, meta,
                built or dt.datetime.now().astimezone())
    write_lists(wb, sheets[columns.LISTS_SHEET], makers[columns.LISTS_SHEET], scale)

    wb.properties.title = clean(meta.title or DEFAULT_TITLE)
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    # Formulas carry no cached results: have Excel compute them all on opening.
    wb.calculation.fullCalcOnLoad = True
    wb.save(path)
    return problems
