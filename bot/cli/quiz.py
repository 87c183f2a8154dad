"""`studybot quiz`: practise the study-mode items in the terminal, as the bot asks them.

Reads one answer letter a line from standard input, so it works typed at a terminal or
with answers piped in; the end of input stops the round with the score so far.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import TextIO

from bot.cli.common import CliError, add_knowledge_option, load_engine
from bot.cli.exit_codes import ExitCode
from bot.study import bank
from bot.study.item import LETTERS, QuizItem

# Seeds printed for a replay stay short enough to type.
SEED_RANGE = 1_000_000


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `quiz` command."""
    parser = sub.add_parser(
        "quiz",
        help="practise quiz items in the terminal",
        description=(
            "Ask N quiz items from the knowledge base (generated and hand-written), read "
            "an answer letter a line from standard input, explain each answer with its "
            "sources, and print the score."
        ),
    )
    parser.add_argument("--topic", "-t", help="only items about this entry (id, title or alias)")
    parser.add_argument(
        "--n",
        "-n",
        type=int,
        default=bank.DEFAULT_QUESTIONS,
        help=f"how many items (1-{bank.MAX_QUESTIONS}, default {bank.DEFAULT_QUESTIONS})",
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="replay the same items and options (default: new)"
    )
    add_knowledge_option(parser)
    parser.set_defaults(handler=run)


def render_item(item: QuizItem, number: int, total: int) -> str:
    """The question and its lettered options, as printed before the answer prompt."""
    lines = [f"Question {number}/{total}: {item.question}"]
    lines += [
        f"  {letter}) {option}" for letter, option in zip(LETTERS, item.options, strict=False)
    ]
    return "\n".join(lines)


def render_feedback(item: QuizItem, letter: str) -> str:
    """Right or not, the right option, the explanation and its numbered sources."""
    verdict = "Right." if item.is_right(letter) else "Not quite."
    lines = [f"{verdict} The answer is {item.answer_letter}) {item.answer_text}", item.explanation]
    lines += [f"[{ref.number}] {ref.short}" for ref in item.citations]
    return "\n".join(lines)


def _read_letter(stream: TextIO, count: int) -> str | None:
    """The next valid letter from ``stream`` (asking again after anything else), or None
    at the end of input."""
    valid = LETTERS[:count]
    while True:
        print(f"Your answer ({valid[0]}-{valid[-1]}): ", end="", flush=True)
        line = stream.readline()
        if not stream.isatty():  # piped answers are not echoed: show what was read
            print(line.rstrip("\n"))
        if not line:
            return None
        letter = line.strip().upper()
        if len(letter) == 1 and letter in valid:
            return letter
        print(f"Please type one letter, {', '.join(valid)}.")


def run(args: argparse.Namespace) -> int:
    """Ask the round and print the score (also when the input ends early)."""
    if not 1 <= args.n <= bank.MAX_QUESTIONS:
        raise CliError(f"--n must be between 1 and {bank.MAX_QUESTIONS}, got {args.n}")
    engine = load_engine(args.knowledge)
    seed = args.seed if args.seed is not None else secrets.randbelow(SEED_RANGE)
    try:
        items = bank.session(engine.kb, topic=args.topic, n=args.n, seed=seed)
    except bank.UnknownTopic as exc:
        raise CliError(str(exc)) from exc
    if not items:
        raise CliError(f"no quiz items about {args.topic!r} yet")
    about = f" on {args.topic}" if args.topic else ""
    print(f"Quiz{about}: {len(items)} question(s), seed {seed}.\n", flush=True)
    right = asked = 0
    for number, item in enumerate(items, start=1):
        print(render_item(item, number, len(items)), flush=True)
        letter = _read_letter(sys.stdin, len(item.options))
        if letter is None:
            break
        asked += 1
        right += item.is_right(letter)
        print(render_feedback(item, letter) + "\n", flush=True)
    stopped = "" if asked == len(items) else f" (stopped after {asked} of {len(items)})"
    print(f"Score: {right}/{asked}{stopped}", flush=True)
    return ExitCode.OK
