"""/cards: flashcards with spaced repetition (add, review, stats), all private."""

from __future__ import annotations

from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.discord_ui.cards import UNAVAILABLE, add_card, show_due
from bot.discord_ui.study_guild import guild_of
from bot.matching.complete import complete

CARD_KINDS = ("concept", "organization", "document", "case")


class Cards(commands.Cog):
    """Flashcards of the knowledge base, scheduled by fsrs."""

    group = app_commands.Group(name="cards", description="Your flashcards (spaced repetition)")

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    async def _entries(
        self, _: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=title[:100], value=entry_id)
            for title, entry_id in complete(self.bot.engine.kb, current, CARD_KINDS)
        ]

    @group.command(name="review", description="Review the cards that are due")
    async def review(self, interaction: discord.Interaction) -> None:
        await show_due(interaction, self.bot, edit=False)

    @group.command(name="add", description="Add an entry to your cards")
    @app_commands.describe(entry="start typing: collective security, NATO, Rwanda...")
    @app_commands.autocomplete(entry=_entries)
    async def add(
        self, interaction: discord.Interaction, entry: app_commands.Range[str, 1, 100]
    ) -> None:
        kb = self.bot.engine.kb
        found = entry if entry in kb.entries else None
        if found is None:
            matches = complete(kb, entry, CARD_KINDS, limit=1)
            found = matches[0][1] if matches else None
        if found is None:
            await interaction.response.send_message(
                "I have no entry by that name. Try `/topics` to browse.", ephemeral=True
            )
            return
        await add_card(interaction, self.bot, found)

    @group.command(name="stats", description="Your deck: cards, due now, reviews done")
    async def stats(self, interaction: discord.Interaction) -> None:
        storage = self.bot.storage
        if storage is None:
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True)
            return
        deck, due, reviews = await storage.card_counts(
            guild_of(interaction), interaction.user.id, now=datetime.now(UTC).timestamp()
        )
        text = (
            f"**{deck}** card(s) in your deck, **{due}** due now, **{reviews}** review(s) done."
            if deck
            else "Your deck is empty: press **Add to my cards** under an answer."
        )
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Cards(bot))
