"""Answer quality on every question set: right, wrong answer and false decline, per kind,
and a calibration table (confidence bucket: share of answers that are right).

    python bench/bench_quality.py [--misses tune|dev|NAME]

Sets: the dev questions (../shared/dev-questions.yaml, our own style) and the real
questions in tests/data/questions/ (tune half and held-out half). The held-out half is
the reported figure; --misses refuses to show it, so nobody tunes on it by accident.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

from bench_common import DEV_QUESTIONS, ROOT

from bot.answer.model import SURE_MATCH
from bot.engine import Engine
from bot.matching.evaluation import FALSE_DECLINE, RIGHT, WRONG, judge, load_questions

QUESTION_SETS = {
    "dev": DEV_QUESTIONS,
    "tune": ROOT / "tests" / "data" / "questions" / "real-tune.yaml",
    "heldout": ROOT / "tests" / "data" / "questions" / "real-heldout.yaml",
}
BUCKETS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # confidence bucket edges


def report(name: str, results: list) -> None:
    """Print one set's table."""
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for question, _match, outcome in results:
        by_kind[question.expect][outcome] += 1
        by_kind["all"][outcome] += 1
    print(f"\n{name} ({len(results)} questions)")
    print(f"  {'kind':<11} {'right':>7} {'wrong':>7} {'declined':>9}")
    for kind in ("entry", "comparison", "none", "all"):
        counts = by_kind.get(kind)
        if not counts:
            continue
        n = sum(counts.values())
        print(
            f"  {kind:<11} {counts[RIGHT] / n:7.1%} {counts[WRONG] / n:7.1%} "
            f"{counts[FALSE_DECLINE] / n:9.1%}   (n={n})"
        )
    sure = [o for _q, m, o in results if m.kind != "none" and m.confidence >= SURE_MATCH]
    if sure:
        right = sum(o == RIGHT for o in sure)
        print(
            f"  shown as a confident match (confidence >= {SURE_MATCH}): {right}/{len(sure)} "
            f"right ({right / len(sure):.1%}; {len(sure) / len(results):.0%} of the questions)"
        )


def calibration(results: list) -> None:
    """Share right among the answers in each confidence bucket (declines left out)."""
    print("\ncalibration over all sets (answers only)")
    for low, high in pairwise(BUCKETS):
        inside = [o for _q, m, o in results if m.kind != "none" and low <= m.confidence < high]
        if inside:
            share = sum(o == RIGHT for o in inside) / len(inside)
            print(
                f"  confidence {low:.1f}-{min(high, 1.0):.1f}: {share:6.1%} right (n={len(inside)})"
            )


def main() -> int:
    """Run every set and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", help="show the misses of one set (not the held-out one)")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--sets", default=",".join(QUESTION_SETS), help="comma-separated")
    args = parser.parse_args()
    if args.misses == "heldout":
        print("the held-out half is never shown question by question", file=sys.stderr)
        return 2
    engine = Engine.load(args.knowledge)
    everything = []
    for name, path in QUESTION_SETS.items():
        if name not in args.sets.split(","):
            continue
        if not path.is_file():
            print(f"\n{name}: {path} not found, skipped")
            continue
        results = judge(load_questions(path), engine.match)
        everything.extend(results)
        report(name, results)
        if args.misses == name:
            for question, match, outcome in results:
                if outcome != RIGHT:
                    print(
                        f"    [{outcome}] {question.text[:110]!r}\n"
                        f"        want {question.expect} {list(question.entries)}, got "
                        f"{match.kind} {match.entries} {match.confidence:.2f} "
                        f"sugg {match.suggestions}"
                    )
    calibration(everything)
    return 0


if __name__ == "__main__":
    sys.exit(main())
