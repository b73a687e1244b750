"""Round-trip properties (hypothesis): any text in, the same text out; any edits, right counts.

What the tool does to text on the way from a claims file to the tracker and back, found
by reading the code and confirmed by these properties:

- surrounding whitespace is stripped (the claims model strips strings; the tracker
  reader strips cells), inner whitespace (tabs, newlines, CR) is kept;
- the control characters an Office file cannot hold (U+0000-U+0008, U+000B, U+000C,
  U+000E-U+001F, U+FFFE, U+FFFF) are removed, with a warning (``safety.clean``);
- there is no Unicode normalisation of claims (the article alone is NFC-normalised
  when loaded), so combining marks come back exactly as written;
- ``_xHHHH_`` in text is escaped when written (``safety.escape_xstring``), so a
  spreadsheet reader does not turn it into the character HHHH;
- text longer than a cell (32,767) is cut with a marker: not exercised here (see
  ``test_hostile.test_long_paragraph_and_claim_longer_than_a_cell``).

So ``expected = clean(text).strip()`` for every claim text, ID and source title.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tracker_fixtures import base_rows, letter, write_fresh

from worksheet import columns
from worksheet.prepare import prepare
from worksheet.safety import clean
from worksheet.scales import load_scale
from worksheet.summary import NOT_RATED, UNASSIGNED, summarise
from worksheet.tracker.read import read_tracker
from worksheet.tracker.rows import rows_from_claims
from worksheet.tracker.write import write_tracker

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
# WORKSHEET_EXAMPLES=500 for a longer hunt than the suite's few seconds.
SETTINGS = settings(max_examples=int(os.environ.get("WORKSHEET_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def normalised(text: str) -> str:
    """What a text should read back as (see the module docstring)."""
    return clean(text).strip()


# Any Unicode the JSON file and XML can carry (hypothesis leaves out surrogates), with
# the hard cases made likely: right-to-left, combining marks, emoji, controls, formulas.
SPECIAL = st.sampled_from(["مرحبا", "שלום", "北京", "👩🏽‍🔬", "🇺🇦", "e\u0301", "\u202e",
                           "\u200d", "\x00", "\x0b", "\x1f", "\r\n", "\t", "=1+1", "@", "-",
                           "_x0041_", "&lt;", "<b>", "\"'", "\u00a0", "\u2028", "\ufffe"])
TEXT = st.lists(st.one_of(st.text(max_size=40), SPECIAL), max_size=12).map("".join)
LONG = st.builds(lambda t, n: (t or "x") * n, st.text(min_size=1, max_size=5),
                 st.integers(500, 3000))
URL = st.builds(lambda path: "https://example.org/" + path,
                st.text("abcdefghijklmnopqrstuvwxyz0123456789-._~/%?=&", max_size=30))
SOURCE = st.fixed_dictionaries({"title": TEXT, "url": URL})


@st.composite
def claims_files(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Claims with unique IDs and non-blank texts (after the normalisation)."""
    n = draw(st.integers(1, 6))
    ids = draw(st.lists(TEXT.filter(lambda t: normalised(t) != ""), min_size=n, max_size=n,
                        unique_by=normalised))
    claims = []
    for ident in ids:
        text = draw(st.one_of(TEXT, LONG).filter(lambda t: normalised(t) != ""))
        sources = draw(st.lists(SOURCE.filter(lambda s: normalised(s["title"]) != ""),
                                max_size=3))
        claims.append({"id": ident, "claim": text, "sources": sources})
    return claims


@SETTINGS
@given(claims=claims_files())
@example(claims=[{"id": "_x0041_", "claim": "a_x0041_b\x00 ", "sources": []}])
@example(claims=[{"id": "7", "claim": "\u202eevil\u202c e\u0301 👩🏽‍🔬 שלום",
                  "sources": [{"title": "=HYPERLINK(\"x\")", "url": "https://example.org/"}]}])
def test_claims_round_trip_through_the_tracker(claims: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.json"
        path.write_text(json.dumps({"claims": claims}, ensure_ascii=False), encoding="utf-8")
        prepared = prepare(ARTICLE, path)
        rows, sources = rows_from_claims(prepared.article, prepared.anchored)
        tracker = Path(folder) / "t.xlsx"
        write_tracker(tracker, rows, sources, prepared.scale, prepared.article.meta)
        read = read_tracker(tracker)
    assert [r.id for r in read.rows] == [normalised(c["id"]) for c in claims]
    assert [r.claim for r in read.rows] == [normalised(c["claim"]) for c in claims]
    assert [(s.claim_id, s.source, s.url) for s in read.sources] == [
        (normalised(c["id"]), normalised(s["title"]), s["url"])
        for c in claims for s in c["sources"]]
    assert not [p for p in read.problems if p.severity == "error"]


# ---------------------------------------------------------------------------- edits

SCALE = load_scale("default")


def spelled(values: list[str]) -> st.SearchStrategy[str]:
    """One of ``values`` as a person might type it: any case, extra spaces around/inside."""
    def retype(value: str, cases: list[bool], pad: tuple[str, str], inner: str) -> str:
        letters = [c.upper() if up else c.lower() for c, up in zip(value, cases, strict=False)]
        return pad[0] + "".join(letters).replace(" ", inner) + pad[1]

    return st.builds(retype, st.sampled_from(values),
                     st.lists(st.booleans(), min_size=30, max_size=30),
                     st.tuples(st.sampled_from(["", " ", "  "]), st.sampled_from(["", " "])),
                     st.sampled_from([" ", "  "]))


EDIT = st.fixed_dictionaries({
    "verdict": st.none() | spelled(SCALE.labels),
    "status": st.none() | spelled(list(columns.STATUSES)),
    "reviewer": st.none() | spelled(["Ana", "Ben Okafor", "Zoë"]),
})
N_ROWS = 8


def _fresh() -> Path:
    """A fresh tracker of ``N_ROWS`` claims, written once, copied for each example."""
    if not _FRESH:
        folder = Path(tempfile.mkdtemp(prefix="worksheet-props-"))
        _FRESH.append(write_fresh(folder / "fresh.xlsx", base_rows(N_ROWS)))
    return _FRESH[0]


_FRESH: list[Path] = []


def _key(text: str | None) -> str | None:
    return " ".join(text.split()).casefold() if text else None


@SETTINGS
@given(edits=st.lists(EDIT, min_size=N_ROWS, max_size=N_ROWS))
def test_reviewer_edits_are_counted(edits: list[dict[str, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(shutil.copy(_fresh(), Path(folder) / "t.xlsx"))
        wb = openpyxl.load_workbook(path)
        ws = wb[columns.CLAIMS_SHEET]
        for row, values in enumerate(edits, 2):
            for key, value in values.items():
                cell = ws[f"{letter(key)}{row}"]
                cell.value = value
                if value is not None:
                    cell.data_type = "s"  # typed into a Text-formatted cell
        wb.save(path)
        summary = summarise(read_tracker(path))

    labels = {_key(v): v for v in SCALE.labels}
    statuses = {_key(s): s for s in columns.STATUSES}
    status_of = [statuses[_key(e["status"])] if e["status"] else columns.NOT_STARTED
                 for e in edits]
    live = [e for e, s in zip(edits, status_of, strict=True) if s != columns.WITHDRAWN]
    expected_verdicts = dict.fromkeys([*SCALE.labels, NOT_RATED], 0)
    for e in live:
        expected_verdicts[labels[_key(e["verdict"])] if e["verdict"] else NOT_RATED] += 1
    expected_status = {s: status_of.count(s) for s in columns.STATUSES}
    expected_reviewers: dict[str | None, list[int]] = {}
    for e, s in zip(edits, status_of, strict=True):
        if s != columns.WITHDRAWN:
            counts = expected_reviewers.setdefault(_key(e["reviewer"]), [0, 0])
            counts[0] += 1
            counts[1] += s == columns.DONE

    assert summary.by_verdict == expected_verdicts
    assert summary.by_status == expected_status
    assert summary.total == len(live) == sum(summary.by_verdict.values())
    assert summary.done == status_of.count(columns.DONE)
    assert summary.withdrawn == status_of.count(columns.WITHDRAWN)
    got = {(None if name == UNASSIGNED else _key(name)): [c.claims, c.done]
           for name, c in summary.by_reviewer.items()}
    assert got == expected_reviewers
    assert not [p for p in summary.problems if p.code in ("unknown-verdict", "unknown-status")]
