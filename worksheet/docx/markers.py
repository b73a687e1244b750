"""Markers that let a program find its way around a worksheet a reviewer has filled.

Word and LibreOffice both keep bookmarks (in .docx and .odt alike), while LibreOffice
7.4 drops every content control's ``w:tag``. So the worksheet marks each claim's
section with a bookmark named after the claim's ID, the cover with one naming the
article (a short fingerprint of its title, author, date and address), and the start of
the appendix with a third. Bookmark names are letters, digits and underscores, starting
with a letter, at most 40 characters (Word's rules); the claim ID is spelt into that
alphabet so it can be read back, or hashed when too long to fit.
"""

from __future__ import annotations

import hashlib
import re

from ..models import ArticleMeta
from ..tracker.normalise import key

PREFIX = "ws_"
CLAIM = PREFIX + "c_"
HASHED_CLAIM = PREFIX + "h_"
ARTICLE = PREFIX + "article_"
APPENDIX = PREFIX + "appendix"
#: Word refuses longer bookmark names.
MAX_NAME = 40
_PLAIN = re.compile(r"[A-Za-z0-9]")
_ESCAPE = re.compile(r"_([0-9a-f]{4})")


def _digest(text: str, size: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def claim_bookmark(claim_id: str) -> str:
    """The bookmark name marking the section of ``claim_id``.

    >>> claim_bookmark("C3"), claim_bookmark("C-3")
    ('ws_c_C3', 'ws_c_C_002d3')
    """
    spelt = "".join(ch if _PLAIN.fullmatch(ch) else f"_{ord(ch) & 0xFFFF:04x}"
                    for ch in claim_id)
    name = CLAIM + spelt
    if len(name) <= MAX_NAME and all(ord(ch) <= 0xFFFF for ch in claim_id):
        return name
    return HASHED_CLAIM + _digest(claim_id, MAX_NAME - len(HASHED_CLAIM))


def claim_from_bookmark(name: str) -> str | None:
    """The claim ID a claim bookmark spells; None for other bookmarks and hashed IDs."""
    if not name.startswith(CLAIM):
        return None
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name[len(CLAIM):])


def is_claim_bookmark(name: str) -> bool:
    """Whether ``name`` marks a claim's section (spelt or hashed)."""
    return name.startswith((CLAIM, HASHED_CLAIM))


def bookmark_matches(name: str, claim_id: str) -> bool:
    """Whether the claim bookmark ``name`` was made for ``claim_id``."""
    return claim_bookmark(claim_id) == name


def fingerprint(meta: ArticleMeta) -> str:
    """A short fingerprint of an article's title, author, date and address."""
    parts = [key(value) for value in (meta.title, meta.author, meta.date, meta.url)]
    return _digest("\n".join(parts), 12)


def article_bookmark(meta: ArticleMeta) -> str:
    """The bookmark on the cover naming the article the worksheet is for."""
    return ARTICLE + fingerprint(meta)


def article_from_bookmark(name: str) -> str | None:
    """The article fingerprint an article bookmark carries, or None."""
    return name[len(ARTICLE):] if name.startswith(ARTICLE) else None
