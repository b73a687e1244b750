"""Output formats for a tracker's summary, chosen by name.

``render(summary, "md")`` returns the text; each format lives in its own module, which
is imported only when asked for (rich and the HTML page cost nothing otherwise).

>>> from worksheet.formats import FORMATS
>>> FORMATS
('table', 'md', 'csv', 'json', 'html')
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import WorksheetError

if TYPE_CHECKING:
    from ..desk import Desk
    from ..summary import Summary

#: Format name → module that defines ``render(summary) -> str``.
_MODULES: dict[str, str] = {
    "table": "table",
    "md": "md",
    "csv": "csvfmt",
    "json": "jsonfmt",
    "html": "htmlfmt",
}
FORMATS: tuple[str, ...] = tuple(_MODULES)
#: What to name a file of each format.
SUFFIXES: dict[str, str] = {"table": ".txt", "md": ".md", "csv": ".csv", "json": ".json",
                            "html": ".html"}


class FormatError(WorksheetError, ValueError):
    """An output format this tool does not have."""


def _known(fmt: str) -> str:
    """``fmt`` as a format's name; a clear error for a name this tool does not have."""
    name = fmt.strip().lower()
    if name not in FORMATS:
        raise FormatError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return name


def renderer(fmt: str) -> Callable[[Summary], str]:
    """The function that renders a summary as ``fmt``; a clear error for unknown names."""
    module = import_module(f"{__name__}.{_MODULES[_known(fmt)]}")
    render_one: Callable[[Summary], str] = module.render
    return render_one


def render(summary: Summary, fmt: str) -> str:
    """The summary as text in format ``fmt`` (one of :data:`FORMATS`)."""
    return renderer(fmt)(summary)


#: Format name → the function in :mod:`worksheet.formats.desk` (or ``deskhtml``) that
#: renders a desk of many trackers.
_DESK_RENDERERS: dict[str, tuple[str, str]] = {
    "table": ("desk", "render_table"),
    "md": ("desk", "render_md"),
    "csv": ("desk", "render_csv"),
    "json": ("desk", "render_json"),
    "html": ("deskhtml", "render"),
}


def render_desk(desk: Desk, fmt: str) -> str:
    """The desk (many trackers) as text in format ``fmt`` (one of :data:`FORMATS`)."""
    module, function = _DESK_RENDERERS[_known(fmt)]
    render_one: Callable[[Desk], str] = getattr(import_module(f"{__name__}.{module}"), function)
    return render_one(desk)
