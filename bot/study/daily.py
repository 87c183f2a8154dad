"""The daily question without Discord: when a guild's post is due, which day it belongs
to, and which item it asks (the same one after any restart).

A guild sets a wall-clock time (HH:MM) in its IANA time zone. The post is due once the
guild's local time has reached that time on its local date, so a post time that a DST
change skips (02:30 on a spring-forward night) is posted at the first minute after the
jump, and one that happens twice (autumn) is posted at the first: the database claim
makes sure of once.
"""

from __future__ import annotations

import random
import re
import zlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.knowledge.base import KnowledgeBase
from bot.study.bank import templates
from bot.study.item import QuizItem

# Hours 0-23 with one or two digits, minutes with two: "9:05" and "09:05" both mean 09:05.
_HH_MM = re.compile(r"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)")
SEED_LIMIT = 10**9  # the quiz's seeds fit nine digits; a daily seed is one of them


class BadSetting(ValueError):
    """A post time or time zone that cannot be used; the message names the bad value."""


def parse_post_time(text: str) -> str:
    """``text`` as the stored ``HH:MM`` (two digits each), else BadSetting."""
    match = _HH_MM.fullmatch(text.strip())
    if match is None:
        raise BadSetting(
            f"`{text}` is not a time of day: use HH:MM on a 24-hour clock, e.g. 08:30 or 17:45."
        )
    return f"{int(match['h']):02d}:{match['m']}"


def parse_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/Berlin``, ``UTC``), else BadSetting."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise BadSetting(
            f"`{name}` is not a time zone I know: use an IANA name such as Europe/Berlin, "
            "America/New_York or UTC."
        ) from None


def local_day(now: datetime, zone: str) -> str:
    """The ISO date that it is at ``now`` (aware) in ``zone``."""
    return now.astimezone(ZoneInfo(zone)).date().isoformat()


def due_day(now: datetime, post_time: str, zone: str) -> str | None:
    """The local ISO date whose post is due at ``now`` (aware): the guild's date once its
    wall clock has reached ``post_time``, else None (not yet today)."""
    local = now.astimezone(ZoneInfo(zone))
    hours, minutes = (int(part) for part in post_time.split(":"))
    if local.time().replace(tzinfo=None) >= time(hours, minutes):
        return local.date().isoformat()
    return None


def previous_day(day: str) -> str:
    """The ISO date before ``day`` (a reveal may fall after local midnight)."""
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def reveal_at(posted_at: float, reveal_minutes: int) -> datetime:
    """When a post made at ``posted_at`` (Unix time) shows its answer."""
    return datetime.fromtimestamp(posted_at, UTC) + timedelta(minutes=reveal_minutes)


def daily_seed(guild_id: int, day: str) -> int:
    """The seed of a guild's day: stable across processes (CRC-32, not ``hash``, which
    Python salts per process), different between guilds and days."""
    return zlib.crc32(f"daily:{guild_id}:{day}".encode()) % SEED_LIMIT


def pick_item(kb: KnowledgeBase, guild_id: int, day: str) -> QuizItem | None:
    """The item a guild's day asks, the same for the same knowledge, guild and day; None
    when the knowledge base has no quiz items."""
    pool = templates(kb)
    if not pool:
        return None
    seed = daily_seed(guild_id, day)
    return random.Random(seed).choice(pool).draw(seed)


def item_for(kb: KnowledgeBase, guild_id: int, day: str, item_id: str) -> QuizItem | None:
    """The posted item ``item_id`` of a guild's day, options in the posted order; None
    when a reload removed it from the knowledge base."""
    for template in templates(kb):
        if template.id == item_id:
            return template.draw(daily_seed(guild_id, day))
    return None
