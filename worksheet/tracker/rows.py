"""Turning anchored claims into tracker rows: what a new tracker starts with."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from ..models import AnchoredClaim, Article, Source
from .model import SourceRow, TrackerRow


def source_line(source: Source) -> str:
    """One source as a line of the Claims sheet: "Title (site)", or the URL when untitled.

    The cell names the sources; their links are on the Sources sheet. Calc shows a linked
    cell as one unwrapped line cut at the column's edge, so this cell links nothing.
    """
    if source.title and source.url:
        site = urlsplit(source.url).hostname or ""
        return f"{source.title} ({site.removeprefix('www.')})" if site else source.title
    return source.label


def _passage(anchored: AnchoredClaim, article: Article) -> str:
    # Unanchored claims still show what the article said, as the claims file quoted it.
    return anchored.passage(article) or anchored.claim.quote or ""


def tracker_row(anchored: AnchoredClaim, article: Article) -> TrackerRow:
    """The Claims-sheet row for one anchored claim, with the reviewer's fields empty."""
    claim = anchored.claim
    return TrackerRow(
        id=claim.id,
        claim=claim.claim,
        passage=_passage(anchored, article),
        paragraph=anchored.anchor.paragraph,
        type=claim.type or "",
        claimant=claim.claimant or "",
        priority=claim.priority or "",
        sources="\n".join(source_line(s) for s in claim.sources),
        # The claims file may already say who checks the claim.
        reviewer=claim.assignee or None,
    )


def source_rows(anchored: AnchoredClaim) -> list[SourceRow]:
    """The Sources-sheet rows for one claim: one per source to consult."""
    rows = []
    for source in anchored.claim.sources:
        # The URL has its own column; Source holds what else is known.
        text = "\n".join(t for t in (source.title, source.note) if t)
        rows.append(SourceRow(claim_id=anchored.claim.id, source=text, url=source.url))
    return rows


def rows_from_claims(
    article: Article, claims: Sequence[AnchoredClaim]
) -> tuple[list[TrackerRow], list[SourceRow]]:
    """The Claims and Sources rows of a new tracker, in claim order."""
    rows = [tracker_row(c, article) for c in claims]
    sources = [s for c in claims for s in source_rows(c)]
    return rows, sources
