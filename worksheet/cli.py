"""The command line: each command parses options, calls one library function, prints.

Errors become messages here and only here: one line per problem on stderr, exit code 2
for bad input or usage, a traceback only with ``--debug``. Heavy libraries are imported
inside the commands so that ``worksheet --help`` starts fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

try:  # typer 0.26 and later carry their own copy of click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer on real click
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

from . import __version__
from .errors import Problem, WorksheetError

#: Exit codes, as documented in the README and in --help.
OK, PROBLEMS_FOUND, BAD_INPUT, INTERNAL_ERROR = 0, 1, 2, 3

EPILOG = ("Exit codes: 0 done; 1 done but problems found (--strict); 2 bad input or usage; "
          "3 internal error (please report it).")


class _Group(TyperGroup):
    """Turns the library's errors into one-line messages and exit codes, in one place."""

    def invoke(self, ctx: typer.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except WorksheetError as exc:
            if debug:
                raise
            for line in exc.lines():
                say(f"error: {line}")
            raise typer.Exit(BAD_INPUT) from None
        except KeyboardInterrupt:
            say("interrupted; nothing was written")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, click_exceptions.ClickException):
            raise
        except Exception as exc:  # a bug: say so in one line unless --debug
            if debug:
                raise
            say(f"internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug for the traceback, and please report it)")
            raise typer.Exit(INTERNAL_ERROR) from None


app = typer.Typer(
    cls=_Group,
    help="Fact-checking worksheets: an article and its claims become a Word worksheet "
         "and an Excel tracker; the filled tracker becomes status reports and ClaimReview.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def say(message: str) -> None:
    """A message for the person at the terminal: stderr, so stdout stays pipeable."""
    print(message, file=sys.stderr)


def warn(problems: list[Problem], file: Path | None = None) -> None:
    """Print problems, one a line; ``file`` prefixes places inside it (``Claims!I7``)."""
    for problem in problems:
        where = f"{file} {problem.where}" if file is not None and problem.where else problem.where
        say(f"{problem.severity}: {where}: {problem.message}" if where
            else f"{problem.severity}: {problem.message}")


def fail(message: str) -> NoReturn:
    say(f"error: {message}")
    raise typer.Exit(BAD_INPUT)


def _version(value: bool) -> None:
    if value:
        print(f"worksheet {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Fact-checking worksheets and trackers."""


class PaperSize(str, Enum):
    a4 = "a4"
    letter = "letter"


ArticleArg = Annotated[str, typer.Argument(
    help="The article: .md, .txt, .html, .docx, or an http(s) URL.", show_default=False)]
ClaimsArg = Annotated[Path, typer.Argument(
    help="The claims: .yaml, .json, .csv or .xlsx.", show_default=False)]
ScaleOpt = Annotated[str | None, typer.Option(
    "--scale", help="Verdict scale: default, politifact, aap, or a scale file.")]
PriorOpt = Annotated[list[Path] | None, typer.Option(
    "--prior", help="Earlier fact-checks (ClaimReview JSON-LD, a saved page, a feed) to "
                    "match each claim against; a folder means every file in it. Repeatable.")]


@app.command(epilog="Example: worksheet build examples/putin-biden/article.md "
                    "examples/putin-biden/claims.yaml --out out/ ; many articles at once: "
                    "worksheet build --manifest examples/desk.yaml --out out/")
def build(
    article: Annotated[str | None, typer.Argument(
        help="The article: .md, .txt, .html, .docx, or an http(s) URL.", show_default=False)
    ] = None,
    claims: Annotated[Path | None, typer.Argument(
        help="The claims: .yaml, .json, .csv or .xlsx.", show_default=False)] = None,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", "-m", help="Build every article a manifest lists (.yaml, .json, .csv), "
             "or every name.md beside a name.claims.yaml in a folder.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path("."),
    scale: ScaleOpt = None,
    template: Annotated[Path | None, typer.Option(
        help="A reference .docx whose styles the worksheet uses.")] = None,
    paper: Annotated[PaperSize, typer.Option(help="Page size.")] = PaperSize.a4,
    force: Annotated[bool, typer.Option(
        "--force", help="Start a fresh tracker instead of merging the reviewer's work into it "
             "(the old one is kept as a backup).")] = False,
    prior: PriorOpt = None,
) -> None:
    """Write a Word worksheet and an Excel tracker for an article and its claims.

    If the tracker already exists, every cell a reviewer filled is carried into the new
    one by claim ID; claims gone from the claims file stay as Withdrawn rows; the old file
    is kept as a timestamped backup. With --manifest, every article is built that way,
    on every core; one that fails does not stop the others (exit 2 if any failed).
    """
    from .build import build as run_build

    if template is not None and not template.is_file():
        fail(f"{template}: no such template file")
    if manifest is not None:
        if article is not None or claims is not None:
            fail("give either ARTICLE CLAIMS or --manifest, not both")
        from .batch_report import build_manifest

        raise typer.Exit(build_manifest(manifest, out, scale=scale, template=template,
                                        paper=paper.value, force=force, prior=prior or None))
    if article is None or claims is None:
        fail("give ARTICLE and CLAIMS (or --manifest FILE|FOLDER)")
    result = run_build(article, claims, out, scale=scale, template=template,
                       paper=paper.value, force=force, prior=prior or None)
    warn(result.warnings)
    prepared = result.prepared
    print(f"wrote {result.worksheet}")
    print(f"wrote {result.tracker}")
    print(f"      {len(prepared.anchored)} claims, {prepared.found} found in the article, "
          f"scale {prepared.scale.name}")
    if prepared.prior is not None:
        print(f"      {len(prepared.prior.by_id())} checked before (--prior)")
    for line in result.merge_lines():
        print(line)
    for backup in result.backups:
        print(f"kept the previous version as {backup}")


@app.command(epilog="Example: worksheet check examples/putin-biden/article.md "
                    "examples/putin-biden/claims.yaml")
def check(article: ArticleArg, claims: ClaimsArg, scale: ScaleOpt = None,
          prior: PriorOpt = None) -> None:
    """Validate an article and its claims, and show where each claim is in the article.

    With --prior, each claim checked before gets a line per earlier check. Writes nothing.
    """
    from .prepare import prepare, render_check

    prepared = prepare(article, claims, scale, prior=prior or None)
    warn(prepared.warnings)
    sys.stdout.write(render_check(prepared))


@app.command(epilog="Example: worksheet schema > claims.schema.json")
def schema() -> None:
    """Print the JSON Schema of the claims file, for editors to validate and autocomplete."""
    import json

    from .models import ClaimsFile

    document = ClaimsFile.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "worksheet claims file"
    print(json.dumps(document, indent=2, ensure_ascii=False))


TrackerArg = Annotated[Path, typer.Argument(
    help="The filled tracker: .xlsx, .ods, or its Claims sheet as .csv; or a filled "
         "worksheet (.docx, .odt).", show_default=False)]
OutOpt = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Write here instead of to standard output.")]


class StatusFormat(str, Enum):
    table = "table"
    md = "md"
    csv = "csv"
    json = "json"
    html = "html"


@app.command(epilog="Example: worksheet status out/what-putin-really-told-biden-tracker.xlsx "
                    "--format md ; a whole desk: worksheet status out/ --format html "
                    "--out desk.html")
def status(
    trackers: Annotated[list[Path], typer.Argument(
        help="The filled tracker (.xlsx, .ods, or its Claims sheet as .csv) or worksheet "
             "(.docx, .odt); or several trackers, or folders: then the whole desk.",
        show_default=False)],
    fmt: Annotated[StatusFormat, typer.Option("--format", "-f", help="Output format.")] = (
        StatusFormat.table),
    out: OutOpt = None,
    scale: ScaleOpt = None,
    strict: Annotated[bool, typer.Option(
        "--strict",
        help="Exit with 1 when the tracker has problems (for scripts and CI).")] = False,
) -> None:
    """Where the check stands: progress, verdicts, statuses, reviewers, and problems.

    Reads the tracker as reviewers filled it in Excel or LibreOffice (.xlsx, .ods, .csv),
    or a worksheet a reviewer filled in Word or LibreOffice (.docx, .odt); never writes
    to it. Given several trackers or a folder (searched for every tracker this tool
    wrote), reports the desk: per article, per reviewer, per verdict, problems.
    """
    if len(trackers) > 1 or trackers[0].is_dir():
        from .desk_report import desk_status

        raise typer.Exit(desk_status(trackers, fmt.value, out, _scale(scale), strict))
    tracker = trackers[0]
    from .collect.read import read_any
    from .summary import summarise

    read = read_any(tracker, scale=_scale(scale))
    summary = summarise(read)
    if fmt is StatusFormat.table and out is None and sys.stdout.isatty():
        from .formats.table import show

        show(summary)
    else:
        from .formats import render

        emit(render(summary, fmt.value), out, protect=(tracker,))
    if strict and read.problems:
        say(f"{len(read.problems)} problem(s) in {tracker}")
        raise typer.Exit(PROBLEMS_FOUND)


def _scale(name: str | None) -> Any:
    if name is None:
        return None
    from .scales import load_scale

    return load_scale(name)


class ExportFormat(str, Enum):
    claimreview = "claimreview"
    report = "report"
    csv = "csv"
    json = "json"


@app.command(epilog="Example: worksheet export tracker.xlsx --format claimreview "
                    "--org 'Fact Desk' --org-url https://factdesk.example "
                    "--url-base https://factdesk.example/checks/putin-biden")
def export(
    tracker: TrackerArg,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="What to publish.")] = (
        ExportFormat.claimreview),
    out: OutOpt = None,
    org: Annotated[str | None, typer.Option(help="Your organisation (ClaimReview author).")] = None,
    org_url: Annotated[str | None, typer.Option(help="Your organisation's web address.")] = None,
    url_base: Annotated[str | None, typer.Option(
        help="Address of the published fact-check; each claim gets #c1, #c2 … on it.")] = None,
    template: Annotated[Path | None, typer.Option(
        help="A reference .docx whose styles the report uses.")] = None,
    paper: Annotated[PaperSize, typer.Option(help="Page size of the report.")] = PaperSize.a4,
) -> None:
    """Publish the results: ClaimReview JSON-LD, a Word report, or the claims as CSV/JSON.

    ClaimReview covers every claim with a verdict on the scale, and warns about what
    Google's rules would reject (a claim over 75 characters, no URL).
    """
    from .collect.read import read_any
    from .models import check_url

    for value, flag in ((org_url, "--org-url"), (url_base, "--url-base")):
        if value is not None and (not value.lower().startswith(("http://", "https://"))
                                  or check_url(value) is None):
            fail(f"{flag}: {value!r} is not an http or https address")
    read = read_any(tracker)
    warn([p for p in read.problems if p.severity == "error"], tracker)
    if fmt is ExportFormat.claimreview:
        from .formats.claimreview import claimreview, to_json

        reviews, warnings = claimreview(read, org=org, org_url=org_url, url_base=url_base)
        warn(warnings, tracker)
        emit(to_json(reviews), out, protect=(tracker,))
    elif fmt is ExportFormat.report:
        _export_report(read, tracker, out, template, paper.value)
    else:
        from .formats import render
        from .summary import summarise

        emit(render(summarise(read), fmt.value), out, protect=(tracker,))


def _export_report(read: Any, tracker: Path, out: Path | None, template: Path | None,
                   paper: str) -> None:
    from .docx.report import write_report
    from .files import atomic_path

    if template is not None and not template.is_file():
        fail(f"{template}: no such template file")
    if out is None:
        if sys.stdout.isatty():
            fail("the report is a Word file: name it with --out report.docx")
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder) / "report.docx"
            write_report(tmp, read, template=template, paper=paper)
            sys.stdout.buffer.write(tmp.read_bytes())
        return
    if out.resolve() == tracker.resolve():
        fail(f"{out}: refusing to write over the tracker")
    with atomic_path(out) as tmp:
        write_report(tmp, read, template=template, paper=paper)
    say(f"wrote {out}")


@app.command(epilog="Example: worksheet collect ana-worksheet.docx ben-worksheet.odt "
                    "--into out/what-putin-really-told-biden-tracker.xlsx --dry-run")
def collect(
    worksheets: Annotated[list[Path], typer.Argument(
        help="Filled worksheets: .docx (Word or LibreOffice) or .odt.", show_default=False,
        metavar="WORKSHEET")],
    into: Annotated[Path, typer.Option(
        "--into", help="The tracker to bring them into (.xlsx, or .ods: written as .xlsx "
                       "beside it).", show_default=False, metavar="TRACKER")],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change; write nothing.")] = False,
) -> None:
    """Bring filled Word worksheets into the tracker: verdicts, sources, initials, evidence.

    Matched by claim ID. A value the tracker lacks is taken; one that differs from the
    tracker's is a conflict: the tracker keeps its value, and both are listed with where
    each came from (here and on the tracker's Conflicts sheet). The old tracker is kept
    as a timestamped backup.
    """
    from .collect.collect import collect as run_collect

    result = run_collect(worksheets, into, dry_run=dry_run)
    warn(result.problems)
    print("\n".join(result.lines()))


class SuggestFormat(str, Enum):
    yaml = "yaml"
    json = "json"
    table = "table"


@app.command(epilog="Example: worksheet suggest examples/putin-biden/article.md "
                    "--out claims.yaml --limit 12")
def suggest(
    article: ArticleArg,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write here instead of to standard output.")] = None,
    limit: Annotated[int, typer.Option(
        help="How many candidates; 0 for every sentence.", min=0)] = 15,
    min_score: Annotated[float, typer.Option(
        help="Leave out sentences scoring below this (0-1).", min=0.0, max=1.0)] = 0.0,
    fmt: Annotated[SuggestFormat, typer.Option("--format", "-f", help="Output format.")] = (
        SuggestFormat.yaml),
    transcript: Annotated[bool | None, typer.Option(
        "--transcript/--no-transcript",
        help="Read speaker labels ('SMITH: ...', 'Q: ...') as who says each sentence. "
             "Default: decided by whether labels run through the text.",
        show_default=False)] = None,
) -> None:
    """Find the check-worthy sentences of an article or transcript: a ranked draft claims file.

    Every sentence is scored 0-1 for check-worthiness; the best are written as a claims
    file that `worksheet build` accepts as it is. Edit it before building. In a
    transcript (speaker labels), questions from a moderator or reporter rank low and
    each claim's claimant is its speaker.
    """
    from .article import load_article
    from .suggest import render
    from .suggest import suggest as run_suggest

    loaded = load_article(article)
    candidates = run_suggest(
        loaded, limit=limit or None, min_score=min_score, transcript=transcript)
    emit(render(candidates, fmt.value, loaded), out)


@app.command(epilog="Example: worksheet merge out/what-putin-really-told-biden-tracker.xlsx "
                    "ana.xlsx ben.ods cy.csv")
def merge(
    tracker: Annotated[Path, typer.Argument(
        help="The desk's tracker (.xlsx or .ods) the copies were made from.",
        show_default=False)],
    copies: Annotated[list[Path], typer.Argument(
        help="Reviewers' copies: .xlsx, .ods, or the Claims sheet as .csv.",
        show_default=False, metavar="COPY")],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the merged tracker here (.xlsx) instead of replacing "
             "TRACKER; a file replaced is kept as a backup.")] = None,
    prefer: Annotated[str | None, typer.Option(
        "--prefer", metavar="newest|COPY",
        help="Settle conflicts: 'newest' (the most recently saved copy's value) "
             "or a copy's file name (its value wins where it has one).")] = None,
) -> None:
    """Bring every reviewer's work from their copies into the tracker, by claim ID.

    A cell filled in one place, or the same everywhere, is taken. Different values are a
    conflict: the tracker keeps its own value (else the newest copy's) and every value is
    listed with its file, cell and reviewer on the Conflicts sheet, here and in `status`.
    Claims marked "Needs second check" get the second reviewer's verdict in Second
    verdict. Every change is a row of the Change history sheet.
    """
    from .team.save import merge_files

    result = merge_files(tracker, copies, prefer=prefer, out=out)
    warn(result.warnings)
    print("\n".join(result.lines()))


class ListFormat(str, Enum):
    """The formats of a command that lists results (match, diff)."""

    table = "table"
    md = "md"
    csv = "csv"
    json = "json"


@app.command(epilog="Example: worksheet diff out/what-putin-really-told-biden-tracker"
                    ".backup-20261129-101500.xlsx out/what-putin-really-told-biden-tracker.xlsx")
def diff(
    old: Annotated[Path, typer.Argument(help="The older tracker (.xlsx, .ods, .csv).",
                                        show_default=False)],
    new: Annotated[Path, typer.Argument(help="The newer tracker (.xlsx, .ods, .csv).",
                                        show_default=False)],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.table),
    out: OutOpt = None,
) -> None:
    """List the cell-level differences between two trackers, matched by claim ID.

    Verdicts changed, statuses moved, claims added and withdrawn, cells filled and
    cleared, each with its cell in both files. Reads both; writes neither.
    """
    from .team.diff import diff_files, render_diff

    emit(render_diff(diff_files(old, new), fmt.value), out, protect=(old, new))


@app.command(epilog="Example: worksheet match examples/putin-biden/claims.yaml "
                    "examples/putin-biden/prior/ --format json")
def match(
    claims: ClaimsArg,
    prior: Annotated[list[Path], typer.Argument(
        help="Earlier fact-checks: ClaimReview JSON-LD (our exports, a list, @graph), saved "
             "pages with ld+json, Data Commons feeds, Fact Check Tools responses; a folder "
             "means every file in it.", show_default=False)],
    top: Annotated[int, typer.Option(help="At most this many earlier checks per claim.",
                                     min=1)] = 3,
    min_score: Annotated[float | None, typer.Option(
        help="Show only matches scoring at least this (0-1; default 0.82, set on the "
             "evaluation set's dev split).", min=0.0, max=1.0)] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.table),
    out: OutOpt = None,
) -> None:
    """Has each claim been checked before? Match claims against earlier fact-checks.

    Prints, for each claim ID, its best earlier checks: the claim reviewed, the verdict,
    who checked it, when, the link and a score (0-1). A claim with no match above the
    threshold shows none.
    """
    from .claims import load_claims
    from .prior.checked import checked_before
    from .prior.rank import DEFAULT_MIN_SCORE
    from .prior.render import render

    loaded = load_claims(claims)
    found = checked_before(loaded.claims, prior, top=top,
                           min_score=DEFAULT_MIN_SCORE if min_score is None else min_score)
    warn(found.warnings)
    emit(render(found.results, fmt.value), out, protect=(claims, *prior))


def emit(text: str, out: Path | None, protect: tuple[Path, ...] = ()) -> None:
    """Print ``text``, or write it atomically to ``out`` (never over a protected file)."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from .errors import OutputError
    from .files import write_text_atomic

    if any(out.resolve() == p.resolve() for p in protect):
        raise OutputError(f"{out}: refusing to write over the input file")
    write_text_atomic(out, text)
    say(f"wrote {out}")


#: Optional packages that openpyxl imports whenever they are installed (for numpy cell
#: values and for images), which no command uses: a tenth of a second of start-up.
UNUSED_OPTIONAL_IMPORTS = ("numpy", "PIL")


def main() -> None:
    """Entry point of the ``worksheet`` command."""
    # The command runs as it would where they are not installed (they are not among our
    # dependencies); the library, imported by others, leaves them alone.
    for name in UNUSED_OPTIONAL_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    app(prog_name="worksheet")
