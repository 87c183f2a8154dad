"""/me end to end: the real StudyBot on FakeDiscord with the real knowledge base and a
real SQLite file: stats after a personal quiz, forget (confirmed by its owner only, and
leaving no row behind), the leaderboard opt-in, and a bot without its database.
One bot for the whole module; every test uses fresh users."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio
from bot_helpers import BotEnv, Reply, bot_env, count_rows, fetch_rows
from fake_discord import CallbackType

from bot.discord_ui import quiz as quiz_ui
from bot.discord_ui.me import CANCELLED, NOT_YOURS, NOTHING_YET, UNAVAILABLE
from bot.discord_ui.quiz import ROUND_ID, Round
from bot.storage import StorageError
from bot.study import cards
from bot.study.item import LETTERS, QuizItem

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]

ANSWER_ID = re.compile(rf"qz:{ROUND_ID}:(?P<pick>[A-D])")
OTHER_GUILD = 424242  # the same student elsewhere: forget must not reach it
DAY = "2024-05-01"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotEnv]:
    async with bot_env(tmp_path_factory.mktemp("me")) as started:
        yield started


def asked_item(env: BotEnv, reply: Reply) -> tuple[QuizItem, dict[str, str]]:
    """The item a question message asks, and its answer buttons' custom ids by letter."""
    buttons = {c["label"]: c["custom_id"] for c in reply.components}
    round_ = Round.from_match(ANSWER_ID.fullmatch(buttons["A"]))  # type: ignore[arg-type]
    items = round_.items(env.bot.engine.kb)
    assert items is not None
    return items[round_.index], buttons


async def quiz_round(env: BotEnv, user: dict[str, Any], picks: list[bool]) -> list[QuizItem]:
    """Answer a personal round on collective security, right or wrong as ``picks`` say."""
    reply = await env.driver.command(
        "quiz", {"topic": "collective-security", "questions": len(picks)}, user=user
    )
    asked = []
    for number, right in enumerate(picks, start=1):
        item, buttons = asked_item(env, reply)
        asked.append(item)
        letter = item.answer_letter if right else LETTERS[(item.answer + 1) % 4]
        feedback = await env.driver.click(buttons[letter], reply.message, user=user)
        assert feedback.embed["title"].startswith("✅" if right else "❌")
        if number < len(picks):
            [next_id] = feedback.custom_ids
            reply = await env.driver.click(next_id, feedback.message, user=user)
    return asked


def stats_text(reply: Reply) -> str:
    """Everything the stats embed says, description and fields."""
    embed = reply.embed
    fields = [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join([embed.get("description", ""), *fields])


async def test_stats_before_anything_point_at_quiz_and_cards(env: BotEnv) -> None:
    reply = await env.driver.command("me stats", user=env.user("newcomer"))
    assert reply.ephemeral
    assert reply.embed["description"] == NOTHING_YET
    assert "/quiz" in NOTHING_YET and "Add to my cards" in NOTHING_YET


async def test_stats_after_a_quiz_round_show_the_weakest_entry(env: BotEnv) -> None:
    student = env.user("learner")
    picks = [False, True, True]
    asked = await quiz_round(env, student, picks)
    tally: dict[str, list[int]] = {}  # entry id -> [right, asked], as the bot records them
    for item, right in zip(asked, picks, strict=True):
        counts = tally.setdefault(item.entries[0], [0, 0])
        counts[0] += right
        counts[1] += 1
    kb = env.bot.engine.kb
    weakest = kb.entries[asked[0].entries[0]]  # the only entry with a wrong answer
    right, total = tally[weakest.id]
    assert env.bot.storage is not None
    guild, user = int(env.fake.guild_id), int(student["id"])
    await cards.add(env.bot.storage, guild, user, "collective-defense", now=datetime.now(UTC))

    reply = await env.driver.command("me stats", user=student)
    assert reply.ephemeral and reply.embed["title"] == "Your study progress"
    text = stats_text(reply)
    practise = [line for line in text.splitlines() if line.startswith("Practise next: ")]
    assert practise == [f"Practise next: {weakest.title} ({right}/{total})"], text
    # Per topic: entries practised and right of asked, adding up to the round's score.
    practised = re.findall(r"(\d+) entr(?:y|ies) practised · \*\*(\d+)/(\d+)\*\* right", text)
    sums = tuple(sum(int(row[i]) for row in practised) for i in range(3))
    assert sums == (len(tally), 2, 3), text
    assert "**1 due** of 1 in your deck" in text
    assert "Daily question" not in text  # no streak yet
    # Titles, never ids.
    ids = {e for e, _, _ in await env.bot.storage.progress(guild, user)}
    assert ids and not [e for e in ids if e in text and e != kb.entries[e].title], text


async def test_stats_show_the_daily_streak(env: BotEnv) -> None:
    student = env.user("regular")
    assert env.bot.storage is not None
    guild = int(env.fake.guild_id)
    await env.bot.storage.claim_daily_post(guild, DAY, "some-item")
    await env.bot.storage.record_daily_answer(guild, int(student["id"]), DAY, correct=True)
    reply = await env.driver.command("me stats", user=student)
    text = stats_text(reply)
    assert f"Daily question: **1 day(s) in a row** (best 1), last answered on {DAY}." in text
    assert "No quiz answers yet: try `/quiz`." in text


async def everything_about(env: BotEnv, student: dict[str, Any], *, voter: dict) -> None:
    """A row in every table about ``student``: a logged question and a vote on it, quiz
    answers, a card and its review, a daily answer and streak, the leaderboard opt-in;
    and ``voter``'s vote on the student's question."""
    storage = env.bot.storage
    assert storage is not None
    guild, user = int(env.fake.guild_id), int(student["id"])
    answer = await env.driver.command("case", {"name": "suez-1956"}, user=student)
    [helpful] = [i for i in answer.custom_ids if i.startswith("fb:") and i.endswith(":1")]
    for who in (student, voter):
        vote = await env.driver.click(helpful, answer.message, user=who)
        assert (await env.driver.followup(vote)).json["content"].startswith("Thanks")
    await quiz_round(env, student, [False])
    now = datetime.now(UTC)
    await cards.add(storage, guild, user, "collective-security", now=now)
    await cards.review(storage, guild, user, "collective-security", "good", now=now)
    await storage.claim_daily_post(guild, DAY, "some-item")
    await storage.record_daily_answer(guild, user, DAY, correct=False)
    opted = await env.driver.command("me leaderboard", {"name": True}, user=student)
    assert opted.content.startswith("Done: your display name will be shown")


def rows_about(env: BotEnv, user_hash: str) -> dict[str, int]:
    """Rows about the student in the test guild, in every table that has a user hash
    (read from the schema, so a table added later is checked too)."""
    database, guild = env.database, int(env.fake.guild_id)
    tables = [
        t for (t,) in fetch_rows(database, "SELECT name FROM sqlite_master WHERE type='table'")
    ]
    found = {}
    for table in tables:
        columns = {c[1] for c in fetch_rows(database, f"PRAGMA table_info({table})")}
        if "user_hash" not in columns:
            continue
        if "guild_id" in columns:
            sql = f"SELECT count(*) FROM {table} WHERE user_hash = ? AND guild_id = ?"
        else:  # feedback: in the guild through its question
            sql = (
                "SELECT count(*) FROM feedback AS f JOIN question_log AS q ON q.id = f.log_id "
                "WHERE f.user_hash = ? AND q.guild_id = ?"
            )
        found[table] = count_rows(database, sql, (user_hash, guild))
    return found


async def test_forget_leaves_no_row_behind_and_only_its_owner_can_confirm(env: BotEnv) -> None:
    student, other = env.user("leaver"), env.user("stayer")
    await everything_about(env, student, voter=other)
    await everything_about(env, other, voter=student)
    storage = env.bot.storage
    assert storage is not None
    await storage.record_answer(
        OTHER_GUILD, int(student["id"]), item_id="x", entry_id="collective-security", correct=True
    )
    mine, theirs = storage._hash_user(int(student["id"])), storage._hash_user(int(other["id"]))
    before = rows_about(env, mine)
    assert set(before) >= {
        "question_log",
        "feedback",
        "study_cards",
        "study_reviews",
        "study_answers",
        "study_daily_answers",
        "study_streaks",
        "study_optin",
    }
    assert all(before.values()), before  # something to delete in every table
    others_before = rows_about(env, theirs)

    prompt = await env.driver.command("me forget", user=student)
    assert prompt.ephemeral and "cannot be undone" in prompt.content
    confirm = prompt.component(label="Delete everything")
    assert confirm["style"] == 4  # danger
    assert prompt.component(label="Cancel")["style"] == 2

    refused = await env.driver.click(confirm["custom_id"], prompt.message, user=other)
    assert refused.type == CallbackType.CHANNEL_MESSAGE and refused.ephemeral
    assert refused.content == NOT_YOURS
    assert rows_about(env, mine) == before and rows_about(env, theirs) == others_before

    done = await env.driver.click(confirm["custom_id"], prompt.message, user=student)
    assert done.type == CallbackType.UPDATE_MESSAGE and done.data["components"] == []
    # Their own rows are counted (the other student's vote on their question goes with
    # the question, checked below).
    gone = sum(before.values())
    assert done.content == f"Done: deleted {gone} rows. Nothing about you is left here."
    assert set(rows_about(env, mine).values()) == {0}
    assert not fetch_rows(
        env.database, "SELECT 1 FROM study_optin WHERE user_id = ?", (int(student["id"]),)
    )
    # The other student keeps everything but that vote; the same student elsewhere too.
    assert rows_about(env, theirs) == others_before | {"feedback": others_before["feedback"] - 1}
    assert await storage.progress(OTHER_GUILD, int(student["id"])) == [
        ("collective-security", 1, 1)
    ]
    stats = await env.driver.command("me stats", user=student)
    assert stats.embed["description"] == NOTHING_YET


async def test_cancel_keeps_everything(env: BotEnv) -> None:
    student, other = env.user("doubter"), env.user("bystander")
    await quiz_round(env, student, [True])
    prompt = await env.driver.command("me forget", user=student)
    cancel = prompt.component(label="Cancel")["custom_id"]
    refused = await env.driver.click(cancel, prompt.message, user=other)
    assert refused.ephemeral and refused.content == NOT_YOURS
    kept = await env.driver.click(cancel, prompt.message, user=student)
    assert kept.type == CallbackType.UPDATE_MESSAGE and kept.content == CANCELLED
    assert env.bot.storage is not None
    assert len(await env.bot.storage.progress(int(env.fake.guild_id), int(student["id"]))) == 1


async def test_the_leaderboard_name_opt_in_toggles(env: BotEnv) -> None:
    student = env.user("Ada")
    storage, guild, user = env.bot.storage, int(env.fake.guild_id), int(student["id"])
    assert storage is not None and not await storage.shows_name(guild, user)
    shown = await env.driver.command("me leaderboard", {"name": True}, user=student)
    assert shown.ephemeral and "your display name will be shown" in shown.content
    assert await storage.shows_name(guild, user)
    assert fetch_rows(env.database, "SELECT user_id FROM study_optin WHERE user_id = ?", (user,))
    hidden = await env.driver.command("me leaderboard", {"name": False}, user=student)
    assert hidden.ephemeral and 'you will appear as "a student"' in hidden.content
    assert not await storage.shows_name(guild, user)
    assert not fetch_rows(env.database, "SELECT 1 FROM study_optin WHERE user_id = ?", (user,))


async def test_without_storage_every_study_command_is_friendly(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    student = env.user("offline")
    prompt = await env.driver.command("me forget", user=student)  # while the database is up
    monkeypatch.setattr(env.bot, "storage", None)
    for command, options in [
        ("me stats", {}),
        ("me forget", {}),
        ("me leaderboard", {"name": True}),
    ]:
        reply = await env.driver.command(command, options, user=student)
        assert reply.ephemeral and reply.content == UNAVAILABLE, command
    confirm = prompt.component(label="Delete everything")["custom_id"]
    pressed = await env.driver.click(confirm, prompt.message, user=student)
    assert pressed.ephemeral and pressed.content.startswith(UNAVAILABLE)
    await quiz_round(env, student, [True, False])  # the quiz still answers
    monkeypatch.undo()
    assert env.bot.storage is not None
    assert await env.bot.storage.progress(int(env.fake.guild_id), int(student["id"])) == []


async def test_a_failing_database_never_fails_a_quiz_answer(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise StorageError("disk I/O error")

    assert env.bot.storage is not None
    monkeypatch.setattr(env.bot.storage, "record_answer", broken)
    with caplog.at_level(logging.WARNING, logger="studybot.quiz"):
        await quiz_round(env, env.user("unlucky"), [True, False, True])
    lost = [r for r in caplog.records if r.name == "studybot.quiz"]
    assert [r.getMessage() for r in lost] == [
        "could not log a quiz answer (further losses are counted): disk I/O error"
    ]
    monkeypatch.undo()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="studybot.quiz"):
        await quiz_round(env, env.user("lucky"), [True])
    assert quiz_ui._LostAnswers.count == 0
    assert "3 went unlogged" in caplog.text
