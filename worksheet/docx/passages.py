"""Article text with claim passages highlighted, split into runs at every span edge."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from docx.enum.text import WD_COLOR_INDEX
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from . import styles
from .layout import add_run


@dataclass(frozen=True)
class Span:
    """A highlighted stretch ``[start, end)`` of a paragraph, belonging to ``key``."""

    start: int
    end: int
    key: str


def add_marked_text(
    paragraph: Paragraph,
    value: str,
    spans: Sequence[Span],
    marker: Callable[[str], str] | None = None,
) -> dict[str, list[Run]]:
    """Add ``value`` with every span highlighted; return each span's runs.

    Spans may overlap or share edges: the text is cut at every span's start and end, and
    each piece is highlighted when any span covers it. With ``marker``, the text it
    returns for a key (e.g. ``[C3]``) follows the span's last character and belongs to
    the span's runs, so a comment on them covers it too. Offsets are into ``value``;
    each piece is cleaned separately so control characters cannot shift them.
    """
    size = len(value)
    clamped = [Span(max(0, min(s.start, size)), max(0, min(s.end, size)), s.key) for s in spans]
    runs: dict[str, list[Run]] = {s.key: [] for s in clamped}
    edges = sorted({0, size} | {s.start for s in clamped} | {s.end for s in clamped})
    _markers(paragraph, [s for s in clamped if s.end == 0], marker, runs)
    for a, b in pairwise(edges):
        covering = [s for s in clamped if s.start <= a and b <= s.end and s.start < s.end]
        run = add_run(paragraph, value[a:b],
                      highlight=WD_COLOR_INDEX.YELLOW if covering else None)
        for s in covering:
            runs[s.key].append(run)
        _markers(paragraph, [s for s in clamped if s.end == b], marker, runs)
    return runs


def _markers(paragraph: Paragraph, ending: Sequence[Span],
             marker: Callable[[str], str] | None, runs: dict[str, list[Run]]) -> None:
    if marker is None:
        return
    for span in ending:
        run = add_run(paragraph, marker(span.key), bold=True, colour=styles.ACCENT)
        runs[span.key].append(run)
