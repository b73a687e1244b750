"""The summary for a terminal: progress, counts and problems as rich tables.

``render`` gives plain text 100 columns wide (for files and tests); ``show`` prints the
same in colour, verdicts in their scale colours, to a real terminal.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..summary import Summary

WIDTH = 100
#: A terminal lists at most this many open claims and problems; the rest are counted.
LIST_LIMIT = 20


def more(shown: int, total: int) -> RenderableType:
    """The line under a cut list: how many more there are, and where to see them."""
    return Text(f"… and {total - shown} more (see --format md, csv or json)", style="dim")


def _counts(title: str, header: str, counts: dict[str, int],
            colours: dict[str, str] | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    table.add_column(header)
    table.add_column("Claims", justify="right")
    for label, n in counts.items():
        colour = (colours or {}).get(label)
        style = f"black on #{colour}" if colour else ""
        table.add_row(Text(label, style=style), str(n))
    return table


def _reviewers(summary: Summary) -> Table:
    table = Table(title="Reviewers", title_justify="left", show_edge=False, pad_edge=False)
    for header in ("Reviewer", "Claims", "Done"):
        table.add_column(header, justify="left" if header == "Reviewer" else "right")
    for name, count in summary.by_reviewer.items():
        table.add_row(Text(name), str(count.claims), str(count.done))
    return table


def _problems(summary: Summary) -> RenderableType:
    if not summary.problems:
        return Text("Problems: none.")
    table = Table(title=f"Problems ({len(summary.problems)})", title_justify="left",
                  show_edge=False, pad_edge=False)
    table.add_column("Cell", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Problem")
    for p in summary.problems[:LIST_LIMIT]:
        table.add_row(Text(p.cell), Text(p.severity, style="red" if p.severity == "error"
                                         else "yellow"), Text(p.message))
    if len(summary.problems) > LIST_LIMIT:
        return Group(table, more(LIST_LIMIT, len(summary.problems)))
    return table


def _open_high(summary: Summary) -> RenderableType:
    if not summary.open_high_priority:
        return Text("Open high-priority claims: none.")
    claims = {c.id: c for c in summary.claims}
    table = Table(title=f"Open high-priority claims ({len(summary.open_high_priority)})",
                  title_justify="left", show_edge=False,
                  pad_edge=False)
    for header in ("ID", "Claim", "Status", "Reviewer"):
        table.add_column(header, overflow="fold")
    for ident in summary.open_high_priority[:LIST_LIMIT]:
        c = claims[ident]
        table.add_row(Text(c.id), Text(c.claim), Text(c.status), Text(c.reviewer or "—"))
    if len(summary.open_high_priority) > LIST_LIMIT:
        return Group(table, more(LIST_LIMIT, len(summary.open_high_priority)))
    return table


def _team(summary: Summary) -> list[RenderableType]:
    """Second checks and open conflicts, when the tracker has any."""
    from .md import agreement_line

    parts: list[RenderableType] = []
    checks = summary.second_checks
    if checks.double_checked:
        parts.append(Text(f"Second checks: {agreement_line(summary)}", style="bold"))
        if checks.disagreements:
            table = Table(title=f"Disagreements ({len(checks.disagreements)})",
                          title_justify="left", show_edge=False, pad_edge=False)
            for header in ("ID", "First", "By", "Second", "By"):
                table.add_column(header, overflow="fold")
            for d in checks.disagreements[:LIST_LIMIT]:
                table.add_row(d.id, f"{d.first.verdict} ({d.first.cell})",
                              d.first.reviewer or "—", f"{d.second.verdict} ({d.second.cell})",
                              d.second.reviewer or "—")
            parts.append(table)
            if len(checks.disagreements) > LIST_LIMIT:
                parts.append(more(LIST_LIMIT, len(checks.disagreements)))
        parts.append(Text(""))
    if summary.conflicts:
        table = Table(title=f"Open conflicts ({len(summary.conflicts)})", title_justify="left",
                      show_edge=False, pad_edge=False)
        for header in ("ID", "Column", "Kept", "Values (file and cell, reviewer)"):
            table.add_column(header, overflow="fold")
        for c in summary.conflicts[:LIST_LIMIT]:
            table.add_row(c.id, c.column, c.kept or "—", "; ".join(
                f"{v.value} ({v.place}, {v.reviewer or '—'})" for v in c.values))
        parts.append(table)
        if len(summary.conflicts) > LIST_LIMIT:
            parts.append(more(LIST_LIMIT, len(summary.conflicts)))
        parts.append(Text(""))
    return parts


def bar(share: float, width: int = 50) -> Text:
    """A progress bar drawn in block characters, readable without colour too."""
    filled = round(share * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def summary_view(summary: Summary) -> Group:
    """Everything the terminal report shows, as one rich renderable."""
    title = summary.article.get("title") or "Fact-check"
    progress = Text.assemble(
        (f"{summary.done}/{summary.total} done ({summary.share_done:.0%})", "bold"),
        f"  scale: {summary.scale}",
        f"  withdrawn: {summary.withdrawn}" if summary.withdrawn else "",
    )
    return Group(
        Text(title, style="bold underline"),
        progress,
        bar(summary.share_done),
        Text(""),
        _counts("Verdicts", "Verdict", summary.by_verdict, summary.colours),
        Text(""),
        _counts("Status", "Status", summary.by_status),
        Text(""),
        _reviewers(summary),
        Text(""),
        _open_high(summary),
        Text(""),
        *_team(summary),
        _problems(summary),
    )


def plain(view: RenderableType) -> str:
    """A rich renderable as plain text, 100 columns wide, for files and tests."""
    console = Console(file=StringIO(), width=WIDTH, force_terminal=False, color_system=None,
                      highlight=False)
    console.print(view)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text


def render(summary: Summary) -> str:
    """The terminal report as plain text, 100 columns wide."""
    return plain(summary_view(summary))


def show(summary: Summary, console: Console | None = None) -> None:
    """Print the report to a terminal, in colour when it is one."""
    (console or Console(highlight=False)).print(summary_view(summary))

