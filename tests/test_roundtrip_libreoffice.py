"""The reviewer's loop with real LibreOffice: type into the tracker, save, read back, rebuild.

A reviewer types through LibreOffice's own input path (``.uno:EnterString``), so what
lands in each cell is what Calc makes of the typing, then saves as .xlsx or .ods. The
tool must read exactly what was typed, count it, and carry it through a rebuild.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from libreoffice import Edit, convert, convert_sheets_to_csv, review
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from worksheet.cli import app
from worksheet.columns import CLAIM_COLUMNS, CLAIMS_SHEET, SUMMARY_SHEET
from worksheet.tracker.read import read_tracker

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
SLUG = "what-putin-really-told-biden"
runner = CliRunner()


def cell(key: str, claim_number: int) -> str:
    """The Claims cell of a column (by declaration key) for claim C<n> (row n + 1)."""
    index = next(i for i, c in enumerate(CLAIM_COLUMNS) if c.key == key)
    return f"{get_column_letter(index + 1)}{claim_number + 1}"


TYPED = [
    Edit(CLAIMS_SHEET, cell("verdict", 1), "False"),
    Edit(CLAIMS_SHEET, cell("status", 1), "Done"),
    Edit(CLAIMS_SHEET, cell("reviewer", 1), "AB"),
    Edit(CLAIMS_SHEET, cell("checked_on", 1), "2021-12-08"),
    Edit(CLAIMS_SHEET, cell("evidence", 1), "Kremlin: 18:08–20:10 Moscow time"),
    Edit(CLAIMS_SHEET, cell("notes", 1), "=not a formula, a note"),
    Edit(CLAIMS_SHEET, cell("verdict", 2), "mostly true "),
    Edit(CLAIMS_SHEET, cell("status", 2), "In progress"),
    Edit(CLAIMS_SHEET, cell("reviewer", 2), "CD"),
    Edit(CLAIMS_SHEET, cell("verdict", 9), "Misleading"),
    Edit(CLAIMS_SHEET, cell("status", 9), "Done"),
    Edit(CLAIMS_SHEET, cell("evidence", 9), "Signed by Zurabov for Russia in the TCG"),
    Edit(CLAIMS_SHEET, cell("verdict", 4), "Flase"),
    Edit(CLAIMS_SHEET, cell("notes", 4), "+7 more to check"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / f"{SLUG}-tracker.xlsx"


@pytest.fixture(scope="module", params=["xlsx", "ods"])
def filled(request: pytest.FixtureRequest, built: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Path:
    fmt = request.param
    target = tmp_path_factory.mktemp(f"filled-{fmt}") / f"{SLUG}-tracker.{fmt}"
    review(built, TYPED, target, fmt)
    return target


def status_json(tracker: Path) -> dict:
    result = runner.invoke(app, ["status", str(tracker), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_status_reads_exactly_what_was_typed(filled: Path) -> None:
    summary = status_json(filled)
    claims = {c["id"]: c for c in summary["claims"]}
    assert claims["C1"] == claims["C1"] | {
        "verdict": "False", "status": "Done", "reviewer": "AB", "checked_on": "2021-12-08",
        "evidence": "Kremlin: 18:08–20:10 Moscow time", "notes": "=not a formula, a note"}
    assert claims["C2"]["verdict"] == "Mostly true"
    assert claims["C4"]["verdict"] == "Flase"
    assert claims["C4"]["notes"] == "+7 more to check"
    assert summary["total"] == 16
    assert summary["done"] == 2
    assert summary["by_verdict"]["False"] == 1
    assert summary["by_verdict"]["Mostly true"] == 1
    assert summary["by_verdict"]["Misleading"] == 1
    assert summary["by_status"] == {"Not started": 13, "In progress": 1,
                                    "Needs second check": 0, "Done": 2, "Withdrawn": 0}
    where = f"{CLAIMS_SHEET}!{cell('verdict', 4)}"
    flagged = [p for p in summary["problems"] if p["cell"] == where]
    assert len(flagged) == 1
    assert flagged[0]["message"] == '"Flase" is not a verdict on this scale (did you mean "False"?)'


def test_status_strict_exits_1_on_problems(filled: Path) -> None:
    result = runner.invoke(app, ["status", str(filled), "--strict", "--format", "md"])
    assert result.exit_code == 1
    assert "Flase" in result.stdout


def test_rebuild_keeps_every_typed_cell(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    reviewer_file = out / filled.name
    shutil.copyfile(filled, reviewer_file)
    before = {r.id: r for r in read_tracker(reviewer_file).rows}
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"merged the reviewer's work from {reviewer_file}" in result.stdout
    after = {r.id: r for r in read_tracker(out / f"{SLUG}-tracker.xlsx").rows}
    for edit in TYPED:
        number = int(edit.cell[1:]) - 1
        row_before, row_after = before[f"C{number}"], after[f"C{number}"]
        for key in ("verdict", "status", "reviewer", "checked_on", "evidence", "notes"):
            assert getattr(row_after, key) == getattr(row_before, key), (edit, key)
    assert after["C1"].checked_on == dt.date(2021, 12, 8)
    # The reviewer's file survives as it was: untouched (.ods), or as the backup (.xlsx).
    kept = reviewer_file if filled.suffix == ".ods" else next(
        out.glob(f"{SLUG}-tracker.backup-*.xlsx"))
    assert kept.read_bytes() == filled.read_bytes()


def test_removing_and_adding_claims(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copyfile(filled, out / filled.name)
    text = CLAIMS.read_text(encoding="utf-8")
    start, end = text.index("  - id: C2\n"), text.index("  - id: C3\n")
    claims = tmp_path / "claims.yaml"
    claims.write_text(text[:start] + text[end:] + "\n  - id: C17\n    claim: NATO would not "
                      "last five minutes.\n    quote: NATO wouldn’t last five minutes\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["build", str(ARTICLE), str(claims), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_tracker(out / f"{SLUG}-tracker.xlsx").rows
    withdrawn = [r for r in rows if r.status == "Withdrawn"]
    assert [(r.id, r.verdict) for r in withdrawn] == [("C2", "Mostly true")]
    assert [r.id for r in rows if r.id == "C17"] == ["C17"]
    assert len(rows) == 17


def test_summary_formulas_compute_in_libreoffice(built: Path, tmp_path: Path) -> None:
    sheets = convert_sheets_to_csv(built, tmp_path)
    text = sheets[SUMMARY_SHEET].read_text(encoding="utf-8")
    figures = {row.split(",")[0]: row.split(",")[1] for row in text.splitlines() if "," in row}
    assert figures["Not started"] == "16"
    assert figures["Done"] == "0"


def test_filled_summary_counts_in_libreoffice(filled: Path, tmp_path: Path) -> None:
    if filled.suffix != ".xlsx":
        pytest.skip("the xlsx round trip covers the formulas")
    sheets = convert_sheets_to_csv(filled, tmp_path)
    rows = [r.split(",") for r in sheets[SUMMARY_SHEET].read_text(encoding="utf-8").splitlines()]
    figures = {r[0]: r[1] for r in rows if len(r) > 1}
    assert figures["Done"] == "2"
    assert figures["False"] == "1"
    assert figures["Misleading"] == "1"


def test_tracker_converts_to_ods_and_reads_the_same(built: Path, tmp_path: Path) -> None:
    ods = convert(built, "ods", tmp_path)
    assert [r.id for r in read_tracker(ods).rows] == [r.id for r in read_tracker(built).rows]


def test_two_trackers_the_newer_is_merged_and_the_older_kept(filled: Path, built: Path,
                                                              tmp_path: Path) -> None:
    if filled.suffix != ".ods":
        pytest.skip("needs the reviewer's .ods beside the .xlsx we sent")
    out = tmp_path / "out"
    out.mkdir()
    sent = out / f"{SLUG}-tracker.xlsx"
    shutil.copyfile(built, sent)
    os.utime(sent, (1_600_000_000, 1_600_000_000))  # sent out long ago
    shutil.copyfile(filled, out / filled.name)
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"merged the reviewer's work from {out / filled.name}" in result.stdout
    assert "this older tracker is kept as a backup" in result.stderr
    rows = {r.id: r for r in read_tracker(sent).rows}
    assert rows["C1"].verdict == "False"
    backups = list(out.glob(f"{SLUG}-tracker.backup-*.xlsx"))
    assert [b.read_bytes() for b in backups] == [built.read_bytes()]


def test_source_links_survive_calc(filled: Path) -> None:
    # The Sources sheet links each URL with a HYPERLINK formula; Calc recalculates it and
    # saves the result, which is what the reader takes.
    sources = read_tracker(filled).sources
    assert sources[0].url == "https://tass.com/politics/1372099"
    assert all(s.url and s.url.startswith("http") for s in sources)
