"""Cell values as the person who typed them meant them.

Spreadsheets turn what a reviewer types into other things: ``False`` becomes a boolean,
``7`` becomes ``7.0``, a date becomes a date cell or a serial number. These functions
turn a python-calamine cell value (``''``, ``str``, ``float``, ``int``, ``bool``,
``date``, ``datetime``, ``time``, ``timedelta``) back into what the tracker model holds,
or raise :class:`BadValue` with a stable code and a message for a person.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from .. import columns
from ..models import Scale
from ..safety import looks_like_formula

#: Excel's day zero for serial dates (it counts the fictitious 29 February 1900).
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Serial numbers read as dates only in this range: 1990-01-01 .. 2100-12-31.
SERIAL_RANGE = (32874, 73415)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")), 1)
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")

_YES = {"yes", "y", "true", "x", "✓", "✔", "1", "done", "consulted"}
_NO = {"no", "n", "false", "0", "not yet"}
HIGH_PRIORITIES = frozenset({"high", "1", "h", "urgent"})


class BadValue(ValueError):
    """A cell value that cannot mean what its column needs; ``code`` names the kind."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_blank(value: object) -> bool:
    """Whether a cell is empty: ``''``, ``None`` or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str | None:
    """A cell as text, stripped; ``None`` when empty.

    Booleans read back as the word a person typed (``True``/``False``); whole floats
    lose their ``.0``; dates become ISO dates.
    """
    if isinstance(value, str):
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() or None


def integer(value: object) -> int | None:
    """A cell as a whole number (a paragraph number); ``None`` when empty."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue("not-a-number", f"{text(value)!r} is not a whole number")
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    if isinstance(value, str):
        digits = value.strip()
        if re.fullmatch(r"\d+(\.0+)?", digits):
            return int(float(digits))
    raise BadValue("not-a-number", f"{text(value)!r} is not a whole number")


def suggest(value: str, choices: Sequence[str]) -> str | None:
    """The choice ``value`` was probably meant to be, if one is close enough."""
    if not choices:
        return None
    found = process.extractOne(value.casefold(), [c.casefold() for c in choices],
                               scorer=fuzz.ratio, score_cutoff=60)
    return choices[found[2]] if found else None


def _did_you_mean(value: str, choices: Sequence[str]) -> str:
    guess = suggest(value, choices)
    return f' (did you mean "{guess}"?)' if guess else ""


def key(value: str | None) -> str:
    """Text as compared loosely: spacing collapsed, case folded; None as ""."""
    return " ".join((value or "").split()).casefold()


def verdict(value: object, scale: Scale) -> str | None:
    """The scale's label for a Verdict cell, matched ignoring case and spacing.

    >>> from worksheet.scales import load_scale
    >>> verdict(" mostly  TRUE ", load_scale("default"))
    'Mostly true'
    >>> verdict(False, load_scale("default"))
    'False'
    """
    label = text(value)
    if label is None:
        return None
    found = scale.get(label)
    if found is not None:
        return found.label
    if looks_like_formula(label):
        raise BadValue("verdict-formula",
                       f'"{label}" looks like a formula, not a verdict; choose one from the list')
    hint = _did_you_mean(label, scale.labels)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        # LibreOffice can store a typed TRUE/FALSE as the number 1/0.
        hint = " (a spreadsheet may have turned TRUE or FALSE into a number: retype it)"
    raise BadValue("unknown-verdict", f'"{label}" is not a verdict on this scale' + hint)


_STATUS_KEYS = {key(s): s for s in columns.STATUSES}


def status(value: object) -> str | None:
    """The declared status a Status cell names, ignoring case and spacing."""
    label = text(value)
    if label is None:
        return None
    found = _STATUS_KEYS.get(key(label))
    if found is not None:
        return found
    raise BadValue("unknown-status", f'"{label}" is not a status; use one of '
                   + ", ".join(columns.STATUSES) + _did_you_mean(label, columns.STATUSES))


def consulted(value: object) -> str | None:
    """``Yes`` or ``No`` for a Consulted cell (booleans, y/n, x and ticks included)."""
    label = text(value)
    if label is None:
        return None
    folded = key(label)
    if folded in _YES:
        return columns.CONSULTED_CHOICES[0]
    if folded in _NO:
        return columns.CONSULTED_CHOICES[1]
    raise BadValue("unknown-choice", f'"{label}" is not Yes or No')


def _checked(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue("bad-date", f'"{shown}" is not a real date') from None


def _from_serial(value: float) -> dt.date:
    low, high = SERIAL_RANGE
    if not low <= value <= high:
        raise BadValue("bad-date", f"{text(value)} is not a date (expected e.g. 2024-03-05)")
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


def _from_text(shown: str) -> dt.date:
    lowered = key(shown)
    if match := _ISO.fullmatch(lowered) or _YMD.fullmatch(lowered):
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day, shown)
    if match := _NUMERIC.fullmatch(lowered):
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return _checked(year, second, first, shown)
        if second > 12 >= first:
            return _checked(year, first, second, shown)
        if first != second:
            raise BadValue("ambiguous-date", f'"{shown}" could be day/month or month/day; '
                           "write it as yyyy-mm-dd")
        return _checked(year, first, second, shown)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(lowered)
        if match and match.group(month_group) in _MONTHS:
            return _checked(int(match.group(3)), _MONTHS[match.group(month_group)],
                            int(match.group(day_group)), shown)
    if re.fullmatch(r"\d+(\.\d+)?", lowered):
        return _from_serial(float(lowered))
    raise BadValue("bad-date", f'"{shown}" is not a date (expected e.g. 2024-03-05)')


def date(value: object) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text (ISO and unambiguous forms).

    ``07/12/2021`` could be July or December and raises ``ambiguous-date``;
    ``25/12/2021``, ``7 December 2021`` and ``Dec 7, 2021`` are read.
    """
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadValue("bad-date", f"{text(value)} is not a date (expected e.g. 2024-03-05)")
    if isinstance(value, (int, float)):
        return _from_serial(float(value))
    if isinstance(value, str):
        return _from_text(value.strip())
    raise BadValue("bad-date", f"{text(value)} is not a date (expected e.g. 2024-03-05)")


def is_high_priority(priority: object) -> bool:
    """Whether a Priority cell means high priority (high, h, 1, urgent; any case)."""
    label = text(priority)
    return label is not None and key(label) in HIGH_PRIORITIES


def first_match(cells: Iterable[object], wanted: columns.Column) -> int | None:
    """Index of the first cell naming ``wanted``, or ``None``."""
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and cell and wanted.matches(cell):
            return index
    return None
