"""Turn a question or an entry name into comparable tokens.

Both sides go through the same steps (fold, expand abbreviations, fold spellings, read
numbers, stem lightly), so "CS vs CD?" and "Collective Security" meet on the same tokens,
and "the seventh chapter" meets "Chapter VII".
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.language.normalise import normalise
from bot.language.stem import root, stem
from bot.language.vocabulary import (
    ABBREVIATIONS,
    CHARTER_CHAPTERS,
    LENGTH_WORDS,
    MONTHS,
    NUMBER_WORDS,
    NUMBERED_WORDS,
    ORDINALS,
    RANGE_WORDS,
    ROMAN,
    SERIAL_PREFIXES,
    SPELLINGS,
    STOP_WORDS,
    UN_CODE_WORDS,
    WORLD_WAR_NUMERALS,
)

__all__ = ["content_tokens", "evidence_roots", "is_content", "root", "stem", "tokens"]

_LIST_LINKS = frozenset({"and", "or"})
# Numbered words long enough that one edit from them is a typo, not another word.
_LONG_NUMBERED = tuple(sorted(w for w in NUMBERED_WORDS if len(w) >= 6))
_CAPITAL_US = re.compile(r"\bUS\b")
# A word and a number run together ("in1990", "resolution1973"); see _unglued.
_GLUED = re.compile(r"([a-z]{2,})(\d{2,})")
# An exam's numbering of its questions and parts ("Q1.", "q12", "2b)"): no evidence, and as
# unknown words they weighed the most, so "Q1. How was the OSCE formed?" was declined.
_QUESTION_NUMBER = re.compile(r"q\d+[a-z]?|\d{1,2}[a-z]")
# Thanks said at the end of a forum post ("thanks in advance!"): its "advance" is no
# evidence of anything.
_THANKS = re.compile(r"\b(?:thanks|thank you|thx)(?: (?:so|very) much)?(?: in advance)?\b")
# "According to the textbook": said by, not the "accord" of the Dayton Accords.
_ACCORDING_TO = re.compile(r"\baccording to\b")


def evidence_roots(words: list[str]) -> list[str]:
    """Roots of the evidence-bearing words, first occurrence order, no repeats."""
    return list(dict.fromkeys(root(w) for w in content_tokens(words)))


def tokens(text: str) -> list[str]:
    """Normalised, expanded and stemmed tokens of ``text``, stop words included."""
    out: list[str] = []
    # A capitalised "US" is the country, never the pronoun; so is "us" after "the".
    text = _CAPITAL_US.sub("USA", text.replace("&", " and "))
    normalised = normalise(text)
    if "thank" in normalised or "thx" in normalised:  # a cheap test before the regex
        normalised = _THANKS.sub(" ", normalised)
    if "according" in normalised:
        normalised = _ACCORDING_TO.sub(" ", normalised)
    raws = [r for r in _unglued(normalised.split()) if not _question_number(r)]
    # "un" beside "une" is the French article, not the UN ("when do I use un and une");
    # a "UN number" is a dangerous-goods code.
    french = "une" in raws
    for i, raw in enumerate(raws):
        if raw == "us" and out and out[-1] == "the":
            raw = "usa"
        following = raws[i + 1] if i + 1 < len(raws) else ""
        if raw == "un" and (french or following in UN_CODE_WORDS):
            out.append(raw)  # unexpanded: it names nothing of ours
            continue
        raw = SPELLINGS.get(raw, raw)
        if raw.endswith(("isation", "isations")):
            raw = raw.replace("isation", "ization")
        if following.isdigit() or following in ROMAN:
            raw = _misspelt_numbered(raw) or raw
        if out and out[-1] in NUMBERED_WORDS and (raw in ROMAN or raw in NUMBER_WORDS):
            out.append(ROMAN.get(raw) or NUMBER_WORDS[raw])
            continue
        if raw in ROMAN and raw != "i" and _after_numbered_and(out):
            out.append(ROMAN[raw])  # "chapters VII and VI" (never "... and I think")
            continue
        expansion = ABBREVIATIONS.get(raw)
        if expansion:
            out.extend(stem(part) for part in expansion.split())
        else:
            out.append(stem(raw))
    return _read_numbers(_world_wars(out))


def _misspelt_numbered(raw: str) -> str | None:
    """The numbered word a misspelt word before a number is ("aticle 4", "chpater VII"):
    the number is read with it, which the typo corrector, working on the tokens, comes
    too late for (a lone small number is dropped)."""
    if raw in NUMBERED_WORDS:
        return None
    return next(
        (w for w in _LONG_NUMBERED if raw[0] == w[0] and OSA.distance(raw, w, score_cutoff=1) <= 1),
        None,
    )


def _question_number(raw: str) -> bool:
    """ "q1", "2b": an exam's numbering of its questions (a cheap test before the regex)."""
    return (raw[0] == "q" or raw[0].isdigit()) and bool(_QUESTION_NUMBER.fullmatch(raw))


def _after_numbered_and(out: list[str]) -> bool:
    """True after "chapter 7 and", "article 4 or": a numeral next is that word's too."""
    return (
        len(out) >= 3 and out[-1] in _LIST_LINKS and out[-2].isdigit() and out[-3] in NUMBERED_WORDS
    )


def _world_wars(words: list[str]) -> list[str]:
    """ "World War 1", "world war II", "world war one" -> "first world war" (as "WW1" and the
    titles have it): the numeral would otherwise be dropped as a bare small number."""
    out: list[str] = []
    i = 0
    while i < len(words):
        ordinal = WORLD_WAR_NUMERALS.get(words[i + 2]) if i + 2 < len(words) else None
        if ordinal and words[i] == "world" and words[i + 1] == "war":
            out.extend([ordinal, "world", "war"])
            i += 3
            continue
        out.append(words[i])
        i += 1
    return out


def _unglued(words: list[str]) -> list[str]:
    """Words glued to a number by pasting split apart: "in1990" -> "in", "1990";
    "article51" -> "article", "51". Short codes stay whole ("r2p", "p5", "g4", "ww2"):
    GLUED needs two letters and two digits."""
    out: list[str] = []
    for word in words:
        glued = _GLUED.fullmatch(word)
        out.extend(glued.groups() if glued else (word,))
    return out


def _read_numbers(words: list[str]) -> list[str]:
    """Resolve numbered parts of texts and drop numbers that name nothing.

    "sixth and seventh chapter" -> "chapter 6 and chapter 7"; "chapter 6 and 7" ->
    "chapter 6 and chapter 7"; "article 39 to 42" -> "chapter 7" (the Charter chapter that
    holds the range); a small number elsewhere ("like im 5") is dropped, since only a
    numbered word makes it a name; a length ("in 500 words") is dropped too. Years,
    resolution numbers and serials stay.
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ORDINALS:
            numbers, j = _ordinal_run(words, i)
            if numbers and j < len(words) and words[j] in NUMBERED_WORDS:
                for k, number in enumerate(numbers):
                    out.extend(["and", words[j], number] if k else [words[j], number])
                i = j + 1
                continue
        if word in NUMBERED_WORDS and i + 1 < len(words) and words[i + 1].isdigit():
            i = _numbered(words, i, out)
            continue
        after_length = _length_run(words, i) if word.isdigit() else i
        if after_length > i:  # "in 500 words", "200-250 words": a length asked for
            i = after_length
            continue
        if word.isdigit() and len(word) < 3 and not _anchored(words, i):
            i += 1
            continue
        out.append(word)
        i += 1
    return out


def _length_run(words: list[str], start: int) -> int:
    """The index of the length word after the numbers from ``start`` ("500 words", "200
    250 words"), or ``start`` when they are not followed by one. A range only rises: in
    "established in 1949 (10 marks)" the year is no part of the length."""
    j = start
    while j < len(words) and words[j].isdigit():
        if j > start and int(words[j]) < int(words[j - 1]):
            return start
        j += 1
    return j if j < len(words) and words[j] in LENGTH_WORDS else start


def _ordinal_run(words: list[str], start: int) -> tuple[list[str], int]:
    """Ordinals from ``start`` joined by and/or/the; returns them and the next index."""
    numbers: list[str] = []
    j = start
    while j < len(words) and (words[j] in ORDINALS or words[j] in _LIST_LINKS | {"the"}):
        if words[j] in ORDINALS:
            numbers.append(ORDINALS[words[j]])
        j += 1
    return numbers, j


def _numbered(words: list[str], i: int, out: list[str]) -> int:
    """Emit "<word> <n>" (and list members, or a Charter range); return the next index."""
    word, first = words[i], words[i + 1]
    j = i + 2
    # "article 39 to 42", "articles 39-42" (the hyphen became a space)
    end = j + 1 if j < len(words) and words[j] in RANGE_WORDS else j
    if word == "article" and end < len(words) and words[end].isdigit():
        chapter = _chapter_of_range(int(first), int(words[end]))
        if chapter:
            out.extend(["chapter", chapter])
            return end + 1
    out.extend([word, first])
    # "chapters 6 and 7": every member of the list is a numbered part
    while j + 1 < len(words) and words[j] in _LIST_LINKS and words[j + 1].isdigit():
        out.extend([words[j], word, words[j + 1]])
        j += 2
    # a paragraph number right after: "article 2 4" from "Article 2(4)"
    if j < len(words) and words[j].isdigit() and len(words[j]) < 3:
        out.append(words[j])
        j += 1
    return j


def _chapter_of_range(first: int, last: int) -> str | None:
    for chapter, (low, high) in CHARTER_CHAPTERS.items():
        if first < last and low <= first and last <= high:
            return chapter
    return None


def _anchored(words: list[str], i: int) -> bool:
    """A small number that is part of a name: a date, a serial ("ES-11/1", "9/11")."""
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (
        before in MONTHS
        or after in MONTHS
        or before in SERIAL_PREFIXES
        or before.isdigit()
        or after.isdigit()
    )


def is_content(token: str) -> bool:
    """True for tokens that can be evidence: numbers, and words that are not stop words."""
    return token.isdigit() or (len(token) > 1 and token not in STOP_WORDS)


def content_tokens(words: list[str]) -> list[str]:
    """The evidence-bearing tokens among ``words``."""
    return [w for w in words if is_content(w)]
