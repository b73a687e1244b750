"""The tracker's look: shared style objects, and cells made cheaply and safely.

A workbook holds each distinct style once; a cell only points at one. Building a
style per cell (new Font, Fill, Alignment objects) is what makes big workbooks slow,
so each kind of cell gets its style built once and every cell copies that index array.
"""

from __future__ import annotations

import copy
import re
import weakref
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .. import columns
from ..errors import Problem
from ..safety import CELL_LIMIT, clean, escape_xstring, fit_cell

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"

# A bold font must name its face, or LibreOffice falls back to a serif one.
HEADER_FONT = Font(name="Calibri", size=11, bold=True)
KEY_FONT = HEADER_FONT
#: The "Hyperlink" named style's look at body size (the built-in one is 12 pt).
LINK_FONT = Font(name="Calibri", size=11, underline="single", color="0563C1")
TOP = Alignment(vertical="top")
WRAP_TOP = Alignment(vertical="top", wrap_text=True)
LEFT_WRAP_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
_GRID = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_GRID, right=_GRID, top=_GRID, bottom=_GRID)


def solid(colour: str) -> PatternFill:
    """A solid fill of an RRGGBB colour (both set: cells and rules read different ones)."""
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


TOOL_HEADER_FILL = solid("DDEBF7")
REVIEWER_HEADER_FILL = solid("FFD966")
REVIEWER_FILL = solid("FFF9E5")

#: Light fills for the statuses, in the traffic-light sense of each.
STATUS_COLOURS: dict[str, str] = {
    columns.NOT_STARTED: "F2F2F2",
    columns.IN_PROGRESS: "FFE699",
    columns.SECOND_CHECK: "F8CBAD",
    columns.DONE: "C6EFCE",
    columns.WITHDRAWN: "D9D9D9",
}

# Row heights. LibreOffice does not fit rows to wrapped text when it opens an .xlsx (nor
# when it prints one), so every row gets a height estimated from its text, wrapped word
# by word. Calc sizes a column in digits of the font it actually uses, so the characters
# per line change little when it has to replace Calibri: in Calc 7.4 a column 56 wide
# holds about 65 characters of English prose in Carlito (1.16 a unit), and in DejaVu
# Sans, the usual fallback, down to about 1.08 a unit. The estimate takes fewer (1.04)
# and Excel's Calibri 11 line, 15 pt (Calc's lines are 11-13.5 pt), so that a row fits
# in either application with a little to spare; tests/test_tracker_calc_layout.py holds
# every row against Calc's own fit, with and without Carlito.
LINE_HEIGHT = 15.0
ROW_PADDING = 3.0
#: Excel's highest row.
MAX_ROW_HEIGHT = 409.0
#: Header rows are two lines high, so a header wider than its column wraps in view.
HEADER_HEIGHT = 2 * LINE_HEIGHT + ROW_PADDING
#: Characters of body text per unit of column width (a unit is one "0" of the font).
CHARS_PER_WIDTH = 1.04
#: Where a line may break besides spaces: URLs break after "/" and "-" in Excel and Calc.
_BREAKS = re.compile(r"[^ /-]*[ /-]*")


def style_of(cell: Cell, **attrs: Any) -> Any:
    """The style index array of ``cell`` after setting ``attrs`` (font, fill, ...) on it."""
    for name, value in attrs.items():
        setattr(cell, name, value)
    return cell._style


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped column ``width`` units wide.

    Words go on a line while they fit, as the applications wrap them; a word longer than
    a whole line is cut into as many lines as it fills.
    """
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in _BREAKS.findall(paragraph):
            if not word:
                continue
            if used and used + len(word.rstrip()) > per_line:
                lines += 1
                used = 0
            if len(word.rstrip()) > per_line:
                extra, rest = divmod(len(word) - 1, per_line)
                lines += extra
                used = rest + 1
            else:
                used += len(word)
    return lines


def row_height(texts: list[tuple[str, float]]) -> float | None:
    """A height that shows the longest wrapped text; None when one line fits."""
    lines = max((wrapped_lines(t, w) for t, w in texts if t), default=1)
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)


def set_up_printing(ws: Any, pages_wide: int = 1) -> None:
    """Print landscape on A4, ``pages_wide`` pages across and as many down as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4


#: Each workbook's prototype styles, by what they were made of (see CellMaker.prototype).
_PROTOTYPES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[Any, Any]]] = \
    weakref.WeakKeyDictionary()


def _cells_as_given(cells: Any, row: int) -> Any:
    return cells


class CellMaker:
    """Makes the cells of one sheet: clean text, never a formula, cut to fit, styled."""

    def __init__(self, ws: Any, problems: list[Problem]) -> None:
        self.ws = ws
        self.problems = problems
        # A write-only sheet re-binds each appended value into a fresh cell, raising and
        # catching an error for every Cell given: a third of the writing time. Our cells
        # already know their row and column, so they go to the file as they are.
        ws._values_to_row = _cells_as_given

    def prototype(self, **attrs: Any) -> Any:
        """A style to share between cells; ``attrs`` as on a cell (font, fill, style...)."""
        # Every table asks for the same few styles per column: each made once per
        # workbook (openpyxl hashes the font, fill and border anew for each), then copied.
        made = _PROTOTYPES.setdefault(self.ws.parent, {})
        key = tuple(sorted((name, value if isinstance(value, str) else id(value))
                           for name, value in attrs.items()))
        found = made.get(key)
        if found is None:
            named = attrs.pop("style", None)
            cell = Cell(self.ws)
            if named:
                cell.style = named  # first: a named style resets the other attributes
            # The values are kept with the style: their ids in the key stay theirs.
            found = made[key] = (style_of(cell, **attrs), tuple(attrs.values()))
        return copy.copy(found[0])

    def text(self, value: str, row: int, col: int) -> str:
        """``value`` cleaned and cut to fit a cell, with a warning when cut."""
        text, cut = fit_cell(clean(value))
        if cut:
            where = f"{self.ws.title}!{get_column_letter(col)}{row}"
            self.problems.append(Problem(
                where, "cut",
                f"text of {len(value):,} characters cut to the cell limit of {CELL_LIMIT:,}",
                "warning",
            ))
        return escape_xstring(text)

    def value(self, value: Any, row: int, col: int) -> Any:
        """``value`` as it goes into cell (row, col): text cleaned and cut, '' as None."""
        if isinstance(value, str):
            return self.text(value, row, col) if value else None
        return value

    def cell(self, value: Any, row: int, col: int, style: Any = None) -> Cell:
        """A cell at (row, col) holding ``value``; text stays text, even ``=1+1``."""
        cell = Cell(self.ws, row=row, column=col)
        if isinstance(value, str):
            if value:
                # Set directly: openpyxl's setter would store "=..." as a formula and "#N/A"
                # as an error (CWE-1236), and repeat the checks self.text has just made.
                cell._value = self.value(value, row, col)
                cell.data_type = "s"
        elif value is not None:
            cell.value = value  # a date sets its own number format: the column's replaces it
        # Shared, not copied: nothing changes a cell's style after this, the writer reads it.
        cell._style = style
        return cell

    def formula(self, formula: str, row: int, col: int, style: Any = None) -> Cell:
        """A cell holding one of our own formulas (never user text)."""
        cell = Cell(self.ws, row=row, column=col, style_array=style)
        cell.value = formula
        return cell
