"""Turn a sentence into sparse features: hand-made cues plus word unigrams and bigrams."""

from __future__ import annotations

import itertools
import re

# Tokens: words (with inner apostrophes), numbers (with separators), and the symbols
# that carry meaning for checking ($ % ?).
TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[$%?!\"“”]")
NUMBER = re.compile(r"\d")
YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
PERCENT = re.compile(r"\d\s*%|\bper ?cent\b|\bpercentage\b", re.I)
MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
QUOTE = re.compile(r"[\"“”]")
BRACKETED = re.compile(r"^\s*[\[(][^\])]*[\])]\s*$")

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

# Number evidence counts once: these words and symbols feed the one capped number cue
# and are left out of the word features, so that "$3.5 billion" is not four signals.
MAGNITUDE = frozenset(
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
        "<num>",
        "$",
        "%",
    ]
)
# A count with its unit ("two hours", "3.5 million jobs", "40 percent").
QUANTITY = re.compile(
    r"(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"dozen))\s*(?:[-\s](?:hundred|thousand|million|billion|trillion))?\s*"
    r"(?:%|percent|per cent|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|"
    r"people|persons|jobs|troops|soldiers|dollars|euros|pounds|rubles|barrels|tons|tonnes|"
    r"votes|cases|deaths|km|kilometers|kilometres|miles|meters|metres|times)\b",
    re.I,
)
SMALL_NUMBERS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty sixty seventy eighty ninety dozen".split()
)
# Claims about someone's record: what they voted for, supported, said or changed.
RECORD = re.compile(
    r"\bvot(?:ed|es|ing)\s+(?:for|against|to|no|yes)\b|\b(?:supported|opposed|endorsed|"
    r"sponsored|co-?sponsored|proposed|promised|pledged|flip-?flopped|reversed)\b"
    r"|\bchanged\s+(?:his|her|their|your|my)\s+(?:position|mind|view|stance)"
    r"|\b(?:he|she|you|they)\s+(?:said|called|wanted|signed|approved|voted|backed|"
    r"opposed|supported|gave|took|never|didn't|did not|refused)\b"
    r"|\b(?:his|her|your|their)\s+record\b",
    re.I,
)
# A short report of what someone else did: "He hired workers from Poland.", "You
# called it the gold standard." Debates are full of these, mostly without a number.
THEY_DID = re.compile(
    r"^\W*(?:and |but |so |well, |now, )?(?:he|she|you|they)(?:'ve| have| has| had)?\s+\w+ed\b",
    re.I,
)
# A speaker's promise or plan ("we will make...", "I'm going to..."): a debate is full
# of them and checkers skip them, as there is nothing yet to check.
PROMISE = re.compile(
    r"\b(?:we|i)(?:'ll| will| are going to|'re going to| am going to|'m going to| want to|"
    r" need to| have to| must)\b",
    re.I,
)
# What is supposed rather than asserted, and polls quoted as scores of the race.
HYPOTHETICAL = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:if|suppose|imagine|unless)\b|\bwhat\s+if\b"
    r"|\b(?:would|could|might)\s+(?:have|be)\b",
    re.I,
)
POLL_WORDS = frozenset(["poll", "polls", "polling", "pollster", "pollsters", "survey", "surveys"])
# Someone disputing what was just said: the disputed sentence is what gets checked.
REBUTTAL = re.compile(
    r"\b(?:that's|that is|it's|it is|this is)\s+(?:not true|(?:just\s+|totally\s+|simply\s+)?"
    r"(?:false|wrong|untrue|a lie|not accurate|inaccurate))\b|^\W*(?:wrong|false|not true|"
    r"no|untrue)\W*$|\b(?:you're|you are|he's|she's|he is|she is)\s+(?:lying|wrong)\b"
    r"|\bcheck the (?:record|facts)\b|\bfact[- ]check",
    re.I,
)

# Words without which a pattern cannot match: checking them first keeps scoring fast.
GATES = {
    "record": frozenset(
        "vote voted votes voting supported opposed endorsed sponsored cosponsored proposed "
        "promised pledged flip flopped reversed changed he she you they his her your their "
        "record co".split()
    ),
    "hypothetical": frozenset("if suppose imagine unless would could might".split()),
    "rebuttal": frozenset(
        "true false wrong untrue lie lying accurate inaccurate check fact no".split()
    ),
}
PROMISERS = frozenset(["we", "i", "we'll", "i'll", "we're", "i'm"])
FeatureVector = dict[str, float]
# How much each word feature is discounted by the sentence's number of them (0: not at
# all, 0.5: unit length). 0.5 ranked the training transcripts no better than 0.25 and
# pushed short figures in articles down; see the README.
NGRAM_DAMPING = 0.25


def tokens(text: str) -> list[str]:
    """The tokens of ``text``: words lower-cased, numbers folded to <num>."""
    out: list[str] = []
    for tok in TOKEN.findall(text):
        if tok[0].isdigit():
            out.append("<num>")
        else:
            out.append(tok.lower().replace("’", "'"))
    return out


def _has_number(text: str, words: list[str]) -> bool:
    """A figure other than a bare year, or a magnitude word."""
    # Digits are judged on the text without its years; "<num>" would count a year too.
    return bool(NUMBER.search(YEAR.sub(" ", text))) or any(
        w in MAGNITUDE and w != "<num>" for w in words
    )


def cues(text: str, words: list[str]) -> FeatureVector:
    """Hand-made cues, each a small non-negative number (mostly 0/1 or log counts)."""
    raw = TOKEN.findall(text)
    present = set(words)
    number = _has_number(text, words)

    def gated(name: str, pattern: re.Pattern[str]) -> float:
        return float(bool(present & GATES[name]) and bool(pattern.search(text)))

    # Capitalised words other than the first: a cheap stand-in for named entities.
    caps = sum(1 for t in raw[1:] if t[:1].isupper() and t.lower() not in FIRST_SINGULAR)
    f: FeatureVector = {
        "cue:short": float(len(words) < 4),
        "cue:number": float(number),
        "cue:quantity": float(bool((number or present & SMALL_NUMBERS) and QUANTITY.search(text))),
        "cue:date": float(bool(YEAR.search(text) or MONTH.search(text))),
        "cue:caps": min(1.0, caps / 3),
        "cue:comparative": float(not present.isdisjoint(COMPARATIVE)),
        "cue:superlative": float(any(w.endswith("est") and len(w) > 5 for w in words)),
        "cue:claim_verb": float(not present.isdisjoint(CLAIM_VERBS)),
        "cue:record": gated("record", RECORD),
        "cue:attribution": float(not present.isdisjoint(ATTRIBUTION)),
        "cue:hedge": float(not present.isdisjoint(HEDGES)),
        "cue:they_did": float(bool(THEY_DID.match(text))),
        "cue:promise": float(bool(present & PROMISERS) and bool(PROMISE.search(text))),
        "cue:hypothetical": gated("hypothetical", HYPOTHETICAL),
        "cue:poll": float(bool(present & POLL_WORDS)),
        "cue:rebuttal": gated("rebuttal", REBUTTAL),
        "cue:evaluative": float(not present.isdisjoint(EVALUATIVE)),
        "cue:social": float(not present.isdisjoint(SOCIAL)),
        "cue:absolute": float(not present.isdisjoint(ABSOLUTES)),
        "cue:we": float(not present.isdisjoint(FIRST_PLURAL)),
        "cue:i": float(not present.isdisjoint(FIRST_SINGULAR)),
        "cue:you": float(not present.isdisjoint(SECOND)),
        "cue:question": float(text.rstrip().endswith("?")),
        "cue:exclaim": float("!" in text),
        "cue:quote": float(bool(QUOTE.search(text))),
        "cue:bracketed": float(bool(BRACKETED.match(text))),
        "cue:discourse_start": float(bool(words) and words[0] in DISCOURSE),
        "cue:trailing": float(text.rstrip().endswith(("...", "…", "--", "—"))),
    }
    return {k: v for k, v in f.items() if v}


# Words too common to say what a sentence is about.
STOP = frozenset(
    """a an the and or but so of to in on at by for with from as is are was were be been
    being it its it's this that these those there here i you he she we they me him her us
    them my your his our their what which who whom whose when where why how not no do does
    did done have has had having will would can could should may might must just very
    really also than then too all any some more most much many one ok okay well yes oh now
    going get got know think said say says let let's like want go thing things people""".split()
)
# Suffixes cut to give a word's stem ("created", "creates", "creating": "creat"), the
# longest first; at least three letters stay.
STEM_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es",
    "ly", "s",
)


def stem(word: str) -> str:
    """A crude stem: one common suffix cut, so that a word's forms share a feature."""
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def stems(words: list[str]) -> FeatureVector:
    """The stems of the content words, worth k ** -0.25 each with k of them.

    A word seen in training in another form ("hired" for "hiring") still counts, which
    matters on new transcripts with the same topics in other words. Magnitude words are
    left out, as in :func:`ngrams`: the number cue counts them.
    """
    names = {
        "s:" + stem(w) for w in words if w.isalpha() and w not in STOP and w not in MAGNITUDE
    }
    if not names:
        return {}
    return dict.fromkeys(names, len(names) ** -NGRAM_DAMPING)


def ngrams(words: list[str]) -> FeatureVector:
    """Word unigrams and bigrams, each worth less the more a sentence has.

    With k of them each is worth k ** -0.25, so their total grows as k ** 0.75: a long
    sentence still brings more evidence, but a short assertion is not buried under it.
    Numbers and magnitude words are left out: the number cue already counts them.
    """
    kept = [w for w in words if w not in MAGNITUDE and w not in QUOTE_TOKENS]
    names = {"w:" + w for w in kept}
    names.update("b:" + a + " " + b for a, b in itertools.pairwise(["<s>", *kept, "</s>"]))
    value = len(names) ** -NGRAM_DAMPING
    return dict.fromkeys(names, value)


QUOTE_TOKENS = frozenset(['"', "“", "”"])


def features(text: str, words: list[str] | None = None) -> FeatureVector:
    """All features of one sentence on its own: cues, unigrams and bigrams.

    ``words`` are the sentence's :func:`tokens`, when the caller has them already.
    """
    words = tokens(text) if words is None else words
    return {**cues(text, words), **ngrams(words), **stems(words)}
