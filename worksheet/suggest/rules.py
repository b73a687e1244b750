"""Article rules on top of the learned score: boilerplate, headings, opinion, type, claimant."""

from __future__ import annotations

import re

from worksheet.suggest.features import MONTH, PERCENT, YEAR

# Web-page furniture that is never a claim: newsletter prompts, credits, disclaimers.
BOILERPLATE = re.compile(
    r"""
    subscribe | newsletter | sign[ ]up\b | follow[ ]us | share[ ]buttons? | click[ ]here
    | become[ ]a[ ](?:member|patron|subscriber) | donate\b | support[ ](?:us|our[ ]work)
    | cross-?post | permission[ ]to | copyright | © | all[ ]rights[ ]reserved | disclaimer
    | original[ ]source[ ]of[ ]this[ ]article | originally[ ]published
    | this[ ]article[ ](?:was|first)[ ](?:originally[ ])?(?:published|appeared)
    | the[ ]views[ ]expressed | contents[ ]of[ ]this[ ]article | featured[ ]image
    | image[ ]credit | photo[ ](?:credit|by)\b | read[ ]more\b | related[ ]articles
    | comment[ ]on\b.*\bfacebook | media[ ]inquiries | fair[ ]use | ^articles[ ]by\b
    | translate[ ]website | can[ ]be[ ]read[ ]in[ ]\d+[ ]languages | note[ ]to[ ]readers
    | forward[ ]this[ ]article | email[ ]lists? | is[ ]a[ ]frequent[ ]contributor
    | @\w{3,} | \bwww\.\w | https?:// | [\w.]+@[\w.]+\.\w{2,}
    """,
    re.I | re.X,
)
# A paragraph from which the rest of a web page is furniture (when near the end).
TAIL_START = re.compile(
    r"^\s*(?:[*\-–—_~]\s*){1,5}$|^note to readers|^(?:this article was )?originally published"
    r"|^the original source of this article|^copyright|^disclaimer|^about the author",
    re.I,
)
BYLINE = re.compile(r"^\s*(?:by|written by|posted by|reporting by)\s+\S", re.I)
LABEL_LINE = re.compile(r"^[A-Z][\w -]{1,25}:\s")
TERMINAL = re.compile(r"[.!?…][\"”’')\]*_]*$")

OPINION = re.compile(
    r"""
    \bis[ ]a[ ]joke\b | \bjoke\b | \bfake[ ]news\b | \bwouldn['’]t[ ]last\b | \bno[ ]wonder\b
    | \bidle[ ]to\b | \bcrass\b | \brag\b | \bvassals?\b | \bcannot[ ]possibly\b
    | \beaten[ ]alive\b | \bgame-changer\b | \bad[ ]nauseam\b | \bfar[ ]from\b
    | \bof[ ]course\b | \bobviously\b | \bclearly\b | \bsimply\b | \bdesperately\b
    | \bridiculous\b | \babsurd\b | \bdisgrace(?:ful)?\b | \bshameful\b | \boutrageous\b
    | \bnightmar\w* | \bterrible\b | \bhorrible\b | \bdisaster\w* | \bwonderful\b
    | \bamazing\b | \bincredible\b | \bstupid\b | \bcrazy\b | \bpathetic\b | \bhypocri\w+
    | \bspin\b | \bhype\b | \bpropaganda\b | \bnarrative\b | \bsensationalist\b | \bdrama\b
    | \bwhat[ ]really[ ]matters\b | \bthe[ ](?:crux|heart|root)[ ]of\b | \bgift[ ]from[ ]heaven\b
    | \blet['’]s\b | \bI[ ](?:think|believe|feel)\b | \bin[ ]my[ ](?:view|opinion)\b
    | \bought[ ]to\b | \bso-called\b | \bmere(?:ly)?\b
    | \bextremes?t?\b
    """,
    re.I | re.X,
)

LEGAL = re.compile(
    r"\b(?:agreements?|treat(?:y|ies)|accords?|laws?|legally|legislation|statutes?|act|"
    r"constitution(?:al)?|amendments?|court|rul(?:ed|ing)|bills?|resolution|"
    r"sanctions?|guarantees?|amnesty|protocol|charter|convention|illegal|unconstitutional)\b",
    re.I,
)
NUMBER_WORDS = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|percent|half|"
    r"dozens?|twice|double|triple)\b",
    re.I,
)
DATE = re.compile(
    r"\b(?:last|next|this|early|late|mid-?)\s+(?:year|month|week|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|\b(?:since|in|until|by)\s+(?:1[89]\d\d|20\d\d)\b|\b(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|yesterday|ago)\b",
)
COMPARISON = re.compile(
    r"\b(?:more|less|fewer)\s+than\b|\b(?:first|last|only|largest|biggest|highest|lowest|"
    r"worst|best|most|least|record)\b|\w+est\b(?<!\binterest)(?<!\bwest)(?<!\btest)|"
    r"\b(?:compared|versus|vs\.?|twice as|half as)\b|\w+er than\b",
    re.I,
)
PREDICTION = re.compile(
    r"\b(?:will|won['’]t|shall|going to|is set to|expects?|expected|predict\w*|forecast\w*)\b",
    re.I,
)
# "X admitted Y": reports of admissions and denials are often spun, so check them first.
ADMISSION = re.compile(
    r"\b(?:admit(?:ted|s)?|conceded?|acknowledged?|confirm(?:ed|s)?|den(?:ied|ies))\b", re.I
)
# A record or a first: "the first exchange since June", "the highest in its history".
RECORD = re.compile(
    r"\b(?:first|last|only)\b[^.;]{0,60}\bsince\b|\bfor the first time\b"
    r"|\bin (?:the|its|their|[A-Z][\w'’]*) history\b|\brecord(?:-breaking)?\b",
    re.I,
)
CONDITIONAL = re.compile(r"^\W*(?:If|Unless|Should)\b")
SOURCED = re.compile(r"\baccording to\b", re.I)
ATTRIBUTION_VERBS = (
    r"said|says|say|told|tells|remarked|admitted|warned|stated|claimed|claims|announced|"
    r"insisted|urged|added|noted|wrote|tweeted|argued|declared|explained|confirmed|denied|"
    r"acknowledged|asserted|testified|reported|offered|called|demanded|warning|saying|"
    r"claiming|insisting|arguing"
)
NAME = r"(?:[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+|von\s+|van\s+)?[A-Z][\w'’.-]*){0,4})"
SAID = re.compile(
    rf"(?P<name>{NAME})\s*(?:,[^,]{{1,80}},\s*|\s+[-–—][^-–—]{{1,80}}[-–—]\s+|\s+\([^)]*\)\s+)?"
    rf"(?:also\s+|has\s+|had\s+|have\s+|was\s+(?:already\s+)?|is\s+|then\s+|later\s+|"
    rf"diplomatically\s+|reportedly\s+|publicly\s+)?(?:{ATTRIBUTION_VERBS})\b"
)
ACCORDING = re.compile(rf"\baccording to\s+(?:the\s+)?(?P<name>{NAME})")
LABEL = re.compile(r"^(?:The\s+)?(?P<name>[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*){0,3}):\s")
QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
TITLES = frozenset(
    [
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Foreign",
        "Defense",
        "Defence",
        "Secretary",
        "State",
        "Senator",
        "Sen.",
        "Rep.",
        "Gov.",
        "Governor",
        "General",
        "Gen.",
        "Director",
        "Chancellor",
        "Spokesman",
        "Spokeswoman",
        "Chairman",
        "Chair",
        "Leader",
        "Speaker",
        "Ambassador",
        "Dr.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Prof.",
        "Judge",
        "Justice",
        "Mayor",
        "King",
        "Queen",
        "Pope",
        "Russian",
        "American",
        "US",
        "U.S.",
        "UK",
        "British",
        "Chinese",
        "Ukrainian",
        "German",
        "French",
        "Kremlin",
        "White",
        "House",
        "Even",
        "So",
        "But",
        "And",
        "Then",
        "Now",
        "Before",
        "After",
        "When",
        "While",
        "Meanwhile",
        "The",
        "A",
        "An",
        "Also",
        "What",
        "Who",
        "How",
        "Why",
        "If",
        "Unless",
        "As",
        "Still",
        "Yet",
        "of",
        "de",
        "von",
        "van",
    ]
)
NOT_CLAIMANTS = frozenset(
    [
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "There",
        "Team",
        "Washington",
        "Moscow",
        "Kiev",
    ]
)
PRONOUNS = frozenset(["He", "She", "They"])

SOURCE_HINTS: dict[str, tuple[str, str]] = {
    "quote": (
        "Original transcript or recording of the remarks",
        "Check the exact wording and the context it was said in.",
    ),
    "attribution": (
        "The speaker's own published statement, transcript or interview",
        "Confirm who said it, when, and that the paraphrase is fair.",
    ),
    "legal": (
        "Text of the agreement/law",
        "Read the clause itself; note its article number and date.",
    ),
    "number": (
        "Official statistics from the relevant agency",
        "Match the figure, its unit, period and what it counts.",
    ),
    "date": (
        "Contemporaneous reports and official records of the date",
        "Confirm the date or period, and what happened then.",
    ),
    "comparison": (
        "Data for both sides of the comparison, from one source",
        "Check both figures and that they measure the same thing.",
    ),
    "event": (
        "Official readouts and contemporaneous wire reports",
        "Confirm that it happened as described, and when.",
    ),
    "prediction": (
        "Statements of intent and expert forecasts",
        "A prediction cannot be verified yet: check the premises it rests on.",
    ),
}


def is_boilerplate(text: str) -> bool:
    """Whether a sentence is web-page furniture (credits, prompts, disclaimers)."""
    return bool(BOILERPLATE.search(text)) or bool(BYLINE.match(text) and len(text.split()) < 8)


def is_heading_like(text: str) -> bool:
    """Short lines without end punctuation: titles, bylines, datelines, labels."""
    words = text.split()
    if not words:
        return True
    if TERMINAL.search(text):
        return False
    return len(words) < 20 or bool(LABEL_LINE.match(text) and len(words) < 30)


def is_opinion(text: str) -> bool:
    """Whether a sentence leans on evaluative or rhetorical language."""
    return bool(OPINION.search(text)) or text.rstrip().endswith(("?", "!"))


def claim_type(text: str, claimant: str | None) -> str:
    """One of quote, legal, number, date, comparison, prediction, attribution, event."""
    quoted = [q for q in QUOTED.findall(text) if len(q.split()) >= 3]
    if quoted and claimant:
        return "quote"
    if CONDITIONAL.match(text):
        return "prediction"  # "If nothing is done, Russia will ...": a forecast, not a fact
    if LEGAL.search(text):
        return "legal"
    # A year alone makes a date, not a number.
    if NUMBER_WORDS.search(YEAR.sub(" ", text)) or PERCENT.search(text):
        return "number"
    if YEAR.search(text) or MONTH.search(text) or DATE.search(text):
        return "date"
    if COMPARISON.search(text):
        return "comparison"
    if claimant:
        return "attribution"
    if PREDICTION.search(text):
        return "prediction"
    return "event"


def _clean_name(name: str) -> str | None:
    words = name.split()
    # "the CIA's William Burns": the claimant is who follows the possessive.
    for i, w in enumerate(words):
        if w.endswith(("'s", "’s")):
            words = words[i + 1 :]
            break
    while words and words[0] in TITLES:
        words = words[1:]
    if not words or (len(words) == 1 and words[0] in NOT_CLAIMANTS):
        return None
    # The name pattern takes dots for initials ("J. Biden"); a final one ends the sentence.
    name = " ".join(words)
    return name[:-1] if name.endswith(".") and len(words[-1]) > 2 else name


def claimant(text: str) -> str | None:
    """Who the sentence attributes words to: "Lavrov said", "according to Peskov"."""
    for pattern in (LABEL, ACCORDING, SAID):
        for match in pattern.finditer(text):
            name = match.group("name")
            if pattern is LABEL:
                return name
            cleaned = _clean_name(name)
            if cleaned:
                return cleaned
            if name.split()[-1] in PRONOUNS and pattern is SAID:
                return name.split()[-1]
    return None


def source_hints(kind: str, who: str | None) -> list[dict[str, str]]:
    """Where to look first, given the claim's type and who made it."""
    title, note = SOURCE_HINTS[kind]
    hints = [{"title": title, "note": note}]
    if who and kind not in {"quote", "attribution"}:
        hints.append(
            {
                "title": f"{who}: the original statement",
                "note": "Find where and when it was said, in full.",
            }
        )
    return hints
