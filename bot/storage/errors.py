"""The single exception type the storage layer lets escape."""

from __future__ import annotations


class StorageError(Exception):
    """The database cannot be opened, migrated, read or written.

    The bot treats it as "run without storage": answering never depends on it.
    """
