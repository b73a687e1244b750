"""`worksheet merge`: reviewers' copies into one tracker, conflicts listed, history kept."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
import tracker_fixtures as fx

from worksheet import columns
from worksheet.team.merge import MergeError, merge_copies
from worksheet.team.save import merge_files, read_copy
from worksheet.tracker.read import read_tracker

V, S, R, E = fx.letter("verdict"), fx.letter("status"), fx.letter("reviewer"), \
    fx.letter("evidence")


def copy_of(tracker: Path, name: str, cells: dict, mtime: float | None = None) -> Path:
    """A reviewer's copy of ``tracker`` with ``cells`` typed in, saved as ``name``."""
    out = fx.edit(tracker, cells, out=tracker.with_name(name))
    if mtime is not None:
        os.utime(out, (mtime, mtime))
    return out


@pytest.fixture
def desk(tmp_path):
    """A fresh tracker whose C4 is marked for a second check, and three copies of it."""
    tracker = fx.edit(fx.write_fresh(tmp_path / "tracker.xlsx"),
                      {f"{S}5": columns.SECOND_CHECK})
    ana = copy_of(tracker, "ana.xlsx", {
        f"{V}2": "True", f"{R}2": "Ana", f"{E}2": "TASS timing.",      # only Ana: taken
        f"{V}3": "Mixed", f"{R}3": "Ana",                              # conflict with Ben
        f"{V}5": "True", f"{R}5": "Ana",                               # C4 first check
        f"{V}6": "False", f"{R}6": "Ana"}, mtime=1_700_000_000)        # same as Ben
    ben = copy_of(tracker, "ben.xlsx", {
        f"{V}3": "False", f"{R}3": "Ben",
        f"{V}5": "Mostly false", f"{R}5": "Ben",                       # C4 second check
        f"{V}6": "False", f"{R}6": "Ben"}, mtime=1_700_000_100)
    return tracker, ana, ben


def test_merge_takes_agrees_and_lists_conflicts(desk):
    tracker, ana, ben = desk
    result = merge_files(tracker, [ana, ben], now=dt.datetime(2026, 11, 29, 12, 0))
    merged = read_tracker(result.out)
    rows = {r.id: r for r in merged.rows}
    assert rows["C1"].verdict == "True" and rows["C1"].evidence == "TASS timing."
    # A conflict with no value in the tracker keeps the most recently saved copy's.
    assert rows["C2"].verdict == "False"
    open_ = [c for c in merged.conflicts if c.claim_id == "C2" and c.column == "Verdict"]
    assert {(c.value, c.place, c.reviewer) for c in open_} == {
        ("Mixed", f"ana.xlsx Claims!{V}3", "Ana"), ("False", f"ben.xlsx Claims!{V}3", "Ben")}
    assert all(c.kept == "False" and not c.resolved for c in open_)
    # The second check: Ana first, Ben second, not a conflict.
    assert (rows["C4"].verdict, rows["C4"].reviewer) == ("True", "Ana")
    assert (rows["C4"].second_verdict, rows["C4"].second_reviewer) == ("Mostly false", "Ben")
    assert not [c for c in merged.conflicts if c.claim_id == "C4"]
    assert rows["C5"].verdict == "False"
    # History: one row per cell changed, with where the value came from.
    verdicts = {(h.claim_id, h.new, h.place) for h in merged.history if h.column == "Verdict"}
    assert ("C1", "True", f"ana.xlsx Claims!{V}2") in verdicts
    assert all(h.command == "merge" and h.when.startswith("2026-11-29") for h in merged.history)
    assert result.backup is not None and result.backup.exists()


def test_conflict_id_links_to_its_claims_row(desk):
    tracker, ana, ben = desk
    out = merge_files(tracker, [ana, ben]).out
    ws = openpyxl.load_workbook(out)[columns.CONFLICTS_SHEET]
    links = {ws.cell(r, 1).value: ws.cell(r, 1).hyperlink for r in range(2, ws.max_row + 1)
             if ws.cell(r, 1).hyperlink is not None}
    assert links["C2"].location == "Claims!A3"


def test_tracker_keeps_its_own_value_and_prefer_settles(desk):
    tracker, ana, ben = desk
    fx.edit(tracker, {f"{V}3": "Misleading"})
    result = merge_files(tracker, [ana, ben])
    rows = {r.id: r for r in read_tracker(result.out).rows}
    assert rows["C2"].verdict == "Misleading"
    assert {c.value for c in result.outcome.open_conflicts
            if (c.claim_id, c.column) == ("C2", "Verdict")} == {
        "Misleading", "Mixed", "False"}

    fx.edit(tracker, {f"{V}3": "Misleading"}, out=tracker)
    result = merge_files(tracker, [ana, ben], prefer="ana.xlsx", out=tracker.with_name("p.xlsx"))
    merged = read_tracker(result.out)
    assert {r.id: r for r in merged.rows}["C2"].verdict == "Mixed"
    settled = [c for c in merged.conflicts if (c.claim_id, c.column) == ("C2", "Verdict")]
    assert settled and all(c.resolved == "--prefer ana.xlsx: kept Mixed" for c in settled)
    assert sorted(c.value for c in settled) == ["False", "Misleading", "Mixed"]  # once each
    assert any(h.old == "Misleading" and h.new == "Mixed"
               and h.command == "merge --prefer ana.xlsx" for h in merged.history)


def test_prefer_newest(desk):
    tracker, ana, ben = desk
    fx.edit(tracker, {f"{V}3": "Misleading"})
    result = merge_files(tracker, [ana, ben], prefer="newest")
    assert {r.id: r for r in read_tracker(result.out).rows}["C2"].verdict == "False"
    assert not result.outcome.open_conflicts


def test_merging_again_keeps_history_and_does_not_repeat_conflicts(desk):
    tracker, ana, ben = desk
    merge_files(tracker, [ana, ben])
    first = read_tracker(tracker)
    merge_files(tracker, [ana, ben])
    again = read_tracker(tracker)
    assert again.history[: len(first.history)] == first.history
    assert len(again.conflicts) == len(first.conflicts)


def test_library_merge_is_pure(desk):
    tracker, ana, ben = desk
    base = read_tracker(tracker)
    copies = [read_copy(ana, base), read_copy(ben, base)]
    outcome = merge_copies(base, copies, now=dt.datetime(2026, 1, 1))
    assert base.rows[0].verdict is None and outcome.tracker.rows[0].verdict == "True"
    assert outcome.taken["ana.xlsx"] >= 3 and outcome.second_checks == ["C4"]


def test_other_article_and_unknown_ids_are_refused(desk, tmp_path):
    tracker, ana, _ = desk
    other = fx.edit(fx.write_fresh(tmp_path / "o.xlsx"), {}, sheet=columns.ABOUT_SHEET)
    fx.edit(other, {"B1": "Another article"}, sheet=columns.ABOUT_SHEET)
    with pytest.raises(MergeError, match="another article"):
        merge_files(tracker, [other])
    stray = copy_of(tracker, "stray.xlsx", {"A2": "C99"})
    with pytest.raises(MergeError) as info:
        merge_files(tracker, [ana, stray])
    assert [p.where for p in info.value.problems] == ["stray.xlsx Claims!A2"]


def test_prefer_a_copy_that_agrees_with_the_tracker_settles_on_its_value(desk):
    tracker, ana, ben = desk
    fx.edit(tracker, {f"{V}3": "Misleading"})
    cy = copy_of(tracker, "cy.xlsx", {f"{E}3": "Checked twice."})  # keeps C2 Misleading
    result = merge_files(tracker, [ana, ben, cy], prefer="cy.xlsx")
    merged = read_tracker(result.out)
    assert {r.id: r for r in merged.rows}["C2"].verdict == "Misleading"
    settled = [c for c in merged.conflicts if (c.claim_id, c.column) == ("C2", "Verdict")]
    assert settled and all(c.resolved == "--prefer cy.xlsx: kept Misleading" for c in settled)
    assert not [h for h in merged.history if (h.claim_id, h.column) == ("C2", "Verdict")]


def test_prefer_a_copy_that_left_the_row_as_sent(desk):
    """ben.xlsx agrees with what the tracker took from it: preferring it settles there."""
    tracker, ana, ben = desk
    merge_files(tracker, [ana, ben])  # C2: the tracker takes ben's False, conflict open
    result = merge_files(tracker, [ana, ben], prefer=str(ben))  # a path names it too
    merged = read_tracker(result.out)
    assert {r.id: r for r in merged.rows}["C2"].verdict == "False"
    assert not [c for c in merged.conflicts if c.claim_id == "C2" and not c.resolved]


def test_merge_command_prints_what_it_took_and_every_open_conflict(desk):
    from typer.testing import CliRunner

    from worksheet.cli import app

    tracker, ana, ben = desk
    result = CliRunner().invoke(app, ["merge", str(tracker), str(ana), str(ben)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"merged 2 copies into {tracker}: ")
    assert any(line.startswith("  ana.xlsx: ") and line.endswith(" taken") for line in lines)
    assert "  second checks recorded: C4" in lines
    conflict = next(line for line in lines if line.startswith("  C2 Verdict "))
    assert "kept 'False'" in conflict and f"'Mixed' in ana.xlsx Claims!{V}3 (Ana)" in conflict
    assert lines[-1].startswith("kept the previous version as ")


def test_a_merge_that_changes_nothing_writes_nothing(desk):
    tracker, ana, ben = desk
    merge_files(tracker, [ana, ben])
    before = sorted(p.name for p in tracker.parent.iterdir())
    content = tracker.read_bytes()
    unchanged = copy_of(tracker, "cy.xlsx", {})
    result = merge_files(tracker, [unchanged])
    assert result.backup is None and tracker.read_bytes() == content
    assert sorted(p.name for p in tracker.parent.iterdir()) == sorted([*before, "cy.xlsx"])
