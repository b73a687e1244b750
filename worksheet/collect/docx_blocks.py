"""A .docx (as Word or LibreOffice saved it) as blocks: see :mod:`.blocks`.

The XML is read with lxml directly, entity expansion and network access off. Tracked
changes are taken as accepted (deleted text and deleted table rows dropped, inserted
text kept) and counted; comments live in their own part and are never read.
"""

from __future__ import annotations

import zipfile
from functools import partial
from typing import Any

from lxml import etree

from .blocks import Block, Box, Cell, Document, Para, Table, box_in_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC = "http://purl.org/dc/elements/1.1/"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT_PART = "word/document.xml"
RELS_PART = "word/_rels/document.xml.rels"
CORE_PART = "docProps/core.xml"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


_TEXT_TAGS = (w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"))
_CELL_TEXT_TAGS = (*_TEXT_TAGS, w("p"))
_CHANGES = (w("ins"), w("del"), w("moveFrom"), w("moveTo"))
_SDT, _SDT_CONTENT, _SDT_PR = w("sdt"), w("sdtContent"), w("sdtPr")
_CHECKBOX, _CHECKED = f"{{{W14}}}checkbox", f"{{{W14}}}checked"
_WRAPPERS = (_SDT, w("customXml"), w("smartTag"))
_TRUE = {"1", "true", "on"}
_P, _TBL, _BOOKMARK = w("p"), w("tbl"), w("bookmarkStart")


def parser() -> etree.XMLParser:
    """An XML parser that expands no entities and fetches nothing."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True, remove_comments=True, remove_pis=True)


def parse_part(archive: zipfile.ZipFile, name: str) -> Any:
    """A part of the package parsed safely; None when the package lacks it."""
    try:
        data = archive.read(name)
    except KeyError:
        return None
    return etree.fromstring(data, parser())


def _accept_changes(root: Any) -> int:
    """Make the tree read as if every tracked change were accepted; how many there were."""
    changes = sum(1 for _ in root.iter(*_CHANGES))
    if changes:
        for tr_pr_del in root.iterfind(f".//{w('trPr')}/{w('del')}"):
            row = tr_pr_del.getparent().getparent()
            row.getparent().remove(row)
        # Deleted runs and moved-away text go; inserted ones stay, unwrapped.
        etree.strip_elements(root, w("del"), w("moveFrom"), with_tail=False)
        etree.strip_tags(root, w("ins"), w("moveTo"))
    # Drawings give their text twice (the modern choice and a fallback): keep one.
    etree.strip_elements(root, f"{{{MC}}}Fallback", with_tail=False)
    return changes


_SPELT = {w("tab"): "\t", w("noBreakHyphen"): "-", w("br"): "\n", w("cr"): "\n",
          w("p"): "\n"}


def text_of(el: Any, tags: tuple[str, ...] = _TEXT_TAGS) -> str:
    """The visible text under ``el``: text runs, tabs and line breaks.

    With the paragraph tag among ``tags`` (a table cell's text), each paragraph starts
    a new line.
    """
    t, spelt = _TEXT_TAGS[0], _SPELT
    return "".join([(node.text or "") if node.tag == t else spelt[node.tag]
                    for node in el.iter(*tags)])


def _box(sdt: Any) -> Box | None:
    pr = sdt.find(_SDT_PR)
    box = pr.find(_CHECKBOX) if pr is not None else None
    if box is None:
        return None
    checked = box.find(_CHECKED)
    state = checked is not None and (checked.get(f"{{{W14}}}val") or "").lower() in _TRUE
    content = sdt.find(_SDT_CONTENT)
    return Box(state, text_of(content) if content is not None else "")


def _cell(tc: Any, links: dict[str, str]) -> Cell:
    text = text_of(tc, _CELL_TEXT_TAGS)[1:]  # each paragraph starts a line: not the first
    boxes = [b for sdt in tc.iter(_SDT) if (b := _box(sdt)) is not None]
    if not boxes and (typed := box_in_text(text)) is not None:
        boxes = [typed]
    targets = [links[rid] for link in tc.iter(w("hyperlink"))
               if (rid := link.get(f"{{{R}}}id")) in links]
    return Cell(text, boxes, targets)


def _children(el: Any, tag: str) -> list[Any]:
    """``el``'s children called ``tag``, looking through content-control wrappers."""
    found = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                found += _children(inner, tag)
    return found


def _table(tbl: Any, links: dict[str, str]) -> Table:
    return Table([[_cell(tc, links) for tc in _children(tr, w("tc"))]
                  for tr in _children(tbl, w("tr"))])


def _bookmarks(body: Any) -> dict[Any, list[str]]:
    """The names of the bookmarks starting in each paragraph (one pass over the body)."""
    found: dict[Any, list[str]] = {}
    for start in body.iter(w("bookmarkStart")):
        paragraph = start if start.getparent() is body else next(
            (a for a in start.iterancestors(w("p"))), None)
        if paragraph is not None:
            found.setdefault(paragraph, []).append(start.get(w("name")) or "")
    return found


def _blocks(parent: Any, links: dict[str, str], marks: dict[Any, list[str]],
            out: list[Block], pending: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if tag == _P:
            out.append(Para(partial(text_of, child), pending + marks.get(child, [])))
            pending.clear()
        elif tag == _TBL:
            out.append(_table(child, links))
        elif tag == _BOOKMARK:
            pending.append(child.get(w("name")) or "")
        elif tag in _WRAPPERS:
            inner = child.find(_SDT_CONTENT) if tag == _SDT else child
            if inner is not None:
                _blocks(inner, links, marks, out, pending)


def _links(archive: zipfile.ZipFile) -> dict[str, str]:
    rels = parse_part(archive, RELS_PART)
    if rels is None:
        return {}
    return {rel.get("Id"): rel.get("Target") or ""
            for rel in rels.iter(f"{{{PKG_REL}}}Relationship")
            if rel.get("TargetMode") == "External"}


def title_and_subject(archive: zipfile.ZipFile, part: str) -> tuple[str, str]:
    """The document's title and subject from its properties part (Dublin Core)."""
    props = parse_part(archive, part)
    if props is None:
        return "", ""
    found = [props.find(f".//{{{DC}}}{name}") for name in ("title", "subject")]
    return tuple((el.text or "") if el is not None else "" for el in found)  # type: ignore[return-value]


def read_docx(archive: zipfile.ZipFile) -> Document:
    """The blocks of a .docx package's body (see :mod:`.blocks`)."""
    root = parse_part(archive, DOCUMENT_PART)
    body = root.find(w("body")) if root is not None else None
    if body is None:
        raise ValueError("the document has no body")
    pending = _accept_changes(body)
    blocks: list[Block] = []
    _blocks(body, _links(archive), _bookmarks(body), blocks, [])
    title, subject = title_and_subject(archive, CORE_PART)
    return Document(blocks, title, subject, pending)
