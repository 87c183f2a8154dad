"""A span of a question that names an entry: what the matcher's steps pass around."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A span of question tokens [start, end) that names an entry."""

    start: int
    end: int
    entry_id: str
