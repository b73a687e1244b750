"""Finding formulas in a reviewer's copy: a verdict must be typed, never computed.

python-calamine gives a formula cell's last computed value, which would look like a
typed one; these functions look in the file itself for the Claims sheet's formulas.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException, ElementTree

from .. import columns
from ..errors import TrackerError

_XLSX_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>(?:(?!</c>).){0,200}?<f[ >/]',
                           re.DOTALL)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def formula_cells(path: Path, sheet: str = columns.CLAIMS_SHEET) -> list[str]:
    """The cells of ``sheet`` holding a formula (``Claims!I5``), in an .xlsx or .ods file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return _xlsx(archive, sheet)
            if "content.xml" in names:
                return _ods(archive, sheet)
    except (zipfile.BadZipFile, OSError, KeyError, ElementTree.ParseError):
        return []  # not a workbook we can look into: the reader says why
    except DefusedXmlException as exc:
        # Neither Excel nor LibreOffice writes a DTD or entities: refuse rather than skip
        # the formula check on a file made to get past it.
        raise TrackerError(f"{path}: its XML declares a DTD or entities, which Excel and "
                           "LibreOffice never write; save it again from one of them") from exc
    return []


def _xlsx(archive: zipfile.ZipFile, sheet: str) -> list[str]:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet")
                   if (s.get("name") or "").casefold() == sheet.casefold()), None)
    if rel_id is None:
        return []
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") or "" for r in rels.iter(f"{_PKG_REL}Relationship")
                   if r.get("Id") == rel_id), "")
    part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    data = archive.read(part)
    # <formula> elements (validations, conditional formats) are not cell formulas.
    if b"<f>" not in data and b"<f " not in data and b"<f/>" not in data:
        return []
    return [f"{sheet}!{m.group(1).decode()}" for m in _XLSX_FORMULA.finditer(data)]


def _ods(archive: zipfile.ZipFile, sheet: str) -> list[str]:
    from ..tracker.read import column_letter

    found: list[str] = []
    with archive.open("content.xml") as fh:
        in_sheet, row, col = False, 0, 0
        for event, el in ElementTree.iterparse(fh, events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "table" and event == "start":
                name = el.get(f"{{{_TABLE}}}name") or ""
                in_sheet, row = name.casefold() == sheet.casefold(), 0
            elif not in_sheet or event != "end":
                continue
            elif tag == "table-row":
                row += int(el.get(f"{{{_TABLE}}}number-rows-repeated") or 1)
                col = 0
                el.clear()
            elif tag in ("table-cell", "covered-table-cell"):
                if el.get(f"{{{_TABLE}}}formula"):
                    found.append(f"{sheet}!{column_letter(col)}{row + 1}")
                col += int(el.get(f"{{{_TABLE}}}number-columns-repeated") or 1)
            elif tag == "table":
                break
    return found
