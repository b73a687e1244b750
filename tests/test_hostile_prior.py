"""Hostile earlier-check collections (``match``, ``check --prior``, ``build --prior``).

The same promises as ``test_hostile.py``: a file that cannot be read is one located line
and exit 2 with nothing written; a bad entry inside a readable file is a located warning
and the rest is used; nothing from a feed becomes a link unless it is http(s), or markup.
The 50 MB feed read end to end runs only with ``WORKSHEET_SLOW=1``; the size limit itself
is always tested.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from worksheet.cli import app
from worksheet.prior.read import MAX_PRIOR_BYTES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "putin-biden"
SLOW = os.environ.get("WORKSHEET_SLOW") == "1"
GENEVA = "Putin and Biden had met in person in Geneva in June 2021."
runner = CliRunner()


def review(claim: str | None = GENEVA, url: str = "https://desk.example/c3") -> dict:
    data: dict[str, Any] = {"@type": "ClaimReview", "url": url,
                            "reviewRating": {"alternateName": "True"},
                            "author": {"name": "Desk"}}
    if claim is not None:
        data["claimReviewed"] = claim
    return data


def match(tmp_path: Path, prior: Path, *extra: str) -> tuple[Result, Path]:
    claims = tmp_path / "claims.json"
    claims.write_text(json.dumps([GENEVA]), encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["match", str(claims), str(prior), "--format", "json",
                                 "--out", str(out), *extra])
    return result, out


def refused(result: Result, out: Path, *needles: str) -> None:
    """Exit 2, one error line naming the file, no traceback, nothing written."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert not out.exists()


def used(result: Result, out: Path, *warnings: str) -> list[dict]:
    """Exit 0, the warnings given (each on its own line), the output written."""
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    for needle in warnings:
        assert any(x.startswith("warning: ") and needle in x for x in lines), (needle, lines)
    return json.loads(out.read_text(encoding="utf-8"))


def test_deeply_nested_json_is_refused_in_one_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    result, out = match(tmp_path, feed)
    refused(result, out, str(feed), "nested too deeply")


def test_nesting_past_the_limit_is_not_followed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    deep: Any = review()
    for _ in range(40):
        deep = [deep]
    feed.write_text(json.dumps([review("Other claim."), deep]), encoding="utf-8")
    result, out = match(tmp_path, feed)
    data = used(result, out, f"{feed}: item 2: nested deeper than 16 levels")
    assert data[0]["matches"] == []


def test_a_feed_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    with open(feed, "wb") as handle:  # sparse: instant, and never read
        handle.truncate(MAX_PRIOR_BYTES + 1)
    result, out = match(tmp_path, feed)
    refused(result, out, str(feed), "over the 50 MB limit")


@pytest.mark.skipif(not SLOW, reason="a 50 MB feed read end to end: WORKSHEET_SLOW=1")
def test_a_feed_just_under_50_mb_is_read_and_matched(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    filler = [review(f"Claim {i} about road repairs in district {i % 97} in {1990 + i % 30}.",
                     f"https://desk.example/{i}") for i in range(150_000)]
    body = json.dumps([review(), *filler])
    while len(body) < MAX_PRIOR_BYTES - 2_000_000:
        filler += filler[:50_000]
        body = json.dumps([review(), *filler])
    feed.write_text(body[:1] + body[1:], encoding="utf-8")
    assert 40 * 2**20 < feed.stat().st_size <= MAX_PRIOR_BYTES
    result, out = match(tmp_path, feed)
    data = used(result, out, "duplicate review(s) kept once")
    assert data[0]["matches"][0]["url"] == "https://desk.example/c3"


def test_javascript_links_are_dropped_and_never_linked(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([review(url="javascript:alert(document.cookie)"),
                                review("Other.", url=" data:text/html,<b>x</b>")]),
                    encoding="utf-8")
    result, out = match(tmp_path, feed)
    data = used(result, out, f"{feed}: item 1: url 'javascript:alert(document.cookie)' is "
                             "not an http(s) address; kept without a link")
    assert data[0]["matches"][0]["url"] is None
    built = tmp_path / "built"
    result = runner.invoke(app, ["build", str(EXAMPLE / "article.md"),
                                 str(EXAMPLE / "claims.yaml"), "--out", str(built),
                                 "--prior", str(feed)])
    assert result.exit_code == 0, result.output
    for path in built.iterdir():
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode("utf-8", "replace").lower()
                assert "javascript:" not in text and "data:text" not in text, (path, name)


def test_html_with_scripts_reads_only_ld_json_and_expands_nothing(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html [<!ENTITY lol "lololololol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        "<html><head><script>document.write('<script type=\"application/ld+json\">')"
        "</script>"
        f'<script type="application/ld+json">{json.dumps(review(GENEVA + " &lol2;"))}'
        "</script><script type='application/ld+json'>{not json</script>"
        '<script type="application/ld+json">' + json.dumps(
            review("<img src=x onerror=alert(1)> Putin met Biden in Geneva", "https://desk.example/2"))
        + "</script></head><body onload='alert(1)'>x</body></html>", encoding="utf-8")
    result, out = match(tmp_path, page, "--top", "5", "--min-score", "0")
    data = used(result, out, f"{page}: script block 2: not JSON")
    texts = [m["claim_reviewed"] for m in data[0]["matches"]]
    assert GENEVA + " &lol2;" in texts  # the entity is text, not expanded
    assert "<img src=x onerror=alert(1)> Putin met Biden in Geneva" in texts  # text, shown as text
    md = runner.invoke(app, ["match", str(tmp_path / "claims.json"), str(page),
                             "--format", "md", "--min-score", "0", "--top", "5"])
    assert re.search(r"(?<!\\)<img", md.stdout) is None and "\\<img" in md.stdout


def test_duplicate_reviews_are_shown_once(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([review()] * 3), encoding="utf-8")
    result, out = match(tmp_path, feed, "--top", "3")
    data = used(result, out, f"{feed}: 2 duplicate review(s) kept once")
    assert len(data[0]["matches"]) == 1


def test_reviews_without_claim_reviewed_are_skipped_with_their_place(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": [
        {"item": [review(None)]}, {"item": [review(""), review()]}]}), encoding="utf-8")
    result, out = match(tmp_path, feed)
    data = used(result, out, f"{feed}: item 1: no claimReviewed; skipped",
                f"{feed}: item 2: no claimReviewed; skipped")
    assert data[0]["matches"][0]["url"] == "https://desk.example/c3"


def test_build_with_an_unreadable_collection_writes_nothing(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text('{"@type": "ClaimReview",', encoding="utf-8")
    built = tmp_path / "built"
    result = runner.invoke(app, ["build", str(EXAMPLE / "article.md"),
                                 str(EXAMPLE / "claims.yaml"), "--out", str(built),
                                 "--prior", str(feed), "--prior", str(tmp_path / "nope")])
    assert result.exit_code == 2, result.output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert lines == [f"error: {feed}:1:25: not JSON: Expecting property name enclosed in "
                     "double quotes", f"error: {tmp_path / 'nope'}: no such file"]
    assert not built.exists() or not any(built.iterdir())


def test_an_empty_folder_is_a_warning_and_nothing_matches(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a collection", encoding="utf-8")
    result, out = match(tmp_path, folder)
    data = used(result, out, f"{folder}: no .json, .jsonld, .html, .htm files in this folder")
    assert data[0]["matches"] == []


def test_many_bad_entries_are_listed_up_to_a_limit_then_counted(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([review(None)] * 30 + [review(url="file:///etc/passwd")] * 5
                               + [review()]), encoding="utf-8")
    result, out = match(tmp_path, feed)
    used(result, out, f"{feed}: item 20: no claimReviewed; skipped",
         f"{feed}: 15 more problems like these")
    warnings = [x for x in result.stderr.splitlines() if x.startswith("warning: ")]
    assert len(warnings) == 22 and warnings[-1].endswith("4 duplicate review(s) kept once")
