"""The finished fact-check report, written from a filled tracker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject

from ..columns import WITHDRAWN
from ..models import Scale
from ..summary import NOT_RATED, Summary, summarise
from ..tracker.model import SourceRow, Tracker, TrackerRow
from . import ooxml, styles
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
    shaded_label,
    table,
    text,
)

NOT_RATED_COLOUR = "F2F2F2"


def write_report(
    path: Path,
    tracker: Tracker,
    *,
    template: Path | None = None,
    paper: str = "a4",
    built: dt.datetime | None = None,
) -> None:
    """Write the fact-check report for a filled ``tracker`` to ``path``."""
    built = built or styles.now()
    words = styles.texts("report")
    doc = open_document(template, paper)
    title = text(tracker.meta.title) or words["untitled"]
    header_footer(doc, words["header"].format(title=title), words["footer"])

    add_para(doc, words["kicker"], style=styles.KICKER)
    add_para(doc, title, style="Title")
    labels = words["meta"]
    rows = meta_rows(tracker.meta, labels)
    rows.append((labels["scale"], tracker.scale.title or tracker.scale.name, None))
    rows.append((labels["built"], date_text(built), None))
    facts_table(doc, rows)

    active = [row for row in tracker.rows if not _withdrawn(row)]
    _summary(doc, words, summarise(tracker))
    heading(doc, words["claims"]["heading"], 1)
    for row in active:
        _claim(doc, words["claims"], row, tracker)
    withdrawn = [row for row in tracker.rows if _withdrawn(row)]
    if withdrawn:
        heading(doc, words["withdrawn"]["heading"], 1)
        for row in withdrawn:
            para = add_para(doc, style=styles.SMALL)
            add_run(para, f"{row.id}  ", bold=True)
            add_run(para, row.claim)

    styles.set_core_properties(doc, title=words["document_title"].format(title=title),
                               subject=title, built=built)
    doc.save(str(path))


def _withdrawn(row: TrackerRow) -> bool:
    return (row.status or "").strip().casefold() == WITHDRAWN.casefold()


def _summary(doc: DocumentObject, words: dict[str, Any], summary: Summary) -> None:
    labels = words["summary"]
    heading(doc, labels["heading"], 1)
    verdicts = list(summary.by_verdict.items())
    tbl = table(doc, len(verdicts) + 1, (0.4, 0.15), header=[labels["verdict"], labels["count"]],
                centred=False)
    for row, (label, count) in zip(tbl.rows[1:-1], verdicts, strict=True):
        unrated = label == NOT_RATED
        cell_para(row.cells[0], labels["not_rated"] if unrated else label, bold=not unrated)
        cell_para(row.cells[1], str(count))
        colour = NOT_RATED_COLOUR if unrated else summary.colours.get(label, "FFFFFF")
        for cell in row.cells:
            ooxml.set_cell_shading(cell, colour)
    _total(tbl.rows[-1], labels["total"], summary.total)

    statuses = list(summary.by_status.items())
    add_para(doc)
    tbl = table(doc, len(statuses) + 1, (0.4, 0.15), header=[labels["status"], labels["count"]],
                centred=False)
    for row, (status, count) in zip(tbl.rows[1:-1], statuses, strict=True):
        cell_para(row.cells[0], status)
        cell_para(row.cells[1], str(count))
    _total(tbl.rows[-1], labels["total"], summary.total + summary.withdrawn)


def _total(row: Any, label: str, count: int) -> None:
    cell_para(row.cells[0], label, bold=True)
    cell_para(row.cells[1], str(count), bold=True)


def _claim(doc: DocumentObject, labels: dict[str, Any], row: TrackerRow,
           tracker: Tracker) -> None:
    heading(doc, labels["title"].format(id=text(row.id), claim=text(row.claim)), 2)
    para = add_para(doc)
    add_run(para, f"{labels['verdict']}  ", style=styles.LABEL)
    _verdict(para, row.verdict, tracker.scale, labels)
    if row.status:
        add_run(para, "   ·   ", colour=styles.RULE)
        add_run(para, f"{labels['status']}  ", style=styles.LABEL)
        add_run(para, row.status)
    if row.claimant:
        add_run(para, "   ·   ", colour=styles.RULE)
        add_run(para, f"{labels['claimant']}  ", style=styles.LABEL)
        add_run(para, row.claimant)
    if row.passage:
        para = add_para(doc, style=styles.PASSAGE)
        if row.paragraph:
            add_run(para, labels["paragraph"].format(n=row.paragraph) + "   ",
                    style=styles.LABEL)
        add_run(para, row.passage)
    _block(doc, labels["evidence"], row.evidence or labels["none"])
    _sources(doc, labels, [s for s in tracker.sources if s.claim_id == row.id])
    if row.notes:
        _block(doc, labels["notes"], row.notes)
    para = add_para(doc, style=styles.SMALL)
    add_run(para, f"{labels['reviewer']}  ", style=styles.LABEL)
    add_run(para, row.reviewer or labels["none"])
    add_run(para, "   ·   ")
    add_run(para, f"{labels['checked_on']}  ", style=styles.LABEL)
    checked = row.checked_on
    shown = checked.isoformat() if isinstance(checked, dt.date) else checked
    add_run(para, shown or labels["none"])


def _verdict(para: Any, value: str | None, scale: Scale, labels: dict[str, Any]) -> None:
    verdict = scale.get(value) if value else None
    if verdict is not None:
        shaded_label(para, verdict.label, verdict.colour)
    elif value and value.strip():
        shaded_label(para, value.strip(), "FFFFFF")
    else:
        shaded_label(para, labels.get("not_rated", "Not yet rated"), NOT_RATED_COLOUR)


def _block(doc: DocumentObject, label: str, value: str) -> None:
    add_para(doc, label, style="Heading 3")
    for line in text(value).splitlines() or [""]:
        add_para(doc, line)


def _sources(doc: DocumentObject, labels: dict[str, Any], sources: list[SourceRow]) -> None:
    consulted = [s for s in sources if (s.consulted or "").strip().casefold() == "yes"]
    shown = consulted or sources
    add_para(doc, labels["sources"] if consulted or not sources
             else labels["sources_to_consult"], style="Heading 3")
    if not shown:
        add_para(doc, labels["no_sources"])
        return
    for source in shown:
        para = add_para(doc, style="List Bullet" if "List Bullet" in doc.styles else None)
        ooxml.add_hyperlink(para, source.url, source.source or source.url or "",
                            style=styles.HYPERLINK)
        if source.url and source.source:
            add_run(para, f"  {source.url}", style=None, size=8.5, colour=styles.MUTED)
        if source.notes:
            add_run(para, f" — {source.notes}")
