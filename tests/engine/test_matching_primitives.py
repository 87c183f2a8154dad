"""Matching primitives on a tiny real knowledge tree: the index, names, the domain check,
ambiguity, specificity and comparisons from the structure of the question."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.matching.index import build_index
from bot.matching.matcher import THRESHOLD, Matcher, multiple_choice_stem
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The real knowledge base."""
    return Engine.load(KNOWLEDGE)


def test_index_names_and_postings(engine: Engine) -> None:
    index = build_index(engine.kb)
    assert "nato" in index.names[("nato",)]
    assert "collective-security" in index.names[("collective", "security")]
    # A session numeral or an editor mark in brackets is not a name.
    assert ("vs",) not in index.names and ("ed",) not in index.names
    assert index.weight("sovereignty") < index.unknown_idf


@pytest.mark.parametrize(
    "question",
    [
        "what is the easiest ivy league school to get into",
        "how do keeper leagues work in fantasy football",
        "what is a pocket veto",
        "lost my social security card",
        "what martial art is best for self-defense",
        # Another field named outright; "veto power" is a generic name, not a name of its own.
        "can the governor use his veto power on the state budget",
        "who has the best team in my fantasy league this season",
        # A numbered part with nothing of our subject beside it is another text's part.
        "how do I file chapter 7 to clear my debts",
        # A one-word name after a word from another field is that field's term.
        "is data sovereignty about where cloud servers sit",
        "why do schools hand out sanctions for lateness",
        "what does net neutrality mean for my broadband",
        "is a liberal arts college worth it",
    ],
)
def test_a_generic_word_alone_is_not_our_subject(engine: Engine, question: str) -> None:
    assert engine.match(question).kind == "none", question


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("why did the league of nations fail", "league-of-nations"),
        ("who can use the veto in the security council", "veto"),
        ("can the us president veto a security council resolution", "veto"),
        ("what is nato", "nato"),
        ("explain collective security like im 5", "collective-security"),
        ("what is na\u200bto", "nato"),
        ("uited nations", "united-nations"),
        # A numbered part beside any word of the subject, a generic one too.
        ("what is chapter 7 of the charter", "un-charter-chapter-vii"),
        ("what does article 51 let a state do", "un-charter-article-51"),
        # A modifier from our subject keeps the name ours.
        ("explain swiss neutrality", "neutrality"),
        ("what are economic sanctions", "sanctions"),
    ],
)
def test_domain_words_and_repairs_let_questions_through(
    engine: Engine, question: str, expected: str
) -> None:
    result = engine.match(question)
    assert result.entries[:1] == [expected], (question, result)
    assert result.confidence >= THRESHOLD


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("why did the league fail to stop italy invading abyssinia", "abyssinia-1935"),
        ("why did the league fail over manchuria", "manchuria-1931"),
        (
            "under article 5 what happens if a nato member is attacked",
            "north-atlantic-treaty-article-5",
        ),
    ],
)
def test_specific_beats_general(engine: Engine, question: str, expected: str) -> None:
    assert engine.match(question).entries[:1] == [expected]


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        ("col sec vs col def", {"collective-security", "collective-defense"}),
        # "liberal" is a generic word, and beside "realist" the theory.
        ("is the un a realist or a liberal body", {"realism", "liberal-institutionalism"}),
        # A word shared after both names: "the Warsaw and NATO pacts".
        ("why were the warsaw and nato pacts created", {"nato", "warsaw-pact"}),
        ("how were the korean and gulf wars authorised", {"korean-war-1950", "gulf-war-1991"}),
        # Entries carry French and German names; questions in those languages compare too.
        ("quelle est la différence entre l'OTAN et l'ONU ?", {"nato", "united-nations"}),
        ("was ist der Unterschied zwischen UN und NATO?", {"nato", "united-nations"}),
        ("collective security v collective defence", {"collective-security", "collective-defense"}),
        (
            "the distinction between peacekeeping and peace enforcement",
            {"peacekeeping", "peace-enforcement"},
        ),
        (
            "differences between the seventh and sixth chapters of the charter",
            {"un-charter-chapter-vi", "un-charter-chapter-vii"},
        ),
        (
            "is r2p just humanitarian intervention by another name",
            {"responsibility-to-protect", "humanitarian-intervention"},
        ),
        # A list of three is read in order: the first two are compared.
        (
            "compare collective security, collective defense and cooperative security",
            {"collective-security", "collective-defense"},
        ),
        (
            "contrast peacekeeping, peace enforcement and peacebuilding",
            {"peacekeeping", "peace-enforcement"},
        ),
        # A relation of tension is a comparison too; the phrase is stemmed like the words.
        ("is nato at odds with collective security", {"nato", "collective-security"}),
        # Names of different kinds side by side are no list.
        ("is nato collective security or defence", {"collective-security", "collective-defense"}),
        # Two of one kind side by side with "and", the others named less specific.
        (
            "how did onuc and unosom change what the un asked of peacekeepers",
            {"congo-1960", "somalia-1992"},
        ),
        # Three named: the two of the most specific kind are the pair.
        (
            "what did onuc teach the security council before it went into somalia",
            {"congo-1960", "somalia-1992"},
        ),
        (
            "explain chapter 6 and chapter 7 of the un charter",
            {"un-charter-chapter-vi", "un-charter-chapter-vii"},
        ),
    ],
)
def test_comparisons_from_structure(engine: Engine, question: str, pair: set[str]) -> None:
    result = engine.match(question)
    assert result.kind == "comparison" and set(result.entries) == pair, (question, result)


def test_two_organisations_in_a_named_case_are_no_comparison(engine: Engine) -> None:
    result = engine.match("what did nato and the un do in kosovo in 1999")
    assert result.kind != "comparison", result


def test_a_case_name_with_v_is_not_a_comparison(engine: Engine) -> None:
    result = engine.match("nicaragua v. united states")
    assert result.entries == ["nicaragua-v-united-states-1986"], result


def test_a_lone_generic_word_is_declined_with_suggestions(engine: Engine) -> None:
    result = engine.match("security")
    assert result.kind == "none" and result.confidence < THRESHOLD


def test_match_tolerates_any_text(engine: Engine, tmp_path: Path) -> None:
    for text in ["", " ", "\u200b", "?" * 1000, "a" * 5000, "\x00\x01", "🙂" * 50]:
        assert engine.match(text).kind in {
            "none",
            *engine.matcher.index.kinds.values(),
            "comparison",
        }


def test_an_elided_name_is_completed_from_the_one_before(engine: Engine) -> None:
    matcher = engine.matcher
    words = ["is", "nato", "collective", "security", "or", "defense"]
    named = {m.entry_id for m in matcher._mentions(words)}
    assert {"collective-security", "collective-defense", "nato"} <= named
    # Without a link word, "defense" after a name is not an elided name.
    alone = {m.entry_id for m in matcher._mentions(["collective", "security", "defense"])}
    assert "collective-defense" not in alone


def test_organs_come_from_the_founding_document(engine: Engine) -> None:
    organs = engine.matcher._organs
    assert set(organs["united-nations"]) == {"un-security-council", "un-general-assembly", "icj"}
    assert "nato" not in organs  # the North Atlantic Treaty set up no other entry


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "which organ of the UN is responsible for maintaining international peace",
            "un-security-council",
        ),
        (
            "which body of the united nations settles legal disputes between states",
            "icj",
        ),
        # "UN organ" reads like "organ of the UN"; an organ the question names is acted on.
        ("which un organ can refer a dispute to the security council", "un-general-assembly"),
    ],
)
def test_which_organ_of_the_un_answers_an_organ(
    engine: Engine, question: str, expected: str
) -> None:
    assert engine.match(question).entries[:1] == [expected]


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        (
            "has NATO been more effective than the UN at keeping the peace",
            {"nato", "united-nations"},
        ),
        (
            "is collective security or defence what NATO provides",
            {"collective-security", "collective-defense"},
        ),
    ],
)
def test_comparisons_from_than_and_elided_names(
    engine: Engine, question: str, pair: set[str]
) -> None:
    result = engine.match(question)
    assert result.kind == "comparison" and set(result.entries) == pair, (question, result)


def test_more_than_a_number_is_not_a_comparison(engine: Engine) -> None:
    result = engine.match("does nato have more than 30 members")
    assert result.kind != "comparison" and result.entries[:1] == ["nato"], result


def test_a_year_dates_cases_organisations_and_documents(engine: Engine) -> None:
    years = build_index(engine.kb).years
    assert years["korean-war-1950"] == (1950, 1953)  # a case's whole period
    assert years["nato"] == (1949, 1949)  # the year it was founded
    assert years["csto"] == (1992, 1992)  # "1992 (treaty); organisation since 2002"
    assert years["league-covenant"] == (1919, 1919)  # the date it was signed
    assert "collective-security" not in years  # a concept has no date


def test_the_founding_year_points_at_the_organisation(engine: Engine) -> None:
    question = "what did the founders of NATO want when they set it up in 1949"
    tuning = engine.matcher.tuning
    undated = Matcher(engine.kb, replace(tuning, year_bonus=0.0), semantic=False)
    dated = Matcher(engine.kb, tuning, semantic=False)
    with_bonus, without = dated.read(question).scores, undated.read(question).scores
    assert with_bonus["nato"] == pytest.approx(without["nato"] + tuning.year_bonus)
    assert with_bonus["warsaw-pact"] == pytest.approx(without["warsaw-pact"])  # 1955


@pytest.mark.parametrize(
    "question",
    [
        "which un body can impose sanctions and authorise peacekeeping missions",
        "which organ of the un votes on sanctions and peacekeeping",
    ],
)
def test_which_body_asks_for_one_organ_not_a_comparison(engine: Engine, question: str) -> None:
    result = engine.match(question)
    assert (result.kind, result.entries) == ("organization", ["un-security-council"]), result


@pytest.mark.parametrize(
    ("question", "stem"),
    [
        ("Which was a League power? A) sanctions B) an army", "Which was a League power?"),
        ("which one: (a) NATO (b) the OAS", "which one:"),
        ("what is collective security", None),
        ("J. Smith asks: what is NATO?", None),  # one initial is no list of options
        ("A) NATO B) the OAS", None),  # options without a question
    ],
)
def test_multiple_choice_stem(question: str, stem: str | None) -> None:
    found = multiple_choice_stem(question)
    assert (found.strip() if found else None) == stem
