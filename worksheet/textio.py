"""Reading text files whatever their encoding, with clear errors for what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

#: Inputs larger than this are refused rather than read into memory.
MAX_TEXT_BYTES = 50 * 1024 * 1024


def check_input_file(path: Path, error: type[InputError] = InputError) -> None:
    """Raise ``error`` with a clear message when ``path`` is missing, a folder or a lock file."""
    if not path.exists():
        raise error(f"{path}: no such file")
    if path.is_dir():
        raise error(f"{path}: is a folder, not a file")
    if path.name.startswith("~$"):
        raise error(f"{path}: is an Office lock file (the document is open somewhere); "
                    "use the file without '~$'")


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 by BOM, else detect."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:4096]:
        # NUL bytes without a BOM: UTF-16 without BOM, or not text at all.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            printable = sum(c.isprintable() or c.isspace() for c in text)
            if printable > 0.95 * len(text):
                return text
        # UTF-8 text with a stray NUL or two is still text: the NULs are removed later
        # with a warning. Binary data is rarely valid UTF-8, and never mostly printable.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if text and sum(c.isprintable() or c.isspace() for c in text) > 0.99 * len(text):
            return text
        raise InputError(f"{name}: is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise InputError(f"{name}: cannot tell this file's text encoding; save it as UTF-8")
    # Short Western texts fit several code pages equally well (cp1250 turns "è" into
    # "č"); on a tie, Windows-1252, the commonest legacy encoding, is the right guess.
    for match in results:
        if (match.encoding == "cp1252" and match.chaos <= best.chaos
                and match.coherence >= best.coherence):
            return str(match)
    return str(best)


def read_text(path: Path) -> str:
    """The text of a file, decoded as its author meant it."""
    check_input_file(path)
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(f"{path}: is larger than {MAX_TEXT_BYTES // 2**20} MB; "
                         "split it or give the part to check")
    return decode(path.read_bytes(), str(path))
