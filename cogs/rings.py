"""/rings: the four rings of cooperative security as a picture."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot


class Rings(commands.Cog):
    """The cooperative security diagram."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="rings", description="The four rings of cooperative security, as a picture"
    )
    async def rings(self, interaction: discord.Interaction) -> None:
        await self.bot.answers.send_entry(interaction, "cooperative-security")


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Rings(bot))
