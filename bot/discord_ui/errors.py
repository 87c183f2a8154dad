"""The one error handler behind every command and component: a friendly private reply to
the user, the traceback to the log, and one quiet line for an interaction that is gone."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

log = logging.getLogger("studybot")  # the client's logger: one place to read errors

ERROR_REPLY = "Sorry, something went wrong on my side. The moderators can find it in the log."
# Discord's codes for an interaction that can no longer be answered: not acknowledged in
# 3 s (10062 Unknown interaction), or answered already (40060).
DEAD_INTERACTION_CODES = frozenset({10062, 40060})


def is_dead_interaction(error: BaseException) -> bool:
    """True when ``error`` (or what it wraps) says the interaction is gone."""
    original = getattr(error, "original", error)
    return isinstance(original, discord.HTTPException) and (original.code in DEAD_INTERACTION_CODES)


async def reply_privately(interaction: discord.Interaction, message: str) -> None:
    """Send ``message`` to the user only, as a reply or a followup; never raises."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not tell the user about an error: %s", exc)


async def report_error(interaction: discord.Interaction, error: BaseException, where: str) -> None:
    """Log ``error`` and tell the user. A dead interaction costs one line and no retry:
    apologising on it would only fail again."""
    if is_dead_interaction(error):
        original = getattr(error, "original", error)
        log.warning("%s: the interaction expired before the reply (%s)", where, original)
        return
    log.error("error in %s", where, exc_info=error)
    with contextlib.suppress(discord.HTTPException):
        await reply_privately(interaction, ERROR_REPLY)


Callback = Callable[[Any, discord.Interaction], Awaitable[None]]


def answering_errors(callback: Callback) -> Callback:
    """Wrap a component's callback so that an exception still gets the user a reply (the
    log names the component's class)."""

    @functools.wraps(callback)
    async def wrapper(self: Any, interaction: discord.Interaction) -> None:
        try:
            await callback(self, interaction)
        except Exception as error:
            await report_error(interaction, error, type(self).__name__)

    return wrapper
