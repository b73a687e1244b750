"""Property: any ticks and any table text written into a worksheet read back the same.

The worksheet is filled by editing its XML as Word saves the work (``worksheet_filler``),
every way a box gets ticked included, and read back with ``read_filled_worksheet``.
What the reader does to text, and so what is expected: runs of whitespace become one
space and the ends are trimmed. Text starting with a box glyph (☐, ☒…) is left out of
the evidence on purpose: in a table it is taken for a typed box (see ``blocks``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from worksheet_filler import ClaimFill, fill

from worksheet.build import build
from worksheet.collect.blocks import EMPTY_BOXES, TICKS
from worksheet.collect.filled import EvidenceRow
from worksheet.collect.read import read_filled_worksheet

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
#: Claims of the example with 3, 2 and 1 sources.
SOURCE_COUNTS = {"C1": 3, "C2": 2, "C3": 1}
LABELS = ["True", "Mostly true", "Mixed", "Misleading", "Mostly false", "False",
          "Unverifiable", "Opinion"]

words = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp", "Co")),
    min_size=1, max_size=24,
).map(lambda t: " ".join(t.split())).filter(
    lambda t: bool(t) and t[0] not in TICKS | EMPTY_BOXES)


@st.composite
def claim_fills(draw: st.DrawFn, sources: int) -> ClaimFill:
    evidence = draw(st.lists(st.tuples(words, words | st.just("")), max_size=6))
    return ClaimFill(
        verdicts=draw(st.lists(st.sampled_from(LABELS), max_size=1)),
        sources=sorted(draw(st.sets(st.integers(1, sources)))),
        initials=draw(st.none() | words), date=draw(st.none() | words),
        evidence=evidence, notes=draw(st.lists(words, max_size=2)),
        how=draw(st.sampled_from(["click", "state", "glyph", "X", "plain"])),
        tracked=draw(st.booleans()))


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(ARTICLE, CLAIMS, tmp_path_factory.mktemp("built")).worksheet


@settings(max_examples=40, deadline=None)
@given(fills=st.fixed_dictionaries({cid: claim_fills(n) for cid, n in SOURCE_COUNTS.items()}))
def test_any_ticks_and_text_read_back(blank: Path, fills: dict[str, ClaimFill]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "filled.docx"
        fill(blank, path, fills)
        filled = read_filled_worksheet(path)
    claims = {c.id: c for c in filled.claims}
    for claim_id, wanted in fills.items():
        got = claims[claim_id]
        assert got.verdicts == list(wanted.verdicts)
        assert [s.number for s in got.sources if s.ticked] == list(wanted.sources)
        assert (got.initials, got.date) == (wanted.initials, wanted.date)
        assert got.evidence == [EvidenceRow(n, e, s)
                                for n, (e, s) in enumerate(wanted.evidence, start=1)]
        assert got.notes == ("\n".join(wanted.notes) or None)
    assert not [p for p in filled.problems if p.severity == "error"]
