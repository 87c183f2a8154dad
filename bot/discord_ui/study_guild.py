"""Which guild a student's study rows belong to (one rule for every study command)."""

from __future__ import annotations

import discord

from bot.storage.study import DM_GUILD


def guild_of(interaction: discord.Interaction) -> int:
    """The guild study rows are kept under: the server, or DM_GUILD in direct messages."""
    return interaction.guild_id or DM_GUILD
