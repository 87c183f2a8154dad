"""Flashcards end to end: "Add to my cards" under an answer, /cards review with fsrs's
schedule stored in the real SQLite file, /cards stats. One bot for the whole module."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio
from bot_helpers import BotEnv, bot_env, fetch_rows
from fake_discord import CallbackType
from fsrs import Card, Rating

from bot.discord_ui.cards import UNAVAILABLE
from bot.study.cards import SCHEDULER

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotEnv]:
    async with bot_env(tmp_path_factory.mktemp("cards")) as started:
        yield started


def stored(env: BotEnv, card_key: str) -> list[tuple[str, float]]:
    """(fsrs state, due) of every stored card with this key."""
    return fetch_rows(
        env.settings.database, "SELECT state, due FROM study_cards WHERE card_key = ?", (card_key,)
    )


async def test_add_review_and_the_schedule_fsrs_computes(env: BotEnv) -> None:
    user = env.user("learner")
    card = await env.driver.command("ask", {"question": "what is deterrence"}, user=user)
    add = card.component(label="Add to my cards")
    added = await env.driver.click(add["custom_id"], card.message, user=user)
    assert added.ephemeral and "Added **Deterrence** to your cards" in added.content
    again = await env.driver.click(add["custom_id"], card.message, user=user)
    assert "already in your cards" in again.content
    [(state, _)] = stored(env, "deterrence")

    front = await env.driver.command("cards review", user=user)
    assert front.ephemeral and front.embed["title"] == "Deterrence"
    back = await env.driver.click(
        front.component(label="Show answer")["custom_id"], front.message, user=user
    )
    assert back.type == CallbackType.UPDATE_MESSAGE
    summary = env.bot.engine.kb.entries["deterrence"].summary
    assert back.embed["description"].startswith(summary[:80])
    assert [c["label"] for c in back.components] == ["Again", "Hard", "Good", "Easy"]

    before = datetime.now(UTC)
    rated = await env.driver.click(
        back.component(label="Good")["custom_id"], back.message, user=user
    )
    after = datetime.now(UTC)
    assert rated.type == CallbackType.UPDATE_MESSAGE
    assert rated.content.startswith("**Deterrence**: next review in ")
    [(new_state, due)] = stored(env, "deterrence")
    # The stored due date is what fsrs computes for "Good" on the stored state.
    expected = [
        SCHEDULER.review_card(Card.from_json(state), Rating.Good, moment)[0].due.timestamp()
        for moment in (before, after)
    ]
    assert expected[0] <= due <= expected[1]
    assert json.loads(new_state)["due"] != json.loads(state)["due"]
    assert "No more cards due" in rated.content


async def test_stats_count_the_deck(env: BotEnv) -> None:
    user = env.user("counter")
    card = await env.driver.command("ask", {"question": "what is collective security"}, user=user)
    await env.driver.click(
        card.component(label="Add to my cards")["custom_id"], card.message, user=user
    )
    reply = await env.driver.command("cards stats", user=user)
    assert reply.ephemeral
    assert reply.content == "**1** card(s) in your deck, **1** due now, **0** review(s) done."


async def test_an_empty_deck_says_how_to_fill_it(env: BotEnv) -> None:
    reply = await env.driver.command("cards review", user=env.user("newcomer"))
    assert reply.ephemeral and "Your deck is empty" in reply.content


async def test_cards_add_by_name(env: BotEnv) -> None:
    user = env.user("typist")
    reply = await env.driver.command("cards add", {"entry": "peacekeeping"}, user=user)
    assert "Added **Peacekeeping**" in reply.content


async def test_without_a_database_nothing_breaks(env: BotEnv, monkeypatch) -> None:
    monkeypatch.setattr(env.bot, "storage", None)
    reply = await env.driver.command("cards review", user=env.user("offline"))
    assert reply.ephemeral and reply.content == UNAVAILABLE
