"""The daily question's scheduler: a loop that posts each guild's question once its local
time has come, and reveals the answer when its minutes are up. `/kb daily` (in
cogs/moderation.py) stores the settings through :func:`configure`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.client import StudyBot
from bot.discord_ui.daily import post_daily, posted, reveal_daily
from bot.storage import Storage
from bot.storage.study import DailySettings
from bot.study.daily import (
    BadSetting,
    due_day,
    local_day,
    parse_post_time,
    parse_zone,
    previous_day,
    reveal_at,
)

log = logging.getLogger("studybot.daily")
TICK_SECONDS = 60.0  # post times are whole minutes: a tick a minute posts within one
DEFAULT_REVEAL_MINUTES = 60
MAX_REVEAL_MINUTES = 1440  # the schema's bound: a reveal within a day of the post
MAX_ZONE_CHOICES = 25  # Discord shows at most 25 autocomplete choices


def utc_now() -> datetime:
    """The real clock (aware, UTC); tests set ``Daily.clock`` to their own."""
    return datetime.now(UTC)


async def configure(
    storage: Storage,
    guild_id: int,
    channel: discord.abc.GuildChannel | None,
    post_time: str | None,
    timezone: str,
    reveal_minutes: int,
) -> str:
    """Validate and store a guild's daily question; the confirmation in words. A bad
    time or zone raises BadSetting (whose message names the value) before any write."""
    if channel is None or post_time is None:
        raise BadSetting("Give both a `channel` and a `time` (HH:MM), or `off:True` to stop.")
    hh_mm = parse_post_time(post_time)
    zone = parse_zone(timezone).key
    await storage.set_daily(DailySettings(guild_id, channel.id, hh_mm, zone, reveal_minutes))
    minutes = "minute" if reveal_minutes == 1 else "minutes"
    return (
        f"Daily question on: every day at {hh_mm} ({zone}) in {channel.mention}, with the "
        f"answer revealed {reveal_minutes} {minutes} later (or when a moderator presses "
        "Reveal). Stop it with `/kb daily off:True`."
    )


async def stop(storage: Storage, guild_id: int) -> str:
    """Stop a guild's daily question; the confirmation in words."""
    if await storage.stop_daily(guild_id):
        return "Daily question off: no more posts. Earlier posts and streaks are kept."
    return "There was no daily question to stop."


async def zone_choices(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Time zones whose name contains what the moderator typed (any case)."""
    wanted = current.strip().lower().replace(" ", "_")
    names = sorted(z for z in available_timezones() if wanted in z.lower())
    return [app_commands.Choice(name=z, value=z) for z in names[:MAX_ZONE_CHOICES]]


class Daily(commands.Cog):
    """Posts and reveals the daily question; the clock is an attribute for tests."""

    def __init__(self, bot: StudyBot, clock: Callable[[], datetime] = utc_now) -> None:
        self.bot = bot
        self.clock = clock

    async def cog_load(self) -> None:
        if self.bot.background:  # not for one-shot uses such as `studybot sync`
            self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    @tasks.loop(seconds=TICK_SECONDS)
    async def loop(self) -> None:
        """One tick; a failure is logged and the next tick tries again."""
        try:
            await self.tick()
        except Exception:
            log.exception("daily question tick failed")

    @loop.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self) -> None:
        """Post every guild's due question (claimed first: never twice) and reveal every
        answer whose time has come."""
        storage = self.bot.storage
        if storage is None:
            return
        now = self.clock()
        for settings in await storage.daily_settings():
            try:
                await self._guild_tick(storage, settings, now)
            except Exception:  # one guild's broken channel must not stop the others
                log.exception("daily question of guild %s failed", settings.guild_id)

    async def _guild_tick(self, storage: Storage, settings: DailySettings, now: datetime) -> None:
        day = due_day(now, settings.post_time, settings.timezone)
        if day is not None and await storage.daily_post(settings.guild_id, day) is None:
            await post_daily(self.bot, storage, settings, day, now)
        today = local_day(now, settings.timezone)
        for shown in (previous_day(today), today):  # a reveal may fall after midnight
            post = await posted(storage, settings.guild_id, shown)
            if (
                post is not None
                and post.revealed_at is None
                and now >= reveal_at(post.posted_at, settings.reveal_minutes)
            ):
                await reveal_daily(self.bot, storage, settings.guild_id, shown)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Daily(bot))
