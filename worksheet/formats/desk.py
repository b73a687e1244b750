"""The desk (many trackers) as text: Markdown, CSV, JSON and the terminal's tables.

The HTML dashboard is :mod:`worksheet.formats.deskhtml`. Every format shows the same
things in the same order: the desk's progress, the articles, the reviewers, the
verdicts, the problems, and the trackers that could not be read.
"""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..desk import Desk
from ..safety import csv_safe
from . import md
from .table import LIST_LIMIT, bar, more, plain

#: The CSV's columns: one row per article.
CSV_FIELDS: tuple[str, ...] = ("file", "title", "claims", "done", "share_done",
                               "open_high_priority", "problems", "last_saved", "scale")


def headline(desk: Desk) -> str:
    """One sentence: how much of the desk is done."""
    line = (f"{desk.done} of {desk.claims} claims done ({desk.share_done:.0%}) in "
            f"{desk.trackers} tracker{'s' if desk.trackers != 1 else ''}; "
            f"{desk.open_high_priority} high-priority open; {len(desk.problems)} problems")
    return line + (f"; {len(desk.unreadable)} unreadable" if desk.unreadable else "") + "."


def _article_cells(desk: Desk) -> list[tuple[object, ...]]:
    return [(a.title or a.file, a.claims, a.done, f"{a.share_done:.0%}",
             ", ".join(a.open_high_priority) or "—", a.problems, a.last_saved, a.file)
            for a in desk.articles]


ARTICLE_HEADERS = ("Article", "Claims", "Done", "Share done", "Open high-priority",
                   "Problems", "Last saved", "File")


def render_md(desk: Desk) -> str:
    """The desk as Markdown, for a newsroom's chat, wiki or ticket."""
    out = ["# Desk status", "", f"**{md.escape(headline(desk))}**", "", "## Articles", ""]
    out += md.table(ARTICLE_HEADERS, _article_cells(desk), (1, 2, 3, 5))
    out += ["", "## Reviewers", "",
            *md.table(("Reviewer", "Assigned", "Done", "Open"),
                      ((n, r.assigned, r.done, r.open) for n, r in desk.by_reviewer.items()),
                      (1, 2, 3))]
    out += ["", "## Verdicts", "",
            *md.table(("Verdict", "Claims"), desk.by_verdict.items(), (1,))]
    out += ["", "## Problems", ""]
    out += md.table(("File", "Cell", "Severity", "Problem"),
                    ((p.file, p.cell, p.severity, p.message) for p in desk.problems)) \
        if desk.problems else ["None."]
    if desk.unreadable:
        out += ["", "## Unreadable trackers", "",
                *md.table(("File", "Why"), ((u.file, u.reason) for u in desk.unreadable))]
    return "\n".join(out) + "\n"


def render_csv(desk: Desk) -> str:
    """One row per article (cells a spreadsheet would run as formulas are made text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for article in desk.articles:
        values = article.model_dump(mode="json")
        values["open_high_priority"] = " ".join(article.open_high_priority)
        writer.writerow([csv_safe(str(values[k])) if values[k] is not None else ""
                         for k in CSV_FIELDS])
    return out.getvalue()


def render_json(desk: Desk) -> str:
    """Exactly ``Desk.as_dict()``, indented."""
    return json.dumps(desk.as_dict(), indent=2, ensure_ascii=False) + "\n"


def desk_view(desk: Desk) -> Group:
    """Everything the terminal report shows, as one rich renderable."""
    articles = Table(title="Articles", title_justify="left", show_edge=False, pad_edge=False)
    articles.add_column("Article", no_wrap=True, overflow="ellipsis", max_width=30)
    for header in ("Done", "", "High open", "Problems", "Last saved"):
        articles.add_column(header, no_wrap=True, min_width=len(header),
                            justify="right" if header in ("Done", "High open", "Problems")
                            else "left")
    for a in desk.articles:
        articles.add_row(Text(a.title or a.file), f"{a.done}/{a.claims}",
                         bar(a.share_done, 12), str(len(a.open_high_priority)),
                         str(a.problems), a.last_saved.replace("T", " ")[:16])
    reviewers = Table(title="Reviewers", title_justify="left", show_edge=False, pad_edge=False)
    for header in ("Reviewer", "Assigned", "Done", "Open"):
        reviewers.add_column(header, justify="left" if header == "Reviewer" else "right")
    for name, r in desk.by_reviewer.items():
        reviewers.add_row(Text(name), str(r.assigned), str(r.done), str(r.open))
    verdicts = Table(title="Verdicts", title_justify="left", show_edge=False, pad_edge=False)
    verdicts.add_column("Verdict")
    verdicts.add_column("Claims", justify="right")
    for label, n in desk.by_verdict.items():
        colour = desk.colours.get(label)
        verdicts.add_row(Text(label, style=f"black on #{colour}" if colour else ""), str(n))
    parts: list[RenderableType] = [
        Text("Desk status", style="bold underline"), Text(headline(desk), style="bold"),
        bar(desk.share_done), Text(""), articles, Text(""), reviewers, Text(""), verdicts,
        Text(""), _problems(desk)]
    if desk.unreadable:
        parts += [Text(""), Text("Unreadable trackers", style="bold")]
        parts += [Text(f"{u.file}: {u.reason}", style="red") for u in desk.unreadable]
    return Group(*parts)


def _problems(desk: Desk) -> RenderableType:
    if not desk.problems:
        return Text("Problems: none.")
    table = Table(title=f"Problems ({len(desk.problems)})", title_justify="left",
                  show_edge=False, pad_edge=False)
    for header in ("File", "Cell", "Problem"):
        table.add_column(header, overflow="fold")
    for p in desk.problems[:LIST_LIMIT]:
        table.add_row(Text(p.file), Text(p.cell), Text(p.message, style="red"
                                                         if p.severity == "error" else ""))
    if len(desk.problems) > LIST_LIMIT:
        return Group(table, more(LIST_LIMIT, len(desk.problems)))
    return table


def render_table(desk: Desk) -> str:
    """The terminal report as plain text, 100 columns wide."""
    return plain(desk_view(desk))


def show(desk: Desk, console: Console | None = None) -> None:
    """Print the report to a terminal, in colour."""
    (console or Console(highlight=False)).print(desk_view(desk))
