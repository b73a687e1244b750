"""Every kind of file the tool writes is a valid Office file: schemas and package rules.

Word and Excel "repair" a file they find invalid and drop what they do not like (a
checkbox, a dropdown, a comment); no Office runs here, so the format is the check.
``tests/ooxml/validate.py`` does the checking; this module makes one file of each kind.

To validate a new output, add one line to ``OUTPUTS``: a name and a function that
writes the file into the folder it is given and returns its path.
"""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree
from ooxml.validate import MC, W14, W, apply_markup_compatibility, understood, validate_package
from tracker_fixtures import edit, filled, letter

from worksheet.build import build
from worksheet.docx.report import write_report
from worksheet.tracker.read import read_tracker

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
PRIOR = ROOT / "examples" / "putin-biden" / "prior"
SCALES = sorted(p.stem for p in (ROOT / "templates" / "scales").glob("*.yaml"))


def claims_without(claim_id: str, folder: Path) -> Path:
    """The example's claims file with one claim left out."""
    text = CLAIMS.read_text(encoding="utf-8")
    start = text.index(f"  - id: {claim_id}\n")
    end = text.index("  - id: ", start + 1)
    path = folder / "claims.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


def rebuilt_after_review(folder: Path) -> Path:
    """A tracker a reviewer filled (and added a column to), merged into a rebuild."""
    first = build(ARTICLE, CLAIMS, folder)
    edit(first.tracker, {f"{letter('verdict')}2": "False", f"{letter('status')}2": "Done",
                         f"{letter('notes')}2": "=not a formula", "O1": "Second check",
                         "O2": "CD agrees"})
    return build(ARTICLE, CLAIMS, folder).tracker


def with_withdrawn(folder: Path) -> Path:
    """A tracker rebuilt after a claim (with a verdict) left the claims file."""
    first = build(ARTICLE, CLAIMS, folder)
    edit(first.tracker, {f"{letter('verdict')}3": "Mostly true"})
    return build(ARTICLE, claims_without("C2", folder), folder).tracker


def without_comments(folder: Path) -> Path:
    """A worksheet whose claims are found nowhere in the article: no comments part."""
    claims = folder / "claims.yaml"
    claims.write_text("claims:\n  - claim: Nothing like this is in the article.\n"
                      "    quote: zebras quietly juggling umbrellas\n", encoding="utf-8")
    path = build(ARTICLE, claims, folder).worksheet
    assert "word/comments.xml" not in zipfile.ZipFile(path).namelist()
    return path


def with_custom_template(folder: Path) -> Path:
    """A worksheet styled by a template without our styles (python-docx's default)."""
    template = folder / "newsroom.docx"
    docx.Document().save(str(template))
    return build(ARTICLE, CLAIMS, folder / "out", template=template).worksheet


def team_merged(folder: Path) -> Path:
    """A tracker after a team merge: conflicts linked to their Claims rows, a history."""
    from tracker_fixtures import edit, letter

    from worksheet.team.save import merge_files

    tracker = build(ARTICLE, CLAIMS, folder).tracker
    verdict, reviewer = letter("verdict"), letter("reviewer")
    copies = [edit(tracker, {f"{verdict}3": v, f"{reviewer}3": who},
                   out=folder / f"{who}.xlsx") for v, who in (("True", "Ana"), ("False", "Ben"))]
    result = merge_files(tracker, copies)
    assert result.open and read_tracker(tracker).history
    return tracker


def collected(folder: Path) -> Path:
    """A tracker after ``collect`` took a filled worksheet that disagrees with it."""
    from tracker_fixtures import edit, letter
    from worksheet_filler import ClaimFill, fill

    from worksheet.collect.collect import collect

    built = build(ARTICLE, CLAIMS, folder)
    tracker = edit(built.tracker, {f"{letter('verdict')}2": "False"},
                   out=folder / "filled-tracker.xlsx")
    filled_worksheet = folder / "ana.docx"
    fill(built.worksheet, filled_worksheet,
         {"C1": ClaimFill(verdicts=["True"], sources=[1], initials="AB", date="2026-11-20",
                          evidence=[("TASS", "18:08 to 20:10")]),
          "C2": ClaimFill(verdicts=["Mixed"], how="glyph")})
    result = collect([filled_worksheet], tracker)
    assert result.outcome.conflicts and read_tracker(tracker).history
    return tracker


def filled_worksheet(folder: Path) -> Path:
    """A worksheet as Word saves it after a reviewer ticked boxes and typed in tables."""
    from worksheet_filler import ClaimFill, fill

    built = build(ARTICLE, CLAIMS, folder)
    out = folder / "ana.docx"
    fill(built.worksheet, out, {"C1": ClaimFill(verdicts=["True"], sources=[1, 2],
                                                initials="AB", date="2026-11-20",
                                                evidence=[("a", "b"), ("c", "d")],
                                                notes=["A note."])})
    return out


def report(folder: Path) -> Path:
    """The Word report of a filled tracker."""
    path = folder / "report.docx"
    write_report(path, read_tracker(filled(folder)))
    return path


def default_docx(folder: Path) -> Path:
    """python-docx's default document: Word opens it cleanly, so it must pass."""
    path = folder / "default.docx"
    docx.Document().save(str(path))
    return path


def default_xlsx(folder: Path) -> Path:
    """openpyxl's default workbook: Excel opens it cleanly, so it must pass."""
    path = folder / "default.xlsx"
    openpyxl.Workbook().save(path)
    return path


#: Every kind of file we write (and the two library defaults): name -> maker.
OUTPUTS: dict[str, Callable[[Path], Path]] = {
    "worksheet A4": lambda d: build(ARTICLE, CLAIMS, d).worksheet,
    "worksheet Letter": lambda d: build(ARTICLE, CLAIMS, d, paper="letter").worksheet,
    "worksheet without comments": without_comments,
    "worksheet with a custom template": with_custom_template,
    "tracker fresh": lambda d: build(ARTICLE, CLAIMS, d).tracker,
    "tracker merged after a rebuild": rebuilt_after_review,
    "tracker with withdrawn rows": with_withdrawn,
    "tracker after a team merge": team_merged,
    **{f"tracker on the {name} scale": lambda d, n=name: build(ARTICLE, CLAIMS, d, scale=n).tracker
       for name in SCALES},
    "worksheet with Checked before (--prior)":
        lambda d: build(ARTICLE, CLAIMS, d, prior=[PRIOR]).worksheet,
    "tracker with a Checked before sheet (--prior)":
        lambda d: build(ARTICLE, CLAIMS, d, prior=[PRIOR]).tracker,
    "tracker after collect (conflicts, history)": collected,
    "worksheet filled as Word saves a click": filled_worksheet,
    "report": report,
    "python-docx default document": default_docx,
    "openpyxl default workbook": default_xlsx,
}


@pytest.mark.parametrize("name", OUTPUTS)
def test_output_is_a_valid_office_file(name: str, tmp_path: Path) -> None:
    path = OUTPUTS[name](tmp_path)
    findings = validate_package(path)
    assert findings == [], f"{name} ({path.name}):\n" + "\n".join(findings)


# ----------------------------------------------------------------- the checker checks


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A valid worksheet and tracker to break: two claims keep them small and fast."""
    folder = tmp_path_factory.mktemp("valid")
    text = CLAIMS.read_text(encoding="utf-8")
    claims = folder / "claims.yaml"
    claims.write_text(text[:text.index("  - id: C3\n")], encoding="utf-8")
    result = build(ARTICLE, claims, folder)
    return {"docx": result.worksheet, "xlsx": result.tracker}


def broken_copy(src: Path, part: str, old: str, new: str, folder: Path,
                name: str = "broken") -> Path:
    """``src`` with the first ``old`` in ``part`` replaced by ``new``, as ``folder/name``."""
    out = folder / f"{name}{src.suffix}"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == part:
                text = data.decode("utf-8")
                assert old in text, f"{old!r} not in {part}"
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return out


BOOKMARKS = ('<w:body><w:p><w:bookmarkStart w:id="7" w:name="a"/><w:bookmarkEnd w:id="7"/>'
             '<w:bookmarkStart w:id="7" w:name="b"/><w:bookmarkEnd w:id="7"/></w:p>')

#: (what breaks, file, part, old, new, a piece of the finding it must cause)
BREAKS = [
    ("schema: an unknown element", "docx", "word/settings.xml", "<w:zoom ",
     "<w:bogus/><w:zoom ", "Element 'bogus': This element is not expected"),
    ("schema: an element from a namespace Office does not know, not ignorable", "docx",
     "word/settings.xml", "<w:zoom ", '<x:thing xmlns:x="urn:example:x"/><w:zoom ',
     "Element 'thing': This element is not expected"),
    ("schema: a bad value in w14 markup", "docx", "word/document.xml",
     '<w14:checked w14:val="0"/>', '<w14:checked w14:val="maybe"/>', "'maybe' is not an element"),
    ("schema: an attribute a cell does not have", "xlsx", "xl/worksheets/sheet1.xml",
     '<c r="A1"', '<c r="A1" colour="red"', "The attribute 'colour' is not allowed"),
    ("content types: a part without one", "docx", "[Content_Types].xml",
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
     'relationships+xml"/>', "", "_rels/.rels: no content type"),
    ("content types: an override for a missing part", "xlsx", "[Content_Types].xml",
     "</Types>", '<Override PartName="/xl/gone.xml" ContentType="application/xml"/></Types>',
     "Override for a missing part /xl/gone.xml"),
    ("relationships: an r:id not in the .rels", "docx", "word/document.xml", 'r:id="',
     'r:id="nope', "is not in its .rels"),
    ("relationships: a target that is not there", "docx", "word/_rels/document.xml.rels",
     'Target="comments.xml"', 'Target="gone.xml"', "points to a missing part word/gone.xml"),
    ("unique ids: two comments with one id", "docx", "word/comments.xml", 'w:id="1"',
     'w:id="0"', "comment id '0' used 2 times"),
    ("unique ids: a comment mark naming no comment", "docx", "word/document.xml",
     '<w:commentRangeStart w:id="0"/>', '<w:commentRangeStart w:id="99"/>',
     "w:commentRangeStart names no comment (id 99)"),
    ("unique ids: two bookmarks with one id", "docx", "word/document.xml", "<w:body>",
     BOOKMARKS, "bookmark id '7' used 2 times"),
    ("unique ids: two drawing objects with one id", "xlsx", "xl/drawings/drawing1.xml",
     "<clientData/></oneCellAnchor>",
     '<clientData/></oneCellAnchor><oneCellAnchor><from><col>0</col><colOff>0</colOff>'
     "<row>0</row><rowOff>0</rowOff></from><ext cx=\"1\" cy=\"1\"/><sp><nvSpPr>"
     '<cNvPr id="1" name="Twin"/><cNvSpPr/></nvSpPr><spPr/></sp><clientData/>'
     "</oneCellAnchor>", "drawing id (cNvPr) '1' used 2 times"),
    ("styles: a paragraph style that is not defined", "docx", "word/document.xml",
     'w:val="Kicker"', 'w:val="NoSuchStyle"', "w:pStyle 'NoSuchStyle' is not defined"),
    ("styles: a cell format that is not there", "xlsx", "xl/worksheets/sheet1.xml", ' s="1"',
     ' s="999"', "style 999 but there are"),
    ("formulas: a defined name stored with '='", "xlsx", "xl/workbook.xml",
     '<definedName name="VerdictList">', '<definedName name="VerdictList">=',
     "definedName VerdictList is stored as \"='Lists'"),
    ("formulas: a validation stored with '='", "xlsx", "xl/worksheets/sheet1.xml",
     "<formula1>VerdictList", "<formula1>=VerdictList", "formula1 is stored as '=VerdictList'"),
    ("sheet names: a forbidden character", "xlsx", "xl/workbook.xml", 'name="Scale"',
     'name="Sc/ale"', "sheet name 'Sc/ale' holds one of"),
    ("sheet names: the same name twice", "xlsx", "xl/workbook.xml", 'name="About"',
     'name="scale"', "sheet name (ignoring case) 'scale' used 2 times"),
]


@pytest.mark.parametrize(("kind", "part", "old", "new", "expected"),
                         [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_each_check_fires_on_a_broken_copy(valid: dict[str, Path], tmp_path: Path, kind: str,
                                           part: str, old: str, new: str,
                                           expected: str) -> None:
    findings = validate_package(broken_copy(valid[kind], part, old, new, tmp_path))
    assert any(expected in f for f in findings), "\n".join(findings)


W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC_BODY = (f'<w:body><mc:AlternateContent xmlns:w15="{W15}"><mc:Choice Requires="w15">'
           '<w15:new/></mc:Choice><mc:Fallback><w:p/></mc:Fallback></mc:AlternateContent>'
           f'<w:p xmlns:w15="{W15}" w15:extra="1"><w15:gone/></w:p>')


def test_markup_compatibility_is_applied_as_office_does(valid: dict[str, Path],
                                                        tmp_path: Path) -> None:
    # An Office 2010 consumer takes the Fallback of a Choice needing w15 (unknown to it),
    # and drops the w15 markup the part declares ignorable.
    assert W15 not in understood()
    body = broken_copy(valid["docx"], "word/document.xml", "<w:body>", MC_BODY, tmp_path)
    path = broken_copy(body, "word/document.xml", 'mc:Ignorable="w14 wp14"',
                       f'mc:Ignorable="w14 wp14 w15" xmlns:w15="{W15}"', tmp_path, "ignorable")
    assert validate_package(path) == []


@pytest.mark.parametrize("ignorable", ["w14 w15", "w14"])
def test_only_ignorable_namespaces_are_dropped(ignorable: str) -> None:
    root = etree.fromstring(
        f'<w:document xmlns:w="{W}" xmlns:mc="{MC}" xmlns:w15="{W15}" '
        f'xmlns:w14="{W14}" mc:Ignorable="{ignorable}">{MC_BODY}</w:body></w:document>')
    assert apply_markup_compatibility(root, understood(), "part") == []
    body = root[0]
    assert [etree.QName(e).localname for e in body.iter()] == (
        ["body", "p", "p"] if "w15" in ignorable else ["body", "p", "p", "gone"])
    assert (f"{{{W15}}}extra" in body[1].attrib) is ("w15" not in ignorable)
    assert not root.xpath("//@mc:*", namespaces={"mc": MC})


def test_findings_name_the_part_and_the_place(valid: dict[str, Path], tmp_path: Path) -> None:
    path = broken_copy(valid["docx"], "word/settings.xml", "<w:zoom ", "<w:bogus/><w:zoom ",
                       tmp_path)
    (finding,) = validate_package(path)
    assert finding.startswith("word/settings.xml:2: /w:settings/w:bogus: ")


def test_not_well_formed_xml_is_a_finding(valid: dict[str, Path], tmp_path: Path) -> None:
    path = broken_copy(valid["xlsx"], "xl/workbook.xml", "</workbook>", "", tmp_path)
    assert any("xl/workbook.xml: not well-formed XML" in f for f in validate_package(path))


@pytest.mark.parametrize(("part", "finding"), [
    ("customXml/item9.xml", None),  # a data store: any XML its owner likes
    ("word/extra.xml", "word/extra.xml: no schema for its root element"),
])
def test_xml_nobody_defines(valid: dict[str, Path], tmp_path: Path, part: str,
                            finding: str | None) -> None:
    out = tmp_path / "extra.docx"
    with zipfile.ZipFile(valid["docx"]) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr(part, '<p:properties xmlns:p="urn:example:metadata"/>')
    findings = validate_package(out)
    assert [f for f in findings if f.startswith(finding)] if finding else findings == []


def test_vendored_schemas_are_complete() -> None:
    # Every schema the set imports is in tests/ooxml/schemas, so a fresh clone validates.
    schemas = Path(__file__).with_name("ooxml") / "schemas"
    for xsd in schemas.rglob("*.xsd"):
        for location in etree.parse(str(xsd)).xpath("//@schemaLocation"):
            assert (xsd.parent / location).is_file(), f"{xsd.name} imports {location}"
    assert (schemas / "LICENSES.md").is_file()


def test_the_timing_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(Path(__file__).with_name("benchmarks")))
    import ooxml_validation

    assert ooxml_validation.main(["--only", "openpyxl default workbook"]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"\d+\.\d{3} s  compile\n.*openpyxl default workbook\n.*total", printed)
