"""The comparison reading (bot/matching/pairs.py) on tiny literal cases: the other side of a
link word, the phrases that compare nothing, and what makes a strong cue."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.language.tokens import tokens
from bot.matching.matcher import Matcher
from bot.matching.mentions import Mention
from bot.matching.pairs import _other_side, _without_regarding
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """The matcher of the real knowledge base."""
    return Engine.load(KNOWLEDGE).matcher


def test_the_other_side_after_the_link() -> None:
    words = tokens("between a coalition of the willing and an alliance in 1990")
    assert _other_side(words, Mention(2, 6, "coalition-of-the-willing")) == ["alliance"]


def test_the_other_side_before_the_link() -> None:
    words = tokens("between an alliance and a coalition of the willing")
    assert _other_side(words, Mention(5, 9, "coalition-of-the-willing")) == ["alliance"]


def test_no_link_no_other_side() -> None:
    words = tokens("the coalition of the willing in iraq")
    assert _other_side(words, Mention(1, 5, "coalition-of-the-willing")) == []


@pytest.mark.parametrize(
    ("text", "blanked"),
    [
        ("deterrence in relation to nuclear arms", "relation"),
        ("sovereignty with regard to intervention", "regard"),
        ("realism in international relations", "relation"),
    ],
)
def test_phrases_that_compare_nothing_are_blanked(text: str, blanked: str) -> None:
    words = tokens(text)
    out = _without_regarding(words)
    assert len(out) == len(words)  # positions kept for the mentions
    assert blanked in words and blanked not in out


def test_relations_between_two_things_stay_a_cue(matcher: Matcher) -> None:
    words = tokens("the relation between realism and liberalism")
    assert _without_regarding(words) == words
    assert matcher.pairs.strong_cue(words, matcher._mentions(words))


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        # Two peers named, with no cue word: the relation is in the verb.
        (
            "did the hungarian revolution change how the suez crisis was handled",
            {"hungary-1956", "suez-1956"},
        ),
        # Two subjects of different kinds joined by "and".
        (
            "were appeasement and the weakness of the league of nations to blame for the war",
            {"appeasement", "league-of-nations"},
        ),
    ],
)
def test_two_subjects_and_a_relation_are_compared(
    matcher: Matcher, question: str, pair: set[str]
) -> None:
    decided = matcher.match(question)
    assert decided.kind == "comparison"
    assert set(decided.entries[:2]) == pair


def test_a_case_beside_the_organisation_that_acted_is_no_comparison(matcher: Matcher) -> None:
    # The case is more specific than the League joined to it by "and": it is the subject.
    decided = matcher.match("the league of nations and the invasion of abyssinia")
    assert decided.kind != "comparison"
    assert decided.entries[0] == "abyssinia-1935"
