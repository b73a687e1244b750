"""The benchmark at its smallest size, so it cannot rot; and the fast writers it measures.

The fast paths (tracker rows streamed as XML, worksheet sections spilled to disk) must
write what the plain library paths write: checked here by reading both back.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import run as bench  # noqa: E402
import synthetic  # noqa: E402

from worksheet.docx.worksheet import write_worksheet  # noqa: E402
from worksheet.prepare import prepare  # noqa: E402
from worksheet.tracker import stream  # noqa: E402
from worksheet.tracker.model import ConflictEntry  # noqa: E402
from worksheet.tracker.rows import rows_from_claims  # noqa: E402
from worksheet.tracker.write import write_tracker  # noqa: E402

BUILT = dt.datetime(2021, 12, 10, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("inputs")
    article, claims = synthetic.write_inputs(folder, 12, 600)
    return prepare(article, claims)


def test_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert bench.main(["--sizes", "10", "--quick", "--runs", "1", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    tasks = {m["task"] for m in report["measures"]}
    assert {"prepare", "docx", "xlsx", "status", "status-cli", "suggest-cli", "help",
            "build-example"} <= tasks
    for m in report["measures"]:
        assert m["wall"] > 0 and m["peak_mb"] > 0, m
    assert report["machine"]["cores"] >= 1
    names = [t["name"] for t in report["targets"]]
    assert any("--help" in n for n in names)


def test_desk_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    import desk as desk_bench

    out = tmp_path / "desk.json"
    assert desk_bench.main(["--articles", "2", "--claims", "2", "--anchor-claims", "12",
                            "--paragraphs", "30", "--runs", "1", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["batch"]["loop"] > 0 and figures["batch"]["batch"] > 0
    assert figures["status"]["status"] > 0 and figures["status"]["pandas"] > 0
    assert figures["anchoring"]["claims"] == 12


def test_synthetic_claims_are_all_found(prepared) -> None:
    assert prepared.found == len(prepared.anchored) == 12
    # Spread over the article, not piled on its first paragraphs.
    paragraphs = {a.anchor.paragraph for a in prepared.anchored}
    assert len(paragraphs) > 6


def _sheet(path: Path, name: str) -> list[tuple]:
    """Each cell as a value reader sees it (calamine), with its style and internal link.

    The streamed path links a URL with a HYPERLINK formula and its cached result, the
    fallback with a relationship: both must read back as the same URL.
    """
    from python_calamine import CalamineWorkbook

    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    ws = openpyxl.load_workbook(path)[name]
    return [tuple((values[r][c] if r < len(values) and c < len(values[r]) else "",
                   cell.style_id, cell.number_format,
                   cell.hyperlink.location if cell.hyperlink else None)
                  for c, cell in enumerate(row))
            for r, row in enumerate(ws.iter_rows())]


def test_streamed_rows_match_openpyxl_cells(prepared, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    rows, sources = rows_from_claims(prepared.article, prepared.anchored)
    rows, sources = synthetic.fill(rows, sources, prepared.scale.labels)
    rows[0] = rows[0].model_copy(update={"notes": "  =1+1", "extra": {"Mine": 3.5}})
    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    conflicts = [ConflictEntry(claim_id=rows[1].id, column="Verdict", value="True",
                               place="ana.xlsx Claims!I3", reviewer="Ana", kept="False")]
    for path in (fast, plain):
        write_tracker(path, rows, sources, prepared.scale, prepared.article.meta,
                      extra_headers=["Mine"], built=BUILT, conflicts=conflicts)
        monkeypatch.setattr(stream.RowStream, "_take_over", lambda self, ws: False)
    for name in ("Claims", "Sources", "Conflicts"):
        assert _sheet(fast, name) == _sheet(plain, name)
    claims = openpyxl.load_workbook(fast)["Claims"]
    assert claims["N2"].value == "  =1+1" and claims["N2"].data_type == "s"
    assert claims.row_dimensions[1].height == pytest.approx(33)
    url = openpyxl.load_workbook(fast)["Sources"]["C2"].value
    assert url.startswith('=HYPERLINK("https://example.org/')


def test_spilled_worksheet_keeps_every_section_in_order(prepared, tmp_path: Path) -> None:
    path = tmp_path / "w.docx"
    write_worksheet(path, prepared.article, prepared.anchored, prepared.scale, built=BUILT)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "worksheet-spill-" not in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    claim_headings = [h.split(" ·")[0] for h in headings if h.startswith("C")]
    assert claim_headings == [a.claim.id for a in prepared.anchored]
    tags = [t.get(qn("w:val")) for t in document.element.body.iter(qn("w:tag"))]
    assert len(tags) == len(set(tags))
    assert len(document.comments) == len(prepared.anchored)


def test_collect_benchmark_runs_at_a_small_size(capsys: pytest.CaptureFixture[str]) -> None:
    import collect as collect_bench

    assert collect_bench.main(["--worksheets", "2", "--claims", "3", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "collect 2 worksheets × 3 claims:" in out
    # Two reviewers with different initials: every claim's Reviewer is a conflict.
    assert "6 conflict entries" in out and "0 values taken" not in out


def test_team_benchmark_runs_small(tmp_path: Path) -> None:
    """The merge/diff benchmark at a toy size: it runs and reports both comparisons."""
    import team

    out = tmp_path / "team.json"
    assert team.main(["--size", "30", "--copies", "2", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    for task in ("merge", "diff"):
        assert report[task]["wall"] > 0 and report[task]["pandas_wall"] > 0
        assert report[task]["ratio_cpu"] > 0
    assert report["diff"]["differences"] > 0
