"""Flashcards: a card per entry, scheduled by the ``fsrs`` package (FSRS v6).

The scheduler is a maintained implementation of the Free Spaced Repetition Scheduler, not
ours: the card's whole fsrs state is stored as its own JSON, so a newer fsrs reads it back
and the due date is exactly what fsrs computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

from bot.answer.model import Reference
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import CitingEntry
from bot.storage import Storage
from bot.study.explain import cite

# The four answer buttons, in the order they are shown.
RATINGS: dict[str, Rating] = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}

# fsrs's defaults (90% desired retention, 1 and 10 minute learning steps), without the
# fuzz: fuzz spreads cards added on one day over nearby days for big decks, while a
# student here adds a handful of cards and is told "next review: <date>", which must be
# the date the card then comes due.
SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class Flashcard:
    """What a card shows: the term on the front; summary, key points and sources behind."""

    key: str
    front: str
    summary: str
    key_points: tuple[str, ...]
    citations: tuple[Reference, ...]

    @property
    def back(self) -> str:
        """The back as one markdown text: summary, key points, short references."""
        lines = [self.summary, *(f"- {point}" for point in self.key_points)]
        lines += [f"[{ref.number}] {ref.short}" for ref in self.citations]
        return "\n".join(lines)


def card_for_entry(kb: KnowledgeBase, entry_id: str) -> Flashcard:
    """The flashcard of an entry (its id is the card's key); KeyError for unknown ids."""
    entry = kb.entries[entry_id]
    refs = cite(kb, entry.sources) if isinstance(entry, CitingEntry) else ()
    return Flashcard(entry.id, entry.title, entry.summary, tuple(entry.key_points), refs)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_state(now: datetime) -> tuple[str, datetime]:
    """A new card's fsrs state (JSON) and due time: due at once."""
    card = Card(card_id=0, due=_utc(now))  # one card per key and student: the id is unused
    return card.to_json(), card.due


def review_state(state: str, rating: str, now: datetime) -> tuple[str, datetime]:
    """The state and due time after rating the card ``rating`` (again/hard/good/easy)."""
    card, _ = SCHEDULER.review_card(Card.from_json(state), RATINGS[rating], _utc(now))
    return card.to_json(), card.due


async def add(store: Storage, guild_id: int, user_id: int, card_key: str, *, now: datetime) -> bool:
    """Put the card in the student's deck (due now); False when it was already there."""
    state, due = new_state(now)
    return await store.add_card(guild_id, user_id, card_key, state, due.timestamp())


async def review(
    store: Storage, guild_id: int, user_id: int, card_key: str, rating: str, *, now: datetime
) -> datetime:
    """Rate the student's card, store what fsrs computed, and return the next due time.
    KeyError when the card is not in their deck, ValueError for an unknown rating."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {', '.join(RATINGS)}, got {rating!r}")
    row = await store.get_card(guild_id, user_id, card_key)
    if row is None:
        raise KeyError(card_key)
    state, due = review_state(row.state, rating, now)
    await store.save_review(
        guild_id, user_id, card_key, state=state, due=due.timestamp(), rating=int(RATINGS[rating])
    )
    return due
