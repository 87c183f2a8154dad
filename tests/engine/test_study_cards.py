"""Flashcards: the card of a real entry, and reviews scheduled by fsrs on a real SQLite
file, the stored due date being exactly the one fsrs computes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from bot.knowledge.loader import load_knowledge
from bot.storage import Storage
from bot.study import cards
from tests.helpers import KNOWLEDGE

GUILD = 42
USER = 1234
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_card_of_an_entry_shows_term_summary_points_and_sources() -> None:
    kb = load_knowledge(KNOWLEDGE).kb
    assert kb is not None
    card = cards.card_for_entry(kb, "collective-security")
    entry = kb.entries["collective-security"]
    assert card.front == "Collective security" and card.key == "collective-security"
    assert card.summary == entry.summary
    assert card.key_points == tuple(entry.key_points)
    assert card.citations and card.citations[0].source_id == entry.sources[0].source
    assert f"- {entry.key_points[0]}" in card.back and "[1] Weiss et al." in card.back
    with pytest.raises(KeyError):
        cards.card_for_entry(kb, "no-such-entry")


async def test_a_review_moves_the_due_date_as_fsrs_computes_it(tmp_path: Path) -> None:
    db = tmp_path / "studybot.db"
    async with await Storage.open(db) as store:
        assert await cards.add(store, GUILD, USER, "veto", now=NOW)
        assert not await cards.add(store, GUILD, USER, "veto", now=NOW + timedelta(days=1))
        assert [c.card_key for c in await store.due_cards(GUILD, USER, now=NOW.timestamp())] == [
            "veto"
        ]
        due = await cards.review(store, GUILD, USER, "veto", "good", now=NOW)
    # The same review by fsrs itself, without fuzz, from a new card due now.
    expected, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(card_id=0, due=NOW), fsrs.Rating.Good, NOW
    )
    assert due == expected.due > NOW
    async with await Storage.open(db) as store:  # persisted across a restart
        row = await store.get_card(GUILD, USER, "veto")
        assert row is not None and row.due == expected.due.timestamp()
        assert fsrs.Card.from_json(row.state).stability == expected.stability
        assert await store.due_cards(GUILD, USER, now=NOW.timestamp()) == []
        later = await cards.review(store, GUILD, USER, "veto", "easy", now=expected.due)
        assert later - expected.due > timedelta(days=1)  # easy, once learnt: days, not minutes
        assert await store.card_counts(GUILD, USER, now=later.timestamp()) == (1, 1, 2)


async def test_again_brings_the_card_back_sooner_than_easy(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "studybot.db") as store:
        dues = {}
        for rating in cards.RATINGS:
            await cards.add(store, GUILD, USER, rating, now=NOW)
            dues[rating] = await cards.review(store, GUILD, USER, rating, rating, now=NOW)
    assert dues["again"] <= dues["hard"] <= dues["good"] < dues["easy"]


async def test_unknown_cards_and_ratings_are_refused(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "studybot.db") as store:
        with pytest.raises(KeyError):
            await cards.review(store, GUILD, USER, "nato", "good", now=NOW)
        await cards.add(store, GUILD, USER, "nato", now=NOW)
        with pytest.raises(ValueError, match="again, hard, good, easy"):
            await cards.review(store, GUILD, USER, "nato", "perfect", now=NOW)
