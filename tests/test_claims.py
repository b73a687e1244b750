"""Claims files: every format, every problem reported with its place."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from worksheet.claims import load_claims, parse_sources
from worksheet.errors import ClaimsError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "putin-biden" / "claims.yaml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ClaimsError) as info:
        load_claims(path)
    return info.value.lines()


def test_example_claims_are_valid_and_sourced() -> None:
    claims = load_claims(EXAMPLE).claims
    assert len(claims) >= 10
    assert len({c.id for c in claims}) == len(claims)
    for claim in claims:
        assert claim.quote and claim.sources
        assert all(s.url and s.url.startswith(("http://", "https://")) for s in claim.sources)


def test_bare_list_of_strings_gets_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "- First claim\n- id: X9\n  claim: Second\n- Third\n")
    claims = load_claims(path).claims
    assert [(c.id, c.claim) for c in claims] == [("C1", "First claim"), ("X9", "Second"),
                                                 ("C2", "Third")]


def test_yaml_problems_are_all_located(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", """claims:
  - claim: fine
    sources:
      - title: x
        url: javascript:alert(1)
  - claimm: typo
  - id: 7
    claim: ""
""")
    lines = problems(path)
    assert f"{path}:5:14: claims[0].sources[0].url: not an http, https or mailto URL: " \
           "'javascript:alert(1)'" in lines
    assert any(line.startswith(f"{path}:6:13: claims[1].claimm: unknown key 'claimm' "
                               '(did you mean "claim"?)') for line in lines)
    assert f"{path}:6:5: claims[1].claim: required but missing" in lines
    assert any(line.startswith(f"{path}:8:12: claims[2].claim:") for line in lines)


@pytest.mark.parametrize(("text", "expected"), [
    ("claims:\n  - claim: a\n    claim: b\n", ":3:5: claims[0].claim: key 'claim' appears twice"),
    ("claims:\n  - claim: [unclosed\n", ":3:1: malformed YAML"),
    ("claims:\n  - id: C1\n    claim: a\n  - id: C1\n    claim: b\n",
     ":4:9: claims[1].id: 'C1' is already the id of claims[0]"),
    ("claims:\n  - claim: a\n    id: true\n", ":3:9: claims[0].id: expected text, got a yes/no"),
    ("claims: []\n", "claims: list should have at least 1 item"),
    ("", "the claims file is empty"),
    ("just a string\n", "expected a list of claims"),
])
def test_yaml_traps(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "c.yaml", text)
    assert any(expected in line for line in problems(path)), problems(path)


def test_yaml_no_and_dates_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml",
                 "article:\n  date: 2021-12-09\nclaims:\n  - claim: no\n    priority: no\n")
    loaded = load_claims(path)
    assert loaded.claims[0].claim == "no"
    assert loaded.claims[0].priority == "no"
    assert loaded.claims_file.article is not None
    assert loaded.claims_file.article.date == "2021-12-09"


def test_json_claims_and_located_error(tmp_path: Path) -> None:
    good = write(tmp_path, "c.json", json.dumps({"claims": [
        {"claim": "A", "sources": ["https://example.org/a"]}]}))
    assert load_claims(good).claims[0].sources[0].url == "https://example.org/a"
    bad = write(tmp_path, "bad.json", '{"claims": [\n  {"claim": "A",}\n]}')
    assert problems(bad)[0].startswith(f"{bad}:2:")
    typed = write(tmp_path, "typed.json", '{"claims": [\n  {"claim": "A", "sources": 5}\n]}')
    assert any(line.startswith(f"{typed}:2:") and "sources" in line for line in problems(typed))


def test_csv_claims(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv",
                 "id,claim,quote,sources\n"
                 'C1,The call lasted two hours,two hours,"TASS https://tass.com/x | '
                 'https://example.org/y"\n'
                 "\n"
                 "C2,Second,,\n")
    claims = load_claims(path).claims
    assert [c.id for c in claims] == ["C1", "C2"]
    assert [(s.title, s.url) for s in claims[0].sources] == [
        ("TASS", "https://tass.com/x"), ("", "https://example.org/y")]


def test_csv_unknown_column_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id,claim,qoute\nC1,a,b\n")
    assert problems(path) == [f"{path}:1:3: unknown column 'qoute' (did you mean \"quote\"?); "
                              "columns are id, claim, quote, type, claimant, sources, priority, "
                              "assignee, guidance"]


def test_xlsx_claims_with_cell_locations(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Claims"
    sheet.append(["ID", "Claim", "Sources"])
    sheet.append([7, "A claim", "https://example.org"])
    sheet.append(["C2", "Bad source", "ftp://example.org"])
    path = tmp_path / "claims.xlsx"
    book.save(path)
    with pytest.raises(ClaimsError) as info:
        load_claims(path)
    assert info.value.lines() == [
        f"{path} Claims!C3: claims[1].sources[0].url: not an http, https or mailto URL: "
        "'ftp://example.org'"]
    sheet["C3"] = "Just a title"
    book.save(path)
    claims = load_claims(path).claims
    assert claims[0].id == "7"
    assert claims[1].sources[0].title == "Just a title"


def test_parse_sources_keeps_titles_and_urls() -> None:
    assert parse_sources("Kremlin readout — http://en.kremlin.ru/x\nPA-X") == [
        {"title": "Kremlin readout", "url": "http://en.kremlin.ru/x"}, {"title": "PA-X"}]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("c.toml", b"claims = []", "unknown claims file type"),
    ("c.xlsx", b"not a zip", "not a spreadsheet"),
    ("~$c.xlsx", b"lock", "lock file"),
])
def test_unreadable_claims_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ClaimsError, match=message.replace("$", r"\$")):
        load_claims(path)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\x85"])
def test_json_positions_are_the_pure_python_readers(newline: str) -> None:
    """libyaml finds JSON positions faster; where it reads a file, it finds the same ones."""
    from worksheet import structured

    data = {"claims": [{"id": "C1\u2028", "claim": "é😀 x\u0085y", "sources": ["😀😀", {"k": 1}]},
                       "\x85", {"😀": "😀"}, 2.5, None, True]}
    for text in (json.dumps(data, ensure_ascii=False, indent=2).replace("\n", newline),
                 json.dumps(data, indent=1), json.dumps(data),  # escaped surrogate pairs
                 json.dumps(data, ensure_ascii=False, indent="\t")):  # tabs: YAML says no
        try:
            expected = structured.load_yaml(text, "f.json")[1]
        except ClaimsError:
            expected = {}
        assert structured._json_positions(text, "f.json") == expected
