"""Finding each claim's passage in the article.

A claim's ``quote`` (or, without one, the claim itself) is looked for exactly, then
after normalising both sides (curly quotes, dashes, spacing, case, leftover markup),
then fuzzily with rapidfuzz. The result is a paragraph number and a character span
in that paragraph's text.

The article is indexed once (:class:`_Index`: its paragraphs joined for C-speed search,
then each whole word → the paragraphs holding it, each stem → the sentences holding
it, each built only when needed), so that a claim is looked for only where its words
are: a 1,000-claim build on a 2,000-paragraph article no longer reads the article a
thousand times in Python. :class:`_Scan`, the search it replaced, stays as the reference the
tests hold it to: the same anchors, always.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from .models import Anchor, AnchoredClaim, Article, Claim

#: Below this similarity (0-100) a quote is "not found".
QUOTE_THRESHOLD = 85.0
#: A claim without a quote is a paraphrase: it anchors more loosely.
PARAPHRASE_THRESHOLD = 60.0
#: Fuzzy matching costs grow with the square of the needle: longer ones match exactly or not.
MAX_FUZZY_CHARS = 1000
#: Searches of the joined text before its words are indexed: a few claims are cheaper
#: found by one C-speed pass each than by indexing a long article first.
INDEX_AFTER = 16

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "…": "...",
})
_MARKUP = set("*_#`")


def normalise(text: str) -> tuple[str, list[int]]:
    """Text folded for matching, and for each of its characters the index it came from."""
    out: list[str] = []
    where: list[int] = []
    space = True
    for i, ch in enumerate(text):
        if ch in _MARKUP:
            continue
        folded = ch.translate(_FOLD).casefold()
        if folded.isspace():
            if space:
                continue
            folded, space = " ", True
        else:
            space = False
        for c in folded:
            out.append(c)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


_memo: tuple[tuple[str, ...], dict[str, Any]] = ((), {})


def _derived(article: Article) -> dict[str, Any]:
    """What anchoring derives from an article's text, remembered for the last article.

    Anchoring claims one by one would otherwise fold the whole article once per claim:
    twenty thousand claims took minutes. The memo holds the texts themselves, so an
    ``is`` check per paragraph tells that the article is the same one.
    """
    global _memo
    texts = tuple(p.text for p in article.paragraphs)
    known, derived = _memo
    if len(known) != len(texts) or any(a is not b for a, b in zip(known, texts, strict=True)):
        derived = {}
        _memo = (texts, derived)
    return derived


def _folded(article: Article) -> list[tuple[str, list[int]]]:
    """Every paragraph normalised (see :func:`normalise`)."""
    derived = _derived(article)
    if "folded" not in derived:
        derived["folded"] = [normalise(p.text) for p in article.paragraphs]
    folded: list[tuple[str, list[int]]] = derived["folded"]
    return folded


def _sentences(article: Article) -> list[tuple[int, int, int, set[str]]]:
    """Every sentence as (paragraph number, start, end, its stems)."""
    derived = _derived(article)
    if "sentences" not in derived:
        derived["sentences"] = [(para.number, m.start(), m.end(), _stems(m.group()))
                                for para in article.paragraphs
                                for m in _SENTENCE.finditer(para.text)]
    sentences: list[tuple[int, int, int, set[str]]] = derived["sentences"]
    return sentences


class _Scan:
    """The first paragraph holding a needle, and the best sentence, by looking at them all.

    Claims × paragraphs: the reference that :class:`_Index` must agree with exactly.
    """

    def __init__(self, article: Article) -> None:
        self.article = article

    # Folding and sentence-splitting read the whole article in Python: done only when a
    # claim needs them (most quotes are found as they are), as the scan always did.
    @functools.cached_property
    def folded_pairs(self) -> list[tuple[str, list[int]]]:
        """Every paragraph normalised, with where each character came from."""
        return _folded(self.article)

    @functools.cached_property
    def sentences(self) -> list[tuple[int, int, int, set[str]]]:
        """Every sentence as (paragraph number, start, end, its stems)."""
        return _sentences(self.article)

    def raw(self, needle: str) -> tuple[int, int] | None:
        """(paragraph index, start) of the first exact occurrence of ``needle``."""
        return _first_in(needle, [p.text for p in self.article.paragraphs])

    def folded(self, needle: str) -> tuple[int, int] | None:
        """Like :meth:`raw` in the normalised paragraphs, for a normalised needle."""
        return _first_in(needle, [text for text, _ in self.folded_pairs])

    def best_sentence(self, wanted: set[str]) -> tuple[int, int]:
        """(stems shared, sentence index) of the first sentence sharing most stems."""
        best = (0, -1)
        for index, (_, _, _, stems) in enumerate(self.sentences):
            shared = len(wanted & stems)
            if shared > best[0]:
                best = (shared, index)
        return best


def _first_in(needle: str, texts: Sequence[str],
              candidates: Iterable[int] | None = None) -> tuple[int, int] | None:
    for index in range(len(texts)) if candidates is None else candidates:
        start = texts[index].find(needle)
        if start >= 0:
            return index, start
    return None


class _Texts:
    """Paragraph texts searched as one string, then, once worth it, by an index of words.

    The paragraphs are joined once: ``str.find`` on the whole is one pass at C speed,
    which a few claims cannot beat. From the :data:`INDEX_AFTER`-th claim on, every whole
    word is indexed (word → the paragraphs holding it): a word a needle holds whole (a
    non-word character, or nothing, on each side in the needle) is a whole word of every
    paragraph that contains the needle, so only the paragraphs holding its rarest words
    need a ``find``.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        # NUL cannot be in a needle searched this way, so no match spans two paragraphs.
        self.joined = "\0".join(texts)
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        self.words: dict[str, list[int]] | None = None
        self.asked = 0

    def _index_words(self) -> dict[str, list[int]]:
        words: dict[str, list[int]] = {}
        for index, text in enumerate(self.texts):
            for word in set(_WORD.findall(text)):
                words.setdefault(word, []).append(index)
        return words

    def first(self, needle: str) -> tuple[int, int] | None:
        """(paragraph index, start) of the first occurrence, as :func:`_first_in` finds it."""
        self.asked += 1
        if self.words is None and self.asked > INDEX_AFTER:
            self.words = self._index_words()
        inner = {m.group() for m in _WORD.finditer(needle)
                 if m.start() > 0 and m.end() < len(needle)} if self.words is not None else ()
        if inner and self.words is not None:
            lists = sorted((self.words.get(w, []) for w in inner), key=len)
            candidates = set(lists[0]).intersection(*lists[1:3]) if len(lists) > 1 else lists[0]
            return _first_in(needle, self.texts, sorted(candidates))
        if "\0" in needle or not self.texts:
            return _first_in(needle, self.texts)
        at = self.joined.find(needle)
        if at < 0:
            return None
        index = bisect.bisect_right(self.starts, at) - 1
        return index, at - self.starts[index]


class _Index(_Scan):
    """The article indexed once, so that anchoring a claim does not read every paragraph.

    Gives exactly the answers of :class:`_Scan` (a test compares them).
    """

    @functools.cached_property
    def _raw(self) -> _Texts:
        return _Texts([p.text for p in self.article.paragraphs])

    @functools.cached_property
    def _folded(self) -> _Texts:
        return _Texts([text for text, _ in self.folded_pairs])

    @functools.cached_property
    def _stems(self) -> dict[str, list[int]]:
        stems_at: dict[str, list[int]] = {}
        for index, (_, _, _, stems) in enumerate(self.sentences):
            for stem in stems:
                stems_at.setdefault(stem, []).append(index)
        return stems_at

    def raw(self, needle: str) -> tuple[int, int] | None:
        return self._raw.first(needle)

    def folded(self, needle: str) -> tuple[int, int] | None:
        return self._folded.first(needle)

    def best_sentence(self, wanted: set[str]) -> tuple[int, int]:
        shared: dict[int, int] = {}
        for stem in wanted:
            for index in self._stems.get(stem, ()):
                shared[index] = shared.get(index, 0) + 1
        if not shared:
            return (0, -1)
        most = max(shared.values())
        return most, min(i for i, n in shared.items() if n == most)


#: What the anchoring steps ask; the index and the reference scan both answer.
Finder = _Scan


def _index(article: Article) -> _Index:
    derived = _derived(article)
    if "index" not in derived:
        derived["index"] = _Index(article)
    index: _Index = derived["index"]
    return index


def anchor_text(article: Article, needle: str, threshold: float = QUOTE_THRESHOLD) -> Anchor:
    """Where ``needle`` is in the article: exact, normalised, then fuzzy."""
    return _anchor_text(article, needle, threshold, _index(article))


def _anchor_text(article: Article, needle: str, threshold: float, finder: Finder) -> Anchor:
    # Articles are NFC when loaded; a quote pasted from elsewhere may be decomposed.
    needle = unicodedata.normalize("NFC", needle.strip())
    if not needle:
        return Anchor()
    found = finder.raw(needle)
    if found is not None:
        index, start = found
        return Anchor(paragraph=article.paragraphs[index].number, start=start,
                      end=start + len(needle), score=100.0, method="exact")
    folded_needle, _ = normalise(needle)
    folded = finder.folded_pairs
    found = finder.folded(folded_needle)
    if found is not None:
        index, start = found
        where = folded[index][1]
        end = start + len(folded_needle) - 1
        return Anchor(paragraph=article.paragraphs[index].number, start=where[start],
                      end=where[end] + 1, score=100.0, method="normalised")
    if threshold > 100.0 or len(folded_needle) > MAX_FUZZY_CHARS:
        return Anchor()  # no fuzzy match could count: skip the costly search
    return _fuzzy(article, folded_needle, folded, threshold)


def _fuzzy(article: Article, needle: str, folded: list[tuple[str, list[int]]],
           threshold: float) -> Anchor:
    from rapidfuzz import fuzz

    best: tuple[float, int, int, int] = (0.0, -1, 0, 0)
    for index, (text, _) in enumerate(folded):
        if not text:
            continue
        # A quick upper bound first: most paragraphs are nowhere near the needle.
        if fuzz.partial_ratio(needle, text, score_cutoff=best[0]) <= best[0]:
            continue
        found = fuzz.partial_ratio_alignment(needle, text)
        if found is not None and found.score > best[0]:
            best = (found.score, index, found.dest_start, found.dest_end)
    score, index, start, end = best
    if index < 0:
        return Anchor()
    para = article.paragraphs[index]
    where = folded[index][1]
    span_start, span_end = where[start], where[max(start, end - 1)] + 1
    if score < threshold:
        # Not found; remember the closest passage so the warning can name it.
        return Anchor(paragraph=None, start=span_start, end=span_end, score=score,
                      method=f"closest:{para.number}")
    return Anchor(paragraph=para.number, start=span_start, end=span_end, score=score,
                  method="fuzzy")


_WORD = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)]*|$)")
_STOP = frozenset(
    "the a an and or but of to in on at for from by with as is are was were be been that this "
    "these those it its their his her they he she we you not no than then there which who "
    "what when where will would can could has have had did does do said says".split())


def _stems(text: str) -> set[str]:
    # Five-letter prefixes: a cheap stemmer that matches "summit"/"summits", "met"/"meet" not.
    return {w[:5] for w in _WORD.findall(text.casefold()) if w not in _STOP and len(w) > 1}


def anchor_paraphrase(article: Article, claim_text: str,
                      threshold: float = PARAPHRASE_THRESHOLD) -> Anchor:
    """Where a claim written in the checker's words is: the sentence sharing most of its words.

    A paraphrase rarely matches character by character, so it is scored by how many of
    its content words (stemmed) the article's sentence holds.
    """
    return _anchor_paraphrase(article, claim_text, threshold, _index(article))


def _anchor_paraphrase(article: Article, claim_text: str, threshold: float,
                       finder: Finder) -> Anchor:
    exact = _anchor_text(article, claim_text, 101.0, finder)
    if exact.found:
        return exact
    wanted = _stems(claim_text)
    if not wanted:
        return Anchor()
    shared, index = finder.best_sentence(wanted)
    if index < 0:
        return Anchor()
    number, start, end, _ = finder.sentences[index]
    score = 100.0 * shared / len(wanted)
    text = article.paragraph(number).text
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end = start + len(text[start:end].strip())
    if score < threshold:
        return Anchor(start=start, end=end, score=score, method=f"closest:{number}")
    return Anchor(paragraph=number, start=start, end=end, score=score, method="paraphrase")


def anchor_claim(article: Article, claim: Claim) -> Anchor:
    """The anchor of one claim: its quote, or the claim text as a paraphrase."""
    return _anchor_claim(article, claim, _index(article))


def _anchor_claim(article: Article, claim: Claim, finder: Finder) -> Anchor:
    if claim.quote:
        return _anchor_text(article, claim.quote, QUOTE_THRESHOLD, finder)
    return _anchor_paraphrase(article, claim.claim, PARAPHRASE_THRESHOLD, finder)


def anchor_claims(article: Article, claims: Sequence[Claim]) -> list[AnchoredClaim]:
    """Every claim with its anchor, in the order given."""
    finder = _index(article)  # once: checking that the article is the one indexed reads it all
    return [AnchoredClaim(claim=c, anchor=_anchor_claim(article, c, finder)) for c in claims]


def closest_paragraph(anchor: Anchor) -> int | None:
    """For an anchor that was not found, the paragraph that came closest."""
    if anchor.method.startswith("closest:"):
        return int(anchor.method.split(":", 1)[1])
    return None
