"""A span of a question that names an entry: what the matcher's steps pass around."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A span of question tokens [start, end) that names an entry."""

    start: int
    end: int
    entry_id: str


def outside(words: list[str], mentions: list[Mention]) -> list[str]:
    """The words of ``words`` that no mention covers, in order ("Nicaragua v. United
    States" leaves "v")."""
    inside = {i for m in mentions for i in range(m.start, m.end)}
    return [w for i, w in enumerate(words) if i not in inside]
