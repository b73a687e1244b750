"""The tracker's reference sheets: Scale, About and the hidden Lists behind the dropdowns.

Together they hold what a reader needs to rebuild the Scale and the article's metadata
from the tracker alone.
"""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName

from .. import columns
from ..models import ArticleMeta, Scale
from . import layout, styles
from .styles import CellMaker

FALLBACK_VERSION = "0.1.0"
DEFINITION_WIDTH = 80.0


def tool_version() -> str:
    """This tool's version: the package's ``__version__``, its metadata, or a fallback."""
    import worksheet

    version = getattr(worksheet, "__version__", None)
    if version:
        return str(version)
    try:
        return metadata.version("worksheet")
    except metadata.PackageNotFoundError:
        return FALLBACK_VERSION


def write_scale(ws: Any, maker: CellMaker, scale: Scale) -> None:
    """One row per verdict: label (in its colour), definition, colour, rating."""
    for letter, width in zip("ABCD", (18, DEFINITION_WIDTH, 10, 8), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    styles.set_up_printing(ws)
    head = maker.prototype(font=styles.HEADER_FONT, fill=styles.TOOL_HEADER_FILL,
                           border=styles.BORDER)
    ws.append([maker.cell(h, 1, i, head) for i, h in enumerate(layout.SCALE_HEADERS, 1)])
    body = maker.prototype(alignment=styles.WRAP_TOP, border=styles.BORDER)
    for row, verdict in enumerate(scale.verdicts, 2):
        height = styles.row_height([(verdict.definition, DEFINITION_WIDTH)])
        if height:
            ws.row_dimensions[row].height = height
        label = maker.prototype(alignment=styles.TOP, border=styles.BORDER, font=styles.KEY_FONT,
                                fill=styles.solid(verdict.colour))
        ws.append([
            maker.cell(verdict.label, row, 1, label),
            maker.cell(verdict.definition, row, 2, body),
            maker.cell(verdict.colour, row, 3, body),
            maker.cell(verdict.rating, row, 4, body),
        ])


def about_rows(scale: Scale, meta: ArticleMeta, built: dt.datetime) -> list[tuple[str, Any]]:
    """The About sheet's key/value pairs, in order."""
    rows: list[tuple[str, Any]] = [(key, getattr(meta, field) or "")
                                   for field, key in layout.ABOUT_META]
    rows += [
        (layout.ABOUT_SCALE, scale.name),
        (layout.ABOUT_SCALE_TITLE, scale.title),
        (layout.ABOUT_SCALE_DESCRIPTION, scale.description),
        (layout.ABOUT_BEST, scale.best_rating),
        (layout.ABOUT_WORST, scale.worst_rating),
        (layout.ABOUT_VERSION, tool_version()),
        (layout.ABOUT_FORMAT, columns.TRACKER_FORMAT),
        (layout.ABOUT_BUILT, built.isoformat(timespec="seconds")),
    ]
    return rows


def write_about(ws: Any, maker: CellMaker, scale: Scale, meta: ArticleMeta,
                built: dt.datetime) -> None:
    """Key/value rows: the article's metadata, the scale, the tool and when it was built."""
    width = 80
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = width
    styles.set_up_printing(ws)
    key = maker.prototype(font=styles.KEY_FONT, alignment=styles.TOP)
    value = maker.prototype(alignment=styles.LEFT_WRAP_TOP)  # ratings too, beside the text
    for row, (name, item) in enumerate(about_rows(scale, meta, built), 1):
        height = styles.row_height([(item, width)]) if isinstance(item, str) else None
        if height:
            ws.row_dimensions[row].height = height
        ws.append([maker.cell(name, row, 1, key), maker.cell(item, row, 2, value)])


def write_lists(wb: Any, ws: Any, maker: CellMaker, scale: Scale) -> None:
    """The hidden sheet holding the dropdowns' choices, each behind a defined name."""
    ws.sheet_state = "hidden"
    choices = {
        layout.VERDICT_LIST: scale.labels,
        layout.STATUS_LIST: list(columns.STATUSES),
        layout.CONSULTED_LIST: list(columns.CONSULTED_CHOICES),
    }
    lists = [(header, choices[name]) for name, header in layout.LISTS]
    depth = max(len(items) for _, items in lists)
    head = maker.prototype(font=styles.HEADER_FONT)
    ws.append([maker.cell(header, 1, i, head) for i, (header, _) in enumerate(lists, 1)])
    for row in range(2, depth + 2):
        ws.append([maker.cell(items[row - 2] if row - 2 < len(items) else None, row, i)
                   for i, (_, items) in enumerate(lists, 1)])
    sheet = quote_sheetname(columns.LISTS_SHEET)
    for i, (name, _) in enumerate(layout.LISTS, 1):
        letter = get_column_letter(i)
        ref = f"{sheet}!${letter}$2:${letter}${len(choices[name]) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
