"""The daily question's time maths and item choice, without Discord: post times in time
zones east and west of UTC, across DST changes, and the same item after a restart."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.engine import Engine
from bot.study.daily import (
    BadSetting,
    daily_seed,
    due_day,
    item_for,
    local_day,
    parse_post_time,
    parse_zone,
    pick_item,
    previous_day,
)
from tests.helpers import KNOWLEDGE


def utc(text: str) -> datetime:
    """An aware UTC instant from ``YYYY-MM-DDTHH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "stored"), [("09:05", "09:05"), ("9:05", "09:05"), (" 23:59 ", "23:59")]
)
def test_post_times_are_stored_as_hh_mm(text: str, stored: str) -> None:
    assert parse_post_time(text) == stored


@pytest.mark.parametrize("text", ["24:00", "9.30", "12:60", "noon", "", "123:00"])
def test_a_bad_post_time_is_named(text: str) -> None:
    with pytest.raises(BadSetting, match=re.escape(f"`{text}` is not a time of day")):
        parse_post_time(text)


def test_time_zones_are_iana_names() -> None:
    assert parse_zone("Europe/Berlin").key == "Europe/Berlin"
    for bad in ("Europe/Berlinn", "CEST+2", "../etc/passwd"):
        with pytest.raises(BadSetting, match=re.escape(f"`{bad}` is not a time zone")):
            parse_zone(bad)


def test_east_of_utc_the_local_day_starts_before_utc_midnight() -> None:
    # Tokyo is UTC+9 all year: 08:00 on 11 March is 23:00 UTC on 10 March.
    assert due_day(utc("2024-03-10T22:59"), "08:00", "Asia/Tokyo") is None
    assert due_day(utc("2024-03-10T23:00"), "08:00", "Asia/Tokyo") == "2024-03-11"
    assert local_day(utc("2024-03-10T23:00"), "Asia/Tokyo") == "2024-03-11"


def test_west_of_utc_the_local_day_runs_past_utc_midnight() -> None:
    # Los Angeles in July is UTC-7: 20:00 on 1 July is 03:00 UTC on 2 July.
    assert due_day(utc("2024-07-02T02:59"), "20:00", "America/Los_Angeles") is None
    assert due_day(utc("2024-07-02T03:00"), "20:00", "America/Los_Angeles") == "2024-07-01"
    # Just after local midnight the new day has not reached 20:00 yet.
    assert due_day(utc("2024-07-02T07:30"), "20:00", "America/Los_Angeles") is None


def test_a_wall_clock_time_follows_dst() -> None:
    # 09:00 in Berlin is 08:00 UTC in winter (CET) and 07:00 UTC in summer (CEST).
    assert due_day(utc("2024-01-15T07:59"), "09:00", "Europe/Berlin") is None
    assert due_day(utc("2024-01-15T08:00"), "09:00", "Europe/Berlin") == "2024-01-15"
    assert due_day(utc("2024-07-15T06:59"), "09:00", "Europe/Berlin") is None
    assert due_day(utc("2024-07-15T07:00"), "09:00", "Europe/Berlin") == "2024-07-15"


def test_a_time_the_spring_change_skips_posts_right_after_the_jump() -> None:
    # 31 March 2024 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 never happens.
    assert due_day(utc("2024-03-31T00:59"), "02:30", "Europe/Berlin") is None  # 01:59 CET
    assert due_day(utc("2024-03-31T01:00"), "02:30", "Europe/Berlin") == "2024-03-31"


def test_a_time_the_autumn_change_repeats_is_due_at_the_first() -> None:
    # 27 October 2024 in Berlin: 02:30 comes twice (CEST at 00:30 UTC, CET at 01:30 UTC);
    # the post is due from the first, the same day both times (the claim posts it once).
    assert due_day(utc("2024-10-27T00:29"), "02:30", "Europe/Berlin") is None
    assert due_day(utc("2024-10-27T00:30"), "02:30", "Europe/Berlin") == "2024-10-27"
    assert due_day(utc("2024-10-27T01:30"), "02:30", "Europe/Berlin") == "2024-10-27"


def test_previous_day_crosses_months() -> None:
    assert previous_day("2024-03-01") == "2024-02-29"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(KNOWLEDGE)


def test_the_days_item_is_the_same_after_a_restart(engine: Engine) -> None:
    kb = engine.kb
    first = pick_item(kb, 42, "2024-07-01")
    assert first is not None
    assert pick_item(kb, 42, "2024-07-01") == first
    # Rebuilt from the stored id (as a button press after a restart does): same options.
    assert item_for(kb, 42, "2024-07-01", first.id) == first
    assert item_for(kb, 42, "2024-07-01", "no-such-item") is None
    # CRC-32, not Python's per-process salted hash: this number is the same in any process.
    assert daily_seed(42, "2024-07-01") == 814_483_536


def test_days_and_guilds_get_different_items(engine: Engine) -> None:
    kb = engine.kb
    month = {pick_item(kb, 42, f"2024-07-{d:02d}").id for d in range(1, 31)}  # type: ignore[union-attr]
    assert len(month) > 20, "a month of daily questions should rarely repeat one"
    guilds = {pick_item(kb, g, "2024-07-01").id for g in range(1, 11)}  # type: ignore[union-attr]
    assert len(guilds) > 5
