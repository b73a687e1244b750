"""Finding each claim's passage in the article.

A claim's ``quote`` (or, without one, the claim itself) is looked for exactly, then
after normalising both sides (curly quotes, dashes, spacing, case, leftover markup),
then fuzzily with rapidfuzz. The result is a paragraph number and a character span
in that paragraph's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from .models import Anchor, AnchoredClaim, Article, Claim

#: Below this similarity (0-100) a quote is "not found".
QUOTE_THRESHOLD = 85.0
#: A claim without a quote is a paraphrase: it anchors more loosely.
PARAPHRASE_THRESHOLD = 60.0
#: Fuzzy matching costs grow with the square of the needle: longer ones match exactly or not.
MAX_FUZZY_CHARS = 1000

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


def anchor_text(article: Article, needle: str, threshold: float = QUOTE_THRESHOLD) -> Anchor:
    """Where ``needle`` is in the article: exact, normalised, then fuzzy."""
    # Articles are NFC when loaded; a quote pasted from elsewhere may be decomposed.
    needle = unicodedata.normalize("NFC", needle.strip())
    if not needle:
        return Anchor()
    for para in article.paragraphs:
        start = para.text.find(needle)
        if start >= 0:
            return Anchor(paragraph=para.number, start=start, end=start + len(needle),
                          score=100.0, method="exact")
    folded_needle, _ = normalise(needle)
    folded = _folded(article)
    for para, (text, where) in zip(article.paragraphs, folded, strict=True):
        start = text.find(folded_needle)
        if start >= 0:
            end = start + len(folded_needle) - 1
            return Anchor(paragraph=para.number, start=where[start], end=where[end] + 1,
                          score=100.0, method="normalised")
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
    exact = anchor_text(article, claim_text, threshold=101.0)
    if exact.found:
        return exact
    wanted = _stems(claim_text)
    if not wanted:
        return Anchor()
    best: tuple[float, int, int, int] = (0.0, -1, 0, 0)
    for number, start, end, stems in _sentences(article):
        score = 100.0 * len(wanted & stems) / len(wanted)
        if score > best[0]:
            best = (score, number, start, end)
    score, number, start, end = best
    if number < 0:
        return Anchor()
    text = article.paragraph(number).text
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end = start + len(text[start:end].strip())
    if score < threshold:
        return Anchor(start=start, end=end, score=score, method=f"closest:{number}")
    return Anchor(paragraph=number, start=start, end=end, score=score, method="paraphrase")


def anchor_claim(article: Article, claim: Claim) -> Anchor:
    """The anchor of one claim: its quote, or the claim text as a paraphrase."""
    if claim.quote:
        return anchor_text(article, claim.quote, QUOTE_THRESHOLD)
    return anchor_paraphrase(article, claim.claim)


def anchor_claims(article: Article, claims: Sequence[Claim]) -> list[AnchoredClaim]:
    """Every claim with its anchor, in the order given."""
    return [AnchoredClaim(claim=c, anchor=anchor_claim(article, c)) for c in claims]


def closest_paragraph(anchor: Anchor) -> int | None:
    """For an anchor that was not found, the paragraph that came closest."""
    if anchor.method.startswith("closest:"):
        return int(anchor.method.split(":", 1)[1])
    return None
