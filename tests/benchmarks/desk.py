"""Desk-scale benchmarks: a batch build, desk status, and anchoring a long article.

Usage::

    python tests/benchmarks/desk.py                      # 200 articles of 15 claims
    python tests/benchmarks/desk.py --articles 20 --json desk.json

Prints, each measured in the same run on the same files:

- ``build --manifest`` of N articles against the obvious alternative, a shell loop
  calling ``worksheet build`` once per article (both whole processes, wall time);
- ``worksheet status FOLDER`` over the N trackers, filled in as reviewers would, as a
  whole process, against a process reading the same files' Claims sheets with
  ``pandas.read_excel`` (openpyxl engine) and nothing else;
- anchoring 1,000 claims (a quarter re-cased, a quarter paraphrased, a quarter cut
  short) in a 2,000-paragraph article: the index against the reference scan it
  replaced (``worksheet.anchor._Scan``), in process, and ``worksheet build`` of it as a
  whole process.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import run as bench  # noqa: E402
import synthetic  # noqa: E402

#: Words in each batch article: a news story's length.
ARTICLE_WORDS = 700


def _worksheet() -> str:
    """The ``worksheet`` command a person would type in a shell loop."""
    script = Path(sys.executable).with_name("worksheet")
    return str(script) if script.exists() else f"{shlex.quote(sys.executable)} -m worksheet"


def make_desk(folder: Path, articles: int, claims: int) -> Path:
    """``articles`` distinct articles with ``claims`` claims each, and their manifest."""
    entries = []
    for i in range(articles):
        paragraphs = synthetic.article_paragraphs(ARTICLE_WORDS, seed=i + 1)
        article = folder / f"a{i:03d}.md"
        article.write_text(synthetic.article_markdown(paragraphs, f"Desk article {i}"),
                           encoding="utf-8")
        data = synthetic.claims_data(paragraphs, claims, seed=i + 2)
        claims_path = folder / f"a{i:03d}.claims.json"
        claims_path.write_text(json.dumps(data), encoding="utf-8")
        entries.append(f"- article: {article.name}\n  claims: {claims_path.name}\n")
    manifest = folder / "desk.yaml"
    manifest.write_text("".join(entries), encoding="utf-8")
    return manifest


def time_batch(folder: Path, manifest: Path, articles: int) -> dict[str, float]:
    """The batch and the shell loop, each on a fresh output folder."""
    loop = (f"for i in $(seq -f %03g 0 {articles - 1}); do {_worksheet()} build "
            f"a$i.md a$i.claims.json --out loop-out >/dev/null || exit 1; done")
    loop_wall, loop_cpu, _, code = bench.run_child(["bash", "-c", loop], cwd=folder)
    assert code == 0, "the shell loop failed"
    batch_wall, batch_cpu, peak, code = bench.run_child(
        bench.worksheet_cli("build", "--manifest", str(manifest), "--out",
                            str(folder / "batch-out")), cwd=folder)
    assert code == 0, "the batch failed"
    built = len(list((folder / "batch-out").glob("*-tracker.xlsx")))
    assert built == articles, built
    # CPU seconds (each process with the children it waited for) say what the machine
    # had to do, whatever else it was doing: on a shared machine the wall times do not.
    return {"loop": loop_wall, "batch": batch_wall, "loop_cpu": loop_cpu,
            "batch_cpu": batch_cpu, "batch_peak_mb": peak, "speedup": loop_wall / batch_wall,
            "load": os.getloadavg()[0]}


def fill_trackers(folder: Path) -> list[Path]:
    """Each tracker of the batch rewritten as reviewers left it (verdicts, dates, names)."""
    from worksheet.tracker.read import read_tracker
    from worksheet.tracker.write import write_tracker

    trackers = sorted(folder.glob("*-tracker.xlsx"))
    for i, path in enumerate(trackers):
        read = read_tracker(path)
        rows, sources = synthetic.fill(read.rows, read.sources, read.scale.labels, seed=i)
        write_tracker(path, rows, sources, read.scale, read.meta)
    return trackers


PANDAS_READ = """
import sys, glob, pandas
for name in sorted(glob.glob(sys.argv[1] + '/*-tracker.xlsx')):
    pandas.read_excel(name, sheet_name='Claims', engine='openpyxl')
"""


def time_status(folder: Path, repeats: int = 3) -> dict[str, float]:
    """``worksheet status`` over the folder against pandas reading the same files (best of
    ``repeats``, alternating, so that both see the same state of the machine)."""
    runs: dict[str, list[float]] = {"status": [], "pandas": []}
    for _ in range(repeats):
        wall, _, _, code = bench.run_child(
            bench.worksheet_cli("status", str(folder), "--format", "json"))
        assert code in (0, 1)
        runs["status"].append(wall)
        wall, _, _, code = bench.run_child(bench.python("-c", PANDAS_READ, str(folder)))
        assert code == 0, "pandas failed (pip install '.[bench]')"
        runs["pandas"].append(wall)
    return {k: min(v) for k, v in runs.items()}


def time_anchoring(folder: Path, claims: int, paragraphs: int) -> dict[str, float]:
    """Anchoring ``claims`` mixed claims in an article of ``paragraphs`` paragraphs."""
    from worksheet import anchor
    from worksheet.article import load_article
    from worksheet.claims import load_claims

    texts = synthetic.article_paragraphs(paragraphs * 60)[:paragraphs]
    data = synthetic.claims_data(texts, claims)
    for i, claim in enumerate(data["claims"]):  # type: ignore[union-attr]
        if i % 4 == 1:
            claim["quote"] = claim["quote"].upper()
        elif i % 4 == 2:
            del claim["quote"]
        elif i % 4 == 3:
            claim["quote"] = " ".join(claim["quote"].split()[:3])
    article_path = folder / "long.md"
    article_path.write_text(synthetic.article_markdown(texts, "A long article"), "utf-8")
    claims_path = folder / "long.claims.json"
    claims_path.write_text(json.dumps(data), encoding="utf-8")
    article = load_article(article_path)
    loaded = load_claims(claims_path).claims
    start = time.perf_counter()
    new = [a.anchor for a in anchor.anchor_claims(article, loaded)]
    indexed = time.perf_counter() - start
    anchor._memo = ((), {})  # the reference folds the article afresh, as the index did
    start = time.perf_counter()
    scan = anchor._Scan(article)
    old = [anchor._anchor_claim(article, c, scan) for c in loaded]
    reference = time.perf_counter() - start
    assert new == old, "the index and the reference disagree"
    build_wall, _, peak, code = bench.run_child(bench.worksheet_cli(
        "build", str(article_path), str(claims_path), "--out", str(folder / "long-out")))
    assert code == 0
    return {"paragraphs": len(article.paragraphs), "claims": len(loaded),
            "found": sum(a.found for a in new), "indexed": indexed, "reference": reference,
            "build": build_wall, "build_peak_mb": peak}


def main(argv: list[str] | None = None) -> int:
    """Run the desk benchmarks and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--claims", type=int, default=15)
    parser.add_argument("--anchor-claims", type=int, default=1_000)
    parser.add_argument("--paragraphs", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3, help="Repeats of the status timings.")
    parser.add_argument("--work", type=Path, help="Keep the files here (default: a temp dir).")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        folder = args.work or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        figures: dict[str, Any] = {"cores": len(os.sched_getaffinity(0))
                                   if hasattr(os, "sched_getaffinity") else os.cpu_count(),
                                   "articles": args.articles, "claims": args.claims}
        manifest = make_desk(folder, args.articles, args.claims)
        batch = figures["batch"] = time_batch(folder, manifest, args.articles)
        print(f"build {args.articles} articles of {args.claims} claims on "
              f"{figures['cores']} cores: shell loop {batch['loop']:.1f} s, "
              f"build --manifest {batch['batch']:.1f} s ({batch['speedup']:.1f}x faster; "
              f"peak {batch['batch_peak_mb']:.0f} MB); CPU seconds: loop "
              f"{batch['loop_cpu']:.1f}, batch {batch['batch_cpu']:.1f} "
              f"({batch['loop_cpu'] / batch['batch_cpu']:.1f}x less); load average "
              f"{batch['load']:.1f} at the end")
        fill_trackers(folder / "batch-out")
        status = figures["status"] = time_status(folder / "batch-out", args.runs)
        print(f"status of {args.articles} filled trackers, whole process: "
              f"worksheet status {status['status']:.2f} s; "
              f"pandas.read_excel of their Claims sheets {status['pandas']:.2f} s")
        anchoring = figures["anchoring"] = time_anchoring(folder, args.anchor_claims,
                                                          args.paragraphs)
        print(f"anchor {anchoring['claims']} claims in {anchoring['paragraphs']} paragraphs "
              f"({anchoring['found']} found): index {anchoring['indexed']:.2f} s, "
              f"reference scan {anchoring['reference']:.2f} s, same anchors; "
              f"whole build {anchoring['build']:.1f} s, peak {anchoring['build_peak_mb']:.0f} MB")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
