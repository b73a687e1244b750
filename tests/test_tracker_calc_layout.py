"""The tracker's rows fit their text in LibreOffice Calc, with Calibri's stand-in or without.

Calc does not fit rows to wrapped text when it opens an .xlsx, so the writer sizes every
row itself. Calc's own "optimal height" for each row is the yardstick: every written row
must be at least that high (no text cut off) and not much higher (no large gaps), both
with Carlito (Calibri's metric twin) and without it, where Calc falls back to a wider font.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from libreoffice import row_heights
from python_calamine import CalamineWorkbook

from worksheet import columns
from worksheet.build import build
from worksheet.tracker.styles import LINE_HEIGHT

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
SHEETS = (columns.CLAIMS_SHEET, columns.SOURCES_SHEET, columns.SCALE_SHEET,
          columns.ABOUT_SHEET)
#: Calc rounds heights to its own units: a written row may sit this far under the fit.
ROUNDING = 0.5


@pytest.fixture(scope="module")
def tracker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(ARTICLE, CLAIMS, tmp_path_factory.mktemp("layout")).tracker


@pytest.mark.parametrize("hidden", [(), ("Carlito",)], ids=["carlito", "fallback font"])
def test_every_row_fits_its_text_without_large_gaps(tracker: Path,
                                                    hidden: tuple[str, ...]) -> None:
    book = CalamineWorkbook.from_path(str(tracker))
    last = {name: len(book.get_sheet_by_name(name).to_python()) for name in SHEETS}
    measured = row_heights(tracker, last, without_fonts=hidden)
    for sheet, pairs in measured.items():
        assert len(pairs) == last[sheet] - 1
        for row, (written, fitted) in enumerate(pairs, 2):
            where = f"{sheet}!{row}: written {written} pt, Calc fits {fitted} pt"
            assert written >= fitted - ROUNDING, f"text cut off: {where}"
            # Rows are sized for Excel's taller line; more than that and a line spare is
            # a gap (the old fixed 150 pt rows were far over).
            assert written <= 1.7 * fitted + LINE_HEIGHT, f"large gap: {where}"
