"""`studybot run` (the bot) and `studybot sync` (the slash-command tree).

discord is imported inside the commands, so that `ask` and `check` start fast and work
without it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.cli.common import CliError, load_engine, load_settings
from bot.cli.exit_codes import ExitCode
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.storage import Storage

log = logging.getLogger("studybot")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `run` and `sync` commands."""
    run_parser = sub.add_parser(
        "run",
        help="run the Discord bot",
        description="Run the bot. Reads DISCORD_TOKEN and STUDYBOT_* from the environment or .env.",
    )
    run_parser.add_argument("--watch", action="store_true", help="reload knowledge files on change")
    run_parser.add_argument(
        "--no-sync", action="store_true", help="never sync the command tree at start"
    )
    run_parser.set_defaults(handler=run)
    sync_parser = sub.add_parser(
        "sync",
        help="sync slash commands with Discord",
        description="Register slash commands globally (up to an hour) or in one guild (instant).",
    )
    sync_parser.add_argument("--guild", type=int, metavar="ID", help="sync to this guild only")
    sync_parser.set_defaults(handler=sync)


def run(args: argparse.Namespace) -> int:
    """Start the bot and block until it stops (SIGINT or SIGTERM)."""
    from bot.logs import setup_logging

    settings = load_settings(need_token=True)
    setup_logging(settings.log_level, settings.token)
    engine = load_engine(str(settings.knowledge))
    return asyncio.run(_run(settings, engine, sync=not args.no_sync, watch=args.watch))


def sync(args: argparse.Namespace) -> int:
    """Log in over HTTP only and sync the command tree."""
    from bot.logs import setup_logging

    settings = load_settings(need_token=True)
    setup_logging(settings.log_level, settings.token)
    engine = load_engine(str(settings.knowledge))
    return asyncio.run(_sync(settings, engine, args.guild or settings.dev_guild))


def _point_discord_at(base_url: str | None) -> None:
    """Use a Discord-compatible server at ``base_url`` (REST under /api/v10, gateway at
    /gateway): how the end-to-end tests run the real process against a fake server."""
    if not base_url:
        return
    import discord
    import yarl
    from discord.gateway import DiscordWebSocket

    base = base_url.rstrip("/")
    discord.http.Route.BASE = f"{base}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base.replace("http", "ws", 1) + "/gateway")
    log.info("using the Discord API at %s", base)


async def _open_storage(settings: Settings) -> Storage | None:
    from bot.storage import Storage, StorageError

    try:
        return await Storage.open(settings.database)
    except StorageError as exc:
        log.error("storage unavailable, answering without it: %s", exc)
        return None


@contextlib.contextmanager
def _discord_errors() -> Iterator[None]:
    """Turn what Discord, the network or the database can throw into one-line CLI errors."""
    import aiohttp
    import discord

    from bot.storage import StorageError

    try:
        yield
    except discord.LoginFailure as exc:
        message = "Discord rejected DISCORD_TOKEN (check the bot token)"
        raise CliError(message, ExitCode.LOGIN) from exc
    except discord.PrivilegedIntentsRequired as exc:
        raise CliError("Discord refused the intents requested", ExitCode.LOGIN) from exc
    except discord.HTTPException as exc:
        message = f"Discord answered {exc.status}: {exc.text or exc.__class__.__name__}"
        raise CliError(message, ExitCode.NETWORK) from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise CliError(f"cannot reach Discord: {exc.__class__.__name__}", ExitCode.NETWORK) from exc
    except StorageError as exc:
        raise CliError(f"database: {exc}", ExitCode.STORAGE) from exc


async def _run(settings: Settings, engine: Engine, *, sync: bool, watch: bool) -> int:
    from bot.client import StudyBot

    _point_discord_at(settings.discord_api)
    storage = await _open_storage(settings)
    bot = StudyBot(settings, engine, storage, sync_commands=sync, watch=watch)
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task] = set()  # keep a reference so the task is not collected
    runner: asyncio.Task | None = None

    async def shutdown() -> None:
        await bot.close()  # drains in-flight answers (bounded), then closes
        # discord.py may be asleep in its reconnect back-off (up to minutes), which close()
        # does not wake: stop the connect loop itself.
        if runner is not None and not runner.done():
            runner.cancel()

    def stop() -> None:
        if not closing:
            closing.add(asyncio.ensure_future(shutdown()))

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on every platform
            loop.add_signal_handler(sig, stop)
    try:
        with _discord_errors():
            async with bot:
                runner = asyncio.create_task(bot.start(settings.token.reveal()))
                try:
                    await runner
                except asyncio.CancelledError:
                    if not closing:  # cancelled from outside, not by our shutdown
                        raise
                if closing:
                    await asyncio.gather(*closing)
    finally:
        # The bot may have reopened the database (a deleted file, a recovered disk).
        for opened in {id(s): s for s in (storage, bot.storage) if s is not None}.values():
            await opened.close()
    log.info("stopped cleanly")
    return ExitCode.OK


async def _sync(settings: Settings, engine: Engine, guild_id: int | None) -> int:
    from bot.client import StudyBot

    _point_discord_at(settings.discord_api)
    storage = await _open_storage(settings)
    # background=False: no housekeeping, no status file (a running bot owns that file).
    bot = StudyBot(settings, engine, storage, sync_commands=False, background=False)
    try:
        with _discord_errors():
            async with bot:
                await bot.login(settings.token.reveal())  # runs setup_hook: loads the cogs
                count = await bot.sync_tree(guild_id)
    finally:
        if storage is not None:
            await storage.close()
    where = f"guild {guild_id}" if guild_id else "globally (may take up to an hour to appear)"
    print(f"synced {count} commands {where}")
    return ExitCode.OK
