"""The indexed anchoring gives exactly the anchors of the scan it replaced.

``anchor._Scan`` is the old claims × paragraphs search, kept as the reference; the
public functions use ``anchor._Index``. Both run here on the example and on generated
articles, with quotes cut anywhere (mid-word too), re-cased, re-typed and paraphrased.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from worksheet import anchor
from worksheet.article import load_article
from worksheet.claims import load_claims
from worksheet.models import Article, Claim, Paragraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import synthetic  # noqa: E402


def _both(article: Article, claims: list[Claim]) -> tuple[list, list]:
    scan = anchor._Scan(article)
    old = [anchor._anchor_claim(article, c, scan) for c in claims]
    new = [a.anchor for a in anchor.anchor_claims(article, claims)]
    return old, new


def _needles(rng: random.Random, texts: list[str], n: int) -> list[str]:
    """Quotes as people paste them: slices cut anywhere, re-cased, mistyped, or made up."""
    out = []
    for _ in range(n):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        piece = text[start:start + rng.randint(1, 90)]
        kind = rng.randrange(6)
        if kind == 1:
            piece = piece.upper()
        elif kind == 2 and len(piece) > 10:
            at = rng.randrange(len(piece))
            piece = piece[:at] + "x" + piece[at + 1:]
        elif kind == 3:
            piece = piece.replace("'", "’").replace(" ", "  ")
        elif kind == 4:
            piece = " ".join(rng.sample(text.split(), min(6, len(text.split()))))
        out.append(piece)
    return out


def test_example_claims_anchor_as_before() -> None:
    example = ROOT / "examples" / "putin-biden"
    article = load_article(example / "article.md")
    claims = list(load_claims(example / "claims.yaml").claims)
    # Each claim also as a paraphrase (no quote), which takes the sentence search.
    claims += [c.model_copy(update={"quote": None}) for c in claims]
    old, new = _both(article, claims)
    assert new == old
    assert sum(a.found for a in new) >= len(claims) // 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_articles_anchor_as_before(seed: int) -> None:
    rng = random.Random(seed)
    texts = synthetic.article_paragraphs(6_000, seed=seed)
    # A short paragraph, an empty-looking one and markup, to reach the edge cases too.
    texts += ["Yes.", "*Note* — the end…", "A_b c_d 42%"]
    article = Article(paragraphs=[Paragraph(number=i, text=t) for i, t in enumerate(texts, 1)],
                      origin="generated")
    needles = [n for n in _needles(rng, texts, 300) if n.strip()]
    needles += ["Yes", "b c", "—", "the", "zzz qqq", "42%"]
    claims = [Claim(id=f"C{i}", claim=n, quote=n if i % 5 else None)
              for i, n in enumerate(needles, 1)]
    old, new = _both(article, claims)
    for claim, before, after in zip(claims, old, new, strict=True):
        assert after == before, claim
    methods = {a.method.split(":")[0] for a in new}
    assert {"exact", "normalised", "fuzzy", "paraphrase"} <= methods, methods
