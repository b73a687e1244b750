"""The summary of a filled tracker, and every output format of it.

Golden files in ``tests/golden/`` hold the md, csv and json of the filled example
tracker; regenerate them with ``UPDATE_GOLDEN=1 pytest tests/test_summary_formats.py``
and read the diff before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tracker_fixtures as fx

from worksheet import columns
from worksheet.formats import FORMATS, FormatError, render
from worksheet.formats.table import LIST_LIMIT
from worksheet.scales import load_scale
from worksheet.summary import NOT_RATED, Summary, summarise
from worksheet.tracker.model import Tracker, TrackerRow
from worksheet.tracker.read import read_tracker

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> Summary:
    import datetime as dt

    path = fx.filled(tmp_path_factory.mktemp("summary"))
    return summarise(read_tracker(path, today=dt.date(2024, 3, 5)))


def test_counts(summary):
    assert (summary.total, summary.done, summary.withdrawn) == (7, 4, 1)
    assert summary.share_done == pytest.approx(4 / 7)
    assert list(summary.by_verdict) == [*load_scale("default").labels, NOT_RATED, "Flase"]
    assert summary.by_verdict["False"] == 1 and summary.by_verdict[NOT_RATED] == 2
    assert sum(summary.by_verdict.values()) == summary.total  # withdrawn left out
    assert list(summary.by_status) == list(columns.STATUSES)
    assert summary.by_status == {"Not started": 1, "In progress": 1, "Needs second check": 1,
                                 "Done": 4, "Withdrawn": 1}
    assert {k: (v.claims, v.done) for k, v in summary.by_reviewer.items()} == {
        "Ana": (3, 2), "Ben": (2, 1), "Cy": (1, 1), "Unassigned": (1, 0)}
    assert summary.open_high_priority == ["C4", "C8"]
    assert summary.scale == "default"


def test_as_dict_shape(summary):
    data = summary.as_dict()
    for key in ("total", "done", "share_done", "by_verdict", "by_status", "by_reviewer",
                "open_high_priority", "problems", "claims", "article", "scale"):
        assert key in data
    first = data["claims"][0]
    assert set(first) >= {"id", "claim", "verdict", "status", "reviewer", "checked_on",
                          "evidence", "notes"}
    assert first["checked_on"] == "2021-12-08"
    assert data["claims"][-1]["verdict"] is None
    assert data["problems"][0] == {"cell": "Claims!I4", "code": "unknown-verdict",
                                   "message": data["problems"][0]["message"],
                                   "severity": "error"}


def test_blank_status_is_not_started_and_empty_tracker():
    scale = load_scale("default")
    tracker = Tracker(rows=[TrackerRow(id="C1", claim="a")], scale=scale)
    assert summarise(tracker).by_status[columns.NOT_STARTED] == 1
    empty = summarise(Tracker(rows=[], scale=scale))
    assert (empty.total, empty.share_done, empty.open_high_priority) == (0, 0.0, [])
    assert "0/0 done" in render(empty, "table")


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_golden(summary, fmt):
    golden = GOLDEN / f"summary.{fmt}"
    text = render(summary, fmt)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_json_equals_the_library_result(summary):
    assert json.loads(render(summary, "json")) == summary.model_dump(mode="json")


def test_csv_is_one_row_per_claim_and_safe(summary):
    rows = list(csv.DictReader(io.StringIO(render(summary, "csv"))))
    assert [r["id"] for r in rows] == [c.id for c in summary.claims]
    assert rows[0]["notes"] == "'=not a formula"  # would run as a formula otherwise
    assert rows[0]["verdict"] == "False" and rows[0]["checked_on"] == "2021-12-08"
    assert rows[5]["evidence"] == 'Figures, "quoted", out of context.'


def test_markdown_escapes_cells(summary):
    text = render(summary, "md")
    assert "# Status: What \\<Putin\\> & Biden said" in text
    assert "| C4 | Claim number 4" in text and "\\<disagree\\>" in text
    assert "**4 of 7 claims done (57%).**" in text


def test_table_shows_progress_counts_and_problems(summary):
    text = render(summary, "table")
    assert "4/7 done (57%)" in text
    labels = [*load_scale("default").labels, NOT_RATED]
    positions = [text.index(f"\n{label} ") for label in labels]
    assert positions == sorted(positions)  # scale order
    assert 'Claims!I4' in text and 'did you mean "False"' in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_table_cuts_long_lists():
    scale = load_scale("default")
    rows = [TrackerRow(id=f"C{i}", claim="x", priority="high") for i in range(LIST_LIMIT + 5)]
    text = render(summarise(Tracker(rows=rows, scale=scale)), "table")
    assert "… and 5 more" in text and f"C{LIST_LIMIT + 4} " not in text


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_escaped_and_charted(summary):
    page = render(summary, "html")
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "&lt;Putin&gt; &amp; Biden" in page and "<Putin>" not in page
    assert "&lt;disagree&gt;" in page
    assert "What <Putin> & Biden said" in "".join(parser.text)  # escaped, so it reads back
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    root = ET.fromstring(svg)  # well-formed XML
    fills = [r.get("fill") for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert fills[:len(summary.colours)] == [f"#{c}" for c in summary.colours.values()]
    assert 'style="width:57%"' in page


def test_unknown_format_lists_the_choices(summary):
    with pytest.raises(FormatError, match="unknown format 'pdf'; choose one of " +
                       ", ".join(FORMATS)):
        render(summary, "pdf")
    assert render(summary, " JSON ") == render(summary, "json")


def test_show_prints_verdicts_in_their_colours(summary):
    from rich.console import Console

    from worksheet.formats.table import show

    buffer = io.StringIO()
    show(summary, Console(file=buffer, force_terminal=True, color_system="truecolor",
                          width=100))
    text = buffer.getvalue()
    assert "\x1b[" in text and "4/7 done" in text
    assert "48;2;255;199;206" in text  # False's background, #FFC7CE


def test_table_says_how_many_conflicts_it_does_not_show():
    from worksheet.tracker.model import ConflictEntry

    scale = load_scale("default")
    n = LIST_LIMIT + 3
    rows = [TrackerRow(id=f"C{i}", claim="x", verdict="True") for i in range(n)]
    conflicts = [ConflictEntry(claim_id=f"C{i}", column="Verdict", kept="True", value=v,
                               place=f"{who}.xlsx Claims!I{i + 2}", reviewer=who)
                 for i in range(n) for v, who in (("True", "ana"), ("False", "ben"))]
    summary = summarise(Tracker(rows=rows, scale=scale, conflicts=conflicts))
    assert len(summary.conflicts) == n
    text = render(summary, "table")
    assert f"Open conflicts ({n})" in text and "… and 3 more" in text
