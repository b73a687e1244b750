"""`worksheet build`: what it writes, and that a failure never loses or half-writes a file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import docx
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

import worksheet.tracker.write as tracker_write
from worksheet.build import build, slugify
from worksheet.cli import app
from worksheet.columns import CLAIMS_SHEET
from worksheet.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
SLUG = "what-putin-really-told-biden"
runner = CliRunner()


@pytest.mark.parametrize(("title", "slug"), [
    ("What Putin Really Told Biden", "what-putin-really-told-biden"),
    ("../../etc/passwd", "etc-passwd"),
    ("Ça coûte 5 € — vraiment?", "ca-coute-5-vraiment"),
    ("北京", "article"),
    (None, "article"),
    ("a" * 200, "a" * 60),
])
def test_slug_is_safe_for_any_file_system(title: str | None, slug: str) -> None:
    assert slugify(title) == slug


def test_build_writes_both_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    worksheet_path = tmp_path / f"{SLUG}-worksheet.docx"
    tracker_path = tmp_path / f"{SLUG}-tracker.xlsx"
    assert f"wrote {worksheet_path}" in result.stdout
    assert f"wrote {tracker_path}" in result.stdout
    document = docx.Document(str(worksheet_path))
    assert document.core_properties.title.endswith("What Putin Really Told Biden")
    rows = CalamineWorkbook.from_path(str(tracker_path)).get_sheet_by_name(
        CLAIMS_SHEET).to_python()
    assert [r[0] for r in rows[1:17]] == [f"C{i}" for i in range(1, 17)]
    # Files get the permissions a normal write would give, not mkstemp's private 0600.
    mode = stat.S_IMODE(tracker_path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
    assert not list(tmp_path.glob(".~worksheet-*"))


def test_output_folder_is_created(tmp_path: Path) -> None:
    out = tmp_path / "new" / "nested dir ü"
    result = build(ARTICLE, CLAIMS, out)
    assert result.tracker.parent == out and result.tracker.exists()


def test_failing_writer_leaves_no_file_and_the_old_ones_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(ARTICLE, CLAIMS, tmp_path, force=True)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(path: Path, *args: object, **kwargs: object) -> None:
        path.write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tracker_write, "write_tracker", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        build(ARTICLE, CLAIMS, tmp_path, force=True)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(locked)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_out_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(target)])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr


def test_paper_and_scale_options(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(tmp_path),
                                 "--paper", "letter", "--scale", "politifact"])
    assert result.exit_code == 0, result.output
    section = docx.Document(str(tmp_path / f"{SLUG}-worksheet.docx")).sections[0]
    assert round(section.page_width.inches, 2) == 8.5
    scale_rows = CalamineWorkbook.from_path(str(tmp_path / f"{SLUG}-tracker.xlsx")) \
        .get_sheet_by_name("Scale").to_python()
    assert "Pants on Fire" in [r[0] for r in scale_rows]


def test_unknown_scale_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(tmp_path),
                                 "--scale", "nonesuch"])
    assert result.exit_code == 2
    assert "no verdict scale called 'nonesuch'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_edited_worksheet_is_kept_as_a_backup(tmp_path: Path) -> None:
    first = build(ARTICLE, CLAIMS, tmp_path, force=True)
    assert not first.backups
    document = docx.Document(str(first.worksheet))
    document.core_properties.last_modified_by = "A Reviewer"
    document.add_paragraph("My notes on C1")
    document.save(str(first.worksheet))
    second = build(ARTICLE, CLAIMS, tmp_path, force=True)
    kept = [p for p in second.backups if p.suffix == ".docx"]
    assert len(kept) == 1
    texts = [p.text for p in docx.Document(str(kept[0])).paragraphs]
    assert "My notes on C1" in texts


def fill(tracker: Path, cells: dict[str, object]) -> None:
    """Stand in for a reviewer: set cells on the Claims sheet (openpyxl, tests only)."""
    import openpyxl

    book = openpyxl.load_workbook(tracker)
    for ref, value in cells.items():
        cell = book[CLAIMS_SHEET][ref]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed into a Text cell: text, even with a leading "="
    book.save(tracker)


def claims_rows(tracker: Path) -> dict[str, dict[str, object]]:
    from worksheet.tracker.read import read_tracker

    return {r.id: r.model_dump() for r in read_tracker(tracker).rows}


def test_rebuild_without_reviewer_work_keeps_no_backup(tmp_path: Path) -> None:
    build(ARTICLE, CLAIMS, tmp_path)
    second = build(ARTICLE, CLAIMS, tmp_path)
    assert second.changes is not None and second.changes.kept == 16
    assert second.backups == []


def test_rebuild_carries_reviewer_cells_and_withdraws_dropped_claims(tmp_path: Path) -> None:
    first = build(ARTICLE, CLAIMS, tmp_path)
    # I = Verdict, J = Status, K = Reviewer, L = Checked on, M = Evidence, N = Notes.
    fill(first.tracker, {"I2": "False", "J2": "Done", "K2": "AB", "L2": "07/12/2021",
                         "M2": "Kremlin: 18:08-20:10", "N2": "=not a formula",
                         "I3": "Mostly true", "O1": "Second check", "O2": "CD agrees"})
    text = CLAIMS.read_text(encoding="utf-8")
    start = text.index("  - id: C2\n")
    end = text.index("  - id: C3\n")
    changed = tmp_path / "claims.yaml"
    changed.write_text(text[:start] + text[end:] + "\n  - id: C17\n    claim: A new claim.\n"
                       "    quote: NATO wouldn’t last five minutes\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(ARTICLE), str(changed), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 new (C17), 1 withdrawn (C2)" in result.stdout
    rows = claims_rows(first.tracker)
    assert rows["C1"]["verdict"] == "False" and rows["C1"]["status"] == "Done"
    assert rows["C1"]["reviewer"] == "AB"
    assert rows["C1"]["checked_on"] == "07/12/2021"  # not a clear date: kept as typed
    assert rows["C1"]["notes"] == "=not a formula"
    assert rows["C1"]["extra"] == {"Second check": "CD agrees"}
    assert rows["C2"]["status"] == "Withdrawn" and rows["C2"]["verdict"] == "Mostly true"
    assert rows["C17"]["status"] in (None, "Not started")
    backups = list(tmp_path.glob(f"{SLUG}-tracker.backup-*.xlsx"))
    assert len(backups) == 1
    assert claims_rows(backups[0])["C1"]["evidence"] == "Kremlin: 18:08-20:10"


def test_unreadable_tracker_stops_the_build_and_is_left_alone(tmp_path: Path) -> None:
    tracker = tmp_path / f"{SLUG}-tracker.xlsx"
    tracker.write_bytes(b"PK\x03\x04 not really a workbook")
    result = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot be carried over; nothing was written" in result.stderr
    assert tracker.read_bytes() == b"PK\x03\x04 not really a workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == [tracker.name]
    forced = runner.invoke(app, ["build", str(ARTICLE), str(CLAIMS), "--out", str(tmp_path),
                                 "--force"])
    assert forced.exit_code == 0, forced.output
    backups = list(tmp_path.glob(f"{SLUG}-tracker.backup-*.xlsx"))
    assert [b.read_bytes() for b in backups] == [b"PK\x03\x04 not really a workbook"]
