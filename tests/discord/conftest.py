"""Shared fixtures of the Discord layer: the in-process fake Discord server."""

from collections.abc import AsyncIterator

import pytest
from fake_discord import FakeDiscord


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started `FakeDiscord`; discord.py's URLs are restored afterwards."""
    async with FakeDiscord() as fake:
        yield fake
    assert not fake.errors, f"the fake Discord server itself crashed: {fake.errors!r}"
