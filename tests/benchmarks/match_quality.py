"""How well ``worksheet match`` finds earlier checks, against plain fuzzy matching.

Usage::

    python tests/benchmarks/match_quality.py          # the figures, dev and held-out test
    python tests/benchmarks/match_quality.py --fit    # refit the weights on dev, print them

The evaluation set is SYNTHETIC (``tests/data/match/``, made by ``make_eval.py``):
305 invented earlier checks, paraphrases of some of them whose right answer is known,
and claims on the same topics that were never checked. Both rankers are measured the
same way on the same queries:

- precision at 1: the share of paraphrases whose first match shown is the right check
  (no match shown counts as wrong);
- false matches: the share of never-checked claims for which any match is shown.

Each ranker's threshold is picked on the dev split (the one maximising right-first
paraphrases plus unrelated claims left alone) and reported on the held-out test split.
The baseline is rapidfuzz ``token_set_ratio`` best match over the claims' text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "match"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from worksheet.prior.collection import read_prior  # noqa: E402
from worksheet.prior.rank import (  # noqa: E402
    DEFAULT_MIN_SCORE,
    INTERCEPT,
    WEIGHTS,
    Matcher,
    calibrated,
)

#: A query's best guess: (url of the first match, its score), or None with no candidate.
Guess = tuple[str | None, float]


@dataclass
class Query:
    """One evaluation claim: its text, kind, split and right answer (a check's URL)."""

    claim: str
    kind: str
    split: str
    answer: str | None


def load() -> tuple[Matcher, list[Query]]:
    """The synthetic collection indexed, and the queries."""
    matcher = Matcher(read_prior([DATA / "collection.json"]))
    raw = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))["queries"]
    return matcher, [Query(q["claim"], q["kind"], q["split"], q["answer"]) for q in raw]


def ranker_guesses(matcher: Matcher, queries: Sequence[Query],
                   weights: Sequence[float] = WEIGHTS,
                   intercept: float = INTERCEPT) -> list[Guess]:
    """Our ranker's first match for each query, before any threshold."""
    out: list[Guess] = []
    for q in queries:
        scored = [(calibrated(x, weights, intercept), i) for i, x in matcher.scored(q.claim)]
        if not scored:
            out.append((None, 0.0))
            continue
        score, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
        out.append((matcher.check(best).url, score))
    return out


def baseline_guesses(matcher: Matcher, queries: Sequence[Query]) -> list[Guess]:
    """Plain fuzzy matching: rapidfuzz token_set_ratio best match over every check."""
    from rapidfuzz import fuzz, process, utils

    choices = [c.claim_reviewed for c in matcher.collection.checks]
    out: list[Guess] = []
    for q in queries:
        best = process.extractOne(q.claim, choices, scorer=fuzz.token_set_ratio,
                                  processor=utils.default_process)
        out.append((matcher.check(best[2]).url, best[1] / 100) if best else (None, 0.0))
    return out


@dataclass
class Figures:
    """Right-first paraphrases and false matches at one threshold."""

    right: int
    paraphrases: int
    false: int
    unrelated: int
    ranked_right: int

    def line(self) -> str:
        return (f"precision@1 {self.right}/{self.paraphrases} "
                f"({self.right / self.paraphrases:.1%}), ranking alone "
                f"{self.ranked_right}/{self.paraphrases}; false matches "
                f"{self.false}/{self.unrelated} ({self.false / self.unrelated:.1%})")


def figures(queries: Sequence[Query], guesses: Sequence[Guess], threshold: float) -> Figures:
    """Measure guesses against the answers at ``threshold``."""
    right = false = ranked = paraphrases = unrelated = 0
    for q, (url, score) in zip(queries, guesses, strict=True):
        if q.kind == "paraphrase":
            paraphrases += 1
            ranked += url == q.answer
            right += url == q.answer and score >= threshold
        else:
            unrelated += 1
            false += url is not None and score >= threshold
    return Figures(right, paraphrases, false, unrelated, ranked)


def best_threshold(queries: Sequence[Query], guesses: Sequence[Guess]) -> float:
    """The threshold maximising right-first paraphrases plus unrelated claims left alone,
    the middle of the best range (each kind weighted by its share, so neither dominates)."""
    candidates = sorted({round(s, 4) for _, s in guesses} | {0.0, 1.0})
    def value(t: float) -> float:
        f = figures(queries, guesses, t)
        return f.right / f.paraphrases + (f.unrelated - f.false) / f.unrelated
    scores = [value(t) for t in candidates]
    top = max(scores)
    best = [t for t, s in zip(candidates, scores, strict=True) if s == top]
    # Between the lowest and highest equally good cut-offs, the middle is the safest.
    low = best[0]
    higher = [t for t in candidates if t > best[-1]]
    high = higher[0] if higher else best[-1]
    return round((low + high) / 2, 2) if len(best) == 1 else round((best[0] + best[-1]) / 2, 2)


def fit(matcher: Matcher, queries: Sequence[Query], positive_weight: float = 3.0,
        l2: float = 1e-2) -> tuple[list[float], float]:
    """Logistic regression (Newton's method) on every (claim, candidate) pair of ``queries``.

    Candidates are mostly wrong: the right ones count ``positive_weight`` times (chosen on
    dev, like everything else here) so that a clear paraphrase scores high.
    """
    import numpy as np

    xs, ys = [], []
    for q in queries:
        for i, x in matcher.scored(q.claim):
            xs.append([*x, 1.0])
            ys.append(float(matcher.check(i).url == q.answer))
    x, y = np.array(xs), np.array(ys)
    sample = np.where(y == 1, positive_weight, 1.0)
    penalty = np.eye(x.shape[1]) * l2
    penalty[-1, -1] = 0.0  # the intercept is not shrunk
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ ((p - y) * sample) + penalty @ w
        hessian = (x * (sample * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return [round(float(v), 2) for v in w[:-1]], round(float(w[-1]), 2)


def evaluate(weights: Sequence[float] = WEIGHTS, intercept: float = INTERCEPT,
             threshold: float = DEFAULT_MIN_SCORE) -> dict[str, Any]:
    """Both rankers on both splits; ours at ``threshold``, the baseline at its best."""
    matcher, queries = load()
    report: dict[str, Any] = {"threshold": threshold}
    dev = [q for q in queries if q.split == "dev"]
    baseline_dev = baseline_guesses(matcher, dev)
    report["baseline_threshold"] = best_threshold(dev, baseline_dev)
    for split in ("dev", "test"):
        chosen = [q for q in queries if q.split == split]
        report[split] = {
            "ranker": figures(chosen, ranker_guesses(matcher, chosen, weights, intercept),
                              threshold),
            "baseline": figures(chosen, baseline_guesses(matcher, chosen),
                                report["baseline_threshold"]),
        }
    return report


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    """Print the figures; with --fit, refit on dev first and print the new constants."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="refit the weights on dev")
    args = parser.parse_args(argv)
    weights, intercept, threshold = list(WEIGHTS), INTERCEPT, DEFAULT_MIN_SCORE
    if args.fit:
        matcher, queries = load()
        dev = [q for q in queries if q.split == "dev"]
        weights, intercept = fit(matcher, dev)
        threshold = best_threshold(dev, ranker_guesses(matcher, dev, weights, intercept))
        out(f"WEIGHTS = {tuple(weights)}\nINTERCEPT = {intercept}\n"
            f"DEFAULT_MIN_SCORE = {threshold}")
    report = evaluate(weights, intercept, threshold)
    out(f"ranker threshold {report['threshold']}, baseline (token_set_ratio) threshold "
        f"{report['baseline_threshold']} (each picked on dev)")
    for split in ("dev", "test"):
        for name in ("ranker", "baseline"):
            out(f"{split:<4} {name:<8} {report[split][name].line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
