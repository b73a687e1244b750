"""Shared pytest fixtures.

Markers are declared in pyproject.toml ([tool.pytest.ini_options]); this file only
gives them behaviour.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

# Test helper modules (tests/libreoffice.py) import as top-level modules, whatever
# pytest's --import-mode.
_TESTS = str(Path(__file__).parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

import libreoffice as _libreoffice  # noqa: E402 - needs the path above


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip ``libreoffice``-marked tests without soffice (fail instead in CI)."""
    if item.get_closest_marker("libreoffice") is not None:
        _libreoffice.require_libreoffice()


@pytest.fixture
def soffice() -> str:
    """Path of the soffice executable; skips without it (fails in CI)."""
    return _libreoffice.require_libreoffice()


@pytest.fixture
def libreoffice() -> ModuleType:
    """The LibreOffice harness (tests/libreoffice.py), once soffice is known present."""
    _libreoffice.require_libreoffice()
    return _libreoffice
