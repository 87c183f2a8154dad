"""/me: a student's own study progress, forgetting it, and their leaderboard name."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.discord_ui.me import (
    UNAVAILABLE,
    forget_prompt,
    leaderboard_choice,
    load_stats,
    query,
    stats_embed,
)
from bot.discord_ui.study_guild import guild_of


class Me(commands.GroupCog, group_name="me", group_description="Your own study progress"):
    """Progress, forgetting and leaderboard names: each student's own, privately."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="stats", description="Your progress by topic, weakest entries, due cards"
    )
    async def stats(self, interaction: discord.Interaction) -> None:
        """Show the student's progress, privately."""
        guild, user = guild_of(interaction), interaction.user.id
        result = await query(self.bot.storage, lambda s: load_stats(s, guild, user))
        if isinstance(result, str):
            await interaction.response.send_message(result, ephemeral=True)
            return
        embed = stats_embed(self.bot.engine.kb, result)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(
        name="forget", description="Delete everything studybot keeps about you here"
    )
    async def forget(self, interaction: discord.Interaction) -> None:
        """Ask the student to confirm; the buttons do the deleting."""
        if self.bot.storage is None:
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True)
            return
        text, view = forget_prompt(interaction.user.id)
        await interaction.response.send_message(text, view=view, ephemeral=True)

    @app_commands.command(name="leaderboard", description="Show your name on leaderboards, or not")
    @app_commands.describe(name="True: show your display name; False: appear as 'a student'")
    async def leaderboard(self, interaction: discord.Interaction, name: bool) -> None:
        """Opt in or out of being named on this server's leaderboards."""
        guild, user = guild_of(interaction), interaction.user.id
        result = await query(
            self.bot.storage, lambda s: s.set_leaderboard_name(guild, user, shown=name)
        )
        text = result if isinstance(result, str) else leaderboard_choice(name)
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Me(bot))
