"""`studybot check`: validate a knowledge tree and print every problem as path:line."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import CliError, default_knowledge
from bot.cli.exit_codes import ExitCode
from bot.knowledge.loader import load_knowledge


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `check` command."""
    parser = sub.add_parser(
        "check",
        help="validate the knowledge files",
        description="Validate every knowledge file; print each problem as path:line: field.",
    )
    parser.add_argument("dir", nargs="?", default=None, help="knowledge folder")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print problems; exit 1 on errors (or warnings with --strict), else a summary."""
    root = args.dir or default_knowledge()
    if not Path(root).is_dir():  # a mistyped folder is a usage error, not a broken tree
        raise CliError(f"{root}: not a folder of knowledge files (usage: studybot check [DIR])")
    result = load_knowledge(root)
    for problem in result.problems:
        print(problem)
    failing = result.problems if args.strict else result.errors
    if failing:
        print(f"{result.error_count}, {len(result.warnings)} warning(s) in {result.files} file(s)")
        return ExitCode.PROBLEMS
    assert result.kb is not None
    parts = result.kb.counts_text()
    warn = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    print(f"ok: {result.files} files: {parts}{warn}")
    return ExitCode.OK
