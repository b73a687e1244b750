"""Reading a filled worksheet (.docx from Word or LibreOffice, or .odt) as a tracker.

``read_worksheet`` gives the same :class:`~worksheet.tracker.model.Tracker` that
``read_tracker`` gives for a spreadsheet, so ``status`` and ``export`` work on a
worksheet as they do on a tracker: a reviewer who only used Word still gets a summary.
Problems are located in the worksheet: ``C3 verdict``, ``C3 evidence row 2``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .. import columns
from ..errors import FilledWorksheetError, Problem
from ..models import ArticleMeta, Scale, Verdict
from ..scales import available, load_scale
from ..spreadsheet import office_archive
from ..textio import check_input_file
from ..tracker import normalise
from ..tracker.model import SourceRow, Tracker, TrackerRow

if TYPE_CHECKING:  # the readers load lxml: only a worksheet needs them, not a tracker's status
    from .blocks import Document
    from .filled import FilledClaim, FilledWorksheet

WORKSHEET_SUFFIXES = (".docx", ".docm", ".odt")


def is_worksheet_file(path: Path) -> bool:
    """Whether ``path`` is named like a worksheet (.docx or .odt) rather than a tracker."""
    return Path(path).suffix.lower() in WORKSHEET_SUFFIXES


def open_document(path: Path) -> Document:
    """A worksheet file's blocks, or :class:`FilledWorksheetError` saying why not."""
    from lxml import etree

    from .docx_blocks import DOCUMENT_PART, read_docx
    from .odt_blocks import is_encrypted, read_odt

    path = Path(path)
    check_input_file(path, FilledWorksheetError)
    names = office_archive(
        path, FilledWorksheetError, kind="document",
        old_format="is password-protected or an old Word .doc file; remove the password, or "
                   "save it as .docx or .odt",
        not_office="is not a Word or LibreOffice document (.docx or .odt)")
    try:
        with zipfile.ZipFile(path) as archive:
            if DOCUMENT_PART in names:
                return read_docx(archive)
            if "content.xml" in names:
                if is_encrypted(archive):
                    raise FilledWorksheetError(f"{path}: is password-protected; remove the "
                                               "password and save it again")
                return read_odt(archive)
    except (etree.XMLSyntaxError, ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        if isinstance(exc, FilledWorksheetError):
            raise
        raise FilledWorksheetError(f"{path}: is damaged and cannot be read ({exc})") from exc
    raise FilledWorksheetError(f"{path}: is a zip file but not a Word or LibreOffice document")


def read_filled_worksheet(path: Path) -> FilledWorksheet:
    """What the reviewer wrote in the worksheet at ``path``, claim by claim.

    Raises :class:`FilledWorksheetError` for a file that is not a worksheet.
    """
    from ..docx import styles  # python-docx: only a worksheet needs it, not `status` of a tracker
    from .filled import read_filled

    path = Path(path)
    words = styles.texts("worksheet")
    filled = read_filled(open_document(path), path.name, words["claim"],
                         words["appendix"]["heading"])
    if not filled.claims and not any(p.code == "claim-id-edited" for p in filled.problems):
        raise FilledWorksheetError(
            f"{path}: holds no claim sections of a fact-check worksheet made by "
            "`worksheet build`")
    return filled


def scale_of(filled: FilledWorksheet) -> Scale:
    """The scale whose verdicts the worksheet's boxes carry: a shipped one if it matches."""
    wanted = [normalise.key(label) for label in filled.scale_labels]
    for name in available():
        scale = load_scale(name)
        if [v.label.casefold() for v in scale.verdicts] == wanted:
            return scale
    labels = list(dict.fromkeys(label for label in filled.scale_labels if label))
    if not labels:
        return load_scale()
    return Scale(name="worksheet", title="As in the worksheet",
                 verdicts=[Verdict(label=label) for label in labels])


def status_of(claim: FilledClaim) -> str | None:
    """The status a worksheet section shows: Done with a verdict, In progress with work."""
    if claim.verdict is not None:
        return columns.DONE
    return columns.IN_PROGRESS if claim.has_work() else None


def claim_values(claim: FilledClaim, filled: FilledWorksheet, scale: Scale,
                 problems: list[Problem]) -> dict[str, object]:
    """A section's reviewer values as tracker fields; bad ones reported in ``problems``."""
    values: dict[str, object] = {"reviewer": claim.initials,
                                 "evidence": claim.evidence_text, "notes": claim.notes}
    try:
        values["verdict"] = normalise.verdict(claim.verdict, scale)
    except normalise.BadValue as bad:
        problems.append(Problem(filled.where(claim.id, "verdict"), bad.code, bad.message))
        values["verdict"] = claim.verdict
    try:
        values["checked_on"] = normalise.date(claim.date)
    except normalise.BadValue as bad:
        problems.append(Problem(filled.where(claim.id, "date"), bad.code, bad.message))
        values["checked_on"] = claim.date
    return values


def to_tracker(filled: FilledWorksheet, scale: Scale | None = None) -> Tracker:
    """A filled worksheet as a tracker: one row per claim section, one source per row."""
    scale = scale or scale_of(filled)
    problems = list(filled.problems)
    rows, sources = [], []
    for claim in filled.claims:
        values = claim_values(claim, filled, scale, problems)
        rows.append(TrackerRow(id=claim.id, claim=claim.heading, status=status_of(claim),
                               **values))  # type: ignore[arg-type]
        sources += [SourceRow(claim_id=claim.id, source=s.label, url=s.url,
                              consulted=columns.CONSULTED_CHOICES[0] if s.ticked else None)
                    for s in claim.sources]
    # Places in the tracker's problems are inside the file, like Claims!I7 for a sheet.
    prefix = f"{filled.name} "
    located = [Problem(p.where.removeprefix(prefix) if p.where != filled.name else "",
                       p.code, p.message, p.severity) for p in problems]
    return Tracker(rows=rows, sources=sources, scale=scale,
                   meta=ArticleMeta(title=filled.title or None), problems=located)


def read_worksheet(path: Path, scale: Scale | None = None) -> Tracker:
    """Read a filled worksheet (.docx or .odt) as a tracker, for ``status`` and ``export``.

    >>> tracker = read_worksheet(Path("out/article-worksheet.docx"))  # doctest: +SKIP
    """
    path = Path(path)
    tracker = to_tracker(read_filled_worksheet(path), scale)
    tracker.origin = str(path)
    return tracker


def read_any(path: Path, scale: Scale | None = None) -> Tracker:
    """A tracker (.xlsx, .ods, .csv) or a filled worksheet (.docx, .odt), as a tracker."""
    from ..tracker.read import read_tracker

    if is_worksheet_file(path):
        return read_worksheet(path, scale)
    return read_tracker(path, scale=scale)
