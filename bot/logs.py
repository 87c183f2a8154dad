"""Logging setup: one format for the bot, and a filter that redacts the token anywhere."""

from __future__ import annotations

import logging

from bot.settings import Secret


class RedactingFormatter(logging.Formatter):
    """Replace the secret anywhere in the formatted record, tracebacks included
    (defence in depth: studybot never logs it)."""

    def __init__(self, fmt: str, secret: Secret) -> None:
        super().__init__(fmt)
        self._value = secret.reveal()

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace(self._value, "***") if self._value else text


class _DropVoiceNotice(logging.Filter):
    """studybot has no voice features; discord.py's notice about it is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def setup_logging(level: str, secret: Secret) -> None:
    """Log to stderr at ``level``, with the token redacted from every record."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", secret)
    )
    handler.addFilter(_DropVoiceNotice())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))
