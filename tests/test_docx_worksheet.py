"""The Word worksheet, reopened with python-docx (and LibreOffice when present)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from worksheet.docx import ooxml
from worksheet.docx.passages import Span, add_marked_text
from worksheet.docx.worksheet import write_worksheet
from worksheet.models import (
    Anchor,
    AnchoredClaim,
    Article,
    ArticleMeta,
    Claim,
    Paragraph,
    Source,
)
from worksheet.scales import load_scale

# Paragraphs from the seed article (shared/seed/what-putin-really-told-biden.txt).
PARAGRAPHS = [
    "What Putin Really Told Biden",
    "So Russian President Vladimir Putin, by himself, and United States President Joe "
    "Biden, surrounded by aides, finally had their secret video link conference for two "
    "hours and two minutes – with translators placed in different rooms.",
    "Kremlin: Putin offered Biden to nullify all restrictions on the functioning of "
    "diplomatic missions. He remarked that cooperation between Russia and the US is "
    "still in an “unsatisfactory” state.",
    "Over the years, Kiev fulfilled less than zero of these commitments - while the NATO "
    "media machine kept spinning that Russia was violating Minsk. Russia is not even "
    "mentioned (italics mine) in the agreement.",
]
BUILT = dt.datetime(2025, 3, 5, 9, 30, tzinfo=dt.timezone.utc)
URL = "https://www.globalresearch.ca/what-putin-really-told-biden/5763461"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "what-putin-really-told-biden.txt"


def make_article(paragraphs: list[str] = PARAGRAPHS) -> Article:
    return Article(
        meta=ArticleMeta(title="What Putin Really Told Biden", author="Pepe Escobar",
                         publisher="Global Research", date="2021-12-09", url=URL),
        paragraphs=[Paragraph(number=i, text=t, heading=i == 1)
                    for i, t in enumerate(paragraphs, 1)],
    )


def anchor(article: Article, claim: Claim) -> AnchoredClaim:
    """The lead's anchor module does this properly; exact search is enough here."""
    for paragraph in article.paragraphs:
        start = paragraph.text.find(claim.quote or "\0")
        if start >= 0:
            return AnchoredClaim(claim=claim, anchor=Anchor(
                paragraph=paragraph.number, start=start, end=start + len(claim.quote),
                score=1.0, method="exact"))
    return AnchoredClaim(claim=claim, anchor=Anchor())


def make_claims(article: Article) -> list[AnchoredClaim]:
    claims = [
        Claim(id="C1", claim="The video call lasted two hours and two minutes.",
              quote="two hours and two minutes", type="statistic", claimant="Pepe Escobar",
              priority="high", assignee="Ana", guidance="Compare both readouts.",
              sources=[Source(title="White House readout", url="https://www.whitehouse.gov/x",
                              note="Check the duration"),
                       Source(title="Call the embassy")]),
        Claim(id="C2", claim="Russia is not mentioned in the Minsk agreement.",
              quote="Russia is not even mentioned", type="fact",
              sources=[Source(url="mailto:desk@example.org"),
                       # Models refuse such URLs; the writer must refuse them too.
                       Source.model_construct(title="Evil link", url="javascript:alert(1)",
                                              note=None)]),
        Claim(id="C3", claim="=HYPERLINK(\"http://evil.test\") spends\x07 billions",
              quote="a quote that is not there"),
        Claim(id="C4", claim="Putin offered to lift all restrictions on missions.",
              quote="Putin offered Biden to nullify all restrictions"),
        Claim(id="C5", claim="Restrictions on diplomatic missions exist.",
              quote="nullify all restrictions on the functioning of diplomatic missions"),
    ]
    return [anchor(article, c) for c in claims]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, Article, list[AnchoredClaim]]:
    article = make_article()
    claims = make_claims(article)
    path = tmp_path_factory.mktemp("ws") / "worksheet.docx"
    write_worksheet(path, article, claims, load_scale("default"), built=BUILT)
    return path, article, claims


@pytest.fixture(scope="module")
def doc(written):
    return docx.Document(str(written[0]))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_core_properties(doc):
    props = doc.core_properties
    assert props.title == "Fact-check worksheet: What Putin Really Told Biden"
    assert props.subject == "What Putin Really Told Biden"
    assert props.author == "worksheet"
    assert props.created == BUILT.replace(tzinfo=None) or props.created == BUILT
    assert props.modified.year == 2025
    assert props.last_printed is None or props.last_printed.year != 2013


def test_claim_headings_start_pages(doc, written):
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    claim_headings = [p for p in headings if p.text.startswith("C")]
    assert [p.text.split(" · ")[0] for p in claim_headings] == ["C1", "C2", "C3", "C4", "C5"]
    assert claim_headings[0].text == "C1 · The video call lasted two hours and two minutes."
    assert all(p.paragraph_format.page_break_before for p in claim_headings)


def test_cover_has_metadata_and_claims_table(doc):
    text = all_text(doc)
    for fact in ("Pepe Escobar", "Global Research", "2021-12-09", "5 March 2025"):
        assert fact in text
    claims_table = next(t for t in doc.tables if t.cell(0, 0).text == "ID")
    assert [r.cells[0].text for r in claims_table.rows[1:]] == ["C1", "C2", "C3", "C4", "C5"]


def test_hyperlinks_are_external_relationships(doc):
    links = {}
    for link in doc.element.body.iter(qn("w:hyperlink")):
        rel = doc.part.rels[link.get(qn("r:id"))]
        assert rel.is_external
        links["".join(t.text for t in link.iter(qn("w:t")))] = rel.target_ref
    assert links == {
        URL: URL,
        "White House readout": "https://www.whitehouse.gov/x",
        "mailto:desk@example.org": "mailto:desk@example.org",
    }


def test_javascript_url_never_becomes_a_link(doc, written):
    targets = [rel.target_ref for rel in doc.part.rels.values()]
    assert not any("javascript" in t for t in targets)
    with __import__("zipfile").ZipFile(written[0]) as zf:
        assert b"javascript:" not in zf.read("word/_rels/document.xml.rels")
    assert "Evil link" in all_text(doc)


def test_checkbox_count(doc, written):
    _, _, claims = written
    verdicts = len(load_scale("default").verdicts)
    sources = sum(len(a.claim.sources) for a in claims)
    assert len(ooxml.checkboxes(doc.element.body)) == len(claims) * verdicts + sources


def test_one_comment_per_anchored_claim(doc, written):
    _, _, claims = written
    anchored = [a for a in claims if a.anchor.found]
    comments = {c.text.split(":")[0]: c for c in doc.comments}
    assert len(list(doc.comments)) == len(anchored) == 4
    for a in anchored:
        assert comments[a.claim.id].text == f"{a.claim.id}: {a.claim.claim}"
        assert comments[a.claim.id].author == "worksheet"


def test_passage_highlight_is_the_quote(doc, written):
    _, _, claims = written
    passages = [p for p in doc.paragraphs if p.style.name == "Passage"]
    by_claim = dict(zip(["C1", "C2", "C3"], passages, strict=False))
    for a in claims[:2]:
        para = by_claim[a.claim.id]
        lit = "".join(r.text for r in para.runs
                      if r.font.highlight_color == WD_COLOR_INDEX.YELLOW)
        assert lit == a.claim.quote
        assert f"¶ {a.anchor.paragraph}" in para.text


def test_quote_not_found_is_visible(doc):
    text = all_text(doc)
    assert "Quote not found in the article" in text
    assert "“a quote that is not there”" in text


def test_formula_like_text_and_control_characters(doc, written):
    heading = next(p for p in doc.paragraphs if p.text.startswith("C3 · "))
    assert heading.text == 'C3 · =HYPERLINK("http://evil.test") spends billions'
    with __import__("zipfile").ZipFile(written[0]) as zf:
        body = zf.read("word/document.xml")
    assert b"\x07" not in body
    # Text is never an instruction: the body holds no fields at all.
    assert list(doc.element.body.iter(qn("w:instrText"))) == []
    assert list(doc.element.body.iter(qn("w:fldSimple"))) == []


def test_appendix_marks_overlapping_claims(doc):
    para = next(p for p in doc.paragraphs if p.text.startswith("¶ 3\t"))
    assert "restrictions[C4] on the functioning of diplomatic missions[C5]" in para.text
    lit = [r.text for r in para.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert "".join(lit) == "Putin offered Biden to nullify all restrictions on the functioning" \
        " of diplomatic missions"
    ranges = para._p.findall(qn("w:commentRangeStart"))
    assert len(ranges) == 2


def test_footer_has_page_fields(doc):
    footer = doc.sections[0].footer.paragraphs[0]
    instructions = [el.text.strip() for el in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Page ")
    assert "What Putin Really Told Biden" in doc.sections[0].header.paragraphs[0].text


@pytest.mark.parametrize(("paper", "width", "height"),
                         [("a4", Mm(210), Mm(297)), ("letter", Inches(8.5), Inches(11))])
def test_page_size(tmp_path, paper, width, height):
    article = make_article()
    path = tmp_path / "w.docx"
    write_worksheet(path, article, make_claims(article)[:1], load_scale("aap"), paper=paper)
    section = docx.Document(str(path)).sections[0]
    assert abs(section.page_width - width) < Mm(0.5)
    assert abs(section.page_height - height) < Mm(0.5)
    assert abs(section.left_margin - Mm(20)) < Mm(0.5)


def test_plain_template_without_our_styles(tmp_path):
    template = tmp_path / "plain.docx"
    plain = docx.Document()
    plain.add_paragraph("TEMPLATE BODY TEXT")
    assert "Passage" not in plain.styles
    plain.save(str(template))
    article = make_article()
    path = tmp_path / "w.docx"
    write_worksheet(path, article, make_claims(article), load_scale("politifact"),
                    template=template, paper="letter")
    doc = docx.Document(str(path))
    assert "TEMPLATE BODY TEXT" not in all_text(doc)
    assert "Passage" in doc.styles and "Hyperlink" in doc.styles
    assert any(p.text.startswith("C1 · ") for p in doc.paragraphs)
    assert len(list(doc.comments)) == 4


def test_marked_text_shares_runs_between_overlapping_spans():
    doc = docx.Document()
    para = doc.add_paragraph()
    runs = add_marked_text(para, "abcdefgh", [Span(1, 5, "x"), Span(3, 7, "y")],
                           marker=lambda k: f"[{k}]")
    assert para.text == "abcde[x]fg[y]h"
    assert [r.text for r in runs["x"]] == ["bc", "de", "[x]"]
    # A marker belongs to its own span only.
    assert [r.text for r in runs["y"]] == ["de", "fg", "[y]"]


def test_marked_text_clamps_and_cleans():
    doc = docx.Document()
    para = doc.add_paragraph()
    add_marked_text(para, "ab\x00cd", [Span(3, 99, "z")])
    assert para.text == "abcd"
    assert [r.text for r in para.runs if r.font.highlight_color] == ["cd"]


@pytest.mark.shared
@pytest.mark.skipif(not SEED.is_file(), reason="shared/seed not beside the checkout")
def test_whole_seed_article(tmp_path):
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n")
                  if p.strip()]
    article = make_article(paragraphs)
    claims = make_claims(article)
    path = tmp_path / "w.docx"
    write_worksheet(path, article, claims, load_scale("default"))
    doc = docx.Document(str(path))
    assert sum(p.text.startswith("¶ ") for p in doc.paragraphs) >= len(paragraphs)


@pytest.mark.libreoffice
def test_libreoffice_renders_pdf(written, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs LibreOffice (soffice) and poppler-utils (pdftotext)")
        pytest.skip("LibreOffice or pdftotext not installed")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(written[0])],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "worksheet.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "The video call lasted two hours and two minutes." in text
    assert "Page 1 of" in text
    assert "[C4]" in text
