"""Prose helpers shared by the composer and the knowledge checks: sentences and word counts.

Folding and tokenising live in ``bot.language``.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
# Abbreviations that end with a full stop but do not end a sentence.
_NOT_SENTENCE_ENDS = ("Art.", "Arts.", "No.", "ed.", "eds.", "e.g.", "i.e.", "vs.", "pp.", "p.")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, not breaking after common abbreviations."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if parts and parts[-1].endswith(_NOT_SENTENCE_ENDS):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return [p for p in parts if p]


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, marking the cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    # No ".…": a cut after a sentence's full stop ends on the ellipsis alone.
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def word_count(text: str) -> int:
    """Number of words in ``text`` (markdown punctuation ignored)."""
    return len(re.findall(r"[\w'-]+", text))
