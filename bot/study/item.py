"""Quiz items: a seed-independent template per question, drawn into a seeded item.

Everything that depends only on the knowledge (the question, the right option, which
wrong options are allowed, the explanation and its citations) is worked out once per
knowledge base in a :class:`Template`; a seed then only picks and orders the options,
so a thousand items cost a thousand shuffles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.answer.model import Reference
from bot.knowledge.schema import QUIZ_DISTRACTORS
from bot.study.distractors import choose

LETTERS = "ABCD"  # four options at most: one answer and three distractors

Option = tuple[str, str]  # (what stands behind it: an entry id, a facet cell, a year; text)


@dataclass(frozen=True)
class QuizItem:
    """One multiple-choice item, options already in their (seeded) order.

    ``option_ids`` says what stands behind each option (an entry id, a facet cell, a
    year), so the validity test can check that no wrong option is also right; ``entries``
    are the ids the item practises (for topics and a student's weakest entries).
    """

    id: str
    kind: str
    question: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    citations: tuple[Reference, ...]
    entries: tuple[str, ...]
    option_ids: tuple[str, ...]

    @property
    def answer_letter(self) -> str:
        """The letter of the right option: "A" to "D"."""
        return LETTERS[self.answer]

    @property
    def answer_text(self) -> str:
        """The text of the right option."""
        return self.options[self.answer]

    def is_right(self, letter: str) -> bool:
        """True when ``letter`` (any case, surrounding spaces ignored) picks the answer."""
        return letter.strip().upper() == self.answer_letter


def item_rng(seed: int, item_id: str) -> random.Random:
    """The generator for one item: the same seed and item always give the same item, and
    one item's draws never shift another's."""
    return random.Random(f"{seed}:{item_id}")


@dataclass(frozen=True)
class Template:
    """A question with its right option and the wrong options it may offer.

    ``fixed`` wrong options are always offered; the rest come from ``candidates`` (every
    one of them already proven wrong), preferring ``related`` ids.
    """

    id: str
    kind: str
    question: str
    right: Option
    explanation: str
    citations: tuple[Reference, ...]
    entries: tuple[str, ...]
    candidates: tuple[Option, ...] = ()
    related: frozenset[str] = frozenset()
    fixed: tuple[Option, ...] = ()

    @property
    def needed(self) -> int:
        """How many wrong options come from the candidates."""
        return QUIZ_DISTRACTORS - len(self.fixed)

    @property
    def complete(self) -> bool:
        """True when there are enough wrong options for a four-option item."""
        return len(self.candidates) >= self.needed

    def draw(self, seed: int) -> QuizItem:
        """The item for ``seed``: wrong options picked and all four shuffled."""
        rng = item_rng(seed, self.id)
        texts = dict(self.candidates)
        picked = choose(rng, list(texts), related=self.related, count=self.needed)
        options = [self.right, *self.fixed, *((option, texts[option]) for option in picked)]
        rng.shuffle(options)
        return QuizItem(
            id=self.id,
            kind=self.kind,
            question=self.question,
            options=tuple(text for _, text in options),
            answer=options.index(self.right),
            explanation=self.explanation,
            citations=self.citations,
            entries=tuple(dict.fromkeys(self.entries)),
            option_ids=tuple(option_id for option_id, _ in options),
        )
