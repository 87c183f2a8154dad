"""The `studybot` command line: one module per command, wired together here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import ask, author, check, kb, ops, run
from bot.cli.common import CliError

COMMANDS = (ask, check, kb, author, run, ops)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="studybot",
        description="Cited answers on international security from a curated knowledge base.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `studybot` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return exc.code
    except OSError as exc:  # a folder or file the command was pointed at is unusable
        print(
            f"studybot: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
