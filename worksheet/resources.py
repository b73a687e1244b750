"""Where the shipped templates live: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    """The folder holding ``worksheet.docx``, ``scales/`` and ``texts/``."""
    for candidate in (_PACKAGE / "_templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the worksheet templates are missing from this installation")


def template(*parts: str) -> Path:
    """A path inside the templates folder."""
    return templates_dir().joinpath(*parts)
