"""The check-worthiness model at scoring time: weights by feature name, in pure Python.

Training (numpy) lives in :mod:`worksheet.suggest.fit`, so that scoring needs no numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from worksheet.suggest.context import document_features
from worksheet.suggest.features import FeatureVector

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass
class Model:
    """Weights by feature name, plus an intercept; scores are probabilities in 0..1."""

    weights: dict[str, float]
    bias: float = 0.0
    info: dict[str, object] = field(default_factory=dict)

    def logit(self, feats: FeatureVector) -> float:
        """The linear score of one feature vector."""
        get = self.weights.get
        return self.bias + sum(get(k, 0.0) * v for k, v in feats.items())

    def score(self, sentences: Sequence[str], speakers: Sequence[str] | None = None) -> list[float]:
        """The probability that each sentence of one document is check-worthy."""
        return [_sigmoid(self.logit(f)) for f in document_features(sentences, speakers)]

    def save(self, path: Path = WEIGHTS) -> None:
        """Write the model as JSON, weights rounded and sorted by size for reading."""
        ranked = sorted(self.weights.items(), key=lambda kv: -abs(kv[1]))
        data = {
            "info": self.info,
            "bias": round(self.bias, 5),
            "weights": {k: round(v, 5) for k, v in ranked if round(v, 5)},
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Model:
        """Read a model written by :meth:`save`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights=data["weights"], bias=data["bias"], info=data.get("info", {}))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def average_precision(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Average precision of the ranking by score (ties broken by order), as in CheckThat!."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits = 0
    total = 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0
