"""Speed of the team commands at desk scale, beside pandas reading the same files.

Usage::

    python tests/benchmarks/team.py                    # 10,000 claims, 5 copies
    python tests/benchmarks/team.py --size 1000 --copies 3 --json team.json

Makes a tracker of N claims (1-3 sources each) and five reviewers' copies of it: each
reviewer fills about 60% of their fifth of the claims and 2% of the others (so some
cells conflict and some are second checks), then measures, each as a whole process
(start-up, imports, reading, merging, writing; ``os.wait4`` for CPU and peak memory):

- ``worksheet merge TRACKER COPY×5 --out merged.xlsx``, against ``pandas.read_excel``
  (openpyxl engine, every sheet) of each copy: the target is merge ≤ 1× the sum of one
  pandas read per copy;
- ``worksheet diff OLD NEW --format json`` of the tracker against one copy, against
  pandas reading those two files: the target is diff ≤ 0.5×.

pandas is timed inside its process (the read alone, no interpreter start or imports),
so the ratios are the strict comparison: our whole process against pandas's read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402

from worksheet import columns  # noqa: E402

PANDAS_READ = ("import sys, time, pandas; t, c = time.perf_counter(), time.process_time(); "
               "pandas.read_excel(sys.argv[1], sheet_name=None, engine='openpyxl'); "
               "print(time.perf_counter() - t, time.process_time() - c)")


def make_desk(folder: Path, n: int, copies: int, seed: int = 7) -> tuple[Path, list[Path]]:
    """A fresh tracker of ``n`` claims and ``copies`` reviewers' filled copies of it."""
    from worksheet.models import ArticleMeta
    from worksheet.scales import load_scale
    from worksheet.tracker.model import SourceRow, TrackerRow
    from worksheet.tracker.write import write_tracker

    scale = load_scale("default")
    meta = ArticleMeta(title="A long article", author="A. Writer", date="2024-01-01")
    rows = [TrackerRow(id=f"C{i}", claim=f"Claim {i}: the figure rose by {i % 97} per cent "
                       "in the year to March, the ministry said.",
                       passage=f"Paragraph {i} of the article, where claim {i} is made.",
                       paragraph=i, type="number", claimant="The ministry",
                       priority=("high", "medium", "low")[i % 3],
                       sources=f"Ministry release {i} — https://example.org/r/{i}",
                       first_url=f"https://example.org/r/{i}") for i in range(1, n + 1)]
    rng = random.Random(seed)
    sources = [SourceRow(claim_id=r.id, source=f"Source {k} for {r.id}",
                         url=f"https://example.org/{r.id}/{k}")
               for r in rows for k in range(1, rng.randint(1, 3) + 1)]
    tracker = folder / "tracker.xlsx"
    built = dt.datetime(2024, 1, 2, 9, 0)
    write_tracker(tracker, rows, sources, scale, meta, built=built)
    paths = []
    for k in range(copies):
        filled = []
        for i, row in enumerate(rows):
            mine = i % copies == k
            if rng.random() < (0.6 if mine else 0.02):
                row = row.model_copy(update={
                    "verdict": rng.choice(scale.labels),
                    "status": rng.choice((columns.DONE, columns.IN_PROGRESS)),
                    "reviewer": f"Reviewer {k + 1}",
                    "checked_on": dt.date(2024, 1, rng.randint(3, 28)),
                    "evidence": "The release says otherwise; see the second source."})
            filled.append(row)
        done = [s.model_copy(update={"consulted": "Yes"}) if rng.random() < 0.1 else s
                for s in sources]
        path = folder / f"copy{k + 1}.xlsx"
        write_tracker(path, filled, done, scale, meta, built=built)
        paths.append(path)
    return tracker, paths


def pandas_read(path: Path) -> tuple[float, float]:
    """pandas.read_excel of every sheet, in a fresh process: wall and CPU seconds of the read."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", PANDAS_READ, str(path)], capture_output=True,
                          text=True, check=True)
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def _compare(ours: tuple[float, float, float, int], reads: list[tuple[float, float]],
             ) -> dict[str, Any]:
    wall, cpu, peak, code = ours
    if code != 0:
        raise SystemExit(f"worksheet exited {code}")
    pandas_wall, pandas_cpu = sum(r[0] for r in reads), sum(r[1] for r in reads)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak, "pandas_reads": len(reads),
            "pandas_wall": pandas_wall, "pandas_cpu": pandas_cpu,
            "ratio_wall": wall / pandas_wall, "ratio_cpu": cpu / pandas_cpu}


def measure(n: int, copies: int, work: Path, log: Any) -> dict[str, Any]:
    """Make the files, run merge and diff and the pandas reads; the figures."""
    tracker, paths = make_desk(work, n, copies)
    log(f"{n:,} claims, {copies} copies made in {work}")
    merged = work / "merged.xlsx"
    ours = bench.run_child(bench.worksheet_cli(
        "merge", str(tracker), *map(str, paths), "--out", str(merged)))
    reads = [pandas_read(p) for p in paths]
    merge = _compare(ours, reads)
    log(f"merge: {merge}")
    diff_out = work / "diff.json"
    ours = bench.run_child(bench.worksheet_cli(
        "diff", str(tracker), str(paths[0]), "--format", "json", "--out", str(diff_out)))
    diff = _compare(ours, [pandas_read(tracker), reads[0]])
    diff["differences"] = len(json.loads(diff_out.read_text())["changes"])
    log(f"diff: {diff}")
    return {"size": n, "copies": copies, "merge": merge, "diff": diff}


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table, as the README shows them."""
    m, d = result["merge"], result["diff"]

    def line(name: str, x: dict[str, Any], target: str) -> str:
        return (f"| {name} | {x['wall']:.2f} s ({x['cpu']:.2f} s CPU) / {x['peak_mb']:.0f} MB "
                f"| {x['pandas_wall']:.2f} s ({x['pandas_cpu']:.2f} s CPU), "
                f"{x['pandas_reads']} reads | {x['ratio_wall']:.2f}× ({x['ratio_cpu']:.2f}× "
                f"CPU) | {target} |")

    return "\n".join([
        f"| {result['size']:,} claims | worksheet, whole process | pandas `read_excel` of the "
        "same files (the reads alone) | ratio | target |",
        "|---|---|---|---|---|",
        line(f"merge {result['copies']} copies", m, "≤ 1×"),
        line("diff two trackers", d, "≤ 0.5×"),
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the team benchmark and print the table (and optionally save JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="claims (default %(default)s)")
    parser.add_argument("--copies", type=int, default=5, help="copies (default %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    machine = bench.machine()
    log(f"machine: {machine['cpu']}, {machine['cores']} cores, Python {machine['python']}, "
        f"load {machine['load_average']}")
    with tempfile.TemporaryDirectory(prefix="worksheet-team-bench-") as tmp:
        result = measure(args.size, args.copies, Path(tmp), log)
    result["machine"] = machine
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
