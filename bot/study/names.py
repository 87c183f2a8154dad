"""What an entry is called, where a text names it, and the text with its names blanked.

A definition question must not give its answer away, and a distractor that the question
names (or whose own summary names the answer) may be right after all; both rest on the
same name lists: an entry's title and aliases.
"""

from __future__ import annotations

import re
from functools import cached_property

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import Entry
from bot.language.normalise import normalise

BLANK = "___"
# A title's bracketed short form is a name of its own: "Responsibility to protect (R2P)".
_BRACKETED = re.compile(r"\s*\(([^)]*)\)")
_BLANK_IN_BRACKETS = re.compile(r"\s*\(\s*" + re.escape(BLANK) + r"\s*\)")


def names_of(entry: Entry) -> list[str]:
    """The title, the title without its bracketed part, that part, every alias, and the id
    read as words ("veto" for "Veto power", whose summary says "the veto")."""
    found = [entry.title, _BRACKETED.sub("", entry.title), *_BRACKETED.findall(entry.title)]
    found.append(entry.id.replace("-", " "))
    return [name for name in dict.fromkeys([*found, *entry.aliases]) if normalise(name)]


def _pattern(name: str) -> str:
    """The name's words with any punctuation between them, and its closing bracket when it
    ends in one ("Article 2(4)", "Responsibility to protect (R2P)")."""
    words = re.findall(r"\w+", name)
    closing = re.escape(name.rstrip()[-1]) if name.rstrip()[-1:] in ")]" else ""
    return r"(?<!\w)" + r"[\W_]+".join(re.escape(word) for word in words) + closing + r"(?!\w)"


class Names:
    """Name lookups over one knowledge base (built once per snapshot; cheap to query)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._keys = {
            entry_id: [f" {normalise(name)} " for name in names_of(entry)]
            for entry_id, entry in kb.entries.items()
        }

    @cached_property
    def _masks(self) -> dict[str, re.Pattern[str]]:
        masks = {}
        for entry_id, entry in self.kb.entries.items():
            names = sorted(names_of(entry), key=len, reverse=True)  # longest name first
            masks[entry_id] = re.compile("|".join(_pattern(n) for n in names), re.IGNORECASE)
        return masks

    def mentions(self, text: str, entry_id: str) -> bool:
        """True when ``text`` contains one of the entry's names as whole words."""
        padded = f" {normalise(text)} "
        return any(key in padded for key in self._keys[entry_id])

    def mask(self, text: str, entry_id: str) -> str:
        """``text`` with every name of the entry replaced by a blank ("___ is a system…")."""
        masked = self._masks[entry_id].sub(BLANK, text)
        masked = _BLANK_IN_BRACKETS.sub("", masked)  # "The ___ (___) is" -> "The ___ is"
        return masked[:1].upper() + masked[1:]
