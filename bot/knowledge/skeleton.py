"""`studybot new`: a valid skeleton for a new entry, every field explained in comments."""

from __future__ import annotations

from bot.knowledge.jsonschema import schema_comment

_COMMON = """\
{schema}
# A new {kind}. Write every sentence in your own words; facts need a source.
# Check: studybot check knowledge   Try: studybot ask "what is ..."
id: {id}  # must equal the file name
kind: {kind}
title: {title}  # as students would write it
aliases:  # what students really type: abbreviations, spellings, other languages
  - {title}
summary: >-  # 1-3 quotable sentences; the first answers "what is it?"
  TODO one-sentence definition of {title}.
body: |  # 120-400 words of markdown prose, paragraphs separated by blank lines
  TODO
key_points:  # 3-6 short bullets
  - TODO
related: []  # ids of related entries, e.g. [collective-security, united-nations]
"""

_CITING = """\
cases: []  # ids of cases that illustrate it (each case lists this id in `illustrates`)
sources:  # at least one; article/section for primary texts, pages only when checked
  - {{source: un-charter-1945, article: "Art. 1"}}
"""

_EXTRA = {
    "concept": "",
    "organization": (
        'founded: "TODO year"  # e.g. "1945"\n'
        "founding_document: un-charter-1945  # id of a document or source entry\n"
    ),
    "document": 'date: "TODO"  # date of signature or adoption, e.g. "26 June 1945"\n',
    "case": (
        'period: "TODO"  # e.g. "1931-1933"\n'
        "illustrates: [collective-security]  # concept ids; each concept lists this case\n"
    ),
}

_SOURCE = """\
source_type: book  # book, edited-book, report, paper, treaty or resolution
work_title: TODO  # the work's own title, as printed
authors: [TODO First Last]  # natural order; use editors: [...] for an edited book
publisher: TODO
place: TODO  # e.g. "Boulder, CO"
year: 2000
# edition: Second edition     series: ...     url: ...     note: ...
"""

KINDS = ("concept", "organization", "document", "case", "source")


def skeleton(kind: str, entry_id: str) -> str:
    """YAML text of a valid new entry of ``kind`` with placeholder text to replace."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    title = entry_id.replace("-", " ").capitalize()
    text = _COMMON.format(schema=schema_comment(kind), kind=kind, id=entry_id, title=title)
    if kind == "source":
        return text + _SOURCE
    citing = _CITING.format()
    if kind == "case":  # a case names concepts in `illustrates`, not other cases
        citing = citing.split("\n", 1)[1]
    return text + _EXTRA[kind] + citing
