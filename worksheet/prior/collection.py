"""A collection of earlier fact-checks read from files and folders, each review once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Problem
from .cache import load
from .index import Index, Segment, parse_record
from .read import SUFFIXES, PriorCheck, PriorError, files_of


@dataclass
class PriorCollection:
    """Every earlier check read from the files given, indexed, and what was wrong in them."""

    segments: list[Segment] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    deleted: set[int] = field(default_factory=set)
    """Reviews already read from an earlier file (numbered across the files)."""

    @cached_property
    def index(self) -> Index:
        """The files searched as one collection."""
        return Index(self.segments, self.deleted)

    @property
    def checks(self) -> list[PriorCheck]:
        """Every review, each once, in reading order (parses them all: for small uses)."""
        lines = [line for s in self.segments for line in s.records]
        return [parse_record(line) for n, line in enumerate(lines) if n not in self.deleted]

    def __len__(self) -> int:
        return sum(len(s.records) for s in self.segments) - len(self.deleted)


def read_prior(paths: Iterable[str | Path], *, use_cache: bool = True) -> PriorCollection:
    """Read every earlier check from files and folders; a review given twice is kept once.

    Files over 1 MB get an index cache beside them (``.NAME.worksheet-index``), used only
    while the file is unchanged. Every unreadable file is reported at once
    (:class:`~worksheet.prior.read.PriorError`); a malformed entry is a warning.

    >>> prior = read_prior(["examples/putin-biden/prior"])  # doctest: +SKIP
    >>> prior.checks[0].claim_reviewed, prior.checks[0].rating  # doctest: +SKIP
    """
    collection = PriorCollection()
    errors: list[Problem] = []
    paths = list(paths)
    for given in paths:
        if Path(given).is_dir() and not files_of([given]):
            collection.warnings.append(Problem(str(given), "empty-folder",
                                               f"no {', '.join(SUFFIXES)} files in this folder",
                                               "warning"))
    for path in files_of(paths):
        collection.files.append(path)
        try:
            segment, warnings = load(path, use_cache)
        except PriorError as exc:
            errors += exc.problems or [Problem("", "unreadable", str(exc))]
            continue
        collection.warnings += warnings
        if not segment.records:
            collection.warnings.append(Problem(str(path), "empty", "no ClaimReview found",
                                               "warning"))
        collection.segments.append(segment)
    if errors:
        raise PriorError(problems=errors)
    if len(collection.segments) > 1:
        _drop_repeats(collection)
    return collection


def _drop_repeats(collection: PriorCollection) -> None:
    """Mark reviews that an earlier file already holds (same claim, link and publisher)."""
    seen: set[tuple[str, str, str]] = set()
    doc = 0
    for path, segment in zip(collection.files, collection.segments, strict=True):
        repeats = 0
        for line in segment.records:
            claim, _, publisher, _, url, _ = line.split("\t", 5)
            key = (claim.casefold(), url, publisher)
            if key in seen:
                collection.deleted.add(doc)
                repeats += 1
            seen.add(key)
            doc += 1
        if repeats:
            collection.warnings.append(Problem(str(path), "duplicate",
                                               f"{repeats} review(s) already read from an "
                                               "earlier file, kept once", "warning"))
