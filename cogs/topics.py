"""/topics: browse the knowledge base by kind, a page at a time."""

from __future__ import annotations

import contextlib

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import StudyBot
from bot.discord_ui.embeds import clip
from bot.discord_ui.views import apologise

PAGE_SIZE = 20
KIND_LABELS = {
    "concept": "Concepts",
    "organization": "Organizations",
    "document": "Documents",
    "case": "Cases",
    "source": "Sources",
}


class TopicsView(discord.ui.View):
    """A kind menu, a page of entries with an entry menu, and page buttons."""

    def __init__(self, bot: StudyBot, owner: discord.Interaction) -> None:
        super().__init__(timeout=600)
        self.bot = bot
        self.owner = owner  # the /topics interaction: its reply is edited on timeout
        self.owner_id = owner.user.id
        self.kind = "concept"
        self.page = 0
        self.kind_menu.options = [
            discord.SelectOption(label=f"{label} ({count})", value=kind)
            for kind, label in KIND_LABELS.items()
            if (count := bot.engine.kb.counts().get(kind, 0))
        ]
        self._refresh()

    async def on_timeout(self) -> None:
        """Grey out the menus, so an expired browser does not fail when clicked."""
        for item in self.children:
            item.disabled = True  # type: ignore[attr-defined]
        with contextlib.suppress(discord.HTTPException):
            await self.owner.edit_original_response(view=self)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await apologise(interaction, error)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "Use `/topics` to browse on your own.", ephemeral=True
        )
        return False

    def _entries(self) -> list:
        return self.bot.engine.kb.by_kind(self.kind)

    def _pages(self) -> int:
        return max(1, -(-len(self._entries()) // PAGE_SIZE))

    def _refresh(self) -> None:
        entries = self._entries()[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]
        self.entry_menu.options = [
            discord.SelectOption(
                label=clip(e.title, 100), value=e.id, description=clip(e.summary, 100)
            )
            for e in entries
        ] or [discord.SelectOption(label="(nothing here)", value="-")]
        self.entry_menu.disabled = not entries
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self._pages() - 1
        for option in self.kind_menu.options:
            option.default = option.value == self.kind

    def embed(self) -> discord.Embed:
        """The current page as an embed."""
        entries = self._entries()[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]
        lines = [f"• **{e.title}**: {clip(e.summary, 120)}" for e in entries]
        embed = discord.Embed(
            title=f"{KIND_LABELS[self.kind]}",
            description=clip("\n".join(lines) or "Nothing here yet.", 4096),
            colour=0x6366F1,
        )
        embed.set_footer(text=f"page {self.page + 1}/{self._pages()} · pick one below to read it")
        return embed

    async def _update(self, interaction: discord.Interaction) -> None:
        self._refresh()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.select(placeholder="Kind of entry", row=0)
    async def kind_menu(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        self.kind, self.page = select.values[0], 0
        await self._update(interaction)

    @discord.ui.select(placeholder="Read an entry", row=1)
    async def entry_menu(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await self.bot.answers.send_entry(interaction, select.values[0], private=True)

    @discord.ui.button(label="Previous", emoji="◀️", row=2)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.page = max(0, self.page - 1)
        await self._update(interaction)

    @discord.ui.button(label="Next", emoji="▶️", row=2)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.page = min(self._pages() - 1, self.page + 1)
        await self._update(interaction)


class Topics(commands.Cog):
    """Browsing."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    @app_commands.command(name="topics", description="Browse the knowledge base by kind")
    async def topics(self, interaction: discord.Interaction) -> None:
        view = TopicsView(self.bot, interaction)
        await interaction.response.send_message(embed=view.embed(), view=view, ephemeral=True)


async def setup(bot: StudyBot) -> None:
    """discord.py extension entry point."""
    await bot.add_cog(Topics(bot))
