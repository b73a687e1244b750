"""`suggest` on transcripts: speaker labels read, questions ranked low, speakers as claimants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from worksheet.article import load_article, parse_markdown
from worksheet.cli import app
from worksheet.models import ClaimsFile
from worksheet.suggest import score_sentences, split_sentences, suggest
from worksheet.suggest.model import average_precision
from worksheet.suggest.train import read_tsv
from worksheet.transcript import looks_like_transcript, speaker_labels

ROOT = Path(__file__).resolve().parents[1]
CHECKTHAT = ROOT.parent / "shared" / "data" / "checkthat2019" / "training"
runner = CliRunner()

# An invented briefing: two people asking, two answering, one introduction.
BRIEFING = """\
# Briefing on the harbour bridge

Transcript of a press briefing, edited for length.

MODERATOR: Good morning. Minister, how much has the bridge cost so far? Is it over budget?

MINISTER HALE: The bridge has cost 412 million dollars, 38 million less than the budget \
approved in 2021. We hired 1,900 local workers, more than any project in the region's \
history.

MODERATOR: Thank you. Senator Ruiz, do you agree with that?

SEN. RUIZ (D): That's not true. The auditor found the cost rose by 60 percent after the \
contract was signed. He voted against the audit twice.

MINISTER HALE: The auditor's report is from before the final bill. We're up 400 \
jobs this year.

Q: Will the bridge open in May? Can you tell us when?

MINISTER HALE: It opens on 4 May. Thank you very much, everybody.
"""


def briefing() -> list:
    return suggest(parse_markdown(BRIEFING, "briefing.md"), limit=0)


@pytest.mark.parametrize(
    ("sentence", "speaker", "words"),
    [
        ("MODERATOR: Good morning.", "MODERATOR", "Good morning."),
        ("SEN. RUIZ (D): That's not true.", "SEN. RUIZ", "That's not true."),
        ("Q: Will it open?", "Q", "Will it open?"),
        ("Lesley Stahl: Do you believe it?", "Lesley Stahl", "Do you believe it?"),
        ("Lavrov said: the talks failed.", "", "Lavrov said: the talks failed."),
        ("Note: figures are rounded.", "", "Note: figures are rounded."),
        ("The ratio was 3:1 in May.", "", "The ratio was 3:1 in May."),
    ],
)
def test_speaker_labels(sentence: str, speaker: str, words: str) -> None:
    (turn,) = speaker_labels([sentence])
    assert (turn.speaker, turn.text) == (speaker, words)
    assert sentence[turn.offset:] == words


def test_unlabelled_sentences_continue_the_turn() -> None:
    turns = speaker_labels(["Intro.", "SMITH: Jobs are up.", "They rose 4%.", "JONES: No."])
    assert [t.speaker for t in turns] == ["", "SMITH", "SMITH", "JONES"]


def test_articles_are_not_transcripts() -> None:
    for path in [*sorted((ROOT / "tests" / "articles").glob("*.md")),
                 ROOT / "examples" / "putin-biden" / "article.md"]:
        article = load_article(path)
        assert not any(c.claimant and c.claimant.isupper() for c in suggest(article, limit=0))
        paragraphs = [p.text for p in article.paragraphs if not p.heading]
        assert not looks_like_transcript(paragraphs, paragraphs), path.name


def test_a_briefing_is_read_as_a_transcript() -> None:
    ranked = briefing()
    by_quote = {c.quote: c for c in ranked}
    # Labels are not part of the claim, and the quote is still the paragraph's words.
    cost = by_quote["The bridge has cost 412 million dollars, 38 million less than the budget "
                    "approved in 2021."]
    assert cost.claimant == "Minister Hale"
    assert by_quote["That's not true."].claimant == "Sen. Ruiz"
    article = parse_markdown(BRIEFING, "briefing.md")
    assert all(c.quote in article.paragraph(c.paragraph).text for c in ranked)
    # The questions, from the moderator and from a reporter, rank below every claim.
    questions = [c for c in ranked if c.claim.endswith("?")]
    claims = [c for c in ranked if c.claimant in {"Minister Hale", "Sen. Ruiz"}
              and any(ch.isdigit() for ch in c.claim)]
    assert len(questions) == 5 and len(claims) >= 4
    assert max(ranked.index(q) for q in claims) < min(ranked.index(q) for q in questions)
    assert ranked[0].claimant in {"Minister Hale", "Sen. Ruiz"}


def test_transcript_scores_are_the_models_with_speakers() -> None:
    # In a transcript the score is the learned model's, with speakers, as the CheckThat!
    # figures measure it: no article rule moves it.
    article = parse_markdown(BRIEFING, "briefing.md")
    sentences = split_sentences([p.text for p in article.paragraphs])
    turns = speaker_labels([s.text for s in sentences])
    expected = score_sentences([t.text for t in turns], speakers=[t.speaker for t in turns])
    by_place = {(s.paragraph, t.text): round(p, 4)
                for s, t, p in zip(sentences, turns, expected, strict=True)}
    ranked = suggest(article, limit=0, transcript=True)
    assert {(c.paragraph, c.quote): c.score for c in ranked} == {
        k: (0.0 if article.paragraph(k[0]).heading else v) for k, v in by_place.items()}
    # Forced to read it as prose, the labels stay in the sentences and nobody is a speaker.
    prose = suggest(article, limit=0, transcript=False)
    assert any(c.quote.startswith("MODERATOR:") for c in prose)


def test_suggest_cli_reads_a_transcript_and_builds(tmp_path: Path) -> None:
    source = tmp_path / "briefing.md"
    source.write_text(BRIEFING, encoding="utf-8")
    result = runner.invoke(app, ["suggest", str(source), "--format", "json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 3 and all(d["claimant"] in {"Minister Hale", "Sen. Ruiz"} for d in data)
    prose = runner.invoke(app, ["suggest", str(source), "--format", "json", "--limit", "0",
                                "--no-transcript"])
    assert prose.exit_code == 0 and any(
        d["quote"].startswith("MODERATOR:") for d in json.loads(prose.output))
    table = runner.invoke(app, ["suggest", str(source), "--format", "table", "--limit", "2"])
    header, first = table.output.splitlines()[:2]
    assert header.split()[6] == "claimant" and ("Minister Hale" in first or "Sen. Ruiz" in first)
    # The draft is a claims file that builds against the transcript as it is.
    claims = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["suggest", str(source), "--out", str(claims), "--limit", "6"])
    assert result.exit_code == 0, result.output
    ClaimsFile.model_validate(yaml.safe_load(claims.read_text(encoding="utf-8")))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), str(claims), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert list(out.glob("*.docx")) and list(out.glob("*.xlsx"))


@pytest.mark.skipif(not CHECKTHAT.exists(), reason="needs ../shared beside the checkout")
@pytest.mark.parametrize("name", ["20161010_2pres", "20170228_trump_address"])
def test_a_checkthat_file_written_as_a_transcript_ranks_as_the_benchmark_does(name: str) -> None:
    # The benchmark scores the sentences with their speakers; a user gives the same
    # transcript as text, one paragraph per turn. The two rankings agree (the sentence
    # splitter may cut a few sentences differently, so within 0.02).
    part = read_tsv(CHECKTHAT / f"{name}.tsv")
    turns: list[tuple[str, list[str]]] = []
    for speaker, sentence in zip(part.speakers, part.sentences, strict=True):
        if turns and turns[-1][0] == speaker:
            turns[-1][1].append(sentence)
        else:
            turns.append((speaker, [sentence]))
    text = "\n\n".join(f"{speaker}: " + " ".join(words) for speaker, words in turns)
    ranked = suggest(parse_markdown(text, name), limit=0, transcript=True)
    checked = {s.strip() for s, y in zip(part.sentences, part.labels, strict=True) if y}
    labels = [int(c.quote.strip() in checked) for c in ranked]
    direct = average_precision(score_sentences(part.sentences, speakers=part.speakers),
                               part.labels)
    via_text = average_precision([-i for i in range(len(labels))], labels)
    assert abs(via_text - direct) <= 0.02, (via_text, direct)


def test_a_transcript_written_one_turn_a_line_has_a_paragraph_per_turn() -> None:
    text = ("MODERATOR: Welcome. What is the rate?\n"
            "SMITH: Unemployment fell to 3 percent\nin May, the lowest since 1969.\n"
            "JONES: That is wrong.\n")
    article = parse_markdown(text, "debate.txt")
    assert [p.text for p in article.paragraphs] == [
        "MODERATOR: Welcome. What is the rate?",
        "SMITH: Unemployment fell to 3 percent in May, the lowest since 1969.",
        "JONES: That is wrong.",
    ]
    top = suggest(article, limit=1)[0]
    assert (top.claimant, top.paragraph) == ("Smith", 2)


def test_prose_with_a_colon_at_a_line_start_is_not_cut() -> None:
    # Hard-wrapped prose where a line happens to open with a name and a colon.
    text = ("The minister answered at length, and President\nBiden: the talks went well,\n"
            "he said, before leaving.\n")
    assert len(parse_markdown(text, "a.txt").paragraphs) == 1
