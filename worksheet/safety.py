"""Making untrusted text safe for Office files and exports.

Text from articles, claims and reviewers is data, never code: control characters that
Office files cannot hold are removed, and text that a spreadsheet would run as a formula
is kept as text (CWE-1236).
"""

from __future__ import annotations

import re

# XML 1.0 forbids these; openpyxl raises IllegalCharacterError and python-docx
# writes a file Word refuses.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Excel and LibreOffice cut a cell's text here.
CELL_LIMIT = 32_767
CUT_MARKER = " […cut: full text in the worksheet]"


def has_illegal(text: str) -> bool:
    """Whether ``text`` holds characters an Office file cannot."""
    return _ILLEGAL.search(text) is not None


def clean(text: str) -> str:
    """``text`` without the control characters Office files cannot hold."""
    return _ILLEGAL.sub("", text)


_XSTRING_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def escape_xstring(text: str) -> str:
    """Text for an xlsx cell in which ``_x0041_`` stays those seven characters.

    Spreadsheet readers (Excel, LibreOffice, calamine) decode ``_xHHHH_`` in cell text as
    the character HHHH; Excel writes a literal one with its underscore escaped, and so
    do we (ECMA-376 ST_Xstring).
    """
    return _XSTRING_ESCAPE.sub("_x005F_", text)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula or command."""
    return text.startswith(FORMULA_PREFIXES)


def csv_safe(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will not run (OWASP's CSV injection advice)."""
    return "'" + text if looks_like_formula(text) else text


def fit_cell(text: str) -> tuple[str, bool]:
    """Text cut to fit a spreadsheet cell, with a marker; and whether it was cut."""
    if len(text) <= CELL_LIMIT:
        return text, False
    return text[: CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER, True
