"""A reviewer fills the worksheet in real LibreOffice Writer; collect takes exactly that.

The reviewer works over UNO (``uno_reviewer.py``): clicks a verdict box and two
"consulted" boxes as a click does (the control's state and its glyph), sets one box
through the API only (state without glyph, as a macro would), types initials, a date
and two evidence rows into their cells, and saves as .docx and as .odt in one session.
What LibreOffice writes is checked as well: it drops the content controls' tags, so the
reader must not need them, and keeps the section bookmarks it does need.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from libreoffice import WriterOp, require_libreoffice, review_writer
from typer.testing import CliRunner

from worksheet.build import build
from worksheet.cli import app
from worksheet.collect.collect import collect
from worksheet.docx.markers import claim_bookmark
from worksheet.tracker.read import read_tracker

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
runner = CliRunner()

C1, C2 = claim_bookmark("C1"), claim_bookmark("C2")
#: C1's tables after its heading: 0 sources, 1 verdicts, 2 sign-off, 3 evidence.
SOURCES, VERDICTS, SIGN_OFF, EVIDENCE = range(4)
OPS = [
    WriterOp("tick", C1, VERDICTS, "B1"),            # Mostly true
    WriterOp("tick", C1, SOURCES, "A2"),             # TASS
    WriterOp("tick", C1, SOURCES, "A4"),             # White House readout
    WriterOp("type", C1, SIGN_OFF, "B1", "AB"),
    WriterOp("type", C1, SIGN_OFF, "D1", "2026-11-20"),
    WriterOp("type", C1, EVIDENCE, "A2", "TASS readout"),
    WriterOp("type", C1, EVIDENCE, "B2", "Call ran 18:08–20:10 Moscow time"),
    WriterOp("type", C1, EVIDENCE, "A3", "White House readout"),
    WriterOp("type", C1, EVIDENCE, "B3", "Two hours and one minute"),
    WriterOp("set_state", C2, VERDICTS, "B2"),       # False, through the API: state only
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The built tracker, and the worksheet as LibreOffice saved it: .docx and .odt."""
    require_libreoffice(uno=True)
    folder = tmp_path_factory.mktemp("writer")
    result = build(ARTICLE, CLAIMS, folder / "built")
    docx_path, odt_path = folder / "ana.docx", folder / "ben.odt"
    review_writer(result.worksheet, OPS, [docx_path, odt_path])
    return result.tracker, docx_path, odt_path


def test_what_libreoffice_writes(saved: tuple[Path, Path, Path]) -> None:
    _, docx_path, odt_path = saved
    with zipfile.ZipFile(docx_path) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<w:tag " not in xml                      # LibreOffice 7.4 drops every tag…
    assert f'w:name="{C1}"' in xml                   # …and keeps our bookmarks
    states = re.findall(r'<w14:checked w14:val="(\d)"/>', xml)
    assert states.count("1") == 4                    # 3 clicked + 1 set through the API
    glyphs = re.findall(r'<w14:checked w14:val="1"/>.*?<w:t>([^<]*)</w:t>', xml)
    assert sorted(glyphs) == ["☐", "☒", "☒", "☒"]    # the API leaves the glyph as it was
    with zipfile.ZipFile(odt_path) as archive:
        content = archive.read("content.xml").decode()
    assert content.count('loext:checked="true"') == 4
    assert f'text:name="{C1}"' in content


@pytest.mark.parametrize("which", ["docx", "odt"])
def test_collect_takes_exactly_what_was_done(saved: tuple[Path, Path, Path], which: str,
                                             tmp_path: Path) -> None:
    built, docx_path, odt_path = saved
    worksheet = docx_path if which == "docx" else odt_path
    tracker = Path(shutil.copy(built, tmp_path / "tracker.xlsx"))
    result = collect([worksheet], tracker)
    read = read_tracker(tracker)
    c1, c2 = read.rows[0], read.rows[1]
    assert (c1.verdict, c1.status, c1.reviewer, str(c1.checked_on)) == (
        "Mostly true", "Done", "AB", "2026-11-20")
    assert c1.evidence == ("TASS readout — Call ran 18:08–20:10 Moscow time\n"
                           "White House readout — Two hours and one minute")
    assert (c2.verdict, c2.status) == ("False", "Done")
    assert [s.consulted for s in read.sources if s.claim_id == "C1"] == ["Yes", None, "Yes"]
    touched = {(h.claim_id, h.column) for h in result.outcome.history}
    assert touched == {("C1", c) for c in ("Verdict", "Status", "Reviewer", "Checked on",
                                           "Evidence", "Consulted")} | {
        ("C2", "Verdict"), ("C2", "Status")}
    assert result.outcome.conflicts == [] and result.problems == []
    status = runner.invoke(app, ["status", str(tracker), "--format", "json"])
    summary = json.loads(status.stdout)
    assert (summary["done"], summary["by_verdict"]["Mostly true"],
            summary["by_verdict"]["False"], summary["by_reviewer"]["AB"]["done"]) == (2, 1, 1, 1)
