"""Lexical retrieval over a whole collection: an inverted index scored with BM25.

A collection is one :class:`Segment` per file: its reviews as text records (parsed only
when one is a candidate) and its postings (term → the records holding it, parsed only
when a query uses the term). A query touches only the postings of its own terms, never
every earlier check, and the best few candidates are then re-scored closely
(:mod:`worksheet.prior.rank`). Segments are what the cache (:mod:`.cache`) stores.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .read import PriorCheck, safe_url
from .terms import index_terms

#: BM25's usual constants: term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75
#: A term in more documents than this only re-scores what rarer terms found.
COMMON = 2_000
#: Fields of a record: the check's six (its claim is analysed again when a candidate).
RECORD_FIELDS = 6


def record(check: PriorCheck) -> str:
    """One review as a line of tab-separated fields (its text holds no tab or newline)."""
    return "\t".join((check.claim_reviewed, check.rating or "", check.publisher or "",
                      check.date or "", check.url or "", check.claimant or ""))


def parse_record(line: str) -> PriorCheck:
    """A record line back as the check."""
    f = line.split("\t")
    return PriorCheck(f[0], f[1] or None, f[2] or None, f[3] or None, safe_url(f[4]),
                      f[5] or None)


@dataclass
class Segment:
    """One file's reviews as records, with their postings and lengths in terms."""

    records: list[str]
    postings: dict[str, str | list[int]]
    """Term → record numbers; as a space-separated string until a query first needs it."""
    lengths: list[int]
    names: set[str] = field(default_factory=set)
    """Terms the claims capitalise mid-sentence: names wherever they stand."""

    @classmethod
    def build(cls, checks: Sequence[PriorCheck]) -> Segment:
        """Index checks: their claims' terms only (the rest is read for candidates)."""
        terms, names = index_terms([c.claim_reviewed for c in checks])
        postings: dict[str, list[int]] = {}
        for doc, found_terms in enumerate(terms):
            for term in dict.fromkeys(found_terms):
                found = postings.get(term)
                if found is None:
                    postings[term] = [doc]
                else:
                    found.append(doc)
        return cls([record(c) for c in checks], dict(postings), list(map(len, terms)), names)

    def docs(self, term: str) -> list[int]:
        """The records holding ``term``."""
        found = self.postings.get(term)
        if found is None:
            return []
        if isinstance(found, str):  # from the cache: whatever it holds, stay in range
            size = len(self.records)
            found = [d for d in map(int, found.split()) if d < size] if found.replace(
                " ", "").isdigit() else []
            self.postings[term] = found
        return found


@dataclass
class Index:
    """Segments searched as one collection with Okapi BM25.

    A claim seldom repeats a word, so each posting counts once (tf = 1): a document's
    score is the sum, over the query terms it holds, of the term's idf times BM25's
    length normalisation of the document. ``deleted`` documents (a review already in an
    earlier file) are never returned.
    """

    segments: list[Segment]
    deleted: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.offsets: list[int] = []
        lengths: list[int] = []
        for segment in self.segments:
            self.offsets.append(len(lengths))
            lengths += segment.lengths
        self.size = len(lengths)
        self.names: set[str] = set().union(*(s.names for s in self.segments))
        average = (sum(lengths) / self.size if self.size else 0.0) or 1.0
        self.weights = [(K1 + 1) / (1 + K1 * (1 - B + B * n / average)) for n in lengths]
        self._postings: dict[str, list[int]] = {}

    def docs(self, term: str) -> list[int]:
        """Every document holding ``term``, across segments."""
        found = self._postings.get(term)
        if found is None:
            found = []
            for offset, segment in zip(self.offsets, self.segments, strict=True):
                docs = segment.docs(term)
                found += [offset + d for d in docs] if offset else docs
            if len(self._postings) < 10_000:
                self._postings[term] = found
        return found

    def locate(self, doc: int) -> tuple[Segment, int]:
        """The segment of a document and its number there."""
        for offset, segment in zip(reversed(self.offsets), reversed(self.segments),
                                   strict=True):
            if doc >= offset:
                return segment, doc - offset
        raise IndexError(doc)

    def idf(self, term: str) -> float:
        """How telling a term is: rare terms count most; unknown terms most of all."""
        df = len(self.docs(term))
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def search(self, terms: Sequence[str], limit: int = 50) -> list[tuple[int, float]]:
        """The ``limit`` best documents for the query ``terms``, as (index, score).

        Terms are taken rarest first. A common term (in more than ``COMMON`` documents)
        only adds to documents a rarer term already found, which keeps a query on a big
        collection from touching most of it; the rarest term is always walked in full.
        """
        scores: dict[int, float] = {}
        weights = self.weights
        found = [(len(p), t, p) for t in set(terms) if (p := self.docs(t))]
        common = max(COMMON, self.size // 100)
        for n, (df, term, docs) in enumerate(sorted(found)):
            idf = self.idf(term)
            if n and df > common and scores:
                present = set(docs)
                for doc in [d for d in scores if d in present]:
                    scores[doc] += idf * weights[doc]
                continue
            get = scores.get
            for doc in docs:
                scores[doc] = get(doc, 0.0) + idf * weights[doc]
        for doc in self.deleted:
            scores.pop(doc, None)
        return heapq.nlargest(limit, scores.items(), key=lambda item: item[1])
