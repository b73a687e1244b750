"""Reproduce the shipped weights from the CLEF 2019 CheckThat! training transcripts.

Usage: ``python -m worksheet.suggest.train /work/shared/data/checkthat2019/training``

The L2 strength is not chosen at all: the shipped model is the average of models
trained at a light, a middle and a strong strength, each first scaled to the same
spread of scores. Choosing one strength by cross-validation over these transcripts
picked values that did worse on new transcripts; the average needs no choice that
could fit these files, and it is still one linear model, scored in pure Python.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from worksheet.suggest.context import document_features, speaker_name
from worksheet.suggest.features import FeatureVector
from worksheet.suggest.fit import fit
from worksheet.suggest.model import WEIGHTS, Model

# The strengths averaged: word features count for much (1e-3) to little (1e-1).
ENSEMBLE_L2 = (1e-3, 1e-2, 1e-1)
# A transcript is a debate when at least two people who are not moderators each speak
# this share of its sentences.
DEBATE_SHARE = 0.1
MIN_DF = 2
# Weights smaller than this change no ranking noticeably; dropping them keeps the
# shipped file small.
PRUNE = 2e-3


@dataclass
class Transcript:
    """One CheckThat! file: its sentences, their labels and their features."""

    name: str
    sentences: list[str]
    labels: list[int]
    feats: list[FeatureVector]
    speakers: list[str]


def read_tsv(path: Path) -> Transcript:
    """Read ``line_number<TAB>speaker<TAB>sentence<TAB>label`` lines."""
    sentences: list[str] = []
    labels: list[int] = []
    speakers: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or not parts[0].strip().isdigit():
            continue
        speakers.append(parts[1])
        sentences.append(parts[2])
        labels.append(int(parts[3]))
    feats = document_features(sentences, speakers)
    return Transcript(path.stem, sentences, labels, feats, speakers)


def read_folder(folder: Path) -> list[Transcript]:
    """Every ``*.tsv`` transcript in ``folder``, in name order."""
    return [read_tsv(p) for p in sorted(folder.glob("*.tsv"))]


def genre(part: Transcript) -> str:
    """ "debate" when two or more people make the claims, else "speech" (one voice)."""
    names = [speaker_name(s) for s in part.speakers]
    running = {"spk:asks"}  # who runs the event makes no claims
    voices = Counter(
        n for n, f in zip(names, part.feats, strict=True) if running.isdisjoint(f)
    )
    main = [n for n, k in voices.items() if k >= DEBATE_SHARE * len(names)]
    return "debate" if len(main) >= 2 else "speech"


def _pool(parts: Sequence[Transcript]) -> tuple[list[FeatureVector], list[int]]:
    feats: list[FeatureVector] = []
    labels: list[int] = []
    for t in parts:
        feats += t.feats
        labels += t.labels
    return feats, labels


def _spread(model: Model, feats: Sequence[FeatureVector]) -> tuple[float, float]:
    """The mean and standard deviation of the model's log-odds over ``feats``."""
    logits = [model.logit(f) for f in feats]
    mean = sum(logits) / len(logits)
    return mean, (sum((z - mean) ** 2 for z in logits) / len(logits)) ** 0.5


def train(parts: Sequence[Transcript], l2: float | None = None) -> Model:
    """Fit on ``parts``: the standardised average over :data:`ENSEMBLE_L2`, or one ``l2``."""
    feats, labels = _pool(parts)
    strengths = ENSEMBLE_L2 if l2 is None else (l2,)
    weights: dict[str, float] = {}
    bias = 0.0
    for strength in strengths:
        member = fit(feats, labels, l2=strength, min_df=MIN_DF)
        # Scaled to log-odds of mean 0 and spread 1, so no member outweighs the others
        # just because it is less regularised.
        mean, sd = _spread(member, feats) if l2 is None else (0.0, 1.0)
        for k, v in member.weights.items():
            weights[k] = weights.get(k, 0.0) + v / sd / len(strengths)
        bias += (member.bias - mean) / sd / len(strengths)
    info = dict(member.info)
    info["l2"] = list(strengths) if l2 is None else l2
    model = Model(weights=weights, bias=bias, info=info)
    # How widely the log-odds spread over the training sentences: the article rules,
    # set in log-odds, are scaled by it so they weigh the same against any model.
    model.info["logit_sd"] = round(_spread(model, feats)[1], 4)
    model.info["files"] = [t.name for t in parts]
    return model


def pruned(model: Model, threshold: float = PRUNE) -> Model:
    """The model without its negligible weights."""
    kept = {k: v for k, v in model.weights.items() if abs(v) >= threshold}
    return Model(weights=kept, bias=model.bias, info=model.info)


def main(argv: Sequence[str] | None = None) -> int:
    """Train on a folder of transcripts and write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of CheckThat! *.tsv files")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="weights file to write")
    parser.add_argument("--l2", type=float, default=None, help="one L2 strength, no average")
    args = parser.parse_args(argv)
    parts = read_folder(args.folder)
    if not parts:
        print(f"no *.tsv files in {args.folder}", file=sys.stderr)
        return 2
    model = pruned(train(parts, args.l2))
    model.info["source"] = "CLEF 2019 CheckThat! Task 1 training transcripts"
    model.save(args.out)
    print(f"wrote {args.out}: {len(model.weights)} weights, l2={model.info['l2']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
