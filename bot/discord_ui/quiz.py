"""A personal quiz on Discord: one item at a time, answer buttons, feedback with the
explanation and its citation, the score at the end. Everything private (ephemeral).

Stateless like the page buttons: a round is rebuilt from its seed, topic and length
(bot.study.bank.session is deterministic), and the buttons carry where the student is and
the score so far. The knowledge version is in the custom id too: after a reload the round
would be another one, so the student is asked to start again instead.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import discord

from bot.discord_ui.errors import answering_errors
from bot.discord_ui.limits import (
    COLOURS,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
)
from bot.discord_ui.study_guild import guild_of
from bot.knowledge.base import KnowledgeBase
from bot.study.bank import DEFAULT_QUESTIONS, items, session
from bot.study.item import LETTERS, QuizItem
from bot.study.names import BLANK
from bot.text import clip

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.quiz")
NO_MENTIONS = discord.AllowedMentions.none()
# Logging an answer for /me stats: at most this long, so the feedback stays within
# Discord's 3 s; a lost log line costs a stat, never the answer.
RECORD_TIMEOUT = 1.0
VERSION_CHARS = 6  # of the knowledge version, in every quiz button: enough to tell reloads
SEED_LIMIT = 10**9  # seeds fit nine digits of a custom id
NO_TOPIC = "-"
# A blank drawn with block characters: Discord reads "___" as emphasis markers, and its
# escapes ("\\_") show as backslashes in some clients; these are plain text everywhere.
BLANK_SHOWN = "▁▁▁"
RELOADED = "The knowledge base was updated since this quiz began; start a new one with `/quiz`."
RIGHT_COLOUR, WRONG_COLOUR = 0x10B981, 0xEF4444  # green and red, as the vote buttons
# Where a student is in a round, as the custom ids spell it.
ROUND_ID = (
    r"(?P<ver>[0-9a-f]{6}):(?P<seed>\d{1,9}):(?P<n>\d{1,2}):(?P<i>\d{1,2}):"
    r"(?P<score>\d{1,2}):(?P<topic>[a-z0-9-]{1,40})"
)


@dataclass(frozen=True)
class Round:
    """A personal quiz round: which items (seed, topic, length) and how far it has got."""

    version: str
    seed: int
    n: int
    topic: str | None = None
    index: int = 0  # the item being asked, from 0
    score: int = 0  # right answers so far

    @classmethod
    def new(cls, kb: KnowledgeBase, topic: str | None, n: int) -> Round:
        """A fresh round on ``topic`` (an entry id, or None for every topic)."""
        return cls(kb.version[:VERSION_CHARS], random.randrange(SEED_LIMIT), n, topic)

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Round:
        """The round a custom id spells (see ROUND_ID)."""
        topic = None if match["topic"] == NO_TOPIC else match["topic"]
        return cls(
            match["ver"],
            int(match["seed"]),
            int(match["n"]),
            topic,
            int(match["i"]),
            int(match["score"]),
        )

    @property
    def key(self) -> str:
        """The round's part of a custom id."""
        topic = self.topic or NO_TOPIC
        return f"{self.version}:{self.seed}:{self.n}:{self.index}:{self.score}:{topic}"

    def items(self, kb: KnowledgeBase) -> list[QuizItem] | None:
        """The round's items, or None when the knowledge changed since it began."""
        if kb.version[:VERSION_CHARS] != self.version:
            return None
        key = (kb.version, self.seed, self.topic, self.n)
        found = _ROUNDS.get(key)
        if found is None:
            if len(_ROUNDS) >= ROUNDS_KEPT:
                _ROUNDS.pop(next(iter(_ROUNDS)))  # the oldest round first
            found = _ROUNDS[key] = session(kb, topic=self.topic, n=self.n, seed=self.seed)
        return found


# Drawing a round takes every item of the seed (about 15 ms); a button press would pay it
# again. The rounds students are in are kept, oldest dropped first: a few hundred at once
# in a busy server, each a handful of items.
ROUNDS_KEPT = 512
_ROUNDS: dict[tuple, list[QuizItem]] = {}


def blanks(text: str) -> str:
    """``text`` with the items' blanks ("___") drawn so that Discord's markdown leaves them
    alone (it would read three underscores as emphasis and show a lone "_" or nothing)."""
    return text.replace(BLANK, BLANK_SHOWN)


def options_text(item: QuizItem, tick_answer: bool = False) -> str:
    """The lettered options, one a line ("**A**  text"); the answer ticked when asked."""
    lines = []
    for i, text in enumerate(item.options):
        line = f"**{LETTERS[i]}**  {text}"
        lines.append(f"✅ {line}" if tick_answer and i == item.answer else line)
    return "\n".join(lines)


def add_references(embed: discord.Embed, item: QuizItem) -> None:
    """The item's explanation sources as a References field (short references)."""
    if item.citations:
        refs = "\n".join(f"[{ref.number}] {ref.short or ref.text}" for ref in item.citations)
        embed.add_field(name="References", value=clip(refs, FIELD_VALUE_LIMIT), inline=False)


def question_embed(item: QuizItem, round_: Round, total: int, topic_title: str) -> discord.Embed:
    """An item as asked: the question and its lettered options."""
    options = options_text(item)
    embed = discord.Embed(
        title=f"Question {round_.index + 1} of {total}",
        description=clip(blanks(f"{item.question}\n\n{options}"), DESCRIPTION_LIMIT),
        colour=COLOURS["concept"],
    )
    embed.set_footer(text=f"studybot quiz · {topic_title} · score {round_.score}")
    return embed


def feedback_embed(
    item: QuizItem, picked: int, round_: Round, total: int, topic_title: str
) -> discord.Embed:
    """Right or not, the right answer, why, and where it is written."""
    right = picked == item.answer
    verdict = "Right!" if right else f"Not quite: you picked {LETTERS[picked]}."
    answer = f"**{item.answer_letter}. {item.answer_text}**"
    embed = discord.Embed(
        title=f"{'✅' if right else '❌'} {verdict}",
        description=clip(
            blanks(f"{item.question}\n\n{answer}\n\n{item.explanation}"), DESCRIPTION_LIMIT
        ),
        colour=RIGHT_COLOUR if right else WRONG_COLOUR,
    )
    add_references(embed, item)
    done = round_.index + 1 >= total
    if done:
        embed.add_field(name="Finished", value=score_line(round_.score, total), inline=False)
    embed.set_footer(
        text=f"studybot quiz · {topic_title} · score {round_.score} of {round_.index + 1}"
    )
    return embed


def score_line(score: int, total: int) -> str:
    """The end of a round in words."""
    if score == total:
        praise = "every one right."
    elif score * 2 >= total:
        praise = "a good round; open the entries you missed with /define."
    else:
        praise = "worth another round: try /define on the entries you missed."
    return f"You scored **{score} of {total}**: {praise}"


class QuizAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"qz:{ROUND_ID}:(?P<pick>[A-D])"
):
    """One option of the item being asked."""

    def __init__(self, round_: Round, letter: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=letter,
                style=discord.ButtonStyle.secondary,
                custom_id=f"qz:{round_.key}:{letter}",
            )
        )
        self.round = round_
        self.letter = letter

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> QuizAnswerButton:
        return cls(Round.from_match(match), match["pick"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await _answered(interaction, self.round, LETTERS.index(self.letter))


class QuizNextButton(discord.ui.DynamicItem[discord.ui.Button], template=rf"qn:{ROUND_ID}"):
    """After the feedback: the next item of the round."""

    def __init__(self, round_: Round) -> None:
        super().__init__(
            discord.ui.Button(
                label="Next question",
                emoji="▶️",
                style=discord.ButtonStyle.primary,
                custom_id=f"qn:{round_.key}",
            )
        )
        self.round = round_

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> QuizNextButton:
        return cls(Round.from_match(match))

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        items = self.round.items(bot.engine.kb)
        if items is None:
            await interaction.response.edit_message(content=RELOADED, embed=None, view=None)
            return
        embed, view = asked(bot.engine.kb, self.round, items)
        await interaction.response.edit_message(embed=embed, view=view)


def asked(
    kb: KnowledgeBase, round_: Round, items: list[QuizItem]
) -> tuple[discord.Embed, discord.ui.View]:
    """The message that asks ``round_``'s current item, with its answer buttons."""
    item = items[round_.index]
    view = discord.ui.View(timeout=None)
    for letter in LETTERS[: len(item.options)]:
        view.add_item(QuizAnswerButton(round_, letter))
    return question_embed(item, round_, len(items), topic_title(kb, round_.topic)), view


def topic_title(kb: KnowledgeBase, topic: str | None) -> str:
    """How the footer names the round's topic."""
    return kb.entries[topic].title if topic in kb.entries else "all topics"


async def _answered(interaction: discord.Interaction, round_: Round, picked: int) -> None:
    bot: StudyBot = interaction.client  # type: ignore[assignment]
    kb = bot.engine.kb
    items = round_.items(kb)
    if items is None or round_.index >= len(items):
        await interaction.response.edit_message(content=RELOADED, embed=None, view=None)
        return
    item = items[round_.index]
    await _record(interaction, item, picked == item.answer)
    scored = replace(round_, score=round_.score + (picked == item.answer))
    embed = feedback_embed(item, picked, scored, len(items), topic_title(kb, round_.topic))
    view = None
    if round_.index + 1 < len(items):
        view = discord.ui.View(timeout=None)
        view.add_item(QuizNextButton(replace(scored, index=round_.index + 1)))
    await interaction.response.edit_message(embed=embed, view=view)


class _LostAnswers:
    """Answers that could not be logged in a row: the first is logged as a warning, the
    rest only counted, and the recovery says how many (as the question log does)."""

    count = 0


async def _record(interaction: discord.Interaction, item: QuizItem, right: bool) -> None:
    """Log the answer for /me stats; never raises (no database, no stat)."""
    bot: StudyBot = interaction.client  # type: ignore[assignment]
    storage = bot.storage
    if storage is None:
        return
    try:
        entry = item.entries[0] if item.entries else None
        guild = guild_of(interaction)
        async with asyncio.timeout(RECORD_TIMEOUT):
            await storage.record_answer(
                guild, interaction.user.id, item_id=item.id, entry_id=entry, correct=right
            )
    except Exception as exc:
        _LostAnswers.count += 1
        if _LostAnswers.count == 1:
            log.warning("could not log a quiz answer (further losses are counted): %s", exc)
        return
    if _LostAnswers.count:
        log.warning("quiz answers are logged again; %d went unlogged", _LostAnswers.count)
        _LostAnswers.count = 0


class QuizMeButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"qm:(?P<entry>[a-z0-9-]{1,40})"
):
    """Under an answer card: a personal round on that entry, for the presser only."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Quiz me",
                emoji="🎯",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qm:{entry_id}",
            )
        )
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> QuizMeButton:
        return cls(match["entry"])

    @answering_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: StudyBot = interaction.client  # type: ignore[assignment]
        await start_round(interaction, bot.engine.kb, self.entry_id, DEFAULT_QUESTIONS)


async def start_round(
    interaction: discord.Interaction, kb: KnowledgeBase, topic: str | None, n: int
) -> None:
    """Ask the first item of a new round on ``topic`` (None: every topic), privately."""
    round_ = Round.new(kb, topic if topic in kb.entries else None, n)
    found = round_.items(kb)
    if not found:
        title = kb.entries[topic].title if topic in kb.entries else "this knowledge base"
        await interaction.response.send_message(
            f"There are no quiz questions on {title} yet; try a broader topic.", ephemeral=True
        )
        return
    round_ = replace(round_, n=len(found))
    embed, view = asked(kb, round_, found)
    await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


_QUIZZABLE: dict[str, frozenset[str]] = {}


def quizzable(kb: KnowledgeBase) -> frozenset[str]:
    """The entries some quiz item practises (worked out once per knowledge version)."""
    if kb.version not in _QUIZZABLE:
        _QUIZZABLE.clear()  # one knowledge version at a time
        _QUIZZABLE[kb.version] = frozenset(e for item in items(kb) for e in item.entries)
    return _QUIZZABLE[kb.version]


def quiz_items() -> list[type[discord.ui.DynamicItem]]:
    """The quiz's persistent buttons, to register with the client."""
    return [QuizAnswerButton, QuizNextButton, QuizMeButton]
