"""Average precision of the check-worthiness ranking on CheckThat!-format transcripts.

Usage::

    python tests/benchmarks/checkthat.py /work/shared/data/checkthat2019/training
    python tests/benchmarks/checkthat.py DIR --shipped   # score with the shipped weights

On the training folder (or with ``--loo``) each file is scored by a model retrained on
the other files, L2 chosen by cross-validation within those; elsewhere the shipped
weights score every file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script from a checkout: make the package beside tests/ importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from worksheet.suggest import score_sentences
from worksheet.suggest.model import average_precision
from worksheet.suggest.train import Transcript, read_folder, train


def leave_one_out(
    parts: Sequence[Transcript], l2: float | None = None
) -> list[tuple[str, float, str]]:
    """Score each transcript with a model trained on all the others."""
    rows = []
    for held in parts:
        rest = [t for t in parts if t is not held]
        model = train(rest, l2)
        ap = average_precision(score_sentences(held.sentences, model=model), held.labels)
        rows.append((held.name, ap, f"l2={model.info['l2']:g}"))
    return rows


def shipped(parts: Sequence[Transcript]) -> list[tuple[str, float, str]]:
    """Score each transcript with the weights in the package (``score_sentences``)."""
    return [(t.name, average_precision(score_sentences(t.sentences), t.labels), "") for t in parts]


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-file AP and the MAP."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--loo", action="store_true", help="leave one file out (retrain)")
    mode.add_argument("--shipped", action="store_true", help="use the shipped weights")
    parser.add_argument("--l2", type=float, default=None, help="fix L2 instead of choosing it")
    args = parser.parse_args(argv)
    parts = read_folder(args.folder)
    if not parts:
        print(f"no *.tsv files in {args.folder}", file=sys.stderr)
        return 2
    loo = args.loo or (not args.shipped and args.folder.resolve().name == "training")
    start = time.perf_counter()
    rows = leave_one_out(parts, args.l2) if loo else shipped(parts)
    print(f"{'file':32} {'n':>5} {'pos':>4} {'AP':>6}")
    for (name, ap, note), t in zip(rows, parts, strict=True):
        print(f"{name:32} {len(t.labels):5} {sum(t.labels):4} {ap:6.3f}  {note}")
    mean = sum(ap for _, ap, _ in rows) / len(rows)
    how = "leave-one-file-out" if loo else "shipped weights"
    print(f"MAP {mean:.3f} over {len(rows)} files ({how}, {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
