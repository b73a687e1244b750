"""The desk as one self-contained HTML page: a dashboard a desk editor keeps open.

A progress bar per article, tables that sort when a header is clicked (a few lines of
inline script), the verdict chart, reviewers' loads and every problem with its file and
cell. Nothing is loaded from elsewhere. Every text from a tracker is HTML-escaped, and
the page's Content-Security-Policy lets only its own script run, by hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from pathlib import Path

from ..desk import Desk
from .desk import headline
from .htmlfmt import CSS, _e, verdict_chart

SORT_SCRIPT = (
    'document.querySelectorAll("table.sortable th").forEach((th,i)=>{th.tabIndex=0;'
    'const go=()=>{const t=th.closest("table"),b=t.tBodies[0],rows=[...b.rows],'
    'up=th.getAttribute("aria-sort")!=="ascending";'
    't.querySelectorAll("th").forEach(h=>h.removeAttribute("aria-sort"));'
    'th.setAttribute("aria-sort",up?"ascending":"descending");'
    'const key=r=>{const c=r.cells[i];return c.dataset.v!==undefined?c.dataset.v:c.textContent};'
    'rows.sort((a,c)=>{const x=key(a),y=key(c),nx=parseFloat(x),ny=parseFloat(y);'
    'const d=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return up?d:-d});'
    'rows.forEach(r=>b.appendChild(r))};'
    'th.addEventListener("click",go);'
    'th.addEventListener("keydown",e=>{if(e.key==="Enter")go()})})')
_HASH = base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()
POLICY = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_HASH}'"
DESK_CSS = CSS + """
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:" \\2195";color:#999;font-size:.8em}
table.sortable th[aria-sort=ascending]::after{content:" \\2191";color:#333}
table.sortable th[aria-sort=descending]::after{content:" \\2193";color:#333}
.bar{background:#e5e5e5;border-radius:4px;height:12px;width:90px;overflow:hidden;
 display:inline-block;vertical-align:middle;margin-right:.4rem}
.bar>div{background:#2e7d32;height:100%}
td.file{color:#555;font-size:.85em;overflow-wrap:anywhere}
td.pct{white-space:nowrap}body{max-width:1300px}td.title{min-width:13rem}
.tiles{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.tile{border:1px solid #d0d0d0;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.tile b{display:block;font-size:1.5rem}
"""


def _table(headers: Sequence[tuple[str, bool]], rows: Sequence[str], table_id: str) -> str:
    head = "".join(f'<th scope="col"{" class=n" if numeric else ""}>{_e(h)}</th>'
                   for h, numeric in headers)
    body = "".join(rows) or f'<tr><td colspan="{len(headers)}">None.</td></tr>'
    return (f'<table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _n(value: int | float, shown: str | None = None) -> str:
    return f'<td class="n" data-v="{value}">{_e(shown if shown is not None else value)}</td>'


def _articles(desk: Desk) -> str:
    rows = []
    for a in desk.articles:
        percent = round(a.share_done * 100)
        rows.append(
            f'<tr><td class="title">{_e(a.title or a.file)}</td>{_n(a.claims)}{_n(a.done)}'
            f'<td class="pct" data-v="{a.share_done:.4f}"><span class="bar" '
            f'role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent}">'
            f'<div style="width:{percent}%"></div></span>{percent}%</td>'
            f'<td data-v="{len(a.open_high_priority)}">'
            f"{_e(', '.join(a.open_high_priority))}</td>{_n(a.problems)}"
            f'<td class="date">{_e(a.last_saved.replace("T", " ")[:16])}</td>'
            f'<td class="file" title="{_e(a.file)}">{_e(Path(a.file).name)}</td></tr>')
    return _table((("Article", False), ("Claims", True), ("Done", True), ("Progress", True),
                   ("Open high-priority", True), ("Problems", True), ("Last saved", False),
                   ("File", False)), rows, "articles")


def _reviewers(desk: Desk) -> str:
    rows = [f"<tr><td>{_e(name)}</td>{_n(r.assigned)}{_n(r.done)}{_n(r.open)}</tr>"
            for name, r in desk.by_reviewer.items()]
    return _table((("Reviewer", False), ("Assigned", True), ("Done", True), ("Open", True)),
                  rows, "reviewers")


def _problems(desk: Desk) -> str:
    rows = [f'<tr class="{_e(p.severity)}"><td class="file">{_e(p.file)}</td><td>{_e(p.cell)}'
            f"</td><td>{_e(p.severity)}</td><td>{_e(p.message)}</td></tr>"
            for p in desk.problems]
    return _table((("File", False), ("Cell", False), ("Severity", False), ("Problem", False)),
                  rows, "problems")


def _unreadable(desk: Desk) -> str:
    if not desk.unreadable:
        return ""
    items = "".join(f'<li><span class="file">{_e(u.file)}</span>: {_e(u.reason)}</li>'
                    for u in desk.unreadable)
    return f'<h2>Unreadable trackers</h2><ul class="error" id="unreadable">{items}</ul>'


def _tile(label: str, value: object) -> str:
    return f'<div class="tile"><b>{_e(value)}</b>{_e(label)}</div>'


def render(desk: Desk) -> str:
    """The whole dashboard as a string."""
    percent = round(desk.share_done * 100)
    tiles = "".join((_tile("trackers", desk.trackers), _tile("claims", desk.claims),
                     _tile("done", f"{desk.share_done:.0%}"),
                     _tile("high-priority open", desk.open_high_priority),
                     _tile("problems", len(desk.problems))))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<title>Desk status</title><style>{DESK_CSS}</style></head><body>
<h1>Desk status</h1><p class="lead"><strong>{_e(headline(desk))}</strong></p>
<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
 aria-valuenow="{percent}"><div style="width:{percent}%"></div></div>
<div class="tiles">{tiles}</div>
<h2>Articles</h2>{_articles(desk)}
<div class="grid"><section><h2>Reviewers</h2>{_reviewers(desk)}</section>
<section><h2>Verdicts</h2>{verdict_chart(desk.by_verdict, desk.colours, width=520)}</section></div>
<h2>Problems</h2>{_problems(desk)}
{_unreadable(desk)}
<script>{SORT_SCRIPT}</script>
</body></html>
"""
