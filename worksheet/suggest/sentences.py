"""Split article paragraphs into sentences, keeping each sentence's place in its paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text == paragraphs[paragraph - 1][start:end]`` (paragraph from 1)."""

    text: str
    paragraph: int
    start: int
    end: int


# End punctuation, any closing quotes/brackets/markup, then the gap to the next sentence.
END = re.compile(r"(?:[.!?]+|…)[\"”’')\]*_]*(?=\s)")
# What may open a sentence: optional opening quotes/markup, then a capital or a digit.
OPENER = re.compile(r"\s+[\"“‘'(\[*_]*[A-Z0-9]")
WORD_BEFORE = re.compile(r"([\w.’'-]+)$")

# Words that take a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "vs",
        "v",
        "fig",
        "approx",
        "dept",
        "est",
        "no",
        "nos",
        "vol",
        "ch",
        "art",
        "sec",
        "pp",
        "op",
        "cf",
        "al",
        "inc",
        "ltd",
        "corp",
        "co",
        "bros",
    ]
)
MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
# After "U.S." or "a.m." a sentence usually starts with one of these.
STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "This",
        "That",
        "These",
        "Those",
        "But",
        "And",
        "So",
        "In",
        "On",
        "At",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "There",
        "Then",
        "Now",
        "Yet",
        "Still",
        "However",
        "Meanwhile",
    ]
)
NEVER_FINAL = frozenset({"e.g.", "i.e.", "cf.", "viz."})
SOFT_WRAP_END = (",", ";", ":", "-", "–", "—", "(", "and", "or", "the", "of", "to", "a")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations closed within ``text``: inside them we do not split."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"“[^“”]*”", text):
        spans.append((match.start(), match.end()))
    # Straight double quotes pair up in order; an odd one out quotes nothing we can see.
    straight = [m.start() for m in re.finditer(r'"', text)]
    for a, b in zip(straight[::2], straight[1::2], strict=False):
        spans.append((a, b + 1))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b - 1 for a, b in spans)


def _is_break(text: str, punct_start: int, end: int, next_start: int) -> bool:
    """Whether the end punctuation at ``punct_start:end`` ends a sentence."""
    punct = text[punct_start:end].rstrip("\"”’')]*_")
    if punct != ".":
        return True  # ! ? ... and … end sentences (quotations are handled by the caller)
    match = WORD_BEFORE.search(text, 0, punct_start + 1)
    word = match.group(1).lstrip("(\"“‘'*_[") if match else ""
    bare = word.rstrip(".").lower()
    following = text[next_start:].lstrip("\"“‘'([*_ \t")
    next_word = re.match(r"\S+", following)
    nxt = next_word.group(0).strip(",;:") if next_word else ""
    if word.lower() in NEVER_FINAL:
        return False
    if bare in ABBREVIATIONS or bare in MONTHS:
        # "Dr. Who", "Feb. 24", "No. 10": the abbreviation belongs to what follows.
        return False
    if len(bare) == 1 and word[:1].isupper():
        return False  # an initial, as in "J. Biden"
    if "." in word.rstrip("."):
        # Dotted abbreviations such as "U.S." or "a.m." end a sentence only when a
        # typical sentence opening follows.
        return nxt in STARTERS
    return True


def _line_breaks(text: str) -> list[int]:
    """Offsets of line breaks that separate sentences rather than wrap one."""
    out: list[int] = []
    for match in re.finditer(r"\n\s*", text):
        before = text[: match.start()].rstrip()
        after = text[match.end() :]
        if not before or not after:
            continue
        if after[:1].islower() or before.endswith(SOFT_WRAP_END):
            continue  # a wrapped line, not a new sentence
        out.append(match.start())
    return out


def split_paragraph(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the sentences in one paragraph."""
    spans = _quote_spans(text)
    cuts: set[int] = set(_line_breaks(text))
    for match in END.finditer(text):
        opener = OPENER.match(text, match.end())
        if opener is None:
            continue
        if _inside(match.end(), spans):
            continue  # a quotation that goes on: "... On the contrary ..."
        if _is_break(text, match.start(), match.end(), match.end()):
            cuts.add(match.end())
    out: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        a, b = _trim(text, start, cut)
        if a < b:
            out.append((a, b))
        start = cut
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span past surrounding space and unbalanced emphasis markers."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    # A lone "*" or "**" at either edge is markup that belonged to a neighbour.
    for marker in ("**", "*", "_"):
        if piece.startswith(marker) and piece.count(marker) % 2 == 1:
            start += len(marker)
            piece = piece[len(marker) :]
        if piece.endswith(marker) and piece.count(marker) % 2 == 1:
            end -= len(marker)
            piece = piece[: -len(marker)]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(paragraphs: Sequence[str]) -> list[Sentence]:
    """Split each paragraph into sentences; paragraphs are numbered from 1."""
    out: list[Sentence] = []
    for number, text in enumerate(paragraphs, start=1):
        for start, end in split_paragraph(text):
            out.append(Sentence(text[start:end], number, start, end))
    return out


MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # **bold**
    (re.compile(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)"), r"\1"),  # *italic*
    (re.compile(r"^[#>\s*-]+(?=\S)"), ""),  # heading, quote and list markers
    (re.compile(r"\*+"), ""),  # leftover asterisks
    (re.compile(r"\s+"), " "),
]


def plain(text: str) -> str:
    """``text`` without leftover Markdown: links become their text, emphasis goes."""
    for pattern, repl in MARKUP:
        text = pattern.sub(repl, text)
    return text.strip()
