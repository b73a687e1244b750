"""Checked before: reading ClaimReview collections, ranking, the cache, and the commands."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from worksheet import columns
from worksheet.build import build
from worksheet.cli import app
from worksheet.prior import cache
from worksheet.prior.collection import read_prior
from worksheet.prior.rank import DEFAULT_MIN_SCORE, Matcher, match_claims
from worksheet.prior.read import PriorCheck, PriorError
from worksheet.prior.terms import analyse
from worksheet.tracker.read import read_tracker

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "putin-biden"
ARCHIVE = EXAMPLE / "prior"
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import match_quality  # noqa: E402

runner = CliRunner()


def review(claim: str | None = "Unemployment fell to 3.5% in 2019.", **extra: Any) -> dict:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true", "ratingValue": 5,
                         "bestRating": 6},
        "author": {"@type": "Organization", "name": "Desk"},
        "datePublished": "2024-03-05T10:00:00Z", "url": "https://desk.example/1"}
    if claim is not None:
        data["claimReviewed"] = claim
    data.update(extra)
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ readers


@pytest.mark.parametrize("shape", ["object", "list", "graph", "feed", "search", "html"])
def test_every_form_desks_hold_reads_to_the_same_check(tmp_path: Path, shape: str) -> None:
    one = review()
    if shape == "object":
        path = write(tmp_path / "r.json", one)
    elif shape == "list":
        path = write(tmp_path / "r.json", [one])
    elif shape == "graph":
        path = write(tmp_path / "r.jsonld", {"@context": "https://schema.org",
                                             "@graph": [{"@type": "WebPage"}, one]})
    elif shape == "feed":
        path = write(tmp_path / "feed.json", {"@type": "DataFeed", "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [one]}]})
    elif shape == "search":
        path = write(tmp_path / "search.json", {"claims": [{
            "text": "Unemployment fell to 3.5% in 2019.", "claimant": "A Minister",
            "claimReview": [{"publisher": {"name": "Desk", "site": "desk.example"},
                             "url": "https://desk.example/1", "title": "Jobs",
                             "reviewDate": "2024-03-05T10:00:00Z",
                             "textualRating": "Mostly true (5/6)"}]}]})
    else:
        path = tmp_path / "page.html"
        path.write_text(
            "<html><head><script>var x = {\"@type\": \"ClaimReview\"};</script>"
            f'<script type="application/ld+json">{json.dumps(one)}</script></head>'
            "<body>&amp; text</body></html>", encoding="utf-8")
    prior = read_prior([path])
    assert prior.checks == [PriorCheck("Unemployment fell to 3.5% in 2019.", "Mostly true (5/6)",
                                       "Desk", "2024-03-05", "https://desk.example/1",
                                       "A Minister" if shape == "search" else None)]
    assert not prior.warnings


def test_our_own_export_reads_with_verdict_number_claimant_and_link() -> None:
    prior = read_prior([ARCHIVE])
    assert prior.files == [ARCHIVE / "example-desk.json"]  # the README is passed over
    first = prior.checks[0]
    assert first.rating == "Mostly true (5/6)" and first.publisher == "Example desk"
    assert first.claimant == "Pepe Escobar" and first.date == "2021-12-10"
    assert first.url == "https://desk.example/checks/putin-biden#c1"
    assert len(prior.checks) == 7


def test_a_bad_entry_is_skipped_with_its_place_and_the_rest_is_read(tmp_path: Path) -> None:
    entries = [review("First claim about wages."), review(None), "junk",
               review("Third claim.", url="javascript:alert(1)"),
               review("Fourth claim.\x07  with\ttabs", author=[{"name": "Desk\x00"}])]
    prior = read_prior([write(tmp_path / "feed.json", entries)])
    claims = [c.claim_reviewed for c in prior.checks]
    assert claims == ["First claim about wages.", "Third claim.", "Fourth claim. with tabs"]
    assert prior.checks[1].url is None and prior.checks[2].publisher == "Desk"
    lines = [str(p) for p in prior.warnings]
    assert f"{tmp_path / 'feed.json'}: item 2: no claimReviewed; skipped" in lines
    assert any("item 3: url 'javascript:alert(1)' is not an http(s) address" in x for x in lines)


def test_a_file_that_is_not_json_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "feed.json"
    bad.write_text('[{"claimReviewed": "x",\n  oops}]', encoding="utf-8")
    with pytest.raises(PriorError) as caught:
        read_prior([bad, tmp_path / "missing.json"])
    lines = caught.value.lines()
    assert lines[0].startswith(f"{bad}:2:3: not JSON")
    assert lines[1] == f"{tmp_path / 'missing.json'}: no such file"


def test_duplicates_are_kept_once_within_and_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.json", [review(), review(), review("Other claim.")])
    b = write(tmp_path / "b.json", [review("UNEMPLOYMENT fell to 3.5% in 2019.")])
    prior = read_prior([a, b])
    assert len(prior) == 2 and len(prior.checks) == 2
    assert {p.code for p in prior.warnings} == {"duplicate"}
    assert len(Matcher(prior).match("Unemployment fell to 3.5% in 2019", top=5)) == 1


# ------------------------------------------------------------------------------ ranking


@pytest.mark.parametrize(("one", "other"), [
    ("2,000 jobs", "2000 jobs"), ("two thousand jobs", "2000 jobs"),
    ("5% of voters", "five per cent of voters"), ("5 percent", "5%"),
    ("1.5 million homes", "1,500,000 homes"), ("one in five", "1 in 5"),
])
def test_numbers_written_differently_are_the_same_number(one: str, other: str) -> None:
    assert analyse(one).numbers == analyse(other).numbers != frozenset()


def test_negation_and_reported_speech() -> None:
    assert analyse("Taxes did not rise").negated and not analyse("Taxes rose").negated
    assert analyse("Alvarez said that taxes rose").terms == analyse("Alvarez: taxes rose").terms


# Claims where a token's meaning depends on its neighbours, capitals first or inside,
# negation, non-ASCII: the shortcuts indexing and the ASCII reading take must agree with
# the full reading on every one.
AWKWARD = [
    "One in five said so.", "5 m people", "5% m", "NATO is 75", "The one thing",
    "It rose 5 per cent", "3,4 and 5", "1,000,000 jobs", "Didn't rise", "x's 12", "A 12 b",
    "12 pc rise", "per capita 5", "5 bn", "bn 5", "The US said", "US was", "twenty two",
    "12.5% of GDP", "Not NATO", "NOT a Thing", "", "Kiev Kiev", "12 Kiev", "Per capita",
    "PC sales rose 5 PC", "İstanbul grew 5%", "Biden’s plan didn’t pass", "Zürich Zürich",
    "Two hundred and five Million", "Unemployment fell to 3.5% in 2019.", "5 Percent",
]


def test_the_fast_readings_agree_with_the_full_one() -> None:
    from worksheet.prior.terms import _analyse_full, index_terms
    found, names = index_terms(AWKWARD)
    full = [_analyse_full(text) for text in AWKWARD]
    assert [analyse(text) for text in AWKWARD] == full
    assert [tuple(terms) for terms in found] == [a.terms for a in full]
    assert names == set().union(*(a.names for a in full)) >= {"nato", "kiev", "us", "pc"}


def test_the_ranker_meets_its_targets_on_the_held_out_split() -> None:
    """The quality bar: >= 19/20 paraphrases right first, >= 9/10 unrelated left alone,
    and clearly better than plain fuzzy matching measured the same way."""
    report = match_quality.evaluate()
    ours, plain = report["test"]["ranker"], report["test"]["baseline"]
    assert ours.right / ours.paraphrases >= 0.95, ours.line()
    assert ours.false / ours.unrelated <= 0.10, ours.line()
    assert ours.right > plain.right and ours.false < plain.false, (ours.line(), plain.line())


def test_no_match_above_the_threshold_shows_nothing() -> None:
    matcher = Matcher([PriorCheck("Unemployment in Eastmoor fell to 4% last year.", "True")])
    [found] = match_claims([("C1", "Unemployment in Vellshire fell to 4% last year.")], matcher)
    assert found.matches == [] and found.as_dict() == {
        "id": "C1", "claim": "Unemployment in Vellshire fell to 4% last year.", "matches": []}
    close = matcher.match("Eastmoor's jobless rate dropped to 4 percent in the past year")
    assert [m.check.rating for m in close] == ["True"] and close[0].score >= DEFAULT_MIN_SCORE


# ------------------------------------------------------------------------------ the cache


def big_feed(path: Path, n: int = 400) -> Path:
    return write(path, [review(f"Claim {i} about the budget of Eastmoor in {2000 + i}.",
                               url=f"https://desk.example/{i}") for i in range(n)])


def test_the_cache_is_used_while_the_file_is_unchanged(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)
    feed = big_feed(tmp_path / "feed.json")
    first = read_prior([feed]).checks
    assert cache.cache_path(feed).is_file()

    def no_parsing(*args: Any) -> Any:
        raise AssertionError("parsed again despite a sound cache")

    with monkeypatch.context() as patch:
        patch.setattr(cache, "parse", no_parsing)
        again = read_prior([feed])
    assert again.checks == first
    assert Matcher(again).match("Claim 7 about the budget of Eastmoor in 2007")[0].check.url \
        == "https://desk.example/7"


@pytest.mark.parametrize("damage", ["stale", "garbled", "tampered", "truncated"])
def test_a_stale_or_damaged_cache_is_rebuilt_never_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)
    feed = big_feed(tmp_path / "feed.json")
    read_prior([feed])
    stored = cache.cache_path(feed)
    text = stored.read_text(encoding="utf-8")
    if damage == "stale":  # same size, other content
        feed.write_text(feed.read_text().replace("Claim 1 ", "Claim X "), encoding="utf-8")
    elif damage == "garbled":
        stored.write_bytes(b"\x00\xff" + stored.read_bytes()[2:])
    elif damage == "tampered":  # a link swapped in the body: the body's hash no longer fits
        stored.write_text(text.replace("https://desk.example/3\t", "javascript:alert(1)\t"),
                          encoding="utf-8")
    else:
        stored.write_text(text[: len(text) // 2], encoding="utf-8")
    prior = read_prior([feed])
    urls = [c.url for c in prior.checks]
    assert all(u and u.startswith("https://desk.example/") for u in urls)
    assert ("Claim X about" in prior.checks[1].claim_reviewed) == (damage == "stale")
    assert cache.cache_path(feed).read_text(encoding="utf-8").startswith(cache.MAGIC)


# ------------------------------------------------------------------------------ commands


def test_match_json_is_the_interface(tmp_path: Path) -> None:
    claims = write(tmp_path / "claims.json", [
        "Putin and Biden met face to face in Geneva in June 2021.",
        "Kiev had fulfilled none of its Minsk commitments."])
    result = runner.invoke(app, ["match", str(claims), str(ARCHIVE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [set(d) for d in data] == [{"id", "claim", "matches"}] * 2
    [first] = data[0]["matches"]
    assert set(first) == {"claim_reviewed", "rating", "publisher", "date", "url", "score"}
    assert first["rating"] == "True (6/6)" and first["url"].endswith("#c3")
    assert 0 < first["score"] <= 1 and data[1]["matches"] == []


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_match_other_formats(tmp_path: Path, fmt: str) -> None:
    claims = write(tmp_path / "claims.json", ["Russia is not mentioned in the Minsk agreement."])
    result = runner.invoke(app, ["match", str(claims), str(ARCHIVE), "--format", fmt,
                                 "--top", "1", "--min-score", "0.9"])
    assert result.exit_code == 0, result.output
    assert "https://desk.example/checks/putin-biden#c9" in result.stdout
    assert "Misleading (3/6)" in result.stdout


def test_check_prints_a_line_per_earlier_check() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE / "article.md"),
                                 str(EXAMPLE / "claims.yaml"), "--prior", str(ARCHIVE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    c9 = lines.index(next(x for x in lines if x.startswith("C9 ")))
    assert lines[c9 + 1].split()[:4] == ["checked", "before", "1.00", "Misleading"]
    assert "7 of 16 claims checked before." in result.stdout
    assert not any("checked before" in x for x in lines[lines.index(
        next(x for x in lines if x.startswith("C16"))) + 1:][:1])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("built")
    return build(EXAMPLE / "article.md", EXAMPLE / "claims.yaml", out, prior=[ARCHIVE])


def test_build_shows_checked_before_in_the_claims_section(built: Any) -> None:
    document = docx.Document(str(built.worksheet))
    paragraphs = document.paragraphs
    starts = [i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1"]
    sections = {paragraphs[i].text.split(" ·")[0]: paragraphs[i:j]
                for i, j in zip(starts, [*starts[1:], len(paragraphs)], strict=True)}
    c9 = [p.text for p in sections["C9"]]
    block = c9.index("Checked before")
    assert c9[block + 2].startswith("Misleading (3/6)") and "Example desk" in c9[block + 2]
    assert "2021-12-10" in c9[block + 2]
    assert c9[block + 3] == "“Russia is not mentioned in the Minsk agreement.”"
    assert c9.index("In the article") > block
    assert "Checked before" not in [p.text for p in sections["C16"]]
    rels = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://desk.example/checks/putin-biden#c9" in rels


def test_build_writes_the_best_match_to_its_own_tracker_sheet(built: Any) -> None:
    book = CalamineWorkbook.from_path(str(built.tracker))
    assert columns.PRIOR_SHEET in book.sheet_names
    rows = book.get_sheet_by_name(columns.PRIOR_SHEET).to_python()
    assert rows[0] == [c.header for c in columns.PRIOR_COLUMNS]
    data = [r for r in rows[1:] if r[0]]
    assert [r[0] for r in data] == ["C1", "C3", "C4", "C5", "C6", "C9", "C11"]
    url_col = [c.key for c in columns.PRIOR_COLUMNS].index("url")
    sheet = openpyxl.load_workbook(built.tracker)[columns.PRIOR_SHEET]
    # Linked the way the Sources sheet links (a HYPERLINK formula wraps in Calc).
    assert sheet.cell(2, url_col + 1).value == \
        '=HYPERLINK("https://desk.example/checks/putin-biden#c1")'
    score = sheet.cell(2, len(columns.PRIOR_COLUMNS))
    assert score.value == 1.0 and score.number_format == "0.00"
    # The reader reads the tracker as before, and the sheet back as written.
    tracker = read_tracker(built.tracker)
    assert len(tracker.rows) == 16 and not [p for p in tracker.problems
                                            if p.severity == "error"]
    assert [(e.claim_id, e.url, e.score) for e in tracker.prior][:1] == [
        ("C1", "https://desk.example/checks/putin-biden#c1", 1.0)]
    assert [e.claim_id for e in tracker.prior] == [r[0] for r in data]


def test_merge_keeps_the_checked_before_sheet(built: Any, tmp_path: Path) -> None:
    """merge rewrites the tracker: the Checked before sheet goes with it, unchanged."""
    import tracker_fixtures as fx

    from worksheet.team.save import merge_files

    tracker = Path(shutil.copy(built.tracker, tmp_path / "tracker.xlsx"))
    ana = fx.edit(tracker, {f"{fx.letter('verdict')}2": "True"}, out=tmp_path / "ana.xlsx")
    merged = read_tracker(merge_files(tracker, [ana]).out)
    assert merged.rows[0].verdict == "True"
    assert merged.prior == read_tracker(built.tracker).prior and merged.prior


def test_the_benchmarks_run_at_a_small_size(capsys: pytest.CaptureFixture[str]) -> None:
    import match_speed

    assert match_speed.main(["--reviews", "300", "--claims", "3"]) == 0
    assert match_quality.main([]) == 0
    out = capsys.readouterr().out
    assert "worksheet match, index cached" in out and "rapidfuzz token_set_ratio" in out
    assert "test ranker   precision@1" in out and "test baseline precision@1" in out


@pytest.mark.libreoffice
def test_libreoffice_opens_the_checked_before_sheet_and_block(built: Any, libreoffice: Any,
                                                              tmp_path: Path) -> None:
    import csv

    sheets = libreoffice.convert_sheets_to_csv(built.tracker, tmp_path)
    with open(sheets[columns.PRIOR_SHEET], encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle) if any(r)]
    assert rows[0][0] == "Claim ID" and rows[6][:2] == [
        "C9", "Russia is not mentioned in the Minsk agreement."]
    assert rows[6][3] == "Misleading (3/6)" and float(rows[6][7]) >= 0.82
    text = libreoffice.convert(built.worksheet, "txt", tmp_path).read_text(encoding="utf-8-sig")
    c9 = text[text.index("C9 · Russia"):text.index("C10 · ")]
    assert "Checked before" in c9 and "Misleading (3/6)" in c9 and "Example desk" in c9


def test_markdown_keeps_feed_text_as_text(tmp_path: Path) -> None:
    """A feed's claim or publisher cannot add formatting, links or lines to the page."""
    feed = write(tmp_path / "feed.json", review(
        "Unemployment fell to *3.5%* in [2019](https://evil.example)\n# heading",
        author={"@type": "Organization", "name": "<b>Desk</b>"}))
    claims = write(tmp_path / "claims.json", ["Unemployment fell to 3.5% in 2019."])
    result = runner.invoke(app, ["match", str(claims), str(feed), "--format", "md",
                                 "--min-score", "0"])
    assert result.exit_code == 0, result.output
    assert "\\*3.5%\\* in \\[2019\\](https://evil.example) \\# heading" in result.stdout
    assert "\\<b\\>Desk\\</b\\>" in result.stdout
    assert not any(line.startswith("# heading") for line in result.stdout.splitlines())


def test_a_collection_is_read_once_until_a_file_changes(tmp_path: Path) -> None:
    """A batch matches every article against one collection: read and indexed once."""
    from worksheet.prior.checked import load_matcher

    feed = write(tmp_path / "feed.json", [review()])
    first = load_matcher([feed])
    assert load_matcher([feed]) is first and load_matcher([tmp_path]) is first
    write(feed, [review(), review("Inflation rose to 9% in 2022.", url="https://desk.example/2")])
    later = feed.stat().st_mtime + 5
    os.utime(feed, (later, later))
    changed = load_matcher([feed])
    assert changed is not first and len(changed[0].files) == 1
    assert [m.check.claim_reviewed for m in changed[1].match("Inflation rose to 9% in 2022.")
            ] == ["Inflation rose to 9% in 2022."]
