"""Loading and checking the inputs of a build: the article, the claims, the scale.

``prepare`` is what ``worksheet check`` reports on and what ``worksheet build`` writes
from: every input read and validated, every claim anchored, every warning collected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .anchor import anchor_claims, closest_paragraph
from .article import load_article
from .claims import LoadedClaims, load_claims
from .errors import Problem
from .models import AnchoredClaim, Article, Scale
from .safety import clean, has_illegal
from .scales import load_scale

if TYPE_CHECKING:
    from .prior.checked import CheckedBefore
    from .prior.rank import ClaimMatches

_TEXT_FIELDS = ("claim", "quote", "claimant", "guidance", "type", "priority", "assignee")


@dataclass
class Prepared:
    """Validated inputs, ready to be written out."""

    article: Article
    claims: LoadedClaims
    anchored: list[AnchoredClaim]
    scale: Scale
    warnings: list[Problem] = field(default_factory=list)
    prior: CheckedBefore | None = None
    """Earlier fact-checks of the claims, when collections were given (``--prior``)."""

    @property
    def found(self) -> int:
        return sum(1 for a in self.anchored if a.anchor.found)


def prepare(article_source: str | Path, claims_path: str | Path,
            scale: str | Path | Scale | None = None, *,
            prior: Sequence[str | Path] | None = None) -> Prepared:
    """Load the article and claims, pick the scale, anchor each claim, collect warnings.

    The scale is ``scale`` when given, else the claims file's ``scale:``, else the default.
    Article facts in the claims file's ``article:`` block override what the article says.
    ``prior`` names ClaimReview collections (files, folders) each claim is matched against.
    """
    article = load_article(article_source)
    cleaned = _clean_article(article)
    loaded = load_claims(claims_path)
    claims_file = loaded.claims_file
    article.meta = article.meta.merged(claims_file.article)
    chosen = load_scale(scale if scale is not None else claims_file.scale)
    anchored = anchor_claims(article, claims_file.claims)
    warnings = cleaned + _anchor_warnings(article, loaded, anchored) + _text_warnings(loaded)
    found = None
    if prior:
        from .prior.checked import checked_before

        found = checked_before(claims_file.claims, prior)
        warnings += found.warnings
    return Prepared(article, loaded, anchored, chosen, warnings, found)


def _clean_article(article: Article) -> list[Problem]:
    """Remove the control characters Office files cannot hold, before anything uses the text.

    Cleaned here rather than only by the writers, so that quotes anchor, titles make file
    names and offsets stay true to the text that is written.
    """
    dirty = [p for p in article.paragraphs if has_illegal(p.text)]
    for para in dirty:
        para.text = clean(para.text)
    fields = [name for name, value in article.meta if isinstance(value, str) and has_illegal(value)]
    for name in fields:
        setattr(article.meta, name, clean(getattr(article.meta, name)))
    if not dirty and not fields:
        return []
    places = [f"¶{p.number}" for p in dirty[:5]] + (["…"] if len(dirty) > 5 else []) + fields
    return [Problem(article.origin, "control-chars",
                    f"control characters removed from {', '.join(places)} "
                    "(Office files cannot hold them)", severity="warning")]


def _anchor_warnings(article: Article, loaded: LoadedClaims,
                     anchored: list[AnchoredClaim]) -> list[Problem]:
    out = []
    for index, item in enumerate(anchored):
        if item.anchor.found:
            continue
        field_name = "quote" if item.claim.quote else "claim"
        where = loaded.locate(("claims", index, field_name))
        near = closest_paragraph(item.anchor)
        if near is None:
            hint = "the article has no similar passage"
        else:
            text = article.paragraph(near).text[item.anchor.start:item.anchor.end]
            hint = f'closest is ¶{near} ({item.anchor.score:.0f}% similar): "{_short(text)}"'
        out.append(Problem(where, "not-found",
                           f"claims[{index}].{field_name}: {item.claim.id}'s {field_name} "
                           f"is not in the article; {hint}", severity="warning"))
    return out


def _text_warnings(loaded: LoadedClaims) -> list[Problem]:
    out = []
    for index, claim in enumerate(loaded.claims):
        for name in _TEXT_FIELDS:
            value = getattr(claim, name)
            if isinstance(value, str) and has_illegal(value):
                out.append(Problem(loaded.locate(("claims", index, name)), "control-chars",
                                   f"claims[{index}].{name}: control characters removed "
                                   "(Office files cannot hold them)", severity="warning"))
    return out


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_check(prepared: Prepared) -> str:
    """What ``worksheet check`` prints: the inputs, and where each claim was found."""
    meta = prepared.article.meta
    by = f" by {meta.author}" if meta.author else ""
    facts = ", ".join(x for x in (meta.publisher, meta.date) if x)
    lines = [
        f"article  {prepared.article.origin}: \"{meta.title or 'untitled'}\"{by}"
        + (f" ({facts})" if facts else "") + f", {len(prepared.article.paragraphs)} paragraphs",
        f"claims   {prepared.claims.path}: {len(prepared.anchored)} claims, "
        f"scale {prepared.scale.name} ({', '.join(prepared.scale.labels)})",
        "",
    ]
    width = max(len(a.claim.id) for a in prepared.anchored)
    earlier = prepared.prior.by_id() if prepared.prior is not None else {}
    for item in prepared.anchored:
        anchor = item.anchor
        if anchor.found and anchor.paragraph is not None:
            text = prepared.article.paragraph(anchor.paragraph).text[anchor.start:anchor.end]
            place = f"¶{anchor.paragraph:<3} {anchor.method:<10} {anchor.score:3.0f}%"
            lines.append(f"{item.claim.id:<{width}}  {place}  \"{_short(text, 60)}\"")
        else:
            lines.append(f"{item.claim.id:<{width}}  {'not found':<20}  "
                         f"\"{_short(item.claim.quote or item.claim.claim, 60)}\"")
        lines += _prior_lines(earlier.get(item.claim.id), width)
    lines += ["", f"{prepared.found} of {len(prepared.anchored)} claims found in the article."]
    if prepared.prior is not None:
        lines.append(f"{len(earlier)} of {len(prepared.anchored)} claims "
                     "checked before.")
    return "\n".join(lines) + "\n"


def _prior_lines(found: ClaimMatches | None, width: int) -> list[str]:
    """A line per earlier check of one claim: its score, verdict, who, when, what, link."""
    if found is None:
        return []
    from .prior.render import describe

    pad = " " * (width + 2)
    return [f"{pad}checked before {m.score:.2f}  {describe(m)}: "
            f"\"{_short(m.check.claim_reviewed, 60)}\""
            + (f" {m.check.url}" if m.check.url else "") for m in found.matches]
