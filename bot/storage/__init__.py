"""Persistent storage for studybot: question log, answer feedback, guild settings.

SQLite through aiosqlite, versioned with ``PRAGMA user_version`` (see
:mod:`bot.storage.migrations`). Nothing here imports discord.
"""

from .errors import StorageError
from .files import inspect_database, restore
from .migrations import SCHEMA_VERSION
from .store import FeedbackRow, GuildSettings, Storage

__all__ = [
    "SCHEMA_VERSION",
    "FeedbackRow",
    "GuildSettings",
    "Storage",
    "StorageError",
    "inspect_database",
    "restore",
]
