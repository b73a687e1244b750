"""Transcripts: who says each sentence, read from speaker labels ("SMITH: ...", "Q: ...").

A debate, interview or press briefing names its speakers; the model uses that to tell
a moderator's or reporter's question from a claim (see :mod:`worksheet.suggest.context`).

>>> turns = speaker_labels(["MODERATOR: Welcome.", "SMITH: Jobs are up.", "JONES: No."])
>>> [(t.speaker, t.text) for t in turns]
[('MODERATOR', 'Welcome.'), ('SMITH', 'Jobs are up.'), ('JONES', 'No.')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A label opens a sentence: one to four capitalised words (or Q / A), an optional
# parenthesis ("SANDERS (D-VT)"), a colon, then the words spoken. "Lavrov said:" is
# not one: every word of a label starts with a capital.
LABEL = re.compile(
    r"(?P<label>(?:[A-Z][\w'’.\-]*\s){0,3}[A-Z][\w'’.\-]*)"
    r"(?:\s*\([^()\n]{1,60}\))?:\s+(?=\S)"
)
# Words that open an article's lines with a colon without naming a speaker.
NOT_LABELS = frozenset(
    """note update editor's editors correction source sources photo photos read watch
    listen related see also updated published posted image video caption credit
    disclaimer warning tip tips example summary background context""".split()
)
# A document is a transcript when this many sentences open with a label, by at least
# two speakers, and labels open at least this share of its paragraphs.
MIN_LABELLED = 3
MIN_PARAGRAPH_SHARE = 0.5


@dataclass(frozen=True)
class Turn:
    """One sentence of a transcript: who says it, and its words without the label."""

    speaker: str
    text: str
    offset: int  # where ``text`` starts in the sentence (the label's length)


def _label(sentence: str) -> tuple[str, int] | None:
    match = LABEL.match(sentence)
    if not match:
        return None
    label = match.group("label")
    words = label.split()
    if words[0].lower() in NOT_LABELS or words[-1].lower() in NOT_LABELS:
        return None
    return label, match.end()


def speaker_labels(sentences: Sequence[str]) -> list[Turn]:
    """Each sentence's speaker: its own label, else the speaker of the sentence before.

    Sentences before the first label have the speaker "" (an introduction, no one).
    """
    turns: list[Turn] = []
    speaker = ""
    for sentence in sentences:
        found = _label(sentence)
        if found:
            speaker, offset = found
            turns.append(Turn(speaker, sentence[offset:], offset))
        else:
            turns.append(Turn(speaker, sentence, 0))
    return turns


def looks_like_transcript(sentences: Sequence[str], paragraph_starts: Sequence[str]) -> bool:
    """Whether speaker labels run through the text (``paragraph_starts``: each paragraph)."""
    labels = [found[0] for s in sentences if (found := _label(s))]
    if len(labels) < MIN_LABELLED or len(set(labels)) < 2:
        return False
    opened = sum(1 for p in paragraph_starts if _label(p))
    return opened >= MIN_PARAGRAPH_SHARE * len(paragraph_starts)


def opens_turn(line: str) -> bool:
    """Whether a line starts with a speaker label."""
    return _label(line.strip()) is not None


def speaker_display(label: str) -> str:
    """A label as a claimant's name: "THE PRESIDENT" reads "The President"."""
    return label.title() if label.isupper() and len(label) > 1 else label
