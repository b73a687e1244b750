"""The Claims and Sources sheets: a header row, one row per record, a margin below.

Both sheets follow the column declaration in :mod:`worksheet.columns`: headers, widths,
wrapping, formats, and which columns are the reviewer's (highlighted, Text-formatted so
LibreOffice keeps ``False`` and ``007`` as typed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter

from ..columns import Column
from ..models import SAFE_URL_SCHEMES
from ..safety import has_illegal
from . import styles
from .layout import last_row
from .stream import Out, RowStream
from .styles import CellMaker

_SPACE = re.compile(r"\s")
#: A link to a cell of this workbook, as the tool makes them: ``#Claims!A7``.
_INTERNAL = re.compile(r"#[A-Za-z]+![A-Z]{1,3}[0-9]{1,7}")

#: Width of a column a reviewer added (not in the declaration).
EXTRA_WIDTH = 18.0


def extra_column(header: str) -> Column:
    """A reviewer-added column, laid out like the declared reviewer columns."""
    return Column(key=header, header=header, width=EXTRA_WIDTH, reviewer=True)


def is_safe_link(url: str | None) -> bool:
    """Whether ``url`` may become a clickable link (http, https or mailto only)."""
    if not url or has_illegal(url) or _SPACE.search(url):
        return False
    return url.lower().startswith(SAFE_URL_SCHEMES)


class Record(NamedTuple):
    """One row to write: its values in column order, and an optional link."""

    values: Sequence[Any]
    link: str | None = None


@dataclass(frozen=True)
class ColumnStyles:
    """The shared styles of one column's header, body, link and margin cells."""

    header: Any
    body: Any
    link: Any
    margin: Any | None


def number_format(col: Column) -> str:
    """The number format of a column's cells: dates as dates, numbers as numbers, else text."""
    if col.kind == "date":
        return styles.DATE_FORMAT
    if col.kind == "integer":
        return "General"
    if col.kind == "number":
        return "0.00"
    return styles.TEXT_FORMAT


def column_styles(maker: CellMaker, col: Column) -> ColumnStyles:
    """Build one column's styles once, for every cell of the column to share."""
    align = styles.WRAP_TOP if col.wrap else styles.TOP
    fill = styles.REVIEWER_FILL if col.reviewer else None
    header_fill = styles.REVIEWER_HEADER_FILL if col.reviewer else styles.TOOL_HEADER_FILL
    fmt = number_format(col)
    body = dict(alignment=align, border=styles.BORDER, number_format=fmt)
    if fill:
        body["fill"] = fill
    return ColumnStyles(
        header=maker.prototype(font=styles.HEADER_FONT, fill=header_fill, border=styles.BORDER,
                               alignment=styles.WRAP_TOP),
        body=maker.prototype(**body),
        link=maker.prototype(style="Hyperlink", font=styles.LINK_FONT, **body),
        # Empty rows below the data keep the formats, so a reviewer's added rows do too.
        margin=maker.prototype(alignment=align, number_format=fmt),
    )


def set_up_sheet(ws: Any, cols: Sequence[Column], n_rows: int, pages_wide: int = 1) -> None:
    """Widths, frozen header, filter and print layout; before any row is written."""
    for i, col in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n_rows + 1}"
    ws.row_dimensions[1].height = styles.HEADER_HEIGHT
    ws.print_title_rows = "1:1"
    ws.print_title_cols = "A:A"
    styles.set_up_printing(ws, pages_wide)


def write_table(
    ws: Any, maker: CellMaker, cols: Sequence[Column], records: Iterable[Record], n_rows: int,
    *, link_col: int | None = None, pages_wide: int = 1,
) -> None:
    """Write the header, the records and the margin rows of a declared table."""
    set_up_sheet(ws, cols, n_rows, pages_wide)
    col_styles = [column_styles(maker, c) for c in cols]
    stream = RowStream(ws)
    stream.append([Out(maker.value(c.header, 1, i), s.header)
                   for i, (c, s) in enumerate(zip(cols, col_styles, strict=True), 1)],
                  styles.HEADER_HEIGHT)
    wrapped = [(i, c.width) for i, c in enumerate(cols) if c.wrap]
    link_index = None if link_col is None else link_col - 1
    row = 1
    for record in records:
        row += 1
        values = record.values
        height = styles.row_height([(values[i], w) for i, w in wrapped
                                    if isinstance(values[i], str)])
        stream.append(_row_cells(maker, record, row, col_styles, link_index), height)
    margin = [Out(None, s.margin) for s in col_styles]
    for _ in range(row + 1, last_row(n_rows) + 1):
        stream.append(margin)


def _row_cells(maker: CellMaker, record: Record, row: int, col_styles: list[ColumnStyles],
               link_index: int | None) -> list[Out]:
    linked = link_index is not None and (
        is_safe_link(record.link) or bool(record.link and _INTERNAL.fullmatch(record.link)))
    cells = []
    for i, (value, style) in enumerate(zip(record.values, col_styles, strict=True)):
        if linked and i == link_index and "\n" not in (value or ""):
            cells.append(Out(maker.value(value or record.link, row, i + 1), style.link,
                             record.link))
        else:
            cells.append(Out(maker.value(value, row, i + 1), style.body))
    return cells
