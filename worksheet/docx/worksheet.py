"""The Word worksheet a fact-checker works through: one page per claim."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from ..models import AnchoredClaim, Article, Paragraph, Scale
from . import fit, lookups, ooxml, styles
from .layout import (
    add_para,
    add_run,
    cell_para,
    date_text,
    facts_table,
    header_footer,
    heading,
    meta_rows,
    open_document,
    short,
    table,
    text,
    write_lines,
)
from .markers import APPENDIX, article_bookmark, claim_bookmark
from .passages import Span, add_marked_text
from .spill import Spill

if TYPE_CHECKING:
    from ..prior.rank import ClaimMatches

COMMENT_AUTHOR = "worksheet"
COMMENT_INITIALS = "WS"
#: Bookmark ids: the cover's, the appendix's, then one per claim section.
_COVER_MARK, _APPENDIX_MARK, _FIRST_CLAIM_MARK = 0, 1, 2


def write_worksheet(
    path: Path,
    article: Article,
    claims: Sequence[AnchoredClaim],
    scale: Scale,
    *,
    template: Path | None = None,
    paper: Literal["a4", "letter"] = "a4",
    built: dt.datetime | None = None,
    prior: Mapping[str, ClaimMatches] | None = None,
) -> None:
    """Write the fact-check worksheet for ``claims`` in ``article`` to ``path``.

    ``template`` is a reference .docx whose styles are used (its body is dropped);
    by default the shipped ``templates/worksheet.docx``. ``prior`` maps claim IDs to
    their earlier fact-checks, shown as a "Checked before" block in the claim's section.
    """
    built = built or styles.now()
    words = styles.texts("worksheet")
    doc = open_document(template, paper)
    title = text(article.meta.title) or words["untitled"]
    header_footer(doc, words["header"].format(title=title), words["footer"])
    # Each finished section goes to disk: memory stays flat however many claims.
    try:
        with Spill(doc) as spill:
            _cover(doc, words, article, claims, scale, built, title)
            _how_to(doc, words, scale)
            spill.flush()
            for n, anchored in enumerate(claims):
                _claim_section(doc, words, article, anchored, scale, _FIRST_CLAIM_MARK + n,
                               (prior or {}).get(anchored.claim.id))
                spill.flush()
            _appendix(doc, words, article, claims, spill)
            styles.set_core_properties(doc, title=words["document_title"].format(title=title),
                                       subject=title, built=built)
            spill.save(path)
    finally:
        lookups.forget_document(doc)


def _cover(doc: DocumentObject, words: dict[str, Any], article: Article,
           claims: Sequence[AnchoredClaim], scale: Scale, built: dt.datetime,
           title: str) -> None:
    labels = words["cover"]
    add_para(doc, words["kicker"], style=styles.KICKER)
    title_para = add_para(doc, title, style="Title")
    # Which article this worksheet is for, in a marker Word and LibreOffice both keep.
    ooxml.add_bookmark(title_para, article_bookmark(article.meta), _COVER_MARK)
    rows = meta_rows(article.meta, labels)
    rows.append((labels["claims"], str(len(claims)), None))
    rows.append((labels["scale"], scale.title or scale.name, None))
    rows.append((labels["built"], date_text(built), None))
    facts_table(doc, rows)
    write_lines(doc, [labels["reviewer"], labels["review_date"]])

    cols = words["claims_table"]
    heading(doc, cols["heading"], 2)
    tbl = table(doc, len(claims), (0.08, 0.62, 0.16, 0.14),
                header=[cols["id"], cols["claim"], cols["type"], cols["priority"]])
    for row, anchored in zip(tbl.rows[1:], claims, strict=True):
        claim = anchored.claim
        cell_para(row.cells[0], claim.id, bold=True)
        cell_para(row.cells[1], short(text(claim.claim)))
        cell_para(row.cells[2], claim.type or "")
        cell_para(row.cells[3], claim.priority or "")


def _how_to(doc: DocumentObject, words: dict[str, Any], scale: Scale) -> None:
    how = words["how_to"]
    heading(doc, how["heading"], 1, new_page=True)
    for n, step in enumerate(how["steps"], start=1):
        para = add_para(doc)
        fmt = para.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Cm(0.7), Cm(-0.7)
        fmt.tab_stops.add_tab_stop(Cm(0.7))
        add_run(para, f"{n}.\t", bold=True, colour=styles.ACCENT)
        add_run(para, str(step))
    add_para(doc, how["tip"], style=styles.SMALL)

    labels = words["scale"]
    heading(doc, labels["heading"], 1)
    if scale.description:
        add_para(doc, scale.description)
    tbl = table(doc, len(scale.verdicts), (0.24, 0.76),
                header=[labels["verdict"], labels["definition"]])
    for row, verdict in zip(tbl.rows[1:], scale.verdicts, strict=True):
        cell_para(row.cells[0], verdict.label, bold=True)
        cell_para(row.cells[1], verdict.definition)
        for cell in row.cells:
            ooxml.set_cell_shading(cell, verdict.colour)


def _claim_section(doc: DocumentObject, words: dict[str, Any], article: Article,
                   anchored: AnchoredClaim, scale: Scale, mark: int,
                   earlier: ClaimMatches | None = None) -> None:
    labels = words["claim"]
    claim = anchored.claim
    title = heading(doc, labels["heading"].format(id=text(claim.id), claim=text(claim.claim)),
                    1, new_page=True)
    # The section's marker for `collect`: page layout and headings may change, this stays.
    ooxml.add_bookmark(title, claim_bookmark(claim.id), mark)
    _claim_facts(doc, labels, anchored)
    if earlier is not None and earlier.matches:
        _checked_before(doc, labels, earlier)
    heading(doc, labels["passage"], 2)
    _passage(doc, labels, article, anchored)
    _sources(doc, labels, anchored)
    _verdicts(doc, labels, anchored, scale)
    # Initials sit with the verdict they sign off; the evidence table below may run on
    # to the next page without leaving them stranded there alone.
    lookups.stamp(doc, "initials", lambda: _sign_off(doc, labels))
    _evidence(doc, labels, _evidence_rows(doc, labels, article, anchored, earlier))


def _sign_off(doc: DocumentObject, labels: dict[str, Any]) -> None:
    """Initials and date in cells of their own: a program reads them back exactly."""
    # A paragraph between two tables keeps them two: Word and LibreOffice join tables
    # that touch, and the verdicts would gain a row.
    add_para(doc, style=styles.SMALL)
    tbl = table(doc, 1, SIGN_OFF_WIDTHS)
    cells = tbl.rows[0].cells
    for label_cell, label in ((cells[0], labels["initials"]), (cells[2], labels["date"])):
        cell_para(label_cell, label, bold=True, colour=styles.MUTED)
        ooxml.set_cell_shading(label_cell, styles.ACCENT_LIGHT)
    for cell in cells:
        cell_para(cell)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    tbl.rows[0].height = Cm(0.9)
    tbl.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


#: Reviewer initials | (write here) | Date | (write here), as fractions of the width.
SIGN_OFF_WIDTHS = (0.24, 0.26, 0.12, 0.38)


def _checked_before(doc: DocumentObject, labels: dict[str, Any],
                    earlier: ClaimMatches) -> None:
    """Earlier fact-checks of the claim: verdict, publisher, date, and the check linked."""
    heading(doc, labels["checked_before"], 2)
    add_para(doc, labels["checked_before_hint"], style=styles.SMALL)
    for match in earlier.matches:
        check = match.check
        para = add_para(doc)
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.keep_with_next = True
        add_run(para, check.rating or labels["no_rating"], bold=True)
        for fact in (check.publisher, check.date):
            if fact:
                add_run(para, "   ·   ", colour=styles.RULE)
                add_run(para, fact)
        add_run(para, "   ·   ", colour=styles.RULE)
        add_run(para, labels["match_score"].format(score=match.score), style=styles.LABEL)
        said = add_para(doc, style=styles.PASSAGE)
        ooxml.add_hyperlink(said, check.url, f"“{text(check.claim_reviewed)}”",
                            style=styles.HYPERLINK)


def _claim_facts(doc: DocumentObject, labels: dict[str, Any], anchored: AnchoredClaim) -> None:
    claim = anchored.claim
    facts = [(labels[key], getattr(claim, key)) for key in
             ("claimant", "type", "priority", "assignee") if getattr(claim, key)]
    if facts:
        para = add_para(doc)
        for i, (label, value) in enumerate(facts):
            if i:
                add_run(para, "   ·   ", colour=styles.RULE)
            add_run(para, f"{label}  ", style=styles.LABEL)
            add_run(para, value)
    if claim.guidance:
        para = add_para(doc)
        add_run(para, f"{labels['guidance']}  ", style=styles.LABEL)
        add_run(para, claim.guidance, italic=True)


def _located(article: Article, anchored: AnchoredClaim) -> Paragraph | None:
    """The article paragraph the claim was found in, or None when it was not found."""
    number = anchored.anchor.paragraph
    if number is None or not 1 <= number <= len(article.paragraphs):
        return None
    return article.paragraph(number)


def _passage(doc: DocumentObject, labels: dict[str, Any], article: Article,
             anchored: AnchoredClaim) -> None:
    anchor = anchored.anchor
    located = _located(article, anchored)
    if located is None:
        para = add_para(doc, style=styles.PASSAGE)
        add_run(para, labels["not_found"] if anchored.claim.quote else labels["no_quote"],
                bold=True, colour="C00000")
        if anchored.claim.quote:
            add_para(doc, f"“{text(anchored.claim.quote)}”", style=styles.PASSAGE,
                     italic=True)
        return
    para = add_para(doc, style=styles.PASSAGE)
    add_run(para, labels["paragraph"].format(n=anchor.paragraph) + "   ", style=styles.LABEL)
    add_marked_text(para, located.text, [Span(anchor.start, anchor.end, anchored.claim.id)])


def _sources(doc: DocumentObject, labels: dict[str, Any], anchored: AnchoredClaim) -> None:
    sources = anchored.claim.sources
    if not sources:
        heading(doc, labels["sources"], 2)
        add_para(doc, labels["no_sources"], style=styles.SMALL)
        return
    # The heading and the table's frame are the same for every claim with as many sources.
    blocks = lookups.stamp(doc, ("sources", len(sources)),
                           lambda: _sources_frame(doc, labels, len(sources)))
    tbl = Table(blocks[-1], doc._body)
    for n, (row, source) in enumerate(zip(tbl.rows[1:], sources, strict=True), start=1):
        ooxml.set_checkbox_tags(row._tr, [f"{anchored.claim.id}-source-{n}"])
        cells = row.cells
        ooxml.add_hyperlink(cells[1].paragraphs[0], source.url, source.label,
                            style=styles.HYPERLINK)
        if source.url and source.title:
            cell_para_add(cells[1], source.url, style=styles.SMALL)
        if source.note:
            add_run(cells[2].paragraphs[0], source.note)


def _sources_frame(doc: DocumentObject, labels: dict[str, Any], count: int) -> None:
    """The Sources heading and a table of ``count`` empty rows, each with its checkbox."""
    heading(doc, labels["sources"], 2)
    tbl = table(doc, count, (0.13, 0.5, 0.37),
                header=[labels["consulted"], labels["source"], labels["note"]])
    for row in tbl.rows[1:]:
        box = cell_para(row.cells[0])
        box.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.add_checkbox(box, tag="source")
        _set_box_size(box)
        cell_para(row.cells[1])
        cell_para(row.cells[2])
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def cell_para_add(cell: Any, value: str, style: str) -> None:
    """Add a further paragraph of cleaned text to a cell."""
    para = cell.add_paragraph()
    lookups.set_paragraph_style(para, style)
    add_run(para, value)
    para.paragraph_format.space_after = Pt(0)


def _set_box_size(paragraph: Any) -> None:
    # The checkbox glyph is easier to hit and to see a little larger than the text.
    for rpr in paragraph._p.iter(ooxml.qn("w:rPr")):
        ooxml.put(rpr, ooxml.element("w:sz", val="26"))


def _verdicts(doc: DocumentObject, labels: dict[str, Any], anchored: AnchoredClaim,
              scale: Scale) -> None:
    blocks = lookups.stamp(doc, "verdicts", lambda: _verdict_boxes(doc, labels, scale))
    tags = [f"{anchored.claim.id}-verdict-{i}" for i in range(1, len(scale.verdicts) + 1)]
    ooxml.set_checkbox_tags(blocks[-1], tags)


def _verdict_boxes(doc: DocumentObject, labels: dict[str, Any], scale: Scale) -> None:
    """The Verdict heading, its hint, and a checkbox on each verdict's colour."""
    heading(doc, labels["verdict"], 2)
    add_para(doc, labels["verdict_hint"], style=styles.SMALL)
    count = len(scale.verdicts)
    cols = min(4, count)
    tbl = table(doc, math.ceil(count / cols), [1 / cols] * cols)
    for i, verdict in enumerate(scale.verdicts):
        cell = tbl.rows[i // cols].cells[i % cols]
        para = cell_para(cell)
        ooxml.add_checkbox(para, tag="verdict")
        _set_box_size(para)
        add_run(para, f"  {verdict.label}", bold=True)
        ooxml.set_cell_shading(cell, verdict.colour)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _evidence_rows(doc: DocumentObject, labels: dict[str, Any], article: Article,
                   anchored: AnchoredClaim, earlier: ClaimMatches | None) -> int:
    """As many blank evidence rows as the texts' setting asks, or as fit on the page."""
    claim = anchored.claim
    located = _located(article, anchored)
    passage = located.text if located is not None else (claim.quote or "")
    shown = [m.check.claim_reviewed for m in earlier.matches] if earlier else []
    width, height = (emu / 360000 for emu in lookups.text_area(doc))  # in cm
    used = fit.section_height(
        claim, labels["heading"].format(id=claim.id, claim=claim.claim), passage, shown,
        labels["checked_before_hint"], width)
    return fit.evidence_rows(used, height, most=int(labels.get("evidence_rows", 5)))


def _evidence(doc: DocumentObject, labels: dict[str, Any], rows: int) -> None:
    lookups.stamp(doc, ("evidence", rows), lambda: _evidence_table(doc, labels, rows))


def _evidence_table(doc: DocumentObject, labels: dict[str, Any], rows: int) -> None:
    heading(doc, labels["evidence"], 2)
    tbl = table(doc, rows, (0.4, 0.6),
                header=[labels["evidence_source"], labels["what_it_says"]])
    for row in tbl.rows[1:]:
        row.height = Cm(1.3)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        ooxml.set_cant_split(row._tr)


def _appendix(doc: DocumentObject, words: dict[str, Any], article: Article,
              claims: Sequence[AnchoredClaim], spill: Spill) -> None:
    labels = words["appendix"]
    ooxml.add_bookmark(heading(doc, labels["heading"], 1, new_page=True), APPENDIX,
                       _APPENDIX_MARK)
    add_para(doc, labels["intro"], style=styles.SMALL)
    by_paragraph: dict[int, list[AnchoredClaim]] = {}
    for anchored in claims:
        number = anchored.anchor.paragraph
        if number is not None and 1 <= number <= len(article.paragraphs):
            by_paragraph.setdefault(number, []).append(anchored)
    hanging = None
    for paragraph in article.paragraphs:
        para = add_para(doc)
        if hanging is None:
            fmt = para.paragraph_format
            fmt.left_indent, fmt.first_line_indent = Cm(1.1), Cm(-1.1)
            fmt.tab_stops.add_tab_stop(Cm(1.1))
            hanging = para._p.pPr
        else:
            # The same hanging indent for every paragraph: copied, not set up again.
            para._p.insert(0, copy.deepcopy(hanging))
        add_run(para, f"¶ {paragraph.number}\t", style=styles.LABEL, size=8)
        here = by_paragraph.get(paragraph.number, [])
        # Keys by position: two claims may share an ID in a hand-made list.
        ids = {str(i): labels["marker"].format(id=text(a.claim.id)) for i, a in enumerate(here)}
        spans = [Span(a.anchor.start, a.anchor.end, str(i)) for i, a in enumerate(here)]
        runs = add_marked_text(para, paragraph.text, spans, marker=ids.__getitem__)
        if paragraph.heading:
            for run in para.runs[1:]:
                run.bold = True
        for i, anchored in enumerate(here):
            claim_runs = runs[str(i)]
            if claim_runs:
                lookups.add_comment(
                    doc, claim_runs,
                    text=text(labels["comment"].format(id=anchored.claim.id,
                                                       claim=anchored.claim.claim)),
                    author=COMMENT_AUTHOR, initials=COMMENT_INITIALS,
                )
        spill.flush()
