"""The compact answer card over the real knowledge base: one phone screen for every entry
and comparison, every citation mark on it with its reference, nothing cut mid-mark."""

from __future__ import annotations

import itertools
import re

import pytest
from bot_helpers import KNOWLEDGE, split_references

from bot.answer.compose import comparison_answer, entry_answer
from bot.answer.model import Answer
from bot.discord_ui.card import render_card
from bot.discord_ui.embeds import cited_numbers
from bot.discord_ui.limits import CARD_LIMIT
from bot.engine import Engine
from bot.knowledge.base import KnowledgeBase

REFERENCE = re.compile(r"^\[(\d+)\] ", re.MULTILINE)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return Engine.load(KNOWLEDGE).kb


def assert_card_ok(answer: Answer) -> dict:
    card = render_card(answer).to_dict()
    assert len(render_card(answer)) <= CARD_LIMIT, answer.title
    text, references = split_references(card)
    marks = cited_numbers(card.get("description") or "", *text)
    listed = {int(n) for value in references for n in REFERENCE.findall(value)}
    assert marks == listed, (answer.title, marks, listed)
    assert "[" not in re.sub(r"\[\d+\]", "", card.get("description") or ""), "a cut mark"
    return card


def test_every_entry_card_fits_and_cites(kb: KnowledgeBase) -> None:
    for entry_id in kb.entries:
        card = assert_card_ok(entry_answer(kb, entry_id))
        assert card["title"] == kb.entries[entry_id].title


def test_every_curated_comparison_card_keeps_its_core_difference(kb: KnowledgeBase) -> None:
    for comparison in kb.comparisons:
        card = assert_card_ok(comparison_answer(kb, *comparison.entries))
        # The one-sentence core difference is whole, and at least one facet is shown.
        assert card["description"].startswith(comparison.summary.rstrip(".")[:150])
        assert (
            card["fields"][0]["name"]
            == comparison.facets[0].facet[:1].upper() + (comparison.facets[0].facet[1:])
        )


def test_built_comparison_cards_fit(kb: KnowledgeBase) -> None:
    ids = sorted(kb.entries)
    for first, second in itertools.islice(itertools.pairwise(ids), 0, None, 3):
        if kb.comparison(first, second) is None:
            card = assert_card_ok(comparison_answer(kb, first, second))
            names = [f["name"] for f in card["fields"]]
            assert len(names) == len(set(names)), names  # no "Cases" twice
