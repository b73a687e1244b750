"""What the tracker writer lays out beyond the column declaration.

The Scale and About sheets, the hidden Lists sheet's defined names and the Summary's
labels are declared here so the reader can find them by the same strings.
"""

from __future__ import annotations

from .. import columns

#: Defined names of the dropdown lists on the hidden Lists sheet.
VERDICT_LIST = "VerdictList"
STATUS_LIST = "StatusList"
CONSULTED_LIST = "ConsultedList"

#: Lists sheet: one column per list, header in row 1, items from row 2.
LISTS: tuple[tuple[str, str], ...] = (
    (VERDICT_LIST, "Verdicts"),
    (STATUS_LIST, "Statuses"),
    (CONSULTED_LIST, "Consulted"),
)

#: Scale sheet header, one verdict per row below it.
SCALE_HEADERS: tuple[str, ...] = ("Verdict", "Definition", "Colour", "Rating")

# About sheet keys (column A; the value sits in column B).
ABOUT_TITLE = "Title"
ABOUT_AUTHOR = "Author"
ABOUT_PUBLISHER = "Publisher"
ABOUT_DATE = "Date"
ABOUT_URL = "URL"
ABOUT_SCALE = "Scale"
ABOUT_SCALE_TITLE = "Scale title"
ABOUT_SCALE_DESCRIPTION = "Scale description"
ABOUT_BEST = "Best rating"
ABOUT_WORST = "Worst rating"
ABOUT_VERSION = "Tool version"
ABOUT_FORMAT = "Tracker format"
ABOUT_BUILT = "Built"

#: About keys holding the article's metadata, by ArticleMeta field.
ABOUT_META: tuple[tuple[str, str], ...] = (
    ("title", ABOUT_TITLE),
    ("author", ABOUT_AUTHOR),
    ("publisher", ABOUT_PUBLISHER),
    ("date", ABOUT_DATE),
    ("url", ABOUT_URL),
)

# Summary sheet labels.
SUMMARY_TOTAL = "Claims"
SUMMARY_SHARE_DONE = "Share done"
SUMMARY_NO_VERDICT = "No verdict yet"
SUMMARY_VERDICT_HEADER = ("Verdict", "Claims")
SUMMARY_STATUS_HEADER = ("Status", "Claims")

#: Empty rows below the data that still get dropdowns, formats and are counted.
MARGIN_ROWS = 100
#: Validations and formats reach at least this row, however few the claims.
MIN_LAST_ROW = 500


def last_row(n_rows: int) -> int:
    """The last sheet row that dropdowns, formats and Summary formulas cover."""
    return max(n_rows + 1 + MARGIN_ROWS, MIN_LAST_ROW)


def column_index(key: str, cols: tuple[columns.Column, ...] = columns.CLAIM_COLUMNS) -> int:
    """The 1-based sheet column of the declared column ``key``."""
    return [c.key for c in cols].index(key) + 1
