"""Benchmark the real bot end to end: 1,000 `/ask` interactions through a fake Discord.

The real `StudyBot` (all cogs, the real knowledge base, a real SQLite question log in a
temporary directory) logs in to the in-process fake Discord server from
``tests/discord/fake_discord.py``, syncs its commands to the fake's guild, and then answers
1,000 ``/ask`` slash commands from many distinct users, at most 50 in flight at once.

For every interaction it measures the time from just before the INTERACTION_CREATE
gateway dispatch (``inject_interaction``) to the moment the fake records the bot's
interaction callback (``wait_for_callback``), i.e. gateway decode, command dispatch,
cooldown check, matching, composing, the question-log write, embed rendering and the
callback POST. The fake server runs in the same process and event loop as the bot, so
its own work is included in the latencies and in the peak RSS.

Printed: total wall time, throughput, p50/p99/max latency, lost interactions (no
callback within 10 s), whether every interaction was written to ``question_log``, and
peak RSS. It exits 1 unless nothing was lost and every interaction was logged; the
latency (p99 < 100 ms) and memory (RSS < 150 MB) targets are reported, not asserted.

    .venv/bin/python bench/bench_bot.py [--count 1000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "discord"))

from bench_common import DEV_QUESTIONS, load_questions, percentile, running_bot  # noqa: E402
from fake_discord import FakeDiscord, make_user  # noqa: E402

from bot.logs import setup_logging  # noqa: E402
from bot.settings import Secret  # noqa: E402

QUESTIONS_FILE = DEV_QUESTIONS
CALLBACK_TIMEOUT_S = 10.0
P99_TARGET_MS = 100.0
RSS_TARGET_MB = 150.0
BENCH_TOKEN = Secret("bench-token")
LOG_LEVEL = "WARNING"


@dataclass
class Results:
    """What the interactions produced."""

    latencies_ms: list[float] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    bad_status: list[int] = field(default_factory=list)
    wall_s: float = 0.0
    ready_rss_mb: float = 0.0


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_logged(database: Path) -> int:
    """Rows in the question log of the (closed) database file."""
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM question_log").fetchone()[0])


async def one_interaction(
    fake: FakeDiscord,
    gate: asyncio.Semaphore,
    question: str,
    user: dict,
    results: Results,
) -> None:
    """Inject one `/ask` and record how long the bot took to call back."""
    async with gate:
        payload = fake.slash_command("ask", {"question": question}, user=user)
        start = time.perf_counter()
        await fake.inject_interaction(payload)
        try:
            callback = await fake.wait_for_callback(payload["id"], timeout=CALLBACK_TIMEOUT_S)
        except TimeoutError:
            results.lost.append(payload["id"])
            return
        results.latencies_ms.append((time.perf_counter() - start) * 1000)
        if callback.status != 200:
            results.bad_status.append(callback.status)


async def run(count: int, concurrency: int, users: int, workdir: Path) -> Results:
    """Start the fake and the bot, then drive ``count`` interactions through them."""
    questions = load_questions(QUESTIONS_FILE)
    results = Results()
    async with running_bot(workdir) as (fake, _bot):
        if "ask" not in {c["name"] for c in fake.commands.get(fake.guild_id, [])}:
            raise RuntimeError("the bot did not sync /ask to the fake guild")
        people = [make_user(fake.snowflake(), f"bench-student-{n}") for n in range(users)]
        gate = asyncio.Semaphore(concurrency)
        results.ready_rss_mb = peak_rss_mb()
        started = time.perf_counter()
        await asyncio.gather(
            *(
                one_interaction(
                    fake, gate, questions[n % len(questions)], people[n % len(people)], results
                )
                for n in range(count)
            )
        )
        results.wall_s = time.perf_counter() - started
        unknown = fake.unknown_requests()
        if unknown:
            print(f"warning: {len(unknown)} request(s) hit no fake route, e.g. {unknown[0].path}")
    return results


def main() -> int:
    """Run the benchmark, print the figures, fail on lost or unlogged interactions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--users", type=int, default=250, help="distinct users asking")
    args = parser.parse_args()
    setup_logging(LOG_LEVEL, BENCH_TOKEN)

    with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
        workdir = Path(tmp)
        results = asyncio.run(run(args.count, args.concurrency, args.users, workdir))
        logged = count_logged(workdir / "bench.db")
    peak_mb = peak_rss_mb()
    wall_s = results.wall_s

    times = results.latencies_ms
    p99 = percentile(times, 0.99) if times else float("inf")
    print(
        f"{args.count} /ask interactions, concurrency {args.concurrency}, "
        f"{args.users} distinct users"
    )
    print(f"wall time:   {wall_s:.2f} s")
    print(f"throughput:  {args.count / wall_s:.0f} interactions/s")
    if times:
        print(
            f"latency:     p50 {percentile(times, 0.5):.1f} ms, p99 {p99:.1f} ms, "
            f"max {max(times):.1f} ms  [p99 < {P99_TARGET_MS:.0f} ms: "
            f"{'PASS' if p99 < P99_TARGET_MS else 'MISS'}]"
        )
    print(f"lost:        {len(results.lost)} (no callback within {CALLBACK_TIMEOUT_S:.0f} s)")
    if results.bad_status:
        print(f"callbacks answered with an error status: {len(results.bad_status)}")
    all_logged = logged == args.count
    verdict = "all logged" if all_logged else "NOT all logged"
    print(f"logged:      {logged}/{args.count} rows in question_log  [{verdict}]")
    print(
        f"peak RSS:    {peak_mb:.0f} MB  "
        f"[< {RSS_TARGET_MB:.0f} MB: {'PASS' if peak_mb < RSS_TARGET_MB else 'MISS'}]  "
        f"({results.ready_rss_mb:.0f} MB when the bot was ready; fake server included)"
    )

    failures = []
    if results.lost:
        failures.append(f"{len(results.lost)} interaction(s) got no callback")
    if not all_logged:
        failures.append(f"question_log has {logged} rows, expected {args.count}")
    if failures:
        print("FAIL: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
