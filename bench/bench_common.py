"""Shared by the bench scripts: the questions to time, a percentile, and the real bot run
against the fake Discord server in a process of its own (`run_bench`)."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import resource
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

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
BENCH_TOKEN = "bench-token"
READY_TIMEOUT_S = 30.0

# drive(fake, *args) runs in the fake Discord server's process once the bot is connected
# and synced; what it returns (plain data: it crosses a pipe) is the bench's result.
Drive = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class BenchRun:
    """What one run against the fake produced, and what each process cost."""

    result: Any  # what drive returned
    ready_rss_mb: float  # the bot's process when the bot was ready
    bot_rss_mb: float  # the bot's process, peak
    fake_rss_mb: float  # the fake server's (and load generator's) process, peak
    fake_errors: int  # exceptions raised by the fake's own handlers
    unknown_routes: tuple[str, ...]  # request paths the fake has no route for


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far, of this process or (RUSAGE_CHILDREN) the largest
    waited-for child; Linux reports KiB."""
    return resource.getrusage(who).ru_maxrss / 1024


def current_rss_mb() -> float:
    """This process's resident set size now (Linux /proc), or the peak where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def run_bench(workdir: Path, drive: Drive, *args: Any) -> BenchRun:
    """Run the real bot in this process against the fake Discord server in another, and
    ``drive(fake, *args)`` (a module-level coroutine function) in the fake's process.

    Real Discord is another machine: with the fake, the load generator and the bot on one
    event loop, every latency also counted the fake's own work (parsing the bot's
    requests, copying messages, encoding JSON) and the load generator's, queued with the
    bot's. Here the bot's process does only what it does in production, and the fake's
    process times each interaction from just before its INTERACTION_CREATE frame is sent
    to the moment the bot's callback is recorded, as before."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    fake_process = context.Process(
        target=_fake_process, args=(theirs, drive, args), name="fake-discord", daemon=True
    )
    fake_process.start()
    theirs.close()
    try:
        ready_rss, outcome = asyncio.run(_bot_side(workdir, ours))
    finally:
        ours.close()
        fake_process.join(10)
        if fake_process.is_alive():
            fake_process.kill()
            fake_process.join()
    if "error" in outcome:
        raise RuntimeError(f"the fake Discord's process failed:\n{outcome['error']}")
    return BenchRun(
        result=outcome["result"],
        ready_rss_mb=ready_rss,
        bot_rss_mb=peak_rss_mb(),
        fake_rss_mb=peak_rss_mb(resource.RUSAGE_CHILDREN),
        fake_errors=outcome["errors"],
        unknown_routes=tuple(outcome["unknown"]),
    )


async def _bot_side(workdir: Path, pipe: Connection) -> tuple[float, dict]:
    """StudyBot on the real knowledge base and a SQLite file in ``workdir``, connected to
    the fake (whose address comes down the pipe) and synced; no cooldown, so only the bot's
    own speed counts. Returns the RSS when ready and the fake's report."""
    sys.path.insert(0, str(ROOT / "tests" / "discord"))
    from fake_discord import connected, point_discord_at

    from bot.client import StudyBot
    from bot.engine import Engine
    from bot.settings import Secret, Settings
    from bot.storage import Storage

    hello = await asyncio.to_thread(pipe.recv)
    point_discord_at(hello["base_url"])
    settings = Settings(
        token=Secret(BENCH_TOKEN),
        knowledge=ROOT / "knowledge",
        database=workdir / "bench.db",
        status_file=workdir / "status.json",
        log_level=BENCH_LOG_LEVEL,
        dev_guild=int(hello["guild_id"]),
        cooldown_rate=10**9,
    )
    storage = await Storage.open(settings.database)
    bot = StudyBot(settings, Engine.load(settings.knowledge), storage, sync_commands=True)
    try:
        async with connected(bot, token=BENCH_TOKEN, timeout=READY_TIMEOUT_S):
            await asyncio.wait_for(bot.sync_done.wait(), READY_TIMEOUT_S)
            ready_rss = peak_rss_mb()
            pipe.send("go")
            outcome = await asyncio.to_thread(pipe.recv)
    finally:
        await storage.close()
    pipe.send("bye")  # the bot is closed: the fake may stop
    return ready_rss, outcome


def _fake_process(pipe: Connection, drive: Drive, args: tuple) -> None:
    """The fake Discord server's process: serve, drive the bench, report."""
    sys.path.insert(0, str(ROOT / "tests" / "discord"))
    try:
        asyncio.run(_serve(pipe, drive, args))
    except EOFError:
        pass  # the bot's process went away; nothing to report to
    finally:
        pipe.close()


async def _serve(pipe: Connection, drive: Drive, args: tuple) -> None:
    from fake_discord import FakeDiscord

    async with FakeDiscord() as fake:
        pipe.send({"base_url": fake.base_url, "guild_id": fake.guild_id})
        await asyncio.to_thread(pipe.recv)  # "go": connected and synced
        # The fake keeps every request and message, so its full collections take tens of
        # milliseconds and would stall every interaction in flight; Discord's pauses are
        # no part of the bot's latency. (The bot's process collects as in production.)
        gc.disable()
        try:
            outcome: dict = {"result": await drive(fake, *args)}
        except Exception:
            outcome = {"error": traceback.format_exc()}
        finally:
            gc.enable()
        outcome["errors"] = len(fake.errors)
        outcome["unknown"] = [r.path for r in fake.unknown_requests()]
        pipe.send(outcome)
        await asyncio.to_thread(pipe.recv)  # "bye": keep serving until the bot closed
