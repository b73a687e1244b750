"""The Excel tracker writer: reopen what it wrote with openpyxl, calamine and LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, quote_sheetname
from python_calamine import CalamineWorkbook

from worksheet import columns
from worksheet.models import Anchor, AnchoredClaim, Article, ArticleMeta, Claim, Paragraph
from worksheet.safety import CELL_LIMIT, CUT_MARKER
from worksheet.scales import load_scale
from worksheet.tracker import layout, styles
from worksheet.tracker.model import SourceRow, TrackerRow
from worksheet.tracker.rows import rows_from_claims
from worksheet.tracker.stream import hyperlink_formula
from worksheet.tracker.write import write_tracker

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "what-putin-really-told-biden.txt"
BUILT = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.timezone.utc)
META = ArticleMeta(title="What Putin Really Told Biden", author="Pepe Escobar",
                   publisher="Global Research", date="2021-12-09",
                   url="https://www.globalresearch.ca/what-putin-really-told-biden/5763207")
CLAIM_HEADERS = [c.header for c in columns.CLAIM_COLUMNS]
SOURCE_HEADERS = [c.header for c in columns.SOURCE_COLUMNS]


def letter(key: str, cols: tuple[columns.Column, ...] = columns.CLAIM_COLUMNS) -> str:
    return get_column_letter(layout.column_index(key, cols))


@pytest.fixture(scope="module")
def article() -> Article:
    if SEED.is_file():
        text = SEED.read_text(encoding="utf-8")
    else:  # a checkout without ../shared: the same sentences, enough for these tests
        text = ("Intro.\n\nThey had their secret video link conference for two hours and two "
                "minutes.\n\nIt was the first Russia-US summit since 2018.")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return Article(meta=META, paragraphs=[Paragraph(number=i, text=t)
                                          for i, t in enumerate(paragraphs, 1)])


def anchored(article: Article, claim: Claim) -> AnchoredClaim:
    """The claim anchored by plain search (the real anchoring is tested elsewhere)."""
    for paragraph in article.paragraphs:
        start = paragraph.text.find(claim.quote or "\0")
        if start >= 0:
            anchor = Anchor(paragraph=paragraph.number, start=start,
                            end=start + len(claim.quote or ""), score=100, method="exact")
            return AnchoredClaim(claim=claim, anchor=anchor)
    return AnchoredClaim(claim=claim, anchor=Anchor())


@pytest.fixture(scope="module")
def claims(article: Article) -> list[AnchoredClaim]:
    specs = [
        Claim(id="C1", claim="The video call lasted two hours and two minutes.",
              quote="two hours and two minutes", claimant="Pepe Escobar", type="Fact",
              priority="High", sources=[
                  {"title": "Kremlin readout", "url": "https://en.kremlin.ru/events/president"},
                  "https://www.whitehouse.gov/briefing-room/"]),
        Claim(id="C2", claim="Geneva was the first Russia-US summit since 2018.",
              quote="first Russia-US summit since 2018", assignee="Ann",
              sources=["https://www.reuters.com/world/"]),
        Claim(id="C3", claim="=1+1", quote="this quote is not in the article",
              sources=["Library archive"]),
        Claim(id="C4", claim="@SUM(A1)\x07 and a bell"),
    ]
    return [anchored(article, c) for c in specs]


@pytest.fixture(scope="module")
def scale():
    return load_scale("default")


@pytest.fixture(scope="module")
def built(tmp_path_factory, article, claims, scale):
    """A tracker with new rows, reviewer values, an added column and a too-long claim."""
    rows, sources = rows_from_claims(article, claims)
    rows[0] = rows[0].model_copy(update=dict(
        verdict="False", status=columns.DONE, reviewer="Bo", checked_on=dt.date(2024, 3, 5),
        evidence="Transcript: 2 h 02 min", notes="007", extra={"Second check": "Cy"}))
    rows[1] = rows[1].model_copy(update=dict(verdict="Mostly true", status=columns.IN_PROGRESS))
    rows.append(TrackerRow(id="C5", claim="x" * 40_000, sources="javascript:alert(1)"))
    path = tmp_path_factory.mktemp("tracker") / "tracker.xlsx"
    problems = write_tracker(path, rows, sources, scale, META, extra_headers=["Second check"],
                             built=BUILT)
    return path, problems, rows, sources


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(built[0])


@pytest.fixture(scope="module")
def calamine(built):
    wb = CalamineWorkbook.from_path(str(built[0]))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


# rows_from_claims

def test_rows_take_passage_paragraph_and_sources(article, claims):
    rows, _ = rows_from_claims(article, claims)
    first = rows[0]
    assert first.paragraph == claims[0].anchor.paragraph
    assert first.passage == article.paragraph(first.paragraph).text
    # Titles with their site; an untitled source shows its URL. The links are on Sources.
    assert first.sources.splitlines() == [
        "Kremlin readout (en.kremlin.ru)", "https://www.whitehouse.gov/briefing-room/"]
    assert (first.claimant, first.type, first.priority) == ("Pepe Escobar", "Fact", "High")
    assert all(r.status is None and r.verdict is None for r in rows)
    assert rows[1].reviewer == "Ann"  # the claims file's assignee


def test_unanchored_claim_shows_its_quote(article, claims):
    rows, _ = rows_from_claims(article, claims)
    assert rows[2].paragraph is None
    assert rows[2].passage == "this quote is not in the article"
    assert rows[3].passage == ""


def test_source_rows_one_per_claim_and_source(article, claims):
    _, sources = rows_from_claims(article, claims)
    assert [(s.claim_id, s.source, s.url) for s in sources] == [
        ("C1", "Kremlin readout", "https://en.kremlin.ru/events/president"),
        ("C1", "", "https://www.whitehouse.gov/briefing-room/"),
        ("C2", "", "https://www.reuters.com/world/"),
        ("C3", "Library archive", None),
    ]


# The workbook as openpyxl and calamine read it

def test_sheets_and_headers_follow_the_declaration(book, calamine):
    assert book.sheetnames == [columns.CLAIMS_SHEET, columns.SOURCES_SHEET,
                               columns.CONFLICTS_SHEET, columns.SUMMARY_SHEET,
                               columns.SCALE_SHEET, columns.HISTORY_SHEET,
                               columns.ABOUT_SHEET, columns.LISTS_SHEET]
    assert book[columns.LISTS_SHEET].sheet_state == "hidden"
    claims_header = [c.value for c in book[columns.CLAIMS_SHEET][1]]
    assert claims_header == [*CLAIM_HEADERS, "Second check"]
    assert calamine[columns.CLAIMS_SHEET][0] == [*CLAIM_HEADERS, "Second check"]
    assert calamine[columns.SOURCES_SHEET][0] == SOURCE_HEADERS


def test_values_and_reviewer_work_are_written(built, calamine):
    _, _, rows, _ = built
    sheet = calamine[columns.CLAIMS_SHEET]
    col = {h: i for i, h in enumerate(sheet[0])}
    first = sheet[1]
    assert first[col["ID"]] == "C1"
    assert first[col["Article passage"]] == rows[0].passage
    assert first[col["Paragraph"]] == rows[0].paragraph
    assert first[col["Verdict"]] == "False"  # text, not a boolean
    assert first[col["Status"]] == columns.DONE
    assert first[col["Checked on"]] == dt.date(2024, 3, 5)
    assert first[col["Notes"]] == "007"
    assert first[col["Second check"]] == "Cy"
    assert [r[col["Status"]] for r in sheet[2:6]] == [
        columns.IN_PROGRESS, columns.NOT_STARTED, columns.NOT_STARTED, columns.NOT_STARTED]


def test_sources_sheet_rows(calamine):
    sheet = calamine[columns.SOURCES_SHEET]
    assert [r[:3] for r in sheet[1:5]] == [
        ["C1", "Kremlin readout", "https://en.kremlin.ru/events/president"],
        ["C1", "", "https://www.whitehouse.gov/briefing-room/"],
        ["C2", "", "https://www.reuters.com/world/"],
        ["C3", "Library archive", ""],
    ]


def test_text_that_looks_like_a_formula_stays_text(book, calamine):
    ws = book[columns.CLAIMS_SHEET]
    for row, text in ((4, "=1+1"), (5, "@SUM(A1) and a bell")):
        cell = ws[f"{letter('claim')}{row}"]
        assert cell.data_type == "s"
        assert cell.value == text
        assert calamine[columns.CLAIMS_SHEET][row - 1][1] == text  # bell character removed


def test_too_long_text_is_cut_with_a_warning(built, calamine):
    _, problems, _, _ = built
    text = calamine[columns.CLAIMS_SHEET][5][1]
    assert len(text) == CELL_LIMIT
    assert text.endswith(CUT_MARKER)
    assert [(p.where, p.code, p.severity) for p in problems] == [
        (f"{columns.CLAIMS_SHEET}!B6", "cut", "warning")]


def test_too_long_first_claim_is_located_at_b2(tmp_path, scale):
    problems = write_tracker(tmp_path / "t.xlsx", [TrackerRow(id="C1", claim="y" * 40_000)], [],
                             scale, META)
    assert [p.where for p in problems] == [f"{columns.CLAIMS_SHEET}!B2"]


def test_links_are_on_the_sources_sheet_as_hyperlink_formulas(book, calamine):
    # Calc shows a linked cell as one line cut at the column's edge: the Claims sheet
    # names the sources, the Sources sheet links each safe URL with a formula that wraps.
    claims = book[columns.CLAIMS_SHEET]
    assert not [c.coordinate for row in claims.iter_rows() for c in row if c.hyperlink]
    sources = book[columns.SOURCES_SHEET]
    url_col = letter("url", columns.SOURCE_COLUMNS)
    urls = ["https://en.kremlin.ru/events/president", "https://www.whitehouse.gov/briefing-room/",
            "https://www.reuters.com/world/"]
    assert [sources[f"{url_col}{r}"].value for r in (2, 3, 4)] == [
        f'=HYPERLINK("{u}")' for u in urls]
    # The URL is the formula's cached result: what value readers see.
    assert [row[2] for row in calamine[columns.SOURCES_SHEET][1:4]] == urls
    formulas = [c.value for row in sources.iter_rows() for c in row if c.data_type == "f"]
    assert len(formulas) == 3  # the javascript: URL is text, never a link
    assert not [c.coordinate for row in sources.iter_rows() for c in row if c.hyperlink]


def test_hyperlink_formula_quotes_and_its_limit():
    assert hyperlink_formula('https://x.test/?q="a"', 'https://x.test/?q="a"') == (
        'HYPERLINK("https://x.test/?q=""a""")')
    long_url = "https://x.test/" + "a" * 250
    assert hyperlink_formula(long_url, long_url) is None  # Excel's 255-character limit
    assert hyperlink_formula("https://x.test/", "other text") is None


def test_a_url_too_long_for_a_formula_is_a_plain_link(tmp_path, scale):
    long_url = "https://x.test/" + "a" * 250
    path = tmp_path / "t.xlsx"
    write_tracker(path, [TrackerRow(id="C1")], [SourceRow(claim_id="C1", url=long_url)], scale,
                  META)
    cell = openpyxl.load_workbook(path)[columns.SOURCES_SHEET][
        f"{letter('url', columns.SOURCE_COLUMNS)}2"]
    assert (cell.value, cell.hyperlink.target) == (long_url, long_url)


def test_dropdowns_use_defined_names_holding_the_lists(book, built, scale):
    ws = book[columns.CLAIMS_SHEET]
    last = layout.last_row(len(built[2]))
    by_formula = {v.formula1: v for v in ws.data_validations.dataValidation}
    # Stored without "=", as Excel stores formulas (tests/ooxml checks every formula).
    expected = {layout.VERDICT_LIST: (letter("verdict"), scale.labels),
                layout.STATUS_LIST: (letter("status"), list(columns.STATUSES))}
    second = letter("second_verdict")
    for formula, (col, items) in expected.items():
        validation = by_formula[formula]
        assert validation.type == "list"
        assert validation.showErrorMessage is True
        assert validation.error and validation.prompt
        ranges = {f"{col}2:{col}{last}"}
        if formula == layout.VERDICT_LIST:  # the second check's verdict too
            ranges.add(f"{second}2:{second}{last}")
        assert set(str(validation.sqref).split()) == ranges
        sheet, ref = next(book.defined_names[formula].destinations)
        assert sheet == columns.LISTS_SHEET
        assert [c.value for (c,) in book[sheet][ref.replace("$", "")]] == items


def test_consulted_dropdown_on_sources(book):
    ws = book[columns.SOURCES_SHEET]
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == layout.CONSULTED_LIST
    col = letter("consulted", columns.SOURCE_COLUMNS)
    assert str(validation.sqref).startswith(f"{col}2:{col}")
    sheet, ref = next(book.defined_names[layout.CONSULTED_LIST].destinations)
    assert [c.value for (c,) in book[sheet][ref.replace("$", "")]] == list(
        columns.CONSULTED_CHOICES)


def test_checked_on_is_a_checked_date_column(book, built):
    ws = book[columns.CLAIMS_SHEET]
    col = letter("checked_on")
    (validation,) = [v for v in ws.data_validations.dataValidation if v.type == "date"]
    assert validation.operator == "between" and validation.showErrorMessage is True
    assert str(validation.sqref) == f"{col}2:{col}{layout.last_row(len(built[2]))}"
    assert ws[f"{col}2"].number_format == "yyyy-mm-dd"
    assert ws[f"{col}200"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("key", ["verdict", "status", "reviewer", "evidence", "notes"])
def test_reviewer_columns_are_text_in_data_and_margin_rows(book, key):
    ws = book[columns.CLAIMS_SHEET]
    assert columns.column(key).reviewer
    for row in (2, 7, layout.MIN_LAST_ROW):
        assert ws[f"{letter(key)}{row}"].number_format == "@", row


def test_verdict_colours_one_rule_per_verdict(book, scale):
    ws = book[columns.CLAIMS_SHEET]
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules[(str(cf.sqref), rule.formula[0])] = rule
    col, second, last = letter("verdict"), letter("second_verdict"), layout.MIN_LAST_ROW
    for verdict in scale.verdicts:
        rule = rules[(f"{col}2:{col}{last} {second}2:{second}{last}", f'"{verdict.label}"')]
        assert rule.operator == "equal"
        assert rule.dxf.fill.end_color.rgb.endswith(verdict.colour)


def test_layout_frozen_filtered_and_sized(book, built):
    ws = book[columns.CLAIMS_SHEET]
    assert ws.freeze_panes == "B2"
    n = len(built[2])
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(CLAIM_HEADERS) + 1)}{n + 1}"
    for i, col in enumerate(columns.CLAIM_COLUMNS, 1):
        assert ws.column_dimensions[get_column_letter(i)].width == col.width
    assert ws[f"{letter('passage')}2"].alignment.wrap_text is True
    assert ws["A1"].font.bold
    assert 15 < ws.row_dimensions[2].height <= 150  # a long passage gets a taller row
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"


def test_summary_formulas_count_claims_rows(book, built, scale):
    ws = book[columns.SUMMARY_SHEET]
    last = layout.last_row(len(built[2]))
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert labels[layout.SUMMARY_TOTAL].startswith("=")
    col = letter("verdict")
    verdict_range = f"{quote_sheetname(columns.CLAIMS_SHEET)}!${col}$2:${col}${last}"
    for label in scale.labels:
        assert verdict_range in labels[label] and f'"{label}"' in labels[label]
    assert f'"{columns.NOT_STARTED}"' in labels[columns.NOT_STARTED]
    assert labels[layout.SUMMARY_SHARE_DONE].startswith("=IF(")
    assert len(ws._charts) == 1


def test_scale_and_about_let_a_reader_rebuild_them(book, scale):
    ws = book[columns.SCALE_SHEET]
    assert [c.value for c in ws[1]] == list(layout.SCALE_HEADERS)
    for row, verdict in enumerate(scale.verdicts, 2):
        label, definition, colour, rating = (c.value for c in ws[row])
        assert (label, definition, colour, rating) == (
            verdict.label, verdict.definition, verdict.colour, verdict.rating)
        assert ws.cell(row, 1).fill.fgColor.rgb.endswith(verdict.colour)
    about = {r[0].value: r[1].value for r in book[columns.ABOUT_SHEET].iter_rows()}
    assert about[layout.ABOUT_TITLE] == META.title
    assert about[layout.ABOUT_URL] == META.url
    assert about[layout.ABOUT_SCALE] == scale.name
    assert about[layout.ABOUT_BEST] == scale.best_rating
    assert about[layout.ABOUT_FORMAT] == columns.TRACKER_FORMAT
    assert about[layout.ABOUT_BUILT] == "2024-03-05T09:30:00+00:00"
    assert about[layout.ABOUT_VERSION]
    assert book.properties.creator == "worksheet"
    assert book.properties.title == META.title


def test_empty_tracker_still_has_its_layout(tmp_path, scale):
    path = tmp_path / "empty.xlsx"
    assert write_tracker(path, [], [], scale, ArticleMeta()) == []
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book[columns.CLAIMS_SHEET][1]] == CLAIM_HEADERS
    assert book[columns.CLAIMS_SHEET].auto_filter.ref == f"A1:{letter('second_reviewer')}1"


# LibreOffice computes the Summary's formulas

def soffice() -> str:
    found = shutil.which("soffice")
    if not found:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@pytest.mark.libreoffice
def test_libreoffice_computes_the_summary(tmp_path, scale):
    verdicts = ["False", "False", "Mostly true", None, None]
    rows = [TrackerRow(id=f"C{i}", claim=f"Claim {i}", verdict=v)
            for i, v in enumerate(verdicts, 1)]
    path = tmp_path / "tracker.xlsx"
    write_tracker(path, rows, [], scale, META)
    # csv filter options: all sheets (-1), each to tracker-<Sheet>.csv, formulas computed.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", csv_filter, "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120)
    with open(tmp_path / f"tracker-{columns.SUMMARY_SHEET}.csv", encoding="utf-8") as fh:
        figures = {r[0]: r[1] for r in csv.reader(fh) if len(r) > 1}
    assert figures[layout.SUMMARY_TOTAL] == "5"
    assert figures[columns.NOT_STARTED] == "5"
    assert figures["False"] == "2"
    assert figures["Mostly true"] == "1"
    assert figures["True"] == "0"
    assert figures[layout.SUMMARY_NO_VERDICT] == "2"
    assert figures[layout.SUMMARY_SHARE_DONE] == "0%"


def test_wrapped_lines_wrap_whole_words_and_break_long_ones():
    width = 20
    per_line = int(width * styles.CHARS_PER_WIDTH)
    word = "w" * (per_line - 2)
    assert styles.wrapped_lines(word, width) == 1
    assert styles.wrapped_lines(f"{word} {word} {word}", width) == 3  # two never share a line
    assert styles.wrapped_lines("x" * (per_line * 2 + 1), width) == 3
    url = "https://example.org/" + "/".join(["segment"] * 12)
    assert 1 < styles.wrapped_lines(url, width) <= len(url) // per_line + 2  # breaks at "/"
    assert styles.wrapped_lines("a\nb\n\nc", width) == 4


def test_row_height_fits_long_text_up_to_excels_limit():
    assert styles.row_height([("short", 40.0)]) is None
    lines = 20
    text = "\n".join(["line"] * lines)
    assert styles.row_height([(text, 40.0)]) == lines * styles.LINE_HEIGHT + styles.ROW_PADDING
    assert styles.row_height([("\n".join(["x"] * 100), 40.0)]) == styles.MAX_ROW_HEIGHT == 409
