"""The domain check (bot/matching/domain.py) on tiny literal cases: which names are generic,
which are another field's compound, and what lets a generic name through."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.language.tokens import tokens
from bot.matching.domain import DomainCheck
from bot.matching.matcher import Matcher
from bot.matching.mentions import Mention
from bot.matching.tuning import TUNING
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """The matcher of the real knowledge base."""
    return Engine.load(KNOWLEDGE).matcher


@pytest.fixture(scope="module")
def domain(matcher: Matcher) -> DomainCheck:
    """Its domain check."""
    return matcher.domain


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("veto", True),
        ("security council", False),  # two generic words make a name of their own
        ("general assembly", False),
        ("self defense", True),  # but not a "self" compound: a person's self-defence
        ("council", True),
        ("sdn", True),  # a lone short alias
        ("chapter 7", True),  # a numbered part of some text
        ("article 51", True),
        ("nato", False),
        ("collective security", False),
        ("veto power", True),  # a generic word with an everyday one is no more
    ],
)
def test_generic_names(name: str, generic: bool) -> None:
    assert DomainCheck._generic(tokens(name)) is generic


def test_a_one_word_name_after_another_fields_word_is_a_compound(domain: DomainCheck) -> None:
    words = tokens("what is data sovereignty")
    assert domain._compound(words, Mention(3, 4, "state-sovereignty"))
    words = tokens("what is westphalian sovereignty")  # a word of our own vocabulary
    assert not domain._compound(words, Mention(3, 4, "state-sovereignty"))
    words = tokens("sovereignty")  # nothing before it
    assert not domain._compound(words, Mention(0, 1, "state-sovereignty"))


@pytest.mark.parametrize(
    ("question", "admitted"),
    [
        ("what is chapter 7", True),  # only everyday words beside it
        ("chapter 7 of the charter", True),  # a generic word of ours places the part
        ("chapter 7 bankruptcy", False),
        ("the veto in the security council", True),  # two generic names vouch for each other
        ("the governor used his veto", False),  # another field named outright
        ("who are the permanent members of the security council", True),
        ("what does the student council do", False),
        ("is a self defense class worth it", False),
        ("can the veto be overruled", True),  # overruling says nothing of the field
        ("can congress override the veto", False),
        ("are team sanctions fair", False),  # everyday words, but another setting
        ("what is tribal sovereignty", False),
        ("what is the sdn list", False),  # a short alias another word makes a register
        ("what does god promise in the covenant", False),  # the covenant of the Bible
        # Another field named outright wins over support from our words ("theory").
        ("does the death penalty work as deterrence in theory", False),
        ("what is the osce station in a medical exam", False),  # an acronym's other thing
        ("how do i learn the nato phonetic alphabet", False),
        ("what is net neutrality", False),
        ("what is deterrence theory in international politics", True),
        # A concept named outright beside another field's word is that field's term.
        ("does deterrence theory explain why the death penalty deters murder", False),
        ("how is realism different from naturalism in the novel", False),
        ("what is the current status of net neutrality, a big deal", False),
        ("did nato deter murder in kosovo", True),  # an organisation is ours whatever else
        ("is a restrictive covenant on my house legal", False),  # a property deed's
    ],
)
def test_what_lets_a_generic_name_through(
    matcher: Matcher, domain: DomainCheck, question: str, admitted: bool
) -> None:
    words = matcher._corrected(tokens(question))
    assert domain.admits(words, matcher._mentions(words), TUNING) is admitted


def test_a_derived_form_of_a_generic_word_is_no_resemblance(
    matcher: Matcher, domain: DomainCheck
) -> None:
    # "peaceful" resembles the peace entries only through "peace", as "veto" does the veto.
    words = matcher._corrected(tokens("what is peaceful assembly"))
    assert not domain.admits(words, matcher._mentions(words), TUNING)
