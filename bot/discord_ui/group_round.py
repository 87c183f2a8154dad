"""A group quiz round in a channel: one item at a time for everyone, a timer (or the
moderator's "Reveal now"), the answer with its citation, and the round's leaderboard.

A round lives in the bot's memory while it runs (minutes); a restart ends it, which the
students see as a round that stopped. Each student's answer is also stored (mode
"round") for their own /me stats. Names appear on the leaderboard only for students who
opted in (`/me leaderboard`); the others are "a student".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import discord

from bot.discord_ui.errors import answering_errors
from bot.discord_ui.limits import COLOURS, DESCRIPTION_LIMIT
from bot.discord_ui.quiz import add_references, blanks, options_text
from bot.storage.study import DM_GUILD
from bot.study.item import LETTERS, QuizItem
from bot.text import clip

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.rounds")
NO_MENTIONS = discord.AllowedMentions.none()
PAUSE_BETWEEN = 3.0  # seconds to read the revealed answer before the next item
LEADERBOARD_SIZE = 10
ANONYMOUS = "a student"
ROUND = r"(?P<round>[0-9a-f]{8}):(?P<i>\d{1,2})"
RUNNING: dict[str, GroupRound] = {}  # the rounds in progress, by id


@dataclass
class GroupRound:
    """One round in one channel: its items, the current item's answers, the scores."""

    id: str
    guild_id: int
    channel_id: int
    moderator_id: int
    items: list[QuizItem]
    seconds: int
    index: int = 0
    picks: dict[int, int] = field(default_factory=dict)  # student -> option, this item
    names: dict[int, str] = field(default_factory=dict)  # student -> display name
    scores: Counter[int] = field(default_factory=Counter)
    reveal: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def new(cls, guild_id: int, channel_id: int, moderator_id: int, items, seconds: int):
        """A round with a fresh id (8 hex digits: no two running rounds share one)."""
        return cls(secrets.token_hex(4), guild_id, channel_id, moderator_id, items, seconds)

    @property
    def item(self) -> QuizItem:
        """The item being asked."""
        return self.items[self.index]


def question_embed(round_: GroupRound) -> discord.Embed:
    """The item for everyone: question, options, time and how to answer."""
    item = round_.item
    options = options_text(item)
    embed = discord.Embed(
        title=f"Group round: question {round_.index + 1} of {len(round_.items)}",
        description=clip(blanks(f"{item.question}\n\n{options}"), DESCRIPTION_LIMIT),
        colour=COLOURS["concept"],
    )
    embed.set_footer(text=f"studybot round · {round_.seconds} s to answer · one answer each")
    return embed


def reveal_embed(round_: GroupRound) -> discord.Embed:
    """The item answered: the right option, why, where it is written, how many got it."""
    item = round_.item
    right = sum(pick == item.answer for pick in round_.picks.values())
    embed = discord.Embed(
        title=blanks(f"Answer {round_.index + 1}: {item.answer_letter}. {item.answer_text}")[:256],
        description=clip(blanks(f"{item.question}\n\n{item.explanation}"), DESCRIPTION_LIMIT),
        colour=0x10B981,
    )
    add_references(embed, item)
    embed.set_footer(text=f"{right} of {len(round_.picks)} answered right")
    return embed


def leaderboard_embed(round_: GroupRound, named: set[int]) -> discord.Embed:
    """The round's scores, best first; names only for students in ``named`` (opted in)."""
    ranked = sorted(round_.scores.items(), key=lambda pair: -pair[1])[:LEADERBOARD_SIZE]
    lines = [
        f"{place}. {_shown_name(round_, user, named)}: {score} of {len(round_.items)}"
        for place, (user, score) in enumerate(ranked, start=1)
    ]
    everyone = set(round_.names)
    embed = discord.Embed(
        title="Group round: final scores",
        description="\n".join(lines) or "Nobody answered this time.",
        colour=COLOURS["concept"],
    )
    embed.set_footer(text=f"{len(everyone)} student(s) took part · names only if opted in")
    return embed


def _shown_name(round_: GroupRound, user: int, named: set[int]) -> str:
    return discord.utils.escape_markdown(round_.names[user]) if user in named else ANONYMOUS


def question_view(round_: GroupRound) -> discord.ui.View:
    """A-D for the students, "Reveal now" for the moderator."""
    view = discord.ui.View(timeout=None)
    for letter in LETTERS[: len(round_.item.options)]:
        view.add_item(GroupAnswerButton(round_.id, round_.index, letter))
    view.add_item(RevealNowButton(round_.id, round_.index))
    return view


async def run_round(bot: StudyBot, channel: discord.abc.Messageable, round_: GroupRound) -> None:
    """Ask every item in turn, reveal each after the timer, post the leaderboard."""
    RUNNING[round_.id] = round_
    try:
        for index in range(len(round_.items)):
            round_.index, round_.picks = index, {}
            round_.reveal.clear()
            message = await channel.send(
                embed=question_embed(round_),
                view=question_view(round_),
                allowed_mentions=NO_MENTIONS,
            )
            with contextlib.suppress(TimeoutError):  # time up, or "Reveal now"
                await asyncio.wait_for(round_.reveal.wait(), round_.seconds)
            await message.edit(embed=reveal_embed(round_), view=None)
            for user, pick in round_.picks.items():  # scored at the reveal: picks may change
                round_.scores[user] += pick == round_.item.answer
            await _store_answers(bot, round_)
            if index + 1 < len(round_.items):
                await asyncio.sleep(PAUSE_BETWEEN)
        named = await _opted_in(bot, round_)
        await channel.send(embed=leaderboard_embed(round_, named), allowed_mentions=NO_MENTIONS)
    finally:
        RUNNING.pop(round_.id, None)


async def _store_answers(bot: StudyBot, round_: GroupRound) -> None:
    storage = bot.storage
    if storage is None:
        return
    item = round_.item
    entry = item.entries[0] if item.entries else None
    for user, pick in round_.picks.items():
        try:
            await storage.record_answer(
                round_.guild_id or DM_GUILD,
                user,
                item_id=item.id,
                entry_id=entry,
                correct=pick == item.answer,
                mode="round",
            )
        except Exception:  # the round goes on; the student's stats miss one answer
            log.warning("could not store a round answer", exc_info=True)
            return


async def _opted_in(bot: StudyBot, round_: GroupRound) -> set[int]:
    storage = bot.storage
    if storage is None:
        return set()
    named = set()
    for user in round_.names:
        try:
            if await storage.shows_name(round_.guild_id, user):
                named.add(user)
        except Exception:  # unknown: keep the student anonymous
            log.warning("could not read a leaderboard opt-in", exc_info=True)
    return named


class GroupAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"gr:{ROUND}:(?P<pick>[A-D])"
):
    """A student's answer to the item being asked (one per student; changing it is fine
    until the reveal)."""

    def __init__(self, round_id: str, index: int, letter: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.secondary,
                custom_id=f"gr:{round_id}:{index}:{letter}",
            )
        )
        self.round_id, self.index, self.letter = round_id, index, letter

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> GroupAnswerButton:
        return cls(match["round"], int(match["i"]), match["pick"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        round_ = RUNNING.get(self.round_id)
        if round_ is None or round_.index != self.index or round_.reveal.is_set():
            await interaction.response.send_message("This question is closed.", ephemeral=True)
            return
        user = interaction.user
        changed = user.id in round_.picks
        round_.picks[user.id] = LETTERS.index(self.letter)
        round_.names[user.id] = user.display_name
        verb = "changed to" if changed else "is in:"
        await interaction.response.send_message(
            f"Your answer {verb} **{self.letter}**. The answer comes when time is up.",
            ephemeral=True,
        )


class RevealNowButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"gx:{ROUND}"):
    """The moderator who started the round may close the current item early."""

    def __init__(self, round_id: str, index: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Reveal now",
                emoji="⏱️",
                style=discord.ButtonStyle.primary,
                custom_id=f"gx:{round_id}:{index}",
            )
        )
        self.round_id, self.index = round_id, index

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> RevealNowButton:
        return cls(match["round"], int(match["i"]))

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        round_ = RUNNING.get(self.round_id)
        if round_ is None or round_.index != self.index:
            await interaction.response.send_message("This question is closed.", ephemeral=True)
            return
        if interaction.user.id != round_.moderator_id:
            await interaction.response.send_message(
                "Only the moderator who started the round can reveal early.", ephemeral=True
            )
            return
        await interaction.response.send_message("Revealing.", ephemeral=True)
        round_.reveal.set()


def round_items() -> list[type[discord.ui.DynamicItem]]:
    """The group round's persistent buttons, to register with the client."""
    return [GroupAnswerButton, RevealNowButton]
