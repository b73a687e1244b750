"""Reading a tracker a reviewer filled in: .xlsx, .ods, or its Claims sheet as .csv.

Columns are found by their headers (see :mod:`worksheet.columns`), in any order, any
case or spacing, and the header row may sit anywhere in the first ten rows. Columns a
reviewer added are kept in ``row.extra`` and ``tracker.extra_headers``. Values are read
as the reviewer meant them (:mod:`worksheet.tracker.normalise`).

Every problem is collected into ``tracker.problems`` with the cell it is in:
``Claims!I7`` is column I, sheet row 7, the position a person sees in Excel. A .csv is
read as the Claims sheet exported, so its problems use the same form: the column letter
of the field and the record's number (the header is row 1), which is the row the file
shows when opened in a spreadsheet. Only a file that cannot be read at all, or has no
Claims sheet or no header row, raises :class:`~worksheet.errors.TrackerError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import columns
from ..columns import Column
from ..errors import Problem, Severity, TrackerError
from ..models import ArticleMeta, Scale, Verdict
from ..scales import DEFAULT_SCALE, available, load_scale
from ..spreadsheet import open_workbook, read_sheet
from ..team.agreement import disagree
from ..textio import check_input_file
from . import layout, normalise
from .model import ConflictEntry, HistoryEntry, PriorEntry, SourceRow, Tracker, TrackerRow

#: The header row must be within this many rows of the top.
HEADER_SEARCH_ROWS = 10
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
Grid = list[list[Any]]


def column_letter(index: int) -> str:
    """The spreadsheet letters of a 0-based column index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Layout:
    """Where a table's columns are: its header row and each column's index."""

    sheet: str
    header_row: int
    """0-based index of the header row in the grid."""
    positions: dict[str, int]
    extras: list[tuple[int, str]] = field(default_factory=list)
    """Columns not in the declaration: (index, header), in sheet order."""

    def where(self, key: str, row: int) -> str:
        """The cell of column ``key`` in 0-based grid row ``row``, e.g. ``Claims!I7``."""
        return f"{self.sheet}!{column_letter(self.positions.get(key, 0))}{row + 1}"


class Collector:
    """Problems found while reading, in the order found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, code: str, message: str, severity: Severity = "error") -> None:
        """Record one problem."""
        self.problems.append(Problem(where=where, code=code, message=message,
                                     severity=severity))


# ---------------------------------------------------------------------------- layout


def _header_text(cell: Any) -> str:
    return normalise.text(cell) or ""


def _matches(headers: Sequence[str], cols: Sequence[Column]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        for col in cols:
            if col.key not in positions and col.matches(header):
                positions[col.key] = index
                break
    return positions


def _extras(grid: Grid, header_row: int, headers: list[str],
            positions: dict[str, int]) -> list[tuple[int, str]]:
    taken = set(positions.values())
    seen: set[str] = set()
    extras = []
    for index, header in enumerate(headers):
        if index in taken:
            continue
        if not header:
            # An unlabelled column still holds the reviewer's work when it has any.
            if not any(not normalise.is_blank(r[index]) for r in grid[header_row + 1:]):
                continue
            header = f"Column {column_letter(index)}"
        name, n = header, 2
        while name.casefold() in seen:
            name, n = f"{header} ({n})", n + 1
        seen.add(name.casefold())
        extras.append((index, name))
    return extras


def find_layout(grid: Grid, sheet: str, cols: Sequence[Column],
                required: Sequence[str]) -> Layout | None:
    """The layout of a table whose header row names every ``required`` column."""
    for row_index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        headers = [_header_text(c) for c in row]
        positions = _matches(headers, cols)
        if all(key in positions for key in required):
            return Layout(sheet, row_index, positions,
                          _extras(grid, row_index, headers, positions))
    return None


def _missing_columns(found: Layout, cols: Sequence[Column], out: Collector) -> None:
    for col in cols:
        if col.key not in found.positions and not col.optional:
            out.add(f"{found.sheet}!{found.header_row + 1}:{found.header_row + 1}",
                    "missing-column",
                    f'no "{col.header}" column; its values are read as empty', "warning")


# ---------------------------------------------------------------------------- claims


def _has_content(row: Sequence[Any]) -> bool:
    return any(not normalise.is_blank(v) for v in row)


@dataclass(frozen=True)
class Field:
    """How to read one column's cells into a model field."""

    key: str
    parse: Callable[[Any], Any] = normalise.text
    default: Any = None
    """The field's value when the cell is empty (or the column missing)."""
    keep_text: bool = False
    """On a bad value, keep the cell's text (a reviewer's word is never dropped)."""
    severity: Severity = "error"


def claim_fields(scale: Scale) -> tuple[Field, ...]:
    """How each Claims column is read, with ``scale`` for the Verdict column."""
    return (
        Field("claim", default=""), Field("passage", default=""),
        Field("paragraph", normalise.integer, severity="warning"),
        Field("type", default=""), Field("claimant", default=""),
        Field("priority", default=""), Field("sources", default=""),
        Field("verdict", partial(normalise.verdict, scale=scale), keep_text=True),
        Field("status", normalise.status, keep_text=True),
        Field("reviewer"), Field("checked_on", normalise.date, keep_text=True),
        Field("evidence"), Field("notes"),
        Field("second_verdict", partial(normalise.verdict, scale=scale), keep_text=True),
        Field("second_reviewer"),
    )


SOURCE_FIELDS: tuple[Field, ...] = (
    Field("source", default=""), Field("url"),
    Field("consulted", normalise.consulted, keep_text=True, severity="warning"),
    Field("notes"),
)


class _Cells:
    """Reads a table's rows into field dicts: fields resolved to positions once."""

    def __init__(self, found: Layout, fields: Sequence[Field], out: Collector) -> None:
        self.found = found
        self.out = out
        self.fields = [(f, found.positions[f.key]) for f in fields if f.key in found.positions]
        self.missing = {f.key: f.default for f in fields if f.key not in found.positions}

    def values(self, row: Sequence[Any], index: int) -> dict[str, Any]:
        """The row's fields, parsed; bad values reported at their cell."""
        values = dict(self.missing)
        for field_, position in self.fields:
            raw = row[position]  # grids are rectangular
            if raw == "":
                values[field_.key] = field_.default
                continue
            try:
                value = field_.parse(raw)
            except normalise.BadValue as bad:
                self.out.add(self.found.where(field_.key, index), bad.code, bad.message,
                             field_.severity)
                value = normalise.text(raw) if field_.keep_text else None
            values[field_.key] = field_.default if value is None else value
        if self.found.extras:
            values["extra"] = {header: (v.strip() if isinstance(v, str) else v)
                               for position, header in self.found.extras
                               if not normalise.is_blank(v := row[position])}
        values["cell_row"] = index + 1
        return values


def _check_claim(row: TrackerRow, found: Layout, today: dt.date, out: Collector,
                 scale: Scale) -> None:
    """Workflow checks on one read row: Done needs a verdict, a verdict needs evidence,
    two checks must agree."""
    index = (row.cell_row or 1) - 1
    if row.status == columns.WITHDRAWN:
        return
    if disagree(row, scale):
        out.add(found.where("second_verdict", index), "checks-disagree",
                f"{row.id}: the checks disagree ({row.verdict!r} by "
                f"{row.reviewer or 'the first reviewer'} in {found.where('verdict', index)}, "
                f"{row.second_verdict!r} by {row.second_reviewer or 'the second reviewer'}); "
                "an editor must settle it before it is Done")
    if row.status == columns.DONE and row.verdict is None:
        out.add(found.where("verdict", index), "done-without-verdict",
                f"{row.id} is Done but has no verdict")
    if row.verdict is not None and row.evidence is None:
        out.add(found.where("evidence", index), "verdict-without-evidence",
                f"{row.id} has a verdict but no evidence", "warning")
    if isinstance(row.checked_on, dt.date) and row.checked_on > today:
        out.add(found.where("checked_on", index), "future-date",
                f"{row.id} was checked on {row.checked_on.isoformat()}, a date in the future",
                "warning")


def read_claims(grid: Grid, found: Layout, scale: Scale, out: Collector,
                today: dt.date | None = None) -> list[TrackerRow]:
    """The Claims sheet's rows below the header; blank rows are skipped."""
    today = today or dt.date.today()
    cells = _Cells(found, claim_fields(scale), out)
    id_position = found.positions["id"]
    width = len(grid[0]) if grid else 0
    first_row: dict[str, int] = {}
    rows: list[TrackerRow] = []
    for index in range(found.header_row + 1, len(grid)):
        row = grid[index]
        # LibreOffice pads sheets with hundreds of empty rows: skip them cheaply.
        if row.count("") == width:
            continue
        ident = normalise.text(row[id_position])
        if ident is None:
            if _has_content(row):
                out.add(found.where("id", index), "missing-id",
                        "row has no ID; give it one or clear the row")
            continue
        if ident in first_row:
            out.add(found.where("id", index), "duplicate-id",
                    f"ID {ident} appears twice (also row {first_row[ident]})")
        else:
            first_row[ident] = index + 1
        # Validating a dict is faster in pydantic 2 than model_construct, and checks types.
        claim = TrackerRow.model_validate({"id": ident, **cells.values(row, index)})
        _check_claim(claim, found, today, out, scale)
        rows.append(claim)
    return rows


def read_sources(grid: Grid, found: Layout, out: Collector) -> list[SourceRow]:
    """The Sources sheet's rows below the header; blank rows are skipped."""
    cells = _Cells(found, SOURCE_FIELDS, out)
    id_position = found.positions["claim_id"]
    sources = []
    for index in range(found.header_row + 1, len(grid)):
        row = grid[index]
        ident = normalise.text(row[id_position])
        if ident is None:
            if _has_content(row):
                out.add(found.where("claim_id", index), "missing-id",
                        "source row has no claim ID", "warning")
            continue
        sources.append(SourceRow.model_validate({"claim_id": ident,
                                                 **cells.values(row, index)}))
    return sources


def read_log(grid: Grid, found: Layout, out: Collector) -> list[dict[str, Any]]:
    """The rows of a sheet the tool keeps (History, Conflicts) as text fields by key."""
    cells = _Cells(found, tuple(Field(key) for key in found.positions), out)
    id_position = found.positions.get("claim_id")
    records = []
    for index in range(found.header_row + 1, len(grid)):
        row = grid[index]
        if not _has_content(row) or (id_position is not None
                                     and normalise.is_blank(row[id_position])):
            continue
        values = cells.values(row, index)
        values.pop("extra", None)
        records.append(values)
    return records


def letters(found: Layout) -> dict[str, str]:
    """Column letters by key (added columns by header) of a read table."""
    found_letters = {key: column_letter(i) for key, i in found.positions.items()}
    return found_letters | {header: column_letter(i) for i, header in found.extras}


# ---------------------------------------------------------------------------- workbook


def _about(grid: Grid) -> dict[str, Any]:
    """The About sheet's key/value pairs (columns A and B), keys as written."""
    pairs: dict[str, Any] = {}
    for row in grid:
        key = normalise.text(row[0]) if row else None
        if key:
            pairs[key] = row[1] if len(row) > 1 else ""
    return pairs


def _about_get(about: dict[str, Any], key: str) -> Any:
    wanted = key.casefold()
    return next((v for k, v in about.items() if k.casefold() == wanted), "")


def meta_from_about(about: dict[str, Any], out: Collector) -> ArticleMeta:
    """The article's metadata from the About sheet; a bad URL is reported and dropped."""
    values = {name: normalise.text(_about_get(about, key)) for name, key in layout.ABOUT_META}
    try:
        return ArticleMeta(**values)
    except ValidationError:
        out.add(f"{columns.ABOUT_SHEET}!B", "bad-url",
                f"the article URL {values['url']!r} is not an http(s) link; ignored", "warning")
        return ArticleMeta(**{**values, "url": None})


def _fallback_scale(name: str | None, out: Collector, why: str) -> Scale:
    chosen = name if name in available() else DEFAULT_SCALE
    out.add(columns.SCALE_SHEET, "scale-fallback",
            f"{why}; using the shipped {chosen!r} scale", "warning")
    return load_scale(chosen)


def _verdicts(grid: Grid, out: Collector) -> list[Verdict]:
    header = next((i for i, r in enumerate(grid[:HEADER_SEARCH_ROWS])
                   if r and _header_text(r[0]).casefold() == layout.SCALE_HEADERS[0].casefold()),
                  None)
    if header is None:
        return []
    names = [_header_text(c).casefold() for c in grid[header]]
    where = {h.casefold(): names.index(h.casefold()) if h.casefold() in names else None
             for h in layout.SCALE_HEADERS}
    label_i, definition_i, colour_i, rating_i = where.values()
    verdicts = []
    for index, row in enumerate(grid[header + 1:], header + 2):
        def cell(i: int | None, row: list[Any] = row) -> Any:
            return row[i] if i is not None and i < len(row) else ""

        label = normalise.text(cell(label_i))
        if label is None:
            continue
        colour = (normalise.text(cell(colour_i)) or "FFFFFF").lstrip("#")
        try:
            rating = normalise.integer(cell(rating_i))
            verdicts.append(Verdict(label=label, definition=normalise.text(cell(definition_i))
                                    or "", colour=colour, rating=rating))
        except (normalise.BadValue, ValidationError):
            out.add(f"{columns.SCALE_SHEET}!A{index}", "bad-verdict",
                    f"verdict {label!r} has a bad colour or rating; its colour is ignored",
                    "warning")
            verdicts.append(Verdict(label=label, definition=normalise.text(cell(definition_i))
                                    or ""))
    return verdicts


def scale_from_sheets(scale_grid: Grid | None, about: dict[str, Any], out: Collector) -> Scale:
    """The scale the tracker was built with: its Scale sheet, named in About."""
    name = normalise.text(_about_get(about, layout.ABOUT_SCALE))
    if scale_grid is None:
        return _fallback_scale(name, out, "the tracker has no Scale sheet")
    verdicts = _verdicts(scale_grid, out)
    if not verdicts:
        return _fallback_scale(name, out, "the Scale sheet lists no verdicts")
    try:
        return Scale(
            name=name or "tracker",
            title=normalise.text(_about_get(about, layout.ABOUT_SCALE_TITLE)) or "",
            description=normalise.text(_about_get(about, layout.ABOUT_SCALE_DESCRIPTION)) or "",
            best_rating=normalise.integer(_about_get(about, layout.ABOUT_BEST)),
            worst_rating=normalise.integer(_about_get(about, layout.ABOUT_WORST)),
            verdicts=verdicts,
        )
    except (ValidationError, normalise.BadValue) as exc:
        return _fallback_scale(name, out, f"the Scale sheet is not a valid scale ({exc})")


def _sheet_name(names: Sequence[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    return next((n for n in names if n.strip().casefold() == wanted.casefold()), None)


def _grid(workbook: Any, name: str) -> Grid:
    # skip_empty_area=False keeps row and column indices equal to the sheet's.
    return read_sheet(workbook, name, name, TrackerError, skip_empty_area=False)


def _rectangular(rows: list[list[str]]) -> Grid:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _csv_grid(path: Path) -> Grid:
    """A CSV file's records as a grid of strings, whatever its encoding and delimiter."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrackerError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        content = str(best) if best is not None else data.decode("cp1252", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(content[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _rectangular(list(csv.reader(io.StringIO(content, newline=""), dialect)))


def _claims_layout(grid: Grid) -> Layout:
    found = find_layout(grid, columns.CLAIMS_SHEET, columns.CLAIM_COLUMNS, ("id", "claim"))
    if found is None:
        problem = Problem(f"{columns.CLAIMS_SHEET}!A1", "no-header",
                          f"no header row with ID and Claim in the first {HEADER_SEARCH_ROWS} "
                          "rows of the Claims sheet")
        raise TrackerError(problems=[problem])
    return found


def read_tracker(path: Path, scale: Scale | None = None, *,
                 today: dt.date | None = None) -> Tracker:
    """Read a filled tracker (.xlsx, .ods, or the Claims sheet as .csv).

    ``scale`` overrides the tracker's own Scale sheet (a .csv has none: without
    ``scale`` it is read with the default scale). ``today`` is for tests of dates in the
    future. Raises :class:`TrackerError` for an unreadable file, a workbook without a
    Claims sheet, or a Claims sheet without a header row.
    """
    path = Path(path)
    out = Collector()
    check_input_file(path, TrackerError)
    try:
        if path.suffix.lower() in CSV_SUFFIXES:
            tracker = _read_csv(path, scale, out, today)
        else:
            tracker = _read_workbook(path, scale, out, today)
    except TrackerError as exc:
        if exc.problems:
            exc.problems[:] = [Problem(f"{path.name} {p.where}".strip(), p.code, p.message,
                                       p.severity)
                               for p in exc.problems]
            exc.args = ("; ".join(str(p) for p in exc.problems),)
        raise
    tracker.problems = out.problems
    if tracker.conflicts:
        from ..team.conflicts import conflict_problems, open_conflicts

        tracker.problems += conflict_problems(open_conflicts(tracker))
    tracker.origin = str(path)
    return tracker


def _read_csv(path: Path, scale: Scale | None, out: Collector,
              today: dt.date | None) -> Tracker:
    grid = _csv_grid(path)
    found = _claims_layout(grid)
    scale = scale or load_scale(DEFAULT_SCALE)
    rows = read_claims(grid, found, scale, out, today)
    return Tracker(rows=rows, scale=scale, extra_headers=[h for _, h in found.extras],
                   cells=letters(found))


def _read_workbook(path: Path, scale: Scale | None, out: Collector,
                   today: dt.date | None) -> Tracker:
    workbook = open_workbook(path, TrackerError)
    names = list(workbook.sheet_names)
    claims_name = _sheet_name(names, columns.CLAIMS_SHEET)
    if claims_name is None:
        problem = Problem("", "no-claims-sheet",
                          f"no sheet called {columns.CLAIMS_SHEET}; sheets are: "
                          + ", ".join(names))
        raise TrackerError(problems=[problem])

    about_name = _sheet_name(names, columns.ABOUT_SHEET)
    about = _about(_grid(workbook, about_name)) if about_name else {}
    if scale is None:
        scale_name = _sheet_name(names, columns.SCALE_SHEET)
        scale = scale_from_sheets(_grid(workbook, scale_name) if scale_name else None,
                                  about, out)

    grid = _grid(workbook, claims_name)
    found = _claims_layout(grid)
    _missing_columns(found, columns.CLAIM_COLUMNS, out)
    rows = read_claims(grid, found, scale, out, today)

    sources: list[SourceRow] = []
    source_letters: dict[str, str] = {}
    sources_name = _sheet_name(names, columns.SOURCES_SHEET)
    if sources_name:
        source_grid = _grid(workbook, sources_name)
        source_layout = find_layout(source_grid, columns.SOURCES_SHEET,
                                    columns.SOURCE_COLUMNS, ("claim_id", "source"))
        if source_layout is not None:
            sources = read_sources(source_grid, source_layout, out)
            source_letters = letters(source_layout)

    meta = meta_from_about(about, out)
    known = {key.casefold() for _, key in layout.ABOUT_META}
    others = {k: normalise.text(v) or "" for k, v in about.items() if k.casefold() not in known}
    history = [HistoryEntry.model_validate(r) for r in _log(
        workbook, names, columns.HISTORY_SHEET, columns.HISTORY_COLUMNS,
        ("claim_id", "column"), out, columns.HISTORY_SHEET_ALIASES)]
    conflicts = [ConflictEntry.model_validate(r) for r in _log(
        workbook, names, columns.CONFLICTS_SHEET, columns.CONFLICT_COLUMNS,
        ("claim_id", "column"), out)]
    prior = [PriorEntry.model_validate(r) for r in _log(
        workbook, names, columns.PRIOR_SHEET, columns.PRIOR_COLUMNS, ("claim_id",), out)]
    return Tracker(rows=rows, sources=sources, scale=scale, meta=meta, about=others,
                   extra_headers=[h for _, h in found.extras], history=history,
                   conflicts=conflicts, prior=prior, cells=letters(found),
                   source_cells=source_letters)


def _log(workbook: Any, names: Sequence[str], sheet: str, cols: Sequence[Column],
         required: Sequence[str], out: Collector,
         aliases: Sequence[str] = ()) -> list[dict[str, Any]]:
    """A log sheet's records (History, Conflicts, Checked before); none when it is absent."""
    name = _sheet_name(names, sheet)
    for alias in aliases:
        name = name or _sheet_name(names, alias)
    if name is None:
        return []
    grid = _grid(workbook, name)
    found = find_layout(grid, sheet, cols, required)
    if found is None:
        out.add(f"{sheet}!A1", "no-header",
                f"the {sheet} sheet has no header row; its rows are not read", "warning")
        return []
    records = read_log(grid, found, out)
    # Required text fields of the models must not be None.
    for record in records:
        for key, value in list(record.items()):
            if value is None and key in ("when", "column", "place", "found", "command"):
                record[key] = ""
    return records
