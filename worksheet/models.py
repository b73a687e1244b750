"""The data model in the middle: readers produce these, writers consume them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SAFE_URL_SCHEMES = ("http://", "https://", "mailto:")
_LOOKS_LIKE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


class Model(BaseModel):
    """Base for our models: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def check_url(value: str | None) -> str | None:
    """Accept only http, https and mailto links: anything else could run or leak."""
    if value is None or value == "":
        return None
    if not value.lower().startswith(SAFE_URL_SCHEMES) or any(c.isspace() for c in value):
        raise ValueError(f"not an http, https or mailto URL: {value!r}")
    return value


class Source(Model):
    """A source to consult: a document, a dataset, a person to call."""

    title: str = ""
    url: str | None = None
    note: str | None = None

    _check_url = field_validator("url")(classmethod(lambda cls, v: check_url(v)))

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        # A bare string is a URL when it looks like one (any scheme, so that an unsafe
        # one is refused rather than kept as a title), otherwise a title.
        if isinstance(value, str):
            text = value.strip()
            if _LOOKS_LIKE_URL.match(text):
                return {"url": text}
            return {"title": text}
        return value

    @model_validator(mode="after")
    def _needs_something(self) -> Source:
        if not self.title and not self.url:
            raise ValueError("a source needs a title or a url")
        return self

    @property
    def label(self) -> str:
        """What to show for this source: its title, else its URL."""
        return self.title or self.url or ""


class ArticleMeta(Model):
    """Bibliographic facts about the article; any may be unknown."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    _check_url = field_validator("url")(classmethod(lambda cls, v: check_url(v)))

    def merged(self, override: ArticleMeta | None) -> ArticleMeta:
        """These facts, with any set in ``override`` taking precedence."""
        if override is None:
            return self
        return self.model_copy(update=override.model_dump(exclude_none=True))


Priority = Annotated[str, Field(max_length=40)]


class Claim(Model):
    """One checkable assertion from the article."""

    id: str = ""
    claim: str = Field(min_length=1)
    quote: str | None = None
    type: str | None = None
    claimant: str | None = None
    sources: list[Source] = Field(default_factory=list)
    priority: Priority | None = None
    assignee: str | None = None
    guidance: str | None = None

    @field_validator("id", "priority", mode="before")
    @classmethod
    def _scalar_as_text(cls, value: Any) -> Any:
        # YAML turns `id: 7` into an int and `priority: 1` likewise; both are labels.
        if isinstance(value, bool):
            raise ValueError("expected text, got a yes/no value (quote it)")
        if isinstance(value, (int, float)):
            return str(int(value)) if float(value).is_integer() else str(value)
        return value

    @field_validator("sources", mode="before")
    @classmethod
    def _one_source(cls, value: Any) -> Any:
        if isinstance(value, (str, dict)):
            return [value]
        return value


class Verdict(Model):
    """One rating on a verdict scale."""

    label: str = Field(min_length=1)
    definition: str = ""
    colour: str = Field(default="FFFFFF", pattern=r"^#?[0-9A-Fa-f]{6}$")
    rating: int | None = None

    @field_validator("colour")
    @classmethod
    def _bare_hex(cls, value: str) -> str:
        return value.lstrip("#").upper()


class Scale(Model):
    """A verdict scale: ordered verdicts, with ClaimReview rating bounds."""

    name: str
    title: str = ""
    description: str = ""
    best_rating: int | None = None
    worst_rating: int | None = None
    verdicts: list[Verdict] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_labels(self) -> Scale:
        seen: set[str] = set()
        for verdict in self.verdicts:
            key = verdict.label.casefold()
            if key in seen:
                raise ValueError(f"verdict {verdict.label!r} appears twice")
            seen.add(key)
        return self

    @property
    def labels(self) -> list[str]:
        return [v.label for v in self.verdicts]

    def get(self, label: str) -> Verdict | None:
        """The verdict called ``label``, ignoring case and spacing."""
        key = " ".join(label.split()).casefold()
        for verdict in self.verdicts:
            if verdict.label.casefold() == key:
                return verdict
        return None


class ClaimsFile(Model):
    """What a claims file holds: the claims, and optionally article facts and a scale."""

    article: ArticleMeta | None = None
    scale: str | Scale | None = None
    claims: list[Claim] = Field(min_length=1)

    @model_validator(mode="after")
    def _assign_ids(self) -> ClaimsFile:
        taken = {c.id for c in self.claims if c.id}
        n = 0
        for claim in self.claims:
            if not claim.id:
                n += 1
                while f"C{n}" in taken:
                    n += 1
                claim.id = f"C{n}"
                taken.add(claim.id)
        return self


class Paragraph(BaseModel):
    """A paragraph of the article, numbered from 1 in reading order."""

    number: int
    text: str
    heading: bool = False


class Article(BaseModel):
    """An article as clean text paragraphs, with its metadata."""

    meta: ArticleMeta = Field(default_factory=ArticleMeta)
    paragraphs: list[Paragraph]
    origin: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


class Anchor(BaseModel):
    """Where a claim's quote sits in the article."""

    paragraph: int | None = None
    start: int = 0
    end: int = 0
    score: float = 0.0
    method: str = "none"  # exact, normalised, fuzzy or none

    @property
    def found(self) -> bool:
        return self.paragraph is not None


class AnchoredClaim(BaseModel):
    """A claim with its place in the article."""

    claim: Claim
    anchor: Anchor

    def passage(self, article: Article) -> str:
        """The article paragraph the claim comes from, or '' when not found."""
        if self.anchor.paragraph is None:
            return ""
        return article.paragraph(self.anchor.paragraph).text
