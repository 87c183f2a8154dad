"""Interactive pieces of an answer: page buttons, feedback votes, did-you-mean buttons.

Feedback and did-you-mean buttons are DynamicItems: their state lives in the custom id,
so they keep working after a restart. Page buttons hold the pages in memory and expire.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.answer.model import Suggestion

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.views")
PAGE_TIMEOUT = 15 * 60
NO_MENTIONS = discord.AllowedMentions.none()


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"fb:(?P<log>\d+):(?P<vote>[01])"
):
    """👍 / 👎 on an answer; one stored vote per user and answer (a second click updates)."""

    def __init__(self, log_id: int, helpful: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"fb:{log_id}:{int(helpful)}",
            )
        )
        self.log_id = log_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> FeedbackButton:
        return cls(int(match["log"]), match["vote"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        stored = False
        if bot.storage is not None:
            stored = await bot.storage.record_vote(
                log_id=self.log_id, user_id=interaction.user.id, helpful=self.helpful
            )
        text = (
            "Thanks, your vote is noted. The moderators use it to improve the answers."
            if stored
            else "Sorry, I could not save your vote right now."
        )
        await interaction.response.send_message(text, ephemeral=True)


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"dym:(?P<entry>[a-z0-9-]{1,80})"
):
    """A did-you-mean button: answers with that entry."""

    def __init__(self, entry_id: str, title: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=(title or entry_id)[:80],
                style=discord.ButtonStyle.primary,
                custom_id=f"dym:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> SuggestionButton:
        return cls(match["entry"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        await bot.answers.send_entry(interaction, self.entry_id)


class AnswerView(discord.ui.View):
    """Pages (when more than one) and feedback buttons under an answer."""

    def __init__(self, pages: list[discord.Embed], log_id: int | None) -> None:
        super().__init__(timeout=PAGE_TIMEOUT)
        self.pages = pages
        self.page = 0
        self.message: discord.InteractionMessage | None = None
        if len(pages) > 1:
            self.previous.disabled = True
        else:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        if log_id is not None:
            self.add_item(FeedbackButton(log_id, True))
            self.add_item(FeedbackButton(log_id, False))

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1
        await interaction.response.edit_message(embed=self.pages[self.page], view=self)

    @discord.ui.button(label="Previous", emoji="◀️", custom_id="pg:prev", row=0)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next", emoji="▶️", custom_id="pg:next", row=0)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, self.page + 1)

    async def on_timeout(self) -> None:
        # Keep the feedback buttons (they are persistent); drop the expired pager.
        for item in (self.previous, self.next):
            if item in self.children:
                self.remove_item(item)
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException:
                log.debug("could not remove an expired pager", exc_info=True)


def suggestions_view(suggestions: tuple[Suggestion, ...]) -> discord.ui.View | None:
    """A view of did-you-mean buttons, or None when there is nothing to suggest."""
    if not suggestions:
        return None
    view = discord.ui.View(timeout=None)
    for suggestion in suggestions[:3]:
        view.add_item(SuggestionButton(suggestion.entry_id, suggestion.title))
    return view


def dynamic_items() -> list[type[discord.ui.DynamicItem[Any]]]:
    """Persistent items to register with the client."""
    return [FeedbackButton, SuggestionButton]
