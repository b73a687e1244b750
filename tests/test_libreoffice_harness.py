"""The LibreOffice harness against the real soffice: conversions and a typing reviewer."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
from libreoffice import Edit, LibreOfficeError, require_libreoffice, review
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.libreoffice

SHEET = "Claims"
EDITS = [
    Edit(SHEET, "A2", "False"),
    Edit(SHEET, "B2", "False"),
    Edit(SHEET, "A3", "007"),
    Edit(SHEET, "B3", "007"),
    Edit(SHEET, "B4", "=1+1"),
    Edit(SHEET, "C2", "2021-12-08"),
    Edit(SHEET, "D2", "Bogus"),
    Edit(SHEET, "D3", "Done"),
]


@pytest.fixture(scope="module")
def blank_tracker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Claims sheet: A General, B Text (@), C date, D Text with a strict list validation."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["General", "Text", "Date", "Status"])
    for row in range(2, 6):
        ws.cell(row, 2).number_format = "@"
        ws.cell(row, 3).number_format = "yyyy-mm-dd"
        ws.cell(row, 4).number_format = "@"
    status = DataValidation(type="list", formula1='"Done,In progress"', allow_blank=True,
                            showErrorMessage=True, errorStyle="stop", error="Pick a status")
    status.add("D2:D5")
    ws.add_data_validation(status)
    path = tmp_path_factory.mktemp("blank") / "tracker.xlsx"
    wb.save(path)
    # As if a person had the file open in LibreOffice: opened in place, it would load
    # read-only and ignore every keystroke. The harness must work on its own copy.
    lock = path.with_name(f".~lock.{path.name}#")
    lock.write_text("Someone Else,bob,otherhost,25.11.2025 10:00,file:///home/bob/lo;")
    return path


@pytest.fixture(scope="module", params=["xlsx", "ods"])
def reviewed(request: pytest.FixtureRequest, blank_tracker: Path) -> list[list[object]]:
    """The blank tracker typed into by LibreOffice, saved in one format, read by calamine."""
    require_libreoffice(uno=True)
    out = blank_tracker.with_name(f"reviewed.{request.param}")
    review(blank_tracker, EDITS, out, request.param)
    return CalamineWorkbook.from_path(out).get_sheet_by_name(SHEET).to_python()


def test_general_cell_turns_false_into_a_boolean(reviewed: list[list[object]]) -> None:
    assert reviewed[1][0] is False


def test_general_cell_turns_007_into_a_number(reviewed: list[list[object]]) -> None:
    assert reviewed[2][0] == 7.0


def test_text_cells_keep_what_was_typed(reviewed: list[list[object]]) -> None:
    assert [reviewed[1][1], reviewed[2][1], reviewed[3][1]] == ["False", "007", "=1+1"]


def test_date_cell_turns_iso_text_into_a_date(reviewed: list[list[object]]) -> None:
    assert reviewed[1][2] == dt.date(2021, 12, 8)


def test_enter_string_bypasses_list_validation(reviewed: list[list[object]]) -> None:
    # Documents LibreOffice's behaviour: validity is checked by the keyboard input
    # handler, which EnterString skips, so a reviewer simulated this way can store an
    # entry a person at the keyboard would be refused. Readers must still check values.
    assert [reviewed[1][3], reviewed[2][3]] == ["Bogus", "Done"]


def test_review_reports_a_missing_sheet(libreoffice: ModuleType, blank_tracker: Path,
                                        tmp_path: Path) -> None:
    require_libreoffice(uno=True)
    with pytest.raises(LibreOfficeError, match="no sheet 'Nope'"):
        libreoffice.review(blank_tracker, [Edit("Nope", "A1", "x")], tmp_path / "o.xlsx",
                           "xlsx")
    assert not (tmp_path / "o.xlsx").exists()


def test_review_gives_up_at_its_timeout(blank_tracker: Path, tmp_path: Path) -> None:
    require_libreoffice(uno=True)
    with pytest.raises(LibreOfficeError, match=r"couldn.t connect|timed out"):
        review(blank_tracker, EDITS, tmp_path / "late.xlsx", "xlsx", timeout=0.01)


def test_convert_to_pdf_makes_a_pdf(libreoffice: ModuleType, blank_tracker: Path,
                                    tmp_path: Path) -> None:
    pdf = libreoffice.convert(blank_tracker, "pdf", tmp_path)
    assert pdf == tmp_path / "tracker.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_convert_reports_a_file_soffice_cannot_load(libreoffice: ModuleType,
                                                   tmp_path: Path) -> None:
    with pytest.raises(LibreOfficeError, match="no such file"):
        libreoffice.convert(tmp_path / "missing.xlsx", "pdf", tmp_path)


def test_sheets_to_csv_computes_formulas(libreoffice: ModuleType, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    claims = wb.active
    claims.title = SHEET
    claims.append(["ID", "Status"])
    for i, status in enumerate(["Done", "In progress", "Done", "Done"], start=1):
        claims.append([f"C{i}", status])
    summary = wb.create_sheet("Summary of claims")
    summary.append(["Done", f'=COUNTIF({SHEET}!B2:B5,"Done")'])
    src = tmp_path / "counts.xlsx"
    wb.save(src)

    sheets = libreoffice.convert_sheets_to_csv(src, tmp_path / "csv")

    assert set(sheets) == {SHEET, "Summary of claims"}
    with sheets["Summary of claims"].open(newline="", encoding="utf-8") as f:
        assert list(csv.reader(f)) == [["Done", "3"]]
    with sheets[SHEET].open(newline="", encoding="utf-8") as f:
        assert list(csv.reader(f))[1] == ["C1", "Done"]
