"""Syncing the slash-command tree with Discord: only when it changed since the last sync
recorded in the database, and, at start-up, in the background once connected, so that a
rate-limited sync never keeps the bot off the gateway."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from bot.storage import Storage, StorageError

log = logging.getLogger("studybot")
# Rate limits: discord.py waits out a 429 up to SYNC_MAX_WAIT (the client is built with it
# as max_ratelimit_timeout); a sync hit by Discord's daily limit on creating commands can
# be told to wait hours: that is retried by us after the wait, capped, a few times.
SYNC_MAX_WAIT = 30.0
SYNC_RETRY_CAP = 600.0
SYNC_ATTEMPTS = 3


class CommandSync:
    """Syncs ``tree`` and remembers what it synced (a hash per target) in the storage."""

    def __init__(
        self,
        tree: app_commands.CommandTree,
        storage: Callable[[], Storage | None],
        wait_until_ready: Callable[[], Awaitable[None]],
    ) -> None:
        self.tree = tree
        self._storage = storage
        self._wait_until_ready = wait_until_ready
        self.done = asyncio.Event()  # set when the start-up sync ended (or was skipped)

    def tree_hash(self, guild_id: int | None = None) -> str:
        """A hash of the command payloads Discord would receive for this target; the same
        before and after the global commands are copied into the guild."""
        commands = {}
        targets = [None] if guild_id is None else [None, discord.Object(guild_id)]
        for guild in targets:
            for command in self.tree.get_commands(guild=guild):
                payload = command.to_dict(self.tree)
                commands[(payload["name"], payload.get("type", 1))] = payload
        text = json.dumps(sorted(commands.items(), key=str), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    async def sync_tree(self, guild_id: int | None = None) -> int:
        """Sync now (to one guild, copying the global commands, or globally)."""
        tree_hash = self.tree_hash(guild_id)
        guild = discord.Object(guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        storage = self._storage()
        if storage is not None:
            await storage.set_meta(_hash_key(guild_id), tree_hash)
        return len(synced)

    async def sync_when_ready(self, guild_id: int | None) -> None:
        """Sync once connected; a rate limit longer than discord.py's bounded wait
        (``SYNC_MAX_WAIT``) is retried after it, a few times, then left to `studybot sync`."""
        try:
            await self._wait_until_ready()
            for attempt in range(1, SYNC_ATTEMPTS + 1):
                try:
                    await self.sync_if_changed(guild_id)
                    return
                except discord.RateLimited as exc:
                    wait = min(exc.retry_after, SYNC_RETRY_CAP)
                    log.warning(
                        "command sync rate-limited for %.0f s (attempt %d of %d); retrying in "
                        "%.0f s",
                        exc.retry_after,
                        attempt,
                        SYNC_ATTEMPTS,
                        wait,
                    )
                    if attempt < SYNC_ATTEMPTS:
                        await asyncio.sleep(wait)
            log.warning("command sync gave up; run `studybot sync` later")
        finally:
            self.done.set()

    async def sync_if_changed(self, guild_id: int | None = None) -> bool:
        """Sync only when the tree differs from the last sync recorded in the database.
        A failed sync is logged; the bot still starts with the commands Discord has."""
        storage = self._storage()
        try:
            if storage is not None:
                stored = await storage.get_meta(_hash_key(guild_id))
                if stored == self.tree_hash(guild_id):
                    log.info("command tree unchanged since the last sync; not syncing")
                    return False
            count = await self.sync_tree(guild_id)
        except (discord.HTTPException, StorageError) as exc:  # RateLimited is neither: retried
            log.warning("syncing the command tree failed (%s); run `studybot sync` later", exc)
            return False
        log.info("synced %d commands %s", count, f"to guild {guild_id}" if guild_id else "globally")
        return True


def _hash_key(guild_id: int | None) -> str:
    return f"tree_hash:{guild_id or 'global'}"
