"""The daily question on Discord: the public post with A-D buttons, the private reply to
an answer (right or wrong, never which option is right), and the reveal that edits the
post to show the answer, its explanation, its citation and the streak leaderboard.

Stateless: a button carries only the day; the guild comes with the press, and the item,
the answer and the reveal state come from the database, so the buttons keep working
after a restart. Each step is claimed in the database before it is done (the post, each
student's answer, the reveal), so none happens twice however many loops or restarts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_ui.errors import answering_errors, report_error
from bot.discord_ui.limits import COLOURS, DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT
from bot.discord_ui.permissions import is_moderator
from bot.discord_ui.quiz import add_references, blanks, options_text
from bot.storage import Storage, StorageError
from bot.storage.study import DailySettings
from bot.study.daily import item_for, pick_item
from bot.study.item import LETTERS, QuizItem
from bot.text import clip

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.daily")
NO_MENTIONS = discord.AllowedMentions.none()
LEADERBOARD_SIZE = 5  # a short board under the answer: the post stays one screen
ANONYMOUS = "a student"
RIGHT_COLOUR = 0x10B981  # green, as the quiz's right answers
DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
NOT_SAVED = "Your answer could not be saved right now; please try again in a minute."
CLOSED = "This daily question is closed: its answer is already out. See you tomorrow!"
GONE = "This question is no longer in the knowledge base; tomorrow brings a new one."


@dataclass(frozen=True, slots=True)
class Posted:
    """A guild's post of one day, as stored."""

    item_id: str
    channel_id: int | None
    message_id: int | None
    posted_at: float
    revealed_at: float | None


async def posted(storage: Storage, guild_id: int, day: str) -> Posted | None:
    """The guild's post of ``day``, or None when that day has none."""
    row = await storage.daily_post(guild_id, day)
    if row is None:
        return None
    item_id, channel_id, message_id, posted_at, revealed_at = row
    return Posted(
        str(item_id),
        None if channel_id is None else int(channel_id),
        None if message_id is None else int(message_id),
        float(posted_at),
        None if revealed_at is None else float(revealed_at),
    )


def question_embed(item: QuizItem, day: str, reveal_time: datetime) -> discord.Embed:
    """The day's question for everyone: the question, its lettered options, when the
    answer comes."""
    when = discord.utils.format_dt(reveal_time, "t")
    embed = discord.Embed(
        title=f"Daily question · {day}",
        description=clip(
            blanks(f"{item.question}\n\n{options_text(item)}")
            + f"\n\nOne answer each, with the buttons; the answer and why come at {when}.",
            DESCRIPTION_LIMIT,
        ),
        colour=COLOURS["concept"],
    )
    embed.set_footer(text="studybot daily · answer every day to keep your streak")
    return embed


def revealed_embed(
    item: QuizItem, day: str, counts: tuple[int, int], board: list[tuple[int | None, int, int]]
) -> discord.Embed:
    """The post after the reveal: the answer, the explanation, its references, how many
    got it, and the streaks (a student is named only if they opted in)."""
    answer = f"**{item.answer_letter}. {item.answer_text}**"
    embed = discord.Embed(
        title=f"Daily question · {day}: the answer",
        description=clip(
            blanks(
                f"{item.question}\n\n{options_text(item, tick_answer=True)}\n\n"
                f"The answer: {answer}\n\n{item.explanation}"
            ),
            DESCRIPTION_LIMIT,
        ),
        colour=RIGHT_COLOUR,
    )
    add_references(embed, item)
    answered, right = counts
    embed.add_field(name="Today", value=f"{right} of {answered} answered right", inline=False)
    if board:
        embed.add_field(name="Streaks", value=streak_lines(board), inline=False)
    embed.set_footer(text="studybot daily · names only for students who opted in (/me leaderboard)")
    return embed


def streak_lines(board: list[tuple[int | None, int, int]]) -> str:
    """The leaderboard, one line a student: a mention (shown as their display name, and
    never a ping: allowed mentions are off) for the opted-in, else "a student"."""
    lines = []
    for place, (user_id, current, best) in enumerate(board, start=1):
        who = ANONYMOUS if user_id is None else f"<@{user_id}>"
        days = "day" if current == 1 else "days"
        lines.append(f"{place}. {who}: {current} {days} (best {best})")
    return clip("\n".join(lines), FIELD_VALUE_LIMIT)


def question_view(day: str, item: QuizItem) -> discord.ui.View:
    """A-D for the students, Reveal for a moderator."""
    view = discord.ui.View(timeout=None)
    for letter in LETTERS[: len(item.options)]:
        view.add_item(DailyAnswerButton(day, letter))
    view.add_item(DailyRevealButton(day))
    return view


async def post_daily(
    bot: StudyBot, storage: Storage, settings: DailySettings, day: str, now: datetime
) -> discord.Message | None:
    """Claim the guild's ``day`` in the database, then post its item in the channel and
    store where; None when the day was already claimed (or there is nothing to ask).
    Between the claim and the post nothing but the send may fail: a claimed day is
    never posted again."""
    item = pick_item(bot.engine.kb, settings.guild_id, day)
    if item is None:
        return None
    if not await storage.claim_daily_post(settings.guild_id, day, item.id):
        return None
    channel = bot.get_channel(settings.channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        log.warning("daily question: channel %s is gone; %s skipped", settings.channel_id, day)
        return None
    reveal_time = now + timedelta(minutes=settings.reveal_minutes)
    message = await channel.send(
        embed=question_embed(item, day, reveal_time),
        view=question_view(day, item),
        allowed_mentions=NO_MENTIONS,
    )
    await storage.set_daily_message(
        settings.guild_id, day, channel_id=settings.channel_id, message_id=message.id
    )
    return message


async def reveal_daily(bot: StudyBot, storage: Storage, guild_id: int, day: str) -> bool:
    """Show the day's answer in its post, once: False when it was already shown (or the
    post is unknown)."""
    post = await posted(storage, guild_id, day)
    if post is None or post.message_id is None or post.channel_id is None:
        return False
    if not await storage.mark_revealed(guild_id, day):
        return False
    item = item_for(bot.engine.kb, guild_id, day, post.item_id)
    channel = bot.get_channel(post.channel_id)
    if item is None or not isinstance(channel, discord.abc.Messageable):
        log.warning("daily question %s of guild %s: cannot reveal it", day, guild_id)
        return True
    counts = await storage.daily_answer_counts(guild_id, day)
    board = await storage.streak_leaderboard(guild_id, LEADERBOARD_SIZE)
    message = channel.get_partial_message(post.message_id)  # type: ignore[attr-defined]
    await message.edit(
        embed=revealed_embed(item, day, counts, board), view=None, allowed_mentions=NO_MENTIONS
    )
    return True


async def _answer(interaction: discord.Interaction, day: str, letter: str) -> str:
    """Record a student's answer; the private reply in words."""
    bot: StudyBot = interaction.client  # type: ignore[assignment]
    storage, guild_id = bot.storage, interaction.guild_id
    if storage is None or guild_id is None:
        return NOT_SAVED
    post = await posted(storage, guild_id, day)
    if post is None or post.revealed_at is not None:
        return CLOSED
    item = item_for(bot.engine.kb, guild_id, day, post.item_id)
    if item is None:
        return GONE
    correct = item.is_right(letter)
    streak = await storage.record_daily_answer(guild_id, interaction.user.id, day, correct=correct)
    if streak is None:
        return f"You already answered today's question ({day}); one answer each."
    try:  # for /me stats; losing it must not lose the answer
        entry = item.entries[0] if item.entries else None
        await storage.record_answer(
            guild_id,
            interaction.user.id,
            item_id=item.id,
            entry_id=entry,
            correct=correct,
            mode="daily",
        )
    except StorageError:
        log.warning("could not log a daily answer for /me stats", exc_info=True)
    verdict = (
        f"✅ **{letter}** is right!"
        if correct
        else f"❌ **{letter}** is not the answer. The right one comes with the reveal."
    )
    days = "day" if streak.current == 1 else "days"
    return f"{verdict} Your streak: {streak.current} {days} in a row (best {streak.best})."


class DailyAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"dq:{DAY}:(?P<pick>[A-D])"
):
    """A student's one answer to the day's question."""

    def __init__(self, day: str, letter: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=letter, style=discord.ButtonStyle.secondary, custom_id=f"dq:{day}:{letter}"
            )
        )
        self.day, self.letter = day, letter

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> DailyAnswerButton:
        return cls(match["day"], match["pick"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            text = await _answer(interaction, self.day, self.letter)
        except StorageError:
            log.warning("daily answer not saved", exc_info=True)
            text = NOT_SAVED
        await interaction.response.send_message(text, ephemeral=True)


class DailyRevealButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"dr:{DAY}"):
    """A moderator shows the day's answer now, before the timer."""

    def __init__(self, day: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Reveal", emoji="⏱️", style=discord.ButtonStyle.primary, custom_id=f"dr:{day}"
            )
        )
        self.day = day

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> DailyRevealButton:
        return cls(match["day"])

    async def callback(self, interaction: discord.Interaction) -> None:

        try:
            try:
                await is_moderator(interaction)
            except app_commands.CheckFailure as refused:
                await interaction.response.send_message(str(refused), ephemeral=True)
                return
            bot: StudyBot = interaction.client  # type: ignore[assignment]
            if bot.storage is None or interaction.guild_id is None:
                await interaction.response.send_message(NOT_SAVED, ephemeral=True)
                return
            await interaction.response.defer(ephemeral=True, thinking=True)
            done = await reveal_daily(bot, bot.storage, interaction.guild_id, self.day)
            text = "Revealed: the post now shows the answer." if done else "Already revealed."
            await interaction.followup.send(text, ephemeral=True)
        except Exception as error:
            await report_error(interaction, error, "the daily reveal")


def daily_items() -> list[type[discord.ui.DynamicItem]]:
    """The daily question's persistent buttons, to register with the client."""
    return [DailyAnswerButton, DailyRevealButton]
