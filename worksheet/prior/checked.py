"""Has each claim been checked before? The library behind ``match`` and ``--prior``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..models import Claim
from .collection import read_prior
from .rank import DEFAULT_MIN_SCORE, DEFAULT_TOP, ClaimMatches, Matcher, match_claims


@dataclass
class CheckedBefore:
    """Each claim with its earlier checks (best first), and the readers' warnings."""

    results: list[ClaimMatches] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, ClaimMatches]:
        """The claims that have earlier checks, by claim ID."""
        return {r.id: r for r in self.results if r.matches}


def checked_before(claims: Sequence[Claim], prior: Sequence[str | Path], *,
                   top: int = DEFAULT_TOP, min_score: float = DEFAULT_MIN_SCORE,
                   use_cache: bool = True) -> CheckedBefore:
    """Match every claim against the ClaimReview collections in ``prior`` (files, folders).

    >>> from worksheet.claims import load_claims  # doctest: +SKIP
    >>> found = checked_before(load_claims("claims.yaml").claims, ["archive/"])  # doctest: +SKIP
    >>> [r.as_dict() for r in found.results]  # doctest: +SKIP
    """
    collection = read_prior(prior, use_cache=use_cache)
    results = match_claims(((c.id, c.claim) for c in claims), Matcher(collection), top=top,
                           min_score=min_score)
    return CheckedBefore(results, list(collection.warnings))
