"""Reading a filled tracker back: layouts, typed values, problems at the right cell."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import tracker_fixtures as fx

from worksheet import columns
from worksheet.errors import TrackerError
from worksheet.scales import load_scale
from worksheet.tracker import normalise
from worksheet.tracker.read import column_letter, read_tracker

TODAY = dt.date(2024, 3, 5)


def problems_by_code(tracker) -> dict[str, list]:
    found: dict[str, list] = {}
    for p in tracker.problems:
        found.setdefault(p.code, []).append(p)
    return found


@pytest.fixture(scope="module")
def filled_path(tmp_path_factory) -> Path:
    return fx.filled(tmp_path_factory.mktemp("read"))


@pytest.fixture(scope="module")
def filled(filled_path):
    return read_tracker(filled_path, today=TODAY)


def by_id(tracker):
    return {r.id: r for r in tracker.rows}


# ----------------------------------------------------------------------------- values


def test_typed_values_read_as_the_reviewer_meant_them(filled):
    rows = by_id(filled)
    assert rows["C1"].verdict == "False"  # a boolean FALSE in the cell
    assert rows["2"].verdict == "Mostly true"  # ' mostly  true ', ID typed as 2.0
    assert rows["2"].status == "Done"  # 'done'
    assert rows["C1"].notes == "=not a formula"
    assert rows["C1"].checked_on == dt.date(2021, 12, 8)  # a date cell
    assert rows["2"].checked_on == dt.date(2021, 12, 8)  # serial number 44538
    assert rows["C3"].checked_on == dt.date(2021, 12, 7)  # text
    assert rows["C3"].reviewer == "ana"
    assert rows["C1"].paragraph == 1 and isinstance(rows["C1"].paragraph, int)
    assert rows["C8"].status == columns.NOT_STARTED and rows["C8"].verdict is None
    assert rows["C1"].cell_row == 2 and rows["C8"].cell_row == 9


def test_unknown_verdict_is_kept_and_located_with_a_suggestion(filled):
    assert by_id(filled)["C3"].verdict == "Flase"
    [problem] = problems_by_code(filled)["unknown-verdict"]
    assert problem.where == f"Claims!{fx.letter('verdict')}4"
    assert problem.message == '"Flase" is not a verdict on this scale (did you mean "False"?)'
    assert problem.severity == "error"


def test_workflow_problems(filled):
    found = problems_by_code(filled)
    assert [p.where for p in found["done-without-verdict"]] == [f"Claims!{fx.letter('verdict')}8"]
    assert [p.where for p in found["future-date"]] == [f"Claims!{fx.letter('checked_on')}5"]
    assert [p.where for p in found["verdict-without-evidence"]] == [
        f"Claims!{fx.letter('evidence')}4"]
    # The withdrawn claim has a verdict and evidence but is not checked.
    assert not any(p.where.endswith("6") for p in filled.problems)


def test_scale_meta_about_and_sources(filled):
    assert filled.scale.name == "default"
    assert filled.scale.labels == load_scale("default").labels
    assert filled.scale.get("True").rating == 6
    assert filled.scale.best_rating == 6 and filled.scale.worst_rating == 1
    assert filled.meta.title == "What <Putin> & Biden said"
    assert filled.meta.date == "2021-12-09"
    assert filled.about["Tracker format"] == columns.TRACKER_FORMAT
    assert len(filled.sources) == 8 and filled.sources[0].url == "https://example.org/s1"


def test_scale_argument_overrides_the_sheet(filled_path):
    tracker = read_tracker(filled_path, load_scale("politifact"), today=TODAY)
    assert tracker.scale.name == "politifact"
    assert by_id(tracker)["C1"].verdict == "False"
    assert by_id(tracker)["2"].verdict == "Mostly True"
    assert "unknown-verdict" in problems_by_code(tracker)  # Mixed is not a PolitiFact rating


def test_sources_consulted_read_as_yes_no(tmp_path):
    path = fx.edit(fx.write_fresh(tmp_path / "t.xlsx"),
                   {"D2": True, "D3": "y", "D4": "NO", "D5": "maybe", "E2": " fine "},
                   sheet=columns.SOURCES_SHEET)
    tracker = read_tracker(path, today=TODAY)
    consulted = [s.consulted for s in tracker.sources[:4]]
    assert consulted == ["Yes", "Yes", "No", "maybe"]
    assert tracker.sources[0].notes == "fine"
    assert [p.where for p in tracker.problems if p.code == "unknown-choice"] == ["Sources!D5"]


# ----------------------------------------------------------------------------- layouts


def test_reordered_columns_added_column_header_moved_down_and_padding(tmp_path):
    headers = ["verdict", "  CLAIM ", "Checked  on", "My notes", "id", "Status", "", "Evidence"]
    rows = [
        ["Flase", "First claim", dt.date(2021, 12, 7), "ask Ana", 7.0, "DONE", "", "e"],
        ["true", "Second claim", "2021-12-08", None, "C2", "in progress", "stray", None],
    ]
    path = fx.handmade(tmp_path / "moved.xlsx", headers, rows, top=3, padding=1000)
    tracker = read_tracker(path, today=TODAY)
    first, second = tracker.rows
    assert (first.id, first.claim, first.status, first.checked_on) == (
        "7", "First claim", "Done", dt.date(2021, 12, 7))
    assert (second.verdict, second.status) == ("True", "In progress")
    assert tracker.extra_headers == ["My notes", "Column G"]
    assert first.extra == {"My notes": "ask Ana"} and second.extra == {"Column G": "stray"}
    assert first.cell_row == 4
    [bad] = [p for p in tracker.problems if p.code == "unknown-verdict"]
    assert bad.where == "Claims!A4"  # the Verdict column's real position
    missing = {p.message for p in tracker.problems if p.code == "missing-column"}
    assert any('"Article passage"' in m for m in missing)


def test_row_without_id_and_duplicate_ids(tmp_path):
    headers = ["ID", "Claim", "Verdict", "Status"]
    rows = [["C1", "a", "", ""], ["", "orphan", "True", ""], ["C1", "b", "", ""],
            ["", "", "", ""], ["C3", "c", "=A1", ""]]
    tracker = read_tracker(fx.handmade(tmp_path / "ids.xlsx", headers, rows), today=TODAY)
    assert [r.id for r in tracker.rows] == ["C1", "C1", "C3"]
    found = problems_by_code(tracker)
    assert [p.where for p in found["missing-id"]] == ["Claims!A3"]
    assert [p.where for p in found["duplicate-id"]] == ["Claims!A4"]
    assert "row 2" in found["duplicate-id"][0].message
    assert [p.where for p in found["verdict-formula"]] == ["Claims!C6"]


def test_header_not_found_is_one_error(tmp_path):
    path = fx.handmade(tmp_path / "nohead.xlsx", ["Name", "Text"], [["a", "b"]])
    with pytest.raises(TrackerError, match="no header row with ID and Claim") as info:
        read_tracker(path)
    assert info.value.problems[0].where == "nohead.xlsx Claims!A1"


def test_missing_claims_sheet_names_the_sheets(tmp_path):
    path = fx.handmade(tmp_path / "x.xlsx", ["ID", "Claim"], [["C1", "a"]], sheets=["Notes"])
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["Claims"].title = "Sheet9"
    wb.save(path)
    with pytest.raises(TrackerError, match="no sheet called Claims; sheets are: Sheet9, Notes"):
        read_tracker(path)


@pytest.mark.parametrize(("content", "match"), [
    (b"this is not a spreadsheet at all", "not a spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
    (b"PK\x03\x04 truncated zip", "damaged"),
])
def test_unreadable_files_give_one_line_naming_the_file(tmp_path, content, match):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(TrackerError, match=match) as info:
        read_tracker(path)
    message = str(info.value)
    assert "broken.xlsx" in message and "\n" not in message


def test_zip_that_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(TrackerError, match=r"notes\.xlsx"):
        read_tracker(path)


# ----------------------------------------------------------------------------- csv, ods


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8-sig"), (";", "cp1252")])
def test_csv_export_of_the_claims_sheet(tmp_path, delimiter, encoding):
    path = tmp_path / "claims.csv"
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["ID", "Claim", "Verdict", "Status", "Checked on", "Notes"])
        writer.writerow(["C1", "Café claim,\nover two lines", "FALSE", "Done", "2021-12-07",
                         "é"])
        writer.writerow(["C2", "Second", "Flase", "", "07/12/2021", ""])
        writer.writerow(["", "", "", "", "", ""])
    tracker = read_tracker(path, today=TODAY)
    first, _ = tracker.rows
    assert first.claim == "Café claim,\nover two lines" and first.verdict == "False"
    assert first.checked_on == dt.date(2021, 12, 7) and first.notes == "é"
    found = problems_by_code(tracker)
    # Records, not physical lines: C2 is row 3 as a spreadsheet shows the file.
    assert [p.where for p in found["unknown-verdict"]] == ["Claims!C3"]
    assert [p.where for p in found["ambiguous-date"]] == ["Claims!E3"]
    assert tracker.scale.name == "default"


def _soffice_or_skip() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is needed in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


@pytest.mark.libreoffice
def test_ods_saved_by_libreoffice_reads_the_same(filled_path, tmp_path):
    soffice = _soffice_or_skip()
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(filled_path)],
                   check=True, capture_output=True, timeout=120)
    ods = read_tracker(tmp_path / "filled.ods", today=TODAY)
    xlsx = read_tracker(filled_path, today=TODAY)
    fields = ("id", "verdict", "status", "reviewer", "checked_on", "evidence", "notes")
    assert [[getattr(r, f) for f in fields] for r in ods.rows] == \
        [[getattr(r, f) for f in fields] for r in xlsx.rows]
    assert [(p.where, p.code) for p in ods.problems] == [(p.where, p.code) for p in xlsx.problems]
    assert ods.scale.labels == xlsx.scale.labels and ods.meta == xlsx.meta


# ----------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2021, 12, 7, 15, 0), dt.date(2021, 12, 7)),
    (44537.0, dt.date(2021, 12, 7)),
    ("2021-12-07", dt.date(2021, 12, 7)),
    ("2021-12-07T10:30:00", dt.date(2021, 12, 7)),
    ("2021/12/07", dt.date(2021, 12, 7)),
    ("25/12/2021", dt.date(2021, 12, 25)),
    ("12/25/2021", dt.date(2021, 12, 25)),
    ("7 December 2021", dt.date(2021, 12, 7)),
    ("Dec 7, 2021", dt.date(2021, 12, 7)),
    ("07/07/2021", dt.date(2021, 7, 7)),
    ("", None),
])
def test_dates(value, expected):
    assert normalise.date(value) == expected


@pytest.mark.parametrize(("value", "code"), [
    ("07/12/2021", "ambiguous-date"), ("2021-02-30", "bad-date"), ("soon", "bad-date"),
    (2021.0, "bad-date"), (True, "bad-date"),
])
def test_bad_dates(value, code):
    with pytest.raises(normalise.BadValue) as info:
        normalise.date(value)
    assert info.value.code == code


@pytest.mark.parametrize(("value", "expected"), [
    (7.0, "7"), (7.5, "7.5"), (True, "True"), ("  x  ", "x"), ("   ", None), ("", None),
    (dt.date(2021, 1, 2), "2021-01-02"),
])
def test_text(value, expected):
    assert normalise.text(value) == expected


def test_status_suggests_the_nearest():
    assert normalise.status("  needs SECOND check ") == columns.SECOND_CHECK
    with pytest.raises(normalise.BadValue, match='did you mean "Done"'):
        normalise.status("Dne")


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"]
