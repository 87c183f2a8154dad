"""`studybot ask`: answer a question in the terminal, exactly as the bot would."""

from __future__ import annotations

import argparse
import json
import sys

from bot.answer.render_text import answer_json, render_markdown
from bot.cli.common import CliError, add_knowledge_option, load_engine
from bot.cli.exit_codes import ExitCode


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `ask` command."""
    parser = sub.add_parser(
        "ask",
        help="answer a question",
        description=(
            "Answer a question from the knowledge base. Without a question, read questions "
            "from standard input, one a line."
        ),
    )
    parser.add_argument("question", nargs="*", help="the question (quotes optional)")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--json", action="store_true", help="print one JSON object per question instead"
    )
    shown.add_argument(
        "--discord",
        action="store_true",
        help="show the answer as Discord will: the card, its buttons, every page they open",
    )
    add_knowledge_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Answer the question given, or every line of stdin."""
    if not args.question and sys.stdin.isatty():
        raise CliError('give a question (studybot ask "what is r2p?") or pipe questions on stdin')
    engine = load_engine(args.knowledge)
    if args.question:
        questions = [" ".join(args.question)]
    else:
        questions = (line.rstrip("\n") for line in sys.stdin)
    if args.discord:  # the engine never needs discord; only this preview does
        from bot.discord_ui.preview import preview
    for question in questions:
        answer = engine.ask(question)
        if args.discord:
            print(preview(engine.kb, answer), flush=True)
        elif args.json:
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        else:
            print(render_markdown(answer), flush=True)
    return ExitCode.OK
