"""The search index built once per knowledge base: names, postings and word weights."""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import Case, CitingEntry, Entry, Source
from bot.language.tokens import content_tokens, root, tokens
from bot.language.vocabulary import LISTED_WORDS

# How much a word found in each field says about the entry (a name says it all).
NAME_WEIGHT = 0.8  # a word of a name; the whole name, mentioned, counts 1.0
SUMMARY_WEIGHT = 0.75
BODY_WEIGHT = 0.5
BODY_REPEATED_WEIGHT = 0.6
# The field weights by number: a posting holds a weight's number (one byte) rather than
# the weight (four), 7 MB less at 10,000 entries.
FIELD_WEIGHTS = (NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT, BODY_REPEATED_WEIGHT)
_WEIGHT_TABLE = np.array(FIELD_WEIGHTS, dtype=np.float32)
_WEIGHT_CODES = {weight: code for code, weight in enumerate(FIELD_WEIGHTS)}
LEADING_WORDS = {"the", "a", "an"}
# A misspelt alias word is corrected only into a name word at least this many entries
# hold: a word of many names ("collective") and not another rare one.
COMMON_NAME_WORD = 3
# A word of the prose (not of a name) is a correction's target only for a word this long:
# a short word one edit from a word of ours is as often a word of its own.
PROSE_TYPO_LEN = 7
ROWS_16_BITS = 1 << 16  # entries whose rows fit in an unsigned 16-bit number
_PARENTHESIS = re.compile(r"\(([^)]*)\)")
_YEARS = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
# Brackets in a title that hold no name: years and dates, a session numeral ("377 (V)"),
# an editor mark ("White (ed.)").
_NOT_A_NAME = re.compile(r"[\d\s-]+|[ivxlc]+|eds?\.?", re.I)


@dataclass
class Index:
    """Names (token tuples) to entry ids, token postings with weights, and idf.

    A posting (``posting``) is two arrays: the rows (positions in ``ids``) of the entries
    that hold the root, ascending, and the field weight it has in each. Arrays rather than
    dicts keep 10,000 entries in some 15 MB instead of 200, and let a question add up a
    token's evidence for every entry in one numpy step.
    """

    names: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    # Every root's posting lies in one slice of two shared arrays; ``_slots`` gives the
    # root's number, ``_bounds`` where each slice starts and ends. (Two array views per
    # root cost 4 MB at 10,000 entries, a number per root a tenth of that.)
    _slots: dict[str, int] = field(default_factory=dict)
    _bounds: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    _posting_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _posting_codes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    idf: dict[str, float] = field(default_factory=dict)
    unknown_idf: float = 1.0
    max_name_len: int = 1
    kinds: dict[str, str] = field(default_factory=dict)
    years: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Light-stemmed words (as in names and questions) and in how many entries each occurs:
    # the typo corrector's notion of a known word. Postings and idf are keyed by roots.
    word_frequency: dict[str, int] = field(default_factory=dict)
    name_words_by_letter: dict[str, list[str]] = field(default_factory=dict)
    prose_words_by_letter: dict[str, list[str]] = field(default_factory=dict)
    _vocab_set: frozenset[str] = frozenset()
    # The misspelt words some aliases carry ("colective security" beside "collective
    # security"), which the corrector may still correct.
    _misspelt: frozenset[str] = frozenset()
    _corrections: dict[str, str | None] = field(default_factory=dict)

    def posting(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows, field weights) of the entries that hold root ``token``, or None."""
        slot = self._slots.get(token)
        if slot is None:
            return None
        start, end = int(self._bounds[slot]), int(self._bounds[slot + 1])
        return self._posting_rows[start:end], _WEIGHT_TABLE[self._posting_codes[start:end]]

    def field_weight(self, token: str, entry_id: str) -> float:
        """How much ``token`` weighs in ``entry_id``'s fields (0.0 when absent)."""
        slot = self._slots.get(token)
        if slot is None:
            return 0.0
        start, end = int(self._bounds[slot]), int(self._bounds[slot + 1])
        row = self.rows[entry_id]
        at = start + int(np.searchsorted(self._posting_rows[start:end], row))
        found = at < end and self._posting_rows[at] == row
        return float(_WEIGHT_TABLE[self._posting_codes[at]]) if found else 0.0

    def weight(self, token: str) -> float:
        """Inverse document frequency of ``token``; unknown words weigh the most."""
        return self.idf.get(token, self.unknown_idf)

    def correct(self, token: str) -> str | None:
        """The word of ours a misspelt ``token`` most likely meant, or None.

        Words of entry names are the targets (so "router" never becomes "outer"), then,
        for a long word, words of the entries' prose ("membrship" is "membership"); the
        first letter must agree (typos rarely hit it), a swap of two letters is one edit
        ("secruity"), and of two words as near the commoner wins. A word the knowledge
        base itself spells in its prose is no typo: "police", "shelf" or "Westphalia"
        stay as written, where correcting every word held once had made them "policy",
        "self", "Westphalian"; a misspelling that only an alias holds is still corrected.
        """
        misspelt_alias = token in self._misspelt
        if token in self._vocab_set and not misspelt_alias:
            return token
        if token.isdigit() or len(token) < 5:
            return token if misspelt_alias else None
        if token not in self._corrections:
            self._corrections[token] = self._nearest_name_word(token, misspelt_alias)
        return self._corrections[token] or (token if misspelt_alias else None)

    def _nearest_name_word(self, token: str, misspelt_alias: bool) -> str | None:
        """The nearest name word; a misspelt alias yields only to a common word one edit
        away ("colective" to "collective", which many entries hold)."""
        limit = 1 if len(token) < 8 or misspelt_alias else 2
        candidates = self.name_words_by_letter.get(token[0], [])
        near = [
            hit
            for hit in process.extract(
                token, candidates, scorer=OSA.distance, score_cutoff=limit, limit=5
            )
            if hit[0] != token
            and not (misspelt_alias and self.word_frequency.get(hit[0], 0) < COMMON_NAME_WORD)
        ]
        if not near and not misspelt_alias and len(token) >= PROSE_TYPO_LEN:
            near = self._nearest_prose_word(token)
        near.sort(key=lambda hit: (hit[1], -self.word_frequency.get(hit[0], 0)))
        return near[0][0] if near else None

    def _nearest_prose_word(self, token: str) -> list[tuple[str, float, int]]:
        """Words of the entries' prose or of our word lists one edit from a long ``token``
        ("judiial" is "judicial", "diferences" a comparison cue), but not another form of
        it: "introduce" is a word of its own, not a misspelt "introduced"."""
        candidates = self.prose_words_by_letter.get(token[0], [])
        return [
            hit
            for hit in process.extract(token, candidates, scorer=OSA.distance, score_cutoff=1)
            if not (hit[0].startswith(token) or token.startswith(hit[0]))
        ]


def _misspelt_words(keys: list[tuple[str, ...]]) -> set[str]:
    """Words of one entry's names that another of its names spells a letter or two
    differently, word for word otherwise: "colective" of "colective security" beside
    "collective security". A name in another language ("Pacte de Varsovie" beside "Warsaw
    Pact") differs in more than one word, so its words are no misspellings."""
    found = set()
    for a, b in combinations(set(keys), 2):
        if len(a) != len(b):
            continue
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differ) == 1 and OSA.distance(a[differ[0]], b[differ[0]], score_cutoff=2) <= 2:
            found.update((a[differ[0]], b[differ[0]]))
    return found


def entry_names(entry: Entry) -> list[str]:
    """Every name an entry answers to: title, title without brackets, aliases, id."""
    names = [entry.title, *entry.aliases, entry.id.replace("-", " ")]
    bare = _PARENTHESIS.sub("", entry.title).strip()
    if bare != entry.title:
        names.append(bare)
        for inner in _PARENTHESIS.findall(entry.title):
            if not _NOT_A_NAME.fullmatch(inner.strip()):
                names.append(inner)
    return names


def entry_text(entry: Entry) -> tuple[str, str]:
    """(summary and key points, body) of an entry: the prose that is searched."""
    short = " ".join([entry.summary, *entry.key_points])
    return short, entry.body


def _name_tuple(name: str) -> tuple[str, ...]:
    words = tokens(name)
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    # Interned: 30,000 names of 10,000 entries share some 13,000 words.
    return tuple(sys.intern(w) for w in words)


def _name_forms(entry: Entry) -> Iterator[tuple[str, ...]]:
    """The token tuples of an entry's names, each -ism name also as its -ist adjective
    and noun: students ask for "a realist view" of realism, "the realists" of realism."""
    for name in entry_names(entry):
        key = _name_tuple(name)
        yield key
        if key and key[-1].endswith("ism") and len(key[-1]) > len("ism") + 3:
            yield (*key[:-1], sys.intern(key[-1][: -len("ism")] + "ist"))


def _period(entry: Entry) -> tuple[int, int] | None:
    """The years a question may date the entry by: a case's period; the year an
    organisation was founded ("NATO, established in 1949") or a document adopted."""
    if isinstance(entry, Case):
        found = [int(y) for y in _YEARS.findall(entry.period or entry.title)]
        return (min(found), max(found)) if found else None
    when = getattr(entry, "founded", None) or getattr(entry, "date", None)
    first = _YEARS.search(when or "")
    return (int(first.group()), int(first.group())) if first else None


def build_index(kb: KnowledgeBase) -> Index:
    """Build the index for every entry in ``kb`` (comparisons are reached through pairs)."""
    index = Index()
    names: dict[tuple[str, ...], set[str]] = defaultdict(set)
    document_frequency: Counter[str] = Counter()
    word_frequency: Counter[str] = Counter()
    misspelt: set[str] = set()
    # Rows in 16 bits while they fit: half the memory of the common case's 32 bits while
    # some 2 million postings of 10,000 entries are collected.
    row_code = _row_type(len(kb.entries)).char
    rows: dict[str, array] = defaultdict(lambda: array(row_code))
    weights_of: dict[str, array] = defaultdict(lambda: array("B"))
    for row, entry in enumerate(kb.entries.values()):
        index.ids.append(entry.id)
        index.rows[entry.id] = row
        index.kinds[entry.id] = entry.kind
        period = _period(entry)
        if period:
            index.years[entry.id] = period
        weights: dict[str, float] = {}
        keys = [key for key in _name_forms(entry) if key]
        for key in keys:
            names[key].add(entry.id)
            index.max_name_len = max(index.max_name_len, len(key))
            for token in content_tokens(list(key)):
                weights[token] = NAME_WEIGHT
        short, body = entry_text(entry)
        if isinstance(entry, Source):
            short = " ".join([short, *entry.authors, *entry.editors, entry.series or ""])
        short_tokens = content_tokens(tokens(short))
        body_tokens = content_tokens(tokens(body))
        prose = {*content_tokens(tokens(entry.title)), *short_tokens, *body_tokens}
        misspelt.update(w for w in _misspelt_words(keys) if w not in prose)
        for token in short_tokens:
            if _small_number(token):
                continue  # "7" in prose says nothing; "chapter 7" as a name does
            weights[token] = max(weights.get(token, 0.0), SUMMARY_WEIGHT)
        body_counts = Counter(t for t in body_tokens if not _small_number(t))
        if isinstance(entry, CitingEntry):
            body_counts.update(content_tokens(tokens(" ".join(entry.related))))
        for token, count in body_counts.items():
            weight = BODY_REPEATED_WEIGHT if count >= 3 else BODY_WEIGHT
            weights[token] = max(weights.get(token, 0.0), weight)
        word_frequency.update(weights.keys())
        roots: dict[str, float] = {}
        for token, weight in weights.items():
            key = root(token)
            roots[key] = max(roots.get(key, 0.0), weight)
        for key, weight in roots.items():
            rows[key].append(row)
            weights_of[key].append(_WEIGHT_CODES[weight])
        document_frequency.update(roots.keys())
    # Tuples, not sets: a set per name cost 6 MB at 10,000 entries.
    index.names = {key: tuple(sorted(ids)) for key, ids in names.items()}
    _pack(index, rows, weights_of)
    total = max(len(kb.entries), 1)
    index.idf = {t: math.log((total + 1) / (df + 0.5)) for t, df in document_frequency.items()}
    index.unknown_idf = math.log((total + 1) / 0.5)
    index.word_frequency = dict(word_frequency)
    index._misspelt = frozenset(w for w in misspelt if word_frequency[w] <= 1)
    by_letter: dict[str, set[str]] = defaultdict(set)
    for name in index.names:
        for word in name:
            # A misspelt alias is never a correction's target: "diference" is no "deterence".
            if len(word) >= 4 and not word.isdigit() and word not in index._misspelt:
                by_letter[word[0]].add(word)
    index.name_words_by_letter = {letter: sorted(words) for letter, words in by_letter.items()}
    prose: dict[str, list[str]] = defaultdict(list)
    for word in sorted(word_frequency.keys() | LISTED_WORDS):
        if len(word) >= PROSE_TYPO_LEN - 1 and not word.isdigit():
            prose[word[0]].append(word)
    index.prose_words_by_letter = dict(prose)
    index._vocab_set = frozenset(word_frequency)
    return index


def _row_type(entries: int) -> np.dtype:
    """The smallest row type for ``entries`` rows: 16 bits up to 65,536, else 32."""
    return np.dtype(np.uint16 if entries <= ROWS_16_BITS else np.int32)


def _pack(index: Index, rows: dict[str, array], weights: dict[str, array]) -> None:
    """Every root's posting into slices of two shared arrays: one growable array per root
    (with its spare capacity) cost three times as much memory at 10,000 entries. Rows fit
    in 16 bits up to 65,536 entries, half the bytes of the common case's 32; ``weights``
    holds numbers into FIELD_WEIGHTS."""
    keys = list(rows)
    bounds = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(rows[k]) for k in keys], out=bounds[1:])
    all_rows = np.empty(int(bounds[-1]), dtype=_row_type(len(index.ids)))
    codes = np.empty(int(bounds[-1]), dtype=np.uint8)
    for slot, key in enumerate(keys):
        start, end = int(bounds[slot]), int(bounds[slot + 1])
        all_rows[start:end] = rows.pop(key)  # freed as copied: the peak stays one copy
        codes[start:end] = weights.pop(key)
    index._slots = {key: slot for slot, key in enumerate(keys)}
    index._bounds = bounds
    index._posting_rows = all_rows
    index._posting_codes = codes


def is_year(token: str) -> bool:
    """True for a token that reads as a year (1500-2099), as in case periods."""
    return bool(_YEARS.fullmatch(token))


def _small_number(token: str) -> bool:
    return token.isdigit() and len(token) < 3
