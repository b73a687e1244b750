"""schema.org ClaimReview from a filled tracker: required and recommended fields."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import tracker_fixtures as fx

from worksheet.formats.claimreview import CLAIM_LIMIT, anchor, claimreview, to_json
from worksheet.scales import load_scale
from worksheet.tracker.model import Tracker, TrackerRow
from worksheet.tracker.read import read_tracker

TODAY = dt.date(2024, 3, 5)
ORG = {"org": "Fact Desk", "org_url": "https://factdesk.example",
       "url_base": "https://factdesk.example/checks/putin-biden"}


@pytest.fixture(scope="module")
def tracker(tmp_path_factory) -> Tracker:
    return read_tracker(fx.filled(tmp_path_factory.mktemp("cr")), today=TODAY)


def by_claim(reviews):
    return {r["url"].rsplit("#", 1)[1]: r for r in reviews}


def test_one_review_per_rated_claim_on_the_scale(tracker):
    reviews, warnings = claimreview(tracker, today=TODAY, **ORG)
    # C3 ("Flase") is off the scale, C5 is withdrawn, C7 and C8 have no verdict.
    assert sorted(by_claim(reviews)) == ["2", "c1", "c4", "c6"]
    assert [w.code for w in warnings] == ["not-on-scale"]
    assert warnings[0].where == "Claims!B4" and warnings[0].severity == "warning"


def test_required_and_recommended_fields(tracker):
    reviews, _ = claimreview(tracker, today=TODAY, **ORG)
    review = by_claim(reviews)["c1"]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Claim number 1 says something checkable."
    assert review["url"] == "https://factdesk.example/checks/putin-biden#c1"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "False",
                                      "ratingValue": 1, "bestRating": 6, "worstRating": 1}
    assert review["author"] == {"@type": "Organization", "name": "Fact Desk",
                                "url": "https://factdesk.example"}
    assert review["datePublished"] == "2021-12-08"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Pepe Escobar"}
    assert item["datePublished"] == "2021-12-09"
    assert item["appearance"] == [{"@type": "CreativeWork",
                                   "url": "https://example.org/putin-biden"}]


def test_claimant_organisation_unrated_verdict_and_default_date():
    scale = load_scale("default")
    rows = [TrackerRow(id="C 9/x", claim="c", claimant="Kremlin Press Office",
                       verdict="Unverifiable", cell_row=2)]
    [review], _ = claimreview(Tracker(rows=rows, scale=scale), today=TODAY, **ORG)
    assert review["itemReviewed"]["author"]["@type"] == "Organization"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert review["datePublished"] == TODAY.isoformat()
    assert review["url"].endswith("#c-9-x") and anchor("C 9/x") == "c-9-x"
    assert "appearance" not in review["itemReviewed"]  # the tracker has no article URL


def test_warnings_for_what_google_would_reject():
    scale = load_scale("default")
    rows = [TrackerRow(id="C1", claim="x" * (CLAIM_LIMIT + 1), verdict="True", cell_row=2)]
    reviews, warnings = claimreview(Tracker(rows=rows, scale=scale), org=None, org_url=None,
                                    url_base=None, today=TODAY)
    assert "url" not in reviews[0] and "author" not in reviews[0]
    assert [(w.code, w.where) for w in warnings] == [
        ("claim-too-long", "Claims!B2"), ("no-url", ""), ("no-org", "")]
    assert all(w.severity == "warning" for w in warnings)


def test_json_array(tracker):
    reviews, _ = claimreview(tracker, today=TODAY, **ORG)
    assert json.loads(to_json(reviews)) == reviews
