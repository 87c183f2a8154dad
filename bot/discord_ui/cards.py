"""Flashcards on Discord: "Add to my cards" under an answer, and a private review with
Again / Hard / Good / Easy, scheduled by fsrs (bot/study/cards.py). Stateless buttons:
the card's entry id (and the rating) are in the custom id, the schedule in the database.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord

from bot.discord_ui.errors import answering_errors
from bot.discord_ui.limits import COLOURS, DESCRIPTION_LIMIT
from bot.discord_ui.study_guild import guild_of
from bot.knowledge.base import KnowledgeBase
from bot.storage import Storage, StorageError
from bot.study import cards
from bot.text import clip

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.cards")
NO_MENTIONS = discord.AllowedMentions.none()
UNAVAILABLE = "Your cards are unavailable right now (the database is down); nothing was lost."
GONE = "That card's entry is no longer in the knowledge base."
# The answer buttons: label, style. Again is red, the rest grey, as in flashcard apps.
RATING_BUTTONS = {
    "again": ("Again", discord.ButtonStyle.danger),
    "hard": ("Hard", discord.ButtonStyle.secondary),
    "good": ("Good", discord.ButtonStyle.success),
    "easy": ("Easy", discord.ButtonStyle.secondary),
}
ENTRY = r"(?P<entry>[a-z0-9-]{1,40})"


def _now() -> datetime:
    return datetime.now(UTC)


def when(due: datetime, now: datetime) -> str:
    """When a card is due next, in words a student reads at a glance."""
    seconds = (due - now).total_seconds()
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    return f"on {due:%d %b %Y} (in {round(seconds / 86400)} days)"


def front_embed(kb: KnowledgeBase, entry_id: str, due_count: int) -> discord.Embed:
    """A card's front: the term, and how many cards are due."""
    card = cards.card_for_entry(kb, entry_id)
    embed = discord.Embed(
        title=card.front,
        description="What is it? Say it to yourself, then turn the card.",
        colour=COLOURS["concept"],
    )
    embed.set_footer(text=f"studybot cards · {due_count} due")
    return embed


def back_embed(kb: KnowledgeBase, entry_id: str) -> discord.Embed:
    """A card's back: summary, key points and short references."""
    card = cards.card_for_entry(kb, entry_id)
    embed = discord.Embed(
        title=card.front,
        description=clip(card.back, DESCRIPTION_LIMIT),
        colour=COLOURS["concept"],
    )
    embed.set_footer(text="studybot cards · how well did you know it?")
    return embed


def front_view(entry_id: str) -> discord.ui.View:
    """The "Show answer" button under a front."""
    view = discord.ui.View(timeout=None)
    view.add_item(ShowBackButton(entry_id))
    return view


def back_view(entry_id: str) -> discord.ui.View:
    """The four rating buttons under a back."""
    view = discord.ui.View(timeout=None)
    for rating in RATING_BUTTONS:
        view.add_item(RateButton(rating, entry_id))
    return view


async def next_due(
    storage: Storage, kb: KnowledgeBase, guild_id: int, user_id: int
) -> tuple[str, int] | None:
    """The student's most overdue card still in the knowledge base, and how many are due."""
    due = await storage.due_cards(guild_id, user_id, now=_now().timestamp())
    known = [row.card_key for row in due if row.card_key in kb.entries]
    return (known[0], len(known)) if known else None


async def show_due(interaction: discord.Interaction, bot: StudyBot, *, edit: bool) -> None:
    """The next due card's front, or "nothing due" (as a new private message or in place)."""
    storage = bot.storage
    if storage is None:
        await _say(interaction, UNAVAILABLE, edit)
        return
    found = await next_due(storage, bot.engine.kb, guild_of(interaction), interaction.user.id)
    if found is None:
        counts = await storage.card_counts(
            guild_of(interaction), interaction.user.id, now=_now().timestamp()
        )
        text = (
            "No cards are due. Well done!"
            if counts[0]
            else "Your deck is empty: press **Add to my cards** under an answer, or use "
            "`/cards add`."
        )
        await _say(interaction, text, edit)
        return
    entry_id, count = found
    embed, view = front_embed(bot.engine.kb, entry_id, count), front_view(entry_id)
    if edit:
        await interaction.response.edit_message(content=None, embed=embed, view=view)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


async def _say(interaction: discord.Interaction, text: str, edit: bool) -> None:
    if edit:
        await interaction.response.edit_message(content=text, embed=None, view=None)
    else:
        await interaction.response.send_message(text, ephemeral=True)


async def add_card(interaction: discord.Interaction, bot: StudyBot, entry_id: str) -> None:
    """Put ``entry_id``'s card in the presser's deck and say so privately."""
    kb = bot.engine.kb
    if entry_id not in kb.entries:
        await interaction.response.send_message(GONE, ephemeral=True)
        return
    storage = bot.storage
    if storage is None:
        await interaction.response.send_message(UNAVAILABLE, ephemeral=True)
        return
    added = await cards.add(
        storage, guild_of(interaction), interaction.user.id, entry_id, now=_now()
    )
    title = discord.utils.escape_markdown(kb.entries[entry_id].title)
    text = (
        f"Added **{title}** to your cards. Review them with `/cards review`."
        if added
        else f"**{title}** is already in your cards."
    )
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


class AddCardButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"ca:{ENTRY}"):
    """Under an answer card: add its entry to the presser's flashcards."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Add to my cards",
                emoji="🗃️",
                style=discord.ButtonStyle.secondary,
                custom_id=f"ca:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> AddCardButton:
        return cls(match["entry"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await add_card(interaction, interaction.client, self.entry_id)  # type: ignore[arg-type]
        except StorageError:
            log.warning("adding a card failed", exc_info=True)
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True)


class ShowBackButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"cs:{ENTRY}"):
    """Turn the card: its back, with the rating buttons."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Show answer",
                emoji="🔄",
                style=discord.ButtonStyle.primary,
                custom_id=f"cs:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ShowBackButton:
        return cls(match["entry"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        if self.entry_id not in bot.engine.kb.entries:
            await interaction.response.edit_message(content=GONE, embed=None, view=None)
            return
        embed = back_embed(bot.engine.kb, self.entry_id)
        await interaction.response.edit_message(embed=embed, view=back_view(self.entry_id))


class RateButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=rf"cr:(?P<rating>again|hard|good|easy):{ENTRY}",
):
    """How well the student knew the card: fsrs schedules the next review."""

    def __init__(self, rating: str, entry_id: str) -> None:
        label, style = RATING_BUTTONS[rating]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"cr:{rating}:{entry_id}")
        )
        self.rating = rating
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> RateButton:
        return cls(match["rating"], match["entry"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._rate(interaction)
        except StorageError:
            log.warning("saving a review failed", exc_info=True)
            await interaction.response.edit_message(content=UNAVAILABLE, embed=None, view=None)

    async def _rate(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        storage = bot.storage
        if storage is None:
            await interaction.response.edit_message(content=UNAVAILABLE, embed=None, view=None)
            return
        now = _now()
        try:
            due = await cards.review(
                storage,
                guild_of(interaction),
                interaction.user.id,
                self.entry_id,
                self.rating,
                now=now,
            )
        except KeyError:
            text = "That card is not in your deck (removed with /me forget?)."
            await interaction.response.edit_message(content=text, embed=None, view=None)
            return
        entry = bot.engine.kb.entries.get(self.entry_id)
        title = entry.title if entry else self.entry_id
        found = await next_due(storage, bot.engine.kb, guild_of(interaction), interaction.user.id)
        done = f"**{discord.utils.escape_markdown(title)}**: next review {when(due, now)}."
        if found is None:
            await interaction.response.edit_message(
                content=f"{done}\nNo more cards due. Well done!", embed=None, view=None
            )
            return
        entry_id, count = found
        await interaction.response.edit_message(
            content=done,
            embed=front_embed(bot.engine.kb, entry_id, count),
            view=front_view(entry_id),
            allowed_mentions=NO_MENTIONS,
        )


def card_items() -> list[type[discord.ui.DynamicItem]]:
    """The flashcards' persistent buttons, to register with the client."""
    return [AddCardButton, ShowBackButton, RateButton]
