"""Render a source entry as one full reference, in one consistent style.

Style (notes-bibliography, year last): Authors (or Editors, ed./eds.). *Title* (an
article's title in quotation marks, its journal in italics). Edition. Translated by X.
Series. Place: Publisher, Year. Note.
"""

from __future__ import annotations

from bot.knowledge.schema import Source


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
