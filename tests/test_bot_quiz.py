"""/quiz end to end: the real StudyBot on FakeDiscord with the real knowledge base, a whole
personal round answered with the buttons. One bot for the whole module."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from bot_helpers import BotEnv, Reply, bot_env, forge_button
from fake_discord import CallbackType

from bot.discord_ui.quiz import RELOADED, ROUND_ID, Round
from bot.study.item import LETTERS, QuizItem

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]

ANSWER_ID = re.compile(rf"qz:{ROUND_ID}:(?P<pick>[A-D])")
EPHEMERAL = 64


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotEnv]:
    async with bot_env(tmp_path_factory.mktemp("quiz")) as started:
        yield started


def asked_item(env: BotEnv, reply: Reply) -> tuple[Round, QuizItem, dict[str, str]]:
    """The round and item a question message asks (from its buttons), and the buttons'
    custom ids by letter."""
    buttons = {c["label"]: c["custom_id"] for c in reply.components}
    assert sorted(buttons) == list(LETTERS), buttons
    round_ = Round.from_match(ANSWER_ID.fullmatch(buttons["A"]))  # type: ignore[arg-type]
    items = round_.items(env.bot.engine.kb)
    assert items is not None
    return round_, items[round_.index], buttons


async def test_a_whole_personal_round(env: BotEnv) -> None:
    reply = await env.driver.command("quiz", {"topic": "collective-security", "questions": 3})
    assert reply.type == CallbackType.CHANNEL_MESSAGE and reply.ephemeral
    picks = ["right", "wrong", "right"]
    for number, pick in enumerate(picks, start=1):
        assert reply.embed["title"] == f"Question {number} of 3"
        _, item, buttons = asked_item(env, reply)
        assert "collective-security" in item.entries  # on the topic asked
        for letter, option in zip(LETTERS, item.options, strict=True):
            assert f"**{letter}**  {option}" in reply.embed["description"]
        letter = item.answer_letter if pick == "right" else LETTERS[(item.answer + 1) % 4]
        feedback = await env.driver.click(buttons[letter], reply.message)
        assert feedback.type == CallbackType.UPDATE_MESSAGE
        embed = feedback.embed
        assert embed["title"].startswith("✅ Right!" if pick == "right" else "❌ Not quite")
        assert f"**{item.answer_letter}. {item.answer_text}**" in embed["description"]
        assert item.explanation in embed["description"]
        refs = next(f["value"] for f in embed["fields"] if f["name"] == "References")
        assert refs.startswith("[1] "), refs  # the explanation's citation, with its source
        if number < len(picks):
            [next_id] = [c["custom_id"] for c in feedback.components]
            reply = await env.driver.click(next_id, feedback.message)
            assert reply.type == CallbackType.UPDATE_MESSAGE
    finished = next(f["value"] for f in embed["fields"] if f["name"] == "Finished")
    assert finished.startswith("You scored **2 of 3**")
    assert feedback.components == []  # nothing left to press


async def test_an_unknown_topic_is_a_private_hint(env: BotEnv) -> None:
    reply = await env.driver.command("quiz", {"topic": "colective secuirty zzz"})
    assert reply.ephemeral and "Leave the topic empty" in reply.content


async def test_topic_autocomplete_offers_entries(env: BotEnv) -> None:
    reply = await env.driver.autocomplete("quiz", {"topic": "peacek"}, "topic")
    assert reply.choices[0]["value"] == "peacekeeping"


async def test_a_forged_or_stale_round_asks_to_start_again(env: BotEnv) -> None:
    reply = await env.driver.command("quiz", {"questions": 2})
    version = env.bot.engine.kb.version[:6]
    message = reply.message
    stale = forge_button(message, "A", f"qz:{version}:", "qz:000000:")  # another version
    answered = await env.driver.click(stale, message)
    assert answered.type == CallbackType.UPDATE_MESSAGE
    assert answered.content == RELOADED and answered.data.get("components") == []


async def test_quiz_me_under_a_card_starts_a_round_on_its_entry(env: BotEnv) -> None:
    card = await env.driver.command("ask", {"question": "what is collective security"})
    assert not card.ephemeral
    quiz_me = card.component(label="Quiz me")
    reply = await env.driver.click(quiz_me["custom_id"], card.message)
    assert reply.type == CallbackType.CHANNEL_MESSAGE and reply.ephemeral
    _, item, _ = asked_item(env, reply)
    assert "collective-security" in item.entries
    assert reply.embed["footer"]["text"].startswith("studybot quiz · Collective security")
