"""Tests for worksheet.suggest: splitting, scoring, ranking an article, rendering drafts."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from worksheet.errors import InputError
from worksheet.models import Article, ArticleMeta, ClaimsFile, Paragraph
from worksheet.suggest import render, rules, score_sentences, split_sentences, suggest
from worksheet.suggest.context import document_features, speaker_name
from worksheet.suggest.features import features, ngrams, tokens
from worksheet.suggest.model import WEIGHTS, Model, average_precision
from worksheet.suggest.sentences import plain
from worksheet.suggest.train import main as train_main
from worksheet.suggest.train import read_tsv, train

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
import articles as articles_bench
import checkthat as checkthat_bench

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "what-putin-really-told-biden.txt"
CHECKTHAT = SHARED / "data" / "checkthat2019" / "training"

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="needs ../shared beside the checkout")
needs_checkthat = pytest.mark.skipif(
    not CHECKTHAT.exists(), reason="needs ../shared beside the checkout"
)


def texts(paragraph: str) -> list[str]:
    return [s.text for s in split_sentences([paragraph])]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The U.S. economy grew 2.5 percent in Feb. 2021. It slowed later.",
            ["The U.S. economy grew 2.5 percent in Feb. 2021.", "It slowed later."],
        ),
        (
            "Dr. Smith met Mr. J. Biden at No. 10 Downing St. on Jan. 5. They talked.",
            ["Dr. Smith met Mr. J. Biden at No. 10 Downing St. on Jan. 5.", "They talked."],
        ),
        (
            "Prices rose, e.g. milk, i.e. Dairy. Then fell.",
            ["Prices rose, e.g. milk, i.e. Dairy.", "Then fell."],
        ),
        (
            "She lives in the U.S. The president disagreed.",
            ["She lives in the U.S.", "The president disagreed."],
        ),
        (
            "He said: “I will go. And I will win.” Then he left.",
            ["He said: “I will go. And I will win.”", "Then he left."],
        ),
        (
            'Lavrov said: "NATO refuses ... On the contrary, it moves. '
            'The end is near." He paused.',
            [
                'Lavrov said: "NATO refuses ... On the contrary, it moves. The end is near."',
                "He paused.",
            ],
        ),
        ("Really? Yes! It cost $3.5 billion.", ["Really?", "Yes!", "It cost $3.5 billion."]),
        (
            "**Kiev refuses to respect the deal.** Russia is not even *mentioned* in it.",
            ["**Kiev refuses to respect the deal.**", "Russia is not even *mentioned* in it."],
        ),
        (
            "The original source of this article is Global Research\nCopyright © 2021",
            ["The original source of this article is Global Research", "Copyright © 2021"],
        ),
        ("A line that wraps\nacross two lines.", ["A line that wraps\nacross two lines."]),
        ("It was 10 a.m. when it began.", ["It was 10 a.m. when it began."]),
    ],
)
def test_split_hard_cases(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph) == expected


def test_split_numbers_paragraphs_and_offsets() -> None:
    paragraphs = ["Title", "One. Two three.", "  Four five.  "]
    got = split_sentences(paragraphs)
    assert [(s.paragraph, s.text) for s in got] == [
        (1, "Title"),
        (2, "One."),
        (2, "Two three."),
        (3, "Four five."),
    ]
    for s in got:
        assert paragraphs[s.paragraph - 1][s.start : s.end] == s.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("Ab1 .?!\"“”*\n’'")), max_size=60), max_size=4)
)
def test_split_offsets_always_hold(paragraphs: list[str]) -> None:
    last = (0, -1)
    for s in split_sentences(paragraphs):
        assert s.text and s.text == paragraphs[s.paragraph - 1][s.start : s.end]
        assert (s.paragraph, s.start) > last  # in reading order, never overlapping
        last = (s.paragraph, s.end - 1)


def test_plain_strips_leftover_markdown() -> None:
    assert plain("See **[the report](https://x.org)** and *this*.") == "See the report and this."


def test_scores_are_probabilities_and_rank_a_checkable_sentence_first() -> None:
    checkable = "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."
    scores = score_sentences([checkable, "Thank you very much.", ""])
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[1]


def test_boilerplate_scores_zero() -> None:
    lines = [
        "Subscribe to our newsletter for daily updates.",
        "Copyright © Pepe Escobar, Global Research, 2021",
        "Disclaimer: The contents of this article are of sole responsibility of the author(s).",
        "Please click the share buttons above or below.",
    ]
    assert score_sentences(lines) == [0.0] * len(lines)


def test_scoring_two_thousand_sentences_is_fast() -> None:
    sentences = [
        f"In {1990 + i % 30} the deficit rose by {i} billion dollars, he said." for i in range(2000)
    ]
    score_sentences(sentences[:1])  # load the weights outside the timing
    # CPU time, not wall time: the work done, however busy the machine is.
    start = time.process_time()
    score_sentences(sentences)
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Lavrov said the alliance was moving closer.", "Lavrov"),
        ("The talks went well, according to Peskov.", "Peskov"),
        ("Putin told Biden that Russia wants guarantees.", "Putin"),
        (
            "US Secretary of State Tony Blinken - present at the talks - said it was over.",
            "Tony Blinken",
        ),
        ("Even the CIA’s William Burns admitted there was no evidence.", "William Burns"),
        ("Kremlin: Putin offered to lift all restrictions.", "Kremlin"),
        ("The economy grew last year.", None),
    ],
)
def test_claimant(sentence: str, who: str | None) -> None:
    assert rules.claimant(sentence) == who


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ('Lavrov said: "NATO refuses to consider our proposals."', "quote"),
        ("Kiev should grant autonomy to Donbass via a constitutional amendment.", "legal"),
        ("The call lasted two hours and two minutes.", "number"),
        ("They met in Geneva last June.", "date"),
        ("It was the largest protest in the city.", "comparison"),
        ("Tomorrow the market will fall.", "prediction"),
        ("Biden called on Putin to de-escalate.", "attribution"),
        ("The troops crossed the border.", "event"),
    ],
)
def test_claim_type(sentence: str, kind: str) -> None:
    assert rules.claim_type(sentence, rules.claimant(sentence)) == kind


@pytest.mark.parametrize(
    ("sentence", "opinion"),
    [
        ("“Invasion” is a joke.", True),
        ("NATO wouldn’t last five minutes against those weapons.", True),
        ("Is this really what we want?", True),
        ("The meeting lasted two hours.", False),
    ],
)
def test_opinion(sentence: str, opinion: bool) -> None:
    assert rules.is_opinion(sentence) is opinion


def small_article() -> Article:
    paragraphs = [
        Paragraph(number=1, text="Budget talks", heading=True),
        Paragraph(number=2, text="By Jane Doe"),
        Paragraph(
            number=3,
            text="The deficit rose to $1.2 trillion in 2020, the Treasury said. "
            "Critics called it “a disgrace”. That is a joke!",
        ),
        Paragraph(number=4, text='Senator Smith said: "We cut taxes by 20 percent in 2018."'),
        Paragraph(number=5, text="Subscribe to our newsletter. Copyright © 2021 Example News."),
    ]
    meta = ArticleMeta(title="Budget talks", author="Jane Doe", url="https://example.org/a")
    return Article(meta=meta, paragraphs=paragraphs)


def test_suggest_ranks_and_limits() -> None:
    article = small_article()
    everything = suggest(article, limit=0)
    assert len(everything) == len(split_sentences([p.text for p in article.paragraphs]))
    assert [c.score for c in everything] == sorted((c.score for c in everything), reverse=True)
    assert [c.id for c in everything] == [f"C{i}" for i in range(1, len(everything) + 1)]
    assert everything[0].paragraph in {3, 4}
    assert {c.claim for c in everything[-3:]} >= {"Subscribe to our newsletter."}
    assert len(suggest(article, limit=2)) == 2
    assert all(c.score >= 0.5 for c in suggest(article, limit=None, min_score=0.5))
    top = {c.claim: c for c in everything}
    senator = top['Senator Smith said: "We cut taxes by 20 percent in 2018."']
    assert (senator.type, senator.claimant, senator.opinion) == ("quote", "Smith", False)
    assert senator.sources[0]["title"] == "Original transcript or recording of the remarks"


def test_yaml_draft_is_a_valid_claims_file() -> None:
    article = small_article()
    candidates = suggest(article, limit=0)
    text = render(candidates, "yaml", article)
    assert text.startswith("#") and "draft" in text.splitlines()[0].lower()
    claims = ClaimsFile.model_validate(yaml.safe_load(text))
    assert [c.id for c in claims.claims] == [c.id for c in candidates]
    assert claims.article is not None and claims.article.author == "Jane Doe"
    for claim in claims.claims:
        paragraph = next(c.paragraph for c in candidates if c.id == claim.id)
        assert claim.quote and claim.quote in article.paragraph(paragraph).text
    assert re.search(r"^  # score \d\.\d\d, paragraph \d+", text, re.M)


def test_json_and_table() -> None:
    article = small_article()
    candidates = suggest(article, limit=0)
    data = json.loads(render(candidates, "json", article))
    assert [d["id"] for d in data] == [c.id for c in candidates]
    assert set(data[0]) >= {"claim", "quote", "paragraph", "score", "type", "opinion", "claimant"}
    table = render(candidates[:3], "table", article).splitlines()
    assert table[0].split()[:4] == ["#", "id", "score", "type"]
    assert len(table) == 4


def test_unknown_format_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="unknown format 'xml'"):
        render([], "xml", small_article())


def seed_article() -> Article:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8"))]
    blocks = [b for b in blocks if b]
    return Article(paragraphs=[Paragraph(number=i + 1, text=t) for i, t in enumerate(blocks)])


@pytest.mark.shared
@needs_seed
def test_example_article_ranking() -> None:
    article = seed_article()
    ranked = suggest(article, limit=0)

    def rank(*needles: str) -> int:
        for i, c in enumerate(ranked, start=1):
            if all(n in c.claim for n in needles):
                return i
        raise AssertionError(f"no sentence with {needles}")

    named = {
        "length": rank("two hours and two minutes"),
        "geneva": rank("Geneva last June"),
        "minsk": min(rank("autonomy to Donbass"), rank("not even mentioned")),
        "burns": rank("William Burns", "conclude"),
    }
    assert all(r <= 12 for r in named.values()), named
    assert max(named.values()) < rank("is a joke")
    tail = next(p.number for p in article.paragraphs if p.text.strip() == "*")
    assert all(c.paragraph < tail for c in ranked[:20])
    assert not any(rules.is_boilerplate(c.claim) for c in ranked[:20])
    yaml_text = render(suggest(article), "yaml", article)
    ClaimsFile.model_validate(yaml.safe_load(yaml_text))


@pytest.mark.shared
@needs_checkthat
def test_small_leave_one_out() -> None:
    parts = [
        read_tsv(CHECKTHAT / f"{n}.tsv")
        for n in ("20181010_medicare", "20190108_oval_office", "20182601_trump_world")
    ]
    for held in parts:
        model = train([t for t in parts if t is not held], l2=0.03)
        ap = average_precision(score_sentences(held.sentences, model=model), held.labels)
        base_rate = sum(held.labels) / len(held.labels)
        assert ap > base_rate  # better than ranking at random


def test_number_evidence_counts_once() -> None:
    feats = features("The deficit rose by $3.5 billion, 40 percent, to 1,200 million.")
    numeric = [k for k in feats if "<num>" in k or k.endswith(("billion", "percent", "$"))]
    assert numeric == []  # no word feature repeats the number
    assert feats["cue:number"] == 1.0 and feats["cue:quantity"] == 1.0
    assert "cue:number" not in features("In 2016 the plant closed.")  # a year is a date
    assert features("In 2016 the plant closed.")["cue:date"] == 1.0


def test_word_features_grow_slower_than_length() -> None:
    short = ngrams(tokens("We're up jobs."))
    long = ngrams(tokens("We are up a great many jobs across the whole country this year."))
    assert len(long) > 2 * len(short)
    # Sub-linear: the total grows less than the number of word features does.
    assert sum(long.values()) / sum(short.values()) < len(long) / len(short)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Senator Sanders voted against the Brady Bill.", "cue:record"),
        ("She supported the war in Iraq.", "cue:record"),
        ("He changed his position on trade.", "cue:record"),
        ("If we cut taxes, growth would be higher.", "cue:hypothetical"),
        ("The latest poll has us ten points up.", "cue:poll"),
        ("That's not true.", "cue:rebuttal"),
        ("Wrong.", "cue:rebuttal"),
        ("He hired workers from Poland.", "cue:they_did"),
        ("And you called it the gold standard.", "cue:they_did"),
        ("We will make this country great again.", "cue:promise"),
        ("I'm going to cut taxes for the middle class.", "cue:promise"),
    ],
)
def test_cues(sentence: str, cue: str) -> None:
    assert cue in features(sentence)


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The hired hands went home.", "cue:they_did"),  # not someone's act
        ("Here, he is welcome.", "cue:they_did"),
        ("They will say we lost.", "cue:promise"),  # someone else's future
        ("I willingly admit it.", "cue:promise"),
    ],
)
def test_cues_stay_quiet(sentence: str, cue: str) -> None:
    assert cue not in features(sentence)


def test_speaker_and_context_features() -> None:
    lines = [
        ("HOLT", "Mr. Trump, what is your plan for jobs?"),
        ("HOLT", "You have two minutes."),
        ("HOLT", "Will you answer?"),
        ("HOLT", "Please begin."),
        ("HOLT", "Why now?"),
        ("TRUMP", "Ford is leaving for Mexico with thousands of jobs."),
        ("TRUMP", "Ford is leaving for Mexico, believe me."),
        ("CLINTON", "That's not true."),
        ("SYSTEM", "(APPLAUSE)"),
    ]
    speakers, sentences = zip(*lines, strict=True)
    got = document_features(sentences, speakers)
    # asks in 3 of 5 sentences: a moderator, who shares the reporters' feature
    assert all("spk:moderator" in f and "spk:asks" in f for f in got[:5])
    assert "spk:moderator" not in got[5] and got[5]["ctx:turn_start"] == 1.0
    assert got[5]["ctx:disputed"] == 1.0  # Clinton disputes it two sentences later
    assert "ctx:disputed" not in got[7]  # nobody disputes the rebuttal
    assert got[5]["ctx:repeat"] > 0 and got[6]["ctx:repeat"] > 0  # the talking point twice
    assert got[6]["near:number"] == 1.0  # its neighbour in the turn has the figure
    assert got[8]["spk:asks"] == 1.0 and "spk:moderator" not in got[8]
    assert speaker_name("HILLARY CLINTON (D-NY), FORMER SECRETARY OF STATE") == "CLINTON"
    # An article has no speakers: no speaker features, the same sentence features.
    plain_doc = document_features(sentences)
    assert not any(k.startswith("spk:") for f in plain_doc for k in f)
    assert {k for k in plain_doc[5] if k.startswith(("cue:", "w:"))} == {
        k for k in got[5] if k.startswith(("cue:", "w:"))
    }


def test_speakers_change_the_ranking_of_a_moderators_claim() -> None:
    sentences = [
        "Good evening.",
        "Senator, you voted against the bill in 2009, didn't you?",
        "The nonpartisan budget office says your plan costs $28 trillion.",
        "Is that right?",
        "Thirty seconds.",
        "I voted for the bill in 2009.",
    ]
    speakers = ["BLITZER"] * 5 + ["SANDERS"]
    alone = score_sentences(sentences)
    spoken = score_sentences(sentences, speakers=speakers)
    assert spoken[2] < alone[2]  # the moderator's figure counts less once we know who said it


def test_article_set_marks_are_found_and_ranked_better_than_chance() -> None:
    rows = articles_bench.marked_articles()  # raises if a mark is not in exactly one sentence
    assert len(rows) == 6 and all(sum(m.labels) >= 5 for m in rows)
    mean = sum(m.ap for m in rows) / len(rows)
    chance = sum(sum(m.labels) / len(m.labels) for m in rows) / len(rows)
    assert mean > chance + 0.15, (mean, chance)


def test_example_named_claims_in_the_top_twelve() -> None:
    ranks = articles_bench.example_ranks()
    assert all(r <= 12 for r in ranks.values()), ranks


@pytest.mark.shared
@needs_checkthat
def test_training_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    folder = tmp_path / "three"
    folder.mkdir()
    for name in ("20181010_medicare", "20190108_oval_office", "20182601_trump_world"):
        (folder / f"{name}.tsv").write_bytes((CHECKTHAT / f"{name}.tsv").read_bytes())
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert train_main([str(folder), "--out", str(first)]) == 0
    assert train_main([str(folder), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    model = Model.load(first)
    assert model.info["files"] == sorted(p.stem for p in folder.glob("*.tsv"))


@pytest.mark.shared
@needs_checkthat
@pytest.mark.skipif(os.environ.get("WORKSHEET_SLOW") != "1", reason="WORKSHEET_SLOW=1: ~1 min")
def test_shipped_weights_are_what_the_train_command_writes(tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    assert train_main([str(CHECKTHAT), "--out", str(out)]) == 0
    assert out.read_bytes() == WEIGHTS.read_bytes()


@pytest.mark.shared
@needs_checkthat
def test_checkthat_benchmark_runs_on_a_small_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("20181010_medicare", "20190108_oval_office"):
        (tmp_path / f"{name}.tsv").write_bytes((CHECKTHAT / f"{name}.tsv").read_bytes())
    assert checkthat_bench.main([str(tmp_path), "--shipped"]) == 0
    out = capsys.readouterr().out
    assert "scored 115 sentences" in out and "MAP " in out and "20181010_medicare" in out
