"""Speed of ``worksheet match`` on a large collection, beside plain fuzzy matching.

Usage::

    python tests/benchmarks/match_speed.py                  # 100,000 reviews, 50 claims
    python tests/benchmarks/match_speed.py --reviews 10000 --claims 20

Writes a synthetic collection (ClaimReviews made from the evaluation set's templates with
random people, places, numbers and years: invented, not real fact-checks) and a claims
file, then times, each as a whole fresh process (start-up, imports, reading, indexing,
matching, printing JSON):

- ``worksheet match CLAIMS FEED --format json``, first run and again (the index cache);
- the plain baseline: the same file read with ``json``, then rapidfuzz
  ``process.extractOne(..., scorer=token_set_ratio)`` for each claim over every review.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "data" / "match"))

import make_eval  # noqa: E402

BASELINE = """
import json, sys
from rapidfuzz import fuzz, process, utils
reviews = json.load(open(sys.argv[1], encoding="utf-8"))["dataFeedElement"]
choices = [item["claimReviewed"] for element in reviews for item in element["item"]]
claims = json.load(open(sys.argv[2], encoding="utf-8"))
out = [process.extractOne(c, choices, scorer=fuzz.token_set_ratio,
                          processor=utils.default_process) for c in claims]
print(len(out))
"""


def make_collection(path: Path, size: int, seed: int = 1) -> list[str]:
    """Write ``size`` synthetic ClaimReviews as a Data Commons DataFeed; return the claims."""
    random.seed(seed)
    templates = [t for t in make_eval.TEMPLATES if t["fill"] is not None]
    elements, claims = [], []
    for n in range(size):
        template = random.choice(templates)
        claim = template["claim"].format(**template["fill"]())
        claims.append(claim)
        elements.append({"@type": "DataFeedItem", "item": [{
            "@type": "ClaimReview", "claimReviewed": claim,
            "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
            "author": {"@type": "Organization", "name": "Synthetic Desk"},
            "datePublished": "2024-05-01", "url": f"https://synthetic.example/c/{n}"}]})
    feed = {"@context": "https://schema.org", "@type": "DataFeed",
            "dataFeedElement": elements}
    path.write_text(json.dumps(feed, separators=(",", ":")), encoding="utf-8")
    return claims


def timed(args: Sequence[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of a fresh process; it must succeed.

    CPU time is what to compare on a busy machine: wall time also counts waiting for a core.
    """
    start = time.perf_counter()
    child = subprocess.Popen(list(args), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{args[:4]} failed with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def show(label: str, figures: tuple[float, float]) -> None:
    print(f"{label:<36} {figures[0]:6.2f} wall {figures[1]:6.2f} cpu")


def main(argv: Sequence[str] | None = None) -> int:
    """Print whole-process times of ``worksheet match`` and of the plain baseline."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        feed = here / "feed.json"
        claims = make_collection(feed, args.reviews)
        random.seed(2)
        queries = [random.choice(claims) for _ in range(args.claims)]
        (here / "claims.json").write_text(json.dumps(queries), encoding="utf-8")
        command = [sys.executable, "-m", "worksheet", "match", str(here / "claims.json"),
                   str(feed), "--format", "json"]
        size = feed.stat().st_size / 2**20
        print(f"{args.reviews:,} reviews ({size:.0f} MB), {args.claims} claims; "
              "whole process, seconds")
        show("worksheet match, first run", timed(command))
        show("worksheet match, index cached", timed(command))
        if args.baseline:
            baseline = [sys.executable, "-c", BASELINE, str(feed), str(here / "claims.json")]
            show("json + rapidfuzz token_set_ratio", timed(baseline))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
