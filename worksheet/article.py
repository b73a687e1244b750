"""Loading an article: Markdown or plain text, HTML, Word, or a web address.

Each loader turns its input into clean text paragraphs, numbered in reading order, and
whatever metadata it can find (front matter, HTML metadata, document properties, or
the article's own byline).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pydantic import ValidationError

from .errors import ArticleError, InputError, Problem
from .models import Article, ArticleMeta, Paragraph
from .textio import MAX_TEXT_BYTES, check_input_file, decode
from .transcript import looks_like_transcript, opens_turn

MARKDOWN_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FETCH_TIMEOUT = 20

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_BYLINE = re.compile(r"^by\s+(.{2,80})$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<publisher>[^,]{2,60}),\s+(?P<date>(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+\d{1,2},\s+\d{4})$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.DOTALL)


def strip_markdown(text: str) -> str:
    """Markdown inline markup rendered to clean text: links keep their words."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***both*** and *a **b** c*
        text = _STRONG.sub(r"\2", text)
        text = _EMPHASIS.sub(r"\2", text)
    text = _TAG.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraphs_from_markdown(text: str) -> list[Paragraph]:
    """Split Markdown or plain text into paragraphs at blank lines; list items apart.

    A transcript written one turn a line ("SMITH: ...") has each turn apart too.
    """
    blocks: list[tuple[str, bool]] = []
    current: list[str] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    turns = looks_like_transcript(lines, lines)

    def flush() -> None:
        if current:
            blocks.append((" ".join(current), False))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or re.fullmatch(r"(?:[-*_]\s*){3,}|={3,}|-{3,}", stripped):
            flush()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            blocks.append((heading.group(1), True))
            continue
        if _LIST_ITEM.match(line):
            flush()
            current.append(_LIST_ITEM.sub("", line, count=1))
            continue
        if turns and opens_turn(stripped):
            flush()
        current.append(stripped.lstrip(">").strip() if stripped.startswith(">") else stripped)
    flush()
    out: list[Paragraph] = []
    for raw, heading in blocks:
        clean = _tidy(strip_markdown(raw))
        if clean:
            out.append(Paragraph(number=len(out) + 1, text=clean, heading=heading))
    return out


def _byline_meta(paragraphs: list[Paragraph]) -> tuple[ArticleMeta, list[Paragraph]]:
    """Title, author, publisher and date from the article's own opening lines.

    The first short paragraph is the title (and leaves the body); "By …" lines give the
    author and "Publisher, Month D, YYYY" lines the publisher and date.
    """
    meta = ArticleMeta()
    body = list(paragraphs)
    if body and len(body[0].text) <= 200 and not body[0].text.endswith((".", "?", "!", ":")):
        meta.title = body.pop(0).text
    for para in body[:8]:
        if meta.author is None and (m := _BYLINE.match(para.text)):
            meta.author = m.group(1).strip()
        elif meta.date is None and (m := _DATELINE.match(para.text)):
            meta.publisher, meta.date = m.group("publisher").strip(), _iso_date(m.group("date"))
    return meta, _renumber(body)


def _iso_date(text: str) -> str:
    from datetime import datetime

    try:
        return datetime.strptime(text, "%B %d, %Y").date().isoformat()
    except ValueError:
        return text


def _renumber(paragraphs: list[Paragraph]) -> list[Paragraph]:
    return [p.model_copy(update={"number": i}) for i, p in enumerate(paragraphs, 1)]


def parse_markdown(text: str, origin: str = "") -> Article:
    """An Article from Markdown or plain text, with YAML front matter if present."""
    front: dict[str, object] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        import yaml

        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise ArticleError(f"{origin}: front matter is not valid YAML ({exc})") from exc
        front = loaded if isinstance(loaded, dict) else {}
        text = text[match.end():]
    paragraphs = paragraphs_from_markdown(text)
    fields = set(ArticleMeta.model_fields)
    given = {k: (str(v) if v is not None else None) for k, v in front.items() if k in fields}
    if given.get("title"):
        meta, body = ArticleMeta(), paragraphs
        if body and body[0].heading and body[0].text == given["title"]:
            body = _renumber(body[1:])
    else:
        meta, body = _byline_meta(paragraphs)
    try:
        meta = meta.merged(ArticleMeta(**given))
    except ValidationError as exc:
        # One line per problem, as every error is shown: pydantic's own text spans several.
        raise ArticleError(problems=[
            Problem(origin, "front-matter", f"front matter: {'.'.join(map(str, e['loc']))}: "
                    f"{e['msg'].removeprefix('Value error, ')}")
            for e in exc.errors()]) from exc
    return _article(meta, body, origin)


def _article(meta: ArticleMeta, paragraphs: list[Paragraph], origin: str) -> Article:
    if not paragraphs:
        raise ArticleError(f"{origin}: the article has no text")
    return Article(meta=meta, paragraphs=paragraphs, origin=origin)


def parse_html(html: str, origin: str = "", url: str | None = None) -> Article:
    """An Article from a web page: main text and metadata extracted by trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_recall=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise ArticleError(f"{origin}: no article text found in this page")
    paragraphs = [Paragraph(number=i, text=_tidy(line))
                  for i, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1)]
    meta = ArticleMeta(
        title=getattr(doc, "title", None) or None,
        author=getattr(doc, "author", None) or None,
        publisher=getattr(doc, "sitename", None) or None,
        date=getattr(doc, "date", None) or None,
        url=_safe_url(getattr(doc, "url", None) or url),
    )
    return _article(meta, paragraphs, origin)


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def parse_docx(path: Path) -> Article:
    """An Article from a Word document: its paragraphs and document properties."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from .spreadsheet import archive_names

    archive_names(path, ArticleError, "Word document")  # python-docx unpacks every part
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.LxmlError) as exc:  # LxmlError: also lxml refusing an entity bomb
        raise ArticleError(f"{path}: is not a readable Word document ({exc})") from exc
    paragraphs: list[Paragraph] = []
    for para in document.paragraphs:
        text = _tidy(para.text)
        if text:
            style = (para.style.name or "") if para.style is not None else ""
            heading = style.startswith(("Heading", "Title"))
            paragraphs.append(Paragraph(number=len(paragraphs) + 1, text=text, heading=heading))
    props = document.core_properties
    meta = ArticleMeta(title=props.title or None, author=props.author or None,
                       date=props.created.date().isoformat() if props.created else None)
    if not meta.title:
        byline, paragraphs = _byline_meta(paragraphs)
        meta = byline.merged(ArticleMeta(author=meta.author))
    return _article(meta, paragraphs, str(path))


def fetch(url: str) -> tuple[bytes, str]:
    """The body and content type of a web page, with a size limit and a timeout."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "worksheet/0.1 (fact-checking)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            body = response.read(MAX_TEXT_BYTES + 1)
            ctype = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise ArticleError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ArticleError(f"{url}: cannot fetch the page ({reason})") from exc
    if len(body) > MAX_TEXT_BYTES:
        raise ArticleError(f"{url}: the page is larger than {MAX_TEXT_BYTES // 2**20} MB")
    return body, ctype


def load_article(source: str | Path) -> Article:
    """Load an article from a file path or an http(s) URL.

    >>> load_article("examples/putin-biden/article.md").meta.title
    'What Putin Really Told Biden'
    """
    text_source = str(source)
    if text_source.lower().startswith(("http://", "https://")):
        body, ctype = fetch(text_source)
        text = decode(body, text_source)
        if "html" in ctype or text.lstrip()[:1] == "<":
            article = parse_html(text, text_source, url=text_source)
        else:
            article = parse_markdown(text, text_source)
        if not article.meta.url:
            article.meta.url = text_source
        return article
    if text_source.lower().startswith(("file:", "javascript:", "ftp:", "data:")):
        raise ArticleError(f"{text_source}: only http and https addresses can be fetched")
    path = Path(source)
    check_input_file(path, ArticleError)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return parse_docx(path)
    # Refuse by size before reading: a huge file would be read whole into memory.
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise ArticleError(f"{path}: is larger than {MAX_TEXT_BYTES // 2**20} MB")
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise ArticleError(f"{path}: is a zip archive, not an article (a .docx? rename it)")
    try:
        text = decode(data, str(path))
    except InputError as exc:
        raise ArticleError(str(exc)) from exc
    if suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and _looks_like_html(text)):
        return parse_html(text, str(path))
    if suffix not in MARKDOWN_SUFFIXES:
        raise ArticleError(f"{path}: unknown article type {suffix!r}; "
                           "use .md, .txt, .html, .docx or an http(s) URL")
    return parse_markdown(text, str(path))


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head
