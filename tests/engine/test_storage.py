"""Tests for bot.storage on real SQLite files in tmp_path."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.reports import unanswered_report
from bot.storage import (
    SCHEMA_VERSION,
    FeedbackRow,
    GuildSettings,
    Storage,
    StorageError,
    migrations,
    restore,
)
from bot.storage.migrations import MIGRATIONS, SALT_KEY

DAY = 86_400.0
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC).timestamp()
USER = 987_654_321_012_345_678
GUILD = 111_222_333


class FakeClock:
    """A settable clock standing in for time.time."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def days_ago(self, days: float) -> None:
        """Move the clock to ``days`` before NOW (so later rows look older)."""
        self.now = NOW - days * DAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "studybot.db"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(db_path: Path, clock: FakeClock) -> AsyncIterator[Storage]:
    storage = await Storage.open(db_path, clock=clock)
    yield storage
    await storage.close()


async def ask(
    store: Storage,
    question: str = "What is NATO?",
    *,
    guild_id: int | None = GUILD,
    user_id: int = USER,
    kind: str = "concept",
    entries: list[str] | None = None,
    confidence: float = 0.9,
) -> int:
    """Log a question and return its id, failing the test when logging fails."""
    log_id = await store.log_question(
        guild_id=guild_id,
        user_id=user_id,
        question=question,
        kind=kind,
        entries=["nato"] if entries is None else entries,
        confidence=confidence,
        latency_ms=12.5,
    )
    assert log_id is not None
    return log_id


def build_at_version(path: Path, version: int) -> None:
    """Create a database at ``version`` by applying MIGRATIONS[:version] by hand."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for index, migration in enumerate(MIGRATIONS[:version], start=1):
            conn.execute("BEGIN")
            migration(conn)
            conn.execute(f"PRAGMA user_version = {index}")
            conn.execute("COMMIT")
    finally:
        conn.close()


def insert_rows_at(path: Path, version: int) -> str:
    """Insert a question, a vote and settings as a version-``version`` writer would.

    Columns added by later migrations are left for the migrations to backfill.
    Returns the salt.
    """
    row = {
        "id": 1,
        "created_at": NOW - DAY,
        "guild_id": GUILD,
        "user_hash": "h1",
        "question": "Why  the UN?",
        "kind": "none",
        "entries": json.dumps(["united-nations", "charter"]),
        "confidence": 0.2,
        "latency_ms": 5.0,
    }
    if version >= 2:
        row["primary_entry"] = "united-nations"
    if version >= 3:
        row["question_norm"] = "why the un?"
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(f"INSERT INTO question_log ({columns}) VALUES ({marks})", tuple(row.values()))
        conn.execute("INSERT INTO feedback VALUES (1, 'h2', 0, ?)", (NOW,))
        conn.execute("INSERT INTO guild_settings VALUES (?, 42, 30)", (GUILD,))
        return conn.execute("SELECT value FROM meta WHERE key = ?", (SALT_KEY,)).fetchone()[0]


def user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def table_names(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


# -- migrations ---------------------------------------------------------------------


async def test_migrate_from_empty_creates_schema(db_path: Path) -> None:
    async with await Storage.open(db_path) as store:
        stats = await store.stats()
        assert stats["schema_version"] == SCHEMA_VERSION == len(MIGRATIONS)
        salt = await store.get_meta(SALT_KEY)
    assert salt is not None and len(salt) == 32
    assert db_path.parent.is_dir()
    assert {"meta", "question_log", "feedback", "guild_settings"} <= table_names(db_path)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_reopening_keeps_salt_and_version(db_path: Path) -> None:
    async with await Storage.open(db_path) as store:
        salt = await store.get_meta(SALT_KEY)
    async with await Storage.open(db_path) as store:
        assert await store.get_meta(SALT_KEY) == salt
    assert user_version(db_path) == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
async def test_migrate_from_every_earlier_version(db_path: Path, version: int) -> None:
    db_path.parent.mkdir(parents=True)
    build_at_version(db_path, version)
    salt = insert_rows_at(db_path, version)
    clock = FakeClock()
    async with await Storage.open(db_path, clock=clock) as store:
        assert (await store.stats())["schema_version"] == SCHEMA_VERSION
        assert await store.get_meta(SALT_KEY) == salt
        assert await store.get_settings(GUILD) == GuildSettings(GUILD, 42, 30)
        assert await store.unanswered(guild_id=GUILD) == [("why the un?", 1)]
        assert await store.feedback_summary(guild_id=GUILD) == [
            FeedbackRow("united-nations", not_helpful=1, helpful=0)
        ]
        assert await ask(store) == 2
    assert user_version(db_path) == SCHEMA_VERSION


async def test_failed_migration_keeps_previous_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await Storage.open(db_path) as store:
        await ask(store)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(StorageError, match=f"migration to version {SCHEMA_VERSION + 1} failed"):
        await Storage.open(db_path)
    assert user_version(db_path) == SCHEMA_VERSION
    assert "half_done" not in table_names(db_path)

    monkeypatch.undo()
    async with await Storage.open(db_path) as store:
        assert (await store.stats())["questions"] == 1


async def test_newer_version_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    build_at_version(db_path, SCHEMA_VERSION)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    expected = (
        f"database version {SCHEMA_VERSION + 1} is newer than this studybot ({SCHEMA_VERSION})"
    )
    with pytest.raises(StorageError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        await Storage.open(db_path)
    assert user_version(db_path) == SCHEMA_VERSION + 1


async def test_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE someone_elses (x)")
    with pytest.raises(StorageError, match="not a studybot database"):
        await Storage.open(db_path)
    assert table_names(db_path) == {"someone_elses"}


async def test_corrupt_file_raises_clear_storage_error(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"\x00garbage\xff" * 1000)
    with pytest.raises(StorageError, match=r"cannot open studybot database .*not a database"):
        await Storage.open(db_path)


# -- question log and votes ------------------------------------------------------------


async def test_user_id_is_never_stored_in_clear(store: Storage, db_path: Path) -> None:
    log_id = await ask(store, "Explain the security council veto")
    assert await store.record_vote(log_id=log_id, user_id=USER, helpful=True)
    await store.close()
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    contents = b"".join(p.read_bytes() for p in files)
    assert b"security council veto" in contents  # the scan does see stored text
    for encoding in (str(USER).encode(), USER.to_bytes(8, "big"), USER.to_bytes(8, "little")):
        assert encoding not in contents


async def test_same_user_hashes_alike_others_differ(store: Storage, db_path: Path) -> None:
    await ask(store, user_id=1)
    await ask(store, user_id=1)
    await ask(store, user_id=2)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        hashes = [h for (h,) in conn.execute("SELECT user_hash FROM question_log ORDER BY id")]
    assert hashes[0] == hashes[1] != hashes[2]
    assert all(len(h) == 64 for h in hashes)


async def test_vote_once_per_user_second_click_updates(store: Storage, db_path: Path) -> None:
    log_id = await ask(store)
    assert await store.record_vote(log_id=log_id, user_id=7, helpful=True)
    assert await store.record_vote(log_id=log_id, user_id=7, helpful=False)
    assert await store.record_vote(log_id=log_id, user_id=8, helpful=True)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute("SELECT helpful FROM feedback ORDER BY rowid").fetchall()
    assert rows == [(0,), (1,)]
    assert await store.feedback_summary(guild_id=GUILD) == [FeedbackRow("nato", 1, 1)]


async def test_vote_on_unknown_log_id_returns_false(store: Storage) -> None:
    assert await store.record_vote(log_id=12345, user_id=USER, helpful=True) is False
    assert (await store.stats())["feedback"] == 0


# -- reports --------------------------------------------------------------------------


async def test_unanswered_groups_and_respects_window(store: Storage, clock: FakeClock) -> None:
    clock.days_ago(40)
    for _ in range(5):
        await ask(store, "What is realism?", kind="none", confidence=0.0)
    clock.days_ago(2)
    await ask(store, "What is  REALISM?", kind="none", confidence=0.0)
    await ask(store, "what is realism?", kind="concept", confidence=0.3)
    await ask(store, "Define anarchy", kind="none", confidence=0.0)
    await ask(store, "Define anarchy", kind="concept", confidence=0.95)  # answered well
    await ask(store, "Who founded NATO?", kind="concept", confidence=0.49)
    await ask(store, "Who founded NATO?", kind="none", guild_id=None)  # a DM
    clock.now = NOW

    assert await store.unanswered(guild_id=GUILD) == [
        ("what is realism?", 2),
        ("define anarchy", 1),  # ties: most recently asked first, then alphabetical
        ("who founded nato?", 1),
    ]
    assert await store.unanswered(guild_id=GUILD, limit=1) == [("what is realism?", 2)]
    assert (await store.unanswered(guild_id=GUILD, days=60))[0] == ("what is realism?", 7)
    assert await store.unanswered(guild_id=GUILD, low_confidence=0.3) == [
        ("define anarchy", 1),
        ("what is realism?", 1),
    ]
    assert await store.unanswered(guild_id=None) == [("who founded nato?", 1)]
    assert await store.unanswered(guild_id=999) == []
    with pytest.raises(ValueError):
        await store.unanswered(guild_id=GUILD, days=0)


async def test_unanswered_ties_prefer_recent_questions(store: Storage, clock: FakeClock) -> None:
    clock.days_ago(3)
    await ask(store, "Asked earlier", kind="none")
    clock.days_ago(1)
    await ask(store, "Zeitgeist asked later", kind="none")
    clock.now = NOW
    assert await store.unanswered(guild_id=GUILD) == [
        ("zeitgeist asked later", 1),
        ("asked earlier", 1),
    ]


async def test_feedback_summary_orders_by_not_helpful(store: Storage) -> None:
    votes = {  # primary entry -> (not helpful, helpful)
        "realism": (1, 3),
        "nato": (3, 0),
        "anarchy": (1, 0),
        "liberalism": (0, 2),
    }
    for entry, (bad, good) in votes.items():
        log_id = await ask(store, entries=[entry, "other-entry"])
        for user in range(bad + good):
            await store.record_vote(log_id=log_id, user_id=user, helpful=user >= bad)
    dm_log = await ask(store, guild_id=None, entries=["nato"])
    await store.record_vote(log_id=dm_log, user_id=1, helpful=False)
    await ask(store, entries=[])  # no entry, no votes: ignored

    assert await store.feedback_summary(guild_id=GUILD) == [
        FeedbackRow("nato", 3, 0),
        FeedbackRow("anarchy", 1, 0),
        FeedbackRow("realism", 1, 3),
        FeedbackRow("liberalism", 0, 2),
    ]
    assert await store.feedback_summary(guild_id=GUILD, limit=1) == [FeedbackRow("nato", 3, 0)]
    assert await store.feedback_summary(guild_id=None) == [FeedbackRow("nato", 1, 0)]


# -- settings and retention ----------------------------------------------------------


async def test_settings_defaults_updates_and_validation(store: Storage) -> None:
    assert await store.get_settings(GUILD) == GuildSettings(GUILD, None, 90)
    await store.set_moderator_role(GUILD, 555)
    await store.set_retention_days(GUILD, 7)
    assert await store.get_settings(GUILD) == GuildSettings(GUILD, 555, 7)
    await store.set_moderator_role(GUILD, None)
    assert await store.get_settings(GUILD) == GuildSettings(GUILD, None, 7)
    await store.set_retention_days(2, 3650)
    assert await store.get_settings(2) == GuildSettings(2, None, 3650)
    for bad in (0, 3651, -5, True, 7.5):
        with pytest.raises(ValueError):
            await store.set_retention_days(GUILD, bad)  # type: ignore[arg-type]
    assert (await store.stats())["guilds_with_settings"] == 2


async def test_purge_uses_each_guilds_retention(
    store: Storage, clock: FakeClock, db_path: Path
) -> None:
    short, default_guild = 10, 20
    await store.set_retention_days(short, 7)
    ages = {  # (guild, age in days) -> should survive
        (short, 8): False,
        (short, 6): True,
        (default_guild, 91): False,
        (default_guild, 89): True,
        (None, 91): False,
        (None, 30): True,
    }
    ids = {}
    for guild, age in ages:
        clock.days_ago(age)
        ids[guild, age] = await ask(store, f"q {guild} {age}", guild_id=guild)
        await store.record_vote(log_id=ids[guild, age], user_id=1, helpful=False)
    clock.now = NOW

    deleted = await store.purge_expired(datetime.fromtimestamp(NOW, UTC))
    assert deleted == 3
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        kept = {row[0] for row in conn.execute("SELECT id FROM question_log")}
        voted = {row[0] for row in conn.execute("SELECT log_id FROM feedback")}
    expected = {ids[key] for key, survives in ages.items() if survives}
    assert kept == voted == expected
    assert await store.purge_expired() == 0  # defaults to the store's clock


async def test_purge_reads_naive_datetime_as_utc(store: Storage, clock: FakeClock) -> None:
    clock.days_ago(90.5)
    await ask(store)
    naive_now = datetime.fromtimestamp(NOW, UTC).replace(tzinfo=None)
    assert await store.purge_expired(naive_now) == 1


# -- failures never stop the bot -----------------------------------------------------


async def test_log_question_survives_a_locked_database(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await Storage.open(db_path, busy_timeout_ms=50)
    log_id = await ask(store)
    locker = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        with caplog.at_level(logging.WARNING, logger="studybot.storage"):
            result = await store.log_question(
                guild_id=GUILD,
                user_id=USER,
                question="still answering?",
                kind="none",
                entries=[],
                confidence=0.0,
                latency_ms=1.0,
            )
            voted = await store.record_vote(log_id=log_id, user_id=USER, helpful=True)
        assert result is None
        assert voted is False
        assert any(
            r.name == "studybot.storage" and r.levelno == logging.WARNING for r in caplog.records
        )
        assert "locked" in caplog.text
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert await ask(store, "back to normal") == log_id + 1
    await store.close()


async def test_log_question_survives_a_read_only_database(
    store: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    await store._conn().execute("PRAGMA query_only = ON")
    with caplog.at_level(logging.WARNING, logger="studybot.storage"):
        result = await store.log_question(
            guild_id=None,
            user_id=USER,
            question="q",
            kind="none",
            entries=[],
            confidence=0.0,
            latency_ms=1.0,
        )
    assert result is None
    assert "readonly" in caplog.text
    with pytest.raises(StorageError):
        await store.set_meta("sync_hash", "abc")


async def test_closed_store_fails_softly_for_logging(store: Storage) -> None:
    await store.close()
    await store.close()  # idempotent
    assert await ask_or_none(store) is None
    assert await store.record_vote(log_id=1, user_id=USER, helpful=True) is False
    with pytest.raises(StorageError, match="closed"):
        await store.get_settings(GUILD)


async def ask_or_none(store: Storage) -> int | None:
    return await store.log_question(
        guild_id=GUILD,
        user_id=USER,
        question="q",
        kind="none",
        entries=[],
        confidence=0.0,
        latency_ms=1.0,
    )


# -- meta, stats, backup and restore ---------------------------------------------------


async def test_meta_round_trip_and_reserved_salt(store: Storage) -> None:
    assert await store.get_meta("command_tree_hash") is None
    await store.set_meta("command_tree_hash", "abc")
    await store.set_meta("command_tree_hash", "def")
    assert await store.get_meta("command_tree_hash") == "def"
    with pytest.raises(ValueError, match="reserved"):
        await store.set_meta(SALT_KEY, "attacker-chosen")


async def test_stats_counts_rows_and_size(store: Storage) -> None:
    log_id = await ask(store)
    await store.record_vote(log_id=log_id, user_id=1, helpful=True)
    await store.set_retention_days(GUILD, 30)
    stats = await store.stats()
    assert stats == {
        "schema_version": SCHEMA_VERSION,
        "questions": 1,
        "feedback": 1,
        "guilds_with_settings": 1,
        "file_size_bytes": stats["file_size_bytes"],
    }
    assert stats["file_size_bytes"] > 0


async def test_backup_while_open_and_restore_round_trip(
    store: Storage, db_path: Path, tmp_path: Path
) -> None:
    log_id = await ask(store, "Before the backup")
    await store.record_vote(log_id=log_id, user_id=1, helpful=False)
    await store.set_moderator_role(GUILD, 77)
    salt = await store.get_meta(SALT_KEY)
    backup = await store.backup(tmp_path / "backups" / "snapshot.db")
    await ask(store, "After the backup")  # the store keeps working meanwhile
    await store.close()

    assert backup.is_file()
    assert not backup.with_name("snapshot.db-wal").exists()
    assert restore(backup, db_path) == SCHEMA_VERSION
    assert not db_path.with_name(db_path.name + "-wal").exists()
    assert [p.name for p in db_path.parent.iterdir() if p.suffix == ".tmp"] == []

    async with await Storage.open(db_path) as reopened:
        assert await reopened.get_meta(SALT_KEY) == salt
        assert await reopened.get_settings(GUILD) == GuildSettings(GUILD, 77, 90)
        assert await reopened.feedback_summary(guild_id=GUILD) == [FeedbackRow("nato", 1, 0)]
        assert (await reopened.stats())["questions"] == 1


async def test_backup_refuses_its_own_file(store: Storage, db_path: Path) -> None:
    with pytest.raises(StorageError, match="onto itself"):
        await store.backup(db_path)
    assert await ask(store)


def test_restore_refuses_a_text_file(tmp_path: Path) -> None:
    src, dest = tmp_path / "notes.txt", tmp_path / "studybot.db"
    src.write_text("definitely not a database\n")
    dest.write_bytes(b"original")
    with pytest.raises(StorageError, match="not an SQLite database"):
        restore(src, dest)
    assert dest.read_bytes() == b"original"


@pytest.mark.parametrize(
    ("version", "pragma", "message"),
    [
        (0, "PRAGMA user_version = 0", "not a studybot database"),
        (SCHEMA_VERSION, "PRAGMA user_version = 99", "is newer than this studybot"),
    ],
    ids=["sqlite-without-meta", "newer-version"],
)
def test_restore_refuses_wrong_databases(
    tmp_path: Path, version: int, pragma: str, message: str
) -> None:
    src, dest = tmp_path / "candidate.db", tmp_path / "studybot.db"
    build_at_version(src, version)
    with contextlib.closing(sqlite3.connect(src, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE other (x)")
        conn.execute(pragma)
    with pytest.raises(StorageError, match=message):
        restore(src, dest)
    assert not dest.exists()


def test_restore_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="cannot read"):
        restore(tmp_path / "nope.db", tmp_path / "studybot.db")
    assert not (tmp_path / "nope.db").exists()


def test_restore_accepts_an_older_version_and_open_migrates_it(tmp_path: Path) -> None:
    src, dest = tmp_path / "old.db", tmp_path / "live" / "studybot.db"
    build_at_version(src, 1)
    insert_rows_at(src, 1)
    assert restore(src, dest) == 1
    assert user_version(dest) == 1


async def test_unanswered_rows_keep_the_wording_and_tell_declines_apart(
    store: Storage, clock: FakeClock
) -> None:
    clock.days_ago(40)
    await ask(store, "too old", kind="none", confidence=0.0)
    clock.days_ago(2)
    await ask(store, "What is  REALISM?", kind="none", confidence=0.0)
    clock.days_ago(1)
    await ask(store, "what is realism", kind="concept", confidence=0.3)
    await ask(store, "Define anarchy", kind="concept", confidence=0.95)  # answered well
    clock.now = NOW
    rows = await store.unanswered_rows(guild_id=GUILD)
    assert rows == [("what is realism", False), ("What is  REALISM?", True)]  # newest first
    declined, unsure = unanswered_report(rows)
    assert [(g.question, g.count) for g in declined] == [("What is  REALISM?", 1)]
    assert [(g.question, g.count) for g in unsure] == [("what is realism", 1)]
