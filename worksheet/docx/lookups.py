"""What python-docx looks up on every call, looked up once per document.

python-docx finds the end of the body, a style's id, the page's text width, the next
relationship id and the next comment id by scanning the document each time. For a page
that is nothing; for a worksheet it made the time grow with the square of the claims
(1,000 claims took over two minutes). These helpers make the same edits, each lookup
done once per document (or part) and remembered.

They assume what the writers guarantee: content is only ever added at the end of the
body, one section (the template's body is cleared), and styles are not added or removed
while writing.
"""

from __future__ import annotations

import copy
import datetime as dt
import weakref
from collections.abc import Callable
from typing import Any

from docx.comments import Comment
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Inches
from docx.styles import BabelFish
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run


class _PartState:
    """Lookups remembered for one part (the document, a header, a footer)."""

    def __init__(self) -> None:
        self.styles: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        self.style_index: dict[tuple[str, WD_STYLE_TYPE], str | None] | None = None
        self.has_style: dict[str, bool] = {}
        self.sect_pr: Any = None
        self.area: tuple[int, int] | None = None
        self.links: dict[str, str] | None = None
        self.next_rid = 1
        self.comments: Any = None
        self.next_comment_id = 0
        self.stamps: dict[object, list[Any]] = {}


_STATES: weakref.WeakKeyDictionary[Any, _PartState] = weakref.WeakKeyDictionary()


def _state(part: Any) -> _PartState:
    state = _STATES.get(part)
    if state is None:
        state = _STATES[part] = _PartState()
    return state


def forget(part: Any) -> None:
    """Drop what is remembered of ``part`` (after changing its page size, say)."""
    _STATES.pop(part, None)


def forget_document(doc: Any) -> None:
    """Drop what is remembered of every part of a finished document.

    What is remembered refers back to its part, so the weak keys alone never let a
    document go: a batch of builds in one process grew by the whole document each time.
    """
    for part in doc.part.package.iter_parts():
        _STATES.pop(part, None)


def style_id(part: Any, name: str, kind: WD_STYLE_TYPE) -> str | None:
    """The id of the style called ``name`` (None for the default style of its kind)."""
    state = _state(part)
    key = (name, kind)
    if key not in state.styles:
        found = _index(part, state).get((BabelFish.ui2internal(name), kind), _ASK)
        state.styles[key] = part.get_style_id(name, kind) if found is _ASK else found
    return state.styles[key]


_ASK = object()
_STYLE, _NAME, _TYPE, _DEFAULT, _STYLE_ID = (qn("w:style"), qn("w:name"), qn("w:type"),
                                             qn("w:default"), qn("w:styleId"))
_ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def _index(part: Any, state: _PartState) -> dict[tuple[str, WD_STYLE_TYPE], str | None]:
    """What python-docx's ``get_style_id`` answers for each style name, found in one pass.

    It searches the styles part for the name, then reads every style again for its
    kind's default: milliseconds a lookup, for each style in each document. Keyed by
    the name as styles.xml spells it; whatever is not plain (a name it cannot search
    for, a value it would refuse) is left out, and asked of python-docx as before.
    """
    if state.style_index is not None:
        return state.style_index
    index: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
    state.style_index = index
    kinds = {member.xml_value: member for member in WD_STYLE_TYPE}
    first: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for elm in part.styles.element.iterchildren(_STYLE):
        kind, default = elm.get(_TYPE), elm.get(_DEFAULT)
        if (kind is not None and kind not in kinds) or \
                (default is not None and default not in _ON_OFF):
            return index  # python-docx would refuse this file's styles: let it say so
        if kind is not None and default is not None and _ON_OFF[default]:
            defaults[kind] = elm  # python-docx takes the last default of a kind
        name = elm.find(_NAME)
        value = None if name is None else name.get(_VAL)
        if value is not None and '"' not in value:
            first.setdefault(value, elm)  # the first style of a name, as its search
    for value, elm in first.items():
        kind = elm.get(_TYPE)
        if kind is not None:  # python-docx fails on a style with no type: let it
            index[(value, kinds[kind])] = (None if defaults.get(kind) is elm
                                           else elm.get(_STYLE_ID))
    return index


def has_style(part: Any, name: str) -> bool:
    """Whether the document holding ``part`` has a style called ``name``."""
    main = part.package.main_document_part
    state = _state(main)
    if name not in state.has_style:
        state.has_style[name] = name in main.styles
    return state.has_style[name]


def set_paragraph_style(paragraph: Paragraph, name: str | None) -> None:
    """``paragraph.style = name``, the style's id looked up once."""
    if name is None:
        return
    value = style_id(paragraph.part, name, WD_STYLE_TYPE.PARAGRAPH)
    if value is None or not _put_first(paragraph._p, _PPR, "w:pPr", _PSTYLE, "w:pStyle",
                                       value):
        paragraph._p.style = value


def set_run_style(run: Run, name: str) -> None:
    """``run.style = name``, the style's id looked up once."""
    value = style_id(run.part, name, WD_STYLE_TYPE.CHARACTER)
    if value is None or not _put_first(run._r, _RPR, "w:rPr", _RSTYLE, "w:rStyle", value):
        run._r.style = value


_PPR, _PSTYLE, _RPR, _RSTYLE, _VAL = (qn("w:pPr"), qn("w:pStyle"), qn("w:rPr"),
                                      qn("w:rStyle"), qn("w:val"))


def _put_first(owner: Any, props: str, props_tag: str, child: str, child_tag: str,
               value: str) -> bool:
    """Set ``owner``'s properties' first child (the style) to ``value``, as python-docx would.

    python-docx finds where the properties and the style go by trying every tag that may
    follow them, a tenth of a worksheet's time; by the schema both come first. Only the
    cases where python-docx puts them first too are done here (an element still empty,
    or holding them already first); for any other, returns False and changes nothing.
    """
    pr = _first_child(owner, props, props_tag)
    style = None if pr is None else _first_child(pr, child, child_tag)
    if style is None:
        return False
    style.set(_VAL, value)
    return True


def _first_child(parent: Any, clark: str, tag: str) -> Any:
    """``parent``'s first child if it is a ``clark``; a new one in an empty ``parent``."""
    if len(parent) == 0:
        found = OxmlElement(tag)
        parent.append(found)
        return found
    return parent[0] if parent[0].tag == clark else None


def body_end(doc: Any) -> Any:
    """The body's section properties, before which every new block goes."""
    state = _state(doc.part)
    if state.sect_pr is None:
        body = doc.element.body
        state.sect_pr = body.find(qn("w:sectPr"))
        if state.sect_pr is None:
            state.sect_pr = OxmlElement("w:sectPr")
            body.append(state.sect_pr)
    return state.sect_pr


def set_body_end(doc: Any, end: Any) -> Any:
    """Add new blocks before ``end`` from now on (see :mod:`.spill`); the previous end."""
    previous = body_end(doc)
    _state(doc.part).sect_pr = end
    return previous


def add_paragraph(doc: Any, style: str | None = None) -> Paragraph:
    """An empty paragraph at the end of the body, like ``doc.add_paragraph(style=style)``."""
    p = OxmlElement("w:p")
    body_end(doc).addprevious(p)
    paragraph = Paragraph(p, doc._body)
    set_paragraph_style(paragraph, style)
    return paragraph


def stamp(doc: Any, key: object, build: Callable[[], object]) -> list[Any]:
    """The blocks ``build`` adds to the end of the body: built once per ``key``, then copied.

    For what is the same in every claim's section (the verdict boxes, the evidence
    table): copying the XML costs a fraction of building it again with python-docx.
    Returns the blocks added this time, so the caller can fill in what differs (a
    checkbox's tag). What ``build`` adds must not refer to relationships or comments.
    """
    end = body_end(doc)
    saved = _state(doc.part).stamps.get(key)
    if saved is None:
        before = end.getprevious()
        build()
        added = []
        block = end.getprevious()
        while block is not None and block is not before:
            added.append(block)
            block = block.getprevious()
        added.reverse()
        _state(doc.part).stamps[key] = [copy.deepcopy(b) for b in added]
        return added
    copies = [copy.deepcopy(b) for b in saved]
    for block in copies:
        end.addprevious(block)
    return copies


def text_area(doc: Any) -> tuple[int, int]:
    """Width and height of the page between its margins, in EMU."""
    state = _state(doc.part)
    if state.area is None:
        section = doc.sections[-1]
        one = Inches(1)
        state.area = (
            int((section.page_width or Inches(8.5)) - (section.left_margin or one)
                - (section.right_margin or one)),
            int((section.page_height or Inches(11)) - (section.top_margin or one)
                - (section.bottom_margin or one)),
        )
    return state.area


def text_width(doc: Any) -> int:
    """Width between the margins of the page, in EMU."""
    return text_area(doc)[0]


def add_table(doc: Any, rows: int, cols: int, style: str | None = None) -> Table:
    """A table at the end of the body, like ``doc.add_table(rows, cols, style)``."""
    tbl = CT_Tbl.new_tbl(rows, cols, Emu(text_width(doc)))
    body_end(doc).addprevious(tbl)
    table = Table(tbl, doc._body)
    tbl.tblStyle_val = style_id(doc.part, style, WD_STYLE_TYPE.TABLE) if style else None
    return table


def relate_link(part: Any, url: str) -> str:
    """The id of an external hyperlink relationship of ``part`` to ``url``, added if new."""
    state = _state(part)
    rels = part.rels
    if state.links is None:
        state.links = {rel.target_ref: r_id for r_id, rel in rels.items()
                       if rel.is_external and rel.reltype == RT.HYPERLINK}
    r_id = state.links.get(url)
    if r_id is None:
        while f"rId{state.next_rid}" in rels:
            state.next_rid += 1
        r_id = f"rId{state.next_rid}"
        rels.add_relationship(RT.HYPERLINK, url, r_id, is_external=True)
        state.links[url] = r_id
    return r_id


def add_comment(doc: Any, runs: list[Run], text: str, author: str, initials: str) -> None:
    """``doc.add_comment(runs, text, author, initials)``, the next id counted, not searched."""
    state = _state(doc.part)
    if state.comments is None:
        comments_part = doc.part._comments_part
        state.comments = comments_part
        used = [int(x) for x in comments_part.element.xpath("./w:comment/@w:id")]
        state.next_comment_id = max(used, default=-1) + 1
    comment_id = state.next_comment_id
    state.next_comment_id += 1
    # The element python-docx's CT_Comments.add_comment makes, with our id.
    elm = parse_xml(
        f'<w:comment {nsdecls("w")} w:id="{comment_id}" w:author="">'
        '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        "</w:p></w:comment>"
    )
    state.comments.element.append(elm)
    elm.author = author
    elm.initials = initials
    elm.date = dt.datetime.now(dt.timezone.utc)
    comment = Comment(elm, state.comments)
    lines = text.split("\n")
    comment.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        comment.add_paragraph(text=line)
    runs[0].mark_comment_range(runs[-1], comment_id)
