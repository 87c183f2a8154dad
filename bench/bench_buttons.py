"""Benchmark study mode's buttons end to end: quiz answers and flashcard reviews.

The real `StudyBot` on the fake Discord server, which runs with the load generator in a
process of its own (`bench_common.run_bench`; see bench_bot.py): each student opens a
`/quiz` round and adds a flashcard first; then ``--count`` presses of a quiz answer button
and as many of a flashcard's "Good" button run with at most ``--concurrency`` in flight.
Timed in the fake's process from the INTERACTION_CREATE dispatch to the bot's callback.
Target: p99 < 50 ms at concurrency 50 (reported, not asserted).

    .venv/bin/python bench/bench_buttons.py [--count 1000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench_common import ROOT, percentile, run_bench

sys.path.insert(0, str(ROOT / "tests" / "discord"))
from fake_discord import make_user

from bot.logs import setup_logging
from bot.settings import Secret

P99_TARGET_MS = 50.0
CALLBACK_TIMEOUT_S = 10.0
CARD_ENTRY = "collective-security"


async def press(fake, gate, custom_id: str, message: dict, user: dict, out: list) -> None:
    """Press one button and record the time to the bot's callback (None when lost)."""
    async with gate:
        # A message of its own for every press: the first press's reply rebinds the message
        # it edits to the new buttons (as on Discord, where the old ones are gone).
        fresh = {**message, "id": fake.snowflake()}
        payload = fake.component(custom_id, message=fresh, user=user)
        start = time.perf_counter()
        await fake.inject_interaction(payload)
        try:
            await fake.wait_for_callback(payload["id"], timeout=CALLBACK_TIMEOUT_S)
        except TimeoutError:
            out.append(None)
            return
        out.append((time.perf_counter() - start) * 1000)


async def prepared(fake, users: list[dict]) -> tuple[list, list]:
    """Per student: (answer button, its message) of a fresh /quiz, and of a card's Good."""
    quiz, cards = [], []
    for user in users:
        payload = fake.slash_command("quiz", {"questions": 5}, user=user)
        await fake.inject_interaction(payload)
        await fake.wait_for_callback(payload["id"])
        message = fake.original_message(payload)
        button = message["components"][0]["components"][0]["custom_id"]
        quiz.append((button, message, user))
        for name, options in (("cards add", {"entry": CARD_ENTRY}), ("cards review", {})):
            payload = fake.slash_command(name, options, user=user)
            await fake.inject_interaction(payload)
            await fake.wait_for_callback(payload["id"])
        front = fake.original_message(payload)
        show = fake.component(f"cs:{CARD_ENTRY}", message=front, user=user)
        await fake.inject_interaction(show)
        await fake.wait_for_callback(show["id"])
        cards.append((f"cr:good:{CARD_ENTRY}", fake.messages[front["id"]], user))
    return quiz, cards


async def drive(fake, count: int, concurrency: int, users: int) -> dict[str, list]:
    """In the fake's process: both kinds of presses, one kind after the other."""
    timings: dict[str, list] = {"quiz answer": [], "card review": []}
    people = [make_user(fake.snowflake(), f"bench-student-{n}") for n in range(users)]
    quiz, cards = await prepared(fake, people)
    gate = asyncio.Semaphore(concurrency)
    for name, buttons in (("quiz answer", quiz), ("card review", cards)):
        await asyncio.gather(
            *(
                press(
                    fake,
                    gate,
                    *buttons[n % len(buttons)][:2],
                    buttons[n % len(buttons)][2],
                    timings[name],
                )
                for n in range(count)
            )
        )
    return timings


def main() -> int:
    """Run the benchmark and print p50/p99 per kind of button."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args()
    setup_logging("WARNING", Secret("bench-token"))
    with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
        run = run_bench(Path(tmp), drive, args.count, args.concurrency, args.users)
    if run.fake_errors:
        print(f"warning: the fake Discord server crashed {run.fake_errors} time(s)")
    timings = run.result
    print(f"{args.count} presses of each, concurrency {args.concurrency}, {args.users} students")
    lost = 0
    for name, values in timings.items():
        times = [v for v in values if v is not None] or [float("inf")]
        lost += len(values) - len(times)
        p99 = percentile(times, 0.99)
        verdict = "PASS" if p99 < P99_TARGET_MS else "MISS"
        print(
            f"{name}: p50 {percentile(times, 0.5):.1f} ms, p99 {p99:.1f} ms "
            f"[p99 < {P99_TARGET_MS:.0f} ms: {verdict}], lost {len(values) - len(times)}"
        )
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
