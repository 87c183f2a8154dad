"""Problems found while loading the knowledge base, printed as ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, located as precisely as the YAML allows."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"
    # An error that only follows from another file failing to load ("unknown id X" when
    # X's own file is broken): reported after the causes and counted apart.
    consequence: bool = False
    # The id an "unknown id" problem is about (empty for other problems).
    ref: str = ""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"


def field_path(loc: tuple[str | int, ...]) -> str:
    """A location as moderators read it: ("sources", 0, "source") -> "sources[0].source"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"


class KnowledgeError(Exception):
    """Raised when a knowledge tree has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the knowledge base")
