"""Turn a question or an entry name into comparable tokens.

Both sides go through the same steps (fold, expand abbreviations, fold spellings,
stem lightly), so "CS vs CD?" and "Collective Security" meet on the same tokens.
"""

from __future__ import annotations

from functools import lru_cache

from bot.matching.vocabulary import (
    ABBREVIATIONS,
    NUMBER_WORDS,
    NUMBERED_WORDS,
    ROMAN,
    SPELLINGS,
    STOP_WORDS,
)
from bot.text import normalise


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A deliberately light stemmer: plurals only, so "vetoed" never names "veto"."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("s"):
        return token[:-1]
    return token


_ROOT_SUFFIXES = ("fully", "ments", "ment", "ful", "ing", "ly", "ed")


@lru_cache(maxsize=65536)
def root(token: str) -> str:
    """A stronger stem for evidence only (never for names): "settlement" and "settle",
    "peacefully" and "peace", "vetoed" and "veto" share a root."""
    for suffix in _ROOT_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def evidence_roots(words: list[str]) -> list[str]:
    """Roots of the evidence-bearing words, first occurrence order, no repeats."""
    return list(dict.fromkeys(root(w) for w in content_tokens(words)))


def tokens(text: str) -> list[str]:
    """Normalised, expanded and stemmed tokens of ``text``, stop words included."""
    out: list[str] = []
    for raw in normalise(text.replace("&", " and ")).split():
        raw = SPELLINGS.get(raw, raw)
        if raw.endswith("isation") or raw.endswith("isations"):
            raw = raw.replace("isation", "ization")
        if out and out[-1] in NUMBERED_WORDS and (raw in ROMAN or raw in NUMBER_WORDS):
            out.append(ROMAN.get(raw) or NUMBER_WORDS[raw])
            continue
        expansion = ABBREVIATIONS.get(raw)
        if expansion:
            out.extend(stem(part) for part in expansion.split())
        else:
            out.append(stem(raw))
    return out


def is_content(token: str) -> bool:
    """True for tokens that can be evidence: numbers, and words that are not stop words."""
    return token.isdigit() or (len(token) > 1 and token not in STOP_WORDS)


def content_tokens(words: list[str]) -> list[str]:
    """The evidence-bearing tokens among ``words``."""
    return [w for w in words if is_content(w)]
