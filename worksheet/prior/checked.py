"""Has each claim been checked before? The library behind ``match`` and ``--prior``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..models import Claim
from ..tracker.model import PriorEntry
from .collection import PriorCollection, read_prior
from .rank import DEFAULT_MIN_SCORE, DEFAULT_TOP, ClaimMatches, Matcher, match_claims
from .read import files_of


@dataclass
class CheckedBefore:
    """Each claim with its earlier checks (best first), and the readers' warnings."""

    results: list[ClaimMatches] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, ClaimMatches]:
        """The claims that have earlier checks, by claim ID."""
        return {r.id: r for r in self.results if r.matches}

    def entries(self) -> list[PriorEntry]:
        """The tracker's Checked before rows: each claim's best earlier check."""
        return [PriorEntry(claim_id=r.id, claim=r.claim, claim_reviewed=m.check.claim_reviewed,
                           rating=m.check.rating, publisher=m.check.publisher,
                           date=m.check.date, url=m.check.url, score=round(m.score, 2))
                for r in self.results if r.matches for m in r.matches[:1]]


def checked_before(claims: Sequence[Claim], prior: Sequence[str | Path], *,
                   top: int = DEFAULT_TOP, min_score: float = DEFAULT_MIN_SCORE,
                   use_cache: bool = True) -> CheckedBefore:
    """Match every claim against the ClaimReview collections in ``prior`` (files, folders).

    >>> from worksheet.claims import load_claims  # doctest: +SKIP
    >>> found = checked_before(load_claims("claims.yaml").claims, ["archive/"])  # doctest: +SKIP
    >>> [r.as_dict() for r in found.results]  # doctest: +SKIP
    """
    collection, matcher = load_matcher(prior, use_cache=use_cache)
    results = match_claims(((c.id, c.claim) for c in claims), matcher, top=top,
                           min_score=min_score)
    return CheckedBefore(results, list(collection.warnings))


#: The last collection read, with its matcher, by the identity of its files: a batch
#: matches every article against the same collection, read and indexed once.
_LOADED: dict[tuple[object, ...], tuple[PriorCollection, Matcher]] = {}


def load_matcher(prior: Sequence[str | Path], *,
                 use_cache: bool = True) -> tuple[PriorCollection, Matcher]:
    """The collections in ``prior`` read and indexed, again only when a file changed."""
    try:
        key: tuple[object, ...] = (use_cache, *((str(p.resolve()), s.st_mtime_ns, s.st_size)
                                               for p in files_of(prior)
                                               for s in (p.stat(),)))
    except OSError:  # a missing file: read_prior reports it, located, with the others
        return _read(prior, use_cache)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = _read(prior, use_cache)
    return _LOADED[key]


def _read(prior: Sequence[str | Path], use_cache: bool) -> tuple[PriorCollection, Matcher]:
    collection = read_prior(prior, use_cache=use_cache)
    return collection, Matcher(collection)
