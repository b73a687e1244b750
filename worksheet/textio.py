"""Reading text files whatever their encoding, with clear errors for what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

#: Inputs larger than this are refused rather than read into memory.
MAX_TEXT_BYTES = 50 * 1024 * 1024


def check_input_file(path: Path) -> None:
    """Raise a clear error when ``path`` is missing, a folder or too large."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    if path.name.startswith("~$"):
        raise InputError(f"{path}: is an Office lock file (the document is open somewhere); "
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
        raise InputError(f"{name}: is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot tell this file's text encoding; save it as UTF-8")
    return str(best)


def read_text(path: Path) -> str:
    """The text of a file, decoded as its author meant it."""
    check_input_file(path)
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(f"{path}: is larger than {MAX_TEXT_BYTES // 2**20} MB; "
                         "split it or give the part to check")
    return decode(path.read_bytes(), str(path))
