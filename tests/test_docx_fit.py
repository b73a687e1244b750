"""A claim section fits its page: blank evidence rows are left out rather than spill over."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from libreoffice import convert, require_libreoffice

from worksheet.docx import fit
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

# How many times LONG each claim's paragraph holds: the last ones need fewer blank rows.
SIZES = (1, 2, 3, 4, 7, 8)
LONG = ("The ministry's figures, published each quarter since 2009, count every contract "
        "signed by the agency and its regional offices, including those later cancelled. ")


def section(claim: Claim, passage: str = "A short paragraph.") -> float:
    return fit.section_height(claim, f"C1 · {claim.claim}", passage, [], "", 17.0)


def test_the_estimate_grows_with_what_the_section_holds() -> None:
    plain = Claim(id="C1", claim="Prices rose.")
    sourced = Claim(id="C1", claim="Prices rose.",
                    sources=[Source(title=f"Source {i}", url=f"https://example.org/{i}",
                                    note="Check the quarter.") for i in range(5)])
    guided = Claim(id="C1", claim="Prices rose.", guidance=LONG * 3)
    assert section(plain) < section(sourced)
    assert section(plain) < section(guided)
    assert section(plain) < section(plain, LONG * 8)
    earlier = fit.section_height(plain, "C1 · Prices rose.", "A short paragraph.",
                                 ["Prices rose by 4 percent.", "Prices rose."], "Earlier.", 17.0)
    assert earlier > section(plain)


@pytest.mark.parametrize(("used", "rows"), [(10.0, 4), (20.0, 3), (22.0, 2), (23.5, 2),
                                           (24.5, 4), (30.0, 4)])
def test_rows_fill_the_room_left_but_never_fewer_than_two(used: float, rows: int) -> None:
    # Where not one row fits, the section runs over anyway: the next page gets them all.
    assert fit.evidence_rows(used, 25.7, most=4) == rows


def _bulky_claims(article: Article) -> list[AnchoredClaim]:
    """Six claims from slight to bulky: more sources, longer guidance, longer passages."""
    out = []
    for n in range(6):
        paragraph = article.paragraphs[n]
        claim = Claim(
            id=f"C{n + 1}", claim=f"Claim {n + 1}: the ministry signed {n + 2} contracts.",
            quote=paragraph.text[:40], type="number", claimant="The ministry",
            priority="high", guidance=(LONG * (n // 2)) or None,
            sources=[Source(title=f"Quarterly contract register, volume {k}",
                            url=f"https://example.org/registers/{2015 + k}/quarter-{k}.pdf",
                            note="Match the count of signed contracts for the quarter.")
                     for k in range(1, n // 2 + 2)],
        )
        out.append(AnchoredClaim(claim=claim, anchor=Anchor(
            paragraph=paragraph.number, start=0, end=40, score=1.0, method="exact")))
    return out


@pytest.mark.libreoffice
def test_no_claim_section_runs_on_to_another_page(tmp_path: Path) -> None:
    require_libreoffice()
    article = Article(
        meta=ArticleMeta(title="Contracts"),
        paragraphs=[Paragraph(number=n + 1, text=LONG * k) for n, k in enumerate(SIZES)],
    )
    claims = _bulky_claims(article)
    path = tmp_path / "worksheet.docx"
    write_worksheet(path, article, claims, load_scale("default"))
    rows = [len(t.rows) - 1 for t in docx.Document(str(path)).tables
            if t.rows[0].cells[0].text.startswith("Evidence")]
    assert rows[0] == 4 and min(rows) >= 2 and rows[-1] < 4  # slight keeps all, bulky fewer
    pdf = convert(path, "pdf", tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    starts = [next(i for i, page in enumerate(pages) if re.search(rf"^\s*C{n} ·", page, re.M))
              for n in range(1, 7)]
    appendix = next(i for i, page in enumerate(pages) if "Appendix" in page)
    # Each section is one page: the next one (or the appendix) starts on the page after.
    assert [b - a for a, b in zip(starts, [*starts[1:], appendix], strict=True)] == [1] * 6
