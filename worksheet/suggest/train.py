"""Reproduce the shipped weights from the CLEF 2019 CheckThat! training transcripts.

Usage: ``python -m worksheet.suggest.train /work/shared/data/checkthat2019/training``

The L2 strength is not fixed by hand: it is chosen on the transcripts given, by how
well a model trained on one kind of event (debates) ranks the other (speeches and press
conferences) and the other way round. That selection rewards what carries over to a
new kind of transcript rather than what fits files like the ones it was trained on, and
when the benchmark leaves a file out, nothing about the model has seen that file.
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
from worksheet.suggest.model import WEIGHTS, Model, average_precision

L2_GRID = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)

INNER_FOLDS = 3
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
    roles = [f for f in part.feats]
    names = [speaker_name(s) for s in part.speakers]
    voices = Counter(
        n
        for n, f in zip(names, roles, strict=True)
        if not ({"spk:not_speaker", "spk:moderator"} & f.keys())
    )
    main = [n for n, k in voices.items() if k >= DEBATE_SHARE * len(names)]
    return "debate" if len(main) >= 2 else "speech"


def shift_folds(parts: Sequence[Transcript]) -> list[list[Transcript]]:
    """Held-out groups for choosing L2: each genre, or (one genre only) every third file."""
    by_genre: dict[str, list[Transcript]] = {}
    for t in parts:
        by_genre.setdefault(genre(t), []).append(t)
    if len(by_genre) > 1 and all(len(g) > 1 for g in by_genre.values()):
        return [by_genre[k] for k in sorted(by_genre)]
    return [list(parts[i::INNER_FOLDS]) for i in range(INNER_FOLDS)]


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


def choose_l2(
    parts: Sequence[Transcript], grid: Sequence[float] = L2_GRID
) -> tuple[float, dict[str, float]]:
    """The L2 strength with the best MAP on held-out groups (see :func:`shift_folds`).

    Also returns the MAP of every strength tried, so the choice can be read back.
    """
    folds = shift_folds(parts)
    curve: dict[str, float] = {}
    best, best_map = grid[0], -1.0
    for l2 in grid:
        scores = []
        for k, held in enumerate(folds):
            rest = [t for j, fold in enumerate(folds) if j != k for t in fold]
            scores.append(mean_ap(fit(*_pool(rest), l2=l2, min_df=MIN_DF), held))
        value = sum(scores) / len(scores)
        curve[f"{l2:g}"] = round(value, 4)
        if value > best_map:
            best, best_map = l2, value
    return best, curve


def train(parts: Sequence[Transcript], l2: float | None = None) -> Model:
    """Fit the model on ``parts``, choosing L2 by inner cross-validation unless given."""
    chosen, curve = choose_l2(parts) if l2 is None else (l2, {})
    model = fit(*_pool(parts), l2=chosen, min_df=MIN_DF)
    # How widely the model's log-odds spread over its training sentences: the article
    # rules, set in log-odds, are scaled by it so they weigh the same against any model.
    logits = [model.logit(f) for t in parts for f in t.feats]
    mean = sum(logits) / len(logits)
    model.info["logit_sd"] = round((sum((z - mean) ** 2 for z in logits) / len(logits)) ** 0.5, 4)
    model.info["files"] = [t.name for t in parts]
    if curve:
        held = [sorted({genre(t) for t in fold}) for fold in shift_folds(parts)]
        model.info["l2_selection"] = {"held_out": held, "map": curve}
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
