"""Small pieces of OOXML that python-docx has no API for.

Hyperlinks (python-docx issue 74), page-number fields (issue 640), checkbox content
controls, cell shading and borders. Each helper writes the element in the position the
schema requires: Word refuses files whose property elements are out of order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_TblPr, CT_TcPr
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..models import check_url
from ..safety import clean
from . import lookups

CHECKED = "☒"
UNCHECKED = "☐"
CHECKBOX_FONT = "MS Gothic"

#: Child order of ``w:tcPr`` (ECMA-376 CT_TcPr); python-docx declares only some.
_TCPR_SEQ = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)
#: Child order of ``w:tblPr`` (ECMA-376 CT_TblPr).
_TBLPR_SEQ = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)
#: Child order of ``w:rPr`` (ECMA-376 CT_RPr).
_RPR_SEQ = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)
#: Child order of ``w:pPr`` (ECMA-376 CT_PPr).
_PPR_SEQ = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)
_SEQUENCES: dict[type, tuple[str, ...]] = {
    CT_RPr: _RPR_SEQ,
    CT_PPr: _PPR_SEQ,
    CT_TcPr: _TCPR_SEQ,
    CT_TblPr: _TBLPR_SEQ,
}


def element(tag: str, **attrs: str) -> BaseOxmlElement:
    """A new element ``tag`` with ``w:``-prefixed (or given-prefix) attributes."""
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(name if ":" in name else f"w:{name}"), value)
    return el


def put(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Replace ``parent``'s child of the same tag with ``child``, keeping schema order."""
    sequence = next((seq for cls, seq in _SEQUENCES.items() if isinstance(parent, cls)), ())
    for old in parent.findall(child.tag):
        parent.remove(old)
    names = [qn(t) for t in sequence]
    successors = sequence[names.index(child.tag) + 1 :] if child.tag in names else ()
    parent.insert_element_before(child, *successors)
    return child


def _url_or_none(url: str | None) -> str | None:
    # Only http, https and mailto become links: a javascript: or file: link could run
    # or leak something when a reviewer clicks it.
    try:
        return check_url((url or "").strip())
    except ValueError:
        return None


#: Text that python-docx's ``run.text`` splits into elements of their own.
_BREAKS = re.compile(r"[\t\r\n]")
_PRESERVE = qn("xml:space")


def put_text(run: Run, value: str) -> None:
    """``run.text = value`` for a run with no text yet."""
    if _BREAKS.search(value):
        run.text = value  # tabs and line breaks become their own elements
    elif value:
        # What run.text does for plain text (the w:t its add_t makes), without its pass
        # over every character and its search for where the w:t goes: at the end.
        t = OxmlElement("w:t")
        t.text = value
        if len(value.strip()) < len(value):
            t.set(_PRESERVE, "preserve")
        run._r.append(t)


def add_hyperlink(
    paragraph: Paragraph, url: str | None, text: str, style: str | None = "Hyperlink"
) -> Run:
    """Add ``text`` linking to ``url``; plain text when the URL is not http(s)/mailto.

    The link is a ``w:hyperlink`` with an external relationship. When the document has
    no ``style`` character style the run gets the usual blue underline directly.
    """
    text = clean(text) or clean(url or "")
    safe = _url_or_none(url)
    if safe is None:
        return paragraph.add_run(text)
    r_id = lookups.relate_link(paragraph.part, safe)
    link = element("w:hyperlink", **{"r:id": r_id, "w:history": "1"})
    r = OxmlElement("w:r")
    link.append(r)
    paragraph._p.append(link)
    run = Run(r, paragraph)
    # The properties first, then the text: where python-docx puts them too.
    if style and lookups.has_style(paragraph.part, style):
        lookups.set_run_style(run, style)
    else:
        rpr = r.get_or_add_rPr()
        put(rpr, element("w:color", val="0563C1"))
        put(rpr, element("w:u", val="single"))
    put_text(run, text)
    return run


def add_field(paragraph: Paragraph, instr: str, placeholder: str = "1") -> Run:
    """Add a field such as ``PAGE`` or ``NUMPAGES``; Word and LibreOffice fill it in.

    Written as a complex field (begin, instruction, separate, result, end) so the
    result run can carry formatting; ``placeholder`` shows until the field updates.
    """
    runs = []
    for kind in ("begin", None, "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "result":
            run.text = placeholder
            runs.append(run)
        elif kind is None:
            instr_el = element("w:instrText")
            instr_el.set(qn("xml:space"), "preserve")
            instr_el.text = f" {clean(instr).strip()} "
            run._r.append(instr_el)
        else:
            run._r.append(element("w:fldChar", fldCharType=kind))
    return runs[0]


def add_checkbox(
    paragraph: Paragraph, checked: bool = False, tag: str | None = None
) -> BaseOxmlElement:
    """Add a checkbox content control that Word and LibreOffice (7.4 on) tick on click.

    A click saves the checked state (``w14:checked``) and the ☒ glyph; ``worksheet
    collect`` reads either (see :mod:`worksheet.collect.blocks`).
    """
    glyph = CHECKED if checked else UNCHECKED
    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    sdt_pr.append(_font_rpr())
    if tag:
        sdt_pr.append(element("w:tag", val=checkbox_tag(tag)))
    box = OxmlElement("w14:checkbox")
    box.append(element("w14:checked", **{"w14:val": "1" if checked else "0"}))
    box.append(element("w14:checkedState", **{"w14:val": "2612", "w14:font": CHECKBOX_FONT}))
    box.append(
        element("w14:uncheckedState", **{"w14:val": "2610", "w14:font": CHECKBOX_FONT})
    )
    sdt_pr.append(box)
    sdt.append(sdt_pr)
    content = OxmlElement("w:sdtContent")
    r = OxmlElement("w:r")
    r.append(_font_rpr())
    t = OxmlElement("w:t")
    t.text = glyph
    r.append(t)
    content.append(r)
    sdt.append(content)
    paragraph._p.append(sdt)
    return sdt


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole of ``paragraph`` as ``name`` (``bookmark_id`` unique in the part).

    Word and LibreOffice keep bookmarks where they drop other markers (a content
    control's tag): see :mod:`.markers`.
    """
    p = paragraph._p
    start = element("w:bookmarkStart", id=str(bookmark_id), name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(element("w:bookmarkEnd", id=str(bookmark_id)))


def checkbox_tag(tag: str) -> str:
    """A checkbox's tag as written: clean text, at most 64 characters (Word's limit)."""
    return clean(tag)[:64]


def set_checkbox_tags(root: BaseOxmlElement, tags: Sequence[str]) -> None:
    """Give the checkboxes under ``root`` these tags, in document order."""
    for tag_el, tag in zip(root.iter(qn("w:tag")), tags, strict=False):
        tag_el.set(qn("w:val"), checkbox_tag(tag))


def _font_rpr() -> BaseOxmlElement:
    rpr = OxmlElement("w:rPr")
    rpr.append(
        element(
            "w:rFonts",
            ascii=CHECKBOX_FONT, hAnsi=CHECKBOX_FONT, eastAsia=CHECKBOX_FONT,
            cs=CHECKBOX_FONT,
        )
    )
    return rpr


def checkboxes(root: BaseOxmlElement) -> list[BaseOxmlElement]:
    """The checkbox content controls under ``root`` (for tests and readers)."""
    return [
        sdt for sdt in root.iter(qn("w:sdt")) if sdt.find(f".//{qn('w14:checkbox')}") is not None
    ]


def set_cell_shading(cell: _Cell, hex_colour: str) -> None:
    """Fill a table cell with a colour given as hex, with or without '#'."""
    tc_pr = cell._tc.get_or_add_tcPr()
    put(tc_pr, element("w:shd", val="clear", color="auto", fill=hex_colour.lstrip("#")))


def set_run_shading(run: Run, hex_colour: str) -> None:
    """Give a run a background colour (any colour, unlike highlight)."""
    put(run._r.get_or_add_rPr(), element("w:shd", val="clear", color="auto",
                                          fill=hex_colour.lstrip("#")))


def set_cell_borders(cell: _Cell, sides: Sequence[str] = ("bottom",), *,
                     size: int = 4, colour: str = "808080", val: str = "single") -> None:
    """Draw the given sides of a cell (``top``, ``left``, ``bottom``, ``right``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = put(tc_pr, OxmlElement("w:tcBorders"))
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            for old in borders.findall(qn(f"w:{side}")):
                borders.remove(old)
            borders.append(element(f"w:{side}", val=val, sz=str(size), space="0",
                                   color=colour))
    # CT_TcBorders wants top, left (start), bottom, right (end) in that order.
    order = [qn(f"w:{s}") for s in ("top", "left", "start", "bottom", "right", "end",
                                     "insideH", "insideV", "tl2br", "tr2bl")]
    children = sorted(borders, key=lambda el: order.index(el.tag) if el.tag in order else 99)
    for child in children:
        borders.append(child)


def set_table_borders(table_el: BaseOxmlElement, *, size: int = 4, colour: str = "BFBFBF",
                      inside: bool = True, outside: bool = True) -> None:
    """Give a table (``w:tbl`` or a table style's ``w:tblPr`` owner) thin borders."""
    tbl_pr = table_el if isinstance(table_el, CT_TblPr) else table_el.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        shown = inside if side.startswith("inside") else outside
        borders.append(element(f"w:{side}", val="single" if shown else "nil",
                               sz=str(size), space="0", color=colour))
    put(tbl_pr, borders)


def set_table_cell_margins(tbl_pr: BaseOxmlElement, *, top: int = 40, bottom: int = 40,
                           left: int = 85, right: int = 85) -> None:
    """Default inner cell margins of a table or table style, in twentieths of a point."""
    mar = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        mar.append(element(f"w:{side}", w=str(value), type="dxa"))
    put(tbl_pr, mar)


def set_repeat_header(row_tr: BaseOxmlElement) -> None:
    """Repeat this table row at the top of every page the table spans."""
    tr_pr = row_tr.get_or_add_trPr()
    tr_pr.append(element("w:tblHeader"))


def set_cant_split(row_tr: BaseOxmlElement) -> None:
    """Keep a table row on one page."""
    tr_pr = row_tr.get_or_add_trPr()
    tr_pr.insert(0, element("w:cantSplit"))


def set_paragraph_border(ppr: BaseOxmlElement, side: str = "left", *, size: int = 18,
                         colour: str = "A6A6A6", space: int = 8) -> None:
    """Draw a border on one side of a paragraph or paragraph style (``w:pPr``)."""
    borders = OxmlElement("w:pBdr")
    borders.append(element(f"w:{side}", val="single", sz=str(size), space=str(space),
                           color=colour))
    put(ppr, borders)


def set_paragraph_shading(ppr: BaseOxmlElement, hex_colour: str) -> None:
    """Fill a paragraph or paragraph style (``w:pPr``) with a background colour."""
    put(ppr, element("w:shd", val="clear", color="auto", fill=hex_colour.lstrip("#")))
