"""Study mode's storage (schema version 4) on real SQLite files: migration from every
earlier version, flashcards, answers, the daily question, streaks, opt-ins and forget."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import SCHEMA_VERSION, Storage
from bot.storage.migrations import MIGRATIONS
from bot.storage.study import DM_GUILD, DailySettings, Streak, next_streak
from tests.engine.test_storage import GUILD, NOW, USER, FakeClock, build_at_version, insert_rows_at

OTHER_USER = USER + 1
OTHER_GUILD = GUILD + 1
STUDY_TABLES = {
    "study_cards",
    "study_reviews",
    "study_answers",
    "study_daily_settings",
    "study_daily_posts",
    "study_daily_answers",
    "study_streaks",
    "study_optin",
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "studybot.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Storage]:
    storage = await Storage.open(db_path, clock=FakeClock())
    yield storage
    await storage.close()


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
async def test_migrate_to_study_tables_from_every_earlier_version(
    db_path: Path, version: int
) -> None:
    db_path.parent.mkdir(parents=True)
    build_at_version(db_path, version)
    insert_rows_at(db_path, version)
    async with await Storage.open(db_path) as store:
        assert (await store.stats())["schema_version"] == SCHEMA_VERSION == 4
        assert await store.add_card(GUILD, USER, "nato", "{}", NOW)
        await store.record_answer(GUILD, USER, item_id="term:nato", entry_id="nato", correct=True)
    names = {name for (name,) in rows(db_path, "SELECT name FROM sqlite_master")}
    assert names >= STUDY_TABLES
    # The rows written before the migration are still there.
    assert rows(db_path, "SELECT question FROM question_log") == [("Why  the UN?",)]
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(1,)]


async def test_cards_are_kept_per_guild_and_student(store: Storage) -> None:
    assert await store.add_card(GUILD, USER, "nato", '{"a": 1}', NOW - 10)
    assert not await store.add_card(GUILD, USER, "nato", '{"a": 2}', NOW)  # kept as it was
    assert await store.add_card(GUILD, USER, "veto", "{}", NOW + 3600)
    assert await store.add_card(OTHER_GUILD, USER, "nato", "{}", NOW)
    due = await store.due_cards(GUILD, USER, now=NOW)
    assert [(c.card_key, c.state) for c in due] == [("nato", '{"a": 1}')]
    await store.save_review(GUILD, USER, "nato", state='{"b": 1}', due=NOW + 86_400, rating=3)
    assert await store.due_cards(GUILD, USER, now=NOW) == []
    assert await store.card_counts(GUILD, USER, now=NOW + 86_400) == (2, 2, 1)
    assert await store.card_counts(GUILD, OTHER_USER, now=NOW) == (0, 0, 0)
    with pytest.raises(KeyError):
        await store.save_review(GUILD, OTHER_USER, "nato", state="{}", due=NOW, rating=1)


async def test_progress_lists_the_weakest_entries_first(store: Storage) -> None:
    for entry, correct in [("nato", True), ("nato", True), ("veto", False), ("veto", True)]:
        await store.record_answer(
            GUILD, USER, item_id=f"x:{entry}", entry_id=entry, correct=correct
        )
    await store.record_answer(GUILD, OTHER_USER, item_id="x:nato", entry_id="nato", correct=False)
    assert await store.progress(GUILD, USER) == [("veto", 1, 2), ("nato", 2, 2)]
    with pytest.raises(ValueError, match="mode"):
        await store.record_answer(GUILD, USER, item_id="x", entry_id=None, correct=True, mode="x")


async def test_the_daily_post_is_claimed_once_even_after_a_restart(db_path: Path) -> None:
    settings = DailySettings(GUILD, channel_id=5, post_time="08:30", timezone="Europe/Berlin")
    async with await Storage.open(db_path) as store:
        await store.set_daily(settings)
        assert await store.claim_daily_post(GUILD, "2025-06-01", "term:nato")
        await store.set_daily_message(GUILD, "2025-06-01", channel_id=5, message_id=77)
    async with await Storage.open(db_path) as store:  # the bot restarted
        assert await store.daily_settings() == [settings]
        assert not await store.claim_daily_post(GUILD, "2025-06-01", "term:veto")
        post = await store.daily_post(GUILD, "2025-06-01")
        assert post is not None and tuple(post)[:3] == ("term:nato", 5, 77)
        assert await store.mark_revealed(GUILD, "2025-06-01")
        assert not await store.mark_revealed(GUILD, "2025-06-01")
        assert await store.claim_daily_post(GUILD, "2025-06-02", "term:veto")


async def test_streaks_count_days_in_a_row_and_one_answer_a_day(store: Storage) -> None:
    for day in ("2025-06-01", "2025-06-02", "2025-06-04"):
        assert await store.claim_daily_post(GUILD, day, "term:nato")
    first = await store.record_daily_answer(GUILD, USER, "2025-06-01", correct=True)
    assert first == Streak(1, 1, "2025-06-01")
    assert await store.record_daily_answer(GUILD, USER, "2025-06-01", correct=False) is None
    assert await store.record_daily_answer(GUILD, USER, "2025-06-02", correct=False) == Streak(
        2, 2, "2025-06-02"
    )
    assert await store.record_daily_answer(GUILD, USER, "2025-06-04", correct=True) == Streak(
        1, 2, "2025-06-04"
    )
    assert next_streak(Streak(3, 5, "2025-12-31"), "2026-01-01") == Streak(4, 5, "2026-01-01")


async def test_leaderboards_name_only_students_who_opted_in(store: Storage) -> None:
    await store.claim_daily_post(GUILD, "2025-06-01", "term:nato")
    await store.record_daily_answer(GUILD, USER, "2025-06-01", correct=True)
    await store.record_daily_answer(GUILD, OTHER_USER, "2025-06-01", correct=True)
    await store.set_leaderboard_name(GUILD, USER, shown=True)
    board = await store.streak_leaderboard(GUILD)
    assert sorted(board, key=lambda row: row[0] or 0) == [(None, 1, 1), (USER, 1, 1)]
    assert await store.shows_name(GUILD, USER) and not await store.shows_name(GUILD, OTHER_USER)
    await store.set_leaderboard_name(GUILD, USER, shown=False)
    assert [row[0] for row in await store.streak_leaderboard(GUILD)] == [None, None]


async def _everything_about(store: Storage, guild: int, user: int) -> None:
    """A row in every table that can hold something about ``user`` in ``guild``."""
    await store.add_card(guild, user, "nato", "{}", NOW)
    await store.save_review(guild, user, "nato", state="{}", due=NOW, rating=2)
    await store.record_answer(guild, user, item_id="term:nato", entry_id="nato", correct=True)
    await store.claim_daily_post(guild, "2025-06-01", "term:nato")
    await store.record_daily_answer(guild, user, "2025-06-01", correct=True)
    await store.set_leaderboard_name(guild, user, shown=True)
    log_guild = None if guild == DM_GUILD else guild
    log_id = await store.log_question(
        guild_id=log_guild,
        user_id=user,
        question="nato?",
        kind="organization",
        entries=["nato"],
        confidence=0.9,
        latency_ms=1.0,
    )
    assert log_id is not None
    assert await store.record_vote(log_id=log_id, user_id=user, helpful=True)


@pytest.mark.parametrize("guild", [GUILD, DM_GUILD], ids=["guild", "direct-messages"])
async def test_forget_leaves_no_row_about_the_student(
    store: Storage, db_path: Path, guild: int
) -> None:
    await _everything_about(store, guild, USER)
    await _everything_about(store, guild, OTHER_USER)
    await _everything_about(store, OTHER_GUILD, USER)
    user_hash = store._hash_user(USER)
    deleted = await store.forget(guild, USER)
    assert deleted == 8  # one row in each of the six study tables, the question, the vote
    tables = [t for (t,) in rows(db_path, "SELECT name FROM sqlite_master WHERE type='table'")]
    log_guild = None if guild == DM_GUILD else guild
    for table in tables:
        columns = {c[1] for c in rows(db_path, f"PRAGMA table_info({table})")}
        if "user_hash" not in columns:
            continue
        if "guild_id" in columns:
            left = rows(
                db_path,
                f"SELECT count(*) FROM {table} WHERE user_hash = ? AND guild_id IS ?",
                (user_hash, guild if table.startswith("study_") else log_guild),
            )
        else:  # feedback: reached through its question
            left = rows(
                db_path,
                "SELECT count(*) FROM feedback AS f JOIN question_log AS q ON q.id = f.log_id "
                "WHERE f.user_hash = ? AND q.guild_id IS ?",
                (user_hash, log_guild),
            )
        assert left == [(0,)], table
    assert rows(db_path, "SELECT user_id FROM study_optin WHERE guild_id = ?", (guild,)) == [
        (OTHER_USER,)
    ]
    # The same student elsewhere, and the other student here, are untouched.
    assert await store.card_counts(OTHER_GUILD, USER, now=NOW) == (1, 1, 1)
    assert await store.card_counts(guild, OTHER_USER, now=NOW) == (1, 1, 1)
    assert await store.forget(guild, USER) == 0
