"""Rebuilding a tracker: the reviewer's work survives, changes are reported."""

from __future__ import annotations

import datetime as dt

import tracker_fixtures as fx

from worksheet import columns
from worksheet.scales import load_scale
from worksheet.tracker.merge import merge
from worksheet.tracker.model import SourceRow, Tracker, TrackerRow
from worksheet.tracker.read import read_tracker
from worksheet.tracker.write import write_tracker

SCALE = load_scale("default")


def old_tracker() -> Tracker:
    rows = [
        TrackerRow(id="C1", claim="one", verdict="True", status="Done", reviewer="Ana",
                   checked_on=dt.date(2024, 1, 2), evidence="e1", notes="n1",
                   extra={"Second check": "Ben"}, cell_row=2),
        TrackerRow(id="C2", claim="two", verdict="False", status="In progress", evidence="e2",
                   cell_row=3),
        TrackerRow(id="C3", claim="three", reviewer="Cy", cell_row=4),
        TrackerRow(id="C4", claim="four", status=columns.WITHDRAWN, notes="gone", cell_row=5),
    ]
    sources = [
        SourceRow(claim_id="C1", source="TASS", url="https://tass.com/1", consulted="Yes",
                  notes="said 2h2m"),
        SourceRow(claim_id="C1", source="Phone the embassy", consulted="No"),
        SourceRow(claim_id="C2", source="Old source", url="https://old.example"),
        SourceRow(claim_id="C2", source="Reviewer's own find", url="https://mine.example",
                  notes="useful"),
        SourceRow(claim_id="C3", source="C3 source", url="https://c3.example", consulted="Yes"),
    ]
    return Tracker(rows=rows, sources=sources, scale=SCALE, extra_headers=["Second check"])


def new_build() -> tuple[list[TrackerRow], list[SourceRow]]:
    rows = [
        TrackerRow(id="C1", claim="one", reviewer="Assigned"),
        TrackerRow(id="C5", claim="five, new"),
        TrackerRow(id="C3", claim="three, reworded", reviewer="Dee"),
        TrackerRow(id="C4", claim="four"),
    ]
    sources = [
        SourceRow(claim_id="C1", source="TASS (renamed)", url="https://TASS.com/1"),
        SourceRow(claim_id="C1", source="phone  the Embassy"),
        SourceRow(claim_id="C5", source="New", url="https://new.example"),
    ]
    return rows, sources


def test_reviewer_cells_and_added_columns_carry_over():
    result = merge(old_tracker(), *new_build())
    rows = {r.id: r for r in result.rows}
    one = rows["C1"]
    assert (one.verdict, one.status, one.reviewer, one.checked_on, one.evidence, one.notes) == (
        "True", "Done", "Ana", dt.date(2024, 1, 2), "e1", "n1")
    assert one.extra == {"Second check": "Ben"} and one.cell_row is None
    assert rows["C3"].reviewer == "Cy"  # the reviewer's value wins over the claims file
    assert rows["C3"].claim == "three, reworded"
    assert rows["C5"].status is None and rows["C5"].verdict is None
    assert result.extra_headers == ["Second check"]


def test_claims_that_left_are_withdrawn_in_place_with_their_cells():
    result = merge(old_tracker(), *new_build())
    assert [r.id for r in result.rows] == ["C1", "C2", "C5", "C3", "C4"]
    two = result.rows[1]
    assert (two.status, two.verdict, two.evidence, two.claim) == (
        columns.WITHDRAWN, "False", "e2", "two")
    # C4 was withdrawn by a reviewer and is back in the claims file: still withdrawn.
    assert result.rows[-1].status == columns.WITHDRAWN and result.rows[-1].notes == "gone"


def test_changes_are_reported():
    changes = merge(old_tracker(), *new_build()).changes
    assert changes.new == ["C5"]
    assert changes.withdrawn == ["C2"]
    assert changes.updated == ["C3"]
    assert changes.kept == 2  # C1 and C4 unchanged
    assert changes.any


def test_nothing_changes_when_rebuilt_from_the_same_claims():
    old = old_tracker()
    rows = [r.model_copy(update={k: None for k in columns.reviewer_keys()} | {"extra": {}})
            for r in old.rows]
    changes = merge(old, rows, []).changes
    assert (changes.new, changes.withdrawn, changes.updated, changes.kept) == ([], [], [], 4)
    assert not changes.any


def test_source_cells_carry_over_by_claim_and_url_or_text():
    result = merge(old_tracker(), *new_build())
    got = [(s.claim_id, s.source, s.consulted, s.notes) for s in result.sources]
    assert got == [
        ("C1", "TASS (renamed)", "Yes", "said 2h2m"),  # matched by URL, any case
        ("C1", "phone  the Embassy", "No", None),  # matched by text, any case and spacing
        # C2 was withdrawn: all its sources stay, the reviewer's too.
        ("C2", "Old source", None, None),
        ("C2", "Reviewer's own find", None, "useful"),
        ("C5", "New", None, None),
        # C3's source left the claims file but a reviewer had marked it: kept.
        ("C3", "C3 source", "Yes", None),
    ]


def test_rebuild_through_the_real_writer_and_reader(tmp_path):
    path = fx.filled(tmp_path)
    old = read_tracker(path)
    fresh = fx.base_rows(9)
    fresh[0] = fresh[0].model_copy(update={"claim": "Claim one, reworded."})
    fresh = [r for r in fresh if r.id != "C6"]
    result = merge(old, fresh, fx.base_sources(fresh))
    out = tmp_path / "rebuilt.xlsx"
    write_tracker(out, result.rows, result.sources, old.scale, old.meta,
                  extra_headers=result.extra_headers)
    again = read_tracker(out)
    before = {r.id: r for r in old.rows}
    after = {r.id: r for r in again.rows}
    for ident in ("C1", "C3", "C4", "C7"):
        for key in ("verdict", "reviewer", "checked_on", "evidence", "notes"):
            assert getattr(after[ident], key) == getattr(before[ident], key), (ident, key)
    assert after["C1"].claim == "Claim one, reworded."
    assert after["C6"].status == columns.WITHDRAWN and after["C6"].verdict == "Misleading"
    assert after["C9"].status == columns.NOT_STARTED
    # Row 3's ID was typed as 2.0, so the sheet's claim "2" is not the build's C2.
    assert result.changes.new == ["C2", "C9"]
    assert result.changes.withdrawn == ["2", "C6"]
    assert result.changes.updated == ["C1"]
    assert after["2"].status == columns.WITHDRAWN and after["2"].verdict == "Mostly true"
