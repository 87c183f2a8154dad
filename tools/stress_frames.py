"""Stress the matcher with the frames real questions come in: does a greeting, an exam
number or a note about the homework around a question change its answer?

    python tools/stress_frames.py [--set tune|dev] [--show 3]

Each question of the set that is answered right is asked again inside every frame below
(a prefix and a suffix that are not about anything); a frame that turns a right answer
into a wrong one or a decline is brittleness that unseen questions will find. Prints, per
frame, how many right answers it changed (wrong, declined) and a few examples. The
held-out half is never read. On 2026-12-07 the 20 frames changed 258 of 20 x 561 answers
before the stop words for chat, exam numbering and study settings, and 57 after.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.matching.evaluation import RIGHT, WRONG, judge, load_questions, verdict  # noqa: E402

SETS = {
    "tune": ROOT / "tests" / "data" / "questions" / "real-tune.yaml",
    "dev": ROOT.parent / "shared" / "dev-questions.yaml",
}
# (name, before, after): how forum posts, exam papers and homework sites frame a question.
FRAMES = [
    ("hey", "hey guys, quick question - ", ""),
    ("q1", "Q1. ", ""),
    ("thanks", "", " thanks in advance!"),
    ("marks", "", " (10 marks)"),
    ("words", "", " Answer in about 500 words."),
    ("please", "Can you please help me with this: ", ""),
    ("discuss", "", " Discuss."),
    ("exam", "I have an exam tomorrow. ", ""),
    ("someone", "Can someone explain this to me? ", ""),
    ("context", "", " in the context of international relations"),
    ("textbook", "According to the textbook, ", ""),
    ("points", "", " [5]"),
    ("note", "Write a short note: ", ""),
    ("ir", "IR question: ", ""),
    ("think", "What do you think? ", ""),
    ("homework", "Homework help needed!! ", ""),
    ("lower", "", ""),  # the question in lower case (see below)
    ("upper", "", ""),
    ("noquestionmark", "", ""),
    ("nopunct", "", ""),
]


def framed(name: str, before: str, after: str, text: str) -> str:
    """``text`` inside a frame (the last four frames rewrite it instead)."""
    if name == "lower":
        return text.lower()
    if name == "upper":
        return text.upper()
    if name == "noquestionmark":
        return text.rstrip(" ?")
    if name == "nopunct":
        return "".join(c if c.isalnum() or c.isspace() or c == "'" else " " for c in text)
    return f"{before}{text}{after}"


def main() -> int:
    """Print how many right answers each frame changes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tune")
    parser.add_argument("--show", type=int, default=3, help="examples shown per frame")
    args = parser.parse_args()
    engine = Engine.load(ROOT / "knowledge")
    questions = load_questions(SETS[args.set])
    right = [q for q, _m, outcome in judge(questions, engine.match) if outcome == RIGHT]
    print(f"{len(right)} right answers of {len(questions)} {args.set} questions")
    total = 0
    for name, before, after in FRAMES:
        changed: Counter[str] = Counter()
        examples = []
        for question in right:
            outcome = verdict(question, engine.match(framed(name, before, after, question.text)))
            if outcome != RIGHT:
                changed["wrong" if outcome == WRONG else "declined"] += 1
                examples.append(question.text[:90])
        total += sum(changed.values())
        print(
            f"  {name:<15} {sum(changed.values()):>4} changed "
            f"({changed['wrong']} wrong, {changed['declined']} declined)"
        )
        for example in examples[: args.show]:
            print(f"      {example!r}")
    print(f"all frames: {total} changed answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
