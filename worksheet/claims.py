"""Loading a claims file: YAML, JSON, CSV, or a sheet of an .xlsx workbook.

Every problem is collected and reported at once with its place in the file:
``claims.yaml:14:7 claims[3].sources[0].url: not an http, https or mailto URL``
(``claims.xlsx Claims!C4`` for a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ClaimsError, Problem
from .models import Claim, ClaimsFile
from .structured import Loc, Locate, load_structured, locator, validate
from .textio import check_input_file, read_text

#: Claims files larger than this are refused: a worksheet of more is not a worksheet.
MAX_CLAIMS = 50_000
CLAIM_FIELDS = tuple(Claim.model_fields)
# Any scheme is taken as a URL here, so that an unsafe one is refused by validation
# rather than slipping through as a title.
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+|(?:mailto|javascript|data|file|vbscript):\S+",
                  re.IGNORECASE)
_SOURCE_SPLIT = re.compile(r"\s*(?:\n|\s\|\s)\s*")


@dataclass
class LoadedClaims:
    """A validated claims file, with a way to locate any of its parts."""

    claims_file: ClaimsFile
    locate: Locate
    path: Path

    @property
    def claims(self) -> list[Claim]:
        return self.claims_file.claims


def load_claims(path: str | Path) -> LoadedClaims:
    """Read and validate a claims file; raise :class:`ClaimsError` with every problem.

    >>> load_claims("examples/putin-biden/claims.yaml").claims[0].id
    'C1'
    """
    path = Path(path)
    check_input_file(path, ClaimsError)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        data, locate = load_structured(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        data, locate = _load_csv(path)
    elif suffix in (".xlsx", ".xlsm", ".ods"):
        data, locate = _load_sheet(path)
    else:
        raise ClaimsError(f"{path}: unknown claims file type {suffix!r}; "
                          "use .yaml, .json, .csv or .xlsx")
    data, locate = _normalise_shape(data, locate, path)
    _check_ids(data, locate)
    claims_file = validate(ClaimsFile, data, locate, str(path))
    return LoadedClaims(claims_file, locate, path)


def _normalise_shape(data: Any, locate: Locate, path: Path) -> tuple[Any, Locate]:
    """Accept a bare list of claims, and bare strings as claims."""
    if data is None:
        raise ClaimsError(f"{path}: the claims file is empty")
    if isinstance(data, list):
        data = {"claims": data}
        inner = locate

        def locate(loc: Loc) -> str:
            return inner(loc[1:] if loc[:1] == ("claims",) else loc)

    if not isinstance(data, dict):
        message = "expected a list of claims or a mapping with 'claims:'"
        raise ClaimsError(problems=[Problem(locate(()), "shape", message)])
    claims = data.get("claims")
    if isinstance(claims, list):
        if len(claims) > MAX_CLAIMS:
            raise ClaimsError(f"{path}: {len(claims):,} claims is more than the limit of "
                              f"{MAX_CLAIMS:,}; split the file")
        data["claims"] = [{"claim": c} if isinstance(c, str) else c for c in claims]
    return data, locate


def _check_ids(data: dict[str, Any], locate: Locate) -> None:
    claims = data.get("claims")
    if not isinstance(claims, list):
        return
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(claims):
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            continue
        key = str(item["id"]).strip()
        if key in first:
            problems.append(Problem(locate(("claims", i, "id")), "duplicate-id",
                                    f"claims[{i}].id: {key!r} is already the id of "
                                    f"claims[{first[key]}]; ids must be unique"))
        else:
            first[key] = i
    if problems:
        raise ClaimsError(problems=problems)


def parse_sources(text: str) -> list[dict[str, str]]:
    """Sources from one spreadsheet cell: one per line (or ' | '), each a title and/or URL."""
    out = []
    for item in _SOURCE_SPLIT.split(text.strip()):
        if not item:
            continue
        match = _URL.search(item)
        if match:
            url = match.group(0).rstrip(").,;>")
            title = (item[: match.start()] + item[match.end():]).strip(" -–—:<>()")
            out.append({"title": title, "url": url} if title else {"url": url})
        else:
            out.append({"title": item})
    return out


def _rows_to_claims(header: Sequence[Any], rows: Sequence[Sequence[Any]], row_numbers: list[int],
                    where_cell: Any, name: str) -> tuple[Any, Locate]:
    """Claims from a table with a header row: columns are the claim fields."""
    import difflib

    keys: list[str | None] = []
    problems: list[Problem] = []
    for col, cell in enumerate(header):
        key = " ".join(str(cell).split()).casefold().replace(" ", "_")
        if not key:
            keys.append(None)
        elif key in CLAIM_FIELDS:
            keys.append(key)
        else:
            close = difflib.get_close_matches(key, CLAIM_FIELDS, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(Problem(where_cell(col, 0), "unknown-column",
                                    f"unknown column {str(cell)!r}{hint}; "
                                    f"columns are {', '.join(CLAIM_FIELDS)}"))
            keys.append(None)
    if "claim" not in keys and not problems:
        problems.append(Problem(where_cell(0, 0), "no-claim-column",
                                "the header row has no 'claim' column"))
    if problems:
        raise ClaimsError(problems=problems)
    positions: dict[Loc, str] = {(): name}
    claims = []
    for index, (row, number) in enumerate(zip(rows, row_numbers, strict=True)):
        item: dict[str, Any] = {}
        positions[("claims", index)] = where_cell(0, number)
        for col, key in enumerate(keys):
            value = row[col] if col < len(row) else ""
            if key is None or value is None or value == "":
                continue
            positions[("claims", index, key)] = where_cell(col, number)
            if key == "sources":
                value = parse_sources(str(value))
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            item[key] = value
        claims.append(item)
    return {"claims": claims}, locator(positions, name)


def _load_csv(path: Path) -> tuple[Any, Locate]:
    text = read_text(path)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    # strict: an unclosed quote is an error, not the rest of the file read as one cell.
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(reader.line_num)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ClaimsError(problems=[Problem(f"{path}:{start}", "csv",
                                            f"malformed CSV in the record starting here: {exc} "
                                            "(a quote not closed, or text after one?)")]) from exc
    if not rows:
        raise ClaimsError(f"{path}: the claims file is empty")
    name = str(path)

    def where_cell(col: int, row: int) -> str:
        return f"{name}:{lines[row]}:{col + 1}"

    return _rows_to_claims(rows[0], rows[1:], list(range(1, len(rows))), where_cell, name)


def _load_sheet(path: Path) -> tuple[Any, Locate]:
    from openpyxl.utils import get_column_letter

    from .spreadsheet import open_workbook, read_sheet

    book = open_workbook(path, ClaimsError)
    names = book.sheet_names
    sheet_name = next((n for n in names if n.casefold() == "claims"), names[0])
    rows = [list(r) for r in read_sheet(book, sheet_name, f"{path} {sheet_name}", ClaimsError)]
    numbers = [i + 1 for i, r in enumerate(rows) if any(c not in ("", None) for c in r)]
    if not numbers:
        raise ClaimsError(f"{path} {sheet_name}: the sheet is empty")
    header_index = numbers[0] - 1
    body = [rows[n - 1] for n in numbers[1:]]

    def where_cell(col: int, row: int) -> str:
        return f"{path} {sheet_name}!{get_column_letter(col + 1)}{row or numbers[0]}"

    return _rows_to_claims(rows[header_index], body, numbers[1:], where_cell, str(path))
