"""``worksheet build --manifest``: a desk's articles built in one run, on every core.

A manifest lists the articles (YAML, JSON or CSV; paths relative to the manifest), or
is a folder where ``name.md`` sits beside ``name.claims.yaml``. Each article is built
exactly as ``worksheet build`` builds one (merge of reviewer work, backups, both files
or neither); one that fails is reported with its place in the manifest and the others
are still written.

The articles are independent, so they are built in worker processes, one per core.
The workers are forked from this process after the heavy modules are imported, so
they start warm instead of importing python-docx and openpyxl again.
"""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import ManifestError, OutputError, Problem, WorksheetError

Paper = Literal["a4", "letter"]
#: Article files the folder convention pairs with ``<stem>.claims.<ext>``, in this order.
ARTICLE_SUFFIXES = (".md", ".txt", ".html", ".htm", ".docx")
CLAIMS_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
CLAIMS_INFIX = ".claims"
#: Marks an output pair as taken by one article of a running batch (not a temp file:
#: ``build`` clears those, and would clear another worker's mark).
RESERVED_PREFIX = ".worksheet-batch-"


class ManifestEntry(BaseModel):
    """One article of a manifest, as written in it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    article: str = Field(min_length=1)
    claims: str = Field(min_length=1)
    name: str | None = None
    """Names the output files (``<name>-worksheet.docx``) instead of the article's title."""
    scale: str | None = None
    paper: Paper | None = None
    assignee: str | None = None
    """The reviewer of every claim that names none."""


class Manifest(BaseModel):
    """A YAML or JSON manifest: ``articles:`` (or the file itself) is a list of entries."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ManifestEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Entry:
    """One article to build, its paths resolved, and where the manifest lists it."""

    where: str
    article: str
    claims: str
    name: str | None = None
    scale: str | None = None
    paper: Paper | None = None
    assignee: str | None = None


def load_manifest(path: str | Path) -> list[Entry]:
    """The articles a manifest file (.yaml, .yml, .json, .csv) or folder lists."""
    path = Path(path)
    if path.is_dir():
        return folder_entries(path)
    from .textio import check_input_file

    check_input_file(path, ManifestError)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return _structured_entries(path)
    if suffix == ".csv":
        return _csv_entries(path)
    raise ManifestError(f"{path}: unknown manifest type {suffix!r}; use .yaml, .json, .csv "
                        "or a folder of name.md + name.claims.yaml")


def _resolve(base: Path, value: str) -> str:
    if value.lower().startswith(("http://", "https://")):
        return value
    return str(base / value) if not Path(value).is_absolute() else value


def _entry(base: Path, where: str, item: ManifestEntry) -> Entry:
    # A scale is a shipped name (politifact) or a file, which is relative like the others.
    scale = item.scale
    if scale and scale.lower().endswith((".yaml", ".yml", ".json")):
        scale = _resolve(base, scale)
    return Entry(where, _resolve(base, item.article), _resolve(base, item.claims), item.name,
                 scale, item.paper, item.assignee)


def _structured_entries(path: Path) -> list[Entry]:
    from .structured import load_structured, validate

    try:
        data, locate = load_structured(path)
    except WorksheetError as exc:
        raise ManifestError(str(exc), exc.problems) from exc
    if isinstance(data, list):
        # A bare list is the articles; locate its items as if under ``articles:``.
        data, inner = {"articles": data}, locate
        locate = lambda loc: inner(loc[1:] if loc[:1] == ("articles",) else loc)  # noqa: E731
    manifest = validate(Manifest, data, locate, str(path), ManifestError)
    return [_entry(path.parent, locate(("articles", i)), item)
            for i, item in enumerate(manifest.articles)]


def _csv_entries(path: Path) -> list[Entry]:
    from pydantic import ValidationError

    from .textio import read_text

    try:
        rows = list(csv.reader(io.StringIO(read_text(path), newline="")))
    except WorksheetError as exc:
        raise ManifestError(str(exc), exc.problems) from exc
    if not rows:
        raise ManifestError(f"{path}: is empty; give a header row (article,claims,…) "
                            "and one row per article")
    header = [h.strip().lower() for h in rows[0]]
    known = set(ManifestEntry.model_fields)
    problems = [Problem(f"{path}:1", "unknown-column",
                        f"unknown column {h!r}; allowed: {', '.join(ManifestEntry.model_fields)}")
                for h in header if h and h not in known]
    problems += [Problem(f"{path}:1", "missing-column", f"no {need!r} column")
                 for need in ("article", "claims") if need not in header]
    entries = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        values = {h: v for h, v in zip(header, row, strict=False) if h in known and v.strip()}
        try:
            entries.append(_entry(path.parent, f"{path}:{number}",
                                  ManifestEntry.model_validate(values)))
        except ValidationError as exc:
            problems += [Problem(f"{path}:{number}", e["type"],
                                 f"{'.'.join(map(str, e['loc']))}: {e['msg'][:1].lower()}"
                                 f"{e['msg'][1:]}") for e in exc.errors()]
    if problems:
        raise ManifestError(problems=problems)
    if not entries:
        raise ManifestError(f"{path}: lists no articles")
    return entries


def folder_entries(folder: Path) -> list[Entry]:
    """Every ``<name>.claims.yaml`` (or .yml, .json, .csv, .xlsx) under ``folder`` with its
    article ``<name>.md`` (or .txt, .html, .docx) beside it, in path order."""
    entries = []
    for claims in sorted(folder.rglob(f"*{CLAIMS_INFIX}.*")):
        stem = claims.name[: claims.name.lower().rfind(CLAIMS_INFIX + ".")]
        if claims.suffix.lower() not in CLAIMS_SUFFIXES or not stem or not claims.is_file():
            continue
        article = next((claims.with_name(stem + s) for s in ARTICLE_SUFFIXES
                        if claims.with_name(stem + s).is_file()), None)
        # Without its article the entry still counts: it fails, saying what is missing.
        entries.append(Entry(str(claims), str(article or claims.with_name(stem + ".md")),
                             str(claims)))
    if not entries:
        raise ManifestError(f"{folder}: holds no name.claims.yaml beside a name.md "
                            "(or .txt, .html, .docx) to build")
    return entries


@dataclass
class Outcome:
    """What building one article of a batch gave: its files, or why it failed."""

    entry: Entry
    worksheet: Path | None = None
    tracker: Path | None = None
    claims: int = 0
    found: int = 0
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    """What merging the reviewer's work did, as ``build`` reports it."""
    backups: list[Path] = field(default_factory=list)
    internal: bool = False
    """The failure is a bug, not bad input."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def failure(self) -> str:
        """The failure as one line: the manifest entry, then each problem."""
        return f"{self.entry.where}: " + "; ".join(str(p) for p in self.problems)


@dataclass
class BatchResult:
    """Every article's outcome, in manifest order."""

    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def succeeded(self) -> int:
        return len(self.outcomes) - len(self.failed)


@dataclass(frozen=True)
class Options:
    """What every article of a batch shares (an entry's own scale and paper win)."""

    out: Path
    scale: str | None = None
    template: Path | None = None
    paper: Paper = "a4"
    force: bool = False
    token: str = ""
    prior: tuple[str, ...] = ()
    """ClaimReview collections every claim is matched against (``build --prior``)."""


def _reserver(entry: Entry, token: str) -> Callable[[Path, Path], None]:
    """Claim an output pair for this entry, or fail naming the entry that has it."""

    def reserve(worksheet: Path, tracker: Path) -> None:
        mark = tracker.with_name(f"{RESERVED_PREFIX}{token}-{tracker.stem}")
        try:
            tracker.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            other = mark.read_text(encoding="utf-8", errors="replace")
            raise OutputError(f"{tracker}: {other} writes this tracker too; give one of them "
                              "its own name: in the manifest") from None
        except OSError as exc:
            raise OutputError(f"{tracker.parent}: cannot write here ({exc.strerror})") from exc
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(entry.where)

    return reserve


def build_entry(entry: Entry, options: Options) -> Outcome:
    """Build one article of a batch; every failure becomes the outcome's problems."""
    from .build import build

    outcome = Outcome(entry)
    try:
        result = build(entry.article, entry.claims, options.out,
                       scale=entry.scale or options.scale, template=options.template,
                       paper=entry.paper or options.paper, force=options.force,
                       prior=list(options.prior) or None, name=entry.name, assignee=entry.assignee,
                       reserve=_reserver(entry, options.token))
    except WorksheetError as exc:
        outcome.problems = exc.problems or [Problem("", "error", str(exc))]
        return outcome
    except Exception as exc:  # a bug in one article must not lose the others' work
        where = traceback.extract_tb(exc.__traceback__)[-1]
        outcome.problems = [Problem("", "internal", f"internal error: {type(exc).__name__}: "
                                    f"{exc} (at {Path(where.filename).name}:{where.lineno}; "
                                    "please report it)")]
        outcome.internal = True
        return outcome
    outcome.worksheet, outcome.tracker = result.worksheet, result.tracker
    outcome.claims, outcome.found = len(result.prepared.anchored), result.prepared.found
    outcome.warnings, outcome.backups = result.warnings, result.backups
    outcome.merged = result.merge_lines()
    return outcome


def workers_for(n_articles: int) -> int:
    """One worker per core the process may use, never more than articles."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, n_articles))


def _warm_up(prior: Sequence[str | Path]) -> None:
    """Import what every build needs, and read the earlier checks every article is
    matched against, once, before workers are forked from this process."""
    import gc

    from .docx import worksheet  # noqa: F401
    from .tracker import write  # noqa: F401

    if prior:
        from .prior.checked import load_matcher

        with contextlib.suppress(WorksheetError):  # each article reports it, located
            load_matcher(prior)

    # What the workers inherit is never garbage: keep the collector from walking (and
    # copy-on-write from copying) the imported modules' objects in every worker.
    gc.freeze()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle, so an article is never cut short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    # fork: a worker starts with the parent's imports instead of 0.5 s of its own.
    # (Python 3.14 defaults to forkserver; spawn elsewhere, where fork does not exist.)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context,
                             initializer=_ignore_interrupts) as pool:
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def build_many(entries: Sequence[Entry], out: str | Path = ".", *, scale: str | None = None,
               template: Path | None = None, paper: Paper = "a4", force: bool = False,
               prior: Sequence[str | Path] | None = None, workers: int | None = None,
               on_done: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Build every entry, ``workers`` at a time (one per core by default).

    ``on_done`` is called in this process with each outcome as it finishes (for a
    progress bar); the result lists them in manifest order.

    >>> result = build_many(load_manifest("examples/desk.yaml"), "out")  # doctest: +SKIP
    """
    token = f"{os.getpid()}-{os.urandom(4).hex()}"
    options = Options(Path(out), scale, template, paper, force, token,
                      tuple(str(p) for p in prior or ()))
    workers = workers or workers_for(len(entries))
    outcomes: dict[int, Outcome] = {}
    told: set[int] = set()

    def record(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if on_done:
            on_done(outcome)
        told.add(index)

    try:
        if workers <= 1:
            for index, entry in enumerate(entries):
                record(index, build_entry(entry, options))
        else:
            _warm_up(options.prior)
            with _pool(workers) as pool:
                futures: dict[Future[Outcome], int] = {
                    pool.submit(build_entry, entry, options): i for i, entry in enumerate(entries)}
                try:
                    for future in as_completed(futures):
                        record(futures[future], future.result())
                except KeyboardInterrupt:
                    # Start nothing new; the articles being built finish whole and are told.
                    # (Ctrl-C may have come between an article's end and its line.)
                    running = [f for f in futures if not f.cancel()]
                    for future in as_completed(running):
                        if futures[future] not in told:
                            record(futures[future], future.result())
                    raise
    finally:
        _release(options)
    return BatchResult([outcomes[i] for i in sorted(outcomes)])


def _release(options: Options) -> None:
    """Remove this run's reservation marks (only this run's: its token is in their names)."""
    for mark in options.out.glob(f"{RESERVED_PREFIX}{options.token}-*"):
        with contextlib.suppress(OSError):
            mark.unlink()


def summary_line(result: BatchResult) -> str:
    """``3 of 4 articles built; 1 failed``."""
    line = f"{result.succeeded} of {len(result.outcomes)} articles built"
    return line + (f"; {len(result.failed)} failed" if result.failed else "")

