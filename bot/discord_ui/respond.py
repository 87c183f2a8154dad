"""Send answers on Discord: the one path every command uses, so that rate limits,
logging, rendering, ephemerality and mentions are handled the same way everywhere."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord

from bot.answer.compose import comparison_answer, entry_answer, sources_answer
from bot.answer.model import Answer, Section
from bot.discord_ui.card import render_card
from bot.discord_ui.embeds import clip, render_embeds
from bot.discord_ui.pictures import attach_picture
from bot.discord_ui.quiz import quizzable
from bot.discord_ui.views import (
    NO_MENTIONS,
    answer_view,
    card_view,
    compare_view,
    suggestions_view,
)
from bot.engine import MAX_QUESTION_CHARS
from bot.knowledge.base import KnowledgeBase
from bot.pictures.rings import PICTURED, Picture, four_rings

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.ratelimit import Cooldown
    from bot.storage import Storage

log = logging.getLogger("studybot.answers")
# Answers that are lists of references: sent whole (paged), not as a card.
LISTS = frozenset({"sources", "reading-list"})
LOG_WRITE_TIMEOUT = 1.0  # never let a slow database hold an answer past Discord's 3 s


class AnswerService:
    """Answers questions for the cogs: checks, engine, storage log, embeds, views.

    It gets what it uses, not the whole bot: the engine, the cooldown, and the storage as
    a getter, because the bot may reopen the database while it runs."""

    def __init__(
        self,
        engine: Engine,
        cooldown: Cooldown,
        storage: Callable[[], Storage | None],
    ) -> None:
        self.engine = engine
        self.cooldown = cooldown
        self._storage = storage
        self._pending_logs: set[asyncio.Future] = set()
        self._slow_log = False

    async def refuse_if_limited(self, interaction: discord.Interaction) -> bool:
        """Send a friendly ephemeral message and return True when the user must wait."""
        wait = self.cooldown.retry_after(interaction.user.id)
        if wait <= 0:
            return False
        await interaction.response.send_message(
            f"You're asking quickly! Please wait {wait:.0f} s before the next question.",
            ephemeral=True,
        )
        return True

    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """Answer a free-text question (from /ask or the message menu)."""
        question = " ".join(question.split())
        if not question:
            await interaction.response.send_message(
                "There is no text to answer here. Try `/ask` with a question.", ephemeral=True
            )
            return
        if len(question) > MAX_QUESTION_CHARS:
            await interaction.response.send_message(
                f"That question is {len(question)} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS} so I can match it precisely.",
                ephemeral=True,
            )
            return
        if await self.refuse_if_limited(interaction):
            return
        started = time.perf_counter()
        answer = self.engine.ask(question)
        await self.send(interaction, answer, started)

    async def send_entry(
        self, interaction: discord.Interaction, entry_id: str, private: bool = False
    ) -> None:
        """Answer with one entry by id: publicly for /define and /case; ``private`` (a
        did-you-mean press, a /topics pick) for the presser only, with a "Post in channel"
        button, and without counting against the cooldown: browsing is not asking."""
        if not private and await self.refuse_if_limited(interaction):
            return
        kb = self.engine.kb
        if entry_id not in kb.entries:
            await self.not_found(interaction, entry_id)
            return
        started = time.perf_counter()
        await self._deliver(interaction, entry_answer(kb, entry_id), private, started)

    async def send_comparison(
        self, interaction: discord.Interaction, first: str, second: str, private: bool = False
    ) -> None:
        """Answer with the comparison of two entries by id (``private``: as send_entry)."""
        if not private and await self.refuse_if_limited(interaction):
            return
        kb = self.engine.kb
        missing = [e for e in (first, second) if e not in kb.entries]
        if missing:
            await self.not_found(interaction, missing[0])
            return
        if first == second:
            await interaction.response.send_message(
                "Pick two different entries to compare.", ephemeral=True
            )
            return
        started = time.perf_counter()
        await self._deliver(interaction, comparison_answer(kb, first, second), private, started)

    async def send_sources(self, interaction: discord.Interaction, entry_id: str | None) -> None:
        """Full references for one entry, or the reading list when ``entry_id`` is None."""
        if await self.refuse_if_limited(interaction):
            return
        kb = self.engine.kb
        if entry_id is not None and entry_id not in kb.entries:
            await self.not_found(interaction, entry_id)
            return
        await self.send(interaction, sources_answer(kb, entry_id), time.perf_counter())

    async def not_found(self, interaction: discord.Interaction, text: str) -> None:
        """Ephemeral 'no such entry', with did-you-mean suggestions from the matcher."""
        answer = self.engine.ask(text)
        if answer.kind != "none":
            await self.send(interaction, answer, time.perf_counter())
            return
        view = suggestions_view(answer.suggestions)
        kwargs = {"view": view} if view else {}
        await interaction.response.send_message(
            f"I have no entry called **{clip(discord.utils.escape_markdown(text), 100)}**."
            + (" Did you mean one of these?" if view else " Try `/topics` to browse."),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
            **kwargs,
        )

    async def send(self, interaction: discord.Interaction, answer: Answer, started: float) -> None:
        """Log, render and send ``answer``: a public compact card whose buttons open the
        rest; declines are ephemeral, their suggestions buttons."""
        latency_ms = (time.perf_counter() - started) * 1000
        log_id = await self._log(interaction, answer, latency_ms)
        # Only a typed question is echoed; a lookup's title already says what it is.
        echo = echo_of(answer)
        if not answer.answered:
            view = suggestions_view(answer.suggestions)
            kwargs = {"view": view} if view else {}
            [page] = render_embeds(answer, with_suggestions=view is None)[:1]
            await interaction.response.send_message(
                echo, embed=page, ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs
            )
            return
        if answer.origin in LISTS:
            # A reading list is all references: it pages, there is nothing to open.
            pages = render_embeds(answer)
            view = answer_view(answer, len(pages), 0, log_id)
            kwargs: dict = {"embed": pages[0], "view": view} if view else {"embed": pages[0]}
        else:
            kwargs = self._card(
                answer, card_view(answer, log_id, quiz=practised(self.engine.kb, answer))
            )
        await interaction.response.send_message(echo, allowed_mentions=NO_MENTIONS, **kwargs)

    def _card(self, answer: Answer, view: discord.ui.View | None) -> dict:
        """``send_message`` arguments for ``answer``'s card: the embed, its buttons and,
        for cooperative security and its rings, the four-rings diagram (with alt text)."""
        embed = render_card(answer)
        kwargs: dict = {"embed": embed, "view": view} if view else {"embed": embed}
        picture = picture_for(self.engine.kb, answer)
        if picture is not None:
            kwargs["file"] = attach_picture(embed, picture)
        return kwargs

    async def _deliver(
        self, interaction: discord.Interaction, answer: Answer, private: bool, started: float
    ) -> None:
        """Publicly (logged) or, for browsing, for the presser only with "Post in channel"."""
        if not private:
            await self.send(interaction, answer, started)
            return
        view = card_view(answer, private=True, quiz=practised(self.engine.kb, answer))
        kwargs = self._card(answer, view)
        await interaction.response.send_message(
            ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs
        )

    async def post(self, interaction: discord.Interaction, answer: Answer) -> None:
        """ "Post in channel": the card for everyone (that is asking: it counts)."""
        if await self.refuse_if_limited(interaction):
            return
        await self.send(interaction, answer, time.perf_counter())

    async def expand(self, interaction: discord.Interaction, answer: Answer, action: str) -> None:
        """What a card's button opens, for the presser only: the whole answer paged
        ("m", "f"), its cases ("c"), a comparison picker ("w") or its sources ("s")."""
        if action == "w":
            view = compare_view(answer)
            if view is None:
                await interaction.response.send_message(
                    "There is nothing to compare this with yet.", ephemeral=True
                )
                return
            await interaction.response.send_message(
                f"Compare **{answer.title}** with…", view=view, ephemeral=True
            )
            return
        answer = opened(self.engine.kb, answer, action)
        pages = render_embeds(answer)
        view = answer_view(answer, len(pages), 0, None)
        kwargs = {"view": view} if view else {}
        await interaction.response.send_message(
            embed=pages[0], ephemeral=True, allowed_mentions=NO_MENTIONS, **kwargs
        )

    async def _log(
        self, interaction: discord.Interaction, answer: Answer, latency_ms: float
    ) -> int | None:
        storage = self._storage()
        if storage is None:
            return None
        # Shielded: a write that outlasts the wait still finishes (or fails) in the storage
        # layer, which logs the loss; only the answer stops waiting for it.
        write = asyncio.ensure_future(
            storage.log_question(
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                question=answer.question,
                kind=answer.kind,
                entries=list(answer.entries),
                confidence=answer.confidence,
                latency_ms=latency_ms,
            )
        )
        self._pending_logs.add(write)  # the loop keeps only weak references to tasks
        write.add_done_callback(self._pending_logs.discard)
        try:
            log_id = await asyncio.wait_for(asyncio.shield(write), LOG_WRITE_TIMEOUT)
        except TimeoutError:
            if not self._slow_log:  # once per slow spell, not once per question
                log.warning(
                    "question log writes take over %.1f s (the database is busy or locked); "
                    "answering without waiting for them",
                    LOG_WRITE_TIMEOUT,
                )
            self._slow_log = True
            return None
        self._slow_log = False
        return log_id


# Bidirectional overrides, embeddings and isolates: echoed, they would reverse or hide the
# rest of the message (a "Trojan Source" trick); the marks LRM/RLM are harmless and stay.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def echo_of(answer: Answer) -> str | None:
    """The question echoed above a reply: only a typed one (matched or declined); a
    lookup's title already says what it is."""
    return echo_line(answer.question) if answer.matched or not answer.answered else None


def picture_for(kb: KnowledgeBase, answer: Answer) -> Picture | None:
    """The picture a card carries: the four rings, for cooperative security and each ring."""
    if answer.origin == "entry" and answer.entries[0] in PICTURED:
        return four_rings(kb)
    return None


def practised(kb: KnowledgeBase, answer: Answer) -> bool:
    """Whether "Quiz me" has questions for the card's entry."""
    return bool(answer.entries) and answer.entries[0] in quizzable(kb)


def echo_line(question: str) -> str:
    """The student's question, quoted, never pinging anyone (allowed_mentions is none) and
    without bidirectional controls."""
    text = question.translate(BIDI_CONTROLS)
    return f"> {clip(discord.utils.escape_markdown(text), 300)}"


def opened(kb: KnowledgeBase, answer: Answer, action: str) -> Answer:
    """What a card's button opens: the whole answer ("m", "f"), its cases ("c") or its
    sources ("s"); the comparison picker ("w") is a select, not an answer."""
    if action == "c":
        return _cases_only(answer)
    if action == "s":
        return (
            sources_answer(kb, answer.entries[0])
            if answer.origin == "entry"
            else (_sources_of(answer))
        )
    return answer


def _cases_only(answer: Answer) -> Answer:
    """The answer's cases section alone (titles with their first sentence)."""
    cases = tuple(s for s in answer.sections if s.title == "Cases")
    if not cases:
        cases = (Section("Cases", items=answer.cases),)
    return dataclasses.replace(
        answer,
        title=f"Cases: {answer.title}",
        summary="",
        summary_citations=(),
        sections=cases,
        facets=(),
        citations=(),
        origin="none",
    )


def _sources_of(answer: Answer) -> Answer:
    """A comparison's references, as a list."""
    return dataclasses.replace(
        answer,
        title=f"Sources: {answer.title}",
        summary="The references this comparison cites.",
        summary_citations=(),
        sections=(),
        facets=(),
        origin="none",
    )
