"""What ``worksheet build --manifest`` shows: a progress bar on a terminal, a line per article.

Kept apart from :mod:`worksheet.cli` so that the command stays a thin call; the work is
:func:`worksheet.batch.build_many`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from .batch import Entry, Outcome, build_many, load_manifest, summary_line
from .cli import BAD_INPUT, INTERNAL_ERROR, OK, say, warn

#: The shell's code for a run stopped by Ctrl-C, as the other commands give.
INTERRUPTED = 130


def report(outcome: Outcome) -> None:
    """An article's lines: what was written (stdout), its warnings or its failure (stderr)."""
    if not outcome.ok:
        say(f"error: {outcome.failure()}")
        return
    warn(outcome.warnings)
    print(f"wrote {outcome.worksheet} and {outcome.tracker} "
          f"({outcome.claims} claims, {outcome.found} found)")
    for line in outcome.merged:
        print(f"      {line}")
    for backup in outcome.backups:
        print(f"      kept the previous version as {backup}")


def build_manifest(manifest: Path, out: Path, *, scale: str | None, template: Path | None,
                   paper: str, force: bool, prior: Sequence[Path] | None = None) -> int:
    """Build every article of a manifest; the exit code (2 if any failed, 3 for a bug)."""
    entries = load_manifest(manifest)
    try:
        return _build(entries, out, scale=scale, template=template, paper=paper, force=force,
                      prior=prior)
    except KeyboardInterrupt:
        # Each article's pair is whole or untouched; the ones listed above were written.
        say("interrupted; the articles listed above were built, the others left as they were")
        return INTERRUPTED


def _build(entries: list[Entry], out: Path, *, scale: str | None, template: Path | None,
           paper: str, force: bool, prior: Sequence[Path] | None) -> int:
    from rich.console import Console

    console = Console(stderr=True)
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("building", total=len(entries))

            def done(outcome: Outcome) -> None:
                report(outcome)
                progress.advance(task)

            result = build_many(entries, out, scale=scale, template=template, paper=paper,
                                force=force, prior=prior, on_done=done)  # type: ignore[arg-type]
    else:  # piped or in a log: only the lines
        result = build_many(entries, out, scale=scale, template=template, paper=paper,
                            force=force, prior=prior, on_done=report)  # type: ignore[arg-type]
    print(summary_line(result))
    sys.stdout.flush()
    if any(o.internal for o in result.failed):
        return INTERNAL_ERROR
    return BAD_INPUT if result.failed else OK
