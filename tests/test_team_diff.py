"""`worksheet diff`, a rebuild's History, and a CSV copy in a merge."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import tracker_fixtures as fx
from typer.testing import CliRunner

from worksheet import columns
from worksheet.build import build
from worksheet.cli import app
from worksheet.team.diff import diff_files, render_diff
from worksheet.tracker.read import read_tracker

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
V, S = fx.letter("verdict"), fx.letter("status")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """An old tracker and a new one: a verdict changed, one cleared, rows reordered."""
    folder = tmp_path_factory.mktemp("diff")
    old = fx.edit(fx.write_fresh(folder / "old.xlsx"),
                  {f"{V}2": "True", f"{V}3": "Mixed", f"{fx.letter('notes')}4": "call back"})
    rows = fx.base_rows()
    rows = [rows[1], rows[0], *rows[2:7]]  # C2 first, C8 gone
    rows.append(fx.base_rows(9)[8])       # C9 new
    new = fx.write_fresh(folder / "new.xlsx", rows)
    # In the new file C2 is row 2 and C1 row 3.
    fx.edit(new, {f"{V}2": "False", f"{V}3": "True", f"{S}5": columns.WITHDRAWN})
    return old, new


def test_differences_by_claim_id_not_row(pair):
    old, new = pair
    d = diff_files(old, new)
    kinds = {(c.id, c.kind, c.column): (c.old, c.new, c.old_cell, c.new_cell)
             for c in d.changes}
    assert ("C1", "changed", "Verdict") not in kinds  # same verdict, moved row
    assert kinds[("C2", "changed", "Verdict")] == ("Mixed", "False", f"Claims!{V}3",
                                                   f"Claims!{V}2")
    assert kinds[("C3", "cleared", "Notes")][:2] == ("call back", None)
    assert kinds[("C4", "withdrawn", "Status")][1] == columns.WITHDRAWN
    assert ("C9", "added", None) in kinds and ("C8", "removed", None) in kinds
    assert d.counts == {"added": 1, "removed": 1, "withdrawn": 1, "changed": 1,
                        "filled": 0, "cleared": 1}


def test_formats(pair):
    old, new = pair
    d = diff_files(old, new)
    assert json.loads(render_diff(d, "json"))["counts"]["changed"] == 1
    rows = list(csv.DictReader(io.StringIO(render_diff(d, "csv"))))
    assert {r["id"] for r in rows} == {"C2", "C3", "C4", "C8", "C9"}
    assert "| C2 | changed | Verdict | Mixed | False |" in render_diff(d, "md")
    assert "C2" in render_diff(d, "table")
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == d.model_dump(mode="json")


def test_xlsx_against_csv_of_the_same_cells(tmp_path, pair):
    old, _ = pair
    data = read_tracker(old)
    path = tmp_path / "same.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in columns.CLAIM_COLUMNS])
        for row in data.rows:
            writer.writerow([getattr(row, c.key) or "" for c in columns.CLAIM_COLUMNS])
    assert diff_files(old, path).changes == []


def test_rebuild_keeps_history_and_records_withdrawal(tmp_path):
    first = build(ARTICLE, CLAIMS, tmp_path)
    copy = fx.edit(first.tracker, {f"{V}2": "True"}, out=tmp_path / "ana.xlsx")
    result = CliRunner().invoke(app, ["merge", str(first.tracker), str(copy)])
    assert result.exit_code == 0, result.output
    merged = read_tracker(first.tracker).history
    assert [(h.claim_id, h.column, h.new) for h in merged] == [("C1", "Verdict", "True")]
    claims = tmp_path / "claims.yaml"
    text = CLAIMS.read_text(encoding="utf-8")
    shutil.copy(ARTICLE, tmp_path / "article.md")
    # Drop C2 from the claims file: the rebuild withdraws it, and says so in History.
    start = text.index("  - id: C2")
    end = text.index("  - id: C3")
    claims.write_text(text[:start] + text[end:], encoding="utf-8")
    build(tmp_path / "article.md", claims, tmp_path)
    history = read_tracker(first.tracker).history
    assert history[: len(merged)] == merged
    assert (history[-1].claim_id, history[-1].column, history[-1].new, history[-1].command,
            history[-1].place) == ("C2", "Status", columns.WITHDRAWN, "build", "claims.yaml")


def test_a_csv_copy_merges_with_its_places(tmp_path):
    tracker = fx.write_fresh(tmp_path / "tracker.xlsx")
    csv_copy = tmp_path / "cy.csv"
    csv_copy.write_text("ID,Claim,Verdict,Reviewer\nC3,x,Misleading,Cy\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["merge", str(tracker), str(csv_copy)])
    assert result.exit_code == 0, result.output
    merged = read_tracker(tracker)
    assert {r.id: r.verdict for r in merged.rows}["C3"] == "Misleading"
    assert ("C3", "Misleading", "cy.csv Claims!C2") in {
        (h.claim_id, h.new, h.place) for h in merged.history}
