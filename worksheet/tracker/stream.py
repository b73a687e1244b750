"""The Claims and Sources rows written as XML directly, inside openpyxl's write-only stream.

openpyxl makes a Cell object per value, numbers its style per cell, writes each cell
through an incremental-XML context manager, and turns every hyperlink into a Hyperlink
and a Relationship object serialised one by one. For a tracker of 10,000 claims that
was most of the writing time. Here a row becomes one lxml element built in a few C
calls, each column's style is numbered once, and the hyperlinks and their relationships
are built as plain elements at the end. openpyxl still writes everything else: the
sheet's head and tail (widths, panes, filter, validations, formats), the other sheets
and the package.

This reaches into openpyxl's write-only internals (3.1). Should they change, the rows
go through openpyxl's public Cell path instead: slower, the same file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from lxml.etree import Element, SubElement
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.packaging.relationship import RelationshipList
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.constants import REL_NS, XML_NS

from .checks import quoted

_SPACE = f"{{{XML_NS}}}space"
_REL_ID = f"{{{REL_NS}}}id"
_HYPERLINK = f"{REL_NS}/hyperlink"


class Out(NamedTuple):
    """One cell to write: a value made safe by the CellMaker, its style, and a link."""

    value: Any
    style: Any
    """The cell's style (an openpyxl StyleArray), shared by its column."""
    link: str | None = None
    """A safe URL the cell links to; the cell shows ``value`` (usually the URL itself)."""


#: Excel refuses a text constant longer than this inside a formula.
FORMULA_TEXT_LIMIT = 255


def hyperlink_formula(url: str, value: Any) -> str | None:
    """``HYPERLINK("url")`` for a cell showing its own URL; None when that cannot be one.

    Calc draws a cell holding a hyperlink (a relationship) as one unwrapped line, cut at
    the column's edge, so a long URL cannot be read there; a HYPERLINK formula's result
    wraps like any text, and is a link in Excel and Calc alike. The URL is our own,
    checked safe (http, https, mailto; no spaces); its quotes are doubled. The cached
    result is the URL, so readers of cell values (python-calamine) see the URL.
    """
    if value != url or len(url) > FORMULA_TEXT_LIMIT:
        return None
    return f"HYPERLINK({quoted(url)})"


class _Rels(RelationshipList):
    """A sheet's relationships, its many hyperlinks kept as (id, URL) pairs, not objects."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def __len__(self) -> int:
        # Counted so that openpyxl numbers any later relationship after the links.
        return super().__len__() + len(self.links)

    def add_link(self, url: str) -> str:
        """Add an external hyperlink relationship; its id."""
        r_id = f"rId{len(self) + 1}"
        self.links.append((r_id, url))
        return r_id

    def to_tree(self) -> Any:
        """The relationships part, links included."""
        tree = super().to_tree()
        for r_id, url in self.links:
            SubElement(tree, "Relationship", {"Type": _HYPERLINK, "Target": url,
                                              "TargetMode": "External", "Id": r_id})
        return tree


def _as_given(row: Any, row_idx: int) -> Any:
    return row


class RowStream:
    """Appends rows of :class:`Out` cells to a write-only sheet, as fast as it can."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.row = 0
        self._links: list[tuple[str, str]] = []
        self._ids: dict[int, str] = {}
        self._letters: list[str] = []
        #: Whether rows go the fast way; None once the closing blank rows are written.
        self.fast: bool | None = self._take_over(ws)

    def _take_over(self, ws: Any) -> bool:
        try:
            ws._get_writer()
            writer = ws._writer
            if not (callable(writer.write_row) and callable(writer.write_hyperlinks)
                    and isinstance(writer._rels, RelationshipList)):
                return False
        except AttributeError:
            return False
        writer.write_row = self._write_row
        writer.write_hyperlinks = self._write_hyperlinks
        writer._rels = _Rels()
        # The sheet passes what is appended straight to write_row.
        ws._values_to_row = _as_given
        return True

    def append(self, cells: Sequence[Out], height: float | None = None) -> None:
        """Write the next row; ``height`` in points, or None for the default."""
        self.row += 1
        if self.fast is None:
            raise RuntimeError("rows after the blank rows that end a sheet")
        if self.fast:
            self.ws.append(_Row(cells, height))
        else:
            self._append_cells(cells, height)

    def end_with_blanks(self, cells: Sequence[Out], count: int) -> None:
        """Write ``count`` rows of the value-less ``cells``; the sheet's last rows."""
        if self.fast and count > 0:
            # One row through openpyxl's stream, written ``count`` times over: its own
            # row count stays one behind, so no row may follow (append refuses).
            self.row += count
            if any(out.value is not None for out in cells):
                raise ValueError("blank rows with values")
            self.ws.append(_Row(cells, None, count))
            self.fast = None
            return
        for _ in range(count):
            self.append(cells)

    # ------------------------------------------------------------------ fast path

    def _style_id(self, style: Any) -> str:
        key = id(style)
        found = self._ids.get(key)
        if found is None:
            cell = Cell(self.ws)
            cell._style = style
            found = self._ids[key] = str(cell.style_id) if cell.has_style else ""
        return found

    def _letter(self, col: int) -> str:
        while len(self._letters) <= col:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters[col]

    def _write_row(self, xf: Any, row: _Row, row_idx: int) -> None:
        el = self._build_row(row, row_idx)
        if row.repeat > 1:
            # The empty rows that end a table: one row built, renumbered for the others.
            letters = [cell.get("r").rstrip("0123456789") for cell in el]
            xf.write(el)
            for again in range(row_idx + 1, row_idx + row.repeat):
                xf.write(self._renumber(el, letters, again))
            return
        xf.write(el)

    @staticmethod
    def _renumber(el: Any, letters: list[str], row_idx: int) -> Any:
        """The blank row ``el`` moved to row ``row_idx`` (its cells' references too)."""
        number = str(row_idx)
        el.set("r", number)
        for cell, letter in zip(el, letters, strict=True):
            cell.set("r", letter + number)
        return el

    def _build_row(self, row: _Row, row_idx: int) -> Any:
        """Row ``row_idx`` as a ``row`` element; its links noted for the sheet's end."""
        attrs = {"r": str(row_idx)}
        if row.height:
            attrs["ht"] = safe_string(row.height)
            attrs["customHeight"] = "1"
        el = Element("row", attrs)
        for col, out in enumerate(row.cells):
            ref = f"{self._letter(col)}{row_idx}"
            style = self._style_id(out.style)
            value = out.value
            if value is None:
                if style:
                    SubElement(el, "c", {"r": ref, "s": style})
                continue
            attrs = {"r": ref, "s": style} if style else {"r": ref}
            formula = hyperlink_formula(out.link, value) if out.link else None
            if formula:
                # Stored without "=", with the result cached (Excel recalculates on load).
                attrs["t"] = "str"
                cell = SubElement(el, "c", attrs)
                SubElement(cell, "f").text = formula
                SubElement(cell, "v").text = value
                continue
            if isinstance(value, str):
                attrs["t"] = "inlineStr"
                text = SubElement(SubElement(SubElement(el, "c", attrs), "is"), "t")
                text.text = value
                if value != value.strip():
                    text.set(_SPACE, "preserve")
            elif not _number(el, attrs, value):
                self._other(el, value, out.style, row_idx, col + 1)
            if out.link:
                self._links.append((ref, out.link))
        return el

    def _other(self, row: Any, value: Any, style: Any, row_idx: int, col: int) -> None:
        """A value of any other type, as openpyxl converts it (or refuses it)."""
        cell = Cell(self.ws, row=row_idx, column=col)
        cell.value = value
        cell._style = style
        etree_write_cell(_Into(row), self.ws, cell, cell.has_style)

    def _write_hyperlinks(self) -> None:
        if not self._links:
            return
        rels = self.ws._writer._rels
        el = Element("hyperlinks")
        for ref, url in self._links:
            if url.startswith("#"):  # a place in this workbook: no relationship
                SubElement(el, "hyperlink", {"ref": ref, "location": url[1:]})
            else:
                SubElement(el, "hyperlink", {"ref": ref, _REL_ID: rels.add_link(url)})
        self.ws._writer.xf.send(el)

    # ------------------------------------------------------------------ public path

    def _append_cells(self, cells: Sequence[Out], height: float | None) -> None:
        if height:
            self.ws.row_dimensions[self.row].height = height
        row = []
        for col, out in enumerate(cells, 1):
            cell = Cell(self.ws, row=self.row, column=col)
            # No HYPERLINK formula here: openpyxl stores no cached result for a formula,
            # so value readers (calamine, our reader) would see an empty URL. The text is
            # linked instead, which Calc shows on one line but keeps whole.
            if isinstance(out.value, str):
                cell._value, cell.data_type = out.value, "s"  # text, never a formula
            else:
                cell.value = out.value
            cell._style = out.style
            if out.link:
                cell.hyperlink = (Hyperlink(ref=cell.coordinate, location=out.link[1:])
                                  if out.link.startswith("#") else out.link)
            row.append(cell)
        self.ws.append(row)


class _Row(list):  # type: ignore[type-arg]  # a list, as openpyxl's append requires
    """A row's cells and height on their way through openpyxl's stream."""

    def __init__(self, cells: Sequence[Out], height: float | None, repeat: int = 1) -> None:
        super().__init__()
        self.cells = cells
        self.height = height
        self.repeat = repeat


class _Into:
    """Where openpyxl's cell writer writes: into our row element."""

    def __init__(self, row: Any) -> None:
        self.row = row

    def write(self, el: Any) -> None:
        """Add the cell's element to the row."""
        self.row.append(el)


def _number(row: Any, attrs: dict[str, str], value: Any) -> bool:
    """A boolean, number or date cell, written as openpyxl writes it; False for others."""
    if isinstance(value, bool):
        attrs["t"] = "b"
        text = "1" if value else "0"
    elif isinstance(value, (int, float)):
        attrs["t"] = "n"
        text = "" if math.isnan(value) or math.isinf(value) else safe_string(value)
    elif isinstance(value, (dt.datetime, dt.date)):
        if getattr(value, "tzinfo", None) is not None:
            raise TypeError("Excel does not support timezones in datetimes")
        attrs["t"] = "n"
        text = safe_string(to_excel(value))
    elif isinstance(value, (dt.time, dt.timedelta)):
        attrs["t"] = "n"
        text = safe_string(to_excel(value))
    else:
        return False
    SubElement(SubElement(row, "c", attrs), "v").text = text
    return True
