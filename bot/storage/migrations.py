"""Schema migrations for the studybot database, versioned with ``PRAGMA user_version``.

``MIGRATIONS[i]`` upgrades a database from version ``i`` to ``i + 1``; the list index
plus one is the version a migration produces. Each migration is a plain function on a
:class:`sqlite3.Connection` that is already inside a transaction: :func:`migrate` runs
it and bumps ``user_version`` in that same transaction, so a failure leaves the database
at the previous version. Never edit a released migration; append a new one.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .errors import StorageError

Migration = Callable[[sqlite3.Connection], None]

# meta key of the random salt used to hash user ids; written once by migration 1.
SALT_KEY = "user_hash_salt"


def normalise_question(text: str) -> str:
    """Return the grouping key of a question: lowercase, whitespace runs collapsed.

    The write path and the migration 3 backfill both use this, so they always agree;
    changing it needs a new migration that recomputes ``question_log.question_norm``.
    """
    return " ".join(text.lower().split())


def primary_entry(entries_json: str) -> str | None:
    """Return the first entry id of a JSON list, or None when empty or malformed."""
    try:
        entries = json.loads(entries_json)
    except (TypeError, ValueError):
        return None
    if isinstance(entries, list) and entries and isinstance(entries[0], str):
        return entries[0]
    return None


def initial_schema(conn: sqlite3.Connection) -> None:
    """Version 1: meta (with the user-hash salt), question log, feedback, guild settings."""
    statements = (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE question_log (
            id INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            guild_id INTEGER,
            user_hash TEXT NOT NULL,
            question TEXT NOT NULL,
            kind TEXT NOT NULL,
            entries TEXT NOT NULL DEFAULT '[]',
            confidence REAL NOT NULL,
            latency_ms REAL NOT NULL
        )""",
        "CREATE INDEX idx_question_log_guild_created ON question_log (guild_id, created_at)",
        "CREATE INDEX idx_question_log_created ON question_log (created_at)",
        """CREATE TABLE feedback (
            log_id INTEGER NOT NULL REFERENCES question_log (id) ON DELETE CASCADE,
            user_hash TEXT NOT NULL,
            helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
            created_at REAL NOT NULL,
            PRIMARY KEY (log_id, user_hash)
        )""",
        """CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            moderator_role_id INTEGER,
            retention_days INTEGER NOT NULL DEFAULT 90
                CHECK (retention_days BETWEEN 1 AND 3650)
        )""",
    )
    for sql in statements:
        conn.execute(sql)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (SALT_KEY, secrets.token_hex(16)))


def add_primary_entry(conn: sqlite3.Connection) -> None:
    """Version 2: store the primary (first) entry id so feedback aggregates per entry."""
    conn.execute("ALTER TABLE question_log ADD COLUMN primary_entry TEXT")
    rows = conn.execute("SELECT id, entries FROM question_log").fetchall()
    conn.executemany(
        "UPDATE question_log SET primary_entry = ? WHERE id = ?",
        [(primary_entry(entries), log_id) for log_id, entries in rows],
    )
    conn.execute(
        "CREATE INDEX idx_question_log_guild_entry ON question_log (guild_id, primary_entry)"
    )


def add_question_norm(conn: sqlite3.Connection) -> None:
    """Version 3: store the normalised question so unanswered questions group in SQL."""
    conn.execute("ALTER TABLE question_log ADD COLUMN question_norm TEXT")
    rows = conn.execute("SELECT id, question FROM question_log").fetchall()
    conn.executemany(
        "UPDATE question_log SET question_norm = ? WHERE id = ?",
        [(normalise_question(question), log_id) for log_id, question in rows],
    )


def add_study_tables(conn: sqlite3.Connection) -> None:
    """Version 4: study mode's per-student state, keyed by guild (0 for direct messages)
    and the salted user hash: flashcards and their reviews, quiz answers, the daily
    question's settings, posts, answers and streaks, and leaderboard opt-ins (the only
    table that keeps a user id, because the student asked to be named)."""
    statements = (
        """CREATE TABLE study_cards (
            guild_id INTEGER NOT NULL,
            user_hash TEXT NOT NULL,
            card_key TEXT NOT NULL,
            state TEXT NOT NULL,
            due REAL NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (guild_id, user_hash, card_key)
        )""",
        "CREATE INDEX idx_study_cards_due ON study_cards (guild_id, user_hash, due)",
        """CREATE TABLE study_reviews (
            id INTEGER PRIMARY KEY,
            guild_id INTEGER NOT NULL,
            user_hash TEXT NOT NULL,
            card_key TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at REAL NOT NULL,
            due REAL NOT NULL
        )""",
        "CREATE INDEX idx_study_reviews_user ON study_reviews (guild_id, user_hash)",
        """CREATE TABLE study_answers (
            id INTEGER PRIMARY KEY,
            guild_id INTEGER NOT NULL,
            user_hash TEXT NOT NULL,
            item_id TEXT NOT NULL,
            entry_id TEXT,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            mode TEXT NOT NULL CHECK (mode IN ('quiz', 'round', 'daily')),
            answered_at REAL NOT NULL
        )""",
        "CREATE INDEX idx_study_answers_user ON study_answers (guild_id, user_hash, entry_id)",
        """CREATE TABLE study_daily_settings (
            guild_id INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL,
            post_time TEXT NOT NULL CHECK (post_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            timezone TEXT NOT NULL DEFAULT 'UTC',
            reveal_minutes INTEGER NOT NULL DEFAULT 60 CHECK (reveal_minutes BETWEEN 1 AND 1440)
        )""",
        """CREATE TABLE study_daily_posts (
            guild_id INTEGER NOT NULL,
            day TEXT NOT NULL,
            item_id TEXT NOT NULL,
            channel_id INTEGER,
            message_id INTEGER,
            posted_at REAL NOT NULL,
            revealed_at REAL,
            PRIMARY KEY (guild_id, day)
        )""",
        """CREATE TABLE study_daily_answers (
            guild_id INTEGER NOT NULL,
            day TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            answered_at REAL NOT NULL,
            PRIMARY KEY (guild_id, day, user_hash),
            FOREIGN KEY (guild_id, day) REFERENCES study_daily_posts (guild_id, day)
                ON DELETE CASCADE
        )""",
        """CREATE TABLE study_streaks (
            guild_id INTEGER NOT NULL,
            user_hash TEXT NOT NULL,
            current INTEGER NOT NULL,
            best INTEGER NOT NULL,
            last_day TEXT NOT NULL,
            PRIMARY KEY (guild_id, user_hash)
        )""",
        """CREATE TABLE study_optin (
            guild_id INTEGER NOT NULL,
            user_hash TEXT NOT NULL,
            user_id INTEGER NOT NULL,
            opted_at REAL NOT NULL,
            PRIMARY KEY (guild_id, user_hash)
        )""",
    )
    for sql in statements:
        conn.execute(sql)


MIGRATIONS: list[Migration] = [
    initial_schema,
    add_primary_entry,
    add_question_norm,
    add_study_tables,
]

# The version this code writes; read MIGRATIONS at call time inside this module.
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the ``user_version`` of the database behind ``conn``."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_supported(version: int) -> None:
    """Raise StorageError when ``version`` is newer than the migrations this code knows."""
    latest = len(MIGRATIONS)
    if version > latest:
        raise StorageError(f"database version {version} is newer than this studybot ({latest})")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration, one transaction each; return the final version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). The version is read
    under the write lock (``BEGIN IMMEDIATE``), so two processes never both migrate.
    """
    while True:
        with _immediate_transaction(conn):
            version = schema_version(conn)
            check_supported(version)
            if version == len(MIGRATIONS):
                return version
            _apply(conn, version)


def _apply(conn: sqlite3.Connection, version: int) -> None:
    """Run the migration from ``version`` to ``version + 1`` and bump ``user_version``."""
    target = version + 1
    if version == 0:
        _refuse_foreign_schema(conn)
    try:
        MIGRATIONS[version](conn)
    except sqlite3.Error as exc:
        raise StorageError(f"migration to version {target} failed: {exc}") from exc
    conn.execute(f"PRAGMA user_version = {target:d}")


def _refuse_foreign_schema(conn: sqlite3.Connection) -> None:
    """Refuse to migrate a version-0 database that already holds someone else's tables."""
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchone()
    if row[0]:
        raise StorageError("database has tables but no studybot version; not a studybot database")


@contextmanager
def _immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Hold a write transaction for the block; commit on success, roll back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
