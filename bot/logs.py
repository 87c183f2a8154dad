"""Logging setup: one format for the bot, and a filter that redacts the token anywhere."""

from __future__ import annotations

import logging

from bot.settings import Secret


class RedactFilter(logging.Filter):
    """Replace the secret in any log message (defence in depth: we never log it)."""

    def __init__(self, secret: Secret) -> None:
        super().__init__()
        self._value = secret.reveal()

    def filter(self, record: logging.LogRecord) -> bool:
        if self._value and self._value in record.getMessage():
            record.msg = record.getMessage().replace(self._value, "***")
            record.args = ()
        return True


class _DropVoiceNotice(logging.Filter):
    """studybot has no voice features; discord.py's notice about it is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def setup_logging(level: str, secret: Secret) -> None:
    """Log to stderr at ``level``, with the token redacted from every record."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactFilter(secret))
    handler.addFilter(_DropVoiceNotice())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))
