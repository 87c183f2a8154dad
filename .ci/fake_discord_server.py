"""Serve the tests' fake Discord (tests/discord/fake_discord.py) on 127.0.0.1 until SIGTERM.

`.ci/image` runs it on the host so that the container (``--network host``) logs in, syncs
and heartbeats against it. Prints the base URL on the first line of standard output.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "discord"))

from fake_discord import FakeDiscord


async def serve() -> None:
    """Start the fake, print its URL, and stop it cleanly on SIGTERM or SIGINT."""
    fake = await FakeDiscord().start()
    print(fake.base_url, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(serve())
