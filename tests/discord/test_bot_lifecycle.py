"""StudyBot start-up end to end: command sync, the per-user cooldown, `studybot run`
without a token, and the token never reaching the logs. Each test starts its own bot."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bot_helpers import (
    CS_VS_CD,
    KNOWLEDGE,
    Driver,
    copy_knowledge,
    make_settings,
    new_user,
    running_bot,
)
from fake_discord import CallbackType, FakeDiscord

from bot.client import StudyBot
from bot.engine import Engine
from bot.runtime.reload import watch_knowledge
from bot.storage import Storage

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One engine on the real knowledge base (these tests never reload it)."""
    return Engine.load(KNOWLEDGE)


def guild_syncs(fake: FakeDiscord) -> list:
    """Every bulk overwrite of the fake guild's commands."""
    return [
        r
        for r in fake.requests.entries
        if r.route == "put_guild_commands" and r.params["guild_id"] == fake.guild_id
    ]


async def test_first_start_syncs_to_the_dev_guild(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    async with running_bot(fake_discord, settings, engine=engine) as bot:
        # Within one process the stored hash matches the (now copied) tree.
        assert await bot.syncer.sync_if_changed(int(fake_discord.guild_id)) is False
    [put] = guild_syncs(fake_discord)
    assert put.status == 200
    names = {(c["name"], c.get("type", 1)) for c in put.json}
    assert {("ask", 1), ("define", 1), ("kb", 1), ("topics", 1), ("Ask studybot", 3)} <= names
    stored = {c["name"] for c in fake_discord.commands[fake_discord.guild_id]}
    assert {"ask", "case", "compare", "define", "sources", "topics", "kb"} <= stored


async def test_no_sync_when_disabled(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    async with running_bot(fake_discord, settings, engine=engine, sync_commands=False):
        pass
    assert not [r for r in fake_discord.requests.entries if r.route.startswith("put_")]


async def test_second_start_with_same_tree_does_not_sync_again(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    async with running_bot(fake_discord, settings, engine=engine):
        pass
    assert len(guild_syncs(fake_discord)) == 1
    async with await Storage.open(settings.database) as storage:
        assert await storage.get_meta(f"tree_hash:{fake_discord.guild_id}")

    async with running_bot(fake_discord, settings, engine=engine):
        pass
    assert len(guild_syncs(fake_discord)) == 1, "the unchanged tree was synced again"


async def test_cooldown_refuses_the_third_question(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(
        tmp_path, dev_guild=fake_discord.guild_id, cooldown_rate=2, cooldown_seconds=60
    )
    async with running_bot(fake_discord, settings, engine=engine) as bot:
        driver = Driver(fake_discord, bot)
        user = new_user(fake_discord, "eager")
        for _ in range(2):
            reply = await driver.command("ask", {"question": "what is deterrence"}, user=user)
            assert not reply.ephemeral and reply.embeds
        third = await driver.command("ask", {"question": "what is deterrence"}, user=user)
        other = await driver.command(
            "ask", {"question": "what is deterrence"}, user=new_user(fake_discord, "calm")
        )

    assert third.type == CallbackType.CHANNEL_MESSAGE
    assert third.ephemeral
    assert third.content.startswith("You're asking quickly! Please wait")
    assert not third.embeds and not third.custom_ids
    assert not other.ephemeral and other.embeds, "the cooldown is per user"


def test_run_without_token_prints_one_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "DISCORD_TOKEN" in lines[0]


async def test_token_never_logged(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    token = "MTIzNDU2Nzg5.sEcReT-tOkEn.xyzzy-4242"
    caplog.set_level(logging.DEBUG)
    settings = make_settings(
        tmp_path, dev_guild=fake_discord.guild_id, token=token, log_level="DEBUG"
    )
    async with running_bot(fake_discord, settings, engine=engine) as bot:
        reply = await Driver(fake_discord, bot).command("ask", {"question": CS_VS_CD})
        assert reply.embeds

    assert fake_discord.identify_payload is not None
    assert fake_discord.identify_payload["token"] == token, "the bot logged in with it"
    assert caplog.records, "nothing was logged at DEBUG"
    for record in caplog.records:
        text = record.getMessage()
        assert token not in text, f"token in {record.name}: {text}"
        assert token not in repr(record.args)
        assert token not in (record.exc_text or "")
    assert token not in caplog.text
    assert "sEcReT" not in repr(settings)


async def test_answer_buttons_survive_a_restart(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    user = new_user(fake_discord, "patient")
    async with running_bot(fake_discord, settings, engine=engine) as bot:
        first = await Driver(fake_discord, bot).command("ask", {"question": CS_VS_CD}, user=user)
    message = first.message
    facets_id = first.component(label="All facets")["custom_id"]
    [helpful] = [i for i in first.custom_ids if i.startswith("fb:") and i.endswith(":1")]

    async with running_bot(fake_discord, settings, engine=engine) as restarted:
        driver = Driver(fake_discord, restarted)
        facets = await driver.click(facets_id, message, user=user)
        page2 = await driver.click(
            facets.component(label="Next")["custom_id"], facets.message, user=user
        )
        vote = await driver.click(helpful, message, user=user)
        thanks = await driver.followup(vote)

    assert facets.ephemeral and "page 1/" in facets.embed["footer"]["text"]
    assert page2.type == CallbackType.UPDATE_MESSAGE
    assert "page 2/" in page2.embed["footer"]["text"]
    assert vote.type == CallbackType.UPDATE_MESSAGE
    assert thanks.json["flags"] & 64 and thanks.json["content"].startswith("Thanks")


async def test_watch_reloads_on_change_and_refuses_broken_files(tmp_path: Path) -> None:
    """`studybot run --watch`: a saved edit goes live; a broken save never replaces it."""
    knowledge = copy_knowledge(tmp_path / "knowledge")
    settings = make_settings(tmp_path, knowledge=knowledge)
    bot = StudyBot(settings, Engine.load(knowledge), None, sync_commands=False)
    path = knowledge / "concepts" / "deterrence.yaml"
    original = path.read_text(encoding="utf-8")
    watcher = asyncio.create_task(watch_knowledge(bot.settings.knowledge, bot.reload_knowledge))
    try:
        first = bot.engine.kb.version
        await asyncio.sleep(0.3)  # let the watcher start before the edit
        path.write_text(original.replace("Deterrence", "Deterrence theory", 1), encoding="utf-8")
        await _wait_for(lambda: bot.engine.kb.version != first, "an edit to be reloaded")
        edited = bot.engine.kb.version
        assert bot.engine.kb.entries["deterrence"].title == "Deterrence theory"

        path.write_text("id: deterrence\nkind: concept\ntitle: [broken\n", encoding="utf-8")
        await asyncio.sleep(2.5)  # watchfiles debounces for up to 1.6 s
        assert bot.engine.kb.version == edited
        assert bot.engine.kb.entries["deterrence"].title == "Deterrence theory"
    finally:
        watcher.cancel()
        await bot.close()


async def _wait_for(condition, what: str, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_a_rate_limited_sync_does_not_keep_the_bot_off_the_gateway(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    fake_discord.sync_rate_limits = [1.5]  # within discord.py's bounded wait: waited out
    async with running_bot(fake_discord, settings, engine=engine, wait_for_sync=False) as bot:
        assert bot.is_ready() and not bot.sync_done.is_set(), "connected before the sync"
        reply = await Driver(fake_discord, bot).command(
            "ask", {"question": "what is nato"}, user=new_user(fake_discord, "early")
        )
        assert reply.embed["title"] == "NATO", "answers while the sync waits"
        await asyncio.wait_for(bot.sync_done.wait(), 10)
    assert [p.status for p in guild_syncs(fake_discord)] == [429, 200]


async def test_a_sync_limited_for_hours_is_retried_later_without_blocking(
    fake_discord: FakeDiscord,
    tmp_path: Path,
    engine: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    fake_discord.sync_rate_limits = [3600.0]  # Discord's daily command-creation limit
    with caplog.at_level(logging.WARNING, logger="studybot"):
        async with running_bot(fake_discord, settings, engine=engine, wait_for_sync=False) as bot:
            await fake_discord.wait_for_request(
                lambda r: r.route == "put_guild_commands", timeout=5
            )
            for _ in range(50):
                if "rate-limited" in caplog.text:
                    break
                await asyncio.sleep(0.05)
            assert not bot.sync_done.is_set(), "the retry waits in the background"
            reply = await Driver(fake_discord, bot).command(
                "ask", {"question": "what is nato"}, user=new_user(fake_discord, "patient2")
            )
            assert reply.embed["title"] == "NATO"
    [line] = [r for r in caplog.records if "rate-limited" in r.getMessage()]
    assert "3600 s" in line.getMessage() and line.exc_info is None


async def test_close_lets_answers_in_flight_finish(
    fake_discord: FakeDiscord,
    tmp_path: Path,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """SIGTERM (bot.close) with answers in flight: each gets its reply, no traceback."""
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    async with running_bot(fake_discord, settings, engine=engine) as bot:
        original = bot.answers._log

        async def slow_log(*args, **kwargs):
            await asyncio.sleep(0.4)  # a slow disk: the answer is still being sent
            return await original(*args, **kwargs)

        monkeypatch.setattr(bot.answers, "_log", slow_log)
        payloads = [
            fake_discord.slash_command(
                "ask", {"question": "what is nato"}, user=new_user(fake_discord, f"u{i}")
            )
            for i in range(40)
        ]
        with caplog.at_level(logging.WARNING):
            for payload in payloads:
                await fake_discord.inject_interaction(payload)
            await asyncio.sleep(0.05)  # the handlers are running
            await bot.close()
    answered = {c.params["interaction_id"] for c in fake_discord.callbacks() if c.status == 200}
    assert answered >= {p["id"] for p in payloads}, "an answer was lost on shutdown"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_a_deleted_database_file_is_noticed_and_reopened(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    storage = await Storage.open(settings.database)
    async with running_bot(fake_discord, settings, engine=engine, storage=storage) as bot:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.database}{suffix}").unlink(missing_ok=True)
        assert bot.storage is not None and bot.storage.replaced()
        with caplog.at_level(logging.WARNING, logger="studybot"):
            status = await bot.status()
        assert status["database_writable"] is True
        assert bot.storage is not storage and not bot.storage.replaced()
        await Driver(fake_discord, bot).command(
            "ask", {"question": "what is nato"}, user=new_user(fake_discord, "after")
        )
        opened = bot.storage
    await opened.close()
    await storage.close()
    assert "deleted or replaced" in caplog.text
    with sqlite3.connect(settings.database) as db:  # the answer went into the new file
        assert db.execute("SELECT count(*) FROM question_log").fetchone()[0] == 1


async def test_a_database_that_failed_at_start_is_retried(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    blocker = Path(settings.database).parent
    blocker.mkdir(parents=True, exist_ok=True)
    Path(settings.database).mkdir()  # a directory where the file should be: cannot open
    bot = StudyBot(settings, engine, None, sync_commands=False)
    await bot.storage_keeper.check()
    assert bot.storage is None
    assert bot.storage_keeper.retry_at > time.monotonic(), "retried later, with back-off"
    Path(settings.database).rmdir()  # the disk recovers
    bot.storage_keeper.retry_at = 0.0  # the back-off has passed
    await bot.storage_keeper.check()
    assert bot.storage is not None and Path(settings.database).is_file()
    await bot.storage.close()


async def test_log_writes_lost_to_another_process_lock_are_logged_once(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, dev_guild=fake_discord.guild_id)
    # A lock wait longer than the answer waits for the log (1 s), shorter than the test.
    storage = await Storage.open(settings.database, busy_timeout_ms=1500)
    locker = sqlite3.connect(settings.database, isolation_level=None, timeout=0)
    async with running_bot(fake_discord, settings, engine=engine, storage=storage) as bot:
        driver = Driver(fake_discord, bot)
        locker.execute("BEGIN EXCLUSIVE")  # another process holds the database
        with caplog.at_level(logging.INFO, logger="studybot"):
            for name in ("a", "b", "c"):
                reply = await driver.command(
                    "ask", {"question": "what is nato"}, user=new_user(fake_discord, name)
                )
                assert reply.type == CallbackType.CHANNEL_MESSAGE and reply.data["embeds"]
            await asyncio.sleep(2.0)  # the shielded writes time out in the storage layer
            locker.execute("ROLLBACK")
            await driver.command(
                "ask", {"question": "what is nato"}, user=new_user(fake_discord, "d")
            )
    locker.close()
    await storage.close()
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert sum("take over 1.0 s" in m for m in messages) == 1, messages
    assert sum("could not log a question" in m for m in messages) == 1, messages
    assert any("work again; 3 question(s) went unlogged" in m for m in messages), messages
    with sqlite3.connect(settings.database) as db:
        assert db.execute("SELECT count(*) FROM question_log").fetchone()[0] == 1
