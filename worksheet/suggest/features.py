"""Turn a sentence into sparse features: hand-made cues plus word unigrams and bigrams."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

# Tokens: words (with inner apostrophes), numbers (with separators), and the symbols
# that carry meaning for checking ($ % ?).
TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[$%?!\"“”]")
NUMBER = re.compile(r"\d")
YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
PERCENT = re.compile(r"\d\s*%|\bper ?cent\b|\bpercentage\b", re.I)
MONEY = re.compile(
    r"[$€£]\s*\d|\b(?:dollars?|euros?|pounds|budget|tax(?:es)?|debt|deficit)\b", re.I
)
MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
QUOTE = re.compile(r"[\"“”]")
BRACKETED = re.compile(r"^\s*[\[(][^\])]*[\])]\s*$")

NUMBER_WORDS = frozenset(
    [
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "trillions",
        "percent",
        "dozen",
        "dozens",
        "half",
        "twice",
        "double",
        "doubled",
        "tripled",
        "triple",
        "quarter",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
    ]
)
COMPARATIVE = frozenset(
    [
        "more",
        "less",
        "fewer",
        "most",
        "least",
        "than",
        "worst",
        "best",
        "largest",
        "biggest",
        "highest",
        "lowest",
        "greatest",
        "smallest",
        "fastest",
        "slowest",
        "record",
        "increase",
        "increased",
        "increases",
        "decrease",
        "decreased",
        "decreases",
        "rise",
        "rose",
        "risen",
        "fall",
        "fell",
        "fallen",
        "grew",
        "grown",
        "growth",
        "doubled",
        "tripled",
        "higher",
        "lower",
        "bigger",
        "smaller",
        "larger",
        "better",
        "worse",
        "only",
        "ever",
    ]
)
CLAIM_VERBS = frozenset(
    [
        "voted",
        "vote",
        "votes",
        "passed",
        "signed",
        "approved",
        "supported",
        "opposed",
        "created",
        "lost",
        "cut",
        "cuts",
        "raised",
        "killed",
        "invaded",
        "attacked",
        "funded",
        "spent",
        "paid",
        "pays",
        "banned",
        "repealed",
        "passed",
        "won",
        "elected",
        "borrowed",
        "owed",
        "built",
        "closed",
        "opened",
        "left",
        "moved",
        "shipped",
        "imported",
        "exported",
        "hired",
        "fired",
        "died",
        "arrested",
        "convicted",
        "charged",
        "sued",
        "ruled",
        "agreed",
        "withdrew",
        "violated",
    ]
)
ATTRIBUTION = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "according",
        "stated",
        "states",
        "claimed",
        "claims",
        "announced",
        "admitted",
        "reported",
        "reports",
        "wrote",
        "called",
        "calls",
        "declared",
        "testified",
        "warned",
        "insisted",
        "noted",
    ]
)
HEDGES = frozenset(
    [
        "think",
        "believe",
        "maybe",
        "perhaps",
        "probably",
        "might",
        "may",
        "hope",
        "feel",
        "guess",
        "seems",
        "seem",
        "should",
        "must",
        "would",
        "could",
        "want",
        "wants",
        "going",
        "gonna",
    ]
)
EVALUATIVE = frozenset(
    [
        "great",
        "terrible",
        "horrible",
        "disaster",
        "wonderful",
        "amazing",
        "beautiful",
        "tremendous",
        "incredible",
        "sad",
        "stupid",
        "ridiculous",
        "joke",
        "fake",
        "crazy",
        "absolutely",
        "totally",
        "really",
        "very",
        "disgrace",
        "shameful",
        "outrageous",
        "nightmarish",
        "crass",
        "desperately",
    ]
)
SOCIAL = frozenset(
    [
        "thank",
        "thanks",
        "welcome",
        "hello",
        "goodbye",
        "congratulations",
        "applause",
        "laughter",
        "crosstalk",
        "booing",
        "cheering",
        "ladies",
        "gentlemen",
        "please",
    ]
)
ABSOLUTES = frozenset(
    ["never", "always", "every", "all", "nobody", "none", "nothing", "everybody", "everyone"]
)
FIRST_PLURAL = frozenset(["we", "our", "us", "ours", "we're", "we've", "we'll"])
FIRST_SINGULAR = frozenset(["i", "my", "me", "mine", "i'm", "i've", "i'll", "i'd"])
SECOND = frozenset(["you", "your", "yours", "you're", "you've"])
DISCOURSE = frozenset(["and", "but", "so", "well", "now", "look", "oh", "yes", "no", "okay", "ok"])

FeatureVector = dict[str, float]


def tokens(text: str) -> list[str]:
    """The tokens of ``text``: words lower-cased, numbers folded to <num>."""
    out: list[str] = []
    for tok in TOKEN.findall(text):
        if tok[0].isdigit():
            out.append("<num>")
        else:
            out.append(tok.lower().replace("’", "'"))
    return out


def _count(words: Iterable[str], vocab: frozenset[str]) -> int:
    return sum(1 for w in words if w in vocab)


def cues(text: str, words: list[str]) -> FeatureVector:
    """Hand-made cues, each a small non-negative number (mostly 0/1 or log counts)."""
    raw = TOKEN.findall(text)
    n = len(words)
    # Capitalised words other than the first: a cheap stand-in for named entities.
    caps = sum(1 for t in raw[1:] if t[:1].isupper() and t.lower() not in FIRST_SINGULAR)
    numbers = len(NUMBER.findall(text))
    f: FeatureVector = {
        "cue:len": math.log1p(n),
        "cue:short": float(n < 6),
        "cue:long": float(n > 25),
        "cue:number": float(numbers > 0),
        "cue:numbers": math.log1p(sum(1 for w in words if w == "<num>")),
        "cue:number_words": math.log1p(_count(words, NUMBER_WORDS)),
        "cue:year": float(bool(YEAR.search(text))),
        "cue:percent": float(bool(PERCENT.search(text))),
        "cue:money": float(bool(MONEY.search(text))),
        "cue:month": float(bool(MONTH.search(text))),
        "cue:caps": math.log1p(caps),
        "cue:comparative": math.log1p(_count(words, COMPARATIVE)),
        "cue:superlative": float(any(w.endswith("est") and len(w) > 5 for w in words)),
        "cue:claim_verb": math.log1p(_count(words, CLAIM_VERBS)),
        "cue:attribution": math.log1p(_count(words, ATTRIBUTION)),
        "cue:hedge": math.log1p(_count(words, HEDGES)),
        "cue:evaluative": math.log1p(_count(words, EVALUATIVE)),
        "cue:social": float(_count(words, SOCIAL) > 0),
        "cue:absolute": float(_count(words, ABSOLUTES) > 0),
        "cue:we": float(_count(words, FIRST_PLURAL) > 0),
        "cue:i": float(_count(words, FIRST_SINGULAR) > 0),
        "cue:you": float(_count(words, SECOND) > 0),
        "cue:question": float(text.rstrip().endswith("?")),
        "cue:exclaim": float("!" in text),
        "cue:quote": float(bool(QUOTE.search(text))),
        "cue:bracketed": float(bool(BRACKETED.match(text))),
        "cue:discourse_start": float(bool(words) and words[0] in DISCOURSE),
        "cue:trailing": float(text.rstrip().endswith(("...", "…", "--", "—"))),
    }
    return {k: v for k, v in f.items() if v}


def features(text: str) -> FeatureVector:
    """All features of one sentence: cues, unigrams and bigrams (binary)."""
    words = tokens(text)
    f = cues(text, words)
    padded = ["<s>", *words, "</s>"]
    for w in words:
        f["w:" + w] = 1.0
    for a, b in itertools.pairwise(padded):
        f["b:" + a + " " + b] = 1.0
    return f
