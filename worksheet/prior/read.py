"""Reading earlier fact-checks: schema.org ClaimReview in the forms desks hold.

Accepted, in one file or a folder of them:

- JSON-LD ClaimReview: one object, a list of them (our own ``export --format
  claimreview``), or a ``@graph``;
- a saved web page (``.html``) with ``<script type="application/ld+json">`` blocks;
- the Data Commons fact-check feed (a DataFeed: ``dataFeedElement[].item[]``);
- a Fact Check Tools API ``claims:search`` response (``claims[].claimReview[]``).

Everything in these files is untrusted: text is cleaned like all other input
(:func:`worksheet.safety.clean`, whitespace collapsed, length capped), only http(s)
links are kept, files are size-limited and nesting is bounded. HTML is scanned with the
standard library's tokenizer, which expands no entities from DTDs and fetches nothing.
A malformed entry is skipped with a located warning (``feed.json: item 12: …``); only a
file that cannot be read at all is an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError, Problem
from ..safety import clean
from ..textio import MAX_TEXT_BYTES, check_input_file, decode

#: A collection file larger than this is refused (split it; a folder reads every file).
MAX_PRIOR_BYTES = MAX_TEXT_BYTES
#: Containers nested deeper than this are not followed (real feeds use four or five).
MAX_DEPTH = 16
#: Text longer than this is cut: a claim is a sentence or two, a name a few words.
MAX_CLAIM_CHARS = 1_000
MAX_NAME_CHARS = 200
MAX_URL_CHARS = 2_048
#: Per file, at most this many warnings are listed; the rest are counted.
MAX_WARNINGS = 20
#: Files a folder is read for; others (a README, the index cache) are passed over.
SUFFIXES = (".json", ".jsonld", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

_SPACE = re.compile(r"\s+")
# Whitespace other than a single inner space, or a character Office files cannot hold.
_DIRTY = re.compile(r"[^\S ]|  |^ | $|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\ufffe\uffff]+\Z", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class PriorError(InputError):
    """A collection of earlier fact-checks cannot be read."""


class PriorCheck(NamedTuple):
    """One earlier fact-check: what was checked, the verdict, who, when, where.

    A named tuple: a big feed makes 100,000 of them, and a tuple is built fastest.
    """

    claim_reviewed: str
    rating: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    claimant: str | None = None


def text(value: Any, limit: int = MAX_NAME_CHARS) -> str | None:
    """Untrusted text made safe: control characters out, spaces collapsed, length capped."""
    # Most text is clean: skip the rewriting. A printable string holds no whitespace
    # but spaces and no control character, so only the spaces are left to look at.
    if (type(value) is str and len(value) <= limit and value.isprintable()
            and "  " not in value and value[:1] != " " and value[-1:] != " "):
        return value or None
    if not isinstance(value, str):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        value = str(value)
    if _DIRTY.search(value) is not None:
        value = _SPACE.sub(" ", clean(value)).strip()
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value or None


def safe_url(value: Any) -> str | None:
    """``value`` when it is a plain http(s) address, else None."""
    if (isinstance(value, str) and len(value) <= MAX_URL_CHARS
            and _URL.match(value) is not None):
        return value
    return None


def _name(value: Any) -> str | None:
    """The name of an author or publisher given as a string, an object or a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return text(value.get("name")) or text(value.get("site"))
    return text(value)


def _date(value: Any) -> str | None:
    found = text(value, 40)
    if found and _DATE.match(found):
        return found[:10]
    return found


def _types(obj: dict[str, Any]) -> set[str] | tuple[str, ...]:
    kind = obj.get("@type")
    if type(kind) is str and "/" not in kind:  # the usual case, read once per entry
        return (kind,)
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


class _Reader:
    """Reads one file's entries, numbering them as it goes, collecting warnings."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.item = 0
        self.checks: list[PriorCheck] = []
        self.warnings: list[Problem] = []
        self.problems = 0

    def warn(self, message: str, code: str = "bad-entry") -> None:
        self.problems += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(Problem(self.name, code, message, "warning"))

    def document(self, doc: Any, depth: int = 0) -> None:
        """Find the reviews in a parsed JSON document, whatever its wrapping."""
        if depth > MAX_DEPTH:
            self.warn(f"item {self.item + 1}: nested deeper than {MAX_DEPTH} levels; "
                      "not followed", "too-deep")
            return
        if isinstance(doc, list):
            for part in doc:
                # A review straight in a list (a feed's items, our exports) is read here,
                # not one call deeper: there are 100,000 of them in a big feed.
                if (depth < MAX_DEPTH and type(part) is dict
                        and part.get("@type") == "ClaimReview"):
                    self.item += 1
                    self.claim_review(part)
                else:
                    self.document(part, depth + 1)
            return
        if not isinstance(doc, dict):
            return
        kinds = _types(doc)
        if "ClaimReview" in kinds:
            self.item += 1
            self.claim_review(doc)
        elif isinstance(doc.get("claims"), list) and not kinds:
            for claim in doc["claims"]:
                self.search_claim(claim)
        else:
            # A @graph, a DataFeed's elements, a DataFeedItem's item(s).
            for key in ("@graph", "dataFeedElement", "item", "itemListElement"):
                if key in doc:
                    self.document(doc[key], depth + 1)

    def claim_review(self, obj: dict[str, Any]) -> None:
        """One schema.org ClaimReview."""
        claim = text(obj.get("claimReviewed"), MAX_CLAIM_CHARS)
        if claim is None:
            self.warn(f"item {self.item}: no claimReviewed; skipped", "no-claim")
            return
        rating = obj.get("reviewRating")
        if isinstance(rating, list):
            rating = rating[0] if rating else None
        item = obj.get("itemReviewed")
        claimant = _name(item.get("author")) if isinstance(item, dict) else None
        self.add(claim, _rating(rating) if isinstance(rating, dict) else None,
                 _name(obj.get("author")) or _name(obj.get("publisher")),
                 _date(obj.get("datePublished")), obj.get("url"), claimant)

    def search_claim(self, claim: Any) -> None:
        """One claim of a Fact Check Tools ``claims:search`` response, with its reviews."""
        reviews = claim.get("claimReview") if isinstance(claim, dict) else None
        if not isinstance(reviews, list):
            self.item += 1
            self.warn(f"item {self.item}: a claim without claimReview; skipped")
            return
        said = text(claim.get("text"), MAX_CLAIM_CHARS)
        for review in reviews:
            self.item += 1
            if not isinstance(review, dict):
                self.warn(f"item {self.item}: claimReview is not an object; skipped")
                continue
            if said is None:
                self.warn(f"item {self.item}: no claim text; skipped", "no-claim")
                continue
            self.add(said, text(review.get("textualRating")), _name(review.get("publisher")),
                     _date(review.get("reviewDate")), review.get("url"),
                     text(claim.get("claimant")))

    def add(self, claim: str, rating: str | None, publisher: str | None, date: str | None,
            url: Any, claimant: str | None) -> None:
        link = safe_url(url)
        if url not in (None, "") and link is None:
            shown = text(url, 60) if isinstance(url, str) else type(url).__name__
            self.warn(f"item {self.item}: url {shown!r} is not an http(s) address; "
                      "kept without a link", "bad-url")
        self.checks.append(PriorCheck(claim, rating, publisher, date, link, claimant))

    def summary(self) -> list[Problem]:
        """The warnings listed, and one line counting those that were not."""
        more = self.problems - len(self.warnings)
        if more > 0:
            return [*self.warnings, Problem(self.name, "more", f"{more} more problems like "
                                            "these (entries skipped or links dropped)",
                                            "warning")]
        return self.warnings


def _rating(rating: dict[str, Any]) -> str | None:
    """The verdict as shown: ``alternateName``, with ``(value/best)`` when numbered."""
    label = text(rating.get("alternateName")) or text(rating.get("name"))
    value, best = rating.get("ratingValue"), rating.get("bestRating")
    number = text(value, 12) if isinstance(value, (int, float, str)) else None
    if number and label:
        best_text = text(best, 12) if isinstance(best, (int, float, str)) else None
        return f"{label} ({number}/{best_text})" if best_text else f"{label} ({number})"
    return label or number


class _LdJsonBlocks(HTMLParser):
    """The text of every ``<script type="application/ld+json">`` block of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        self._inside = tag == "script" and kind == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def files_of(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read: each file named, and every collection file in each folder."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file()
                          and p.suffix.lower() in SUFFIXES
                          and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(path)  # a missing file is reported with the others, when read
    return out


def parse_json(data: str, name: str) -> Any:
    """Parse JSON text, turning every way it can fail into a located :class:`PriorError`."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise PriorError(problems=[Problem(f"{name}:{exc.lineno}:{exc.colno}", "not-json",
                                           f"not JSON: {exc.msg}")]) from None
    except RecursionError:
        raise PriorError(problems=[Problem(name, "too-deep",
                                           "JSON nested too deeply to read")]) from None


def read_bytes_of(path: Path) -> bytes:
    """A collection file's bytes, refusing what is missing, a folder or too large."""
    check_input_file(path, PriorError)
    size = path.stat().st_size
    if size > MAX_PRIOR_BYTES:
        raise PriorError(problems=[Problem(str(path), "too-large",
                                           f"is {size / 2**20:.0f} MB, over the "
                                           f"{MAX_PRIOR_BYTES // 2**20} MB limit; split it "
                                           "into several files in a folder")])
    return path.read_bytes()


def parse(data: bytes, name: str, html: bool = False) -> tuple[list[PriorCheck], list[Problem]]:
    """The earlier checks in one file's bytes, and warnings about entries skipped."""
    try:
        content = decode(data, name)
    except InputError as exc:
        raise PriorError(str(exc)) from None
    reader = _Reader(name)
    if html or content.lstrip("\ufeff \t\r\n").startswith("<"):
        page = _LdJsonBlocks()
        page.feed(content)
        page.close()
        for n, block in enumerate(page.blocks, 1):
            try:
                reader.document(parse_json(block, name))
            except PriorError as exc:
                reader.warn(f"script block {n}: {exc.problems[0].message}; skipped",
                            exc.problems[0].code)
    else:
        reader.document(parse_json(content, name))
    return reader.checks, reader.summary()


