"""The summary as Markdown, for pasting into a newsroom's chat, wiki or ticket."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..summary import Summary

# Characters Markdown would read as formatting, links or raw HTML.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
NONE = "—"


def escape_inline(text: str) -> str:
    """Text safe in a Markdown heading or list item: formatting escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def escape(value: object) -> str:
    """Text safe inside a Markdown table cell: formatting escaped, newlines as ``<br>``."""
    if value is None or value == "":
        return NONE
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "<br>".join(_SPECIAL.sub(r"\\\1", line) for line in text.splitlines())


def table(headers: Sequence[str], rows: Iterable[Sequence[object]],
          numeric: Sequence[int] = ()) -> list[str]:
    """A Markdown table; columns listed in ``numeric`` align right."""
    rule = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |",
             "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(escape(v) for v in row) + " |" for row in rows]
    return lines


def progress(summary: Summary) -> str:
    """One sentence: how many claims are done."""
    line = (f"**{summary.done} of {summary.total} claims done "
            f"({summary.share_done:.0%}).** Scale: {escape(summary.scale)}.")
    if summary.withdrawn:
        line += f" Withdrawn: {summary.withdrawn}."
    return line


def agreement_line(summary: Summary) -> str:
    """One sentence: how many claims were checked twice, how many agree, and kappa."""
    checks = summary.second_checks
    kappa = "undefined" if checks.kappa is None else f"{checks.kappa:.2f}"
    return (f"{checks.double_checked} double-checked, {checks.agree} agree, "
            f"Cohen's kappa {kappa} ({checks.kappa_kind}).")


def team_sections(summary: Summary) -> list[str]:
    """Second checks and open conflicts, when the tracker has any."""
    out: list[str] = []
    checks = summary.second_checks
    if checks.double_checked:
        out += ["", "## Second checks", "", escape(agreement_line(summary)), ""]
        out += table(("ID", "First", "By", "Cell", "Second", "By", "Cell"),
                     ((d.id, d.first.verdict, d.first.reviewer, d.first.cell,
                       d.second.verdict, d.second.reviewer, d.second.cell)
                      for d in checks.disagreements)) if checks.disagreements \
            else ["No disagreements."]
    if summary.conflicts:
        out += ["", "## Conflicts", ""]
        out += table(("ID", "Column", "Cell", "Kept", "Value", "From", "Reviewer"),
                     ((c.id, c.column, c.cell, c.kept, v.value, v.place, v.reviewer)
                      for c in summary.conflicts for v in c.values))
    return out


def render(summary: Summary) -> str:
    """Progress, verdicts, statuses, reviewers, open high-priority claims, problems, claims."""
    title = summary.article.get("title") or "Fact-check"
    out = [f"# Status: {escape(title)}", "", progress(summary), ""]
    out += ["## Verdicts", "", *table(("Verdict", "Claims"), summary.by_verdict.items(), (1,))]
    out += ["", "## Status", "", *table(("Status", "Claims"), summary.by_status.items(), (1,))]
    out += ["", "## Reviewers", "",
            *table(("Reviewer", "Claims", "Done"),
                   ((n, c.claims, c.done) for n, c in summary.by_reviewer.items()), (1, 2))]
    out += ["", "## Open high-priority claims", ""]
    claims = {c.id: c for c in summary.claims}
    out += [f"- **{escape(i)}** {escape(claims[i].claim)} ({escape(claims[i].status)})"
            for i in summary.open_high_priority] or ["None."]
    out += team_sections(summary)
    out += ["", "## Problems", ""]
    out += table(("Cell", "Severity", "Problem"),
                 ((p.cell, p.severity, p.message) for p in summary.problems)) \
        if summary.problems else ["None."]
    out += ["", "## Claims", "",
            *table(("ID", "Claim", "Verdict", "Status", "Reviewer", "Checked on", "Evidence",
                    "Notes"),
                   ((c.id, c.claim, c.verdict, c.status, c.reviewer, c.checked_on, c.evidence,
                     c.notes) for c in summary.claims))]
    return "\n".join(out) + "\n"
