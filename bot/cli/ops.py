"""Operations: `studybot health` (for Docker's HEALTHCHECK) and `studybot db ...`."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from bot.cli.common import CliError, load_settings
from bot.cli.exit_codes import ExitCode

# Seconds: Discord asks for a heartbeat every 41.25 s and the bot writes its status every
# 15 s, so a live bot's last acknowledgement, as written, is at most about 56 s old; 90 s
# means at least one acknowledgement was missed (discord.py itself reconnects after 60 s).
HEARTBEAT_MAX_AGE = 90.0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `health` and the `db` group."""
    health = sub.add_parser(
        "health",
        help="exit 0 when the running bot is healthy",
        description="Read the status file the running bot writes; exit 0 only when the "
        "knowledge is loaded, the database is writable, the gateway connected and its last "
        "heartbeat acknowledged within --max-age seconds.",
    )
    health.add_argument("--status-file", type=Path, default=None)
    health.add_argument("--max-age", type=float, default=HEARTBEAT_MAX_AGE, metavar="SECONDS")
    health.set_defaults(handler=run_health)

    db = sub.add_parser("db", help="database tools", description="Back up, restore, inspect.")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    backup = db_sub.add_parser(
        "backup",
        help="online backup",
        description="Copy the database safely, even while the bot runs (SQLite online backup).",
    )
    backup.add_argument("path", type=Path)
    backup.set_defaults(handler=run_backup)
    restore = db_sub.add_parser(
        "restore",
        help="restore a backup (bot stopped)",
        description="Replace the database with a backup; refuses "
        "files that are not studybot databases or are newer than this code.",
    )
    restore.add_argument("path", type=Path)
    restore.set_defaults(handler=run_restore)
    stats = db_sub.add_parser("stats", help="sizes and counts", description="Print counts.")
    stats.set_defaults(handler=run_stats)
    for parser in (backup, restore, stats):
        parser.add_argument("--db", type=Path, default=None, help="database (default $STUDYBOT_DB)")


def health_problems(status: dict, now: float, max_age: float) -> list[str]:
    """What is unhealthy in a status record (empty when healthy)."""
    problems = []
    if not status.get("knowledge_loaded"):
        problems.append("knowledge not loaded")
    if not status.get("database_writable"):
        problems.append("database not writable")
    if status.get("gateway_connected") is False:
        problems.append("not connected to the Discord gateway")
    beat = status.get("gateway_heartbeat_at")  # Discord's last heartbeat acknowledgement
    if not isinstance(beat, int | float) or now - beat > max_age:
        problems.append("gateway heartbeat is not fresh")
    updated = status.get("updated_at")
    if not isinstance(updated, int | float) or now - updated > max_age:
        problems.append("status file is stale (is the bot running?)")
    return problems


def run_health(args: argparse.Namespace) -> int:
    """Exit 0 when healthy, 1 with one line naming every problem otherwise (never 2:
    Docker reserves it, so a broken setting is reported as unhealthy too)."""
    try:
        path = args.status_file or load_settings().status_file
    except CliError as exc:
        print(f"unhealthy: {exc}")
        return ExitCode.PROBLEMS
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"unhealthy: cannot read {path}: {exc.__class__.__name__}")
        return ExitCode.PROBLEMS
    if not isinstance(status, dict):
        print(f"unhealthy: {path} does not hold a status record")
        return ExitCode.PROBLEMS
    problems = health_problems(status, time.time(), args.max_age)
    if problems:
        print(f"unhealthy: {'; '.join(problems)}")
        return ExitCode.PROBLEMS
    version, latency = status.get("knowledge_version"), status.get("latency_ms")
    print(f"healthy: knowledge {version}, gateway latency {latency} ms")
    return ExitCode.OK


def _database(args: argparse.Namespace) -> Path:
    return args.db or load_settings().database


def _with_storage(args: argparse.Namespace, action: str, use):
    """Open the existing database, run ``use(storage)`` and close it; clean CLI errors."""
    from bot.storage import Storage, StorageError

    path = _database(args)
    if not path.is_file():
        raise CliError(f"no database at {path}", ExitCode.PROBLEMS)

    async def run():
        async with await Storage.open(path) as storage:
            return await use(storage)

    try:
        return path, asyncio.run(run())
    except (StorageError, OSError) as exc:
        raise CliError(f"{action} failed: {exc}", ExitCode.STORAGE) from exc


def run_backup(args: argparse.Namespace) -> int:
    """Online backup of the database to PATH."""
    source, written = _with_storage(args, "backup", lambda s: s.backup(args.path))
    print(f"backed up {source} to {written}")
    return ExitCode.OK


def run_restore(args: argparse.Namespace) -> int:
    """Restore PATH over the database (stop the bot first)."""
    from bot.storage import StorageError, restore

    target = _database(args)
    try:
        version = restore(args.path, target)
    except StorageError as exc:  # not a studybot database, newer than this code, damaged
        raise CliError(f"restore refused: {exc}", ExitCode.PROBLEMS) from exc
    except OSError as exc:  # the database itself cannot be written
        raise CliError(f"restore failed: {exc}", ExitCode.STORAGE) from exc
    print(f"restored {args.path} (schema version {version}) to {target}")
    return ExitCode.OK


def run_stats(args: argparse.Namespace) -> int:
    """Print schema version, counts and size."""
    _, figures = _with_storage(args, "stats", lambda s: s.stats())
    for key, value in figures.items():
        print(f"{key}: {value}")
    return ExitCode.OK
