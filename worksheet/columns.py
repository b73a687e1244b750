"""The tracker's layout, declared once.

The xlsx writer lays out sheets from these declarations and the tracker reader finds
columns by the same headers, so the two cannot drift apart. Change a header here and
both follow; keep the old header in ``aliases`` so trackers already sent out still read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Bump when the tracker's layout changes in a way a reader must know about.
TRACKER_FORMAT = "1"

Kind = Literal["text", "integer", "number", "date", "verdict", "status", "choice"]


@dataclass(frozen=True)
class Column:
    """One column of a tracker sheet."""

    key: str
    header: str
    width: float
    kind: Kind = "text"
    reviewer: bool = False
    """True when a reviewer fills this column in; the tool never overwrites it."""
    aliases: tuple[str, ...] = ()
    wrap: bool = True
    optional: bool = False
    """True when trackers made before the column existed lack it: no warning then."""

    def matches(self, header: object) -> bool:
        """Whether a header cell names this column, ignoring case and spacing."""
        text = " ".join(str(header).split()).casefold()
        return text in {self.header.casefold(), self.key.casefold()} | {
            a.casefold() for a in self.aliases
        }


CLAIMS_SHEET = "Claims"
SOURCES_SHEET = "Sources"
SUMMARY_SHEET = "Summary"
SCALE_SHEET = "Scale"
ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"
CONFLICTS_SHEET = "Conflicts"
#: Excel reserves the sheet name "History" (its change tracking) and refuses a workbook
#: using it, so the history sheet has a longer name; "History" is still read.
HISTORY_SHEET = "Change history"
HISTORY_SHEET_ALIASES = ("History",)
PRIOR_SHEET = "Checked before"

CLAIM_COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", 7, wrap=False),
    Column("claim", "Claim", 48),
    Column("passage", "Article passage", 56),
    Column("paragraph", "Paragraph", 10, kind="integer", aliases=("para", "¶")),
    Column("type", "Type", 12),
    Column("claimant", "Claimant", 16),
    Column("priority", "Priority", 10),
    Column("sources", "Sources to consult", 44, aliases=("sources",)),
    Column("verdict", "Verdict", 16, kind="verdict", reviewer=True, wrap=False),
    # Wide enough for "Needs second check" in the widest fallback font.
    Column("status", "Status", 20, kind="status", reviewer=True, wrap=False),
    Column("reviewer", "Reviewer", 14, reviewer=True),
    Column("checked_on", "Checked on", 12, kind="date", reviewer=True, wrap=False,
           aliases=("date", "checked")),
    Column("evidence", "Evidence", 44, reviewer=True),
    Column("notes", "Notes", 36, reviewer=True),
    # A second, independent check of the same claim (see worksheet.team.agreement).
    Column("second_verdict", "Second verdict", 16, kind="verdict", reviewer=True, wrap=False,
           optional=True),
    Column("second_reviewer", "Second reviewer", 14, reviewer=True, optional=True),
)

SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "Claim ID", 9, wrap=False, aliases=("id", "claim")),
    Column("source", "Source", 44),
    Column("url", "URL", 48),
    Column("consulted", "Consulted", 11, kind="choice", reviewer=True, wrap=False),
    Column("notes", "Notes", 44, reviewer=True),
)

#: The Conflicts sheet: one row per value found in a conflict (see worksheet.team.merge).
CONFLICT_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "Claim ID", 9, wrap=False, aliases=("id",)),
    Column("column", "Column", 16),
    Column("kept", "Kept in tracker", 20),
    Column("value", "Value", 28),
    Column("place", "From (file and cell)", 34),
    Column("reviewer", "Reviewer", 14),
    Column("saved", "Saved", 25, wrap=False),
    Column("found", "Found by", 32),
    Column("resolved", "Resolved", 16, reviewer=True),
)

#: The Change history sheet: one row per change the tool made to a reviewer cell.
HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("when", "When", 25, wrap=False),
    Column("claim_id", "Claim ID", 9, wrap=False, aliases=("id",)),
    Column("column", "Column", 16),
    Column("old", "Old value", 28),
    Column("new", "New value", 28),
    Column("place", "From (file and cell)", 34),
    Column("command", "Command", 24),
)

#: The "Checked before" sheet (written with ``build --prior``): each claim's best earlier
#: fact-check. The tool's own information, not a reviewer's: rebuilt on every build.
PRIOR_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "Claim ID", 9, wrap=False),
    Column("claim", "Claim", 40),
    Column("claim_reviewed", "Checked before as", 44),
    Column("rating", "Verdict", 16),
    Column("publisher", "Checked by", 20),
    Column("date", "Date", 11, wrap=False),
    Column("url", "Link", 40),
    Column("score", "Match (0-1)", 10, kind="number", wrap=False),
)

#: Statuses in workflow order; the first is what a new claim starts as.
STATUSES: tuple[str, ...] = ("Not started", "In progress", "Needs second check", "Done",
                             "Withdrawn")
NOT_STARTED, IN_PROGRESS, SECOND_CHECK, DONE, WITHDRAWN = STATUSES
CONSULTED_CHOICES: tuple[str, ...] = ("Yes", "No")


def column(key: str, columns: tuple[Column, ...] = CLAIM_COLUMNS) -> Column:
    """The column with this key."""
    for col in columns:
        if col.key == key:
            return col
    raise KeyError(key)


def reviewer_keys(columns: tuple[Column, ...] = CLAIM_COLUMNS) -> tuple[str, ...]:
    """Keys of the columns a reviewer fills in."""
    return tuple(c.key for c in columns if c.reviewer)
