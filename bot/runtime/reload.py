"""Knowledge reloads while the bot runs: validate first, swap only a clean tree (the
running knowledge is never replaced by a broken one), on /kb reload or on file changes."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.engine import Engine
from bot.knowledge.loader import LoadResult

log = logging.getLogger("studybot")
# The watcher logs this many problems of a refused reload; `studybot check` shows them all.
WATCH_PROBLEMS_SHOWN = 20


async def reload_knowledge(engine: Engine, folder: Path) -> LoadResult:
    """Validate and load ``folder`` in a thread; the engine swaps only when it is clean."""
    result = await asyncio.to_thread(engine.reload, folder)
    if result.kb is None:
        log.warning(
            "knowledge reload refused: %s; keeping version %s",
            result.error_count,
            engine.kb.version,
        )
        return result
    log.info(
        "knowledge reloaded: version %s, %d entries", result.kb.version, len(result.kb.entries)
    )
    gc.unfreeze()  # let the old snapshot be collected, then freeze the new one
    freeze_long_lived_objects()
    return result


async def watch_knowledge(folder: Path, reload: Callable[[], Awaitable[LoadResult]]) -> None:
    """Call ``reload`` on every change under ``folder`` (validated like /kb reload)."""
    from watchfiles import awatch

    async for _changes in awatch(folder):
        try:
            result = await reload()
        except Exception:  # keep watching whatever one reload did
            log.exception("reloading the knowledge after a change failed")
            continue
        for problem in result.errors[:WATCH_PROBLEMS_SHOWN]:
            log.warning("%s", problem)


def freeze_long_lived_objects() -> None:
    """Move the knowledge index and startup objects out of the garbage collector's scans:
    full collections then no longer pause answers for tens of milliseconds (bench_bot)."""
    gc.collect()
    gc.freeze()
