"""Reproduce the shipped weights from the CLEF 2019 CheckThat! training transcripts.

Usage: ``python -m worksheet.suggest.train /work/shared/data/checkthat2019/training``

The L2 strength is not fixed by hand: it is chosen by grouped cross-validation over
the transcripts given (whole files held out), so that when the benchmark leaves a file
out, nothing about the model has seen that file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from worksheet.suggest.features import FeatureVector, features
from worksheet.suggest.fit import fit
from worksheet.suggest.model import WEIGHTS, Model, average_precision

L2_GRID = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
INNER_FOLDS = 3
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


def read_tsv(path: Path) -> Transcript:
    """Read ``line_number<TAB>speaker<TAB>sentence<TAB>label`` lines."""
    sentences: list[str] = []
    labels: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or not parts[0].strip().isdigit():
            continue
        sentences.append(parts[2])
        labels.append(int(parts[3]))
    return Transcript(path.stem, sentences, labels, [features(s) for s in sentences])


def read_folder(folder: Path) -> list[Transcript]:
    """Every ``*.tsv`` transcript in ``folder``, in name order."""
    return [read_tsv(p) for p in sorted(folder.glob("*.tsv"))]


def _pool(parts: Sequence[Transcript]) -> tuple[list[FeatureVector], list[int]]:
    feats: list[FeatureVector] = []
    labels: list[int] = []
    for t in parts:
        feats += t.feats
        labels += t.labels
    return feats, labels


def mean_ap(model: Model, parts: Sequence[Transcript]) -> float:
    """Mean over files of the average precision of the model's ranking."""
    aps = [
        average_precision([model.logit(f) for f in t.feats], t.labels)
        for t in parts
        if any(t.labels)
    ]
    return sum(aps) / len(aps) if aps else 0.0


def choose_l2(parts: Sequence[Transcript], grid: Sequence[float] = L2_GRID) -> float:
    """The L2 strength with the best MAP in grouped cross-validation over ``parts``."""
    folds = [list(parts[i::INNER_FOLDS]) for i in range(INNER_FOLDS)]
    best, best_map = grid[0], -1.0
    for l2 in grid:
        scores = []
        for k, held in enumerate(folds):
            rest = [t for j, fold in enumerate(folds) if j != k for t in fold]
            scores.append(mean_ap(fit(*_pool(rest), l2=l2, min_df=MIN_DF), held))
        value = sum(scores) / len(scores)
        if value > best_map:
            best, best_map = l2, value
    return best


def train(parts: Sequence[Transcript], l2: float | None = None) -> Model:
    """Fit the model on ``parts``, choosing L2 by inner cross-validation unless given."""
    chosen = choose_l2(parts) if l2 is None else l2
    model = fit(*_pool(parts), l2=chosen, min_df=MIN_DF)
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
    parser.add_argument("--l2", type=float, default=None, help="fix L2 instead of choosing it")
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
