"""/quiz end to end: the real StudyBot on FakeDiscord with the real knowledge base, a whole
personal round answered with the buttons. One bot for the whole module."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio
from bot_helpers import BotEnv, Reply, bot_env, forge_button
from fake_discord import MANAGE_GUILD, CallbackType

from bot.discord_ui import daily, group_round
from bot.discord_ui.quiz import (
    BLANK_SHOWN,
    RELOADED,
    ROUND_ID,
    Round,
    blanks,
    feedback_embed,
    question_embed,
)
from bot.study.bank import items
from bot.study.item import LETTERS, QuizItem
from bot.study.names import BLANK

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]

ANSWER_ID = re.compile(rf"qz:{ROUND_ID}:(?P<pick>[A-D])")
EPHEMERAL = 64
ADMIN = {"member_permissions": MANAGE_GUILD}


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
            assert f"**{letter}**  {blanks(option)}" in reply.embed["description"]
        letter = item.answer_letter if pick == "right" else LETTERS[(item.answer + 1) % 4]
        feedback = await env.driver.click(buttons[letter], reply.message)
        assert feedback.type == CallbackType.UPDATE_MESSAGE
        embed = feedback.embed
        assert embed["title"].startswith("✅ Right!" if pick == "right" else "❌ Not quite")
        assert blanks(f"**{item.answer_letter}. {item.answer_text}**") in embed["description"]
        assert blanks(item.explanation) in embed["description"]
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


# -- a group round in the channel ---------------------------------------------------------


async def _posted(env: BotEnv, after: int, timeout: float = 10.0) -> dict:
    """The next message the bot posts in a channel after request number ``after``."""
    request = await env.fake.wait_for_request(
        lambda r: (
            r.route == "create_channel_message" and env.fake.requests.entries.index(r) >= after
        ),
        timeout,
    )
    return env.fake.messages[request.response["id"]]


async def test_a_group_round_with_a_leaderboard_naming_only_the_opted_in(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(group_round, "PAUSE_BETWEEN", 0.0)
    moderator, named, shy = env.user("teacher"), env.user("Ada"), env.user("Bea")
    assert env.bot.storage is not None
    await env.bot.storage.set_leaderboard_name(int(env.fake.guild_id), int(named["id"]), shown=True)
    refused = await env.driver.command(
        "quizround", {"questions": 2}, user=env.user("pupil"), completes=False
    )
    assert refused.ephemeral and "for moderators" in refused.content
    start = len(env.fake.requests.entries)
    started = await env.driver.command(
        "quizround", {"questions": 2, "seconds": 60}, user=moderator, **ADMIN
    )
    assert not started.ephemeral and "A group round of 2 question(s)" in started.content
    for number in (1, 2):
        message = await _posted(env, start)
        start = len(env.fake.requests.entries)
        embed = message["embeds"][0]
        assert embed["title"] == f"Group round: question {number} of 2"
        buttons = {
            c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]
        }
        round_id = buttons["A"].split(":")[1]
        item = group_round.RUNNING[round_id].item
        right, wrong = item.answer_letter, LETTERS[(item.answer + 1) % 4]
        ok = await env.driver.click(buttons[right], message, user=named)
        assert (
            ok.ephemeral and f"**{right}**" in ok.content and "comes when time is up" in ok.content
        )
        await env.driver.click(buttons[wrong if number == 1 else right], message, user=shy)
        early = await env.driver.click(buttons["Reveal now"], message, user=shy)
        assert early.ephemeral and "Only the moderator" in early.content
        await env.driver.click(buttons["Reveal now"], message, user=moderator)
        edit = await env.fake.wait_for_request(
            lambda r, mid=message["id"]: (
                r.route == "edit_channel_message" and r.params["message_id"] == mid
            )
        )
        revealed = edit.json["embeds"][0]
        assert revealed["title"].startswith(f"Answer {number}: {right}.")
        assert blanks(item.explanation)[:60] in revealed["description"]
        assert edit.json["components"] == []
    board = (await _posted(env, start))["embeds"][0]
    assert board["title"] == "Group round: final scores"
    assert board["description"].splitlines() == ["1. Ada: 2 of 2", "2. a student: 1 of 2"]


async def test_blanks_survive_discord_markdown(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    item = next(i for i in items(kb) if BLANK in i.question or any(BLANK in o for o in i.options))
    round_ = Round(kb.version[:6], 0, 1)
    group = group_round.GroupRound.new(1, 2, 3, [item], 30)
    day = datetime(2026, 12, 2, 10, tzinfo=UTC)
    for embed in (
        question_embed(item, round_, 1, "all topics"),
        feedback_embed(item, (item.answer + 1) % 4, round_, 1, "all topics"),
        group_round.question_embed(group),
        group_round.reveal_embed(group),
        daily.question_embed(item, "2026-12-02", day),
        daily.revealed_embed(item, "2026-12-02", (1, 1), []),
    ):
        text = f"{embed.title}\n{embed.description}"
        # Three bare underscores are emphasis markers on Discord: shown as "_" or nothing.
        assert BLANK not in text, text
    assert BLANK_SHOWN in (question_embed(item, round_, 1, "all topics").description or "")
