"""/ask and the "Ask studybot" message menu."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.engine import MAX_QUESTION_CHARS


class Ask(commands.Cog):
    """Free-text questions."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Ask studybot", callback=self.ask_message)
        bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="ask", description="Ask a question about international security")
    @app_commands.describe(
        question="e.g. what is the difference between collective security and collective defense?"
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
    ) -> None:
        await self.bot.answers.ask(interaction, question)

    async def ask_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer the question in someone's message."""
        await self.bot.answers.ask(interaction, message.content)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Ask(bot))
