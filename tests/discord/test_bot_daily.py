"""The daily question end to end: the real StudyBot on FakeDiscord with the real knowledge
base and a SQLite file, driven by an injected clock (the loop's tick is called by hand):
/kb daily, the post at its time and never twice (also after a restart on the same file),
one answer per student, the reveal by timer or by a moderator, and the streak board that
names only students who opted in."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bot_helpers import KNOWLEDGE, Driver, Reply, fetch_rows, make_settings, new_user, running_bot
from fake_discord import MANAGE_GUILD, CallbackType, FakeDiscord

from bot.client import StudyBot
from bot.discord_ui.daily import CLOSED
from bot.discord_ui.quiz import blanks
from bot.engine import Engine
from bot.settings import Settings
from bot.storage import Storage
from bot.study.daily import pick_item
from bot.study.item import LETTERS, QuizItem

pytestmark = pytest.mark.filterwarnings("error")

ADMIN = {"member_permissions": MANAGE_GUILD}
REFUSAL = "This command is for moderators (Manage Server or the moderator role)."
DAY = "2024-07-01"
# 09:00 in Berlin on 1 July (CEST, UTC+2) is 07:00 UTC.
POST_UTC = datetime(2024, 7, 1, 7, 0, tzinfo=UTC)


class Clock:
    """The time the bot sees: the Daily cog reads it, and so does the database."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def unix(self) -> float:
        return self.now.timestamp()


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One engine on the real knowledge base (never reloaded here)."""
    return Engine.load(KNOWLEDGE)


@asynccontextmanager
async def daily_bot(
    fake: FakeDiscord, settings: Settings, engine: Engine, clock: Clock
) -> AsyncIterator[tuple[StudyBot, Any, Driver]]:
    """A bot on ``settings``' database whose Daily cog and storage use ``clock``; the
    minute loop runs (checked) and is then stopped, so that the test drives each tick."""
    storage = await Storage.open(settings.database, clock=clock.unix)
    try:
        async with running_bot(fake, settings, engine=engine, storage=storage) as bot:
            # load_extension imports cogs.daily afresh, so its class is not this module's.
            cog: Any = bot.get_cog("Daily")
            assert cog is not None and cog.loop.is_running()
            cog.loop.cancel()
            cog.clock = clock
            yield bot, cog, Driver(fake, bot)
    finally:
        await storage.close()


def channel_option(fake: FakeDiscord) -> dict[str, Any]:
    """The fake guild's text channel, as a resolved command option."""
    return {"id": fake.channel_id, "type": 0, "name": "general", "permissions": "0"}


async def set_daily(
    driver: Driver, options: dict[str, Any], *, completes: bool = True, **invocation: Any
) -> Reply:
    """Run /kb daily with the fake's channel resolved, as Discord sends it."""
    fake = driver.fake
    payload = fake.slash_command("kb daily", {"channel": fake.channel_id} | options, **invocation)
    payload["data"]["resolved"] = {"channels": {fake.channel_id: channel_option(fake)}}
    return await driver.send(payload, completes=completes)


def posts(fake: FakeDiscord) -> list[dict]:
    """Every message the bot posted in a channel (not interaction replies)."""
    return [
        fake.messages[r.response["id"]]
        for r in fake.requests.entries
        if r.route == "create_channel_message"
    ]


def edits(fake: FakeDiscord, message_id: str) -> list[dict]:
    """Every edit request of the channel message ``message_id``."""
    return [
        r.json
        for r in fake.requests.entries
        if r.route == "edit_channel_message" and r.params["message_id"] == message_id
    ]


def buttons(message: dict) -> dict[str, str]:
    """A message's buttons: custom id by label."""
    return {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}


async def answer(driver: Driver, message: dict, letter: str, user: dict) -> str:
    """A student presses ``letter``; the private reply."""
    reply = await driver.click(buttons(message)[letter], message, user=user)
    assert reply.type == CallbackType.CHANNEL_MESSAGE and reply.ephemeral, reply.data
    return reply.content


def wrong(item: QuizItem) -> str:
    return LETTERS[(item.answer + 1) % len(item.options)]


async def test_set_post_once_across_a_restart_answer_once_and_reveal(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    fake, guild = fake_discord, int(fake_discord.guild_id)
    settings = make_settings(tmp_path, dev_guild=fake.guild_id)
    clock = Clock(POST_UTC - timedelta(minutes=1))  # 08:59 in Berlin
    named, shy, third = new_user(fake, "Ada"), new_user(fake, "Bea"), new_user(fake, "Cy")
    item = pick_item(engine.kb, guild, DAY)
    assert item is not None

    async with daily_bot(fake, settings, engine, clock) as (bot, cog, driver):
        # -- /kb daily: moderators only, a bad value named, then confirmed in words ---------
        refused = await set_daily(
            driver, {"time": "09:00"}, completes=False, user=new_user(fake, "pupil")
        )
        assert refused.ephemeral and refused.content == REFUSAL
        admin = new_user(fake, "admin")
        bad_time = await set_daily(driver, {"time": "25:00"}, user=admin, **ADMIN)
        assert bad_time.ephemeral and "`25:00` is not a time of day" in bad_time.content
        bad_zone = await set_daily(
            driver, {"time": "09:00", "timezone": "Europe/Berlinn"}, user=admin, **ADMIN
        )
        assert bad_zone.ephemeral and "`Europe/Berlinn` is not a time zone" in bad_zone.content
        assert fetch_rows(settings.database, "SELECT * FROM study_daily_settings") == []
        ok = await set_daily(
            driver,
            {"time": "9:00", "timezone": "Europe/Berlin", "reveal_minutes": 30},
            user=admin,
            **ADMIN,
        )
        assert ok.ephemeral
        assert ok.content.startswith(
            f"Daily question on: every day at 09:00 (Europe/Berlin) in <#{fake.channel_id}>, "
            "with the answer revealed 30 minutes later"
        )
        assert ok.data["allowed_mentions"] == {"parse": []}
        assert fetch_rows(settings.database, "SELECT * FROM study_daily_settings") == [
            (guild, int(fake.channel_id), "09:00", "Europe/Berlin", 30)
        ]
        await bot.storage.set_leaderboard_name(guild, int(named["id"]), shown=True)  # type: ignore[union-attr]

        # -- the post at its time, once ------------------------------------------------
        await cog.tick()
        assert posts(fake) == [], "08:59 in Berlin: not yet"
        clock.now = POST_UTC
        await cog.tick()
        clock.now += timedelta(minutes=1)
        await cog.tick()  # a second tick (or a second loop) finds the day claimed
        [post] = posts(fake)
        as_posted = copy.deepcopy(post)  # the fake edits ``post`` in place at the reveal
        embed = post["embeds"][0]
        assert embed["title"] == f"Daily question · {DAY}"
        # Shown as Discord shows it: the items' blanks drawn (quiz.blanks).
        assert embed["description"].startswith(blanks(item.question))
        for letter, option in zip(LETTERS, item.options, strict=True):
            assert f"**{letter}**  {blanks(option)}" in embed["description"]
        assert blanks(item.explanation) not in embed["description"]
        assert list(buttons(post)) == [*LETTERS, "Reveal"]
        [request] = [r for r in fake.requests.entries if r.route == "create_channel_message"]
        assert request.json["allowed_mentions"] == {"parse": []}
        assert fetch_rows(
            settings.database, "SELECT item_id, message_id, revealed_at FROM study_daily_posts"
        ) == [(item.id, int(post["id"]), None)]

        # -- one answer each; the reply never gives the answer away --------------------
        right = await answer(driver, post, item.answer_letter, named)
        assert (
            right == f"✅ **{item.answer_letter}** is right! Your streak: 1 day in a row (best 1)."
        )
        again = await answer(driver, post, wrong(item), named)
        assert again.startswith("You already answered today's question")
        missed = await answer(driver, post, wrong(item), shy)
        assert missed.startswith(f"❌ **{wrong(item)}** is not the answer.")
        assert f"**{item.answer_letter}**" not in missed
        assert blanks(item.answer_text) not in missed and item.answer_text not in missed
        assert fetch_rows(
            settings.database, "SELECT correct FROM study_daily_answers ORDER BY answered_at"
        ) == [(1,), (0,)]

    # -- a restart on the same SQLite file: no second post, the buttons still work -----
    clock.now = POST_UTC + timedelta(minutes=5)
    async with daily_bot(fake, settings, engine, clock) as (bot, cog, driver):
        await cog.tick()
        assert len(posts(fake)) == 1, "a restart must not post the day again"
        late = await answer(driver, post, item.answer_letter, third)
        assert late.startswith(f"✅ **{item.answer_letter}** is right!")
        assert edits(fake, post["id"]) == [], "not revealed before its 30 minutes"

        # -- the reveal after reveal_minutes, once --------------------------------------
        clock.now = POST_UTC + timedelta(minutes=30)
        await cog.tick()
        await cog.tick()
        [edit] = edits(fake, post["id"])
        revealed = edit["embeds"][0]
        assert revealed["title"] == f"Daily question · {DAY}: the answer"
        assert (
            blanks(f"The answer: **{item.answer_letter}. {item.answer_text}**")
            in revealed["description"]
        )
        assert blanks(item.explanation) in revealed["description"]
        fields = {f["name"]: f["value"] for f in revealed["fields"]}
        assert fields["References"].startswith("[1] ")
        assert fields["Today"] == "2 of 3 answered right"
        # Equal streaks tie in any order: compare the lines without their places.
        board = sorted(line.split(". ", 1)[1] for line in fields["Streaks"].splitlines())
        assert board == sorted(
            [f"<@{named['id']}>: 1 day (best 1)", *["a student: 1 day (best 1)"] * 2]
        )
        assert shy["id"] not in fields["Streaks"] and third["id"] not in fields["Streaks"]
        assert "Ada" not in fields["Streaks"]  # a mention, shown by Discord; never a ping
        assert edit["components"] == [] and edit["allowed_mentions"] == {"parse": []}
        assert fake.messages[post["id"]]["components"] == []
        # A client that still shows the buttons (a stale screen) is told it is closed.
        closed = await answer(driver, as_posted, item.answer_letter, new_user(fake, "Dee"))
        assert closed == CLOSED


async def test_reveal_button_streaks_over_days_and_off(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    fake, guild = fake_discord, int(fake_discord.guild_id)
    settings = make_settings(tmp_path, dev_guild=fake.guild_id)
    clock = Clock(POST_UTC)
    student, moderator = new_user(fake, "Ada"), new_user(fake, "teacher")
    async with daily_bot(fake, settings, engine, clock) as (_, cog, driver):
        ok = await set_daily(
            driver, {"time": "09:00", "timezone": "Europe/Berlin"}, user=moderator, **ADMIN
        )
        assert "revealed 60 minutes later" in ok.content
        for number, day in enumerate(("2024-07-01", "2024-07-02"), start=1):
            await cog.tick()
            post = posts(fake)[-1]
            assert post["embeds"][0]["title"] == f"Daily question · {day}"
            item = pick_item(engine.kb, guild, day)
            assert item is not None
            reply = await answer(driver, post, item.answer_letter, student)
            days = "day" if number == 1 else "days"
            assert reply.endswith(f"Your streak: {number} {days} in a row (best {number}).")
            # Reveal: a moderator's button, refused to students.
            early = await driver.click(buttons(post)["Reveal"], post, user=student)
            assert early.ephemeral and early.content == REFUSAL
            assert edits(fake, post["id"]) == []
            pressed = await driver.click(buttons(post)["Reveal"], post, user=moderator, **ADMIN)
            assert pressed.type == CallbackType.DEFERRED_CHANNEL_MESSAGE and pressed.ephemeral
            followup = await driver.followup(pressed)
            assert followup.json["content"] == "Revealed: the post now shows the answer."
            [edit] = edits(fake, post["id"])
            streaks = {f["name"]: f["value"] for f in edit["embeds"][0]["fields"]}["Streaks"]
            assert streaks == f"1. a student: {number} {days} (best {number})"  # not opted in
            clock.now += timedelta(hours=2)
            await cog.tick()  # the timer finds it revealed already
            assert len(edits(fake, post["id"])) == 1
            clock.now = POST_UTC + timedelta(days=number)
        assert len(posts(fake)) == 2

        stopped = await driver.command("kb daily", {"off": True}, user=moderator, **ADMIN)
        assert stopped.content.startswith("Daily question off")
        assert fetch_rows(settings.database, "SELECT * FROM study_daily_settings") == []
        clock.now = POST_UTC + timedelta(days=3)
        await cog.tick()
        assert len(posts(fake)) == 2, "no post once it is off"
        # Streaks and the old posts are kept.
        assert fetch_rows(settings.database, "SELECT count(*) FROM study_daily_posts") == [(2,)]
