"""Ranking earlier checks for a claim: BM25 candidates, re-scored, calibrated to 0–1.

Retrieval (:mod:`worksheet.prior.index`) finds the candidates that share telling words
with the claim; each is then re-scored on what a fact-checker would compare:

- how much of each side's meaning (idf-weighted terms) the other covers;
- fuzzy token matching (rapidfuzz), for spelling and word order;
- the numbers: an earlier check of "12%" is not a check of "21%";
- the names: "Biden" matches "Joe Biden", but "Spain" does not match "Portugal";
- negation: "did not rise" is the opposite claim of "rose".

A logistic model turns these into a score from 0 to 1. Its weights and the default
threshold were fitted on the dev half of the synthetic evaluation set in
``tests/data/match/`` (right checks weighted 3:1 against the many wrong candidates, so
read the score as confidence, not as a frequency) and measured on the other half:
``python tests/benchmarks/match_quality.py`` prints the figures, ``--fit`` refits them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from .collection import PriorCollection
from .index import Segment, parse_record
from .read import PriorCheck
from .terms import Analysed, analyse

#: How many BM25 candidates are re-scored.
CANDIDATES = 30
#: Matches below this score are not shown (picked on the dev split; see the README).
DEFAULT_MIN_SCORE = 0.82
#: How many matches a claim shows by default.
DEFAULT_TOP = 3

FEATURES = ("query_cover", "check_cover", "both_cover", "token_set", "token_sort", "numbers_differ",
            "numbers_missing", "numbers_one_side", "names_missing", "names_extra",
            "negation")
#: Logistic weights over FEATURES, then the intercept (fitted on the dev split).
WEIGHTS = (0.15, 8.43, -0.49, 9.8, 3.64, -4.92, -7.19, -6.89, -11.09, -4.41, -4.95)
INTERCEPT = -8.83


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier check of a claim, and how sure we are that it is one (0–1)."""

    check: PriorCheck
    score: float

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: ``claim_reviewed``, ``rating``, ``publisher``, ``date``, ``url``,
        ``score``."""
        c = self.check
        return {"claim_reviewed": c.claim_reviewed, "rating": c.rating,
                "publisher": c.publisher, "date": c.date, "url": c.url,
                "score": round(self.score, 3)}


@dataclass
class ClaimMatches:
    """One claim and its earlier checks, best first (empty when none is close enough)."""

    id: str
    claim: str
    matches: list[Match] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: ``id``, ``claim``, ``matches``."""
        return {"id": self.id, "claim": self.claim,
                "matches": [m.as_dict() for m in self.matches]}


def features(query: Analysed, check: Analysed, idf: dict[str, float]) -> list[float]:
    """What the ranker compares between a claim and an earlier check, in FEATURES order."""
    q_terms, c_terms = set(query.terms), set(check.terms)
    shared = q_terms & c_terms
    q_mass = sum(idf[t] for t in q_terms) or 1.0
    c_mass = sum(idf[t] for t in c_terms) or 1.0
    shared_mass = sum(idf[t] for t in shared)
    q_text, c_text = " ".join(query.terms), " ".join(check.terms)
    qn, cn = query.numbers, check.numbers
    both = bool(qn and cn)
    return [
        shared_mass / q_mass,
        shared_mass / c_mass,
        min(shared_mass / q_mass, shared_mass / c_mass),
        fuzz.token_set_ratio(q_text, c_text) / 100,
        fuzz.token_sort_ratio(q_text, c_text) / 100,
        1.0 if both and not qn & cn else 0.0,
        len(qn - cn) / len(qn) if both else 0.0,
        1.0 if bool(qn) != bool(cn) else 0.0,
        len(query.names - c_terms) / len(query.names) if query.names else 0.0,
        len(check.names - q_terms) / len(check.names) if check.names else 0.0,
        1.0 if query.negated != check.negated else 0.0,
    ]


def calibrated(values: Sequence[float], weights: Sequence[float] = WEIGHTS,
               intercept: float = INTERCEPT) -> float:
    """The logistic model's score (0–1) for one feature vector."""
    z = intercept + sum(w * x for w, x in zip(weights, values, strict=True))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


class Matcher:
    """Earlier checks indexed for matching; build once, match many claims."""

    def __init__(self, prior: Sequence[PriorCheck] | PriorCollection) -> None:
        if not isinstance(prior, PriorCollection):
            prior = PriorCollection([Segment.build(list(prior))])
        self.collection = prior
        self.index = prior.index
        self._records: dict[int, tuple[PriorCheck, Analysed]] = {}

    def record(self, doc: int) -> tuple[PriorCheck, Analysed]:
        """An earlier check and its analysed claim, parsed when first needed."""
        found = self._records.get(doc)
        if found is None:
            segment, n = self.index.locate(doc)
            check = parse_record(segment.records[n])
            analysed = analyse(check.claim_reviewed).with_names(self.index.names)
            found = self._records[doc] = (check, analysed)
        return found

    def check(self, doc: int) -> PriorCheck:
        """The earlier check numbered ``doc``."""
        return self.record(doc)[0]

    def scored(self, claim: str, limit: int = CANDIDATES) -> list[tuple[int, list[float]]]:
        """The BM25 candidates for ``claim`` with their features: (check number, features)."""
        query = analyse(claim)
        # The claim's capitalised first word is a name if the collection says so, or if
        # the collection has never used the word at all ("Kiev has not…").
        first = query.first
        unknown = {first} if first is not None and not self.index.docs(first) else set()
        query = query.with_names(self.index.names | query.names | unknown)
        found = [(doc, self.record(doc)[1]) for doc, _ in self.index.search(query.terms, limit)]
        terms = set(query.terms).union(*(a.terms for _, a in found))
        idf = {t: self.index.idf(t) for t in terms}
        return [(doc, features(query, analysed, idf)) for doc, analysed in found]

    def match(self, claim: str, top: int = DEFAULT_TOP,
              min_score: float = DEFAULT_MIN_SCORE) -> list[Match]:
        """The ``top`` earlier checks of ``claim`` scoring at least ``min_score``, best first."""
        ranked = sorted(((calibrated(x), i) for i, x in self.scored(claim)),
                        key=lambda pair: (-pair[0], pair[1]))
        return [Match(self.check(i), s) for s, i in ranked[:top] if s >= min_score]


def match_claims(claims: Iterable[tuple[str, str]], prior: Matcher | PriorCollection, *,
                 top: int = DEFAULT_TOP,
                 min_score: float = DEFAULT_MIN_SCORE) -> list[ClaimMatches]:
    """Each ``(id, claim)`` with its earlier checks from ``prior``, best first.

    >>> matcher = Matcher([PriorCheck("Unemployment fell to 3.5% in 2019.", "True")])
    >>> [m.check.rating for m in matcher.match("Unemployment dropped to 3.5 percent in 2019")]
    ['True']
    """
    matcher = prior if isinstance(prior, Matcher) else Matcher(prior)
    return [ClaimMatches(cid, text, matcher.match(text, top, min_score)) for cid, text in claims]
