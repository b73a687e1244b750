"""Opening spreadsheets for reading, with clear errors for what is not one."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .errors import InputError, Problem

#: A spreadsheet whose parts unpack to more than this is refused (a zip bomb).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def archive_names(path: Path, error: type[InputError] = InputError,
                  kind: str = "document") -> list[str]:
    """The part names of an Office file (a zip), refusing a damaged one or a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise error(f"{path}: is a damaged {kind} ({exc})") from exc
    # The sizes the archive declares: a reader would unpack that much into memory.
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise error(f"{path}: unpacks to {unpacked / 2**30:.1f} GB, more than the "
                    f"{MAX_UNPACKED_BYTES // 2**30} GB limit; refusing it")
    return [info.filename for info in infos]


def office_archive(path: Path, error: type[InputError], *, kind: str, old_format: str,
                   not_office: str) -> list[str]:
    """The part names of an Office file, after refusing an old binary or encrypted one
    (``old_format``, said of an OLE file) and anything that is not a zip (``not_office``).
    """
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE_MAGIC):
        raise error(f"{path}: {old_format}")
    if not head.startswith(b"PK"):
        raise error(f"{path}: {not_office}")
    return archive_names(path, error, kind)


def read_sheet(book: Any, name: str, where: str, error: type[InputError] = InputError, *,
               skip_empty_area: bool = True) -> list[list[Any]]:
    """A sheet's cells as rows, or ``error`` located at ``where`` when it cannot be read."""
    from python_calamine import CalamineError

    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=skip_empty_area)
    except CalamineError as exc:
        # A damaged or hostile sheet (e.g. XML entities) is bad input, not a bug.
        raise error(problems=[Problem(where, "unreadable-sheet",
                                      f"sheet {name!r} cannot be read ({exc})")]) from exc


def open_workbook(path: Path, error: type[InputError] = InputError) -> Any:
    """A python-calamine workbook for an .xlsx or .ods file, or ``error`` saying why not."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    names = office_archive(
        path, error, kind="spreadsheet",
        old_format="is password-protected or an old .xls workbook; remove the password or "
                   "save it as .xlsx",
        not_office="is not a spreadsheet (not an .xlsx or .ods file)")
    if "xl/vbaProject.bin" in names:
        raise error(f"{path}: holds macros; save it as a plain .xlsx workbook")
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise error(f"{path}: is a zip file but not a spreadsheet")
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise error(f"{path}: is password-protected; remove the password and save again") from exc
    except (CalamineError, OSError, ValueError) as exc:
        raise error(f"{path}: cannot be read as a spreadsheet ({exc})") from exc
