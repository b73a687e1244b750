"""Synthetic inputs for the benchmark: long articles, many claims, filled trackers.

The article is made of the example article's real paragraphs, shuffled and repeated;
each repeat starts with its own short lead-in (``Update 12.``) so that a quote taken
from it is found in that copy and the claims spread over the article as they would in
a real one, rather than all landing on the first copy. Every quote is the article's
own words, so anchoring is exact: the benchmark measures writing, not fuzzy matching.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from worksheet import columns
from worksheet.article import load_article
from worksheet.tracker.model import SourceRow, TrackerRow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "putin-biden" / "article.md"
TITLE = "A Long Synthetic Article"
#: Web-page furniture at the end of the example: not article text.
_FURNITURE = ("globalresearch", "copyright", "disclaimer", "born in brazil")
TYPES = ("number", "quote", "date", "event", "attribution", "comparison", "legal")
PRIORITIES = ("high", "medium", "low")
PUBLISHERS = ("TASS", "Reuters", "AP", "Kremlin.ru", "White House", "BBC", "Asia Times")


def example_paragraphs(path: Path = EXAMPLE) -> list[str]:
    """The example article's body paragraphs as clean text (no headings, no furniture)."""
    article = load_article(path)
    return [p.text for p in article.paragraphs
            if not p.heading and len(p.text.split()) >= 12
            and not any(f in p.text.casefold() for f in _FURNITURE)]


def article_paragraphs(words: int, seed: int = 1) -> list[str]:
    """Paragraphs adding up to at least ``words`` words: the example's, shuffled, repeated."""
    rng = random.Random(seed)
    source = example_paragraphs()
    out: list[str] = []
    total = 0
    copy = 0
    while total < words:
        batch = source[:]
        rng.shuffle(batch)
        for text in batch:
            paragraph = f"Update {copy}. {text}" if copy else text
            out.append(paragraph)
            total += len(paragraph.split())
            if total >= words:
                break
        copy += 1
    return out


def article_markdown(paragraphs: Sequence[str], title: str = TITLE) -> str:
    """A Markdown article with front matter, one paragraph per block."""
    head = f'---\ntitle: {title}\nauthor: Benchmark Author\ndate: "2021-12-09"\n---\n\n'
    return head + f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def _quote(rng: random.Random, paragraph: str) -> str:
    words = paragraph.split()
    length = rng.randint(5, 14)
    if paragraph.startswith("Update ") and rng.random() < 0.8:
        start = 0  # the lead-in makes the quote this copy's own
    else:
        start = rng.randrange(0, max(1, len(words) - length))
    return " ".join(words[start:start + length])


def _sources(rng: random.Random, claim_no: int) -> list[dict[str, str]]:
    sources = []
    for k in range(rng.randint(1, 3)):
        publisher = rng.choice(PUBLISHERS)
        source = {"title": f"{publisher}, report {claim_no}-{k + 1}",
                  "url": f"https://example.org/{publisher.lower().replace(' ', '-')}/"
                         f"{claim_no}/{k + 1}?ref=bench"}
        if rng.random() < 0.3:
            source["note"] = "Compare the dates and figures with the article's."
        sources.append(source)
    return sources


def claims_data(paragraphs: Sequence[str], n: int, seed: int = 2) -> dict[str, object]:
    """A claims file with ``n`` claims quoting the paragraphs, each with 1-3 sources."""
    rng = random.Random(seed)
    claims = []
    for i in range(1, n + 1):
        # Spread claims evenly over the article, as a checker working through it would.
        index = min(len(paragraphs) - 1, (i - 1) * len(paragraphs) // n)
        quote = _quote(rng, paragraphs[index])
        claims.append({
            "id": f"C{i}",
            "claim": f"Claim {i}: the article says that {quote.rstrip('.,;:')}.",
            "quote": quote,
            "type": rng.choice(TYPES),
            "claimant": "Pepe Escobar",
            "priority": rng.choice(PRIORITIES),
            "guidance": "Check the figure against the primary source.",
            "sources": _sources(rng, i),
        })
    return {"article": {"publisher": "Benchmark Press"}, "scale": "default", "claims": claims}


def write_inputs(folder: Path, n_claims: int, article_words: int) -> tuple[Path, Path]:
    """Write ``article.md`` and ``claims.json`` for ``n_claims`` claims into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = article_paragraphs(article_words)
    article = folder / "article.md"
    article.write_text(article_markdown(paragraphs), encoding="utf-8")
    claims = folder / "claims.json"
    claims.write_text(json.dumps(claims_data(paragraphs, n_claims), ensure_ascii=False,
                                 indent=1), encoding="utf-8")
    return article, claims


REVIEWERS = ("Ana", "Ben", "Chidi", "Dana", None)


def fill(rows: Sequence[TrackerRow], sources: Sequence[SourceRow], labels: Sequence[str],
         share: float = 0.6, seed: int = 3) -> tuple[list[TrackerRow], list[SourceRow]]:
    """Copies of the rows with a share of them filled in as a reviewer would."""
    rng = random.Random(seed)
    filled = []
    for row in rows:
        if rng.random() < share:
            row = row.model_copy(update={
                "verdict": rng.choice(labels),
                "status": rng.choice((columns.DONE, columns.IN_PROGRESS)),
                "reviewer": rng.choice(REVIEWERS),
                "checked_on": dt.date(2021, 12, rng.randint(10, 28)),
                "evidence": "The transcript says otherwise; see the second source.",
            })
        filled.append(row)
    done = [s.model_copy(update={"consulted": "Yes"}) if rng.random() < share else s
            for s in sources]
    return filled, done
