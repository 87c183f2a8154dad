"""Runtime settings from the environment or a `.env` file; the token is never printed."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values


class Secret:
    """A string that hides itself from repr, str and logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself: pass it to the library, never to a log."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    """What `studybot run` needs; see README for each variable."""

    token: Secret
    knowledge: Path
    database: Path
    status_file: Path
    log_level: str
    dev_guild: int | None
    cooldown_rate: int = 5
    cooldown_seconds: float = 30.0
    # Base URL of a Discord-compatible API (tests, proxies); None means discord.com.
    discord_api: str | None = None

    @classmethod
    def from_env(cls, env_file: str | os.PathLike[str] = ".env") -> Settings:
        """Read settings from os.environ, falling back to ``env_file`` for unset keys."""
        values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
        values.update(
            {k: v for k, v in os.environ.items() if k.startswith(("DISCORD_", "STUDYBOT_"))}
        )
        token = _token(values)
        level = (values.get("STUDYBOT_LOG_LEVEL") or "INFO").upper()
        if not isinstance(logging.getLevelName(level), int):
            raise SettingsError(f"STUDYBOT_LOG_LEVEL={level!r} is not a log level (try INFO)")
        guild = values.get("STUDYBOT_DEV_GUILD") or None
        if guild is not None and not guild.strip().isdigit():
            raise SettingsError("STUDYBOT_DEV_GUILD must be a numeric guild id")
        database = Path(values.get("STUDYBOT_DB") or "data/studybot.db")
        return cls(
            token=Secret(token),
            knowledge=Path(values.get("STUDYBOT_KNOWLEDGE") or "knowledge"),
            database=database,
            status_file=Path(values.get("STUDYBOT_STATUS") or database.with_name("status.json")),
            log_level=level,
            dev_guild=int(guild) if guild else None,
            discord_api=values.get("STUDYBOT_DISCORD_API") or None,
        )


def _token(values: dict[str, str]) -> str:
    """DISCORD_TOKEN, or the contents of the file DISCORD_TOKEN_FILE names (a Docker or
    compose secret: unlike a variable, it never shows in `docker inspect` or the
    process environment). Both at once is an error: which one wins would be a guess."""
    inline = (values.get("DISCORD_TOKEN") or "").strip()
    path = (values.get("DISCORD_TOKEN_FILE") or "").strip()
    if not path:
        return inline
    if inline:
        raise SettingsError("set DISCORD_TOKEN or DISCORD_TOKEN_FILE, not both")
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:  # the message names the file, never its text
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not text"
        raise SettingsError(f"DISCORD_TOKEN_FILE={path}: cannot read it ({reason})") from exc
    if not token:
        raise SettingsError(f"DISCORD_TOKEN_FILE={path} is empty")
    return token
