"""Second checks: agreement, Cohen's kappa, disagreements not Done nor published."""

from __future__ import annotations

import pytest
import tracker_fixtures as fx

from worksheet import columns
from worksheet.formats import render
from worksheet.formats.claimreview import claimreview
from worksheet.scales import load_scale
from worksheet.summary import summarise
from worksheet.team.agreement import LINEAR, UNWEIGHTED, kappa, second_checks
from worksheet.tracker.model import Tracker, TrackerRow
from worksheet.tracker.read import read_tracker

SCALE = load_scale("default")
RATING = {v.label: v.rating for v in SCALE.verdicts}


def textbook_weighted_kappa(pairs, rating):
    """Linear-weighted kappa by the disagreement form, 1 - sum(w*o) / sum(w*e)."""
    n = len(pairs)
    cats = sorted({x for p in pairs for x in p})
    first = {c: sum(a == c for a, _ in pairs) / n for c in cats}
    second = {c: sum(b == c for _, b in pairs) / n for c in cats}
    observed = sum(abs(rating[a] - rating[b]) for a, b in pairs) / n
    expected = sum(abs(rating[a] - rating[b]) * first[a] * second[b]
                   for a in cats for b in cats)
    return 1 - observed / expected


def test_unweighted_kappa_matches_the_textbook_example():
    # Cohen's 2x2 example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> kappa 0.4.
    pairs = ([("Opinion", "Opinion")] * 20 + [("Opinion", "Unverifiable")] * 5
             + [("Unverifiable", "Opinion")] * 10 + [("Unverifiable", "Unverifiable")] * 15)
    value, kind = kappa(pairs, SCALE)
    assert kind == UNWEIGHTED and value == pytest.approx(0.4)


def test_linear_weighted_kappa_on_rated_verdicts():
    pairs = [("True", "True"), ("True", "Mostly true"), ("False", "Mostly false"),
             ("Mixed", "Mixed"), ("False", "False"), ("Misleading", "True"),
             ("Mostly true", "Mostly true")]
    value, kind = kappa(pairs, SCALE)
    assert kind == LINEAR
    assert value == pytest.approx(textbook_weighted_kappa(pairs, RATING))
    # Near misses cost less than far ones: the weighted figure is above the unweighted.
    unweighted, _ = kappa([*pairs, ("Opinion", "Opinion")], SCALE)
    assert value > unweighted


def test_kappa_undefined_and_perfect():
    assert kappa([], SCALE) == (None, UNWEIGHTED)
    assert kappa([("True", "True")] * 3, SCALE)[0] is None  # chance agreement is 1
    assert kappa([("True", "True"), ("False", "False")], SCALE)[0] == pytest.approx(1.0)


def test_disagreement_is_not_done_and_not_published(tmp_path):
    path = fx.write_fresh(tmp_path / "t.xlsx")
    v, s, r = fx.letter("verdict"), fx.letter("status"), fx.letter("reviewer")
    sv, sr, e = fx.letter("second_verdict"), fx.letter("second_reviewer"), fx.letter("evidence")
    fx.edit(path, {f"{v}2": "True", f"{s}2": "Done", f"{r}2": "Ana", f"{e}2": "x",
                   f"{sv}2": "False", f"{sr}2": "Ben",
                   f"{v}3": "Mixed", f"{s}3": "Done", f"{e}3": "y", f"{sv}3": "mixed"})
    tracker = read_tracker(path)
    summary = summarise(tracker)
    assert summary.done == 1 and summary.by_status[columns.SECOND_CHECK] == 1
    checks = summary.second_checks
    assert (checks.double_checked, checks.agree, checks.kappa_kind) == (2, 1, LINEAR)
    (d,) = checks.disagreements
    assert (d.id, d.first.verdict, d.first.reviewer, d.first.cell) == ("C1", "True", "Ana",
                                                                       f"Claims!{v}2")
    assert (d.second.verdict, d.second.reviewer, d.second.cell) == ("False", "Ben",
                                                                    f"Claims!{sv}2")
    assert any(p.code == "checks-disagree" and p.where == f"Claims!{sv}2"
               for p in tracker.problems)
    for fmt in ("table", "md", "html"):
        text = render(summary, fmt)
        assert "2 double-checked, 1 agree" in text and "Claims!" + sv + "2" in text, fmt
    reviews, warnings = claimreview(tracker, org="Desk", org_url=None, url_base="https://x")
    assert [r["claimReviewed"] for r in reviews] == [tracker.rows[1].claim]
    assert any(w.code == "checks-disagree" and w.where == f"Claims!{sv}2" for w in warnings)


def test_withdrawn_claims_leave_the_agreement():
    rows = [TrackerRow(id="C1", verdict="True", second_verdict="False",
                       status=columns.WITHDRAWN)]
    assert second_checks(rows, SCALE).double_checked == 0
    assert summarise(Tracker(rows=rows, scale=SCALE)).second_checks.disagreements == []


def test_old_trackers_without_second_check_columns_still_read(tmp_path):
    headers = [c.header for c in columns.CLAIM_COLUMNS if not c.optional]
    path = fx.handmade(tmp_path / "old.xlsx", headers, [["C1", "A claim"]])
    tracker = read_tracker(path)
    assert tracker.rows[0].second_verdict is None
    assert not [p for p in tracker.problems if p.code == "missing-column"]
