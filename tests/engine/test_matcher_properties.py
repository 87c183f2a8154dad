"""Property tests of the matcher with hypothesis: it never raises, and neither an added
ordinary stop word nor invisible format characters change its decision."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from tests.helpers import KNOWLEDGE

ENGINE = Engine.load(KNOWLEDGE)
QUESTIONS = [
    "what is collective security",
    "collective security vs collective defence",
    "why did the league fail over abyssinia",
    "what does article 51 say about self defence",
    "what is a pocket veto",
    "who wrote the united nations and changing world politics",
    "how does deterrence work",
    "what is r2p",
]
# Ordinary stop words that carry no evidence (a subset of vocabulary.STOP_WORDS).
FILLERS = ["please", "really", "actually", "basically", "so", "just", "exactly", "hey"]
FORMAT_CHARS = ["\u200b", "\u00ad", "\u2060", "\u200e", "\u200f", "\ufeff"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def decision(question: str) -> tuple[str, list[str]]:
    result = ENGINE.match(question)
    return result.kind, result.entries


@SETTINGS
@given(st.text(max_size=400))
def test_match_never_raises(text: str) -> None:
    result = ENGINE.match(text)
    assert 0.0 <= result.confidence <= 1.0


@SETTINGS
@given(st.sampled_from(QUESTIONS), st.sampled_from(FILLERS), st.booleans())
def test_an_added_stop_word_never_changes_the_answer(
    question: str, filler: str, at_end: bool
) -> None:
    changed = f"{question} {filler}" if at_end else f"{filler} {question}"
    assert decision(changed) == decision(question)


@SETTINGS
@given(
    st.sampled_from(QUESTIONS),
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(FORMAT_CHARS)), max_size=6),
)
def test_format_characters_never_change_the_answer(question: str, inserts: list) -> None:
    text = question
    for position, char in inserts:
        position = min(position, len(text))
        text = text[:position] + char + text[position:]
    assert decision(text) == decision(question)


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_sample_questions_are_answered_consistently(question: str) -> None:
    assert decision(question) == decision(question.upper())


# Exam instructions around a question: they say how to answer, not what about.
INSTRUCTIONS = [
    ("Discuss: ", ""),
    ("Critically analyse ", "."),
    ("", " Elaborate."),
    ("Examine ", " (500 words)"),
    ("Briefly outline ", ""),
]


# How forum posts and exam papers frame a question: a greeting, thanks, the question's
# number, its marks. None of it is what the question is about.
FRAMES = [
    ("hey guys, quick question - ", ""),
    ("Q1. ", ""),
    ("2b) ", ""),
    ("", " thanks in advance!"),
    ("", " (10 marks)"),
    ("Hi everyone, ", " Thank you so much"),
    ("I have an exam tomorrow. ", ""),
    ("According to the textbook, ", ""),
    ("Homework help needed!! ", ""),
    ("IR question: ", ""),
    ("What do you think? ", ""),
]


@pytest.mark.parametrize("frames", [INSTRUCTIONS, FRAMES], ids=["exam instruction", "forum frame"])
@SETTINGS
@given(data=st.data())
def test_a_frame_never_changes_the_answer(frames: list, data: st.DataObject) -> None:
    question = data.draw(st.sampled_from(QUESTIONS))
    before, after = data.draw(st.sampled_from(frames))
    assert decision(f"{before}{question}{after}") == decision(question)
