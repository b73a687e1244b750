"""A cache of a large collection's reviews and their terms, kept beside the collection.

Reading a 100,000-review feed and indexing its claims takes over two seconds; reading this
cache takes a fraction of that. The cache is plain text (never a pickle: it is data
that could have been tampered with), one review a line, written atomically, and
trusted only when all of these hold:

- its first line names this format and version, the collection's size, modification
  time and SHA-256 (so a changed collection is read afresh, even at the same size);
- the rest of the file has the SHA-256 its first line gives (so a damaged cache is
  noticed);
- every line has the right number of fields, every link is http(s), no text holds a
  control character.

Anything else and the collection is read again and the cache rewritten; a cache that
cannot be written (a read-only folder) is simply not kept.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError, Problem
from ..files import write_text_atomic
from .index import RECORD_FIELDS, Segment
from .read import HTML_SUFFIXES, PriorCheck, parse, read_bytes_of

MAGIC = "worksheet-prior-index"
VERSION = "2"  # 2: records hold the check only, no analysed claim
#: Collections smaller than this are read directly: a cache would not pay for itself.
CACHE_MIN_BYTES = 1 << 20
# Tabs and newlines separate fields and lines; any other control character is tampering.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def cache_path(path: Path) -> Path:
    """Where the cache of ``path`` lives: a hidden file beside it."""
    return path.with_name(f".{path.name}.worksheet-index")


def key_of(check: PriorCheck) -> tuple[str, str | None, str | None]:
    """What makes two reviews the same: the claim (any case), the link, the publisher."""
    return check.claim_reviewed.casefold(), check.url, check.publisher


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: reading makes millions of objects, none in a cycle.

    The collector would otherwise walk the growing heap again and again while a big
    feed is parsed and indexed (a sixth of the time for 100,000 reviews); reference
    counting still frees everything, and the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(path: Path, use_cache: bool = True) -> tuple[Segment, list[Problem]]:
    """One collection file indexed (each review once), and the reader's warnings."""
    with _without_cycle_collection():
        return _load(path, use_cache)


def _load(path: Path, use_cache: bool) -> tuple[Segment, list[Problem]]:
    data = read_bytes_of(path)
    key = None
    if use_cache and len(data) >= CACHE_MIN_BYTES:
        stat = path.stat()
        key = (f"{MAGIC} {VERSION} {len(data)} {stat.st_mtime_ns} "
               f"{hashlib.sha256(data).hexdigest()}")
        cached = _read(cache_path(path), key)
        if cached is not None:
            return cached
    checks, warnings = parse(data, str(path), path.suffix.lower() in HTML_SUFFIXES)
    unique: dict[tuple[str, str | None, str | None], PriorCheck] = {}
    for check in checks:
        unique.setdefault(key_of(check), check)
    if len(unique) < len(checks):
        warnings.append(Problem(str(path), "duplicate",
                                f"{len(checks) - len(unique)} duplicate review(s) kept once",
                                "warning"))
    segment = Segment.build(list(unique.values()))
    if key is not None:
        with contextlib.suppress(OutputError, OSError):
            write_text_atomic(cache_path(path), _dump(key, segment, warnings))
    return segment, warnings


def _dump(key: str, segment: Segment, warnings: list[Problem]) -> str:
    lines = [f"{p.where}\t{p.code}\t{p.message}" for p in warnings]
    lines += segment.records
    lines.append(" ".join(map(str, segment.lengths)))
    lines.append(" ".join(sorted(segment.names)))
    lines += [f"{term}\t{' '.join(map(str, docs))}" for term, docs in segment.postings.items()]
    body = "\n".join(lines)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    counts = f"{len(warnings)} {len(segment.records)} {len(segment.postings)}"
    return f"{key} {counts} {digest}\n{body}"


def _read(path: Path, key: str) -> tuple[Segment, list[Problem]] | None:
    """The cached segment, or None when the cache is missing, stale or not sound."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, body = content.partition("\n")
    parts = head.rsplit(" ", 4)
    if (len(parts) != 5 or parts[0] != key or not all(p.isdigit() for p in parts[1:4])
            or hashlib.sha256(body.encode("utf-8")).hexdigest() != parts[4]
            or _FORBIDDEN.search(body)):
        return None
    n_warnings, n_records, n_terms = (int(p) for p in parts[1:4])
    lines = body.split("\n")
    if len(lines) != n_warnings + n_records + 2 + n_terms:
        return None
    warnings: list[Problem] = []
    for line in lines[:n_warnings]:
        fields = line.split("\t")
        if len(fields) != 3:
            return None
        warnings.append(Problem(fields[0], fields[1], fields[2], "warning"))
    records = lines[n_warnings:n_warnings + n_records]
    # Records are parsed when they are candidates; their shape is checked now, cheaply.
    if any(line.count("\t") != RECORD_FIELDS - 1 for line in records):
        return None
    lengths_line = lines[n_warnings + n_records]
    try:
        lengths = [int(n) for n in lengths_line.split()] if lengths_line else []
    except ValueError:
        return None
    postings: dict[str, str | list[int]] = {}
    names = set(lines[n_warnings + n_records + 1].split())
    for line in lines[n_warnings + n_records + 2:]:
        term, tab, docs = line.partition("\t")
        if not tab or not term:
            return None
        postings[term] = docs
    if len(lengths) != n_records:
        return None
    return Segment(records, postings, lengths, names), warnings
