"""StudyBot: the discord.py client, wiring only. Cogs add the commands, the engine answers;
command sync (bot/discord_ui/sync.py), the database kept open, the status file and knowledge
reloads (bot/runtime/) live in modules of their own."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discord_ui.cards import card_items
from bot.discord_ui.daily import daily_items
from bot.discord_ui.errors import reply_privately, report_error
from bot.discord_ui.group_round import round_items
from bot.discord_ui.me import me_items
from bot.discord_ui.quiz import quiz_items, quizzable
from bot.discord_ui.respond import AnswerService
from bot.discord_ui.sync import SYNC_MAX_WAIT, CommandSync
from bot.discord_ui.views import dynamic_items
from bot.engine import Engine
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import LoadResult
from bot.pictures.rings import PICTURED, four_rings
from bot.ratelimit import Cooldown
from bot.runtime import health
from bot.runtime.reload import freeze_long_lived_objects, reload_knowledge, watch_knowledge
from bot.runtime.storage_keeper import StorageKeeper
from bot.settings import Settings
from bot.storage import Storage

log = logging.getLogger("studybot")
COGS = (
    "cogs.ask",
    "cogs.lookup",
    "cogs.topics",
    "cogs.rings",
    "cogs.quiz",
    "cogs.me",
    "cogs.cards",
    "cogs.moderation",
    "cogs.daily",
)
STATUS_INTERVAL = 15.0  # seconds between status writes; `health` allows a few missed
# On shutdown, answers in flight get this long to finish before the HTTP session closes
# under them (Docker's default grace period is 10 s; answers take milliseconds).
DRAIN_SECONDS = 5.0
# discord.py's task names for interaction handlers: the command tree and component items.
HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-dynamic-item", "discord-ui-view-dispatch")


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
        self.storage_keeper = StorageKeeper(settings.database, storage)
        self.cooldown = Cooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.answers = AnswerService(engine, self.cooldown, lambda: self.storage)
        self.syncer = CommandSync(self.tree, lambda: self.storage, self.wait_until_ready)
        self.sync_done = self.syncer.done
        self.sync_commands = sync_commands
        self.watch = watch
        # Housekeeping, the status file and the watcher: off for one-shot uses (`sync`).
        self.background = background
        self._background: set[asyncio.Task] = set()
        # For `studybot health`: the gateway session is up (READY or RESUMED, until the
        # next disconnect) and when Discord last acknowledged a heartbeat (wall clock).
        self.gateway_connected = False
        self.heartbeat_ack_at: float | None = None

    @property
    def storage(self) -> Storage | None:
        """The open database, or None while it is unusable (then retried)."""
        return self.storage_keeper.storage

    @storage.setter
    def storage(self, storage: Storage | None) -> None:
        self.storage_keeper.storage = storage

    async def setup_hook(self) -> None:
        """Load cogs, register persistent buttons, sync when needed, start housekeeping."""
        for extension in COGS:
            await self.load_extension(extension)
        self.add_dynamic_items(
            *dynamic_items(),
            *quiz_items(),
            *card_items(),
            *me_items(),
            *round_items(),
            *daily_items(),
        )
        await self._warm()
        self.tree.on_error = self.on_app_command_error
        if self.sync_commands:
            # Connect first: a rate-limited sync must not keep the bot off the gateway.
            self.spawn(self.syncer.sync_when_ready(self.settings.dev_guild))
        else:
            self.sync_done.set()
        if self.background:
            self.housekeeping.start()
            self.write_status.start()
            if self.watch:
                self.spawn(watch_knowledge(self.settings.knowledge, self.reload_knowledge))
        freeze_long_lived_objects()

    def spawn(self, coroutine) -> None:
        """Run ``coroutine`` in the background, cancelled when the bot closes."""
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def sync_tree(self, guild_id: int | None = None) -> int:
        """Sync the command tree now (see CommandSync.sync_tree)."""
        return await self.syncer.sync_tree(guild_id)

    async def reload_knowledge(self) -> LoadResult:
        """Validate and load the knowledge folder; swap only when clean."""
        result = await reload_knowledge(self.engine, self.settings.knowledge)
        if result.kb is not None:
            await self._warm()
        return result

    async def _warm(self) -> None:
        """Work out the quiz items (about half a second) and draw the four-rings picture
        (about 0.1 s) of the knowledge in a thread, so that no answer card waits for them
        on the event loop: drawn there, the first card with the picture held up every
        interaction in flight."""
        await asyncio.to_thread(_warm_knowledge, self.engine.kb)

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

    # -- gateway state, for the status file -----------------------------------------------

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
        if health.is_heartbeat_ack(message):
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
            text = json.dumps(status)
            await asyncio.to_thread(health.write_atomically, self.settings.status_file, text)
        except OSError:
            log.warning("cannot write the status file %s", self.settings.status_file, exc_info=True)

    async def status(self, check_storage: bool = True) -> dict[str, object]:
        """Liveness facts: knowledge loaded, database writable, gateway heartbeat (after
        reopening a lost database, unless ``check_storage`` is False: on the way out)."""
        if self.background and check_storage:
            await self.storage_keeper.check()
        connected = self.gateway_connected and not self.is_closed()
        return health.status_record(
            knowledge_loaded=bool(self.engine.kb.entries),
            knowledge_version=self.engine.kb.version,
            database_writable=await self.storage_keeper.writable(),
            gateway_connected=connected,
            heartbeat_ack_at=self.heartbeat_ack_at,
            latency_ms=(
                round(self.latency * 1000, 1) if connected and math.isfinite(self.latency) else None
            ),
        )

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

    # -- shutdown ---------------------------------------------------------------------

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
            await self._write_status_file(health.stopped(await self.status(check_storage=False)))
        await super().close()


def _warm_knowledge(kb: KnowledgeBase) -> None:
    """What answer cards compute once per knowledge version (cached where they use it)."""
    quizzable(kb)
    if not PICTURED.isdisjoint(kb.entries):
        four_rings(kb)
