"""The `studybot` command line: one module per command, wired together here."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.cli.common import CliError
from bot.cli.exit_codes import ExitCode

#: The command modules, each with a ``register(subparsers)``; imported when needed.
COMMANDS = ("ask", "check", "kb", "author", "run", "ops", "quiz")
#: Docker runs `studybot health` every few seconds: it registers only its own module, so a
#: probe costs a bare interpreter start, not the engine's imports (numpy, pydantic, ...).
#: `studybot ask` is what a moderator runs after every edit: it skips the quiz bank, the
#: checker and the bot's modules.
LIGHT_COMMANDS = {"health": ("ops",), "ask": ("ask",)}


def build_parser(modules: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The argument parser with the subcommands of ``modules`` (default: all) registered."""
    parser = argparse.ArgumentParser(
        prog="studybot",
        description="Cited answers on international security from a curated knowledge base.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in modules:
        importlib.import_module(f"bot.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `studybot` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(LIGHT_COMMANDS.get(argv[0], COMMANDS) if argv else COMMANDS)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or ExitCode.OK)
    except CliError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return exc.code
    except OSError as exc:  # a folder or file the command was pointed at is unusable
        print(
            f"studybot: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr
        )
        return ExitCode.PROBLEMS
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
