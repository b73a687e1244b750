"""``worksheet build --manifest``: many articles, each built as ``build`` builds one.

The desk example (``examples/desk.yaml``) is built for real, in worker processes, and
its files reopened; bad entries fail alone, each in one located line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from worksheet import columns
from worksheet.batch import RESERVED_PREFIX, build_many, load_manifest
from worksheet.cli import app
from worksheet.errors import ManifestError
from worksheet.files import TEMP_PREFIX
from worksheet.tracker.read import read_tracker

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _reviewers(tracker: Path) -> dict[str, str | None]:
    return {r.id: r.reviewer for r in read_tracker(tracker).rows}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The desk example built once through the command, in worker processes."""
    out = tmp_path_factory.mktemp("desk")
    result = runner.invoke(app, ["build", "--manifest", str(EXAMPLES / "desk.yaml"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_manifest_builds_every_article_in_its_own_files(desk: tuple[Path, str]) -> None:
    out, stdout = desk
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{slug}-{kind}" for slug in
                           ("what-putin-really-told-biden", "nasa-shuttles", "meat-prices")
                           for kind in ("worksheet.docx", "tracker.xlsx"))
    assert stdout.strip().endswith("3 of 3 articles built")
    assert stdout.count("wrote ") == 3
    # Each tracker is its own article's, with the manifest's assignee where a claim had none.
    nasa = _reviewers(out / "nasa-shuttles-tracker.xlsx")
    assert nasa["N1"] == "EF" and nasa["N7"] == "CD"
    assert set(_reviewers(out / "what-putin-really-told-biden-tracker.xlsx").values()) == {"AB"}
    meat = read_tracker(out / "meat-prices-tracker.xlsx")
    assert meat.meta.publisher == "The White House" and len(meat.rows) == 8
    assert meat.rows[6].reviewer is None  # M7 names nobody and the entry gives nobody
    # The entry's paper: US letter is 8.5 inches wide.
    section = docx.Document(str(out / "meat-prices-worksheet.docx")).sections[0]
    assert section.page_width is not None and round(section.page_width.inches, 1) == 8.5
    book = openpyxl.load_workbook(out / "nasa-shuttles-tracker.xlsx", read_only=True)
    assert columns.ABOUT_SHEET in book.sheetnames


def test_one_bad_article_does_not_stop_the_others(tmp_path: Path) -> None:
    manifest = tmp_path / "desk.yaml"
    e = EXAMPLES
    manifest.write_text(
        f"- article: {e}/putin-biden/article.md\n  claims: {e}/putin-biden/claims.yaml\n"
        f"- article: missing.md\n  claims: {e}/putin-biden/claims.yaml\n"
        f"- article: {e}/nasa-shuttles/nasa-shuttles.md\n  claims: bad.yaml\n"
        f"- article: {e}/meat-prices/meat-prices.md\n"
        f"  claims: {e}/meat-prices/meat-prices.claims.yaml\n",
        encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("claims:\n  - claim: ok\n    sources: javascript:x\n",
                                       encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--manifest", str(manifest), "--out", str(out)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"error: {manifest}:3:3: ") and "missing.md: no such file" \
        in errors[0]
    assert errors[1].startswith(f"error: {manifest}:5:3: ") and "bad.yaml:3:" in errors[1]
    assert "Traceback" not in result.output
    assert result.stdout.strip().endswith("2 of 4 articles built; 2 failed")
    assert len(list(out.glob("*-tracker.xlsx"))) == 2
    assert not list(out.glob(TEMP_PREFIX + "*")) and not list(out.glob(RESERVED_PREFIX + "*"))


def test_rebuild_merges_each_articles_reviewer_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = load_manifest(EXAMPLES / "desk.yaml")
    assert all(o.ok for o in build_many(entries, out).outcomes)
    tracker = out / "nasa-shuttles-tracker.xlsx"
    book = openpyxl.load_workbook(tracker)  # a reviewer's edit (tests only)
    book[columns.CLAIMS_SHEET]["I7"] = "False"
    book.save(tracker)
    again = build_many(entries, out, workers=2)
    merged = {Path(o.tracker or "").name: o for o in again.outcomes}
    assert merged["nasa-shuttles-tracker.xlsx"].backups
    lines = merged["nasa-shuttles-tracker.xlsx"].merged
    assert len(lines) == 1 and "9 unchanged" in lines[0]
    assert read_tracker(tracker).rows[5].verdict == "False"


def test_two_articles_writing_the_same_files_are_refused(tmp_path: Path) -> None:
    article, claims = EXAMPLES / "putin-biden" / "article.md", EXAMPLES / "putin-biden" / \
        "claims.yaml"
    manifest = tmp_path / "desk.csv"
    manifest.write_text(f"article,claims,name\n{article},{claims},same\n"
                        f"{article},{claims},same\n", encoding="utf-8")
    result = build_many(load_manifest(manifest), tmp_path / "out", workers=2)
    assert result.succeeded == 1
    failed = result.failed[0]
    assert failed.entry.where in (f"{manifest}:2", f"{manifest}:3")
    assert "writes this tracker too" in failed.failure()


def test_folder_convention(tmp_path: Path) -> None:
    for name in ("nasa-shuttles", "meat-prices"):
        shutil.copytree(EXAMPLES / name, tmp_path / "in" / name)
    (tmp_path / "in" / "README.md").write_text("not an article to build\n", encoding="utf-8")
    entries = load_manifest(tmp_path / "in")
    assert [Path(e.article).name for e in entries] == ["meat-prices.md", "nasa-shuttles.md"]
    result = build_many(entries, tmp_path / "out", workers=1)
    assert result.succeeded == 2


@pytest.mark.parametrize(("name", "text", "needle"), [
    ("desk.yaml", "articles:\n  - article: a.md\n    claim: c.yaml\n",
     "desk.yaml:3:12: articles[0].claim: unknown key 'claim' (did you mean \"claims\"?)"),
    ("desk.yaml", "articles: []\n", "desk.yaml:1:11: articles: list should have at least 1"),
    ("desk.yaml", "- article: a.md\n  claims: c.yaml\n  paper: a3\n", "desk.yaml:3:10:"),
    ("desk.csv", "article,claim\na.md,c.yaml\n", "desk.csv:1: no 'claims' column"),
    ("desk.csv", "", "desk.csv: is empty"),
    ("desk.toml", "x", "unknown manifest type '.toml'"),
])
def test_bad_manifest_is_one_located_line_and_nothing_written(
        tmp_path: Path, name: str, text: str, needle: str) -> None:
    manifest = tmp_path / name
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError):
        load_manifest(manifest)
    result = runner.invoke(app, ["build", "--manifest", str(manifest), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert any(needle in line for line in lines), result.stderr
    assert all(line.startswith("error: ") for line in lines)
    assert not (tmp_path / "out").exists()


def test_manifest_and_article_together_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "a.md", "--manifest", str(EXAMPLES / "desk.yaml")])
    assert result.exit_code == 2 and "not both" in result.stderr
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2 and "--manifest" in result.stderr


def _run(manifest: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "worksheet", "build", "--manifest",
                           str(manifest), "--out", str(out)], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    manifest = tmp_path / "desk.yaml"
    entry = (f"- article: {EXAMPLES}/meat-prices/meat-prices.md\n"
             f"  claims: {EXAMPLES}/meat-prices/meat-prices.claims.yaml\n")
    manifest.write_text(entry + entry.replace("- article", "- name: again\n  article"),
                        encoding="utf-8")
    piped = _run(manifest, tmp_path / "a", TERM="dumb")
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""  # piped: nothing but the lines on stdout
    shown = _run(manifest, tmp_path / "b", FORCE_COLOR="1", TERM="xterm")
    assert shown.returncode == 0, shown.stderr
    assert "building" in shown.stderr and "2/2" in shown.stderr


def test_ctrl_c_finishes_the_articles_under_way_and_starts_no_more(tmp_path: Path) -> None:
    import signal
    import time

    manifest = tmp_path / "desk.yaml"
    manifest.write_text("".join(
        f"- name: m{i}\n  article: {EXAMPLES}/meat-prices/meat-prices.md\n"
        f"  claims: {EXAMPLES}/meat-prices/meat-prices.claims.yaml\n" for i in range(12)),
        encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "worksheet", "build", "--manifest",
                             str(manifest), "--out", str(out)], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first article is written: now press Ctrl-C
    assert first.startswith("wrote "), first
    os.killpg(proc.pid, signal.SIGINT)
    # Read on from the same buffered stream: readline may already hold the next lines.
    rest = proc.stdout.read()
    err = proc.stderr.read() if proc.stderr else ""
    assert proc.wait(timeout=120) == 130, err
    assert "interrupted; the articles listed above were built" in err
    time.sleep(0.5)  # nothing may appear after the command has returned
    listed = {line.split()[3] for line in (first + rest).splitlines() if line.startswith("wrote")}
    trackers = {str(p) for p in out.glob("*-tracker.xlsx")}
    assert trackers == listed and 1 <= len(trackers) < 12
    for tracker in trackers:
        assert len(read_tracker(Path(tracker)).rows) == 8
        assert Path(tracker.replace("-tracker.xlsx", "-worksheet.docx")).is_file()
    assert {p.name for p in out.iterdir() if p.name.startswith(".")} == set()


def test_paths_are_relative_to_the_manifest_and_urls_stay(tmp_path: Path) -> None:
    manifest = tmp_path / "week" / "desk.yaml"
    manifest.parent.mkdir()
    manifest.write_text("articles:\n"
                        "  - {article: a.md, claims: c.yaml, scale: ../scales/desk.yaml}\n"
                        "  - {article: 'https://example.org/a', claims: /abs/c.yaml, "
                        "scale: politifact}\n", encoding="utf-8")
    first, second = load_manifest(manifest)
    assert first.article == str(manifest.parent / "a.md")
    assert first.scale == str(manifest.parent / "../scales/desk.yaml")
    assert first.where == f"{manifest}:2:5"
    assert (second.article, second.claims, second.scale) == ("https://example.org/a",
                                                             "/abs/c.yaml", "politifact")


def test_prior_reaches_every_article(tmp_path: Path) -> None:
    entries = load_manifest(EXAMPLES / "desk.yaml")[:1]
    result = build_many(entries, tmp_path, prior=[EXAMPLES / "putin-biden" / "prior"],
                        workers=1)
    tracker = result.outcomes[0].tracker
    assert tracker is not None
    assert "Checked before" in openpyxl.load_workbook(tracker, read_only=True).sheetnames


@pytest.mark.libreoffice
def test_batch_says_which_file_to_send_when_it_merged_a_reviewers_ods(tmp_path: Path) -> None:
    """The same merge lines as a single build: an .ods merged means a new .xlsx to send."""
    from libreoffice import convert, require_libreoffice

    require_libreoffice()
    out = tmp_path / "out"
    entries = load_manifest(EXAMPLES / "desk.yaml")
    first = {Path(o.tracker or "").name: o for o in build_many(entries, out).outcomes}
    xlsx = first["nasa-shuttles-tracker.xlsx"].tracker
    assert xlsx is not None
    ods = convert(xlsx, "ods", out)  # the reviewer saved it from LibreOffice
    later = xlsx.stat().st_mtime + 60
    os.utime(ods, (later, later))
    again = {Path(o.tracker or "").name: o for o in build_many(entries, out).outcomes}
    lines = again["nasa-shuttles-tracker.xlsx"].merged
    assert lines[0].startswith(f"merged the reviewer's work from {ods}: ")
    assert lines[1] == f"{xlsx} is now the tracker to send out; {ods} was left as it was"
