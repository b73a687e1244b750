"""Every command has help with an example, and the README documents every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from worksheet.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"build", "check", "schema", "status", "export", "suggest"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert f"Example: worksheet {name}" in " ".join(result.stdout.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_the_command_and_its_api(name: str) -> None:
    section = re.search(rf"^### `worksheet {name}\b.*?(?=^### |^## )", README, re.M | re.S)
    assert section, f"README has no section for worksheet {name}"
    assert "```python" in section.group(), f"README shows no Python API for {name}"


def test_readme_python_snippets_name_real_functions() -> None:
    import importlib

    for module, names in re.findall(r"^from (worksheet[\w.]*) import ([\w, ]+)$", README, re.M):
        loaded = importlib.import_module(module)
        for name in (n.strip() for n in names.split(",")):
            assert hasattr(loaded, name), f"{module}.{name} named in the README does not exist"


def test_exit_codes_in_help_and_readme() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "Exit codes: 0 done; 1 done but problems found" in " ".join(result.stdout.split())
    assert "| 2 | bad input or usage" in README
