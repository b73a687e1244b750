"""Dropdowns, date checks and verdict colours on the tracker's reviewer columns.

Each is one range rule reaching past the data into the margin rows, never a rule per
cell: a reviewer's added rows get them too, and a big tracker stays fast to write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from .. import columns
from ..models import Scale
from . import styles
from .layout import CONSULTED_LIST, STATUS_LIST, VERDICT_LIST, column_index

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _range(key: str, last: int, cols: tuple[columns.Column, ...] = columns.CLAIM_COLUMNS) -> str:
    letter = get_column_letter(column_index(key, cols))
    return f"{letter}2:{letter}{last}"


def list_validation(name: str, what: str, prompt: str) -> DataValidation:
    """A dropdown from the defined name ``name`` that refuses anything else."""
    return DataValidation(
        # The file stores formulas without the "=" the formula bar shows: Excel may drop
        # a validation stored as "=Name" when it repairs the file.
        type="list", formula1=name, allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle=f"Not a {what}",
        error=f"Choose a {what} from the list.",
        showInputMessage=True, promptTitle=what.capitalize(), prompt=prompt,
    )


def date_validation() -> DataValidation:
    """A check that the cell holds a date in a believable range."""
    return DataValidation(
        type="date", operator="between", allow_blank=True,
        formula1=str(int(to_excel(EARLIEST_DATE))), formula2=str(int(to_excel(LATEST_DATE))),
        showErrorMessage=True, errorStyle="stop", errorTitle="Not a date",
        error=f"Enter a date between {EARLIEST_DATE} and {LATEST_DATE}, e.g. 2024-03-05.",
        showInputMessage=True, promptTitle="Checked on",
        prompt="The date you finished checking, as yyyy-mm-dd.",
    )


def add_claim_checks(ws: Any, last: int) -> None:
    """Dropdowns on Verdict, Status and Second verdict, a date check on Checked on."""
    checks = (
        ("verdict", list_validation(VERDICT_LIST, "verdict",
                                    "Pick the rating from the scale (see the Scale sheet).")),
        ("status", list_validation(STATUS_LIST, "status", "Where this claim's check stands.")),
        ("checked_on", date_validation()),
    )
    for key, validation in checks:
        validation.add(_range(key, last))
        ws.data_validations.append(validation)
    # The second check picks from the same list (one rule, two ranges).
    checks[0][1].add(_range("second_verdict", last))


def add_source_checks(ws: Any, last: int) -> None:
    """A Yes/No dropdown on the Sources sheet's Consulted column."""
    validation = list_validation(CONSULTED_LIST, "choice", "Yes when you have consulted it.")
    validation.add(_range("consulted", last, columns.SOURCE_COLUMNS))
    ws.data_validations.append(validation)


def quoted(text: str) -> str:
    """``text`` as a string literal inside a spreadsheet formula."""
    return '"' + text.replace('"', '""') + '"'


def add_claim_colours(ws: Any, scale: Scale, last: int) -> None:
    """Colour each Verdict cell with its verdict's colour, each Status cell lightly."""
    verdicts = f'{_range("verdict", last)} {_range("second_verdict", last)}'
    for verdict in scale.verdicts:
        ws.conditional_formatting.add(verdicts, CellIsRule(
            operator="equal", formula=[quoted(verdict.label)], fill=styles.solid(verdict.colour)))
    statuses = _range("status", last)
    for status, colour in styles.STATUS_COLOURS.items():
        ws.conditional_formatting.add(statuses, CellIsRule(
            operator="equal", formula=[quoted(status)], fill=styles.solid(colour)))
