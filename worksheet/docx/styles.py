"""The look of our Word documents, declared once.

``templates/make_reference_docx.py`` applies every definition here to python-docx's
default template to make ``templates/worksheet.docx``. When a newsroom brings its own
reference document, its styles win: we only add the styles it lacks, so the writers can
always refer to them by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Mm, Pt, RGBColor

from ..resources import template
from . import lookups, ooxml

BODY_FONT = "Calibri"
TEXT_COLOUR = "262626"
MUTED = "595959"
ACCENT = "1F4E79"
ACCENT_LIGHT = "DEEAF6"
RULE = "BFBFBF"

# Names the writers use. Built-in names must be spelled as Word's UI shows them.
PASSAGE = "Passage"
SMALL = "Small"
TABLE_TEXT = "Table Text"
LABEL = "Label"
KICKER = "Kicker"
HYPERLINK = "Hyperlink"
TABLE = "Worksheet Table"

Paper = Literal["a4", "letter"]
PAPER_SIZES = {"a4": (Mm(210), Mm(297)), "letter": (Inches(8.5), Inches(11))}
MARGIN = Cm(2)


@dataclass(frozen=True)
class StyleDef:
    """One style: only the properties set here are applied."""

    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    base: str | None = "Normal"
    custom: bool = True
    """True for our own styles (added when missing); False for Word's built-ins."""
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None
    underline: bool | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    indent: float | None = None
    """Left indent in cm."""
    keep_next: bool | None = None
    border_left: str | None = None
    shading: str | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    next_style: str | None = None
    style_id: str | None = None
    """Word's own id where it is not the name without spaces (built-ins named in lower case)."""


STYLES: tuple[StyleDef, ...] = (
    # Word's built-ins: restyled in our reference document only.
    StyleDef("Normal", base=None, custom=False, font=BODY_FONT, size=10.5,
             colour=TEXT_COLOUR, before=0, after=5, line=1.12),
    StyleDef("Title", custom=False, font=BODY_FONT, size=24, bold=True, colour=ACCENT,
             before=0, after=6, line=1.0),
    StyleDef("Subtitle", custom=False, font=BODY_FONT, size=13, italic=False, colour=MUTED,
             before=0, after=12),
    StyleDef("Heading 1", custom=False, font=BODY_FONT, size=16, bold=True, colour=ACCENT,
             before=6, after=8, keep_next=True, line=1.05),
    StyleDef("Heading 2", custom=False, font=BODY_FONT, size=12, bold=True, colour=ACCENT,
             before=12, after=4, keep_next=True),
    StyleDef("Heading 3", custom=False, font=BODY_FONT, size=10.5, bold=True,
             colour=TEXT_COLOUR, before=8, after=2, keep_next=True),
    StyleDef("Header", custom=False, size=8.5, colour=MUTED, after=0),
    StyleDef("Footer", custom=False, size=8.5, colour=MUTED, after=0,
             align=WD_ALIGN_PARAGRAPH.CENTER),
    # The comment styles python-docx's comments refer to by id; Word defines them only
    # when a document has comments, so a template may lack them.
    StyleDef("annotation text", custom=False, size=10, after=0, line=1.0,
             style_id="CommentText"),
    StyleDef("annotation reference", kind=WD_STYLE_TYPE.CHARACTER, base=None, custom=False,
             size=8, style_id="CommentReference"),
    # Ours: added to any template that lacks them.
    StyleDef(PASSAGE, size=10.5, before=2, after=8, line=1.2, indent=0.35,
             border_left="8EAADB", shading="F5F7FA"),
    StyleDef(SMALL, size=8.5, colour=MUTED, after=2),
    StyleDef(TABLE_TEXT, size=9.5, before=0, after=0, line=1.05),
    StyleDef(KICKER, size=10, bold=True, colour=MUTED, after=2),
    StyleDef(HYPERLINK, kind=WD_STYLE_TYPE.CHARACTER, base=None, colour="0563C1",
             underline=True),
    StyleDef(LABEL, kind=WD_STYLE_TYPE.CHARACTER, base=None, bold=True, colour=MUTED),
)


def _find(doc: DocumentObject, spec: StyleDef) -> Any:
    """The style ``spec`` declares, found by name or by Word's id; None when missing."""
    if spec.name in doc.styles:
        return doc.styles[spec.name]
    if spec.style_id:
        found = doc.styles.element.get_by_id(spec.style_id)
        if found is not None:
            return doc.styles[found.name_val]
    return None


def ensure_styles(doc: DocumentObject, *, restyle_builtins: bool = False) -> None:
    """Add our styles that ``doc`` lacks; with ``restyle_builtins``, apply all of them."""
    for spec in STYLES:
        style = _find(doc, spec)
        if style is not None and not restyle_builtins:
            continue
        if style is None:
            style = doc.styles.add_style(spec.name, spec.kind, builtin=not spec.custom)
            if spec.style_id:
                style.style_id = spec.style_id
        _apply(style, spec, doc)
    if TABLE not in doc.styles:
        _add_table_style(doc)


def _apply(style: Any, spec: StyleDef, doc: DocumentObject) -> None:
    if spec.base and spec.base in doc.styles and spec.base != spec.name:
        style.base_style = doc.styles[spec.base]
    font = style.font
    if spec.font:
        font.name = spec.font
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:cs"), spec.font)
        rfonts.set(qn("w:eastAsia"), spec.font)
        # A theme font attribute would win over the name we just set.
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.colour:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.underline is not None:
        font.underline = spec.underline
    if spec.kind != WD_STYLE_TYPE.PARAGRAPH:
        return
    fmt = style.paragraph_format
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.line is not None:
        fmt.line_spacing = spec.line
    if spec.indent is not None:
        fmt.left_indent = Cm(spec.indent)
        fmt.right_indent = Cm(spec.indent)
    if spec.keep_next is not None:
        fmt.keep_with_next = spec.keep_next
    if spec.align is not None:
        fmt.alignment = spec.align
    ppr = style.element.get_or_add_pPr()
    if spec.border_left:
        ooxml.set_paragraph_border(ppr, "left", colour=spec.border_left, size=24, space=6)
    if spec.shading:
        ooxml.set_paragraph_shading(ppr, spec.shading)
    if spec.name == "Title":
        # python-docx's default Title has a blue rule under it; ours is plain.
        for old in ppr.findall(qn("w:pBdr")):
            ppr.remove(old)


def _add_table_style(doc: DocumentObject) -> None:
    style = doc.styles.add_style(TABLE, WD_STYLE_TYPE.TABLE)
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        ppr = style.element.find(qn("w:pPr"))
        anchor = ppr if ppr is not None else style.element.find(qn("w:rPr"))
        if anchor is not None:
            anchor.addnext(tbl_pr)
        else:
            style.element.append(tbl_pr)
    ooxml.set_table_borders(tbl_pr, colour=RULE)
    ooxml.set_table_cell_margins(tbl_pr)


def set_page(doc: DocumentObject, paper: str) -> None:
    """Portrait A4 or Letter with 2 cm margins on every section."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    width, height = PAPER_SIZES[paper]
    for section in doc.sections:
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        section.header_distance = section.footer_distance = Cm(1)
    lookups.forget(doc.part)


def text_width(doc: DocumentObject) -> int:
    """Width between the margins of the page, in EMU (one section: the writers add none)."""
    return lookups.text_width(doc)


def clear_body(doc: DocumentObject) -> None:
    """Remove a template's content, keeping its last section settings."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_core_properties(doc: DocumentObject, *, title: str, subject: str,
                        built: dt.datetime, keywords: str = "fact-check") -> None:
    """Our own metadata, replacing the template's (python-docx's says 2013)."""
    props = doc.core_properties
    props.title = title[:250]
    props.subject = subject[:250]
    props.author = "worksheet"
    props.last_modified_by = "worksheet"
    props.keywords = keywords
    props.comments = ""
    props.category = "fact-check"
    props.created = built
    props.modified = built
    props.revision = 1
    if props.last_printed is not None:
        props.last_printed = built


def now() -> dt.datetime:
    """The current time in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@cache
def _load_texts(path: Path) -> dict[str, Any]:
    # Our own shipped file: libyaml (when PyYAML has it) reads it in a tenth of the time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of texts")
    return data


def texts(section: str, path: Path | None = None) -> dict[str, Any]:
    """The human texts of one document (``worksheet`` or ``report``) from the YAML file."""
    return _load_texts(path or template("texts", "worksheet.yaml"))[section]
