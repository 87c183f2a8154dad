"""Keep the database open while the bot runs: reopen a file deleted or replaced under it,
retry one that could not be opened, with back-off, so a disk that recovers is used again
without a restart."""

from __future__ import annotations

import contextlib
import logging
import math
import time
from pathlib import Path

from bot.storage import Storage, StorageError

log = logging.getLogger("studybot")
# A database that cannot be opened is tried again after 15 s, then 30, 60... up to 5 min.
STORAGE_RETRY = (15.0, 300.0)


class StorageKeeper:
    """Holds the bot's storage (None while the database is unusable) and repairs it."""

    def __init__(self, database: Path, storage: Storage | None) -> None:
        self.database = database
        self.storage = storage
        # When to try opening again (monotonic clock); never while a database is open.
        self.retry_at = 0.0 if storage is None else math.inf
        self._delay = STORAGE_RETRY[0]

    async def check(self) -> None:
        """Reopen a replaced file at once; retry an unopened one when its back-off passed."""
        now = time.monotonic()
        if self.storage is not None:
            if not self.storage.replaced():
                return
            log.warning(
                "the database file %s was deleted or replaced; reopening it", self.storage.path
            )
            old, self.storage = self.storage, None
            with contextlib.suppress(Exception):
                await old.close()
            self.retry_at = now  # reopen at once
        if self.retry_at > now:
            return
        try:
            self.storage = await Storage.open(self.database)
        except StorageError as exc:
            if self._delay == STORAGE_RETRY[0]:  # the first failure only: no log storm
                log.warning("database unavailable (%s); retrying with back-off", exc)
            self.retry_at = now + self._delay
            self._delay = min(self._delay * 2, STORAGE_RETRY[1])
            return
        self._delay = STORAGE_RETRY[0]
        self.retry_at = math.inf
        log.info("database %s open again", self.database)

    async def writable(self) -> bool:
        """Whether a write to the database succeeds now."""
        if self.storage is None:
            return False
        try:
            await self.storage.set_meta("last_status", str(int(time.time())))
        except Exception:
            return False
        return True
