"""Shared by the bench scripts: the questions to time, a percentile, and the real bot
started against the fake Discord server."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.matching.evaluation import load_questions as load_labelled

ROOT = Path(__file__).resolve().parent.parent  # the repository
DEV_QUESTIONS = ROOT.parent / "shared" / "dev-questions.yaml"
FALLBACK_QUESTIONS = [
    "what is collective security?",
    "collective security vs collective defence",
    "what is r2p",
    "how does deterence work",
    "what's the security dilemma",
    "explain westphalian sovereignty",
    "when was the warsaw pact dissolved",
    "who can use the veto in the security council",
    "what is human security",
    "what is a firewall",
]


def load_questions(path: Path) -> list[str]:
    """The ``q`` values of a dev-questions YAML file, or a small built-in set."""
    if path.is_file():
        questions = [q.text for q in load_labelled(path)]
        if questions:
            return questions
    return FALLBACK_QUESTIONS


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


BENCH_LOG_LEVEL = "WARNING"


@asynccontextmanager
async def running_bot(workdir: Path) -> AsyncIterator[tuple]:
    """(fake Discord, StudyBot) on the real knowledge base and a SQLite file in
    ``workdir``, connected and synced; no cooldown, so only the bot's own speed counts."""
    sys.path.insert(0, str(ROOT / "tests" / "discord"))
    from fake_discord import FakeDiscord

    from bot.client import StudyBot
    from bot.engine import Engine
    from bot.settings import Secret, Settings
    from bot.storage import Storage

    async with FakeDiscord() as fake:
        settings = Settings(
            token=Secret("bench-token"),
            knowledge=ROOT / "knowledge",
            database=workdir / "bench.db",
            status_file=workdir / "status.json",
            log_level=BENCH_LOG_LEVEL,
            dev_guild=int(fake.guild_id),
            cooldown_rate=10**9,
        )
        storage = await Storage.open(settings.database)
        bot = StudyBot(settings, Engine.load(settings.knowledge), storage, sync_commands=True)
        try:
            async with fake.running(bot, token=settings.token.reveal()):
                await asyncio.wait_for(bot.sync_done.wait(), 30)  # synced once connected
                yield fake, bot
        finally:
            await storage.close()
        if fake.errors:
            print(f"warning: the fake Discord server crashed {len(fake.errors)} time(s)")
