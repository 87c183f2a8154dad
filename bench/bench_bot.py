"""Benchmark the real bot end to end: 1,000 `/ask` interactions through a fake Discord.

The real `StudyBot` (all cogs, the real knowledge base, a real SQLite question log in a
temporary directory) logs in to the fake Discord server from
``tests/discord/fake_discord.py``, syncs its commands to the fake's guild, and then answers
1,000 ``/ask`` slash commands from many distinct users, at most 50 in flight at once.

The fake and the load generator run in a process of their own (`bench_common.run_bench`):
real Discord is another machine, and on the bot's event loop the fake's own work (parsing
the bot's requests, copying and encoding messages) was counted in every latency. The bot's
process does only what it does in production; the two share this machine's cores.

For every interaction the fake's process measures the time from just before the
INTERACTION_CREATE gateway dispatch (``inject_interaction``) to the moment it records the
bot's interaction callback (``wait_for_callback``), i.e. gateway decode, command dispatch,
cooldown check, matching, composing, the question-log write, embed rendering and the
callback POST.

Printed: total wall time, throughput, p50/p99/max latency, lost interactions (no
callback within 10 s), whether every interaction was written to ``question_log``, and
the peak RSS of the bot's process (and of the fake's). It exits 1 unless nothing was lost
and every interaction was logged; the latency (p99 < 100 ms at concurrency 50, < 150 ms
at 100) and memory (RSS < 150 MB) targets are reported, not asserted.

    .venv/bin/python bench/bench_bot.py [--count 1000] [--concurrency 50] [--users 250]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "discord"))

from bench_common import DEV_QUESTIONS, load_questions, percentile, run_bench  # noqa: E402
from fake_discord import FakeDiscord, make_user  # noqa: E402

from bot.logs import setup_logging  # noqa: E402
from bot.settings import Secret  # noqa: E402

QUESTIONS_FILE = DEV_QUESTIONS
CALLBACK_TIMEOUT_S = 10.0
# The p99 targets by concurrency (README): 100 ms with 50 in flight, 150 ms with 100.
P99_TARGETS_MS = {50: 100.0, 100: 150.0}
RSS_TARGET_MB = 150.0
BENCH_TOKEN = Secret("bench-token")
LOG_LEVEL = "WARNING"


def count_logged(database: Path) -> int:
    """Rows in the question log of the (closed) database file."""
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM question_log").fetchone()[0])


async def one_interaction(
    fake: FakeDiscord, gate: asyncio.Semaphore, question: str, user: dict, results: dict
) -> None:
    """Inject one `/ask` and record how long the bot took to call back."""
    async with gate:
        payload = fake.slash_command("ask", {"question": question}, user=user)
        start = time.perf_counter()
        await fake.inject_interaction(payload)
        try:
            callback = await fake.wait_for_callback(payload["id"], timeout=CALLBACK_TIMEOUT_S)
        except TimeoutError:
            results["lost"].append(payload["id"])
            return
        results["latencies_ms"].append((time.perf_counter() - start) * 1000)
        if callback.status != 200:
            results["bad_status"].append(callback.status)


async def drive(
    fake: FakeDiscord, questions: list[str], count: int, concurrency: int, users: int
) -> dict:
    """In the fake's process: ``count`` interactions, at most ``concurrency`` in flight."""
    if "ask" not in {c["name"] for c in fake.commands.get(fake.guild_id, [])}:
        raise RuntimeError("the bot did not sync /ask to the fake guild")
    people = [make_user(fake.snowflake(), f"bench-student-{n}") for n in range(users)]
    gate = asyncio.Semaphore(concurrency)
    results: dict = {"latencies_ms": [], "lost": [], "bad_status": []}
    started = time.perf_counter()
    await asyncio.gather(
        *(
            one_interaction(
                fake, gate, questions[n % len(questions)], people[n % len(people)], results
            )
            for n in range(count)
        )
    )
    results["wall_s"] = time.perf_counter() - started
    return results


def main() -> int:
    """Run the benchmark, print the figures, fail on lost or unlogged interactions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--users", type=int, default=250, help="distinct users asking")
    args = parser.parse_args()
    setup_logging(LOG_LEVEL, BENCH_TOKEN)

    questions = load_questions(QUESTIONS_FILE)
    with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
        workdir = Path(tmp)
        run = run_bench(workdir, drive, questions, args.count, args.concurrency, args.users)
        logged = count_logged(workdir / "bench.db")
    results = run.result
    if run.fake_errors:
        print(f"warning: the fake Discord server crashed {run.fake_errors} time(s)")
    if run.unknown_routes:
        print(f"warning: {len(run.unknown_routes)} request(s) hit no fake route, e.g. ", end="")
        print(run.unknown_routes[0])
    peak_mb = run.bot_rss_mb
    wall_s = results["wall_s"]

    times, lost = results["latencies_ms"], results["lost"]
    target = P99_TARGETS_MS[min(P99_TARGETS_MS, key=lambda c: abs(c - args.concurrency))]
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
            f"max {max(times):.1f} ms  [p99 < {target:.0f} ms: "
            f"{'PASS' if p99 < target else 'MISS'}]"
        )
    print(f"lost:        {len(lost)} (no callback within {CALLBACK_TIMEOUT_S:.0f} s)")
    if results["bad_status"]:
        print(f"callbacks answered with an error status: {len(results['bad_status'])}")
    all_logged = logged == args.count
    verdict = "all logged" if all_logged else "NOT all logged"
    print(f"logged:      {logged}/{args.count} rows in question_log  [{verdict}]")
    print(
        f"peak RSS:    {peak_mb:.0f} MB  "
        f"[< {RSS_TARGET_MB:.0f} MB: {'PASS' if peak_mb < RSS_TARGET_MB else 'MISS'}]  "
        f"(the bot's process; {run.ready_rss_mb:.0f} MB when the bot was ready; "
        f"the fake server's process {run.fake_rss_mb:.0f} MB)"
    )

    failures = []
    if lost:
        failures.append(f"{len(lost)} interaction(s) got no callback")
    if not all_logged:
        failures.append(f"question_log has {logged} rows, expected {args.count}")
    if failures:
        print("FAIL: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
