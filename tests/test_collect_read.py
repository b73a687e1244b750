"""Reading a filled worksheet back: the Word path, edited in the XML as Word saves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from worksheet_filler import ClaimFill, W, edit_document, fill, sections, w

from worksheet.build import build
from worksheet.collect.filled import EvidenceRow
from worksheet.collect.read import read_filled_worksheet, read_worksheet
from worksheet.docx.markers import claim_bookmark
from worksheet.errors import FilledWorksheetError

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's worksheet as built, nobody has touched it."""
    return build(ARTICLE, CLAIMS, tmp_path_factory.mktemp("built")).worksheet


def test_a_blank_worksheet_reads_as_no_work(blank: Path) -> None:
    filled = read_filled_worksheet(blank)
    assert [c.id for c in filled.claims] == [f"C{i}" for i in range(1, 17)]
    assert not any(c.has_work() for c in filled.claims)
    assert filled.title == "What Putin Really Told Biden"
    assert filled.scale_labels[:2] == ["True", "Mostly true"]
    assert filled.problems == []
    c1 = filled.claims[0]
    assert c1.sources[0].url == "https://tass.com/politics/1372099"


def test_word_click_typing_and_added_rows_read_back(blank: Path, tmp_path: Path) -> None:
    filled_path = tmp_path / "filled.docx"
    evidence = [(f"Source {i}", f"It says {i}") for i in range(1, 7)]  # 4 rows + 2 added
    fill(blank, filled_path, {
        "C1": ClaimFill(verdicts=["Mostly true"], sources=[1, 3], initials="AB",
                        date="2026-11-20", evidence=evidence, notes=["Timing differs."]),
        "C2": ClaimFill(verdicts=["False"], how="X"),
        "C3": ClaimFill(verdicts=["Mixed"], how="state"),
        "C4": ClaimFill(verdicts=["Opinion"], sources=[1], how="glyph"),
        "C5": ClaimFill(verdicts=["True", "False"], initials="CD"),
    })
    filled = read_filled_worksheet(filled_path)
    claims = {c.id: c for c in filled.claims}
    c1 = claims["C1"]
    assert c1.verdict == "Mostly true"
    assert [s.number for s in c1.sources if s.ticked] == [1, 3]
    assert (c1.initials, c1.date, c1.notes) == ("AB", "2026-11-20", "Timing differs.")
    assert c1.evidence == [EvidenceRow(i, f"Source {i}", f"It says {i}") for i in range(1, 7)]
    assert claims["C2"].verdict == "False"            # X typed over the box
    assert claims["C3"].verdict == "Mixed"            # state set, glyph unchanged
    assert claims["C4"].verdict == "Opinion"          # glyph typed, state unchanged
    assert claims["C4"].sources[0].ticked
    assert claims["C5"].verdict is None               # two ticked: a problem, not a guess
    assert [(p.where, p.code) for p in filled.problems] == [
        ("filled.docx C5 verdict", "several-verdicts")]
    assert "True, False" in filled.problems[0].message
    assert not any(c.has_work() for c in filled.claims[5:])


def test_tracked_changes_read_as_accepted_and_reported(blank: Path, tmp_path: Path) -> None:
    path = tmp_path / "tracked.docx"
    fill(blank, path, {"C1": ClaimFill(initials="AB", date="2026-11-20",
                                       evidence=[("TASS", "two hours")], tracked=True)})
    filled = read_filled_worksheet(path)
    c1 = filled.claims[0]
    assert (c1.initials, c1.date) == ("AB", "2026-11-20")
    assert c1.evidence == [EvidenceRow(1, "TASS", "two hours")]
    assert filled.pending_changes == 8  # a deletion and an insertion in each of 4 cells
    warning = next(p for p in filled.problems if p.code == "pending-changes")
    assert warning.severity == "warning" and "8 tracked change(s)" in warning.message


def _move_and_delete(body: Any) -> None:
    """Put C2's section before C1's, delete C3's, type a paragraph among C1's tables."""
    found = sections(body)
    heading = {cid: next(p for p in body.iter(w("p")) if any(
        b.get(w("name")) == claim_bookmark(cid) for b in p.iter(w("bookmarkStart"))))
        for cid in ("C1", "C2", "C3")}
    anchor = heading["C1"]
    typed = etree.SubElement(body, w("p"))
    etree.SubElement(etree.SubElement(typed, w("r")), w("t")).text = "Looks true to me."
    found[claim_bookmark("C1")].tables[0].addnext(typed)  # between two of C1's tables
    for block in [heading["C2"], *found[claim_bookmark("C2")].blocks]:
        anchor.addprevious(block)
    for block in [heading["C3"], *found[claim_bookmark("C3")].blocks]:
        body.remove(block)


def test_sections_reordered_and_deleted(blank: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved.docx"
    edit_document(blank, moved, _move_and_delete)
    path = tmp_path / "moved-filled.docx"
    fill(moved, path, {"C2": ClaimFill(verdicts=["True"]), "C4": ClaimFill(initials="EF")})
    filled = read_filled_worksheet(path)
    assert [c.id for c in filled.claims][:3] == ["C2", "C1", "C4"]
    claims = {c.id: c for c in filled.claims}
    assert claims["C2"].verdict == "True" and claims["C4"].initials == "EF"
    assert claims["C1"].verdict is None and claims["C1"].notes is None


def _edit_heading(body: Any) -> None:
    for p in body.iter(w("p")):
        if any(b.get(w("name")) == claim_bookmark("C2") for b in p.iter(w("bookmarkStart"))):
            t = next(p.iter(w("t")))
            t.text = t.text.replace("C2 ·", "C22 ·")


def test_claim_id_edited_is_a_located_error(blank: Path, tmp_path: Path) -> None:
    path = tmp_path / "edited.docx"
    edit_document(blank, path, _edit_heading)
    filled = read_filled_worksheet(path)
    assert "C2" not in [c.id for c in filled.claims]
    problem = next(p for p in filled.problems if p.code == "claim-id-edited")
    assert problem.where == "edited.docx C2" and "'C22'" in problem.message


def test_status_of_a_worksheet(blank: Path, tmp_path: Path) -> None:
    path = tmp_path / "filled.docx"
    fill(blank, path, {"C1": ClaimFill(verdicts=["Mostly true"], initials="AB",
                                       date="20/11/2026", evidence=[("TASS", "2 h 2 min")]),
                       "C2": ClaimFill(sources=[1]),
                       "C3": ClaimFill(verdicts=["False"], date="07/12/2021")})
    tracker = read_worksheet(path)
    rows = {r.id: r for r in tracker.rows}
    assert (rows["C1"].verdict, rows["C1"].status, str(rows["C1"].checked_on)) == (
        "Mostly true", "Done", "2026-11-20")
    assert rows["C1"].evidence == "TASS — 2 h 2 min"
    assert rows["C2"].status == "In progress" and rows["C4"].status is None
    assert [s.consulted for s in tracker.sources if s.claim_id == "C2"][:2] == ["Yes", None]
    assert tracker.scale.name == "default"
    assert [(p.where, p.code) for p in tracker.problems] == [("C3 date", "ambiguous-date")]


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("damaged.docx", b"PK\x03\x04 not really a zip", "damaged"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    ("notes.docx", b"just some text", "not a Word or LibreOffice document"),
])
def test_files_that_are_not_worksheets(tmp_path: Path, name: str, content: bytes,
                                       needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FilledWorksheetError, match=needle):
        read_filled_worksheet(path)


def test_an_unrelated_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("C1 · Minutes of the meeting", 1)
    document.add_paragraph("Nothing to see.")
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    with pytest.raises(FilledWorksheetError, match="no claim sections"):
        read_filled_worksheet(path)


def _compatibility_mode(body: Any) -> None:
    """What a Word 97-2003-compatible save leaves: content controls without a checkbox
    (Word 2007 has no checkbox controls), the glyph as plain text; and a comment."""
    from worksheet_filler import W14

    for box in list(body.iter(f"{{{W14}}}checkbox")):
        box.getparent().remove(box)


def test_doc_compatible_save_and_comments(blank: Path, tmp_path: Path) -> None:
    plain = tmp_path / "compat.docx"
    edit_document(blank, plain, _compatibility_mode)

    def tick_and_comment(body: Any) -> None:
        section = sections(body)[claim_bookmark("C1")]
        verdicts, sign_off = section.tables[-3], section.tables[-2]
        glyph = next(t for t in verdicts.iter(w("t")) if t.text == "☐")
        glyph.text = "☒"  # the first verdict: True
        paragraph = sign_off.findall(f".//{w('tc')}")[1].find(w("p"))
        paragraph.append(etree.fromstring(
            f'<w:commentRangeStart xmlns:w="{W}" w:id="99"/>'))
        run = etree.SubElement(paragraph, w("r"))
        etree.SubElement(run, w("t")).text = "AB"
        paragraph.append(etree.fromstring(f'<w:commentRangeEnd xmlns:w="{W}" w:id="99"/>'))
        reference = etree.SubElement(paragraph, w("r"))
        etree.SubElement(reference, w("commentReference")).set(w("id"), "99")

    path = tmp_path / "compat-filled.docx"
    edit_document(plain, path, tick_and_comment)
    c1 = read_filled_worksheet(path).claims[0]
    assert (c1.verdict, c1.initials) == ("True", "AB")


def test_odt_comments_and_tracked_deletions_are_not_text(tmp_path: Path) -> None:
    import zipfile

    from worksheet.collect.odt_blocks import read_odt

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    content = (f'<office:document-content {ns}><office:body><office:text>'
               '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
               '<text:p>deleted words</text:p></text:deletion></text:changed-region>'
               '</text:tracked-changes>'
               '<text:p>Kept<text:s text:c="2"/>text<text:change text:change-id="c1"/>'
               '<office:annotation><dc:creator>Ana</dc:creator><text:p>a comment</text:p>'
               '</office:annotation>!<text:tab/>end</text:p>'
               '</office:text></office:body></office:document-content>')
    path = tmp_path / "x.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content)
    with zipfile.ZipFile(path) as archive:
        document = read_odt(archive)
    assert [b.text for b in document.blocks] == ["Kept  text!\tend"]
    assert document.pending_changes == 1


def test_a_deleted_heading_is_an_error_not_a_misread(blank: Path, tmp_path: Path) -> None:
    """Without C3's heading (and its marker) C2's section runs on into C3's tables."""
    def delete_heading(body: Any) -> None:
        for p in list(body.iter(w("p"))):
            if any(b.get(w("name")) == claim_bookmark("C3") for b in p.iter(w("bookmarkStart"))):
                p.getparent().remove(p)

    path = tmp_path / "no-c3.docx"
    edit_document(blank, path, delete_heading)
    filled = read_filled_worksheet(path)
    assert [c.id for c in filled.claims][:3] == ["C1", "C4", "C5"]
    problem = next(p for p in filled.problems if p.code == "sections-run-together")
    assert problem.where == "no-c3.docx C2" and "2 claims' verdict tables" in problem.message


def test_the_appendix_is_not_notes_even_without_its_marker(blank: Path, tmp_path: Path) -> None:
    def drop_appendix_marker(body: Any) -> None:
        for start in list(body.iter(w("bookmarkStart"))):
            if start.get(w("name")) == "ws_appendix":
                start.getparent().remove(start)

    path = tmp_path / "no-marker.docx"
    edit_document(blank, path, drop_appendix_marker)
    filled = read_filled_worksheet(path)
    assert filled.claims[-1].id == "C16" and filled.claims[-1].notes is None


def _as_older_worksheet(body: Any) -> None:
    """What a worksheet from before section markers looks like, filled: no bookmarks,
    and initials and date written on a line (``Reviewer initials  AB ___  Date …``)."""
    found = sections(body)
    for section in found.values():
        sign_off = section.tables[-2]
        texts = ["".join(t.text or "" for t in tc.iter(w("t")))
                 for tc in sign_off.iter(w("tc"))]
        line = etree.Element(w("p"))
        etree.SubElement(etree.SubElement(line, w("r")), w("t")).text = (
            f"Reviewer initials  {texts[1]}\t\tDate  {texts[3]}\t")
        sign_off.addprevious(line)
        body.remove(sign_off)
    for start in list(body.iter(w("bookmarkStart"))):
        start.getparent().remove(start)


def test_an_older_worksheet_without_markers_still_reads(blank: Path, tmp_path: Path) -> None:
    filled_path, older = tmp_path / "filled.docx", tmp_path / "older.docx"
    fill(blank, filled_path, {"C1": C1_FILL, "C16": ClaimFill(verdicts=["False"])})
    edit_document(filled_path, older, _as_older_worksheet)
    filled = read_filled_worksheet(older)
    assert [c.id for c in filled.claims] == [f"C{i}" for i in range(1, 17)]
    c1 = filled.claims[0]
    assert (c1.verdict, c1.initials, c1.date) == ("Mostly true", "AB", "2026-11-20")
    assert [s.number for s in c1.sources if s.ticked] == [1, 3]
    assert c1.evidence == [EvidenceRow(1, "TASS", "two hours")]
    assert filled.claims[-1].verdict == "False" and filled.claims[-1].notes is None
    assert [p.code for p in filled.problems] == ["no-markers"]


C1_FILL = ClaimFill(verdicts=["Mostly true"], sources=[1, 3], initials="AB", date="2026-11-20",
                    evidence=[("TASS", "two hours")])


def test_any_claim_id_survives_as_a_marker(tmp_path: Path) -> None:
    """IDs with punctuation, accents and beyond Word's 40-character bookmark names."""
    import json

    from worksheet.docx.markers import claim_from_bookmark

    ids = ["C-1", "Ärger_2", "claim 3.1", "x" * 50]
    claims = tmp_path / "claims.json"
    claims.write_text(json.dumps({"claims": [
        {"id": ident, "claim": f"The call lasted two hours ({n})."}
        for n, ident in enumerate(ids)]}), encoding="utf-8")
    blank = build(ARTICLE, claims, tmp_path / "out").worksheet
    names = [claim_bookmark(i) for i in ids]
    assert all(len(n) <= 40 and n.replace("_", "").isalnum() for n in names)
    assert [claim_from_bookmark(n) for n in names] == [*ids[:3], None]  # the long one hashed
    path = tmp_path / "filled.docx"
    fill(blank, path, {ident: ClaimFill(verdicts=["Mixed"], initials=str(n))
                       for n, ident in enumerate(ids)})
    filled = read_filled_worksheet(path)
    assert [(c.id, c.verdict, c.initials) for c in filled.claims] == [
        (ident, "Mixed", str(n)) for n, ident in enumerate(ids)]


def test_a_worksheet_built_with_checked_before_blocks(tmp_path: Path) -> None:
    """``build --prior`` adds earlier fact-checks to sections: they are not the reviewer's."""
    prior = ROOT / "examples" / "putin-biden" / "prior"
    blank = build(ARTICLE, CLAIMS, tmp_path / "out", prior=[prior]).worksheet
    path = tmp_path / "filled.docx"
    fill(blank, path, {f"C{i}": ClaimFill(verdicts=["Mixed"], notes=[f"note {i}"])
                       for i in range(1, 17)})
    filled = read_filled_worksheet(path)
    assert [(c.verdict, c.notes) for c in filled.claims] == [
        ("Mixed", f"note {i}") for i in range(1, 17)]
    assert not any(c.sources and c.sources[0].ticked for c in filled.claims)
