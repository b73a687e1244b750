"""Anchoring claims in the article: exact, normalised, fuzzy, paraphrase, not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from worksheet.anchor import anchor_claim, anchor_text, closest_paragraph, normalise
from worksheet.article import load_article
from worksheet.claims import load_claims
from worksheet.models import Article, Claim, Paragraph

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "putin-biden"


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article(EXAMPLES / "article.md")


def span(article: Article, needle: str) -> tuple[str, str]:
    found = anchor_text(article, needle)
    assert found.paragraph is not None, found
    return article.paragraph(found.paragraph).text[found.start:found.end], found.method


def test_every_example_quote_is_found_exactly(article: Article) -> None:
    for claim in load_claims(EXAMPLES / "claims.yaml").claims:
        found = anchor_claim(article, claim)
        assert found.method == "exact", claim.id
        assert claim.quote is not None
        assert article.paragraph(found.paragraph or 0).text[found.start:found.end] == claim.quote


def test_normalised_match_maps_back_to_the_original_text(article: Article) -> None:
    # Straight quotes, a hyphen for the dash and odd spacing still find the curly original.
    text, method = span(article, 'Daddy  Bush\'s "promise" to Gorbachev')
    assert method == "normalised"
    assert text == "Daddy Bush’s “promise” to Gorbachev"
    text, method = span(article, "TWO HOURS AND TWO MINUTES - with translators")
    assert (text, method) == ("two hours and two minutes – with translators", "normalised")


def test_fuzzy_match_tolerates_a_misquote(article: Article) -> None:
    text, method = span(article, "Russia was not even mentioned (italics mine) in the agreement")
    assert method == "fuzzy"
    assert "not even mentioned" in text


def test_quote_not_found_names_the_closest_passage(article: Article) -> None:
    found = anchor_text(article, "Russia is not even mentioned in the text of the treaty at all")
    assert not found.found
    assert closest_paragraph(found) == 25
    assert 50 < found.score < 85


def test_paraphrase_anchors_on_the_sentence(article: Article) -> None:
    found = anchor_claim(article, Claim(
        claim="The CIA director said there was no intelligence that Russia will invade"))
    assert found.method == "paraphrase"
    sentence = article.paragraph(found.paragraph or 0).text[found.start:found.end]
    assert sentence.startswith("Even the CIA’s William Burns admitted")
    assert not anchor_claim(article, Claim(claim="Bananas are yellow")).found


def test_normalise_keeps_an_index_map() -> None:
    text, where = normalise("A  “b” — *c*")
    assert text == 'a "b" - c'
    assert len(where) == len(text)
    assert where[-1] == 10


def test_empty_needle_is_not_found() -> None:
    art = Article(paragraphs=[Paragraph(number=1, text="Something.")])
    assert not anchor_text(art, "   ").found
