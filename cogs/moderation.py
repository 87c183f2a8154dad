"""/kb: moderator tools. Needs Manage Server or the configured moderator role; the
permission is checked here in code, not only by Discord's default permissions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.discord_ui.embeds import clip
from bot.discord_ui.limits import COLOURS, STORAGE_TIMEOUT
from bot.discord_ui.permissions import is_moderator
from bot.discord_ui.views import NO_MENTIONS
from bot.reports import unanswered_report
from bot.storage import GuildSettings, Storage, StorageError
from bot.study.daily import BadSetting
from cogs import daily

log = logging.getLogger("studybot.moderation")

MAX_PROBLEM_LINES = 15
T = TypeVar("T")
Query = Callable[[Storage], Awaitable[T]]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Moderation(
    commands.GroupCog, group_name="kb", group_description="Moderator tools for the knowledge base"
):
    """Reload, status, and what students ask that the bot cannot answer."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await is_moderator(interaction)

    @app_commands.command(name="reload", description="Validate and reload the knowledge files")
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.reload_knowledge()
        if result.kb is None:
            lines = [str(p) for p in result.errors[:MAX_PROBLEM_LINES]]
            more = len(result.errors) - len(lines)
            body = "\n".join(lines) + (f"\n… and {more} more" if more > 0 else "")
            text = (
                f"Reload refused: {result.error_count}. Still serving version "
                f"`{self.bot.engine.kb.version}`. Fix these and run `/kb reload` again:\n"
                f"```\n{clip(body, 1700)}\n```"
            )
        else:
            counts = result.kb.counts_text()
            warn = (
                f" ({len(result.warnings)} warning(s): run `studybot check`)"
                if result.warnings
                else ""
            )
            text = f"Reloaded version `{result.kb.version}`: {counts}.{warn}"
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="status", description="Entries by kind, last load and version")
    async def status(self, interaction: discord.Interaction) -> None:
        kb = self.bot.engine.kb
        storage = "working" if self.bot.storage else "unavailable: answers are not logged"
        embed = discord.Embed(
            title="Knowledge base status",
            description=(
                f"Serving {kb.counts_text()}, loaded "
                f"{discord.utils.format_dt(kb.loaded_at, 'R')}. Storage is {storage}."
            ),
            colour=COLOURS["moderation"],
        )
        embed.set_footer(text=f"knowledge version {kb.version}")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def _query(self, interaction: discord.Interaction, query: Query[T]) -> T | None:
        """Run ``query`` on the storage within Discord's reply deadline; on a missing or
        slow database, tell the moderator and return None."""
        message = "Storage is unavailable right now."
        if self.bot.storage is not None:
            try:
                return await asyncio.wait_for(query(self.bot.storage), STORAGE_TIMEOUT)
            except TimeoutError:
                message = "The database is busy right now; try again in a moment."
            except StorageError as exc:
                # A full disk, a read-only volume or a deleted file: say so, in one line.
                log.warning("moderator command could not use the database: %s", exc)
                message = (
                    "The database could not be read or written right now (is the disk full "
                    "or read-only?). Nothing was changed; the server owner can check the log."
                )
        await interaction.response.send_message(message, ephemeral=True)
        return None

    @app_commands.command(
        name="unanswered", description="Most frequent questions I could not answer (30 days)"
    )
    @app_commands.describe(days="look back this many days (default 30)")
    async def unanswered(
        self, interaction: discord.Interaction, days: app_commands.Range[int, 1, 365] = 30
    ) -> None:
        rows = await self._query(
            interaction, lambda st: st.unanswered_rows(guild_id=interaction.guild_id, days=days)
        )
        if rows is None:
            return
        declined, unsure = unanswered_report(rows)
        embed = discord.Embed(
            title=f"Unanswered questions, last {days} days",
            description=None if rows else "Nothing unanswered. 🎉",
            colour=COLOURS["moderation"],
        )
        for name, groups in (
            ("Declined (no answer)", declined),
            ("Answered with low confidence", unsure),
        ):
            if groups:
                lines = [
                    f"{g.count}× {clip(discord.utils.escape_markdown(g.question), 150)}"
                    for g in groups
                ]
                embed.add_field(name=name, value=clip("\n".join(lines), 1024), inline=False)
        embed.set_footer(text="near-duplicates are counted together; the latest wording shown")
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="feedback", description="Entries with the most not-helpful votes")
    async def feedback(self, interaction: discord.Interaction) -> None:
        rows = await self._query(
            interaction, lambda st: st.feedback_summary(guild_id=interaction.guild_id)
        )
        if rows is None:
            return
        kb = self.bot.engine.kb
        titles = {r.entry_id: getattr(kb.get(r.entry_id), "title", r.entry_id) for r in rows}
        lines = [f"👎 {r.not_helpful} · 👍 {r.helpful} · {titles[r.entry_id]}" for r in rows]
        embed = discord.Embed(
            title="Feedback by entry",
            description=clip("\n".join(lines) or "No votes yet.", 4096),
            colour=COLOURS["moderation"],
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(
        name="settings", description="Set the moderator role and how long questions are kept"
    )
    @app_commands.describe(
        moderator_role="role that may use /kb (besides Manage Server)",
        retention_days="days to keep the question log (1-3650)",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        moderator_role: discord.Role | None = None,
        retention_days: app_commands.Range[int, 1, 3650] | None = None,
    ) -> None:
        if not interaction.permissions.manage_guild:  # a role holder may not re-assign the role
            await interaction.response.send_message(
                "Only members with Manage Server can change these settings.", ephemeral=True
            )
            return
        guild_id = interaction.guild_id
        assert guild_id is not None

        async def update(storage: Storage) -> GuildSettings:
            if moderator_role is not None:
                await storage.set_moderator_role(guild_id, moderator_role.id)
            if retention_days is not None:
                await storage.set_retention_days(guild_id, retention_days)
            return await storage.get_settings(guild_id)

        current = await self._query(interaction, update)
        if current is None:
            return
        role_id = current.moderator_role_id
        role = f"<@&{role_id}>" if role_id else "none (Manage Server only)"
        await interaction.response.send_message(
            f"Moderator role: {role}. Question log kept for {current.retention_days} days.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="daily", description="Post a daily question in a channel")
    @app_commands.describe(
        channel="where to post it",
        time="when, as HH:MM on a 24-hour clock",
        timezone="the time zone of that time (IANA name, default UTC)",
        reveal_minutes="minutes until the answer is shown (default 60)",
        off="True to stop the daily question",
    )
    @app_commands.autocomplete(timezone=daily.zone_choices)
    async def daily(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 1, 10] | None = None,
        timezone: app_commands.Range[str, 1, 64] = "UTC",
        reveal_minutes: app_commands.Range[
            int, 1, daily.MAX_REVEAL_MINUTES
        ] = daily.DEFAULT_REVEAL_MINUTES,
        off: bool = False,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None

        async def update(storage: Storage) -> str:
            if off:
                return await daily.stop(storage, guild_id)
            try:
                return await daily.configure(
                    storage, guild_id, channel, time, timezone, reveal_minutes
                )
            except BadSetting as bad:
                return f"Nothing changed: {bad}"

        text = await self._query(interaction, update)
        if text is not None:
            await interaction.response.send_message(
                text,
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Moderation(bot))
