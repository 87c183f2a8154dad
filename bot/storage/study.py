"""Study mode's per-student state: flashcards, quiz answers, the daily question, streaks
and leaderboard opt-ins (schema version 4).

A mixin of :class:`bot.storage.store.Storage`, so it shares the one connection, the
salted user hash and the error translation. Rows are keyed by guild and user hash; direct
messages use guild :data:`DM_GUILD`. Every method raises StorageError on a database
failure: a student who presses a button should hear that it did not count.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

DM_GUILD = 0  # study rows need a key; Discord ids are never 0
MODES = ("quiz", "round", "daily")

# Every table with rows about one student, and the column that names them.
_STUDENT_TABLES = (
    "study_cards",
    "study_reviews",
    "study_answers",
    "study_daily_answers",
    "study_streaks",
    "study_optin",
)

_PROGRESS = """
SELECT entry_id, sum(correct) AS right, count(*) AS asked
FROM study_answers
WHERE guild_id = ? AND user_hash = ? AND entry_id IS NOT NULL
GROUP BY entry_id
ORDER BY 1.0 * sum(correct) / count(*), asked DESC, entry_id
"""

_LEADERBOARD = """
SELECT o.user_id, s.current, s.best
FROM study_streaks AS s
LEFT JOIN study_optin AS o ON o.guild_id = s.guild_id AND o.user_hash = s.user_hash
WHERE s.guild_id = ?
ORDER BY s.current DESC, s.best DESC, s.last_day DESC
LIMIT ?
"""


@dataclass(frozen=True, slots=True)
class CardRow:
    """One student's flashcard: the fsrs card as JSON and when it is next due."""

    card_key: str
    state: str
    due: float


@dataclass(frozen=True, slots=True)
class DailySettings:
    """Where and when a guild's daily question is posted (``post_time`` is HH:MM in
    ``timezone``), and how many minutes later its answer is revealed."""

    guild_id: int
    channel_id: int
    post_time: str
    timezone: str = "UTC"
    reveal_minutes: int = 60


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in a row a student answered the daily question, and the longest run."""

    current: int
    best: int
    last_day: str


class _StoreCore(Protocol):
    """What the mixin needs from Storage."""

    _clock: Any

    def _hash_user(self, user_id: int) -> str: ...
    async def _write_or_raise(self, sql: str, params: Any = ()) -> tuple[int, int | None]: ...
    async def _insert_or_raise(self, sql: str, params: Any = ()) -> int | None: ...
    async def _fetchall(self, sql: str, params: Any = ()) -> list[sqlite3.Row]: ...
    async def _fetchone(self, sql: str, params: Any = ()) -> sqlite3.Row | None: ...


class StudyStore:
    """Study-mode methods of Storage (mixed in; not used on its own)."""

    # -- flashcards ------------------------------------------------------------------

    async def add_card(
        self: _StoreCore, guild_id: int, user_id: int, card_key: str, state: str, due: float
    ) -> bool:
        """Add a card to the student's deck; False when it was already there (kept)."""
        count, _ = await self._write_or_raise(
            "INSERT OR IGNORE INTO study_cards (guild_id, user_hash, card_key, state, due, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, self._hash_user(user_id), card_key, state, due, self._clock()),
        )
        return count == 1

    async def get_card(
        self: _StoreCore, guild_id: int, user_id: int, card_key: str
    ) -> CardRow | None:
        """The student's card ``card_key``, or None when it is not in their deck."""
        row = await self._fetchone(
            "SELECT card_key, state, due FROM study_cards "
            "WHERE guild_id = ? AND user_hash = ? AND card_key = ?",
            (guild_id, self._hash_user(user_id), card_key),
        )
        return None if row is None else CardRow(str(row[0]), str(row[1]), float(row[2]))

    async def save_review(
        self: _StoreCore,
        guild_id: int,
        user_id: int,
        card_key: str,
        *,
        state: str,
        due: float,
        rating: int,
    ) -> None:
        """Store a reviewed card's new state and due time, and log the review."""
        user_hash = self._hash_user(user_id)
        # RETURNING tells whether the card was there in one trip to the database thread
        # (a write's row count takes a second one, to close its cursor).
        updated = await self._fetchall(
            "UPDATE study_cards SET state = ?, due = ? "
            "WHERE guild_id = ? AND user_hash = ? AND card_key = ? RETURNING 1",
            (state, due, guild_id, user_hash, card_key),
        )
        if len(updated) != 1:
            raise KeyError(card_key)
        await self._insert_or_raise(
            "INSERT INTO study_reviews (guild_id, user_hash, card_key, rating, reviewed_at, due) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, user_hash, card_key, rating, self._clock(), due),
        )

    async def due_cards(
        self: _StoreCore, guild_id: int, user_id: int, *, now: float, limit: int = 25
    ) -> list[CardRow]:
        """The student's cards due at ``now`` (Unix time), most overdue first."""
        rows = await self._fetchall(
            "SELECT card_key, state, due FROM study_cards "
            "WHERE guild_id = ? AND user_hash = ? AND due <= ? ORDER BY due, card_key LIMIT ?",
            (guild_id, self._hash_user(user_id), now, limit),
        )
        return [CardRow(str(k), str(s), float(d)) for k, s, d in rows]

    async def card_counts(
        self: _StoreCore, guild_id: int, user_id: int, *, now: float
    ) -> tuple[int, int, int]:
        """(cards in the deck, due now, reviews done) for ``/cards stats``."""
        user_hash = self._hash_user(user_id)
        row = await self._fetchone(
            "SELECT (SELECT count(*) FROM study_cards WHERE guild_id = ?1 AND user_hash = ?2),"
            " (SELECT count(*) FROM study_cards WHERE guild_id = ?1 AND user_hash = ?2"
            "  AND due <= ?3),"
            " (SELECT count(*) FROM study_reviews WHERE guild_id = ?1 AND user_hash = ?2)",
            (guild_id, user_hash, now),
        )
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])

    # -- quiz answers ----------------------------------------------------------------

    async def record_answer(
        self: _StoreCore,
        guild_id: int,
        user_id: int,
        *,
        item_id: str,
        entry_id: str | None,
        correct: bool,
        mode: str = "quiz",
    ) -> None:
        """Log one answered item (``mode``: quiz, round or daily) for progress stats."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        await self._insert_or_raise(
            "INSERT INTO study_answers (guild_id, user_hash, item_id, entry_id, correct, mode, "
            "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                guild_id,
                self._hash_user(user_id),
                item_id,
                entry_id,
                int(correct),
                mode,
                self._clock(),
            ),
        )

    async def progress(self: _StoreCore, guild_id: int, user_id: int) -> list[tuple[str, int, int]]:
        """``(entry id, right, asked)`` per entry, weakest first (for ``/me stats``)."""
        rows = await self._fetchall(_PROGRESS, (guild_id, self._hash_user(user_id)))
        return [(str(entry), int(right), int(asked)) for entry, right, asked in rows]

    # -- the daily question ------------------------------------------------------------

    async def set_daily(self: _StoreCore, settings: DailySettings) -> None:
        """Store (or replace) the guild's daily-question settings."""
        await self._write_or_raise(
            "INSERT INTO study_daily_settings (guild_id, channel_id, post_time, timezone, "
            "reveal_minutes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
            "channel_id = excluded.channel_id, post_time = excluded.post_time, "
            "timezone = excluded.timezone, reveal_minutes = excluded.reveal_minutes",
            (
                settings.guild_id,
                settings.channel_id,
                settings.post_time,
                settings.timezone,
                settings.reveal_minutes,
            ),
        )

    async def daily_settings(self: _StoreCore) -> list[DailySettings]:
        """Every guild's daily-question settings (the scheduler reads them at each tick)."""
        rows = await self._fetchall(
            "SELECT guild_id, channel_id, post_time, timezone, reveal_minutes "
            "FROM study_daily_settings ORDER BY guild_id"
        )
        return [DailySettings(int(g), int(c), str(t), str(z), int(r)) for g, c, t, z, r in rows]

    async def stop_daily(self: _StoreCore, guild_id: int) -> bool:
        """Stop the guild's daily question (posts and answers so far are kept); False when
        none was set."""
        count, _ = await self._write_or_raise(
            "DELETE FROM study_daily_settings WHERE guild_id = ?", (guild_id,)
        )
        return count == 1

    async def daily_answer_counts(self: _StoreCore, guild_id: int, day: str) -> tuple[int, int]:
        """(students who answered, right answers) for the guild's day."""
        row = await self._fetchone(
            "SELECT count(*), coalesce(sum(correct), 0) FROM study_daily_answers "
            "WHERE guild_id = ? AND day = ?",
            (guild_id, day),
        )
        assert row is not None
        return int(row[0]), int(row[1])

    async def claim_daily_post(self: _StoreCore, guild_id: int, day: str, item_id: str) -> bool:
        """Claim the guild's post for ``day`` (ISO date in its time zone) before posting:
        True once per guild and day, False ever after, so a restart never posts twice."""
        count, _ = await self._write_or_raise(
            "INSERT OR IGNORE INTO study_daily_posts (guild_id, day, item_id, posted_at) "
            "VALUES (?, ?, ?, ?)",
            (guild_id, day, item_id, self._clock()),
        )
        return count == 1

    async def set_daily_message(
        self: _StoreCore, guild_id: int, day: str, *, channel_id: int, message_id: int
    ) -> None:
        """Remember where the day's question was posted (to reveal the answer there)."""
        await self._write_or_raise(
            "UPDATE study_daily_posts SET channel_id = ?, message_id = ? "
            "WHERE guild_id = ? AND day = ?",
            (channel_id, message_id, guild_id, day),
        )

    async def daily_post(self: _StoreCore, guild_id: int, day: str) -> sqlite3.Row | None:
        """The day's post: (item_id, channel_id, message_id, posted_at, revealed_at)."""
        return await self._fetchone(
            "SELECT item_id, channel_id, message_id, posted_at, revealed_at "
            "FROM study_daily_posts WHERE guild_id = ? AND day = ?",
            (guild_id, day),
        )

    async def mark_revealed(self: _StoreCore, guild_id: int, day: str) -> bool:
        """Mark the day's answer revealed; False when it already was (reveal once)."""
        count, _ = await self._write_or_raise(
            "UPDATE study_daily_posts SET revealed_at = ? "
            "WHERE guild_id = ? AND day = ? AND revealed_at IS NULL",
            (self._clock(), guild_id, day),
        )
        return count == 1

    async def record_daily_answer(
        self: _StoreCore, guild_id: int, user_id: int, day: str, *, correct: bool
    ) -> Streak | None:
        """Record the student's one answer to the day's question and extend their streak
        (days in a row answered); None when they had already answered that day."""
        user_hash = self._hash_user(user_id)
        count, _ = await self._write_or_raise(
            "INSERT OR IGNORE INTO study_daily_answers (guild_id, day, user_hash, correct, "
            "answered_at) VALUES (?, ?, ?, ?, ?)",
            (guild_id, day, user_hash, int(correct), self._clock()),
        )
        if count != 1:
            return None
        row = await self._fetchone(
            "SELECT current, best, last_day FROM study_streaks "
            "WHERE guild_id = ? AND user_hash = ?",
            (guild_id, user_hash),
        )
        streak = next_streak(None if row is None else Streak(int(row[0]), int(row[1]), row[2]), day)
        await self._write_or_raise(
            "INSERT INTO study_streaks (guild_id, user_hash, current, best, last_day) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_hash) DO UPDATE SET "
            "current = excluded.current, best = excluded.best, last_day = excluded.last_day",
            (guild_id, user_hash, streak.current, streak.best, streak.last_day),
        )
        return streak

    async def streak(self: _StoreCore, guild_id: int, user_id: int) -> Streak | None:
        """The student's daily-question streak in the guild, or None before a first answer."""
        row = await self._fetchone(
            "SELECT current, best, last_day FROM study_streaks "
            "WHERE guild_id = ? AND user_hash = ?",
            (guild_id, self._hash_user(user_id)),
        )
        return None if row is None else Streak(int(row[0]), int(row[1]), str(row[2]))

    # -- leaderboard names and forgetting ------------------------------------------------

    async def set_leaderboard_name(
        self: _StoreCore, guild_id: int, user_id: int, *, shown: bool
    ) -> None:
        """Opt in (or out) of having one's name shown on the guild's leaderboards."""
        if shown:
            await self._write_or_raise(
                "INSERT OR REPLACE INTO study_optin (guild_id, user_hash, user_id, opted_at) "
                "VALUES (?, ?, ?, ?)",
                (guild_id, self._hash_user(user_id), user_id, self._clock()),
            )
        else:
            await self._write_or_raise(
                "DELETE FROM study_optin WHERE guild_id = ? AND user_hash = ?",
                (guild_id, self._hash_user(user_id)),
            )

    async def shows_name(self: _StoreCore, guild_id: int, user_id: int) -> bool:
        """True when the student opted in to be named on leaderboards."""
        row = await self._fetchone(
            "SELECT 1 FROM study_optin WHERE guild_id = ? AND user_hash = ?",
            (guild_id, self._hash_user(user_id)),
        )
        return row is not None

    async def streak_leaderboard(
        self: _StoreCore, guild_id: int, limit: int = 10
    ) -> list[tuple[int | None, int, int]]:
        """``(user id or None, current, best)`` by current streak; the id only for students
        who opted in (the others show as "a student")."""
        rows = await self._fetchall(_LEADERBOARD, (guild_id, limit))
        return [(None if u is None else int(u), int(c), int(b)) for u, c, b in rows]

    async def forget(self: _StoreCore, guild_id: int, user_id: int) -> int:
        """Delete every row about the student in the guild: study state, opt-in, their
        logged questions and their votes; return how many rows went. Each delete commits
        on its own, so a forget cut short is finished by running it again."""
        user_hash = self._hash_user(user_id)
        log_guild = None if guild_id == DM_GUILD else guild_id
        deleted = 0
        for table in _STUDENT_TABLES:
            count, _ = await self._write_or_raise(
                f"DELETE FROM {table} WHERE guild_id = ? AND user_hash = ?", (guild_id, user_hash)
            )
            deleted += count
        count, _ = await self._write_or_raise(
            "DELETE FROM feedback WHERE user_hash = ? AND log_id IN "
            "(SELECT id FROM question_log WHERE guild_id IS ?)",
            (user_hash, log_guild),
        )
        deleted += count
        # Other students' votes on this student's questions go with them (cascade).
        count, _ = await self._write_or_raise(
            "DELETE FROM question_log WHERE guild_id IS ? AND user_hash = ?", (log_guild, user_hash)
        )
        return deleted + count


def next_streak(previous: Streak | None, day: str) -> Streak:
    """The streak after answering on ``day``: one more after yesterday, else a new run."""
    if previous is not None and previous.last_day == day:
        return previous
    yesterday = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    current = previous.current + 1 if previous and previous.last_day == yesterday else 1
    return Streak(current, max(current, previous.best if previous else 0), day)
