"""/define, /case, /compare and /sources: direct lookups with autocomplete."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.matching.complete import complete

ALL_KINDS: tuple[str, ...] = ()
DEFINABLE = ("concept", "organization", "document")


CLOSE_NAME = 90  # WRatio: a typed name this close to a title or alias means that entry


def _resolve(bot: StudyBot, value: str, kinds: tuple[str, ...]) -> str:
    """An autocomplete value is an id; typed text goes through the matcher (so it can
    decline), then a close name; otherwise it is returned as typed (-> "no entry")."""
    kb = bot.engine.kb
    if value in kb.entries:
        return value
    match = bot.engine.match(value)
    if match.kind not in ("none", "comparison") and (not kinds or match.kind in kinds):
        return match.entries[0]
    found = complete(kb, value, kinds, limit=1, cutoff=CLOSE_NAME)
    return found[0][1] if found else value


class Lookup(commands.Cog):
    """Lookups by name."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    def _choices(self, current: str, kinds: tuple[str, ...]) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=title[:100], value=entry_id)
            for title, entry_id in complete(self.bot.engine.kb, current, kinds)
        ]

    async def _any(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return self._choices(current, ALL_KINDS)

    async def _definable(
        self, _: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices(current, DEFINABLE)

    async def _cases(self, _: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return self._choices(current, ("case",))

    @app_commands.command(
        name="define", description="Definition of a concept, organisation or document"
    )
    @app_commands.describe(term="start typing: collective security, R2P, NATO, Article 51...")
    @app_commands.autocomplete(term=_definable)
    async def define(
        self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]
    ) -> None:
        await self.bot.answers.send_entry(interaction, _resolve(self.bot, term, DEFINABLE))

    @app_commands.command(
        name="case", description="A historical case: what happened and why it matters"
    )
    @app_commands.describe(name="start typing: Manchuria, Korea, Rwanda, Kosovo...")
    @app_commands.autocomplete(name=_cases)
    async def case(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]
    ) -> None:
        await self.bot.answers.send_entry(interaction, _resolve(self.bot, name, ("case",)))

    @app_commands.command(name="compare", description="Side-by-side comparison of two entries")
    @app_commands.describe(first="first entry", second="second entry")
    @app_commands.autocomplete(first=_any, second=_any)
    async def compare(
        self,
        interaction: discord.Interaction,
        first: app_commands.Range[str, 1, 100],
        second: app_commands.Range[str, 1, 100],
    ) -> None:
        await self.bot.answers.send_comparison(
            interaction, _resolve(self.bot, first, ALL_KINDS), _resolve(self.bot, second, ALL_KINDS)
        )

    @app_commands.command(
        name="sources", description="Full references: for one entry, or the whole reading list"
    )
    @app_commands.describe(entry="an entry whose sources you want (optional)")
    @app_commands.autocomplete(entry=_any)
    async def sources(self, interaction: discord.Interaction, entry: str | None = None) -> None:
        entry_id = _resolve(self.bot, entry, ALL_KINDS) if entry else None
        await self.bot.answers.send_sources(interaction, entry_id)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Lookup(bot))
