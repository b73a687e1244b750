"""``worksheet status`` over many trackers: the desk, in every format, and in Chromium."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tracker_fixtures import base_rows, edit, filled, handmade, letter, write_fresh
from typer.testing import CliRunner

from worksheet.cli import app
from worksheet.desk import DESK_FORMAT, read_desk
from worksheet.formats import render, render_desk
from worksheet.summary import summarise
from worksheet.tracker.read import read_tracker

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk: a filled tracker, a fresh one deeper down and oddly named, and distractions."""
    root = tmp_path_factory.mktemp("desk")
    filled(root, "putin-tracker.xlsx")  # Ana, Ben, Cy; "Flase" and a future date
    deeper = root / "week 2"
    deeper.mkdir()
    rows = base_rows(4)
    fresh = write_fresh(deeper / "renamed by someone.xlsx", rows, scale="politifact")
    edit(fresh, {f"{letter('reviewer')}2": "ANA", f"{letter('status')}2": "Done",
                 f"{letter('verdict')}2": "Pants on Fire"})
    # Not counted: a backup build kept, a spreadsheet this tool did not write, a temp file.
    shutil.copy(root / "putin-tracker.xlsx", root / "putin-tracker.backup-20240301-093000.xlsx")
    handmade(root / "budget.xlsx", ["ID", "Claim"], [["1", "not a tracker"]])
    (root / ".~worksheet-1-x.xlsx").write_bytes(b"half")
    # Unreadable: listed with its reason, the others still count.
    (deeper / "broken-tracker.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return root


def test_desk_counts_every_tracker_found_by_its_about_sheet(folder: Path) -> None:
    desk = read_desk([folder])
    assert desk.format == DESK_FORMAT
    assert sorted(Path(a.file).name for a in desk.articles) == ["putin-tracker.xlsx",
                                                               "renamed by someone.xlsx"]
    putin = next(a for a in desk.articles if a.file.endswith("putin-tracker.xlsx"))
    one = summarise(read_tracker(Path(putin.file)))
    assert (putin.claims, putin.done, putin.open_high_priority) == (
        one.total, one.done, one.open_high_priority)
    assert putin.problems == len(one.problems) > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", putin.last_saved)
    assert desk.claims == one.total + 4 and desk.done == one.done + 1
    # Reviewers across the desk, names grouped ignoring case.
    ana = desk.by_reviewer["Ana"]
    assert (ana.assigned, ana.done) == (one.by_reviewer["Ana"].claims + 1,
                                        one.by_reviewer["Ana"].done + 1)
    assert ana.open == ana.assigned - ana.done
    assert list(desk.by_reviewer)[-1] == "Unassigned"
    # Verdicts of both scales, then Not rated; all claims counted once.
    assert desk.by_verdict["Pants on Fire"] == 1 and desk.by_verdict["Misleading"] == 1
    assert sum(desk.by_verdict.values()) == desk.claims
    # Problems with file and cell; the broken file with its reason.
    flase = next(p for p in desk.problems if "Flase" in p.message)
    assert flase.file == putin.file and flase.cell == f"Claims!{letter('verdict')}4"
    assert [Path(u.file).name for u in desk.unreadable] == ["broken-tracker.xlsx"]
    assert "not an .xlsx or .ods" in desk.unreadable[0].reason or "damaged" in \
        desk.unreadable[0].reason


def test_status_of_a_folder_in_every_format(folder: Path, tmp_path: Path) -> None:
    desk = read_desk([folder])
    result = runner.invoke(app, ["status", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == desk.as_dict()
    assert "warning: " in result.stderr and "broken-tracker.xlsx: not counted" in result.stderr
    keys = {"format", "trackers", "claims", "done", "share_done", "open_high_priority",
            "articles", "by_reviewer", "by_verdict", "problems", "unreadable", "skipped"}
    assert keys <= set(desk.as_dict())
    md = render_desk(desk, "md")
    assert "## Reviewers" in md and "| Ana |" in md and "broken-tracker.xlsx" in md
    rows = list(csv.DictReader(io.StringIO(render_desk(desk, "csv"))))
    assert [r["file"] for r in rows] == [a.file for a in desk.articles]
    table = render_desk(desk, "table")
    assert "Desk status" in table and max(len(line) for line in table.splitlines()) <= 100
    strict = runner.invoke(app, ["status", str(folder), "--strict", "-f", "csv"])
    assert strict.exit_code == 1


def test_one_tracker_is_reported_exactly_as_before(folder: Path) -> None:
    path = folder / "putin-tracker.xlsx"
    result = runner.invoke(app, ["status", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout == render(summarise(read_tracker(path)), "json")
    assert "format" not in json.loads(result.stdout)
    # The same tracker named twice is a desk of two.
    twice = runner.invoke(app, ["status", str(path), str(path), "--format", "json"])
    assert json.loads(twice.stdout)["trackers"] == 2


def test_missing_file_is_listed_not_fatal(folder: Path) -> None:
    result = runner.invoke(app, ["status", str(folder / "putin-tracker.xlsx"),
                                 str(folder / "gone.xlsx"), "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["trackers"] == 1
    assert data["unreadable"] == [{"file": str(folder / "gone.xlsx"), "reason": "no such file"}]


def test_dashboard_is_self_contained_and_escaped(folder: Path) -> None:
    page = render_desk(read_desk([folder]), "html")
    assert not re.search(r"<(link|img|iframe)\b|src=|https?://(?!www\.w3\.org)", page)
    assert "&lt;Putin&gt; &amp; Biden" in page and "<Putin>" not in page
    assert page.count('role="progressbar"') == 1 + 2  # the desk and each article
    assert "Content-Security-Policy" in page


def _chromium(url: str, profile: Path, *args: str) -> str:
    result = subprocess.run(
        [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={profile}", *args, url],
        capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="needs chromium (CI installs it)")
def test_dashboard_sorts_and_renders_in_chromium(folder: Path, tmp_path: Path) -> None:
    from worksheet.formats import deskhtml

    page = render_desk(read_desk([folder]), "html")
    # A click on "Claims", added the way the page allows scripts: by hash in its policy.
    click = ('document.querySelector("#articles th:nth-child(2)").click();'
             'document.body.dataset.order=[...document.querySelectorAll("#articles tbody tr")]'
             '.map(r=>r.cells[1].textContent).join(",");')
    digest = deskhtml._HASH
    extra = base64.b64encode(hashlib.sha256(click.encode()).digest()).decode()
    clicked = page.replace(f"'sha256-{digest}'", f"'sha256-{digest}' 'sha256-{extra}'")
    clicked = clicked.replace("</body>", f"<script>{click}</script></body>")
    (tmp_path / "clicked.html").write_text(clicked, encoding="utf-8")
    dom = _chromium((tmp_path / "clicked.html").as_uri(), tmp_path / "profile", "--dump-dom")
    claims = sorted(a.claims for a in read_desk([folder]).articles)
    assert f'data-order="{",".join(map(str, claims))}"' in dom
    assert 'aria-sort="ascending"' in dom
    # The page as written: its own script ran (the headers became focusable) and it draws.
    (tmp_path / "desk.html").write_text(page, encoding="utf-8")
    dom = _chromium((tmp_path / "desk.html").as_uri(), tmp_path / "profile", "--dump-dom")
    assert 'tabindex="0"' in dom
    png = tmp_path / "desk.png"
    _chromium((tmp_path / "desk.html").as_uri(), tmp_path / "profile",
              "--window-size=1200,900", f"--screenshot={png}")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
