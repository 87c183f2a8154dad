"""`studybot new`: start a new knowledge entry from a commented skeleton."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.cli.common import EXIT_PROBLEMS, CliError, add_knowledge_option, default_knowledge
from bot.knowledge.schema import KIND_DIRS
from bot.knowledge.skeleton import KINDS, skeleton

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `new` command."""
    parser = sub.add_parser(
        "new",
        help="write a skeleton for a new entry",
        description="Write knowledge/<kind>s/<id>.yaml with every field explained.",
    )
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("id", help="lowercase words joined by hyphens, e.g. concert-of-europe")
    add_knowledge_option(parser)
    parser.add_argument("--stdout", action="store_true", help="print instead of writing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the skeleton; refuse to overwrite an existing file."""
    if not _ID.match(args.id) or len(args.id) > 40:
        raise CliError(
            f"id {args.id!r} must be lowercase letters and digits joined by hyphens, "
            "at most 40 characters"
        )
    text = skeleton(args.kind, args.id)
    if args.stdout:
        print(text, end="")
        return 0
    path = Path(args.knowledge or default_knowledge()) / KIND_DIRS[args.kind] / f"{args.id}.yaml"
    if path.exists():
        raise CliError(f"{path} already exists; edit it instead", EXIT_PROBLEMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}: replace every TODO, then run `studybot check`")
    if args.kind == "case":
        print("a case names the concepts it illustrates; add its id to their `cases:` too")
    return 0
