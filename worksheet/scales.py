"""Verdict scales: the shipped ones in ``templates/scales/`` and a user's own files."""

from __future__ import annotations

from pathlib import Path

from .errors import ScaleError
from .models import Scale
from .resources import template

DEFAULT_SCALE = "default"


def available() -> list[str]:
    """Names of the scales shipped with the tool."""
    return sorted(p.stem for p in template("scales").glob("*.yaml"))


def load_scale(name_or_path: str | Path | Scale | None = None) -> Scale:
    """Load a scale by shipped name (``politifact``) or from a YAML/JSON file.

    >>> load_scale("politifact").labels[0]
    'True'
    """
    if isinstance(name_or_path, Scale):
        return name_or_path
    if name_or_path is None or name_or_path == "":
        name_or_path = DEFAULT_SCALE
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = template("scales", f"{name_or_path}.yaml")
        if not path.is_file():
            raise ScaleError(
                f"no verdict scale called {name_or_path!r}; "
                f"choose one of {', '.join(available())} or give a scale file"
            )
    from .structured import load_structured, validate

    data, locate = load_structured(path)
    return validate(Scale, data, locate, str(path), error=ScaleError)

