"""What ``worksheet status`` shows for a desk of trackers; the work is :mod:`worksheet.desk`.

Kept apart from :mod:`worksheet.cli` so that the command stays a thin call.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .cli import OK, PROBLEMS_FOUND, emit, say, warn
from .desk import problems_of, read_desk


def desk_status(paths: Sequence[Path], fmt: str, out: Path | None, scale: Any,
                strict: bool) -> int:
    """Report the desk in ``fmt``; the exit code (1 with ``strict`` and any problem)."""
    desk = read_desk(paths, scale=scale)
    # Unreadable trackers are named on stderr too, so a script piping the JSON sees them.
    warn([p for p in problems_of(desk) if p.code == "unreadable"])
    if fmt == "table" and out is None and sys.stdout.isatty():
        from .formats.desk import show

        show(desk)
    else:
        from .formats import render_desk

        inputs = tuple(Path(a.file) for a in desk.articles)
        emit(render_desk(desk, fmt), out, protect=inputs)
    if strict and (desk.problems or desk.unreadable):
        say(f"{len(desk.problems)} problem(s) and {len(desk.unreadable)} unreadable "
            f"tracker(s) in the desk")
        return PROBLEMS_FOUND
    return OK
