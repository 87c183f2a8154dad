"""Interactive pieces of an answer: page buttons, feedback votes, did-you-mean buttons.

All are DynamicItems: their state lives in the custom id, so they keep working after a
restart and no view is held in memory while users read.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.answer.compose import comparison_answer, entry_answer, sources_answer
from bot.answer.model import Answer, Suggestion
from bot.discord_ui.cards import AddCardButton
from bot.discord_ui.embeds import render_embeds
from bot.discord_ui.errors import answering_errors, report_error
from bot.discord_ui.limits import (
    BUTTON_LABEL_LIMIT,
    CUSTOM_ID_LIMIT,
    SELECT_LABEL_LIMIT,
    SELECT_OPTIONS_LIMIT,
)
from bot.discord_ui.quiz import QuizMeButton

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.views")
NO_MENTIONS = discord.AllowedMentions.none()
VOTE_TIMEOUT = 1.5  # seconds
CHANGED = "This answer changed after a knowledge reload; please ask again."


async def apologise(interaction: discord.Interaction, error: Exception) -> None:
    """A failed component callback: the one error handler (errors.report_error)."""
    await report_error(interaction, error, "a component callback")


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"fb:(?P<log>\d+):(?P<vote>[01])"
):
    """👍 / 👎 on an answer; one stored vote per user and answer (a second click updates)."""

    def __init__(self, log_id: int, helpful: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label=vote_label(helpful),
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

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        stored, counts = False, None
        if bot.storage is not None:
            with contextlib.suppress(TimeoutError):  # Discord wants a reply within 3 s
                stored = await asyncio.wait_for(
                    bot.storage.record_vote(
                        log_id=self.log_id, user_id=interaction.user.id, helpful=self.helpful
                    ),
                    VOTE_TIMEOUT,
                )
                if stored:
                    counts = await asyncio.wait_for(
                        bot.storage.vote_counts(self.log_id), VOTE_TIMEOUT
                    )
        if not stored:
            await interaction.response.send_message(
                "Sorry, I could not save your vote right now.", ephemeral=True
            )
            return
        thanks = (
            f"Thanks, your vote ({'👍' if self.helpful else '👎'}) is noted. "
            "The moderators use it to improve the answers."
        )
        if counts is None or interaction.message is None:
            await interaction.response.send_message(thanks, ephemeral=True)
            return
        # The buttons show the votes so far; the voter is thanked privately.
        await interaction.response.edit_message(view=_with_counts(interaction.message, counts))
        await interaction.followup.send(thanks, ephemeral=True)


def vote_label(helpful: bool, count: int = 0) -> str:
    """ "Helpful", or "Helpful · 3" once someone voted."""
    label = "Helpful" if helpful else "Not helpful"
    return f"{label} · {count}" if count else label


def _with_counts(message: discord.Message, counts: tuple[int, int]) -> discord.ui.View:
    """``message``'s components, the vote buttons labelled with ``counts``."""
    view = discord.ui.View.from_message(message, timeout=None)
    for item in view.children:
        custom_id = getattr(item, "custom_id", None) or ""
        found = FeedbackButton.__discord_ui_compiled_template__.fullmatch(custom_id)
        if found and isinstance(item, discord.ui.Button):
            helpful = found["vote"] == "1"
            item.label = vote_label(helpful, counts[0] if helpful else counts[1])
    return view


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"dym:(?P<entry>[a-z0-9-]{1,40})"
):
    """A did-you-mean button: answers with that entry."""

    def __init__(self, entry_id: str, title: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=(title or entry_id)[:BUTTON_LABEL_LIMIT],
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

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        await bot.answers.send_entry(interaction, self.entry_id, private=True)


# Answer origins that page buttons can rebuild from ids alone, and their one-letter codes.
ORIGIN_CODES = {"entry": "e", "comparison": "c", "sources": "s", "reading-list": "r"}
ORIGINS = {code: origin for origin, code in ORIGIN_CODES.items()}


def page_custom_id(answer: Answer, page: int) -> str | None:
    """``pg:<page>:<confidence %>:<origin>:<ids>`` or None when it cannot be encoded."""
    code = ORIGIN_CODES.get(answer.origin)
    if code is None:
        return None
    custom_id = f"pg:{page}:{round(answer.confidence * 100)}:{code}:{','.join(answer.entries)}"
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else None


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"pg:(?P<page>\d+):(?P<conf>\d+):(?P<code>[ecsr]):(?P<ids>[a-z0-9,-]*)",
):
    """Previous/next page. Stateless: the answer is rebuilt from the ids in the custom
    id, so paging works after a restart and costs no memory while it waits."""

    def __init__(self, custom_id: str, label: str, emoji: str) -> None:
        super().__init__(discord.ui.Button(label=label, emoji=emoji, custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> PageButton:
        return cls(item.custom_id or "", item.label or "", str(item.emoji or ""))

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        match = self.__discord_ui_compiled_template__.fullmatch(self.custom_id)
        assert match is not None
        answer = rebuild_answer(bot, ORIGINS[match["code"]], match["ids"], int(match["conf"]))
        if answer is None:
            await interaction.response.send_message(CHANGED, ephemeral=True)
            return
        pages = render_embeds(answer)
        page = min(int(match["page"]), len(pages) - 1)
        log_id = _log_id_of(interaction.message)
        await interaction.response.edit_message(
            embed=pages[page], view=answer_view(answer, len(pages), page, log_id)
        )


def rebuild_answer(bot: StudyBot, origin: str, ids: str, confidence: int = 100) -> Answer | None:
    """The answer a page button belongs to, rebuilt from the current knowledge."""
    kb = bot.engine.kb
    entries = [e for e in ids.split(",") if e]
    if any(e not in kb.entries for e in entries):
        return None
    if origin == "entry" and entries:
        answer = entry_answer(kb, entries[0])
    elif origin == "comparison" and len(entries) == 2 and entries[0] != entries[1]:
        answer = comparison_answer(kb, entries[0], entries[1])
    elif origin == "sources" and entries:
        answer = sources_answer(kb, entries[0])
    elif origin == "reading-list":
        answer = sources_answer(kb, None)
    else:
        return None
    return dataclasses.replace(answer, confidence=confidence / 100)


def _log_id_of(message: discord.Message | None) -> int | None:
    """The question-log id carried by the feedback buttons of ``message``."""
    for row in getattr(message, "components", []) or []:
        for child in getattr(row, "children", []):
            found = FeedbackButton.__discord_ui_compiled_template__.fullmatch(
                getattr(child, "custom_id", "") or ""
            )
            if found:
                return int(found["log"])
    return None


# What the buttons under a card open, for the presser only: (label, emoji) per action.
EXPAND_ACTIONS = {
    "m": ("More", "📖"),
    "f": ("All facets", "📖"),
    "c": ("Cases", "🗂️"),
    "w": ("Compare with…", "⚖️"),
    "s": ("Sources", "📚"),
}


async def _rebuilt(bot: StudyBot, interaction: discord.Interaction, ids: str) -> Answer | None:
    """The card answer ``<origin code>:<ids>`` names, or None after telling the presser
    that a knowledge reload changed it."""
    code, entries = ids.split(":", 1)
    answer = rebuild_answer(bot, ORIGINS[code], entries)
    if answer is None:
        await interaction.response.send_message(CHANGED, ephemeral=True)
    return answer


def _ids_of(answer: Answer) -> str | None:
    """``<origin code>:<ids>`` of a card's answer, or None when it cannot be rebuilt."""
    code = ORIGIN_CODES.get(answer.origin)
    if code not in ("e", "c"):
        return None
    return f"{code}:{','.join(answer.entries)}"


class ExpandButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"x:(?P<act>[mfcws]):(?P<code>[ec]):(?P<ids>[a-z0-9,-]+)",
):
    """Under a card: open the rest of the answer, for the presser only (ephemeral, no
    cooldown: reading is not asking). Stateless, like the page buttons."""

    def __init__(self, action: str, ids: str) -> None:
        label, emoji = EXPAND_ACTIONS[action]
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=f"x:{action}:{ids}",
            )
        )
        self.action = action
        self.ids = ids

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ExpandButton:
        return cls(match["act"], f"{match['code']}:{match['ids']}")

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        answer = await _rebuilt(bot, interaction, self.ids)
        if answer is not None:
            await bot.answers.expand(interaction, answer, self.action)


class PostButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"post:(?P<code>[ec]):(?P<ids>[a-z0-9,-]+)",
):
    """Under a privately opened card: post it in the channel for everyone."""

    def __init__(self, ids: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Post in channel",
                emoji="📣",
                style=discord.ButtonStyle.primary,
                custom_id=f"post:{ids}",
            )
        )
        self.ids = ids

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> PostButton:
        return cls(f"{match['code']}:{match['ids']}")

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        answer = await _rebuilt(bot, interaction, self.ids)
        if answer is not None:
            await bot.answers.post(interaction, answer)


class CompareSelect(
    discord.ui.DynamicItem[discord.ui.Select], template=r"cw:(?P<entry>[a-z0-9-]{1,60})"
):
    """ "Compare with…": pick a partner; the comparison opens for the presser only."""

    def __init__(self, entry_id: str, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                placeholder="Compare with…",
                custom_id=f"cw:{entry_id}",
                options=options or [discord.SelectOption(label="-", value="-")],
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str]
    ) -> CompareSelect:
        return cls(match["entry"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        values = (interaction.data or {}).get("values") or []  # type: ignore[union-attr]
        other = str(values[0]) if values else ""
        await bot.answers.send_comparison(interaction, self.entry_id, other, private=True)


def compare_view(answer: Answer) -> discord.ui.View | None:
    """A select of the entries worth comparing ``answer``'s entry with."""
    if answer.origin != "entry" or not answer.compare_with:
        return None
    options = [
        discord.SelectOption(label=s.title[:SELECT_LABEL_LIMIT], value=s.entry_id)
        for s in answer.compare_with[:SELECT_OPTIONS_LIMIT]
    ]
    view = discord.ui.View(timeout=None)
    view.add_item(CompareSelect(answer.entries[0], options))
    return view


def card_view(
    answer: Answer, log_id: int | None = None, private: bool = False, quiz: bool = False
) -> discord.ui.View | None:
    """The buttons under a card: More (or All facets), Cases, Compare with…, Sources;
    then "Post in channel" on a private card, or the feedback votes on a public one; and
    for an entry "Quiz me" (``quiz``: some quiz item practises it) and "Add to my cards"."""
    ids = _ids_of(answer)
    view = discord.ui.View(timeout=None)
    if ids is not None and len(f"x:m:{ids}") <= CUSTOM_ID_LIMIT:
        actions = ["f" if answer.kind == "comparison" else "m"]
        if answer.cases:
            actions.append("c")
        if answer.origin == "entry" and answer.compare_with:
            actions.append("w")
        if answer.citations:
            actions.append("s")
        for action in actions:
            view.add_item(ExpandButton(action, ids))
        if private:
            view.add_item(PostButton(ids))
    if log_id is not None and not private:
        for helpful in (True, False):
            vote = FeedbackButton(log_id, helpful)
            vote.row = 1  # the votes under the reading buttons, on a phone too
            view.add_item(vote)
    if answer.origin == "entry":
        study = [AddCardButton(answer.entries[0])]
        if quiz:
            study.insert(0, QuizMeButton(answer.entries[0]))
        for item in study:  # on the votes' row: practice sits next to judging the answer
            item.row = 1
            view.add_item(item)
    return view if view.children else None


def answer_view(
    answer: Answer, pages: int, page: int, log_id: int | None
) -> discord.ui.View | None:
    """Page buttons (when there are several pages) and feedback buttons, all persistent.

    Made only of DynamicItems with ``timeout=None``: discord.py keeps no state for it.
    """
    view = discord.ui.View(timeout=None)
    if pages > 1 and page_custom_id(answer, 0):
        view.add_item(_pager_button(answer, page - 1, pages, "Previous", "◀️"))
        view.add_item(_pager_button(answer, page + 1, pages, "Next", "▶️"))
    if log_id is not None:
        view.add_item(FeedbackButton(log_id, True))
        view.add_item(FeedbackButton(log_id, False))
    return view if view.children else None


def _pager_button(
    answer: Answer, target: int, pages: int, label: str, emoji: str
) -> discord.ui.Item:
    """A page button to ``target``; off the ends it is a disabled plain button."""
    custom_id = page_custom_id(answer, target) if 0 <= target < pages else None
    if custom_id is None:
        return discord.ui.Button(
            label=label, emoji=emoji, custom_id=f"pg-end:{label.lower()}", disabled=True
        )
    return PageButton(custom_id, label, emoji)


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
    return [FeedbackButton, SuggestionButton, PageButton, ExpandButton, PostButton, CompareSelect]
