"""Average precision of ``worksheet suggest`` on the marked news articles in tests/articles.

Usage::

    python tests/benchmarks/articles.py            # AP per article, MAP, and the example's ranks

Each article's check-worthy sentences are listed in ``tests/articles/checkworthy.yaml``
(the marking rule is in ``tests/articles/README.md``); the ranking is what ``suggest``
returns with no limit, the same list a user sees.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from worksheet.article import load_article
from worksheet.suggest import suggest
from worksheet.suggest.model import average_precision

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "articles"
EXAMPLE = ROOT / "examples" / "putin-biden" / "article.md"
# The example's four named claims, each found by words of its sentence.
EXAMPLE_CLAIMS = {
    "length": (("two hours and two minutes",),),
    "geneva": (("Geneva last June",),),
    "minsk": (("autonomy to Donbass",), ("not even", "mentioned")),
    "burns": (("Burns", "conclude"),),
}


@dataclass
class Marked:
    """One article's ranking by ``suggest`` and which ranked sentences are marked."""

    name: str
    ranked: list[str]
    labels: list[int]

    @property
    def ap(self) -> float:
        """Average precision of the ranking."""
        return average_precision([-i for i in range(len(self.labels))], self.labels)


def marked_articles(folder: Path = ARTICLES) -> list[Marked]:
    """Every marked article, ranked; a marked piece must be in exactly one sentence."""
    marks = yaml.safe_load((folder / "checkworthy.yaml").read_text(encoding="utf-8"))
    out = []
    for name, pieces in marks.items():
        ranked = [c.quote for c in suggest(load_article(folder / name), limit=0)]
        labels = [0] * len(ranked)
        for piece in pieces:
            hits = [i for i, quote in enumerate(ranked) if piece in quote]
            if len(hits) != 1:
                raise ValueError(f"{name}: {piece!r} is in {len(hits)} sentences, not one")
            labels[hits[0]] = 1
        out.append(Marked(name, ranked, labels))
    return out


def example_ranks(path: Path = EXAMPLE) -> dict[str, int]:
    """The rank of each of the example article's four named claims (best sentence)."""
    ranked = [c.claim for c in suggest(load_article(path), limit=0)]

    def rank(words: Sequence[str]) -> int:
        return next(i for i, text in enumerate(ranked, 1) if all(w in text for w in words))

    return {key: min(rank(w) for w in alts) for key, alts in EXAMPLE_CLAIMS.items()}


def main() -> int:
    """Print AP per article, the MAP, and the example's ranks."""
    rows = marked_articles()
    print(f"{'article':42} {'n':>4} {'marked':>6} {'AP':>6}")
    for m in rows:
        print(f"{m.name:42} {len(m.labels):4} {sum(m.labels):6} {m.ap:6.3f}")
    mean = sum(m.ap for m in rows) / len(rows)
    base = sum(sum(m.labels) / len(m.labels) for m in rows) / len(rows)
    print(f"MAP {mean:.3f} over {len(rows)} articles (random order: about {base:.3f})")
    print("example (putin-biden) ranks:", example_ranks())
    return 0


if __name__ == "__main__":
    sys.exit(main())
