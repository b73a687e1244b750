"""Speed and memory of worksheet at scale, against the libraries a user would reach for.

Usage::

    python tests/benchmarks/run.py                       # 10, 100, 1,000, 10,000 claims
    python tests/benchmarks/run.py --sizes 10,1000 --quick --json bench.json

For each size it makes a long article from the example's real paragraphs and that many
claims (1-3 sources each), then measures, each in a fresh process so that peak memory
is the process's own (``os.wait4`` rusage, i.e. peak RSS):

- ``prepare``: load, validate and anchor the inputs (what ``build`` does first);
- ``docx``, ``xlsx``: writing the worksheet and the tracker from prepared data;
- ``pandas.to_excel`` (openpyxl engine, no formatting) and XlsxWriter in constant-memory
  mode writing the same cells as the tracker's Claims and Sources sheets;
- ``status``: reading a filled tracker and summarising it, against ``pandas.read_excel``
  (openpyxl engine) of the same file; and ``worksheet status`` as a whole process;
- ``suggest`` on an article of ten words per claim (100,000 words at 10,000), whole process;
- ``build`` of the synthetic inputs, whole process;

and, once, the start-up of ``worksheet --help`` and ``worksheet build`` on the example
(median of several runs, with and without numpy importable).

Timings inside a process ("time") exclude interpreter start and imports; "wall" is the
whole child process. CPU is user+system time of the child, steadier than wall time on a
busy machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EXAMPLE = ROOT / "examples" / "putin-biden"
DEFAULT_SIZES = (10, 100, 1_000, 10_000)
#: Words of the build article per claim, and its floor; words of the suggest article.
ARTICLE_WORDS_PER_CLAIM = 10
MIN_ARTICLE_WORDS = 2_000
SUGGEST_WORDS_PER_CLAIM = 10

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ----------------------------------------------------------------------- measuring


@dataclass
class Measure:
    """One task at one size: its timings and peak memory."""

    task: str
    size: int
    wall: float
    """Seconds, the whole child process."""
    cpu: float
    """User + system seconds of the child process."""
    peak_mb: float
    """Peak resident set size of the child process."""
    time: float | None = None
    """Seconds of the measured operation inside the process (no start-up, no imports)."""
    time_cpu: float | None = None
    """CPU seconds of the measured operation inside the process."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> float:
        """The in-process time when there is one, else the whole process."""
        return self.time if self.time is not None else self.wall

    @property
    def best_cpu(self) -> float:
        """The in-process CPU time when there is one, else the whole process's."""
        return self.time_cpu if self.time_cpu is not None else self.cpu


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


def run_child(args: Sequence[str], cwd: Path = ROOT) -> tuple[float, float, float, int]:
    """Run a child process; its wall seconds, CPU seconds, peak RSS in MB and exit code.

    A failing child's error output is shown on stderr.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(list(args), cwd=cwd, env=_env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's own rusage: its peak RSS, not the largest child's so far.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        if code not in (0, 1):
            errors.seek(0)
            sys.stderr.write(errors.read()[-4000:].decode("utf-8", "replace"))
    # ru_maxrss is in kilobytes on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def python(*args: str) -> list[str]:
    """A command line running this interpreter with ``args``."""
    return [sys.executable, *args]


def worksheet_cli(*args: str, block_numpy: bool = False) -> list[str]:
    """A command line running ``worksheet`` (``python -m worksheet``)."""
    if block_numpy:
        # As if numpy were not installed: openpyxl imports it when it can.
        code = ("import runpy, sys; sys.modules['numpy'] = None; "
                f"sys.argv = ['worksheet', *{list(args)!r}]; "
                "runpy.run_module('worksheet', run_name='__main__', alter_sys=True)")
        return python("-c", code)
    return python("-m", "worksheet", *args)


def measure_worker(task: str, size: int, data: Path, out: Path) -> Measure:
    """Run one worker task in a fresh process and collect what it reports."""
    result = out.with_suffix(out.suffix + ".result.json")
    result.unlink(missing_ok=True)
    wall, cpu, peak, code = run_child(python(str(HERE / "run.py"), "--worker", task,
                                             "--data", str(data), "--out", str(out),
                                             "--result", str(result)))
    if code != 0 or not result.exists():
        raise RuntimeError(f"worker {task} at {size} failed (exit {code}); run it by hand: "
                           f"python {HERE / 'run.py'} --worker {task} --data {data} "
                           f"--out {out} --result {result}")
    reported = json.loads(result.read_text())
    seconds = reported.pop("seconds")
    op_cpu = reported.pop("cpu_seconds", None)
    return Measure(task, size, wall, cpu, peak, seconds, op_cpu, reported)


def measure_cli(task: str, size: int, args: Sequence[str], *, runs: int = 1,
                block_numpy: bool = False, before: Callable[[], None] | None = None) -> Measure:
    """Run ``worksheet args`` ``runs`` times; the median wall time, the largest peak."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        if before:
            before()
        wall, cpu, peak, code = run_child(worksheet_cli(*args, block_numpy=block_numpy))
        if code not in (0, 1):
            raise RuntimeError(f"worksheet {' '.join(args)} failed with exit code {code}")
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    return Measure(task, size, statistics.median(walls), statistics.median(cpus), max(peaks),
                   extra={"runs": runs, "walls": [round(w, 4) for w in walls]})


# ----------------------------------------------------------------------- workers


_CPU: dict[str, float] = {}


def _timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` took; its CPU seconds are kept for the report."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    _CPU["last"] = time.process_time() - cpu
    return time.perf_counter() - start


def _tracker_cells(data: dict[str, Any]) -> tuple[list[str], list[list[Any]], list[str],
                                                  list[list[Any]]]:
    """The Claims and Sources sheets' headers and values, as the tracker writes them."""
    from worksheet import columns
    from worksheet.tracker.write import claim_values, source_values

    claims = [claim_values(r, ()) for r in data["rows"]]
    sources = [source_values(s) for s in data["sources"]]
    return ([c.header for c in columns.CLAIM_COLUMNS], claims,
            [c.header for c in columns.SOURCE_COLUMNS], sources)


def worker(task: str, data_path: Path, out: Path) -> dict[str, Any]:
    """Do one measured task in this process; its seconds and anything else to report."""
    if task == "prepare":
        return _worker_prepare(data_path, out)
    with data_path.open("rb") as fh:
        data = pickle.load(fh)
    import worksheet.tracker.write  # noqa: F401 - imported before any timing starts
    if task == "docx":
        from worksheet.docx.worksheet import write_worksheet

        prepared = data["prepared"]
        seconds = _timed(lambda: write_worksheet(out, prepared.article, prepared.anchored,
                                                 prepared.scale, built=data["built"]))
        return {"seconds": seconds, "bytes": out.stat().st_size}
    if task == "xlsx":
        from worksheet.tracker.write import write_tracker

        prepared = data["prepared"]
        seconds = _timed(lambda: write_tracker(out, data["rows"], data["sources"],
                                               prepared.scale, prepared.article.meta,
                                               built=data["built"]))
        return {"seconds": seconds, "bytes": out.stat().st_size}
    if task == "pandas-write":
        import pandas as pd

        def write() -> None:
            claim_head, claims, source_head, sources = _tracker_cells(data)
            with pd.ExcelWriter(out, engine="openpyxl") as writer:
                pd.DataFrame(claims, columns=claim_head).to_excel(writer, sheet_name="Claims",
                                                                  index=False)
                pd.DataFrame(sources, columns=source_head).to_excel(
                    writer, sheet_name="Sources", index=False)

        return {"seconds": _timed(write), "bytes": out.stat().st_size}
    if task == "xlsxwriter-write":
        import xlsxwriter

        def write() -> None:
            claim_head, claims, source_head, sources = _tracker_cells(data)
            book = xlsxwriter.Workbook(str(out), {"constant_memory": True,
                                                  "strings_to_formulas": False,
                                                  "strings_to_urls": False})
            for name, head, rows in (("Claims", claim_head, claims),
                                     ("Sources", source_head, sources)):
                sheet = book.add_worksheet(name)
                sheet.write_row(0, 0, head)
                for r, values in enumerate(rows, 1):
                    sheet.write_row(r, 0, values)
            book.close()

        return {"seconds": _timed(write), "bytes": out.stat().st_size}
    if task == "status":
        from worksheet.formats import render
        from worksheet.summary import summarise
        from worksheet.tracker.read import read_tracker

        seconds = _timed(lambda: render(summarise(read_tracker(data["tracker"])), "table"))
        return {"seconds": seconds}
    if task == "pandas-read":
        import pandas as pd

        seconds = _timed(lambda: pd.read_excel(data["tracker"], sheet_name=None,
                                               engine="openpyxl"))
        return {"seconds": seconds}
    raise SystemExit(f"unknown worker task {task!r}")


def _worker_prepare(inputs: Path, out: Path) -> dict[str, Any]:
    """Prepare the inputs once; pickle what the writers need for the other workers."""
    import datetime as dt

    sys.path.insert(0, str(HERE))
    from synthetic import fill

    from worksheet.prepare import prepare
    from worksheet.tracker.rows import rows_from_claims
    from worksheet.tracker.write import write_tracker

    article, claims = inputs / "article.md", inputs / "claims.json"
    start, cpu = time.perf_counter(), time.process_time()
    prepared = prepare(article, claims)
    seconds = time.perf_counter() - start
    _CPU["last"] = time.process_time() - cpu
    rows, sources = rows_from_claims(prepared.article, prepared.anchored)
    built = dt.datetime(2021, 12, 10, 9, 0, tzinfo=dt.timezone.utc)
    # A tracker reviewers have worked in, for status and the read comparison.
    tracker = out.parent / "filled-tracker.xlsx"
    filled_rows, filled_sources = fill(rows, sources, prepared.scale.labels)
    write_tracker(tracker, filled_rows, filled_sources, prepared.scale, prepared.article.meta,
                  built=built)
    # The claims' locator is a closure: keep only what the writers read.
    prepared.claims = None  # type: ignore[assignment]
    with out.open("wb") as fh:
        pickle.dump({"prepared": prepared, "rows": rows, "sources": sources, "built": built,
                     "tracker": tracker}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": seconds, "claims": len(prepared.anchored),
            "found": prepared.found, "paragraphs": len(prepared.article.paragraphs),
            "sources": len(sources)}


# ----------------------------------------------------------------------- the run


@dataclass
class Report:
    """Everything one run measured."""

    machine: dict[str, Any]
    measures: list[Measure] = field(default_factory=list)

    def get(self, task: str, size: int) -> Measure | None:
        """The measure of ``task`` at ``size``, if taken."""
        return next((m for m in self.measures if m.task == task and m.size == size), None)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"machine": self.machine, "measures": [asdict(m) for m in self.measures],
                "targets": [asdict(t) for t in targets(self)]}


def machine() -> dict[str, Any]:
    """The CPU, cores, Python and library versions, and how busy the machine is."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    versions = {}
    for name in ("openpyxl", "docx", "pydantic", "python_calamine", "pandas", "xlsxwriter",
                 "numpy"):
        try:
            from importlib.metadata import version

            dist = {"docx": "python-docx", "python_calamine": "python-calamine"}.get(name, name)
            versions[name] = version(dist)
        except Exception:  # not installed (or broken) is a fact to report
            versions[name] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_average": list(os.getloadavg()),
            "versions": versions}


def has(module: str) -> bool:
    """Whether ``module`` can be imported here (pandas, xlsxwriter are optional)."""
    from importlib.util import find_spec

    return find_spec(module) is not None


def bench_size(n: int, work: Path, quick: bool, log: Callable[[str], None]) -> list[Measure]:
    """Every per-size measure for ``n`` claims."""
    sys.path.insert(0, str(HERE))
    from synthetic import article_markdown, article_paragraphs, write_inputs

    folder = work / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    write_inputs(folder, n, max(MIN_ARTICLE_WORDS, ARTICLE_WORDS_PER_CLAIM * n))
    data = folder / "prepared.pickle"
    out: list[Measure] = []

    def add(m: Measure) -> None:
        log(f"  {m.task:<18} {n:>6}  {m.best:8.3f} s  {m.peak_mb:7.1f} MB")
        out.append(m)

    add(measure_worker("prepare", n, folder, data))
    add(measure_worker("docx", n, data, folder / "worksheet.docx"))
    add(measure_worker("xlsx", n, data, folder / "tracker.xlsx"))
    if has("pandas"):
        add(measure_worker("pandas-write", n, data, folder / "pandas.xlsx"))
    if has("xlsxwriter"):
        add(measure_worker("xlsxwriter-write", n, data, folder / "xlsxwriter.xlsx"))
    add(measure_worker("status", n, data, folder / "status.txt"))
    if has("pandas"):
        add(measure_worker("pandas-read", n, data, folder / "read.txt"))
    tracker = folder / "filled-tracker.xlsx"
    add(measure_cli("status-cli", n, ["status", str(tracker), "--format", "table"]))

    words = SUGGEST_WORDS_PER_CLAIM * n
    long_article = folder / "suggest-article.md"
    long_article.write_text(article_markdown(article_paragraphs(words, seed=7)),
                            encoding="utf-8")
    m = measure_cli("suggest-cli", n, ["suggest", str(long_article), "--limit", "15"])
    m.extra["words"] = words
    add(m)
    if not quick:
        build_out = folder / "build"
        add(measure_cli("build-cli", n, ["build", str(folder / "article.md"),
                                         str(folder / "claims.json"), "--out",
                                         str(build_out), "--force"]))
    return out


def bench_startup(work: Path, runs: int, log: Callable[[str], None]) -> list[Measure]:
    """``worksheet --help`` and ``worksheet build`` on the example, with and without numpy."""
    out = []
    example_out = work / "example"

    def clean_out() -> None:
        # Every run a first build: no tracker to merge, no backups.
        import shutil

        shutil.rmtree(example_out, ignore_errors=True)

    build_args = ["build", str(EXAMPLE / "article.md"), str(EXAMPLE / "claims.yaml"), "--out",
                  str(example_out)]
    for block in (False, True) if has("numpy") else (False,):
        suffix = "-no-numpy" if block else ""
        for task, args, before in (("help", ["--help"], None),
                                   ("build-example", build_args, clean_out)):
            m = measure_cli(task + suffix, 0, args, runs=runs, block_numpy=block, before=before)
            log(f"  {m.task:<24} {m.wall:8.3f} s  (median of {runs})  {m.peak_mb:7.1f} MB")
            out.append(m)
    return out


# ----------------------------------------------------------------------- targets


@dataclass
class Target:
    """One goal, what was measured for it, and whether it is met."""

    name: str
    measured: str
    met: bool | None


def _ratio(report: Report, task: str, other: str, size: int,
           cpu: bool = False) -> float | None:
    a, b = report.get(task, size), report.get(other, size)
    if not (a and b):
        return None
    if cpu:
        return a.best_cpu / b.best_cpu if b.best_cpu else None
    return a.best / b.best if b.best else None


def targets(report: Report) -> list[Target]:
    """The goals of the benchmark, judged on what this run measured."""
    out: list[Target] = []
    big = max((m.size for m in report.measures), default=0)

    def ratio_target(name: str, task: str, other: str, size: int, limit: float) -> None:
        r = _ratio(report, task, other, size)
        r_cpu = _ratio(report, task, other, size, cpu=True)
        if r is not None:
            cpu_text = f" (CPU {r_cpu:.2f}x)" if r_cpu is not None else ""
            out.append(Target(name, f"{r:.2f}x{cpu_text}", r <= limit))

    ratio_target(f"tracker write ≤ 1.0× pandas to_excel ({big:,} claims)", "xlsx",
                 "pandas-write", big, 1.0)
    ratio_target(f"tracker write ≤ 2× XlsxWriter constant-memory ({big:,} claims)", "xlsx",
                 "xlsxwriter-write", big, 2.0)
    ratio_target(f"status read ≤ 0.25× pandas read_excel ({big:,} claims)", "status",
                 "pandas-read", big, 0.25)
    status = report.get("status-cli", big)
    if status:
        out.append(Target(f"status whole process < 1 s ({big:,} claims)",
                          f"{status.wall:.2f} s", status.wall < 1.0))
    docx = report.get("docx", 1_000)
    if docx:
        out.append(Target("worksheet (docx) for 1,000 claims < 5 s", f"{docx.best:.2f} s",
                          docx.best < 5.0))
    sizes = sorted({m.size for m in report.measures if m.task == "docx"})
    for small, large in itertools.pairwise(sizes):
        a, b = report.get("docx", small), report.get("docx", large)
        if a and b and small >= 100 and large == 10 * small:
            growth = b.best / a.best
            out.append(Target(f"docx growth {small:,}→{large:,} claims ≤ 11×",
                              f"{growth:.1f}×", growth <= 11.0))
    docx_big = report.get("docx", 10_000)
    if docx_big:
        out.append(Target("docx peak memory for 10,000 claims < 500 MB",
                          f"{docx_big.peak_mb:.0f} MB", docx_big.peak_mb < 500))
    for suffix in ("", "-no-numpy"):
        help_ = report.get("help" + suffix, 0)
        if help_:
            out.append(Target(f"worksheet --help < 150 ms{suffix.replace('-', ' ')}",
                              f"{help_.wall * 1000:.0f} ms", help_.wall < 0.150))
        example = report.get("build-example" + suffix, 0)
        if example:
            out.append(Target(f"build on the example < 700 ms{suffix.replace('-', ' ')}",
                              f"{example.wall * 1000:.0f} ms", example.wall < 0.700))
    suggest = report.get("suggest-cli", 10_000)
    if suggest:
        out.append(Target("suggest on a 100,000-word article < 3 s",
                          f"{suggest.wall:.2f} s", suggest.wall < 3.0))
    return out


# ----------------------------------------------------------------------- printing


def format_report(report: Report) -> str:
    """The machine, the figures, the comparisons and the targets as plain text."""
    m = report.machine
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, "
             f"load average {', '.join(f'{x:.1f}' for x in m['load_average'])}",
             "versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v), ""]
    sizes = sorted({x.size for x in report.measures if x.size})
    tasks = [t for t in ("prepare", "docx", "xlsx", "pandas-write", "xlsxwriter-write",
                         "status", "pandas-read", "status-cli", "suggest-cli", "build-cli")
             if any(x.task == t for x in report.measures)]
    head = f"{'task':<18}" + "".join(f"{n:>20,}" for n in sizes)
    lines += ["wall s / CPU s / peak RSS MB (in-process time where measured, *: whole process)",
              head, "-" * len(head)]
    for task in tasks:
        cells = []
        for n in sizes:
            x = report.get(task, n)
            star = "" if x is None or x.time is not None else "*"
            cells.append(f"{x.best:.2f}{star}/{x.best_cpu:.2f}/{x.peak_mb:.0f}" if x else "—")
        lines.append(f"{task:<18}" + "".join(f"{c:>20}" for c in cells))
    lines.append("")
    comparisons = (("xlsx", "pandas-write", "tracker write / pandas to_excel"),
                   ("xlsx", "xlsxwriter-write", "tracker write / XlsxWriter const-mem"),
                   ("status", "pandas-read", "status read / pandas read_excel"))
    for task, other, label in comparisons:
        for cpu in (False, True):
            ratios = [_ratio(report, task, other, n, cpu=cpu) for n in sizes]
            if any(r is not None for r in ratios):
                name = f"{label} ({'CPU' if cpu else 'wall'})"
                lines.append(f"{name:<44}" + "".join(
                    f"{(f'{r:.2f}x' if r is not None else '—'):>10}" for r in ratios))
    startup = [x for x in report.measures if x.size == 0]
    if startup:
        lines += ["", "start-up, whole process (median wall / CPU / peak RSS):"]
        lines += [f"  {x.task:<24} {x.wall * 1000:7.0f} ms {x.cpu * 1000:7.0f} ms "
                  f"{x.peak_mb:6.0f} MB" for x in startup]
    checks = targets(report)
    if checks:
        lines += ["", "targets:"]
        for t in checks:
            verdict = "met" if t.met else "NOT met"
            lines.append(f"  [{verdict:>7}] {t.name}: {t.measured}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print (and optionally save) the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="claim counts, comma-separated (default %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer start-up runs, no whole-process build per size")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs of each start-up measure (default 7, 3 with --quick)")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measures")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        reported = worker(args.worker, args.data, args.out)
        reported.setdefault("cpu_seconds", _CPU.get("last"))
        args.result.write_text(json.dumps(reported))
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs = args.runs or (3 if args.quick else 7)
    report = Report(machine())

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    m = report.machine
    log(f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}")
    with tempfile.TemporaryDirectory(prefix="worksheet-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if not args.no_startup:
            report.measures += bench_startup(work, runs, log)
        for n in sizes:
            report.measures += bench_size(n, work, args.quick, log)
    text = format_report(report)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
