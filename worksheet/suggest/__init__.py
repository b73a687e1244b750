"""Find the check-worthy claims in an article: every sentence scored, a ranked first draft.

>>> from worksheet.suggest import score_sentences
>>> a, b = score_sentences(["Unemployment fell to 3.5 percent in 2019.", "Thank you very much."])
>>> a > b
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import yaml

from worksheet.errors import InputError
from worksheet.models import Article
from worksheet.suggest import rules
from worksheet.suggest.features import QUANTITY
from worksheet.suggest.model import Model
from worksheet.suggest.sentences import Sentence, plain, split_sentences
from worksheet.transcript import looks_like_transcript, speaker_display, speaker_labels

__all__ = [
    "Candidate",
    "Sentence",
    "render",
    "score_sentences",
    "split_sentences",
    "suggest",
]

# How much each article rule moves a sentence, in log-odds. Set by hand on the one
# example article and on reasoning, not fitted: the transcripts know nothing of web pages.
HEADING_PENALTY = 4.0
INTRO_PENALTY = 2.0  # "Lavrov said:" on its own introduces a claim without making one
SHORT_PENALTY = 1.5
OPINION_PENALTY = 1.5
# Colourful wording around someone else's statement does not make the statement opinion.
ATTRIBUTED_OPINION_PENALTY = 0.5
CLAIMANT_BOOST = 0.8
SOURCED_BOOST = 0.7  # "according to ..." names where to check
TYPE_BOOST = {
    "quote": 0.6,
    "legal": 0.6,
    "number": 0.5,
    "date": 0.5,
    "attribution": 0.4,
    "comparison": 0.2,
    "prediction": -0.5,
}
QUANTITY_BOOST = 0.4
RECORD_BOOST = 0.8  # firsts and records are what readers repeat, and often wrong
ADMISSION_BOOST = 0.4
# The spread (standard deviation) of learned log-odds over the training sentences of the
# model these rule sizes were set against; a model that spreads its scores more or less
# widely has them rescaled to this spread first, so the rules keep their weight.
RULES_SPREAD = 0.74
# Where the trailing furniture of a web page may begin, as a share of the paragraphs.
TAIL_FROM = 0.5


@lru_cache(maxsize=1)
def _shipped() -> Model:
    return Model.load()


def score_sentences(
    sentences: Sequence[str],
    *,
    speakers: Sequence[str] | None = None,
    model: Model | None = None,
) -> list[float]:
    """Check-worthiness of each sentence of one document, 0..1, from the learned model alone.

    The sentences are read as one document, in order: neighbours and repeats count.
    ``speakers`` names who says each sentence (a transcript); without it the text is
    one voice. Web-page furniture (newsletter prompts, copyright lines) scores 0.
    ``model`` replaces the shipped weights, as the benchmark does when it retrains.
    """
    scorer = model or _shipped()
    texts = [plain(s) for s in sentences]
    scores = scorer.score(texts, speakers)
    return [0.0 if rules.is_boilerplate(t) else p for t, p in zip(texts, scores, strict=True)]


@dataclass
class Candidate:
    """One sentence put forward as a claim to check."""

    id: str
    claim: str
    quote: str
    paragraph: int
    score: float
    type: str
    opinion: bool
    claimant: str | None
    sources: list[dict[str, str]] = field(default_factory=list)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _tail_start(article: Article) -> int:
    """The first paragraph number of the page furniture at the end (past the end if none)."""
    n = len(article.paragraphs)
    for para in article.paragraphs:
        if para.number > n * TAIL_FROM and rules.TAIL_START.search(plain(para.text)):
            return para.number
    return n + 1


def _adjusted(
    base: float, text: str, heading: bool, kind: str, who: str | None, guessed: bool
) -> float:
    """The learned score moved by the article rules (``guessed``: claimant inferred)."""
    spread = float(_shipped().info.get("logit_sd") or RULES_SPREAD)
    z = _logit(base) * RULES_SPREAD / spread
    if heading or rules.is_heading_like(text):
        z -= HEADING_PENALTY
    elif text.rstrip().endswith(":"):
        z -= INTRO_PENALTY
    if len(text.split()) < 5:
        z -= SHORT_PENALTY
    if rules.is_opinion(text):
        z -= ATTRIBUTED_OPINION_PENALTY if who else OPINION_PENALTY
    if who:
        # A claimant found through "he" or an introducing line is less certain.
        z += CLAIMANT_BOOST / 2 if guessed else CLAIMANT_BOOST
    if rules.SOURCED.search(text):
        z += SOURCED_BOOST
    z += TYPE_BOOST.get(kind, 0.0)
    if QUANTITY.search(text):
        z += QUANTITY_BOOST
    if rules.RECORD.search(text):
        z += RECORD_BOOST
    if who and rules.ADMISSION.search(text):
        z += ADMISSION_BOOST
    return 1.0 / (1.0 + math.exp(-z))


def suggest(
    article: Article,
    *,
    limit: int | None = 15,
    min_score: float = 0.0,
    transcript: bool | None = None,
) -> list[Candidate]:
    """The article's sentences as candidate claims, most check-worthy first.

    ``limit`` None or 0 returns every sentence; ``min_score`` drops lower scores.
    ``transcript`` reads speaker labels ("SMITH: ...") as who says each sentence, so
    a moderator's or reporter's questions rank low and each claim's claimant is its
    speaker; None (the default) decides by whether labels run through the text.
    """
    paragraphs = article.paragraphs
    sentences = split_sentences([p.text for p in paragraphs])
    if transcript is None:
        transcript = looks_like_transcript(
            [s.text for s in sentences], [p.text for p in paragraphs if not p.heading]
        )
    scored = _transcript(article, sentences) if transcript else _article(article, sentences)
    # Ties keep reading order, so a draft reads top to bottom where scores agree.
    scored.sort(key=lambda item: (-item[0], item[1].paragraph, item[1].start))
    out = [c for s, _, c in scored if s >= min_score]
    if limit:
        out = out[:limit]
    for rank, candidate in enumerate(out, start=1):
        candidate.id = f"C{rank}"
    return out


Scored = list[tuple[float, Sentence, Candidate]]


def _transcript(article: Article, sentences: list[Sentence]) -> Scored:
    """Candidates of a transcript: the learned score with speakers, no article rules.

    The article rules were set for news prose; on transcripts the model alone is what
    the CheckThat! figures measure.
    """
    turns = speaker_labels([s.text for s in sentences])
    base = score_sentences([t.text for t in turns], speakers=[t.speaker for t in turns])
    scored: Scored = []
    for sentence, turn, p in zip(sentences, turns, base, strict=True):
        text = plain(turn.text)
        heading = article.paragraphs[sentence.paragraph - 1].heading
        who = speaker_display(turn.speaker) or None
        score = 0.0 if heading or not text else p
        scored.append((score, sentence, _candidate(text, turn.text, sentence, score, who)))
    return scored


def _candidate(
    text: str, quote: str, sentence: Sentence, score: float, who: str | None, kind: str = ""
) -> Candidate:
    """A sentence as a candidate: ``text`` its plain words, ``quote`` as the paragraph has it."""
    kind = kind or rules.claim_type(text, who)
    return Candidate(
        id="",
        claim=text or quote,
        quote=quote,
        paragraph=sentence.paragraph,
        score=round(score, 4),
        type=kind,
        opinion=rules.is_opinion(text),
        claimant=who,
        sources=rules.source_hints(kind, who),
    )


def _article(article: Article, sentences: list[Sentence]) -> Scored:
    """Candidates of news prose: the learned score moved by the article rules."""
    paragraphs = article.paragraphs
    texts = [plain(s.text) for s in sentences]
    base = score_sentences([s.text for s in sentences])
    tail = _tail_start(article)
    scored: Scored = []
    last_named: tuple[int, str] | None = None
    introduced: tuple[int, str] | None = None
    for sentence, text, p in zip(sentences, texts, base, strict=True):
        para = paragraphs[sentence.paragraph - 1]
        intro = text.rstrip().endswith(":")
        who = rules.claimant(text) if intro or not rules.is_heading_like(text) else None
        guessed = who in rules.PRONOUNS
        if guessed:
            # "He urged ...": the last person named within the previous few paragraphs.
            near = last_named and sentence.paragraph - last_named[0] <= 2
            who = last_named[1] if near and last_named else None
        follows_intro = introduced and sentence.paragraph == introduced[0] + 1
        if not who and follows_intro and introduced and text[:1] in "\"“‘'":
            # 'Lavrov said:' then a paragraph of quotation: the quotation is Lavrov's.
            who = introduced[1]
            guessed = True
        if who:
            last_named = (sentence.paragraph, who)
            if intro:
                introduced = (sentence.paragraph, who)
        kind = rules.claim_type(text, who)
        furniture = para.number >= tail or p == 0.0 or not text
        score = 0.0 if furniture else _adjusted(p, text, para.heading, kind, who, guessed)
        candidate = _candidate(text, sentence.text, sentence, score, who, kind)
        scored.append((score, sentence, candidate))
    return scored


YAML_HEADER = """\
# Machine draft from `worksheet suggest`: candidate claims, most check-worthy first.
# Edit before use: delete what is not worth checking, rewrite each claim as one
# checkable statement, correct type and claimant, and replace the source hints.
# score (0-1) ranks sentences by how likely a fact-checker would pick them; it is not
# a calibrated probability, and it does not judge truth. "opinion" marks evaluative or
# rhetorical language.
"""


def _priority(score: float) -> str:
    return "high" if score >= 0.6 else "medium" if score >= 0.3 else "low"


def _render_yaml(candidates: list[Candidate], article: Article) -> str:
    parts = [YAML_HEADER]
    meta = article.meta.model_dump(exclude_none=True)
    if meta:
        parts.append(_dump({"article": meta}))
    if not candidates:
        parts.append("# No sentences to suggest.\nclaims: []\n")
        return "".join(parts)
    parts.append("claims:\n")
    for c in candidates:
        flags = f"score {c.score:.2f}, paragraph {c.paragraph}"
        if c.opinion:
            flags += ", opinion"
        entry: dict[str, object] = {"id": c.id, "claim": c.claim, "quote": c.quote, "type": c.type}
        if c.claimant:
            entry["claimant"] = c.claimant
        entry["sources"] = c.sources
        entry["priority"] = _priority(c.score)
        item = _dump([entry])
        parts.append(f"  # {flags}\n")
        parts.append("".join("  " + line + "\n" for line in item.splitlines()))
    return "".join(parts)


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _render_json(candidates: list[Candidate], article: Article) -> str:
    return json.dumps([asdict(c) for c in candidates], ensure_ascii=False, indent=2) + "\n"


def _render_table(candidates: list[Candidate], article: Article, width: int = 72) -> str:
    rows = [("#", "id", "score", "type", "para", "op", "claimant", "claim")]
    for rank, c in enumerate(candidates, start=1):
        claim = c.claim if len(c.claim) <= width else c.claim[: width - 1] + "…"
        who = c.claimant or ""
        who = who if len(who) <= 20 else who[:19] + "…"
        rows.append(
            (str(rank), c.id, f"{c.score:.2f}", c.type, str(c.paragraph), "*" * c.opinion, who,
             claim)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    right = {0, 2, 4}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[list[Candidate], Article], str]] = {
    "yaml": _render_yaml,
    "json": _render_json,
    "table": _render_table,
}


def render(candidates: list[Candidate], fmt: str, article: Article) -> str:
    """The candidates as a claims-file draft (yaml), a list (json) or a terminal table."""
    renderer = RENDERERS.get(fmt.lower())
    if renderer is None:
        known = ", ".join(RENDERERS)
        raise InputError(f"unknown format {fmt!r}: choose one of {known}")
    return renderer(candidates, article)
