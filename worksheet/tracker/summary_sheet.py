"""The Summary sheet: live counts per verdict and status, and a bar chart of verdicts.

The counts are formulas over the Claims sheet (data and margin rows), so they change
while the reviewer works. They compare cells with ``=`` inside SUMPRODUCT rather than
COUNTIF: COUNTIF reads its criterion as a pattern, so the verdict "True" would match
boolean TRUE, and labels holding ``*``, ``?`` or starting with ``<`` would misfire.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.utils import get_column_letter, quote_sheetname

from .. import columns
from ..models import Scale
from . import layout, styles
from .checks import quoted
from .styles import CellMaker


def _claims_range(key: str, last: int) -> str:
    letter = get_column_letter(layout.column_index(key))
    return f"{quote_sheetname(columns.CLAIMS_SHEET)}!${letter}$2:${letter}${last}"


class Counts:
    """Formulas counting the Claims rows that have an ID, by one column's value."""

    def __init__(self, last: int) -> None:
        self.ids = _claims_range("id", last)
        self.verdicts = _claims_range("verdict", last)
        self.statuses = _claims_range("status", last)

    def total(self) -> str:
        """Claims with an ID."""
        return f'=SUMPRODUCT(({self.ids}<>"")*1)'

    def verdict(self, label: str) -> str:
        """Claims rated ``label``; '' counts those with no verdict yet."""
        return f'=SUMPRODUCT(({self.ids}<>"")*({self.verdicts}={quoted(label)}))'

    def status(self, status: str) -> str:
        """Claims at ``status``; a blank status counts as not started."""
        match = f"({self.statuses}={quoted(status)})"
        if status == columns.NOT_STARTED:
            match = f'({match}+({self.statuses}=""))'
        return f'=SUMPRODUCT(({self.ids}<>"")*{match})'


def write_summary(ws: Any, maker: CellMaker, scale: Scale, last: int) -> None:
    """Write the Summary sheet's figures and chart, counting Claims rows 2..last."""
    counts = Counts(last)
    ws.column_dimensions["A"].width = 24
    styles.set_up_printing(ws)
    ws.column_dimensions["B"].width = 10
    key = maker.prototype(font=styles.KEY_FONT)
    head = maker.prototype(font=styles.HEADER_FONT, fill=styles.TOOL_HEADER_FILL,
                           border=styles.BORDER)
    share = maker.prototype(number_format=styles.PERCENT_FORMAT)

    verdict_top = 5
    status_top = verdict_top + len(scale.verdicts) + 2  # after 'no verdict' and a gap
    done_row = status_top + 1 + columns.STATUSES.index(columns.DONE)
    rows: list[list[Any]] = [
        [maker.cell(layout.SUMMARY_TOTAL, 1, 1, key), maker.formula(counts.total(), 1, 2)],
        [maker.cell(layout.SUMMARY_SHARE_DONE, 2, 1, key),
         maker.formula(f"=IF(B1=0,0,B{done_row}/B1)", 2, 2, share)],
        [],
        [maker.cell(h, 4, i, head) for i, h in enumerate(layout.SUMMARY_VERDICT_HEADER, 1)],
    ]
    labels = [*scale.labels, layout.SUMMARY_NO_VERDICT]
    formulas = [*(counts.verdict(v) for v in scale.labels), counts.verdict("")]
    for offset, (label, formula) in enumerate(zip(labels, formulas, strict=True)):
        row = verdict_top + offset
        rows.append([maker.cell(label, row, 1), maker.formula(formula, row, 2)])
    rows.append([])
    rows.append([maker.cell(h, status_top, i, head)
                 for i, h in enumerate(layout.SUMMARY_STATUS_HEADER, 1)])
    for offset, status in enumerate(columns.STATUSES, 1):
        row = status_top + offset
        rows.append([maker.cell(status, row, 1), maker.formula(counts.status(status), row, 2)])
    for row_cells in rows:
        ws.append(row_cells)
    ws.add_chart(verdict_chart(ws, scale, verdict_top), "D1")


def verdict_chart(ws: Any, scale: Scale, first_row: int) -> BarChart:
    """A bar chart of the claims per verdict, each bar in its verdict's colour."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Claims per verdict"
    chart.legend = None
    chart.style = 10
    last = first_row + len(scale.verdicts) - 1
    chart.add_data(Reference(ws, min_col=2, min_row=first_row, max_row=last))
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row, max_row=last))
    series = chart.series[0]
    for i, verdict in enumerate(scale.verdicts):
        fill = GraphicalProperties(solidFill=verdict.colour, ln=LineProperties(solidFill="808080"))
        series.dPt.append(DataPoint(idx=i, spPr=fill))
    # Top verdict at the top: a horizontal bar chart draws its first category lowest.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # counts along the bottom, under the reversed categories
    chart.y_axis.majorGridlines = None
    # Counts are whole claims: no 0.2, 0.4 … ticks while the figures are small.
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = 1
    chart.y_axis.number_format = "0"
    chart.gapWidth = 40
    chart.width, chart.height = 16, 9
    return chart
