"""Render a source entry as one full reference, in one consistent style.

Style (author-date, British punctuation): Authors (or Editors, ed./eds.). *Title*.
Edition. Translated by X. Series. Place: Publisher, Year. Note.
"""

from __future__ import annotations

from bot.knowledge.schema import Citation, Source


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


def short_reference(source: Source) -> str:
    """A short label such as "Weiss, Forsythe and Coate (1994)"."""
    people = source.authors or source.editors
    surnames = [_surname_or_acronym(name) for name in people]
    if not surnames:
        return f"{work_title(source)} ({source.year})"
    who = f"{surnames[0]} et al." if len(surnames) > 3 else join_names(surnames)
    return f"{who} ({source.year})"


def format_citation(source: Source, citation: Citation) -> str:
    """Full reference plus the precise place cited, e.g. "... 1945. Art. 51."."""
    locus = citation.locus()
    reference = format_reference(source)
    return f"{reference} {locus}." if locus else reference


def _surname_or_acronym(name: str) -> str:
    """ "Thomas G. Weiss" -> "Weiss"; a body such as "International Commission on
    Intervention and State Sovereignty" -> "ICISS"."""
    words = name.split()
    if len(words) >= 4:
        return "".join(w[0] for w in words if w[0].isupper())
    return words[-1]
