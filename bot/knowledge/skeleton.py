"""`studybot new`: a skeleton for a new entry or comparison, every field explained.

The skeleton is deliberately unfinished: every TODO is placeholder text, which
`studybot check` reports as an error, so an entry nobody completed never reaches students.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bot.knowledge.jsonschema import schema_comment

_COMMON = """\
{schema}
# A new {kind}. Write every sentence in your own words; facts need a source.
# Check: studybot check knowledge   Try: studybot ask "what is ..."
id: {id}  # must equal the file name
kind: {kind}
title: {title}  # as students would write it
aliases: []  # what students really type: abbreviations, spellings, other languages
summary: >-  # 1-3 quotable sentences; the first answers "what is it?"
  TODO {summary}
"""

_TEACHING = """\
body: |  # 120-400 words of markdown prose, paragraphs separated by blank lines
  TODO
key_points:  # 3-6 short bullets, each citing like the body
  - TODO
  - TODO
  - TODO
related: []  # ids of related entries, e.g. [collective-security, united-nations]
"""

_CITING = """\
cases: []  # ids of cases that illustrate it (each case lists this id in `illustrates`)
sources:  # at least one source id; article/section for primary texts, pages only when checked
  - {source: TODO, article: "TODO"}
"""

_EXTRA = {
    "concept": "",
    "organization": (
        'founded: "TODO year"  # e.g. "1945"\n'
        "founding_document: TODO  # id of a document or source entry\n"
        "rings: []  # the rings of cooperative security it serves, see docs/writing-entries.md\n"
    ),
    "document": 'date: "TODO"  # date of signature or adoption, e.g. "26 June 1945"\n',
    "case": (
        'period: "TODO"  # e.g. "1931-1933"\n'
        "illustrates: [TODO]  # concept ids; each concept lists this case in its `cases`\n"
    ),
}

# A source describes a work; it needs no body or key points, only bibliographic data.
_SOURCE = """\
related: []  # ids of related entries
source_type: book  # book, edited-book, report, paper, treaty or resolution
work_title: TODO  # the work's own title, as printed
authors: [TODO First Last]  # natural order; use editors: [...] for an edited book
publisher: TODO
place: TODO  # e.g. "Boulder, CO"
year: 2000  # TODO the year of the edition you cite
# edition: Second edition     series: ...     url: ...     note: ...
"""

_COMPARISON = """\
{schema}
# A curated comparison. Write every sentence in your own words; facts need a source.
# Check: studybot check knowledge   Try: studybot ask "{left} vs {right}"
kind: comparison
entries: [{a}, {b}]  # the file name must be {a}--{b}.yaml
title: {left} vs {right}
summary: >-  # one sentence on the core difference
  TODO the core difference between {left} and {right}.
facets:  # the rows of the side-by-side; left is about {left}, right about {right}
  - facet: definition
    left: "TODO"
    right: "TODO"
  - facet: legal basis
    left: "TODO"
    right: "TODO"
  - facet: cases
    left: "TODO"
    right: "TODO"
cases: []  # ids of cases that show the difference
sources:  # at least one source id; article/section for primary texts
  - {{source: TODO, article: "TODO"}}
"""

KINDS = ("concept", "organization", "document", "case", "source")


def _name_forms(known_names: Iterable[str]) -> dict[str, Counter[str]]:
    """How the knowledge base writes each word inside names: lowercase word -> its forms
    counted (a name's first word is capitalised anyway and tells nothing, unless it is an
    acronym)."""
    forms: dict[str, Counter[str]] = {}
    for name in known_names:
        words = name.replace("(", " ").replace(")", " ").split()
        for word in [w for w in words[:1] if w.isupper() and len(w) > 1] + words[1:]:
            forms.setdefault(word.lower(), Counter())[word] += 1
    return forms


def _usual(word: str, forms: dict[str, Counter[str]]) -> str | None:
    """The form the knowledge base mostly gives ``word``, or None when it never names it."""
    seen = forms.get(word.lower())
    return seen.most_common(1)[0][0] if seen else None


def title_from_id(entry_id: str, known_names: Iterable[str] = ()) -> str:
    """A title for ``entry_id`` in sentence case, with a word capitalised as the knowledge
    base mostly writes it inside names ("concert-of-europe" -> "Concert of Europe",
    "csto-charter" -> "CSTO charter")."""
    return _title(entry_id, _name_forms(known_names))


def _title(entry_id: str, forms: dict[str, Counter[str]]) -> str:
    cased = [_usual(word, forms) or word for word in entry_id.split("-")]
    cased[0] = cased[0][0].upper() + cased[0][1:]
    return " ".join(cased)


def skeleton(kind: str, entry_id: str, known_names: Iterable[str] = ()) -> str:
    """YAML text of a new entry of ``kind`` with TODO placeholders to replace."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    title = title_from_id(entry_id, known_names)
    summary = (
        "what this work is and what it argues, in one sentence."
        if kind == "source"
        else f"one-sentence definition of {title}."
    )
    text = _COMMON.format(
        schema=schema_comment(kind), kind=kind, id=entry_id, title=title, summary=summary
    )
    if kind == "source":
        return text + _SOURCE
    citing = _CITING
    if kind == "case":  # a case names concepts in `illustrates`, not other cases
        citing = citing.split("\n", 1)[1]
    return text + _TEACHING + _EXTRA[kind] + citing


def comparison_skeleton(
    a: str, b: str, titles: dict[str, str], known_names: Iterable[str] = ()
) -> str:
    """YAML text of a curated comparison of entries ``a`` and ``b``, titled from ``titles``
    ("Collective security vs collective defense": the second name in running text)."""
    forms = _name_forms(known_names)
    left = titles.get(a) or _title(a, forms)
    right = titles.get(b) or _title(b, forms)
    first, _, rest = right.partition(" ")
    if not first.isupper():  # an acronym keeps its capitals; else as names usually have it
        first = _usual(first, forms) or first.lower()
    right = f"{first} {rest}".strip()
    return _COMPARISON.format(schema=schema_comment("comparison"), a=a, b=b, left=left, right=right)
