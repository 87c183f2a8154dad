"""Stress the matcher with the frames real questions come in: does a greeting, an exam
number or a note about the homework around a question change its answer? And typos?

    python tools/stress_frames.py [--set tune|dev] [--show 3] [--typos]

Each question of the set that is answered right is asked again inside every frame below
(a prefix and a suffix that are not about anything); a frame that turns a right answer
into a wrong one or a decline is brittleness that unseen questions will find. Prints, per
frame, how many right answers it changed (wrong, declined) and a few examples. The
held-out half is never read. On 2026-12-07 the 20 frames changed 258 of 20 x 561 answers
before the stop words for chat, exam numbering and study settings, and 39 after.

--typos instead makes one edit in the longest word (7 letters or more) of each right
answer: a letter deleted, two swapped, one doubled, one replaced. On 2026-12-07 that
changed 77 of 4 x 527 answers before the corrector read prose and word-list words, 16 after.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.matching.evaluation import RIGHT, WRONG, judge, load_questions, verdict  # noqa: E402

SETS = {
    "tune": ROOT / "tests" / "data" / "questions" / "real-tune.yaml",
    "dev": ROOT.parent / "shared" / "dev-questions.yaml",
}


def wrap(before: str, after: str = "") -> Callable[[str], str]:
    """A frame that puts ``before`` and ``after`` around a question."""
    return lambda text: f"{before}{text}{after}"


# How forum posts, exam papers and homework sites frame or rewrite a question.
FRAMES: dict[str, Callable[[str], str]] = {
    "hey": wrap("hey guys, quick question - "),
    "q1": wrap("Q1. "),
    "thanks": wrap("", " thanks in advance!"),
    "marks": wrap("", " (10 marks)"),
    "words": wrap("", " Answer in about 500 words."),
    "please": wrap("Can you please help me with this: "),
    "discuss": wrap("", " Discuss."),
    "exam": wrap("I have an exam tomorrow. "),
    "someone": wrap("Can someone explain this to me? "),
    "context": wrap("", " in the context of international relations"),
    "textbook": wrap("According to the textbook, "),
    "points": wrap("", " [5]"),
    "note": wrap("Write a short note: "),
    "ir": wrap("IR question: "),
    "think": wrap("What do you think? "),
    "homework": wrap("Homework help needed!! "),
    "lower": str.lower,
    "upper": str.upper,
    "noquestionmark": lambda text: text.rstrip(" ?"),
    "nopunct": lambda text: "".join(
        c if c.isalnum() or c.isspace() or c == "'" else " " for c in text
    ),
}


TYPO_SEED = 1  # one fixed draw of the edited letters, so that runs compare
LONG_WORD = re.compile(r"[A-Za-z]{7,}")


def typos(word: str, rng: random.Random) -> dict[str, str]:
    """One edit of each kind at one inner position of ``word``."""
    i = rng.randrange(1, len(word) - 2)
    return {
        "deleted": word[:i] + word[i + 1 :],
        "swapped": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        "doubled": word[:i] + word[i] + word[i:],
        "replaced": word[:i] + ("e" if word[i] != "e" else "a") + word[i + 1 :],
    }


def typo_stress(engine: Engine, right: list) -> None:
    """Print how many right answers one edit in their longest word changes, per edit."""
    rng = random.Random(TYPO_SEED)
    changed: Counter[str] = Counter()
    asked = 0
    for question in right:
        words = LONG_WORD.findall(question.text)
        if not words:
            continue
        asked += 1
        word = max(words, key=len)
        for kind, typo in typos(word, rng).items():
            text = question.text.replace(word, typo, 1)
            if verdict(question, engine.match(text)) != RIGHT:
                changed[kind] += 1
    print(f"{asked} right answers with a word of 7 letters or more; changed by one edit:")
    for kind in ("deleted", "swapped", "doubled", "replaced"):
        print(f"  letter {kind:<9} {changed[kind]:>4}")
    print(f"all edits: {sum(changed.values())} changed answers")


def main() -> int:
    """Print how many right answers each frame changes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tune")
    parser.add_argument("--show", type=int, default=3, help="examples shown per frame")
    parser.add_argument("--typos", action="store_true", help="one-letter typos, not frames")
    args = parser.parse_args()
    engine = Engine.load(ROOT / "knowledge")
    questions = load_questions(SETS[args.set])
    right = [q for q, _m, outcome in judge(questions, engine.match) if outcome == RIGHT]
    print(f"{len(right)} right answers of {len(questions)} {args.set} questions")
    if args.typos:
        typo_stress(engine, right)
        return 0
    total = 0
    for name, frame in FRAMES.items():
        changed: Counter[str] = Counter()
        examples = []
        for question in right:
            outcome = verdict(question, engine.match(frame(question.text)))
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
