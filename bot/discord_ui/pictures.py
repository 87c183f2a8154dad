"""Pictures on Discord: a PNG attached to a message and shown inside its embed."""

from __future__ import annotations

import io

import discord

from bot.pictures.rings import Picture


def attach_picture(embed: discord.Embed, picture: Picture) -> discord.File:
    """Show ``picture`` in ``embed`` and return the file to send with it (with its alt
    text as the attachment's description, which Discord reads to screen readers)."""
    embed.set_image(url=f"attachment://{picture.filename}")
    return discord.File(
        io.BytesIO(picture.png), filename=picture.filename, description=picture.alt_text
    )
