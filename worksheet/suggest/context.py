"""Features a sentence has only in its document: who says it, what surrounds it, repeats."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

from worksheet.suggest.features import REBUTTAL, STOP, FeatureVector, features, tokens

# Transcript labels that are not a speaker making claims: stage directions, the
# audience, an unnamed reporter asking (QUESTION, or Q as White House transcripts write).
NOT_SPEAKERS = frozenset(
    ["SYSTEM", "SYSYTEM", "AUDIENCE", "QUESTION", "Q", "UNIDENTIFIED", "UNKNOWN"]
)
# A speaker who ends this share of their sentences with "?" runs the event (moderator,
# interviewer, reporter) rather than making the claims: in the training transcripts
# moderators ask in 14-35% of their sentences, candidates in at most 8%.
ASKS_SHARE = 0.12
MIN_SENTENCES = 5
# Cues of the neighbouring sentences of the same turn that say the sentence sits in a
# run of claims ("They didn't know the location. They didn't know the time.").
NEIGHBOUR_CUES = ("cue:number", "cue:quantity", "cue:record", "cue:claim_verb", "cue:caps")
# How far ahead a rebuttal by someone else still points back at a sentence.
REBUTTAL_REACH = 3
# Where in the document a sentence sits, by thirds: in the training transcripts the
# last third holds half as many checked claims per sentence as the first two (thanks,
# closing rhetoric, the questions at the end of a press event), in debates and speeches
# alike. Transcripts only: on the marked news articles it lowered the ranking (an
# article's last paragraphs often hold its background figures).
THIRDS = ("place:first_third", "place:middle_third", "place:last_third")


def speaker_name(label: str) -> str:
    """One name per speaker: "HILLARY CLINTON (D-NY), FORMER SECRETARY" is CLINTON."""
    core = re.split(r"[(,]", label, maxsplit=1)[0].split()
    return core[-1].upper() if core else ""


def _content_pairs(words: list[str]) -> set[str]:
    words = [w for w in words if w not in STOP and len(w) > 2 and w != "<num>"]
    return {a + " " + b for a, b in itertools.pairwise(words)}


def _speaker_features(speakers: Sequence[str], texts: Sequence[str]) -> list[FeatureVector]:
    names = [speaker_name(s) for s in speakers]
    share = Counter(names)
    asked = Counter(n for n, t in zip(names, texts, strict=True) if t.rstrip().endswith("?"))
    total = len(names)
    out: list[FeatureVector] = []
    for i, name in enumerate(names):
        f: FeatureVector = {}
        if name in NOT_SPEAKERS or not name:
            f["spk:asks"] = 1.0
        elif share[name] >= MIN_SENTENCES and asked[name] / share[name] >= ASKS_SHARE:
            # A moderator shares the reporter's feature: speeches have reporters asking
            # (QUESTION) but no moderator, so a model trained on them still learns this.
            f["spk:asks"] = 1.0
            f["spk:moderator"] = 1.0
        if i and names[i - 1] != name:
            f["ctx:turn_start"] = 1.0
            if texts[i - 1].rstrip().endswith("?"):
                f["ctx:answer"] = 1.0
        later = range(i + 1, min(total, i + 1 + REBUTTAL_REACH))
        if any(names[j] != name and REBUTTAL.search(texts[j]) for j in later):
            f["ctx:disputed"] = 1.0
        out.append(f)
    return out


def document_features(
    sentences: Sequence[str], speakers: Sequence[str] | None = None
) -> list[FeatureVector]:
    """Each sentence's own features plus those of its place in the document.

    ``speakers`` (one label per sentence, as in a transcript) adds who is talking;
    without it the document is one voice, as an article is.
    """
    words = [tokens(s) for s in sentences]
    own = [features(s, w) for s, w in zip(sentences, words, strict=True)]
    voices = list(speakers) if speakers is not None else [""] * len(sentences)
    same = [
        i > 0 and voices[i] == voices[i - 1] for i in range(len(sentences))
    ]  # same[i]: sentence i continues the turn of sentence i-1
    pairs = [_content_pairs(w) for w in words]
    seen = Counter(p for ps in pairs for p in ps)
    extra = (
        _speaker_features(voices, sentences) if speakers is not None else [{} for _ in sentences]
    )
    out: list[FeatureVector] = []
    last = max(1, len(own) - 1)
    for i, f in enumerate(own):
        g = dict(f)
        g.update(extra[i])
        if speakers is not None:
            g[THIRDS[min(2, 3 * i // last)]] = 1.0
        repeats = sum(1 for p in pairs[i] if seen[p] > 1)
        if repeats:
            # A talking point made again elsewhere in the same document.
            g["ctx:repeat"] = min(1.0, math.log1p(repeats) / 2)
        for name in NEIGHBOUR_CUES:
            prev = same[i] and own[i - 1].get(name, 0.0)
            nxt = i + 1 < len(own) and same[i + 1] and own[i + 1].get(name, 0.0)
            if prev or nxt:
                g["near:" + name[4:]] = 1.0
        out.append(g)
    return out
