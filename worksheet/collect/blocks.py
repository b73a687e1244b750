"""A filled worksheet as plain blocks: paragraphs and tables of cells, whatever saved it.

Word and LibreOffice write the same worksheet in different XML (.docx, or .odt with
``loext:content-control``); :mod:`.docx_blocks` and :mod:`.odt_blocks` turn either into
these few types, and everything after works on them alone. Text is the *accepted*
text: tracked deletions are left out, insertions kept, comments dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: Glyphs that mean a box is ticked, whether the box is a control or typed text.
TICKS = frozenset("☒☑✓✔✗✘xX🗹⊠■")
#: Ticks that are letters: typed as text they are a box only where a box is expected
#: (an evidence cell may well start "X-ray report").
LETTER_TICKS = frozenset("xX")
#: Glyphs of an empty box.
EMPTY_BOXES = frozenset("☐□")


@dataclass
class Box:
    """A checkbox: its control's state (None when it is only a typed glyph) and glyph."""

    state: bool | None
    glyph: str

    @property
    def ticked(self) -> bool | None:
        """Ticked? The control's state first, then the glyph; None when neither tells.

        Clicking in Word or LibreOffice sets both; LibreOffice's API sets the state
        alone; typing ☒ or X over the box sets the glyph alone. Either is a tick.
        """
        glyph = self.glyph.strip()
        if self.state or (glyph and glyph[0] in TICKS):
            return True
        if self.state is False or not glyph or glyph[0] in EMPTY_BOXES:
            return False
        return None


@dataclass
class Cell:
    """One table cell: its text (box glyphs included), its checkboxes and its links."""

    text: str
    boxes: list[Box] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def boxes_where_expected(self) -> list[Box]:
        """The cell's boxes, counting an X typed in place of a deleted box."""
        if self.boxes:
            return self.boxes
        typed = box_in_text(self.text, letters=True)
        return [typed] if typed is not None else []


class Para:
    """One paragraph (or heading): its text and the bookmarks that start in it.

    The text may be given as a function, read only when asked for: most paragraphs of
    a worksheet (its appendix is the whole article) are never looked at.
    """

    __slots__ = ("_text", "bookmarks")

    def __init__(self, text: str | Callable[[], str], bookmarks: list[str] | None = None,
                 ) -> None:
        self._text = text
        self.bookmarks = bookmarks or []

    @property
    def text(self) -> str:
        """The paragraph's accepted text."""
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text


@dataclass
class Table:
    """A table's rows of cells (rows deleted as tracked changes are left out)."""

    rows: list[list[Cell]]


Block = Para | Table


@dataclass
class Document:
    """A worksheet's body as blocks, its title and subject, and its pending changes."""

    blocks: list[Block]
    title: str = ""
    subject: str = ""
    pending_changes: int = 0
    """Tracked changes nobody accepted or rejected yet (read as if accepted)."""


def box_in_text(text: str) -> Box | None:
    """A box typed as text at the start of ``text`` (☐, ☒, X…), when the control is gone."""
    stripped = text.lstrip(" \t[(")
    if not stripped:
        return None
    first = stripped[0]
    if first in EMPTY_BOXES or (first in TICKS and (len(stripped) == 1
                                                  or not stripped[1].isalnum())):
        return Box(None, first)
    return None
