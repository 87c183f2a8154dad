"""Helpers shared by the CLI commands: the knowledge option and loading it."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from bot.cli.exit_codes import ExitCode
from bot.settings import Settings, SettingsError

if TYPE_CHECKING:  # the engine is imported when needed: `studybot health` stays quick
    from bot.engine import Engine

DEFAULT_KNOWLEDGE = "knowledge"


class CliError(Exception):
    """A clean, one-line failure with an exit code (never a traceback)."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(message)
        self.code = code


def default_knowledge() -> str:
    """STUDYBOT_KNOWLEDGE from the environment or .env (as `run` reads it), else ./knowledge."""
    from_env = os.environ.get("STUDYBOT_KNOWLEDGE")
    if from_env:
        return from_env
    from dotenv import dotenv_values

    return dotenv_values(".env").get("STUDYBOT_KNOWLEDGE") or DEFAULT_KNOWLEDGE


def add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--knowledge DIR`` (default: $STUDYBOT_KNOWLEDGE or ./knowledge)."""
    parser.add_argument(
        "--knowledge",
        "-k",
        metavar="DIR",
        default=None,
        help="knowledge folder (default: $STUDYBOT_KNOWLEDGE or ./knowledge)",
    )


def load_engine(path: str | None) -> Engine:
    """Load the engine or fail with the first problems and a pointer to `check`."""
    from bot.engine import Engine
    from bot.knowledge.problems import KnowledgeError

    root = path or default_knowledge()
    try:
        return Engine.load(root)
    except KnowledgeError as exc:
        errors = [str(p) for p in exc.problems if p.severity == "error"]
        raise CliError(
            f"the knowledge base in {root!r} has {len(errors)} error(s), first: {errors[0]} "
            f"(run `studybot check {root}` for all)",
            ExitCode.KNOWLEDGE,
        ) from exc


def load_settings(*, need_token: bool = False) -> Settings:
    """Settings from the environment and .env, as clean CLI errors."""
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from exc
    if need_token and not settings.token:
        raise CliError(
            "DISCORD_TOKEN is not set: put it in the environment or a .env file, or name a file "
            "holding it in DISCORD_TOKEN_FILE (see docs/self-hosting.md)",
            ExitCode.USAGE,
        )
    return settings
