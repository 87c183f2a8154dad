"""Who may use the moderator tools: Manage Server, or the guild's configured moderator
role. The one check behind /kb, /quizround and the daily question's Reveal button."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_ui.limits import STORAGE_TIMEOUT

if TYPE_CHECKING:
    from bot.client import StudyBot

log = logging.getLogger("studybot.moderation")


class NotModerator(app_commands.CheckFailure):
    """Raised for a member without Manage Server or the moderator role."""

    def __init__(self) -> None:
        super().__init__("This command is for moderators (Manage Server or the moderator role).")


async def is_moderator(interaction: discord.Interaction) -> bool:
    """Manage Server, or the guild's configured moderator role."""
    bot: StudyBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage("Moderator tools work inside a server.")
    if interaction.permissions.manage_guild:
        return True
    if bot.storage is not None and isinstance(interaction.user, discord.Member):
        try:
            settings = await asyncio.wait_for(
                bot.storage.get_settings(interaction.guild_id), STORAGE_TIMEOUT
            )
        except Exception:  # storage down or slow: only Manage Server can pass
            log.warning("cannot read guild settings; moderator role not checked", exc_info=True)
            raise NotModerator() from None
        role_id = settings.moderator_role_id
        if role_id and any(r.id == role_id for r in interaction.user.roles):
            return True
    raise NotModerator()
