"""Autocomplete ranking on the real knowledge base: names that start with the text first,
typos next, at most ten choices and no padding."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.knowledge.base import KnowledgeBase
from bot.matching.complete import LIMIT, complete
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return Engine.load(KNOWLEDGE).kb


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("peacek", "peacekeeping"),
        ("nato", "nato"),
        ("uited nat", "united-nations"),  # a typo matches the start of the name
        ("manchuira", "manchuria-1931"),
        ("r2p", "responsibility-to-protect"),  # an alias
    ],
)
def test_the_best_choice_comes_first(kb: KnowledgeBase, typed: str, first: str) -> None:
    assert complete(kb, typed)[0][1] == first


def test_a_title_prefix_beats_a_word_inside_another_name(kb: KnowledgeBase) -> None:
    ids = [entry_id for _, entry_id in complete(kb, "peace")]
    assert ids[:4] == sorted(ids[:4], key=lambda e: len(kb.entries[e].title))
    assert all(kb.entries[e].title.lower().startswith("peace") for e in ids[:4])


def test_at_most_ten_unique_choices(kb: KnowledgeBase) -> None:
    for typed in ["", "a", "security", "un"]:
        found = complete(kb, typed)
        assert len(found) <= LIMIT == 10
        assert len({entry_id for _, entry_id in found}) == len(found)
