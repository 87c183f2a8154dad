"""Benchmark the engine: cold start, per-question latency, scale, memory.

Prints figures; it asserts nothing. Targets (matching v2): median < 1 ms and p99 < 5 ms on
the real knowledge base, p99 < 20 ms and RSS < 150 MB at 10,000 entries, a cold start
within 3x the import of the third-party packages `studybot ask` loads.

The 10,000 entries are served by a process of their own (``--scale-child``), as a bot with
that knowledge base would be: its peak RSS (while the index is built) and its RSS once
ready, without the real knowledge base's engine beside it.

    python bench/bench_ask.py [--questions FILE] [--synthetic 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_common import DEV_QUESTIONS, current_rss_mb, load_questions, peak_rss_mb, percentile

from bot.answer.compose import compose
from bot.engine import Engine
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import load_knowledge
from bot.knowledge.schema import Citation, Concept
from bot.matching.matcher import Matcher
from bot.runtime.memory import release_free_memory

ROOT = Path(__file__).resolve().parent.parent


def time_questions(kb: KnowledgeBase, matcher: Matcher, questions: list[str], rounds: int):
    """Per-question wall times in ms for match + compose, over several rounds."""
    times = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            compose(kb, matcher.match(question), question)
            times.append((time.perf_counter() - start) * 1000)
    return times


def cold_start(runs: int = 5) -> tuple[float, float]:
    """Median seconds for `python -m bot ask` (cached snapshot) and for merely importing the
    third-party packages it loads, side by side."""
    ask = [sys.executable, "-m", "bot", "ask", "what is collective security?"]
    third_party = "import pydantic, rapidfuzz, yaml, dotenv, numpy, tokenizers"
    bare = [sys.executable, "-c", third_party]
    results = []
    for command in (ask, bare):
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            samples.append(time.perf_counter() - start)
        results.append(statistics.median(samples))
    return results[0], results[1]


def synthetic_kb(real: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """The real entries plus ``size`` generated concepts built from the real vocabulary."""
    rng = random.Random(seed)
    words = sorted(
        {w for e in real.entries.values() for w in e.body.lower().split() if w.isalpha()}
    )
    source_id = next(e.id for e in real.entries.values() if e.kind == "source")
    entries = dict(real.entries)
    for n in range(size):
        title = " ".join(rng.choices(words, k=3))
        entries[f"synthetic-{n}"] = Concept(
            id=f"synthetic-{n}",
            kind="concept",
            title=title,
            aliases=[" ".join(rng.choices(words, k=2))],
            summary=" ".join(rng.choices(words, k=25)) + ".",
            body=" ".join(rng.choices(words, k=200)) + ".",
            key_points=[" ".join(rng.choices(words, k=8)) for _ in range(3)],
            sources=[Citation(source=source_id)],
        )
    return KnowledgeBase(
        root=real.root,
        entries=entries,
        comparisons=real.comparisons,
        loaded_at=datetime.now(UTC),
        version="synthetic",
    )


def scale_child(questions: list[str], size: int) -> int:
    """In a process of its own: the synthetic knowledge base built, timed and measured,
    printed as one JSON object for the parent."""
    real = load_knowledge(ROOT / "knowledge").kb
    assert real is not None, "the real knowledge base has errors: run studybot check"
    big = synthetic_kb(real, size)
    del real
    start = time.perf_counter()
    matcher = Matcher(big)
    build_s = time.perf_counter() - start
    build_peak_mb = peak_rss_mb()
    release_free_memory()  # as Engine.load does after a build
    ready_mb = current_rss_mb()
    times = time_questions(big, matcher, questions, 3)
    figures = {
        "entries": len(big.entries),
        "build_s": build_s,
        "median_ms": statistics.median(times),
        "p99_ms": percentile(times, 0.99),
        "ready_mb": ready_mb,
        "build_peak_mb": build_peak_mb,
        # After the questions: the rows of the embedding weights they read stay mapped.
        "serving_mb": current_rss_mb(),
        "peak_mb": peak_rss_mb(),
    }
    print(json.dumps(figures))
    return 0


def main() -> int:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEV_QUESTIONS)
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--scale-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    questions = load_questions(args.questions)
    if args.scale_child:
        return scale_child(questions, args.synthetic)

    ask_s, bare_s = cold_start()
    print(
        f"cold start: {ask_s * 1000:.0f} ms for `studybot ask` "
        f"against {bare_s * 1000:.0f} ms to import its third-party packages "
        f"({ask_s / bare_s:.1f}x; target within 3x)"
    )

    engine = Engine.load(ROOT / "knowledge")
    times = time_questions(engine.kb, engine.matcher, questions, args.rounds)
    print(
        f"real knowledge base ({len(engine.kb.entries)} entries, {len(questions)} questions "
        f"x {args.rounds}): median {statistics.median(times):.3f} ms, "
        f"p99 {percentile(times, 0.99):.3f} ms"
    )

    child = [sys.executable, __file__, "--scale-child", "--synthetic", str(args.synthetic)]
    child += ["--questions", str(args.questions)]
    scale = json.loads(subprocess.run(child, capture_output=True, check=True, text=True).stdout)
    print(
        f"synthetic knowledge base ({scale['entries']} entries, index built in "
        f"{scale['build_s']:.1f} s): median {scale['median_ms']:.3f} ms, "
        f"p99 {scale['p99_ms']:.3f} ms"
    )
    print(
        f"RSS at {scale['entries']} entries (target < 150 MB): {scale['ready_mb']:.0f} MB "
        f"ready, {scale['build_peak_mb']:.0f} MB peak while the index is built, "
        f"{scale['serving_mb']:.0f} MB after {len(questions) * 3} questions "
        f"(peak {scale['peak_mb']:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
