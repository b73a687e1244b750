"""`worksheet check` and `worksheet schema`: golden output, exit codes, located errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from worksheet.claims import load_claims
from worksheet.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_check_example_matches_golden() -> None:
    result = runner.invoke(app, ["check", "examples/putin-biden/article.md",
                                 "examples/putin-biden/claims.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    golden("check-putin-biden.txt", result.stdout)


def test_check_warns_about_quotes_not_found(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("- claim: Putin met Biden\n  quote: they met on the moon in a balloon\n"
                      "- The CIA director said there was no intelligence that Russia will invade\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["check", "examples/putin-biden/article.md", str(claims)])
    assert result.exit_code == 0
    text = result.stdout + "--- stderr ---\n" + result.stderr
    golden("check-not-found.txt", text.replace(str(tmp_path), "TMP"))


def test_check_bad_claims_exit_2_one_line_each(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("- claim: ok\n  sources: javascript:alert(1)\n- claimant: nobody\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["check", "examples/putin-biden/article.md", str(claims)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert sorted(lines) == [
        f"error: {claims}:2:12: claims[0].sources: not an http, https or mailto URL: "
        "'javascript:alert(1)'",
        f"error: {claims}:3:3: claims[1].claim: required but missing",
    ]
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "check", "examples/putin-biden/article.md",
                                 str(tmp_path / "missing.yaml")])
    assert result.exit_code != 0
    assert result.exception is not None


def test_usage_error_is_exit_2() -> None:
    result = runner.invoke(app, ["check", "only-one-argument"])
    assert result.exit_code == 2


def test_schema_validates_the_example() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "worksheet claims file"
    assert "claims" in schema["required"]
    claim = schema["$defs"]["Claim"]
    assert set(claim["properties"]) >= {"id", "claim", "quote", "sources", "claimant"}
    assert claim["additionalProperties"] is False
    # The example's claims all carry the fields the schema names, and nothing else.
    for item in load_claims(ROOT / "examples/putin-biden/claims.yaml").claims:
        assert set(item.model_dump(exclude_none=True)) <= set(claim["properties"])
