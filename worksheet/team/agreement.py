"""Second checks: how often two independent reviewers agree, and Cohen's kappa.

A claim is **double-checked** when it has both a Verdict and a Second verdict (filled
in one shared tracker, or recorded by ``merge`` from two reviewers' copies). The two
checks **agree** when they are the same verdict; otherwise the claim is a
**disagreement**: it is not Done, whatever its Status says, until an editor settles it
(sets both to the verdict decided, or clears the Second verdict).

Kappa treats "first check" and "second check" as the two raters, as desks rotating
reviewers do (Cohen's kappa assumes two fixed raters; with rotating reviewers it
measures agreement between first and second checks, not between two people).

- **linear-weighted** Cohen's kappa when every verdict in the pairs has a rating on
  the scale (True 6 … False 1): the scale is ordered, and "Mostly true" against
  "True" is a smaller disagreement than "False" against "True". Weights are
  ``1 - |r1 - r2| / (best - worst)`` over the scale's ratings.
- **unweighted** Cohen's kappa as soon as one verdict has no place on the line
  (Unverifiable, Opinion, or a value not on the scale): an unrated verdict is no
  nearer one end than the other, so only exact agreement counts.

``kappa`` is None when it is undefined (no pairs, or chance agreement is already 1:
every check used one and the same verdict).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from .. import columns
from ..models import Scale
from ..tracker.model import TrackerRow

LINEAR = "linear-weighted"
UNWEIGHTED = "unweighted"


class Check(BaseModel):
    """One reviewer's check of a claim."""

    verdict: str
    reviewer: str | None = None
    cell: str | None = None
    """Where the verdict is, e.g. ``Claims!I5``."""


class Disagreement(BaseModel):
    """A double-checked claim whose two verdicts differ."""

    id: str
    first: Check
    second: Check


class SecondChecks(BaseModel):
    """Agreement between first and second checks, as ``status`` reports it."""

    double_checked: int = 0
    agree: int = 0
    kappa: float | None = None
    kappa_kind: str = UNWEIGHTED
    disagreements: list[Disagreement] = Field(default_factory=list)


def _label(verdict: str, scale: Scale) -> str:
    on_scale = scale.get(verdict)
    return on_scale.label if on_scale is not None else " ".join(verdict.split())


def disagree(row: TrackerRow, scale: Scale) -> bool:
    """Whether the claim's two checks give different verdicts."""
    if not row.verdict or not row.second_verdict:
        return False
    return _label(row.verdict, scale) != _label(row.second_verdict, scale)


def kappa(pairs: Sequence[tuple[str, str]], scale: Scale) -> tuple[float | None, str]:
    """Cohen's kappa of (first, second) verdict pairs, and which kappa it is."""
    if not pairs:
        return None, UNWEIGHTED
    ratings = {v.label: v.rating for v in scale.verdicts if v.rating is not None}
    labels = sorted({x for pair in pairs for x in pair})
    weighted = len(ratings) > 1 and all(x in ratings for x in labels)
    if weighted:
        span = max(ratings.values()) - min(ratings.values())

        def weight(a: str, b: str) -> float:
            return 1 - abs(ratings[a] - ratings[b]) / span
    else:
        def weight(a: str, b: str) -> float:
            return 1.0 if a == b else 0.0
    n = len(pairs)
    observed = sum(weight(a, b) for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(weight(a, b) * first[a] * second[b] for a in labels for b in labels) / n**2
    kind = LINEAR if weighted else UNWEIGHTED
    if expected >= 1:
        return None, kind
    return (observed - expected) / (1 - expected), kind


def second_checks(rows: Sequence[TrackerRow], scale: Scale,
                  cells: dict[str, str] | None = None) -> SecondChecks:
    """Double-checked claims among ``rows`` (withdrawn left out), agreement and kappa."""
    letters = cells or {}

    def where(row: TrackerRow, key: str) -> str | None:
        letter = letters.get(key)
        return f"{columns.CLAIMS_SHEET}!{letter}{row.cell_row}" if letter and row.cell_row \
            else None

    pairs: list[tuple[str, str]] = []
    result = SecondChecks()
    for row in rows:
        if not row.verdict or not row.second_verdict or row.status == columns.WITHDRAWN:
            continue
        pair = (_label(row.verdict, scale), _label(row.second_verdict, scale))
        pairs.append(pair)
        if pair[0] == pair[1]:
            result.agree += 1
        else:
            result.disagreements.append(Disagreement(
                id=row.id,
                first=Check(verdict=row.verdict, reviewer=row.reviewer,
                            cell=where(row, "verdict")),
                second=Check(verdict=row.second_verdict, reviewer=row.second_reviewer,
                             cell=where(row, "second_verdict"))))
    result.double_checked = len(pairs)
    value, result.kappa_kind = kappa(pairs, scale)
    result.kappa = None if value is None else round(value, 4)
    return result
