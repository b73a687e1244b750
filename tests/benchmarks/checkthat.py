"""Average precision of the check-worthiness ranking on CheckThat!-format transcripts.

Usage::

    python tests/benchmarks/checkthat.py /work/shared/data/checkthat2019/training
    python tests/benchmarks/checkthat.py DIR --shift     # train on one genre, score the other
    python tests/benchmarks/checkthat.py DIR --shipped   # score with the shipped weights

On the training folder (or with ``--loo``) each file is scored by a model retrained on
the other files, and the shift figures follow: a model trained on debates scores the
speeches and the reverse, and one trained on the 2016 files scores the 2017-2019 ones.
Elsewhere the shipped weights score every file. None of these is the figure of the
2019 shared task, which scored unseen test transcripts (see the README).
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
from worksheet.suggest.model import Model, average_precision
from worksheet.suggest.train import Transcript, genre, read_folder, train

Row = tuple[Transcript, float, str]


def _ap(part: Transcript, model: Model | None = None) -> float:
    scores = score_sentences(part.sentences, speakers=part.speakers, model=model)
    return average_precision(scores, part.labels)


def leave_one_out(parts: Sequence[Transcript], l2: float | None = None) -> list[Row]:
    """Score each transcript with a model trained on all the others."""
    rows = []
    for held in parts:
        model = train([t for t in parts if t is not held], l2)
        rows.append((held, _ap(held, model), ""))
    return rows


def shifted(
    train_on: Sequence[Transcript], score: Sequence[Transcript], l2: float | None = None
) -> list[Row]:
    """Score ``score`` with one model trained on ``train_on`` only."""
    model = train(train_on, l2)
    return [(t, _ap(t, model), "") for t in score]


def shipped(parts: Sequence[Transcript]) -> list[Row]:
    """Score each transcript with the weights in the package (``score_sentences``)."""
    return [(t, _ap(t), "") for t in parts]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def report(title: str, rows: Sequence[Row]) -> None:
    """Per-file AP, then the MAP overall and by genre."""
    print(f"\n{title}\n{'file':32} {'genre':6} {'n':>5} {'pos':>4} {'AP':>6}")
    for t, ap, note in rows:
        print(f"{t.name:32} {genre(t):6} {len(t.labels):5} {sum(t.labels):4} {ap:6.3f}  {note}")
    by = {g: [ap for t, ap, _ in rows if genre(t) == g] for g in ("debate", "speech")}
    plural = {"debate": "debates", "speech": "speeches"}
    parts = ", ".join(f"{plural[g]} {_mean(v):.3f} ({len(v)})" for g, v in by.items() if v)
    print(f"MAP {_mean([ap for _, ap, _ in rows]):.3f} over {len(rows)} files; {parts}")


def speed(parts: Sequence[Transcript], n: int = 2000) -> str:
    """How long the shipped model takes to score the first ``n`` sentences, as one text."""
    sentences = [s for t in parts for s in t.sentences][:n]
    score_sentences(sentences[:1])  # load the weights first
    wall, cpu = time.perf_counter(), time.process_time()
    score_sentences(sentences)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return f"scored {len(sentences):,} sentences in {wall:.3f} s ({cpu:.3f} s CPU), pure Python"


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-file AP and the MAPs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--loo", action="store_true", help="leave one file out (retrain)")
    mode.add_argument("--shift", action="store_true", help="only the genre and year shifts")
    mode.add_argument("--shipped", action="store_true", help="use the shipped weights")
    parser.add_argument("--l2", type=float, default=None, help="fix L2 instead of choosing it")
    args = parser.parse_args(argv)
    parts = read_folder(args.folder)
    if not parts:
        print(f"no *.tsv files in {args.folder}", file=sys.stderr)
        return 2
    print(speed(parts))
    start = time.perf_counter()
    if args.shipped or not (args.loo or args.shift or args.folder.resolve().name == "training"):
        report("shipped weights", shipped(parts))
    else:
        if not args.shift:
            rows = leave_one_out(parts, args.l2)
            report("leave one file out (trained on the other files)", rows)
        debates = [t for t in parts if genre(t) == "debate"]
        speeches = [t for t in parts if genre(t) == "speech"]
        report("trained on the debates, scoring the speeches", shifted(debates, speeches, args.l2))
        report("trained on the speeches, scoring the debates", shifted(speeches, debates, args.l2))
        old = [t for t in parts if t.name < "2017"]
        new = [t for t in parts if t.name >= "2017"]
        report("trained on 2016, scoring 2017-2019", shifted(old, new, args.l2))
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
