"""Render a source entry as one full reference, in one consistent style.

Style (notes-bibliography, year last): Authors (or Editors, ed./eds.). *Title* (an
article's title in quotation marks, its journal in italics). Edition. Translated by X.
Series. Place: Publisher, Year. Note.
"""

from __future__ import annotations

from bot.knowledge.schema import Source
from bot.text import clip


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def work_title(source: Source) -> str:
    """The work's own title (falls back to the entry title)."""
    return source.work_title or source.title


def format_reference(source: Source) -> str:
    """The full reference for ``source``, in markdown (title in italics)."""
    parts: list[str] = []
    if source.authors:
        parts.append(join_names(source.authors))
    elif source.editors:
        label = "ed." if len(source.editors) == 1 else "eds."
        parts.append(f"{join_names(source.editors)} ({label})")
    is_article = source.source_type == "paper"
    # Journal articles: the title in quotation marks, the journal (series) in italics.
    parts.append(f"\u201c{work_title(source)}\u201d" if is_article else f"*{work_title(source)}*")
    if source.authors and source.editors:
        parts.append(f"Edited by {join_names(source.editors)}")
    if source.edition:
        parts.append(source.edition)
    if source.translators:
        parts.append(f"Translated by {join_names(source.translators)}")
    if source.series:
        parts.append(f"*{source.series}*" if is_article else source.series)
    imprint = ": ".join(p for p in (source.place, source.publisher) if p)
    parts.append(f"{imprint}, {source.year}" if imprint else str(source.year))
    if source.note:
        parts.append(source.note.rstrip("."))
    if source.url:
        parts.append(f"<{source.url}>")
    return ". ".join(p.rstrip(".") for p in parts) + "."


# Words that make an author a body, not a person: its name is given whole, not a surname.
_BODY_WORDS = frozenset(
    "Commission Panel Department Programme Court Inquiry Nations Organization Council".split()
)
_NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III"})
SHORT_TITLE_CHARS = 60  # a short reference fits one line of a phone screen


def surname(name: str) -> str:
    """ "Thomas G. Weiss" -> "Weiss"; "Inis L. Claude Jr." -> "Claude"; a body keeps its
    whole name ("Commission on Human Security")."""
    words = name.split()
    if any(w[:1].islower() or w in _BODY_WORDS for w in words):
        return name
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return words[-1]


def short_reference(source: Source) -> str:
    """Author-date with a short title: "Weiss et al., *The United Nations and Changing World
    Politics* (2017)"; a treaty: "*Charter of the United Nations* (1945)"."""
    title = clip(work_title(source), SHORT_TITLE_CHARS)
    year = "" if str(source.year) in title else f" ({source.year})"
    title = f"\u201c{title}\u201d" if source.source_type == "paper" else f"*{title}*"
    names = source.authors or source.editors
    if len(names) > 3:
        people = f"{surname(names[0])} et al."
    else:
        people = clip(join_names([surname(n) for n in names]), SHORT_TITLE_CHARS)
    return f"{people}, {title}{year}" if people else f"{title}{year}"
