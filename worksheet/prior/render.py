"""What ``worksheet match`` prints: each claim with its earlier checks, in four formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

from ..errors import InputError
from ..formats.md import escape_inline
from ..safety import csv_safe
from .rank import ClaimMatches, Match

CSV_HEADER = ("id", "claim", "rank", "score", "claim_reviewed", "rating", "publisher", "date",
              "url")


def describe(match: Match) -> str:
    """One line about an earlier check: its verdict, who checked it and when."""
    c = match.check
    return " · ".join(x for x in (c.rating or "no verdict given", c.publisher, c.date) if x)


def table(results: Sequence[ClaimMatches]) -> str:
    """Plain text: each claim, then a line per earlier check with its score and link."""
    width = max((len(r.id) for r in results), default=2)
    lines: list[str] = []
    for r in results:
        lines.append(f"{r.id:<{width}}  {r.claim}")
        pad = " " * (width + 2)
        if not r.matches:
            lines.append(f"{pad}no earlier check found")
        for m in r.matches:
            lines.append(f"{pad}{m.score:.2f}  {describe(m)}")
            lines.append(f"{pad}      \"{m.check.claim_reviewed}\"")
            if m.check.url:
                lines.append(f"{pad}      {m.check.url}")
        lines.append("")
    found = sum(1 for r in results if r.matches)
    lines.append(f"{found} of {len(results)} claims checked before.")
    return "\n".join(lines) + "\n"


def markdown(results: Sequence[ClaimMatches]) -> str:
    """A Markdown list per claim, each earlier check linked."""
    lines = ["# Checked before", ""]
    for r in results:
        lines.append(f"## {escape_inline(r.id)}: {escape_inline(r.claim)}")
        lines.append("")
        if not r.matches:
            lines += ["No earlier check found.", ""]
            continue
        for m in r.matches:
            quoted = escape_inline(m.check.claim_reviewed)
            said = f"[{quoted}](<{m.check.url}>)" if m.check.url else quoted
            lines.append(f"- **{escape_inline(m.check.rating or 'no verdict given')}** — {said} "
                         f"({escape_inline(describe(m))}; score {m.score:.2f})")
        lines.append("")
    return "\n".join(lines)


def csv_text(results: Sequence[ClaimMatches]) -> str:
    """One row per claim and earlier check (a claim with none has one row, no check)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in results:
        rows = [(n, m) for n, m in enumerate(r.matches, 1)] or [(None, None)]
        for n, m in rows:
            c = m.check if m else None
            values = (r.id, r.claim, n, f"{m.score:.3f}" if m else None,
                      c and c.claim_reviewed, c and c.rating, c and c.publisher,
                      c and c.date, c and c.url)
            writer.writerow(["" if v is None else csv_safe(str(v)) for v in values])
    return out.getvalue()


def json_text(results: Sequence[ClaimMatches]) -> str:
    """``[{"id", "claim", "matches": [{"claim_reviewed", "rating", "publisher", "date",
    "url", "score"}]}]``."""
    return json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Sequence[ClaimMatches]], str]] = {
    "table": table, "md": markdown, "csv": csv_text, "json": json_text}


def render(results: Sequence[ClaimMatches], fmt: str) -> str:
    """The results in one of FORMATS."""
    try:
        return FORMATS[fmt](results)
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
