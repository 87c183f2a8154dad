"""The asynchronous studybot store: question log, answer feedback and guild settings.

One aiosqlite connection serves the whole bot. aiosqlite runs every statement on a
single worker thread, so writes are serialised; the connection is in autocommit mode
(``isolation_level=None``), so every write is committed as soon as it runs and a failed
write never leaves a transaction open. User ids are never stored: only
``sha256(salt + user_id)`` with a random per-database salt.

``log_question`` and ``record_vote`` swallow database errors (logging a warning) because
the bot must keep answering; every other method raises :class:`StorageError`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import aiosqlite

from .errors import StorageError
from .files import copy_database
from .migrations import SALT_KEY, migrate, normalise_question
from .study import StudyStore

log = logging.getLogger("studybot.storage")

DEFAULT_RETENTION_DAYS = 90
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 3650
DEFAULT_BUSY_TIMEOUT_MS = 5000
DAY_SECONDS = 86_400.0
# meta keys that only the storage layer may write.
RESERVED_META_KEYS = frozenset({SALT_KEY})

Clock = Callable[[], float]

_INSERT_LOG = """
INSERT INTO question_log (created_at, guild_id, user_hash, question, question_norm, kind,
                          entries, primary_entry, confidence, latency_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_UPSERT_VOTE = """
INSERT INTO feedback (log_id, user_hash, helpful, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (log_id, user_hash)
DO UPDATE SET helpful = excluded.helpful, created_at = excluded.created_at
"""

_UNANSWERED = """
SELECT question_norm, count(*) AS asked
FROM question_log
WHERE guild_id IS ? AND created_at >= ? AND (kind = 'none' OR confidence < ?)
GROUP BY question_norm
ORDER BY asked DESC, max(created_at) DESC, question_norm
LIMIT ?
"""

_UNANSWERED_ROWS = """
SELECT question, kind = 'none' AS declined, created_at
FROM question_log
WHERE guild_id IS ? AND created_at >= ? AND (kind = 'none' OR confidence < ?)
ORDER BY created_at DESC
LIMIT ?
"""

_FEEDBACK_SUMMARY = """
SELECT q.primary_entry AS entry_id,
       sum(f.helpful = 0) AS not_helpful,
       sum(f.helpful = 1) AS helpful
FROM feedback AS f JOIN question_log AS q ON q.id = f.log_id
WHERE q.guild_id IS ? AND q.primary_entry IS NOT NULL
GROUP BY q.primary_entry
ORDER BY not_helpful DESC, helpful ASC, entry_id
LIMIT ?
"""

# The first condition (shortest possible retention) lets the created_at index do the
# work; the second applies each guild's own retention, or the default without settings.
_PURGE = """
DELETE FROM question_log
WHERE created_at < :now - :min_days * :day
  AND created_at < :now - :day * coalesce(
        (SELECT s.retention_days FROM guild_settings AS s
         WHERE s.guild_id = question_log.guild_id),
        :default_days)
"""


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """Per-guild settings; a guild without a row gets these defaults."""

    guild_id: int
    moderator_role_id: int | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """Votes on answers whose primary (first cited) entry is ``entry_id``."""

    entry_id: str
    not_helpful: int
    helpful: int


class Storage(StudyStore):
    """Async access to the studybot database; create it with :meth:`Storage.open`.

    Study mode's methods (flashcards, quiz answers, the daily question, forget) come from
    :class:`bot.storage.study.StudyStore`."""

    def __init__(self, db: aiosqlite.Connection, path: Path, salt: str, clock: Clock) -> None:
        """Wrap an open, migrated connection; use :meth:`open` instead of calling this."""
        self._db: aiosqlite.Connection | None = db
        self._path = path
        self._salt = salt
        self._clock = clock
        self._identity = _file_identity(path)
        # Question-log writes lost in a row: the first is logged as a warning, the rest
        # only counted, and the recovery says how many were lost (no log storm while
        # another process holds the lock, and no write lost without a word).
        self._lost_logs = 0

    def replaced(self) -> bool:
        """True when the file was deleted or replaced since it was opened: writes would go
        into an unlinked file that nobody will ever read."""
        return _file_identity(self._path) != self._identity

    # -- lifecycle -----------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        path: str | os.PathLike[str],
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        clock: Clock = time.time,
    ) -> Self:
        """Open (creating if needed) and migrate the database at ``path``.

        Creates the parent directory, switches the file to WAL, applies pending
        migrations and turns on foreign keys. ``clock`` returns the current Unix time
        and exists for tests. Raises StorageError when the file cannot be used: not
        SQLite, corrupt, newer than this code, or a failed migration.
        """
        db_path = Path(path)
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the directory of {db_path}: {exc}") from exc
        await asyncio.to_thread(_prepare_file, db_path, busy_timeout_ms)
        db = await _connect(db_path, busy_timeout_ms)
        try:
            salt = await _read_salt(db, db_path)
        except BaseException:
            await db.close()
            raise
        return cls(db, db_path, salt, clock)

    async def close(self) -> None:
        """Close the connection; further calls raise StorageError (or fail softly)."""
        db, self._db = self._db, None
        if db is not None:
            await db.close()

    async def __aenter__(self) -> Self:
        """Return the open store; it is closed when the block ends."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        await self.close()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    # -- question log and feedback (never raise) ------------------------------------

    async def log_question(
        self,
        *,
        guild_id: int | None,
        user_id: int,
        question: str,
        kind: str,
        entries: Sequence[str],
        confidence: float,
        latency_ms: float,
    ) -> int | None:
        """Record an answered question and return its log id.

        ``entries`` are the cited entry ids, primary first; ``kind`` is the engine's
        answer kind (``"none"`` when nothing matched). Returns None, after logging a
        warning, when the database fails: the bot keeps answering without storage.
        """
        ids = [str(entry) for entry in entries]
        params = (
            self._clock(),
            guild_id,
            self._hash_user(user_id),
            question,
            normalise_question(question),
            kind,
            json.dumps(ids),
            ids[0] if ids else None,
            float(confidence),
            float(latency_ms),
        )
        try:
            log_id = await self._insert(_INSERT_LOG, params)
        except (sqlite3.Error, StorageError) as exc:
            self._lost_logs += 1
            if self._lost_logs == 1:
                log.warning(
                    "could not log a question, answering without the log until the database "
                    "recovers (further losses are counted, not logged): %s",
                    exc,
                )
            return None
        if self._lost_logs:
            log.warning(
                "question log writes work again; %d question(s) went unlogged", self._lost_logs
            )
            self._lost_logs = 0
        return log_id

    async def record_vote(self, *, log_id: int, user_id: int, helpful: bool) -> bool:
        """Store a user's helpful / not-helpful vote on a logged answer.

        One row per user and answer: voting again replaces the earlier vote. Returns
        True when stored, False for an unknown ``log_id`` or a database failure
        (logged, never raised).
        """
        params = (log_id, self._hash_user(user_id), int(bool(helpful)), self._clock())
        try:
            await self._write(_UPSERT_VOTE, params)
        except sqlite3.IntegrityError:
            log.info("vote for unknown question log id %s ignored", log_id)
            return False
        except (sqlite3.Error, StorageError) as exc:
            log.warning("could not record a vote: %s", exc)
            return False
        return True

    async def vote_counts(self, log_id: int) -> tuple[int, int]:
        """(helpful, not helpful) votes on one logged answer."""
        row = await self._fetchone(
            "SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0) "
            "FROM feedback WHERE log_id = ?",
            (log_id,),
        )
        return (int(row[0]), int(row[1])) if row is not None else (0, 0)

    # -- reports ---------------------------------------------------------------------

    async def unanswered(
        self,
        *,
        guild_id: int | None,
        days: int = 30,
        limit: int = 10,
        low_confidence: float = 0.5,
    ) -> list[tuple[str, int]]:
        """Return ``(normalised question, times asked)``, most frequent first.

        Counts questions from the last ``days`` that got no answer (kind ``"none"``) or
        one with confidence below ``low_confidence``. ``guild_id=None`` means direct
        messages. Questions are grouped by lowercase text with whitespace collapsed.
        """
        _require_positive(days=days, limit=limit)
        since = self._clock() - days * DAY_SECONDS
        rows = await self._fetchall(_UNANSWERED, (guild_id, since, low_confidence, limit))
        return [(str(question), int(count)) for question, count in rows]

    async def unanswered_rows(
        self,
        *,
        guild_id: int | None,
        days: int = 30,
        limit: int = 500,
        low_confidence: float = 0.5,
    ) -> list[tuple[str, bool]]:
        """``(question as asked, declined)`` for each unanswered or low-confidence question
        of the last ``days``, newest first (``reports.group_questions`` groups them)."""
        _require_positive(days=days, limit=limit)
        since = self._clock() - days * DAY_SECONDS
        rows = await self._fetchall(_UNANSWERED_ROWS, (guild_id, since, low_confidence, limit))
        return [(str(question), bool(declined)) for question, declined, _ in rows]

    async def feedback_summary(self, *, guild_id: int | None, limit: int = 10) -> list[FeedbackRow]:
        """Return vote counts per primary entry, most not-helpful votes first.

        Ties go to fewer helpful votes, then entry id. ``guild_id=None`` means
        direct messages.
        """
        _require_positive(limit=limit)
        rows = await self._fetchall(_FEEDBACK_SUMMARY, (guild_id, limit))
        return [FeedbackRow(str(entry), int(bad), int(good)) for entry, bad, good in rows]

    # -- guild settings ----------------------------------------------------------------

    async def get_settings(self, guild_id: int) -> GuildSettings:
        """Return the guild's settings, or the defaults when it has none stored."""
        row = await self._fetchone(
            "SELECT moderator_role_id, retention_days FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        if row is None:
            return GuildSettings(guild_id)
        return GuildSettings(guild_id, row[0], int(row[1]))

    async def set_moderator_role(self, guild_id: int, role_id: int | None) -> None:
        """Set (or with None, clear) the role allowed to use moderator commands."""
        await self._write_or_raise(
            "INSERT INTO guild_settings (guild_id, moderator_role_id) VALUES (?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET moderator_role_id = excluded.moderator_role_id",
            (guild_id, role_id),
        )

    async def set_retention_days(self, guild_id: int, days: int) -> None:
        """Keep the guild's question log for ``days`` days (1..3650), else ValueError."""
        _validate_retention(days)
        await self._write_or_raise(
            "INSERT INTO guild_settings (guild_id, retention_days) VALUES (?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET retention_days = excluded.retention_days",
            (guild_id, days),
        )

    async def purge_expired(self, now: datetime | None = None) -> int:
        """Delete log rows older than their guild's retention; return how many.

        Guilds without settings, and direct messages, keep ``DEFAULT_RETENTION_DAYS``.
        Feedback on deleted rows goes with them (foreign-key cascade). A naive ``now``
        is taken as UTC; None means the store's clock.
        """
        params = {
            "now": self._clock() if now is None else _unix_time(now),
            "day": DAY_SECONDS,
            "min_days": MIN_RETENTION_DAYS,
            "default_days": DEFAULT_RETENTION_DAYS,
        }
        deleted, _ = await self._write_or_raise(_PURGE, params)
        if deleted:
            log.info("purged %d expired question log rows", deleted)
        return deleted

    # -- meta, stats, backup ------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        """Return the meta value stored under ``key``, or None."""
        row = await self._fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    async def set_meta(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (e.g. the command-tree sync hash).

        Raises ValueError for keys the storage layer owns, such as the user-hash salt.
        """
        if key in RESERVED_META_KEYS:
            raise ValueError(f"meta key {key!r} is reserved")
        await self._write_or_raise(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def stats(self) -> dict[str, int]:
        """Return schema version, row counts and on-disk size (database plus WAL)."""
        rows = await self._fetchall(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM question_log),"
            " (SELECT count(*) FROM feedback),"
            " (SELECT count(*) FROM guild_settings)"
        )
        version, questions, feedback, guilds = (int(value) for value in rows[0])
        return {
            "schema_version": version,
            "questions": questions,
            "feedback": feedback,
            "guilds_with_settings": guilds,
            "file_size_bytes": _disk_size(self._path),
        }

    async def backup(self, dest_path: str | os.PathLike[str]) -> Path:
        """Write a consistent copy of the open database to ``dest_path``; return it.

        Uses SQLite's online backup API from a separate read connection in a worker
        thread, so the bot keeps logging meanwhile. The copy replaces ``dest_path``
        atomically and is a single self-contained file.
        """
        self._conn()  # refuse on a closed store
        dest = Path(dest_path)
        await asyncio.to_thread(copy_database, self._path, dest)
        return dest

    # -- internals -----------------------------------------------------------------------

    def _hash_user(self, user_id: int) -> str:
        """Return the salted sha256 hex digest standing in for a user id."""
        return hashlib.sha256(f"{self._salt}{int(user_id)}".encode()).hexdigest()

    def _conn(self) -> aiosqlite.Connection:
        """Return the live connection or raise StorageError once closed."""
        if self._db is None:
            raise StorageError("storage is closed")
        return self._db

    async def _write(self, sql: str, params: Any = ()) -> tuple[int, int | None]:
        """Run one write statement (committed at once); return rowcount and lastrowid.

        Database errors propagate as sqlite3.Error for the callers that handle them.
        """
        async with self._conn().execute(sql, params) as cursor:
            return cursor.rowcount, cursor.lastrowid

    async def _write_or_raise(self, sql: str, params: Any = ()) -> tuple[int, int | None]:
        """Like :meth:`_write`, but database errors become StorageError."""
        with _storage_errors():
            return await self._write(sql, params)

    async def _insert(self, sql: str, params: Any = ()) -> int | None:
        """Run one plain INSERT (committed at once) and return the new row's id, in one
        trip to the database thread where :meth:`_write` takes two (the statement, then
        closing its cursor): the question log and study mode write on every answer and
        button press. Not for INSERT OR IGNORE (an ignored row has no new id). Database
        errors propagate as sqlite3.Error."""
        row = await self._conn().execute_insert(sql, params)
        return None if row is None else int(row[0])

    async def _insert_or_raise(self, sql: str, params: Any = ()) -> int | None:
        """Like :meth:`_insert`, but database errors become StorageError."""
        with _storage_errors():
            return await self._insert(sql, params)

    async def _fetchall(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        """Run a query and return every row; database errors become StorageError."""
        with _storage_errors():
            return list(await self._conn().execute_fetchall(sql, params))

    async def _fetchone(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        """Run a query and return its first row or None."""
        rows = await self._fetchall(sql, params)
        return rows[0] if rows else None


def _prepare_file(path: Path, busy_timeout_ms: int) -> None:
    """Switch the file to WAL and migrate it, on a short-lived synchronous connection."""
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open studybot database {path}: {exc}") from exc


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path``, or None when it does not exist."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


async def _connect(path: Path, busy_timeout_ms: int) -> aiosqlite.Connection:
    """Open the long-lived autocommit connection with foreign keys and busy timeout."""
    try:
        db = await aiosqlite.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open studybot database {path}: {exc}") from exc
    try:
        for pragma in (
            f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}",
            "PRAGMA foreign_keys = ON",
            "PRAGMA synchronous = NORMAL",
        ):
            await db.execute(pragma)
    except sqlite3.Error as exc:
        await db.close()
        raise StorageError(f"cannot configure studybot database {path}: {exc}") from exc
    return db


async def _read_salt(db: aiosqlite.Connection, path: Path) -> str:
    """Return the user-hash salt written by migration 1."""
    with _storage_errors():
        rows = list(await db.execute_fetchall("SELECT value FROM meta WHERE key = ?", (SALT_KEY,)))
    if not rows or not rows[0][0]:
        raise StorageError(f"{path} has no user-hash salt in its meta table")
    return str(rows[0][0])


@contextmanager
def _storage_errors() -> Iterator[None]:
    """Translate sqlite3 errors raised in the block into StorageError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(f"database error: {exc}") from exc


def _validate_retention(days: int) -> None:
    """Raise ValueError unless ``days`` is an int within the allowed retention range."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValueError(f"retention days must be an integer, got {days!r}")
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise ValueError(
            f"retention days must be between {MIN_RETENTION_DAYS} and "
            f"{MAX_RETENTION_DAYS}, got {days}"
        )


def _require_positive(**values: int) -> None:
    """Raise ValueError for any argument that is not a positive number."""
    for name, value in values.items():
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value}")


def _unix_time(moment: datetime) -> float:
    """Return ``moment`` as Unix time, reading a naive datetime as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _disk_size(path: Path) -> int:
    """Return the bytes used by the database file and its WAL, if present."""
    total = 0
    for candidate in (path, path.with_name(path.name + "-wal")):
        with suppress(FileNotFoundError):
            total += candidate.stat().st_size
    return total
