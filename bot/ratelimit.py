"""A per-user sliding-window rate limit for answers (no discord import: unit-testable)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Cooldown:
    """Allow ``rate`` actions per ``per`` seconds for each key."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}

    def retry_after(self, key: int) -> float:
        """0 when ``key`` may act now (and count it), else the seconds left to wait."""
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.per:
            hits.popleft()
        if len(hits) >= self.rate:
            return self.per - (now - hits[0])
        hits.append(now)
        if len(self._hits) > 10_000:  # forget idle users so memory stays bounded
            self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < self.per}
        return 0.0
