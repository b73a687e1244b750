"""The summary as CSV: one row per claim, for pasting into a newsroom's sheet or tool.

Every value goes through :func:`worksheet.safety.csv_safe`, so a reviewer's ``=...``
stays text when the CSV is opened in a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from ..safety import csv_safe
from ..summary import ClaimLine, Summary

FIELDS: tuple[str, ...] = ("id", "claim", "verdict", "status", "reviewer", "checked_on",
                           "evidence", "notes")


def _value(line: ClaimLine, name: str) -> str:
    value = getattr(line, name)
    if value is None:
        return ""
    return csv_safe(value.isoformat() if hasattr(value, "isoformat") else str(value))


def render(summary: Summary) -> str:
    """A header row then one row per claim (withdrawn ones included, with their status)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for line in summary.claims:
        writer.writerow([_value(line, name) for name in FIELDS])
    return out.getvalue()
