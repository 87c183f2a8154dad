"""/me on Discord: a student's own study progress, forgetting it, and leaderboard names.

Everything is private (ephemeral). The forget buttons are stateless DynamicItems whose
custom id carries the id of the student who asked, so only that student can confirm; the
guild is the one the button is pressed in, so nobody can forget anyone but themselves.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import discord

from bot.discord_ui.errors import answering_errors
from bot.discord_ui.limits import (
    COLOURS,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    STORAGE_TIMEOUT,
)
from bot.discord_ui.study_guild import guild_of
from bot.knowledge.base import KnowledgeBase
from bot.storage import Storage, StorageError
from bot.storage.study import Streak
from bot.text import clip

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.me")
T = TypeVar("T")

UNAVAILABLE = "Study progress is unavailable right now (the database is down); nothing was lost."
BUSY = "The database is busy right now; nothing was lost. Try again in a moment."
NOTHING_YET = (
    "Nothing to show yet. Practise with `/quiz`, or press **Add to my cards** under an "
    "answer and review them with `/cards review`; your progress shows up here."
)
NOT_YOURS = "Only the student who asked can confirm this. Use `/me forget` for your own data."
CANCELLED = "Nothing was deleted."
WEAKEST = 3  # entries named per topic: a short list to practise next, not a report
# How a topic (an entry's kind) is headed, in /topics' order.
TOPIC_LABELS = {
    "concept": "Concepts",
    "organization": "Organizations",
    "document": "Documents",
    "case": "Cases",
    "comparison": "Comparisons",
    "source": "Sources",
}
USER_ID = r"(?P<user>\d{1,20})"  # a Discord snowflake


async def query(storage: Storage | None, make: Callable[[Storage], Awaitable[T]]) -> T | str:
    """Run ``make(storage)`` within Discord's reply deadline; on a missing, slow or failing
    database return the sentence to tell the student instead."""
    if storage is None:
        return UNAVAILABLE
    try:
        return await asyncio.wait_for(make(storage), STORAGE_TIMEOUT)
    except TimeoutError:
        return BUSY
    except StorageError as exc:
        log.warning("/me could not use the database: %s", exc)
        return UNAVAILABLE


# -- /me stats ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """What /me stats shows: per-entry answers (weakest first), the deck and the streak."""

    progress: list[tuple[str, int, int]]
    deck: int
    due: int
    reviews: int
    streak: Streak | None

    @property
    def empty(self) -> bool:
        """True before the student has answered, added or reviewed anything."""
        return not self.progress and not self.deck and not self.reviews and self.streak is None


async def load_stats(storage: Storage, guild_id: int, user_id: int) -> Stats:
    """Read everything /me stats shows about the student in the guild."""
    progress = await storage.progress(guild_id, user_id)
    deck, due, reviews = await storage.card_counts(guild_id, user_id, now=time.time())
    streak = await storage.streak(guild_id, user_id)
    return Stats(progress, deck, due, reviews, streak)


def topic_lines(kb: KnowledgeBase, progress: list[tuple[str, int, int]]) -> dict[str, str]:
    """One line per topic: entries practised, right of asked, and the weakest entries by
    title. Entries no longer in the knowledge base are counted under "Retired entries"."""
    by_kind: dict[str, list[tuple[str, int, int]]] = {}
    for entry_id, right, asked in progress:  # weakest first, and kept so per topic
        entry = kb.entries.get(entry_id)
        kind = entry.kind if entry is not None else "retired"
        title = entry.title if entry is not None else ""
        by_kind.setdefault(kind, []).append((title, right, asked))
    lines = {}
    order = [*TOPIC_LABELS, *sorted(set(by_kind) - set(TOPIC_LABELS) - {"retired"}), "retired"]
    for kind in order:
        rows = by_kind.get(kind)
        if not rows:
            continue
        right = sum(r for _, r, _ in rows)
        asked = sum(a for _, _, a in rows)
        entries = "1 entry" if len(rows) == 1 else f"{len(rows)} entries"
        line = f"{entries} practised · **{right}/{asked}** right"
        weak = [f"{t} ({r}/{a})" for t, r, a in rows if t and r < a][:WEAKEST]
        if weak:
            line += "\nPractise next: " + ", ".join(weak)
        label = TOPIC_LABELS.get(kind, "Retired entries" if kind == "retired" else kind.title())
        lines[label] = clip(line, FIELD_VALUE_LIMIT)
    return lines


def stats_embed(kb: KnowledgeBase, stats: Stats) -> discord.Embed:
    """The student's progress: by topic, their flashcards and their daily streak."""
    if stats.empty:
        return discord.Embed(
            title="Your study progress", description=NOTHING_YET, colour=COLOURS["concept"]
        )
    lines = [f"Flashcards: **{stats.due} due** of {stats.deck} in your deck"]
    if stats.reviews:
        lines[0] += f" ({stats.reviews} reviews so far)"
    if stats.due:
        lines.append("Review them with `/cards review`.")
    if stats.streak is not None:
        lines.append(
            f"Daily question: **{stats.streak.current} day(s) in a row** (best "
            f"{stats.streak.best}), last answered on {stats.streak.last_day}."
        )
    if not stats.progress:
        lines.append("No quiz answers yet: try `/quiz`.")
    embed = discord.Embed(
        title="Your study progress",
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOURS["concept"],
    )
    for label, line in topic_lines(kb, stats.progress).items():
        embed.add_field(name=label, value=line, inline=False)
    embed.set_footer(text="studybot · only you can see this · /me forget deletes it")
    return embed


# -- /me forget -----------------------------------------------------------------------------


def forget_prompt(user_id: int) -> tuple[str, discord.ui.View]:
    """The confirm message of /me forget, with its Delete everything and Cancel buttons."""
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetConfirmButton(user_id))
    view.add_item(ForgetCancelButton(user_id))
    text = (
        "This deletes everything studybot keeps about you **in this server**: quiz answers, "
        "flashcards and reviews, daily answers and streaks, your leaderboard choice, the "
        "questions you asked and your votes. It cannot be undone."
    )
    return text, view


def forgotten(rows: int) -> str:
    """The confirmation, in words."""
    if rows == 0:
        return "Done: there was nothing about you to delete here."
    return f"Done: deleted {rows} row{'s' if rows != 1 else ''}. Nothing about you is left here."


async def _refused(interaction: discord.Interaction, owner: int) -> bool:
    """Refuse, privately, a press by anyone but ``owner``; True when refused."""
    if interaction.user.id == owner:
        return False
    await interaction.response.send_message(NOT_YOURS, ephemeral=True)
    return True


class ForgetConfirmButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"me:forget:{USER_ID}"
):
    """Delete everything about the student who asked, in the guild it is pressed in."""

    def __init__(self, user_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Delete everything",
                style=discord.ButtonStyle.danger,
                custom_id=f"me:forget:{user_id}",
            )
        )
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ForgetConfirmButton:
        return cls(int(match["user"]))

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        if await _refused(interaction, self.user_id):
            return
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        guild = guild_of(interaction)
        result = await query(bot.storage, lambda s: s.forget(guild, self.user_id))
        if isinstance(result, str):  # a forget cut short finishes when pressed again
            await interaction.response.send_message(
                f"{result} Press **Delete everything** again to finish.", ephemeral=True
            )
            return
        await interaction.response.edit_message(content=forgotten(result), view=None)


class ForgetCancelButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"me:keep:{USER_ID}"):
    """Keep everything: close the confirm message."""

    def __init__(self, user_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Cancel", style=discord.ButtonStyle.secondary, custom_id=f"me:keep:{user_id}"
            )
        )
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ForgetCancelButton:
        return cls(int(match["user"]))

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        if await _refused(interaction, self.user_id):
            return
        await interaction.response.edit_message(content=CANCELLED, view=None)


# -- /me leaderboard ------------------------------------------------------------------------


def leaderboard_choice(shown: bool) -> str:
    """The opt-in (or out), confirmed in words."""
    if shown:
        return (
            "Done: your display name will be shown on this server's leaderboards. "
            "`/me leaderboard name:False` hides it again."
        )
    return (
        'Done: you will appear as "a student" on this server\'s leaderboards. '
        "`/me leaderboard name:True` shows your display name."
    )


def me_items() -> list[type[discord.ui.DynamicItem]]:
    """The /me persistent buttons, to register with the client."""
    return [ForgetConfirmButton, ForgetCancelButton]
