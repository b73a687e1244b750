"""The summary as JSON: exactly ``Summary.as_dict()``, so ``--format json`` equals the library."""

from __future__ import annotations

import json

from ..summary import Summary


def render(summary: Summary) -> str:
    """The summary's dict as indented JSON, non-ASCII kept readable, ending in a newline."""
    return json.dumps(summary.as_dict(), indent=2, ensure_ascii=False) + "\n"
