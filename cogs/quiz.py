"""/quiz: a personal round of questions from the knowledge base, answered with buttons."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.discord_ui.group_round import GroupRound, run_round
from bot.discord_ui.permissions import is_moderator
from bot.discord_ui.quiz import start_round
from bot.matching.complete import complete
from bot.study.bank import (
    DEFAULT_QUESTIONS,
    MAX_QUESTIONS,
    UnknownTopic,
    resolve_topic,
    session,
)

ROUND_SECONDS = (10, 120, 30)  # a group item's timer: shortest, longest, default

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
        topic_id = await self._topic_or_hint(interaction, topic)
        if topic_id is not False:
            await start_round(interaction, self.bot.engine.kb, topic_id or None, questions)

    async def _topic_or_hint(
        self, interaction: discord.Interaction, topic: str | None
    ) -> str | bool | None:
        """The entry id ``topic`` names (None: every topic), or False after telling the
        student privately that no entry has that name."""
        kb = self.bot.engine.kb
        if topic is None:
            return None
        try:
            return topic if topic in kb.entries else resolve_topic(kb, topic)
        except UnknownTopic as error:
            await interaction.response.send_message(
                f"{discord.utils.escape_mentions(str(error))}. Leave the topic empty to "
                "practise everything.",
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            return False

    @app_commands.command(
        name="quizround", description="Moderators: a quiz round for the whole channel"
    )
    @app_commands.describe(
        topic="an entry to practise (start typing), or leave empty for every topic",
        questions=f"how many questions (1-{MAX_QUESTIONS}, default {DEFAULT_QUESTIONS})",
        seconds=f"time to answer each ({ROUND_SECONDS[0]}-{ROUND_SECONDS[1]} s)",
    )
    @app_commands.autocomplete(topic=_topics)
    @app_commands.guild_only()
    @app_commands.check(is_moderator)
    async def quizround(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, 100] | None = None,
        questions: app_commands.Range[int, 1, MAX_QUESTIONS] = DEFAULT_QUESTIONS,
        seconds: app_commands.Range[int, ROUND_SECONDS[0], ROUND_SECONDS[1]] = ROUND_SECONDS[2],
    ) -> None:
        kb = self.bot.engine.kb
        topic_id = await self._topic_or_hint(interaction, topic)
        if topic_id is False:
            return
        items = session(kb, topic=topic_id or None, n=questions, seed=interaction.id % 10**9)
        if not items or interaction.channel is None:
            await interaction.response.send_message(
                "There are no quiz questions on that topic yet.", ephemeral=True
            )
            return
        round_ = GroupRound.new(
            interaction.guild_id or 0,
            interaction.channel_id or 0,
            interaction.user.id,
            items,
            seconds,
        )
        title = kb.entries[topic_id].title if topic_id else "every topic"
        await interaction.response.send_message(
            f"A group round of {len(items)} question(s) on {title} starts now: "
            f"{seconds} s for each. Answer with the buttons; one answer each.",
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.bot.spawn(run_round(self.bot, interaction.channel, round_))


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Quiz(bot))
