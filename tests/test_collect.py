"""`worksheet collect`: filled worksheets into the tracker by the team merge's rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from tracker_fixtures import edit, letter
from typer.testing import CliRunner
from worksheet_filler import ClaimFill, fill

from worksheet import columns
from worksheet.build import build
from worksheet.cli import app
from worksheet.collect.collect import collect
from worksheet.tracker.read import read_tracker

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
runner = CliRunner()

C1 = ClaimFill(verdicts=["Mostly true"], sources=[1, 3], initials="AB", date="2026-11-20",
               evidence=[("TASS readout", "18:08 to 20:10"), ("White House", "2 h 1 min")],
               notes=["The two readouts differ by a minute."])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example's worksheet and tracker as built (copy before changing)."""
    result = build(ARTICLE, CLAIMS, tmp_path_factory.mktemp("built"))
    return result.worksheet, result.tracker


@pytest.fixture
def desk(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private tracker and the blank worksheet beside it."""
    worksheet, tracker = built
    return (Path(shutil.copy(worksheet, tmp_path / "blank.docx")),
            Path(shutil.copy(tracker, tmp_path / "tracker.xlsx")))


def sheet(path: Path, name: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_collect_takes_what_the_reviewer_wrote(desk: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    blank, tracker = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1, "C2": ClaimFill(sources=[2])})
    result = collect([ana], tracker)
    assert result.out == tracker and result.backup is not None and result.backup.is_file()
    read = read_tracker(tracker)
    c1, c2 = read.rows[0], read.rows[1]
    assert (c1.verdict, c1.status, c1.reviewer, str(c1.checked_on)) == (
        "Mostly true", "Done", "AB", "2026-11-20")
    assert c1.evidence == "TASS readout — 18:08 to 20:10\nWhite House — 2 h 1 min"
    assert c1.notes == "The two readouts differ by a minute."
    assert (c2.verdict, c2.status) == (None, "In progress")
    consulted = [(s.claim_id, s.consulted) for s in read.sources if s.claim_id in ("C1", "C2")]
    assert consulted == [("C1", "Yes"), ("C1", None), ("C1", "Yes"), ("C2", None),
                         ("C2", "Yes")]
    history = {(h.claim_id, h.column): h.place for h in read.history}
    assert history[("C1", "Verdict")] == "ana.docx C1 verdict"
    assert history[("C1", "Evidence")] == "ana.docx C1 evidence rows 1-2"
    assert history[("C2", "Consulted")] == "ana.docx C2 source 2"
    assert all(h.command == "collect" for h in read.history)
    # Collecting the same worksheet again brings nothing new and writes nothing.
    before = tracker.read_bytes()
    again = collect([ana], tracker)
    assert again.outcome.history == [] and again.backup is None
    assert tracker.read_bytes() == before


def test_a_difference_is_a_conflict_and_the_tracker_keeps_its_value(
        desk: tuple[Path, Path], tmp_path: Path) -> None:
    blank, tracker = desk
    edit(tracker, {f"{letter('verdict')}2": "True", f"{letter('reviewer')}2": "CD"})
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1})
    result = runner.invoke(app, ["collect", str(ana), "--into", str(tracker)])
    assert result.exit_code == 0, result.output
    assert ("conflict: C1 Verdict: tracker.xlsx Claims!I2 has 'True'; ana.docx C1 verdict "
            "has 'Mostly true'; the tracker keeps 'True'") in result.stdout
    read = read_tracker(tracker)
    assert (read.rows[0].verdict, read.rows[0].reviewer) == ("True", "CD")
    assert read.rows[0].evidence.startswith("TASS readout")   # no conflict there: taken
    conflicts = sheet(tracker, columns.CONFLICTS_SHEET)
    places = {(r[0], r[1], r[3], r[4]) for r in conflicts[1:]}
    assert ("C1", "Verdict", "Mostly true", "ana.docx C1 verdict") in places
    assert ("C1", "Verdict", "True", "tracker.xlsx Claims!I2") in places
    assert ("C1", "Reviewer", "AB", "ana.docx C1 initials") in places


def test_two_worksheets_that_disagree(desk: tuple[Path, Path], tmp_path: Path) -> None:
    blank, tracker = desk
    ana, ben = tmp_path / "ana.docx", tmp_path / "ben.docx"
    fill(blank, ana, {"C3": ClaimFill(verdicts=["True"])})
    fill(blank, ben, {"C3": ClaimFill(verdicts=["False"]), "C4": ClaimFill(verdicts=["Mixed"])})
    result = collect([ana, ben], tracker)
    entries = [(c.value, c.place) for c in result.outcome.conflicts
               if (c.claim_id, c.column) == ("C3", "Verdict")]
    assert sorted(entries) == [("False", "ben.docx C3 verdict"), ("True", "ana.docx C3 verdict")]
    assert read_tracker(tracker).rows[3].verdict == "Mixed"


def test_dry_run_writes_nothing_and_says_what_would_change(desk: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    blank, tracker = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = runner.invoke(app, ["collect", str(ana), "--into", str(tracker), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would take C1 Verdict: 'Mostly true' from ana.docx C1 verdict" in result.stdout
    assert "nothing was written (--dry-run)" in result.stdout
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_two_ticked_verdicts_are_reported_and_the_rest_collected(
        desk: tuple[Path, Path], tmp_path: Path) -> None:
    blank, tracker = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C5": ClaimFill(verdicts=["True", "False"], initials="AB")})
    result = runner.invoke(app, ["collect", str(ana), "--into", str(tracker)])
    assert result.exit_code == 0, result.output
    assert ("error: ana.docx C5 verdict: 2 verdicts are ticked (True, False); tick one "
            "(none was taken)") in result.stderr
    row = read_tracker(tracker).rows[4]
    assert (row.verdict, row.reviewer) == (None, "AB")


def test_status_and_export_read_a_worksheet(desk: tuple[Path, Path], tmp_path: Path) -> None:
    blank, _ = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1, "C2": ClaimFill(verdicts=["False"], initials="AB",
                                                evidence=[("Minsk II text", "no Russia")])})
    result = runner.invoke(app, ["status", str(ana), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["total"], summary["done"]) == (16, 2)
    assert summary["by_verdict"]["Mostly true"] == 1 and summary["by_verdict"]["False"] == 1
    assert summary["by_reviewer"]["AB"] == {"claims": 2, "done": 2}
    exported = runner.invoke(app, ["export", str(ana), "--format", "claimreview"])
    assert exported.exit_code == 0, exported.output
    reviews = json.loads(exported.stdout)
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Mostly true", "False"]


def test_a_worksheet_open_in_word_is_collected_with_a_warning(desk: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    blank, tracker = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1})
    (tmp_path / "~$ana.docx").write_bytes(b"\x05Ana")
    result = runner.invoke(app, ["collect", str(ana), "--into", str(tracker)])
    assert result.exit_code == 0, result.output
    assert ("warning: ana.docx: is open in Word or LibreOffice (~$ana.docx is beside it); "
            "what was last saved is collected") in result.stderr
    assert read_tracker(tracker).rows[0].verdict == "Mostly true"


def test_desk_status_reads_worksheets_given_by_name(desk: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    """Several worksheets make a desk, read as `status` reads one of them."""
    blank, tracker = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1})
    result = runner.invoke(app, ["status", str(ana), str(tracker), "--format", "json"])
    assert result.exit_code == 0, result.output
    desk_json = json.loads(result.stdout)
    assert desk_json["unreadable"] == []
    assert {a["file"]: a["done"] for a in desk_json["articles"]} == {str(ana): 1,
                                                                    str(tracker): 0}


def test_a_worksheet_given_twice_or_two_with_one_name_are_refused(
        desk: tuple[Path, Path], tmp_path: Path) -> None:
    blank, tracker = desk
    ana = tmp_path / "ana.docx"
    fill(blank, ana, {"C1": C1})
    (tmp_path / "other").mkdir()
    namesake = Path(shutil.copy(ana, tmp_path / "other" / "ana.docx"))
    before = tracker.read_bytes()
    for args, message in (([ana, tmp_path / "." / "ana.docx"], "is given twice"),
                          ([ana, namesake], "another worksheet has the same file name")):
        result = runner.invoke(app, ["collect", *map(str, args), "--into", str(tracker)])
        assert result.exit_code == 2 and message in result.stderr, result.output
        assert tracker.read_bytes() == before
