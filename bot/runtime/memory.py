"""Give memory freed by a big build back to the operating system."""

from __future__ import annotations

import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None (musl, macOS and Windows have no such call)."""
    import ctypes  # here, not at import: a cached `studybot ask` never needs it

    try:
        return ctypes.CDLL(None).malloc_trim  # the C library already in the process
    except (OSError, AttributeError, TypeError):
        return None


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; False where the C library cannot.

    Building the index of a big knowledge base allocates and frees some two million small
    buffers and strings, and glibc keeps the freed pages: a process that had built 10,000
    entries stayed some 10 MB bigger than what it holds (bench/bench_ask.py).
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
