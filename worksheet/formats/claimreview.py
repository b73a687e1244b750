"""schema.org ClaimReview JSON-LD for the claims a tracker has verdicts for.

One ClaimReview per claim that has a verdict on the scale, is not Withdrawn and whose
second check (if any) agrees with the first; the output is a JSON array of them (each
with its own ``@context``), ready to paste into a ``<script type="application/ld+json">``
block. Google's rules are checked as warnings, not refused: ``claimReviewed`` over 75
characters (``Claims!B<row>``), and once each (``where`` empty) a missing review URL
(no ``url_base``) or organisation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .. import columns
from ..errors import Problem
from ..models import Scale
from ..team.agreement import disagree
from ..tracker import layout
from ..tracker.model import Tracker, TrackerRow
from ..tracker.read import column_letter

CONTEXT = "https://schema.org"
#: Google shows claimReviewed best under this many characters.
CLAIM_LIMIT = 75
# Words that mark a claimant as an organisation rather than a person.
_ORGANISATION = re.compile(
    r"\b(ministry|department|office|agency|government|council|committee|commission|party|"
    r"inc|ltd|llc|plc|corp|company|association|university|bank|news|times|press|"
    r"kremlin|white house|nato)\b", re.IGNORECASE)


def anchor(claim_id: str) -> str:
    """The page anchor of a claim: its ID lowercased, other characters as hyphens."""
    return re.sub(r"[^a-z0-9_-]+", "-", claim_id.lower()).strip("-") or "claim"


def review_url(url_base: str | None, claim_id: str) -> str | None:
    """The published review's URL for one claim: ``url_base#anchor``."""
    if not url_base:
        return None
    return f"{url_base.split('#', 1)[0]}#{anchor(claim_id)}"


def _rating(label: str, scale: Scale) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    verdict = scale.get(label)
    if verdict is not None and verdict.rating is not None:
        rating["ratingValue"] = verdict.rating
        if scale.best_rating is not None:
            rating["bestRating"] = scale.best_rating
        if scale.worst_rating is not None:
            rating["worstRating"] = scale.worst_rating
    return rating


def _claimant(name: str) -> dict[str, str]:
    kind = "Organization" if _ORGANISATION.search(name) else "Person"
    return {"@type": kind, "name": name}


def _item(row: TrackerRow, tracker: Tracker) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if row.claimant:
        item["author"] = _claimant(row.claimant)
    if tracker.meta.date:
        item["datePublished"] = tracker.meta.date
    if tracker.meta.url:
        item["appearance"] = [{"@type": "CreativeWork", "url": tracker.meta.url}]
    return item


def review(row: TrackerRow, tracker: Tracker, *, org: str | None, org_url: str | None,
           url_base: str | None, today: dt.date) -> dict[str, Any]:
    """The ClaimReview of one rated claim."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": row.claim,
        "reviewRating": _rating(row.verdict or "", tracker.scale),
        "itemReviewed": _item(row, tracker),
        "datePublished": (row.checked_on if isinstance(row.checked_on, dt.date)
                          else today).isoformat(),
    }
    url = review_url(url_base, row.id)
    if url:
        data["url"] = url
    if org:
        data["author"] = {"@type": "Organization", "name": org}
        if org_url:
            data["author"]["url"] = org_url
    return data


def _where(row: TrackerRow, key: str = "claim") -> str:
    letter = column_letter(layout.column_index(key) - 1)
    return f"{columns.CLAIMS_SHEET}!{letter}{row.cell_row}" if row.cell_row else row.id


def claimreview(tracker: Tracker, *, org: str | None, org_url: str | None,
                url_base: str | None, today: dt.date | None = None,
                ) -> tuple[list[dict[str, Any]], list[Problem]]:
    """ClaimReviews for every claim with a verdict on the scale, and warnings.

    >>> # reviews, warnings = claimreview(read_tracker(path), org="Fact Desk",
    >>> #     org_url="https://factdesk.example", url_base="https://factdesk.example/check")
    """
    today = today or dt.date.today()
    reviews: list[dict[str, Any]] = []
    warnings: list[Problem] = []
    for row in tracker.rows:
        if not row.verdict or row.status == columns.WITHDRAWN:
            continue
        if tracker.scale.get(row.verdict) is None:
            warnings.append(Problem(_where(row), "not-on-scale",
                                    f"{row.id} not published: {row.verdict!r} is not a verdict "
                                    "on the scale", "warning"))
            continue
        if disagree(row, tracker.scale):
            warnings.append(Problem(_where(row, "second_verdict"), "checks-disagree",
                                    f"{row.id} not published: its checks disagree "
                                    f"({row.verdict!r} and {row.second_verdict!r}); an "
                                    "editor must settle it first", "warning"))
            continue
        if len(row.claim) > CLAIM_LIMIT:
            warnings.append(Problem(_where(row), "claim-too-long",
                                    f"{row.id}: claimReviewed is {len(row.claim)} characters; "
                                    f"Google wants under {CLAIM_LIMIT}", "warning"))
        reviews.append(review(row, tracker, org=org, org_url=org_url, url_base=url_base,
                              today=today))
    if reviews and not url_base:
        warnings.append(Problem("", "no-url", "ClaimReview needs a url for each review; "
                                "give the published page's address (--url-base)", "warning"))
    if reviews and not org:
        warnings.append(Problem("", "no-org", "ClaimReview should name the fact-checking "
                                "organisation as author (--org)", "warning"))
    return reviews, warnings


def to_json(reviews: list[dict[str, Any]]) -> str:
    """The reviews as a JSON array, indented, ending in a newline."""
    return json.dumps(reviews, indent=2, ensure_ascii=False) + "\n"
