"""The Word report from a filled tracker, reopened with python-docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches

from worksheet.docx.report import write_report
from worksheet.models import ArticleMeta
from worksheet.scales import load_scale
from worksheet.tracker.model import SourceRow, Tracker, TrackerRow

BUILT = dt.datetime(2025, 3, 6, 12, 0, tzinfo=dt.timezone.utc)


def make_tracker() -> Tracker:
    rows = [
        TrackerRow(id="C1", claim="The call lasted two hours and two minutes.",
                   passage="…for two hours and two minutes – with translators…", paragraph=11,
                   claimant="Pepe Escobar", verdict="True", status="Done", reviewer="AB",
                   checked_on=dt.date(2025, 3, 5), evidence="Kremlin readout: 2 h 2 min.",
                   notes="Both sides agree."),
        TrackerRow(id="C2", claim="Geneva was the first summit since 2018.",
                   verdict="mostly TRUE", status="needs second check"),
        TrackerRow(id="C3", claim="=SUM(A1) Russia is not\x0b mentioned.", status="In progress"),
        TrackerRow(id="C4", claim="A withdrawn claim.", verdict="False", status="Withdrawn"),
        TrackerRow(id="C5", claim="Something false.", verdict="False"),
    ]
    sources = [
        SourceRow(claim_id="C1", source="Kremlin transcript",
                  url="http://en.kremlin.ru/events/president/news/67315", consulted="Yes",
                  notes="gives the duration"),
        SourceRow(claim_id="C1", source="White House readout", url="https://whitehouse.gov/",
                  consulted="No"),
        SourceRow(claim_id="C2", source="Summit page", url="https://en.wikipedia.org/wiki/X"),
        SourceRow(claim_id="C3", source="Bad link", url="javascript:alert(1)", consulted="yes"),
    ]
    meta = ArticleMeta(title="What Putin Really Told Biden", author="Pepe Escobar",
                       url="https://www.globalresearch.ca/x")
    return Tracker(rows=rows, sources=sources, scale=load_scale("default"), meta=meta)


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.docx"
    write_report(path, make_tracker(), built=BUILT)
    return docx.Document(str(path))


def links(doc) -> dict[str, str]:
    found = {}
    for link in doc.element.body.iter(qn("w:hyperlink")):
        rel = doc.part.rels[link.get(qn("r:id"))]
        assert rel.is_external
        found["".join(t.text for t in link.iter(qn("w:t")))] = rel.target_ref
    return found


def fills(cell) -> list[str]:
    return [el.get(qn("w:fill")) for el in cell._tc.iter(qn("w:shd"))]


def test_title_and_properties(doc):
    assert doc.paragraphs[1].text == "What Putin Really Told Biden"
    props = doc.core_properties
    assert props.title == "Fact-check report: What Putin Really Told Biden"
    assert props.author == "worksheet"
    assert props.created.year == 2025


def test_verdict_summary_in_scale_order_and_tinted(doc):
    table = next(t for t in doc.tables if t.cell(0, 0).text == "Verdict")
    rows = [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]]
    scale = load_scale("default")
    assert [label for label, _ in rows[: len(scale.verdicts)]] == scale.labels
    counts = dict(rows)
    assert counts["True"] == "1"
    assert counts["Mostly true"] == "1"  # "mostly TRUE" matched case-insensitively
    assert counts["False"] == "1"  # the withdrawn False is not counted
    assert counts["Not yet rated"] == "1"
    assert counts["Total"] == "4"
    false_row = next(r for r in table.rows if r.cells[0].text == "False")
    assert fills(false_row.cells[0]) == [scale.get("False").colour]


def test_status_summary(doc):
    table = next(t for t in doc.tables if t.cell(0, 0).text == "Status")
    counts = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert counts["Needs second check"] == "1"
    assert counts["Withdrawn"] == "1"
    assert counts["Not started"] == "1"  # C5 has no status yet
    assert counts["Total"] == "5"


def test_claims_and_withdrawn(doc):
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert [h.split(" · ")[0] for h in headings] == ["C1", "C2", "C3", "C5"]
    assert "C3 · =SUM(A1) Russia is not mentioned." in headings
    texts = [p.text for p in doc.paragraphs]
    assert "Withdrawn claims" in texts
    assert texts[-1] == "C4  A withdrawn claim."
    assert any("Not yet rated" in t for t in texts)
    assert "Kremlin readout: 2 h 2 min." in texts
    assert any("AB" in t and "2025-03-05" in t for t in texts)


def test_sources_consulted_or_else_all(doc):
    found = links(doc)
    assert found["Kremlin transcript"] == "http://en.kremlin.ru/events/president/news/67315"
    assert "White House readout" not in found  # C1 has a consulted source: only that
    assert found["Summit page"] == "https://en.wikipedia.org/wiki/X"  # none marked: all
    assert "Bad link" not in found
    assert any(p.text.startswith("Bad link") for p in doc.paragraphs)
    assert not any("javascript" in r.target_ref for r in doc.part.rels.values())


def test_letter_paper_and_plain_template(tmp_path: Path):
    template = tmp_path / "plain.docx"
    docx.Document().save(str(template))
    path = tmp_path / "r.docx"
    write_report(path, make_tracker(), template=template, paper="letter")
    doc = docx.Document(str(path))
    assert abs(doc.sections[0].page_width - Inches(8.5)) < Inches(0.01)
    assert "Kremlin transcript" in links(doc)


def test_bad_paper_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="paper"):
        write_report(tmp_path / "r.docx", make_tracker(), paper="a3")
