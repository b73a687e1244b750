"""Loading articles: Markdown and text, HTML, Word, a URL; metadata and paragraphs."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from worksheet.article import load_article, strip_markdown
from worksheet.errors import ArticleError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "putin-biden" / "article.md"

HTML = """<!doctype html><html><head><title>Summit ends | Daily Planet</title>
<meta property="og:title" content="Summit ends without a deal">
<meta name="author" content="Lois Lane">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2021-12-08T10:00:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Summit ends without a deal</h1>
<p>The two leaders spoke for two hours and two minutes on Tuesday, officials said.</p>
<p>Neither side announced an agreement, and a second call was not scheduled.</p>
<p>Analysts said the talks showed how far apart the two governments remain.</p>
</article><footer>Copyright Daily Planet</footer></body></html>"""


@pytest.mark.parametrize(("markdown", "text"), [
    ("[Pepe Escobar](#) wrote", "Pepe Escobar wrote"),
    ("**President Joe Biden**, by *himself*", "President Joe Biden, by himself"),
    ("a ***very*** `big` deal", "a very big deal"),
    ("![photo](x.png)Caption", "Caption"),
    ("snake_case_name stays", "snake_case_name stays"),
    (r"1\. not a list \*", "1. not a list *"),
])
def test_markdown_markup_becomes_clean_text(markdown: str, text: str) -> None:
    assert strip_markdown(markdown) == text


def test_example_article_metadata_and_paragraphs() -> None:
    article = load_article(EXAMPLE)
    assert article.meta.title == "What Putin Really Told Biden"
    assert article.meta.author == "Pepe Escobar"
    assert article.meta.date == "2021-12-09"
    numbers = [p.number for p in article.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    texts = [p.text for p in article.paragraphs]
    assert any("two hours and two minutes" in t for t in texts)
    assert any(p.heading and p.text == "Minsk or bust" for p in article.paragraphs)
    # The source and copyright lines are part of the article as published.
    assert any("Copyright © Pepe Escobar" in t for t in texts)
    assert not any("[" in t or "**" in t for t in texts)


def test_byline_gives_metadata_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("A Title Here\n\nBy Jane Roe\n\nDaily Bugle, March 3, 2020\n\n"
                    "The mayor said taxes rose 4% last year.\n", encoding="utf-8")
    article = load_article(path)
    assert (article.meta.title, article.meta.author, article.meta.publisher,
            article.meta.date) == ("A Title Here", "Jane Roe", "Daily Bugle", "2020-03-03")
    assert article.paragraphs[-1].text == "The mayor said taxes rose 4% last year."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    body = "Café crème, naïve façade: the président’s “résumé” was wrong." \
        if encoding != "latin-1" else "Café crème, naïve façade: the président résumé was wrong."
    path.write_bytes(f"Title\n\n{body}\n\nA second paragraph about São Paulo.\n".encode(encoding))
    article = load_article(path)
    assert article.paragraphs[0].text == body


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = load_article(path)
    assert article.meta.title == "Summit ends without a deal"
    assert article.meta.author == "Lois Lane"
    assert article.meta.date == "2021-12-08"
    texts = [p.text for p in article.paragraphs]
    assert any("two hours and two minutes" in t for t in texts)
    assert not any("Home | World" in t for t in texts)


def test_docx_article(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "A Word Article"
    document.core_properties.author = "Clark Kent"
    document.add_heading("A Word Article", 1)
    document.add_paragraph("First paragraph with a figure of 12 percent.")
    document.add_paragraph("")
    document.add_paragraph("Second paragraph.")
    path = tmp_path / "article.docx"
    document.save(str(path))
    article = load_article(path)
    assert article.meta.title == "A Word Article"
    assert article.meta.author == "Clark Kent"
    assert [p.text for p in article.paragraphs][-2:] == [
        "First paragraph with a figure of 12 percent.", "Second paragraph."]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "story.html").write_text(HTML, encoding="utf-8")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(tmp_path))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_article(served: str) -> None:
    article = load_article(f"{served}/story.html")
    assert article.meta.title == "Summit ends without a deal"
    assert article.meta.url == f"{served}/story.html"
    assert any("two hours and two minutes" in p.text for p in article.paragraphs)


def test_url_not_found_is_a_clear_error(served: str) -> None:
    with pytest.raises(ArticleError, match="404"):
        load_article(f"{served}/missing.html")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.md", None, "no such file"),
    ("empty.md", b"", "no text"),
    ("blank.md", b"\n\n  \n", "no text"),
    ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("archive.md", b"PK\x03\x04rest-of-a-zip", "zip archive"),
    ("article.pdf", b"%PDF-1.4", "unknown article type"),
])
def test_bad_articles_are_clear_errors(tmp_path: Path, name: str, content: bytes | None,
                                       message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        load_article(path)


def test_folder_and_unsafe_scheme(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="folder"):
        load_article(tmp_path)
    with pytest.raises(ArticleError, match="only http and https"):
        load_article("file:///etc/passwd")
