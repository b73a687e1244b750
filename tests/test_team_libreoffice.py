"""The team loop with real LibreOffice: three reviewers, one merge, status, a rebuild.

Two reviewers type into copies of the desk's tracker in LibreOffice (one saves .xlsx,
one .ods); a third sends the Claims sheet as CSV, as a shared Google Sheet downloads
it. They disagree on C3 (a conflict) and double-check C5 and C11 independently (one
disagreement, one agreement). Three soffice runs in all: two reviews, one conversion.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from libreoffice import Edit, convert_sheets_to_csv, review
from test_roundtrip_libreoffice import ARTICLE, CLAIMS, SLUG, cell, runner

from worksheet import columns
from worksheet.cli import app
from worksheet.scales import load_scale
from worksheet.team.agreement import LINEAR, kappa
from worksheet.tracker.read import read_tracker

pytestmark = pytest.mark.libreoffice

def typed(*cells: tuple[str, int, str]) -> list[Edit]:
    return [Edit(columns.CLAIMS_SHEET, cell(key, n), text) for key, n, text in cells]


ANA = typed(("verdict", 1, "True"), ("reviewer", 1, "Ana"), ("evidence", 1, "TASS timing"),
            ("verdict", 3, "Mixed"), ("reviewer", 3, "Ana"),
            ("verdict", 5, "Mostly true"), ("status", 5, "Needs second check"),
            ("reviewer", 5, "Ana"),
            ("verdict", 11, "True"), ("status", 11, "Needs second check"),
            ("reviewer", 11, "Ana"))
BEN = typed(("verdict", 3, "False"), ("reviewer", 3, "Ben"),
            ("verdict", 5, "False"), ("reviewer", 5, "Ben"),
            ("verdict", 11, "True"), ("reviewer", 11, "Ben"),
            ("verdict", 7, "Misleading"), ("status", 7, "Done"), ("reviewer", 7, "Ben"),
            ("evidence", 7, "Pool report"))


def run(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The desk's folder after the three copies came back and were merged."""
    out = tmp_path_factory.mktemp("desk")
    run("build", ARTICLE, CLAIMS, "--out", out)
    tracker = out / f"{SLUG}-tracker.xlsx"
    inbox = tmp_path_factory.mktemp("inbox")
    ana, ben, cy = inbox / "ana.xlsx", inbox / "ben.ods", inbox / "cy.csv"
    review(tracker, ANA, ana, "xlsx")
    review(tracker, BEN, ben, "ods")
    cy.write_text("ID,Claim,Verdict,Status,Reviewer\n"
                  "C9,Russia is not mentioned in the Minsk agreement.,Misleading,Done,Cy\n",
                  encoding="utf-8")
    for i, path in enumerate((ana, ben, cy)):  # saved in this order
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
    merged = run("merge", tracker, ana, ben, cy)
    return {"tracker": tracker, "out": out, "stdout": merged, "ben": ben}


def test_merge_reports_the_conflict_and_the_second_checks(desk) -> None:
    text = str(desk["stdout"])
    assert "second checks recorded: C5, C11" in text
    assert "C3 Verdict (Claims!I4): kept 'False'" in text
    assert "'Mixed' in ana.xlsx Claims!I4 (Ana)" in text
    assert "'False' in ben.ods Claims!I4 (Ben)" in text


def test_status_json_shows_conflict_agreement_and_disagreement(desk) -> None:
    result = runner.invoke(app, ["status", str(desk["tracker"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (conflict,) = [c for c in data["conflicts"] if c["column"] == "Verdict"]
    assert conflict["id"] == "C3" and conflict["cell"] == f"Claims!{cell('verdict', 3)}"
    assert {(v["value"], v["place"], v["reviewer"]) for v in conflict["values"]} == {
        ("Mixed", f"ana.xlsx Claims!{cell('verdict', 3)}", "Ana"),
        ("False", f"ben.ods Claims!{cell('verdict', 3)}", "Ben")}
    checks = data["second_checks"]
    assert (checks["double_checked"], checks["agree"], checks["kappa_kind"]) == (2, 1, LINEAR)
    expected, _ = kappa([("Mostly true", "False"), ("True", "True")], load_scale("default"))
    assert checks["kappa"] == pytest.approx(expected, abs=1e-4)
    (d,) = checks["disagreements"]
    assert (d["id"], d["first"]["verdict"], d["first"]["reviewer"], d["first"]["cell"]) == (
        "C5", "Mostly true", "Ana", f"Claims!{cell('verdict', 5)}")
    assert (d["second"]["verdict"], d["second"]["reviewer"], d["second"]["cell"]) == (
        "False", "Ben", f"Claims!{cell('second_verdict', 5)}")
    codes = {p["code"] for p in data["problems"]}
    assert {"conflict", "checks-disagree"} <= codes
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["C9"]["verdict"] == "Misleading" and claims["C7"]["status"] == "Done"
    strict = runner.invoke(app, ["status", str(desk["tracker"]), "--strict"])
    assert strict.exit_code == 1


def test_merged_tracker_computes_its_summary_in_libreoffice(desk, tmp_path: Path) -> None:
    sheets = convert_sheets_to_csv(desk["tracker"], tmp_path)
    rows = [r.split(",") for r in sheets[columns.SUMMARY_SHEET].read_text(
        encoding="utf-8").splitlines()]
    figures = {r[0]: r[1] for r in rows if len(r) > 1}
    by_verdict = json.loads(run("status", desk["tracker"], "--format", "json"))["by_verdict"]
    for label in load_scale("default").labels:
        assert figures[label] == str(by_verdict[label]), label
    assert figures["Done"] == "2"
    conflicts = sheets[columns.CONFLICTS_SHEET].read_text(encoding="utf-8")
    assert "ana.xlsx Claims!I4" in conflicts and "ben.ods Claims!I4" in conflicts


def test_diff_of_the_sent_xlsx_against_bens_ods(desk) -> None:
    """The tracker as sent (the merge's backup) against the .ods Ben saved, by claim ID."""
    sent = min(desk["out"].glob(f"{SLUG}-tracker.backup-*.xlsx"))  # the first kept
    data = json.loads(run("diff", sent, desk["ben"], "--format", "json"))
    changes = {(c["id"], c["kind"], c["column"]): c for c in data["changes"]}
    assert changes[("C3", "filled", "Verdict")]["new"] == "False"
    assert changes[("C3", "filled", "Verdict")]["new_cell"] == f"Claims!{cell('verdict', 3)}"
    assert changes[("C7", "filled", "Status")]["new"] == "Done"
    assert data["counts"]["added"] == data["counts"]["removed"] == 0


def test_a_rebuild_keeps_the_history(desk) -> None:
    before = read_tracker(desk["tracker"]).history
    assert ("C1", "Verdict", "True", f"ana.xlsx Claims!{cell('verdict', 1)}") in {
        (h.claim_id, h.column, h.new, h.place) for h in before}
    run("build", ARTICLE, CLAIMS, "--out", desk["out"])
    after = read_tracker(desk["tracker"])
    assert after.history[: len(before)] == before
    assert {r.id: r.second_verdict for r in after.rows}["C5"] == "False"
    assert [c for c in after.conflicts if not c.resolved]
