"""How many blank evidence rows fit on a claim's page, from an estimate of its height.

A claim section starts on a new page and ends with a table of blank rows for evidence.
With a long passage, many sources or earlier fact-checks above it, the last of those
rows used to run on to a page of its own. The writer cannot measure the page (only Word
or LibreOffice lays it out), so this estimates each part's height from its text, on the
generous side, and leaves out blank rows that would not fit; a reviewer adds rows as
needed, and `collect` reads any number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..models import Claim

PT = 2.54 / 72  # centimetres per point
# The average width of a character as a share of the font size: 0.44 matched the
# example worksheet laid out in LibreOffice with Carlito; a little more errs towards more lines.
CHAR_WIDTH = 0.46
# Heights of the fixed parts, in cm, from the styles' sizes and spacing, checked against
# pages LibreOffice laid out.
HEADING_2 = 0.95  # an "In the article"-size heading with the space around it
TABLE_ROW = 0.62  # one line of table text with the cell margins
VERDICT_ROW = 0.75
SIGN_OFF = 1.35  # the spacer paragraph and the initials/date row
EVIDENCE_ROW = 1.33  # a blank row is 1.3 cm high at least, plus its border
FACTS_LINE = 0.65
# A safety margin: the estimate was at most 0.36 cm short on the example worksheet.
SLACK = 0.5


def lines(text: str, width_cm: float, size_pt: float) -> int:
    """How many lines ``text`` takes in a column ``width_cm`` wide at ``size_pt``."""
    per_line = max(1, int(width_cm / (CHAR_WIDTH * size_pt * PT)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def height(text: str, width_cm: float, size_pt: float, line: float = 1.12) -> float:
    """The height of ``text`` set in ``size_pt`` with ``line`` spacing, in cm."""
    return lines(text, width_cm, size_pt) * size_pt * line * 1.2 * PT


def section_height(
    claim: Claim,
    heading: str,
    passage: str,
    earlier: Iterable[str],
    hint: str,
    width_cm: float,
) -> float:
    """The estimated height of a claim section above its evidence table, in cm.

    ``heading`` is the section's title, ``passage`` the article paragraph shown,
    ``earlier`` the claims of the earlier fact-checks shown and ``hint`` the line that
    introduces them.
    """
    total = height(heading, width_cm, 16, 1.05) + (6 + 8) * PT
    if any(getattr(claim, key) for key in ("claimant", "type", "priority", "assignee")):
        total += FACTS_LINE
    if claim.guidance:
        total += height("Guidance  " + claim.guidance, width_cm, 10.5) + 5 * PT
    shown = list(earlier)
    if shown:
        total += HEADING_2 + height(hint, width_cm, 8.5, 1.0) + 2 * PT
        for said in shown:
            total += FACTS_LINE + height(f"“{said}”", width_cm - 0.6, 10.5, 1.2) + 10 * PT
    total += HEADING_2 + height("¶ 00   " + passage, width_cm - 0.6, 10.5, 1.2) + 10 * PT
    total += HEADING_2 + TABLE_ROW  # Sources to consult, and the table's header row
    for source in claim.sources:
        title = source.title or source.url or ""
        shown_text = f"{title}\n{source.url}" if source.url and source.title else title
        left = lines(shown_text, width_cm * 0.5 - 0.4, 9.5)
        right = lines(source.note or "", width_cm * 0.37 - 0.4, 9.5)
        total += max(left, right, 2) * 9.5 * 1.05 * 1.2 * PT + 0.25
    total += HEADING_2 + height("Tick one.", width_cm, 8.5, 1.0) + 2 * VERDICT_ROW
    total += SIGN_OFF
    total += HEADING_2 + TABLE_ROW  # Evidence and notes, and the table's header row
    return total


def evidence_rows(used_cm: float, page_cm: float, most: int, fewest: int = 2) -> int:
    """How many blank evidence rows fit below ``used_cm`` of a ``page_cm`` high page.

    Never fewer than ``fewest``; and when not even one fits, the section runs on to the
    next page whatever is done, so the table keeps all ``most`` rows there.
    """
    fits = int((page_cm - SLACK - used_cm) // EVIDENCE_ROW)
    return most if fits < 1 else max(fewest, min(most, fits))
