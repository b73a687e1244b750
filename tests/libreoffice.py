"""Real LibreOffice in the tests: convert files and play a reviewer typing into cells.

Every soffice this module starts gets its own throw-away profile directory
(``-env:UserInstallation``), so parallel runs, a crashed earlier run or a desktop
LibreOffice cannot capture the request, and its whole process group is killed when
the work is done or times out.

``review`` needs the system python with Debian's ``python3-uno`` (``/usr/bin/python3``):
the project's own interpreter cannot import ``uno``, so ``uno_reviewer.py`` beside this
file runs as a subprocess of that python.

Example::

    path = convert(Path("tracker.xlsx"), "pdf", tmp_path)
    review(src, [Edit("Claims", "J2", "Done")], tmp_path / "filled.ods", "ods")
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pytest

#: The interpreter that has Debian's ``python3-uno``; override for other systems.
UNO_PYTHON = os.environ.get("LIBREOFFICE_PYTHON", "/usr/bin/python3")
REVIEWER_SCRIPT = Path(__file__).with_name("uno_reviewer.py")

#: Calc's CSV export options: comma, double quote, UTF-8 (76), from row 1, values not
#: formulas, and token 12 = -1: every sheet, written as ``NAME-SheetName.csv``.
CSV_ALL_SHEETS = "Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

#: The filter ``storeToURL`` needs for each format ``review`` can save.
SAVE_FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8"}
#: The same for ``review_writer``.
WRITER_FILTERS = {"docx": "MS Word 2007 XML", "odt": "writer8"}

REVIEW_TIMEOUT = 60.0
CONNECT_TIMEOUT = 30.0
_SOFFICE_FLAGS = ("--headless", "--invisible", "--nologo", "--norestore", "--nodefault")


class LibreOfficeError(RuntimeError):
    """soffice or the UNO reviewer failed; the message carries their output."""


@dataclass(frozen=True)
class WriterOp:
    """One thing a reviewer does in a Writer table: ``WriterOp("tick", "ws_c_C1", 1, "A1")``.

    ``op`` is ``tick`` (click a checkbox), ``set_state`` (set the checkbox's state
    through the API, leaving its glyph), ``type`` (type ``text`` into the cell) or
    ``add_row`` (add a row at the table's end); ``table`` counts the tables after the
    paragraph holding ``bookmark`` from 0. See ``uno_reviewer.py``.
    """

    op: Literal["tick", "set_state", "type", "add_row"]
    bookmark: str
    table: int
    cell: str = ""
    text: str = ""


@dataclass(frozen=True)
class Edit:
    """One cell a reviewer types into: ``Edit("Claims", "I2", "Done")``."""

    sheet: str
    cell: str
    text: str


def soffice_path() -> str | None:
    """The soffice (or libreoffice) executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@cache
def uno_python() -> str | None:
    """The python that can ``import uno`` (``UNO_PYTHON``), or None."""
    if not Path(UNO_PYTHON).is_file():
        return None
    probe = subprocess.run([UNO_PYTHON, "-I", "-c", "import uno"], capture_output=True,
                           timeout=30, check=False)
    return UNO_PYTHON if probe.returncode == 0 else None


def require_libreoffice(*, uno: bool = False) -> str:
    """soffice's path; skip the test without it, but fail in CI, which installs it.

    With ``uno=True`` the python with ``python3-uno`` (needed by ``review``) is required too.
    """
    missing = []
    path = soffice_path()
    if path is None:
        missing.append("soffice (apt-get install libreoffice-calc)")
    if uno and uno_python() is None:
        missing.append(f"{UNO_PYTHON} with uno (apt-get install python3-uno)")
    if missing:
        reason = "LibreOffice missing: " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    assert path is not None  # for the type checker: missing would have stopped us
    return path


@contextmanager
def _profile() -> Iterator[Path]:
    """A fresh folder holding a private LibreOffice user profile (and soffice's log)."""
    folder = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _profile_flag(folder: Path) -> str:
    """The soffice flag that puts its user profile in ``folder/user``."""
    return f"-env:UserInstallation={(folder / 'user').as_uri()}"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End a process started in its own session, with all its children."""
    if proc.poll() is None:
        # soffice is a shell wrapper around oosplash and soffice.bin: signal them all.
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    # The group may outlive its leader (a child still shutting down).
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _run_soffice(args: Sequence[str], timeout: float) -> str:
    """Run soffice headless with a private profile; its combined output."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeError("soffice not found on PATH")
    with _profile() as folder:
        cmd = [soffice, *_SOFFICE_FLAGS, _profile_flag(folder), *args]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            out, _ = proc.communicate(timeout=10)
            raise LibreOfficeError(f"soffice timed out after {timeout} s: {' '.join(cmd)}\n"
                                   f"{out.decode(errors='replace')}") from exc
        finally:
            _kill_group(proc)
    text = out.decode(errors="replace")
    if proc.returncode != 0:
        raise LibreOfficeError(f"soffice exited {proc.returncode}: {' '.join(cmd)}\n{text}")
    return text


def _convert_to(src: Path, target: str, outdir: Path, timeout: float) -> str:
    """``soffice --convert-to target`` into outdir; soffice's output."""
    if not src.is_file():
        raise LibreOfficeError(f"no such file: {src}")
    outdir.mkdir(parents=True, exist_ok=True)
    out = _run_soffice(["--convert-to", target, "--outdir", str(outdir), str(src)], timeout)
    # soffice exits 0 even when it could not load the source; it only says so.
    if "Error:" in out:
        raise LibreOfficeError(f"soffice could not convert {src} to {target}:\n{out}")
    return out


def convert(src: Path, fmt: str, outdir: Path, *, filter: str | None = None,
            timeout: float = 120) -> Path:
    """Convert ``src`` with headless soffice to ``outdir/<stem>.<fmt>``; the file made.

    ``filter`` names LibreOffice's export filter (with its options) when the
    extension alone is ambiguous, e.g. ``convert(p, "csv", d, filter=CSV_ALL_SHEETS)``.
    """
    produced = outdir / f"{src.stem}.{fmt}"
    # A file left by an earlier run must not pass for this run's output.
    produced.unlink(missing_ok=True)
    out = _convert_to(src, f"{fmt}:{filter}" if filter else fmt, outdir, timeout)
    if not produced.is_file():
        raise LibreOfficeError(f"soffice made no {produced}:\n{out}")
    return produced


def convert_sheets_to_csv(xlsx: Path, outdir: Path, *, timeout: float = 120) -> dict[str, Path]:
    """Every sheet of a workbook as CSV of computed values: sheet name -> csv file.

    LibreOffice recalculates formulas on load, so a formula openpyxl wrote without a
    cached value appears as its result.
    """
    out = _convert_to(xlsx, f"csv:{CSV_ALL_SHEETS}", outdir, timeout)
    # soffice announces each file as "Writing sheet NAME -> PATH"; the names in file
    # names may be mangled, the announcement has them verbatim.
    arrow = f" -> {outdir.resolve()}{os.sep}"
    sheets: dict[str, Path] = {}
    for line in out.splitlines():
        if line.startswith("Writing sheet ") and arrow in line:
            name, _, filename = line.removeprefix("Writing sheet ").rpartition(arrow)
            sheets[name] = outdir / filename
    missing = [p for p in sheets.values() if not p.is_file()]
    if not sheets or missing:
        raise LibreOfficeError(f"soffice wrote no CSV for {xlsx} ({missing}):\n{out}")
    return sheets


def _start_listener(pipe: str, folder: Path,
                    env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """soffice listening for UNO connections on a named pipe, logging to folder/soffice.log."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeError("soffice not found on PATH")
    cmd = [soffice, *_SOFFICE_FLAGS, f"--accept=pipe,name={pipe};urp;", _profile_flag(folder)]
    # A file, not a pipe: nobody reads soffice's output while it runs, and a full pipe
    # would block it.
    with (folder / "soffice.log").open("wb") as log:
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def _run_reviewer(spec: dict[str, object], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``uno_reviewer.py`` with the uno python; raise with its stderr on failure."""
    python = uno_python()
    if python is None:
        raise LibreOfficeError(f"{UNO_PYTHON} cannot import uno (apt-get install python3-uno)")
    # -I: the project's PYTHONPATH/PYTHONHOME must not leak into the system python.
    cmd = [python, "-I", str(REVIEWER_SCRIPT), json.dumps(spec)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired as exc:
        raise LibreOfficeError(f"uno_reviewer timed out after {timeout:.0f} s\n"
                               f"{exc.stderr or ''}") from exc
    if done.returncode != 0:
        raise LibreOfficeError(f"uno_reviewer exited {done.returncode}:\n{done.stderr}")
    return done


def _uno_session(src: Path, spec: dict[str, object], deadline: float,
                 env: dict[str, str] | None = None) -> object:
    """A fresh soffice with a private profile runs ``uno_reviewer.py`` on a copy of src.

    ``spec`` says what the script does (see its docstring); the result is its JSON.
    """
    pipe = f"worksheet-review-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    with _profile() as folder:
        # LibreOffice locks what it opens (.~lock.NAME#): a file someone has open, or a
        # second review of the same file, would load read-only. Work on a private copy.
        copy = folder / "source" / src.name
        copy.parent.mkdir()
        shutil.copyfile(src, copy)
        spec = {**spec, "pipe": pipe, "src": str(copy),
                "connect_timeout": min(CONNECT_TIMEOUT, max(0.0, deadline - time.monotonic()))}
        listener = _start_listener(pipe, folder, env)
        try:
            done = _run_reviewer(spec, max(1.0, deadline - time.monotonic()))
        except LibreOfficeError as exc:
            _kill_group(listener)
            log = (folder / "soffice.log").read_text(errors="replace")
            raise LibreOfficeError(f"{exc}\nsoffice said:\n{log}") from exc
        finally:
            _kill_group(listener)
    return json.loads(done.stdout)


def review(src: Path, edits: Sequence[Edit], save_as: Path,
           fmt: Literal["xlsx", "ods"], *, timeout: float = REVIEW_TIMEOUT) -> None:
    """Open ``src`` in LibreOffice, type each edit into its cell as a person would, save.

    Typing goes through ``.uno:EnterString`` on the selected cell, so the cell's number
    format decides what the text becomes (``False`` in a General cell is a boolean, in
    a Text cell it stays text). Data validation is NOT applied: see ``uno_reviewer.py``.
    ``src`` itself is never opened or changed.
    """
    if fmt not in SAVE_FILTERS:
        raise ValueError(f"fmt must be one of {sorted(SAVE_FILTERS)}, not {fmt!r}")
    if not src.is_file():
        raise LibreOfficeError(f"no such file: {src}")
    save_as.unlink(missing_ok=True)
    # No retry: soffice's aborts mid-review came from Debian's -nogui packages, which lack
    # the interface files a dispatched command loads; with the full packages (CI installs
    # them) 35 reviews in a row, 20 of them two at a time on a busy machine, never failed.
    spec = {"save_as": str(save_as.resolve()), "filter": SAVE_FILTERS[fmt],
            "edits": [asdict(e) for e in edits]}
    _uno_session(src, spec, time.monotonic() + timeout)
    if not save_as.is_file():
        raise LibreOfficeError(f"LibreOffice did not save {save_as}")


def review_writer(src: Path, ops: Sequence[WriterOp], saves: Sequence[Path], *,
                  timeout: float = REVIEW_TIMEOUT) -> None:
    """Open a Writer document in LibreOffice, do each op as a person would, and save it
    as each of ``saves`` (.docx and/or .odt, by suffix) from the one session.

    ``src`` itself is never opened or changed.
    """
    targets = []
    for path in saves:
        fmt = path.suffix.lstrip(".").lower()
        if fmt not in WRITER_FILTERS:
            raise ValueError(f"save as one of {sorted(WRITER_FILTERS)}, not {path.name}")
        path.unlink(missing_ok=True)
        targets.append({"path": str(path.resolve()), "filter": WRITER_FILTERS[fmt]})
    if not src.is_file():
        raise LibreOfficeError(f"no such file: {src}")
    _uno_session(src, {"ops": [asdict(op) for op in ops], "saves": targets},
                 time.monotonic() + timeout)
    for path in saves:
        if not path.is_file():
            raise LibreOfficeError(f"LibreOffice did not save {path}")


def row_heights(src: Path, rows: dict[str, int], *, without_fonts: Sequence[str] = (),
                timeout: float = REVIEW_TIMEOUT) -> dict[str, list[tuple[float, float]]]:
    """Rows 2..n of each sheet in Calc: (height as written, height Calc fits), in points.

    ``rows`` maps a sheet to its last row. ``without_fonts`` hides font families from
    soffice (``["Carlito"]``: Calc then replaces Calibri with its fallback font, as on a
    desktop without Calibri or Carlito).
    """
    with tempfile.TemporaryDirectory(prefix="lo-fonts-") as folder:
        env = None
        if without_fonts:
            conf = Path(folder) / "fonts.conf"
            rejects = "".join(f"<pattern><patelt name='family'><string>{f}</string></patelt>"
                              "</pattern>" for f in without_fonts)
            conf.write_text("<?xml version='1.0'?><fontconfig><include ignore_missing='yes'>"
                            "/etc/fonts/fonts.conf</include><selectfont><rejectfont>"
                            f"{rejects}</rejectfont></selectfont></fontconfig>")
            env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        found = _uno_session(src, {"measure_rows": rows}, time.monotonic() + timeout, env)
    assert isinstance(found, dict)
    return {sheet: [(written, fitted) for written, fitted in pairs]
            for sheet, pairs in found.items()}
