"""StudyBot: the discord.py client. Cogs add the commands; the engine answers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import json
import logging
import math
import os
import time
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discord_ui.errors import reply_privately, report_error
from bot.discord_ui.respond import AnswerService
from bot.discord_ui.views import dynamic_items
from bot.engine import Engine
from bot.knowledge.loader import LoadResult
from bot.ratelimit import Cooldown
from bot.settings import Settings
from bot.storage import Storage, StorageError

log = logging.getLogger("studybot")
COGS = ("cogs.ask", "cogs.lookup", "cogs.topics", "cogs.rings", "cogs.moderation")
STATUS_INTERVAL = 15.0
# Rate limits: discord.py waits out a 429 up to this long (a sync hit by Discord's daily
# limit on creating commands can be told to wait hours); longer ones are retried by us
# after the wait, capped, a few times.
SYNC_MAX_WAIT = 30.0
SYNC_RETRY_CAP = 600.0
SYNC_ATTEMPTS = 3
# A database that cannot be opened is tried again after 15 s, then 30, 60... up to 5 min.
STORAGE_RETRY = (15.0, 300.0)
# On shutdown, answers in flight get this long to finish before the HTTP session closes
# under them (Docker's default grace period is 10 s; answers take milliseconds).
DRAIN_SECONDS = 5.0
# discord.py's task names for interaction handlers: the command tree and component items.
HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-dynamic-item", "discord-ui-view-dispatch")
# The gateway opcode of a heartbeat acknowledgement (Discord API v10, "Gateway Opcodes").
HEARTBEAT_ACK_OP = 11
# An ACK frame is about 50 characters; longer raw frames (events) are never parsed twice.
SMALL_FRAME = 256


class StudyBot(commands.Bot):
    """The Discord client: holds the engine, storage, settings and the answer service."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        storage: Storage | None,
        *,
        sync_commands: bool = True,
        watch: bool = False,
        background: bool = True,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            # A request rate-limited for longer raises RateLimited instead of waiting.
            max_ratelimit_timeout=SYNC_MAX_WAIT,
            # on_socket_raw_receive: the status records the last heartbeat ACK.
            enable_debug_events=True,
        )
        self.settings = settings
        self.engine = engine
        self.storage = storage
        self.cooldown = Cooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.answers = AnswerService(engine, self.cooldown, lambda: self.storage)
        self.sync_commands = sync_commands
        self.watch = watch
        # Housekeeping, the status file and the watcher: off for one-shot uses (`sync`).
        self.background = background
        self._background: set[asyncio.Task] = set()
        self.sync_done = asyncio.Event()  # set when the start-up sync ended (or was skipped)
        self._storage_retry_at = 0.0 if storage is None else math.inf
        self._storage_delay = STORAGE_RETRY[0]
        # For `studybot health`: the gateway session is up (READY or RESUMED, until the
        # next disconnect) and when Discord last acknowledged a heartbeat (wall clock).
        self.gateway_connected = False
        self.heartbeat_ack_at: float | None = None

    async def setup_hook(self) -> None:
        """Load cogs, register persistent buttons, sync when needed, start housekeeping."""
        for extension in COGS:
            await self.load_extension(extension)
        self.add_dynamic_items(*dynamic_items())
        self.tree.on_error = self.on_app_command_error
        if self.sync_commands:
            # Connect first: a rate-limited sync must not keep the bot off the gateway.
            self._spawn(self._sync_when_ready())
        else:
            self.sync_done.set()
        if self.background:
            self.housekeeping.start()
            self.write_status.start()
            if self.watch:
                self._spawn(self.watch_knowledge())
        _freeze_long_lived_objects()

    def _spawn(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- command tree sync ------------------------------------------------------------

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
        if self.storage is not None:
            await self.storage.set_meta(_hash_key(guild_id), tree_hash)
        return len(synced)

    async def _sync_when_ready(self) -> None:
        """Sync once connected; a rate limit longer than discord.py's bounded wait
        (``SYNC_MAX_WAIT``) is retried after it, a few times, then left to `studybot sync`."""
        try:
            await self.wait_until_ready()
            for attempt in range(1, SYNC_ATTEMPTS + 1):
                try:
                    await self.sync_if_changed(self.settings.dev_guild)
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
            self.sync_done.set()

    async def sync_if_changed(self, guild_id: int | None = None) -> bool:
        """Sync only when the tree differs from the last sync recorded in the database.
        A failed sync is logged; the bot still starts with the commands Discord has."""
        try:
            if self.storage is not None:
                stored = await self.storage.get_meta(_hash_key(guild_id))
                if stored == self.tree_hash(guild_id):
                    log.info("command tree unchanged since the last sync; not syncing")
                    return False
            count = await self.sync_tree(guild_id)
        except (discord.HTTPException, StorageError) as exc:
            log.warning("syncing the command tree failed (%s); run `studybot sync` later", exc)
            return False
        log.info("synced %d commands %s", count, f"to guild {guild_id}" if guild_id else "globally")
        return True

    # -- knowledge reloads ------------------------------------------------------------

    async def reload_knowledge(self) -> LoadResult:
        """Validate and load the knowledge folder in a thread; swap only when clean."""
        result = await asyncio.to_thread(self.engine.reload, self.settings.knowledge)
        if result.kb is None:
            log.warning(
                "knowledge reload refused: %s; keeping version %s",
                result.error_count,
                self.engine.kb.version,
            )
            return result
        log.info(
            "knowledge reloaded: version %s, %d entries", result.kb.version, len(result.kb.entries)
        )
        gc.unfreeze()  # let the old snapshot be collected, then freeze the new one
        _freeze_long_lived_objects()
        return result

    async def watch_knowledge(self) -> None:
        """Reload on file changes (validate first, like /kb reload)."""
        from watchfiles import awatch

        async for _changes in awatch(self.settings.knowledge):
            try:
                result = await self.reload_knowledge()
            except Exception:  # keep watching whatever one reload did
                log.exception("reloading the knowledge after a change failed")
                continue
            for problem in result.errors[:20]:
                log.warning("%s", problem)

    # -- housekeeping -----------------------------------------------------------------

    @tasks.loop(hours=24)
    async def housekeeping(self) -> None:
        """Purge question logs older than each guild's retention."""
        if self.storage is not None:
            try:
                removed = await self.storage.purge_expired()
                log.info("purged %d expired question log rows", removed)
            except Exception:  # a purge failure must never stop the bot
                log.exception("purging the question log failed")

    async def on_ready(self) -> None:
        """Report health as soon as the gateway is up, not at the next status tick."""
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))
        self.gateway_connected = True
        await self.write_status()

    async def on_resumed(self) -> None:
        """A resumed session is connected again: say so at once."""
        self.gateway_connected = True
        await self.write_status()

    async def on_disconnect(self) -> None:
        """Report the lost gateway at once (not at the next tick), unless closing: the
        final status, written by `close`, says stopped."""
        self.gateway_connected = False
        if self.background and not self.is_closed():
            await self.write_status()

    async def on_socket_raw_receive(self, message: object) -> None:
        """Note when Discord acknowledges a heartbeat: the liveness that `health` checks.
        The first one of a run writes the status at once if READY came before it."""
        if _is_heartbeat_ack(message):
            first = self.heartbeat_ack_at is None
            self.heartbeat_ack_at = time.time()
            if first and self.background and self.gateway_connected:
                await self.write_status()

    @tasks.loop(seconds=STATUS_INTERVAL)
    async def write_status(self) -> None:
        """Write the status file that `studybot health` reads."""
        await self._write_status_file(await self.status())

    async def _write_status_file(self, status: dict[str, object]) -> None:
        try:
            await asyncio.to_thread(
                _write_atomically, self.settings.status_file, json.dumps(status)
            )
        except OSError:
            log.warning("cannot write the status file %s", self.settings.status_file, exc_info=True)

    async def check_storage(self) -> None:
        """Reopen a database file that was deleted or replaced under the bot, and retry a
        database that could not be opened, with back-off (``STORAGE_RETRY``): a disk that
        recovers is used again without a restart."""
        now = time.monotonic()
        if self.storage is not None:
            if not self.storage.replaced():
                return
            log.warning(
                "the database file %s was deleted or replaced; reopening it", self.storage.path
            )
            old, self.storage = self.storage, None
            with contextlib.suppress(Exception):
                await old.close()
            self._storage_retry_at = now  # reopen at once
        if self._storage_retry_at > now:
            return
        try:
            self.storage = await Storage.open(self.settings.database)
        except StorageError as exc:
            if self._storage_delay == STORAGE_RETRY[0]:  # the first failure only: no log storm
                log.warning("database unavailable (%s); retrying with back-off", exc)
            self._storage_retry_at = now + self._storage_delay
            self._storage_delay = min(self._storage_delay * 2, STORAGE_RETRY[1])
            return
        self._storage_delay = STORAGE_RETRY[0]
        log.info("database %s open again", self.settings.database)

    async def status(self, check_storage: bool = True) -> dict[str, object]:
        """Liveness facts: knowledge loaded, database writable, gateway heartbeat (after
        reopening a lost database, unless ``check_storage`` is False: on the way out)."""
        if self.background and check_storage:
            await self.check_storage()
        db_ok = False
        if self.storage is not None:
            try:
                await self.storage.set_meta("last_status", str(int(time.time())))
                db_ok = True
            except Exception:
                db_ok = False
        connected = self.gateway_connected and not self.is_closed()
        return {
            "pid": os.getpid(),
            "updated_at": time.time(),
            "knowledge_loaded": bool(self.engine.kb.entries),
            "knowledge_version": self.engine.kb.version,
            "database_writable": db_ok,
            "gateway_connected": connected,
            # The last heartbeat ACK from Discord, not the time of this write.
            "gateway_heartbeat_at": self.heartbeat_ack_at,
            "latency_ms": (
                round(self.latency * 1000, 1) if connected and math.isfinite(self.latency) else None
            ),
        }

    # -- errors -----------------------------------------------------------------------

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Friendly ephemeral messages; the traceback goes to the log, never to users."""
        if isinstance(error, app_commands.CheckFailure):
            await reply_privately(interaction, str(error) or "You can't use this command here.")
            return
        if isinstance(error, app_commands.CommandNotFound):
            # Discord still shows a command this version removed until the next sync.
            log.info("/%s is not a command of this version (stale sync)", error.name)
            await reply_privately(
                interaction, f"`/{error.name}` is no longer available. Try `/ask` or `/topics`."
            )
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        await report_error(interaction, error, f"/{command}")

    async def drain(self, timeout: float = DRAIN_SECONDS) -> int:
        """Wait, at most ``timeout`` seconds, for the interactions being answered (command
        and component handlers) to finish; returns how many were still running after."""
        current = asyncio.current_task()
        running = [
            t
            for t in asyncio.all_tasks()
            if t is not current and not t.done() and t.get_name().startswith(HANDLER_TASKS)
        ]
        if not running:
            return 0
        log.info("waiting for %d answer(s) in flight before closing", len(running))
        _, pending = await asyncio.wait(running, timeout=timeout)
        if pending:
            log.warning("closing with %d answer(s) still in flight", len(pending))
        return len(pending)

    async def close(self) -> None:
        """Let answers in flight finish (bounded), stop background work, mark the status
        stopped, close the gateway and the HTTP session."""
        if not self.is_closed():
            await self.drain()
        for loop in (self.housekeeping, self.write_status):
            loop.cancel()
        for task in list(self._background):
            task.cancel()
        if self.background and not self.is_closed():
            status = await self.status(check_storage=False)
            status.update(gateway_connected=False, gateway_heartbeat_at=None, stopped=True)
            await self._write_status_file(status)
        await super().close()


def _freeze_long_lived_objects() -> None:
    """Move the knowledge index and startup objects out of the garbage collector's scans:
    full collections then no longer pause answers for tens of milliseconds (bench_bot)."""
    gc.collect()
    gc.freeze()


def _is_heartbeat_ack(message: object) -> bool:
    """Whether a raw gateway frame (the text discord.py is about to parse) is op 11."""
    if not isinstance(message, str | bytes) or len(message) > SMALL_FRAME:
        return False
    try:
        return json.loads(message).get("op") == HEARTBEAT_ACK_OP
    except (ValueError, AttributeError):
        return False


def _hash_key(guild_id: int | None) -> str:
    return f"tree_hash:{guild_id or 'global'}"


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
