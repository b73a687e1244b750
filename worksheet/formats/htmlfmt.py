"""The summary as one self-contained HTML page: inline CSS, an inline SVG chart, no scripts.

Every piece of text from the tracker is HTML-escaped; colours come only from the scale
(validated 6-digit hex), so the page cannot carry markup a reviewer typed.
"""

from __future__ import annotations

from html import escape

from ..summary import NOT_RATED, Summary

GREY = "EEEEEE"
CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
 margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:1.8rem 0 .6rem}
.meta{color:#555;margin:0 0 1rem}
.progress{background:#e5e5e5;border-radius:6px;height:18px;overflow:hidden;max-width:600px}
.progress>div{background:#2e7d32;height:100%}
.lead{font-size:1.1rem;margin:.6rem 0}
table{border-collapse:collapse;width:100%;margin:.3rem 0}
th,td{border:1px solid #d0d0d0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:flex;gap:2rem;flex-wrap:wrap}.grid>section{flex:1 1 280px}
.verdict{white-space:nowrap;border-radius:4px;padding:0 .3rem}
.error{color:#b00020}.warning{color:#8a6d00}
td.text{white-space:pre-wrap}td.date{white-space:nowrap}
"""


def _e(value: object) -> str:
    if value is None or value == "":
        return ""
    return escape(value.isoformat() if hasattr(value, "isoformat") else str(value))


def chart(summary: Summary, width: int = 640, bar: int = 22, gap: int = 6) -> str:
    """An SVG bar chart of claims per verdict, each bar in its verdict's colour."""
    return verdict_chart(summary.by_verdict, summary.colours, width, bar, gap)


def verdict_chart(counts: dict[str, int], colours: dict[str, str], width: int = 640,
                  bar: int = 22, gap: int = 6) -> str:
    """An SVG bar chart of ``counts``, each bar in its verdict's colour (grey if none)."""
    items = list(counts.items())
    label_w, count_w = 150, 40
    most = max((n for _, n in items), default=0) or 1
    height = len(items) * (bar + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" '
             'aria-label="Claims per verdict">']
    for i, (label, n) in enumerate(items):
        y = gap + i * (bar + gap)
        colour = colours.get(label, GREY)
        length = round((width - label_w - count_w) * n / most)
        parts += [
            f'<text x="{label_w - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end" '
            f'font-size="13">{_e(label)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{max(length, 1)}" height="{bar}" '
            f'fill="#{colour}" stroke="#888" stroke-width="0.5"><title>{_e(label)}: {n}'
            "</title></rect>",
            f'<text x="{label_w + length + 6}" y="{y + bar * 0.7:.1f}" font-size="13">{n}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def _counts(header: str, counts: dict[str, int]) -> str:
    rows = "".join(f'<tr><td>{_e(k)}</td><td class="n">{n}</td></tr>'
                   for k, n in counts.items())
    return f"<table><tr><th>{_e(header)}</th><th>Claims</th></tr>{rows}</table>"


def _verdict(summary: Summary, label: str | None) -> str:
    if not label:
        return ""
    colour = summary.colours.get(label)
    style = f' style="background:#{colour}"' if colour else ""
    return f'<span class="verdict"{style}>{_e(label)}</span>'


def _claims(summary: Summary) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("ID", "Claim", "Verdict", "Status", "Reviewer",
                                              "Checked on", "Evidence", "Notes"))
    rows = "".join(
        f'<tr id="{_e(c.id.lower())}"><td>{_e(c.id)}</td><td class="text">{_e(c.claim)}</td>'
        f"<td>{_verdict(summary, c.verdict)}</td><td>{_e(c.status)}</td>"
        f'<td>{_e(c.reviewer)}</td><td class="date">{_e(c.checked_on)}</td>'
        f'<td class="text">{_e(c.evidence)}</td><td class="text">{_e(c.notes)}</td></tr>'
        for c in summary.claims)
    return f"<table><tr>{head}</tr>{rows}</table>"


def _problems(summary: Summary) -> str:
    if not summary.problems:
        return "<p>None.</p>"
    rows = "".join(f'<tr class="{_e(p.severity)}"><td>{_e(p.cell)}</td><td>{_e(p.severity)}'
                   f"</td><td>{_e(p.message)}</td></tr>" for p in summary.problems)
    return f"<table><tr><th>Cell</th><th>Severity</th><th>Problem</th></tr>{rows}</table>"


def _open_high(summary: Summary) -> str:
    if not summary.open_high_priority:
        return "<p>None.</p>"
    claims = {c.id: c for c in summary.claims}
    items = "".join(f"<li><strong>{_e(i)}</strong> {_e(claims[i].claim)} "
                    f"({_e(claims[i].status)})</li>" for i in summary.open_high_priority)
    return f"<ul>{items}</ul>"


def _team(summary: Summary) -> str:
    """Second checks and open conflicts, when the tracker has any."""
    from .md import agreement_line

    out = ""
    checks = summary.second_checks
    if checks.double_checked:
        rows = "".join(
            f"<tr><td>{_e(d.id)}</td><td>{_verdict(summary, d.first.verdict)}</td>"
            f"<td>{_e(d.first.reviewer)}</td><td>{_e(d.first.cell)}</td>"
            f"<td>{_verdict(summary, d.second.verdict)}</td><td>{_e(d.second.reviewer)}</td>"
            f"<td>{_e(d.second.cell)}</td></tr>" for d in checks.disagreements)
        table = ("<table><tr><th>ID</th><th>First</th><th>By</th><th>Cell</th><th>Second</th>"
                 f"<th>By</th><th>Cell</th></tr>{rows}</table>") if rows else \
            "<p>No disagreements.</p>"
        out += f"<h2>Second checks</h2><p>{_e(agreement_line(summary))}</p>{table}"
    if summary.conflicts:
        rows = "".join(
            f"<tr><td>{_e(c.id)}</td><td>{_e(c.column)}</td><td>{_e(c.cell)}</td>"
            f"<td>{_e(c.kept)}</td><td>{_e(v.value)}</td><td>{_e(v.place)}</td>"
            f"<td>{_e(v.reviewer)}</td></tr>" for c in summary.conflicts for v in c.values)
        out += ("<h2>Conflicts</h2><table><tr><th>ID</th><th>Column</th><th>Cell</th>"
                "<th>Kept</th><th>Value</th><th>From</th><th>Reviewer</th></tr>"
                f"{rows}</table>")
    return out


def _byline(summary: Summary) -> str:
    a = summary.article
    bits = [_e(a.get(k)) for k in ("author", "publisher", "date") if a.get(k)]
    url = a.get("url")
    if url and url.lower().startswith(("http://", "https://")):
        bits.append(f'<a href="{_e(url)}">{_e(url)}</a>')
    return " · ".join(bits)


def render(summary: Summary) -> str:
    """The whole page as a string."""
    title = summary.article.get("title") or "Fact-check"
    percent = f"{summary.share_done:.0%}"
    reviewers = "".join(f'<tr><td>{_e(n)}</td><td class="n">{c.claims}</td>'
                        f'<td class="n">{c.done}</td></tr>'
                        for n, c in summary.by_reviewer.items())
    withdrawn = f" Withdrawn: {summary.withdrawn}." if summary.withdrawn else ""
    unrated = summary.by_verdict.get(NOT_RATED, 0)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Status: {_e(title)}</title><style>{CSS}</style></head><body>
<h1>{_e(title)}</h1><p class="meta">{_byline(summary)}</p>
<p class="lead"><strong>{summary.done} of {summary.total} claims done ({percent}).</strong>
 Not rated yet: {unrated}. Scale: {_e(summary.scale)}.{withdrawn}</p>
<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
 aria-valuenow="{round(summary.share_done * 100)}"><div style="width:{percent}"></div></div>
<h2>Verdicts</h2>{chart(summary)}
<div class="grid"><section><h2>Status</h2>{_counts("Status", summary.by_status)}</section>
<section><h2>Reviewers</h2><table><tr><th>Reviewer</th><th>Claims</th><th>Done</th></tr>
{reviewers}</table></section></div>
<h2>Open high-priority claims</h2>{_open_high(summary)}
{_team(summary)}<h2>Problems</h2>{_problems(summary)}
<h2>Claims</h2>{_claims(summary)}
</body></html>
"""
