"""Benchmark study mode's engine: generating quiz items, and answering a flashcard review.

Prints figures; it asserts nothing. Targets (issue 12): 1,000 items in < 100 ms; a review
(fsrs plus the SQLite read and write) p99 < 50 ms, here one at a time and with many
students reviewing at once on the bot's single connection.

    python bench/bench_quiz.py [--reviews 2000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_common import percentile

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import load_knowledge
from bot.storage import Storage
from bot.study import bank, cards

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 1_000
GUILD = 1
RATINGS = tuple(cards.RATINGS)


def bench_generation(kb: KnowledgeBase) -> tuple[float, float, int]:
    """(first build of the templates, then 1,000 items drawn) in ms, and the bank size."""
    start = time.perf_counter()
    size = len(bank.templates(kb))
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    made, seed = 0, 0
    while made < ITEMS:
        made += len(bank.items(kb, seed)[: ITEMS - made])
        seed += 1
    return first, (time.perf_counter() - start) * 1000, size


async def _review(store: Storage, user: int, turn: int, now: datetime) -> float:
    start = time.perf_counter()
    await cards.review(store, GUILD, user, "veto", RATINGS[turn % 4], now=now)
    return (time.perf_counter() - start) * 1000


async def bench_reviews(reviews: int, concurrency: int) -> dict[str, list[float]]:
    """Review latencies in ms, serial and with ``concurrency`` students at once."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        async with await Storage.open(Path(folder) / "bench.db") as store:
            for user in range(concurrency):
                await cards.add(store, GUILD, user, "veto", now=now)
            serial = [
                await _review(store, 0, turn, now + timedelta(minutes=turn))
                for turn in range(reviews)
            ]
            concurrent: list[float] = []
            for turn in range(reviews // concurrency):
                at = now + timedelta(minutes=turn)
                concurrent += await asyncio.gather(
                    *(_review(store, user, turn, at) for user in range(concurrency))
                )
    return {"serial": serial, f"concurrency {concurrency}": concurrent}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    kb = load_knowledge(ROOT / "knowledge").kb
    assert kb is not None
    first, drawn, size = bench_generation(kb)
    print(f"items: {size} per seed on the real knowledge base")
    print(f"templates, first build: {first:.1f} ms (once per knowledge base)")
    print(f"{ITEMS} items generated: {drawn:.1f} ms (target < 100 ms)")
    for label, times in asyncio.run(bench_reviews(args.reviews, args.concurrency)).items():
        print(
            f"review ({label}, {len(times)}): p50 {statistics.median(times):.2f} ms, "
            f"p99 {percentile(times, 0.99):.2f} ms (target p99 < 50 ms)"
        )


if __name__ == "__main__":
    main()
