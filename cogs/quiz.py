"""/quiz: a personal round of questions from the knowledge base, answered with buttons."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.discord_ui.quiz import start_round
from bot.matching.complete import complete
from bot.study.bank import DEFAULT_QUESTIONS, MAX_QUESTIONS, UnknownTopic, resolve_topic

TOPIC_KINDS = ("concept", "organization", "document", "case")


class Quiz(commands.Cog):
    """Practice: quizzes built from the cited knowledge base."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    async def _topics(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=title[:100], value=entry_id)
            for title, entry_id in complete(self.bot.engine.kb, current, TOPIC_KINDS)
        ]

    @app_commands.command(name="quiz", description="Practise with a few questions, just for you")
    @app_commands.describe(
        topic="an entry to practise (start typing), or leave empty for every topic",
        questions=f"how many questions (1-{MAX_QUESTIONS}, default {DEFAULT_QUESTIONS})",
    )
    @app_commands.autocomplete(topic=_topics)
    async def quiz(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, 100] | None = None,
        questions: app_commands.Range[int, 1, MAX_QUESTIONS] = DEFAULT_QUESTIONS,
    ) -> None:
        kb = self.bot.engine.kb
        topic_id = None
        if topic is not None:
            try:
                topic_id = topic if topic in kb.entries else resolve_topic(kb, topic)
            except UnknownTopic as error:
                await interaction.response.send_message(
                    f"{discord.utils.escape_mentions(str(error))}. Leave the topic empty to "
                    "practise everything.",
                    ephemeral=True,
                    allowed_mentions=discord.AllowedMentions.none(),
                )
                return
        await start_round(interaction, kb, topic_id, questions)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Quiz(bot))
