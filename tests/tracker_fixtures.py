"""Filled trackers for the reader, summary, format and merge tests.

A tracker is written by the real writer (``worksheet.tracker.write``), then "filled" by
editing cells with openpyxl the way a reviewer's spreadsheet would store them: a typed
``False`` as a boolean, an ID as ``7.0``, dates as date cells, serial numbers or text.
Layouts the writer never makes (columns reordered, header moved down, LibreOffice's
padding) are built cell by cell from the declared headers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from worksheet import columns
from worksheet.models import ArticleMeta
from worksheet.scales import load_scale
from worksheet.tracker import layout
from worksheet.tracker.model import SourceRow, TrackerRow
from worksheet.tracker.write import write_tracker

HEADERS = [c.header for c in columns.CLAIM_COLUMNS]
BUILT = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
META = ArticleMeta(title="What <Putin> & Biden said", author="Pepe Escobar",
                   publisher="Global Research", date="2021-12-09",
                   url="https://example.org/putin-biden")


def letter(key: str) -> str:
    """The Claims-sheet column letter of a declared column, as the writer lays it out."""
    return get_column_letter(layout.column_index(key))


def base_rows(n: int = 8) -> list[TrackerRow]:
    """``n`` claims as a fresh tracker holds them (reviewer fields empty)."""
    priorities = ["high", "medium", "low", "High", "1", "urgent", "", "h"]
    return [
        TrackerRow(id=f"C{i}", claim=f"Claim number {i} says something checkable.",
                   passage=f"Paragraph text for claim {i}.", paragraph=i, type="number",
                   claimant="Pepe Escobar" if i % 2 else "Kremlin Press Office",
                   priority=priorities[(i - 1) % len(priorities)],
                   sources=f"Source {i} (example.org)")
        for i in range(1, n + 1)
    ]


def base_sources(rows: Sequence[TrackerRow]) -> list[SourceRow]:
    """One Sources row per claim."""
    return [SourceRow(claim_id=r.id, source=f"Source {r.id[1:]}",
                      url=f"https://example.org/s{r.id[1:]}") for r in rows]


def write_fresh(path: Path, rows: Sequence[TrackerRow] | None = None,
                scale: str = "default") -> Path:
    """A tracker as the tool writes it, before any reviewer touched it."""
    rows = list(rows) if rows is not None else base_rows()
    write_tracker(path, rows, base_sources(rows), load_scale(scale), META, built=BUILT)
    return path


def edit(path: Path, cells: dict[str, Any], sheet: str = columns.CLAIMS_SHEET,
         out: Path | None = None) -> Path:
    """Set cells (``{"I2": False}``) as a spreadsheet stores typed values; save to ``out``."""
    wb = openpyxl.load_workbook(path)
    _keep_link_values(wb, openpyxl.load_workbook(path, data_only=True))
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref] = value
        if isinstance(value, str) and value.startswith("="):
            ws[ref].data_type = "s"  # typed into a Text cell: text, not a formula
        if isinstance(value, dt.date):
            ws[ref].number_format = "yyyy-mm-dd"
        if isinstance(value, bool):
            # Only a General cell turns a typed False into a boolean (a Text cell keeps
            # the word), and LibreOffice's ods export keeps it boolean only there.
            ws[ref].number_format = "General"
    target = out or path
    wb.save(target)
    return target


def _keep_link_values(wb: openpyxl.Workbook, values: openpyxl.Workbook) -> None:
    """Turn HYPERLINK formulas into the URLs they show, in ``wb``.

    Excel and Calc save a formula with its result, so readers of values still see the
    Sources sheet's URLs; openpyxl would save the formula alone.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and str(cell.value).startswith("=HYPERLINK("):
                    cell.value = values[ws.title][cell.coordinate].value
                    cell.hyperlink = cell.value


#: What the reviewer typed into the filled example, by row (claim C1 is sheet row 2).
FILLED: dict[int, dict[str, Any]] = {
    2: {"verdict": False, "status": "Done", "reviewer": "Ana", "checked_on": dt.date(2021, 12, 8),
        "evidence": "Kremlin said 2 h 2 min; White House 2 h 1 min.", "notes": "=not a formula"},
    3: {"verdict": " mostly  true ", "status": "done", "reviewer": "Ben",
        "checked_on": 44538.0, "evidence": "Pool report."},
    4: {"verdict": "Flase", "status": "In progress", "reviewer": "ana ",
        "checked_on": "2021-12-07"},
    5: {"verdict": "Mixed", "status": "Needs second check", "reviewer": "Ben",
        "checked_on": "2099-01-01", "evidence": "Two sources <disagree> & differ."},
    6: {"status": "Withdrawn", "verdict": "True", "evidence": "Dropped by the editor."},
    7: {"verdict": "Misleading", "status": "Done", "reviewer": "Ana",
        "checked_on": dt.date(2021, 12, 9), "evidence": "Figures, \"quoted\", out of context."},
    8: {"status": "Done", "reviewer": "Cy"},
}


def filled(tmp: Path, name: str = "filled.xlsx") -> Path:
    """The example tracker as a reviewer left it (see ``FILLED``)."""
    path = write_fresh(tmp / name)
    cells = {f"{letter(key)}{row}": value
             for row, values in FILLED.items() for key, value in values.items()}
    cells[f"{letter('id')}3"] = 2.0  # the ID a spreadsheet turned into a number
    return edit(path, cells)


def handmade(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
             top: int = 1, padding: int = 0, sheets: Sequence[str] = ()) -> Path:
    """A workbook whose Claims sheet has ``headers`` on row ``top`` and ``rows`` below.

    ``padding`` empty-but-formatted rows follow, as LibreOffice leaves them; ``sheets``
    adds further empty sheets.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = columns.CLAIMS_SHEET
    for c, header in enumerate(headers, 1):
        ws.cell(top, c, header)
    for r, values in enumerate(rows, top + 1):
        for c, value in enumerate(values, 1):
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    last = top + len(rows)
    for r in range(last + 1, last + 1 + padding):
        ws.cell(r, 1).number_format = "@"
        ws.cell(r, len(headers)).value = ""
    for name in sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path
