"""Fold text to comparable ASCII words: Unicode forms, invisible characters, case, accents."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Apostrophes join a word ("don't" -> "dont"); every other punctuation mark splits.
_APOSTROPHES = str.maketrans("", "", "'’‘ʼ")


def strip_format_characters(text: str) -> str:
    """Remove Unicode format characters (category Cf) and apply NFKC.

    Text pasted from PDFs and web pages carries zero-width spaces, soft hyphens, word
    joiners and bidi marks inside words; removing them keeps "na\\u200bto" one word. NFKC
    turns compatibility forms (full-width letters, ligatures such as "ﬁ") into plain ones.
    """
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFKC", cleaned)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: "Sécurité" -> "securite"."""
    decomposed = unicodedata.normalize("NFKD", strip_format_characters(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Fold case and accents, turn punctuation into spaces and collapse whitespace."""
    return _NON_WORD.sub(" ", fold(text).translate(_APOSTROPHES)).strip()
