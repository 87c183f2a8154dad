"""Render an Answer as terminal markdown, and as the JSON object of `ask --json`."""

from __future__ import annotations

from typing import Any

from bot.answer.model import Answer


def _marks(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(answer: Answer) -> str:
    """The whole answer as markdown: what `studybot ask` prints."""
    lines = [f"## {answer.title}", ""]
    summary = f"{answer.summary} {_marks(answer.summary_citations)}".strip()
    lines += [summary, ""]
    if answer.facets:
        left, right = answer.facet_titles
        lines += [f"| | {_cell(left)} | {_cell(right)} |", "|---|---|---|"]
        lines += [
            f"| **{_cell(r.facet)}** | {_cell(r.left)} | {_cell(r.right)} |" for r in answer.facets
        ]
        lines.append("")
    for section in answer.sections:
        lines.append(f"**{section.title}**")
        if section.text:
            lines.append(section.text)
        lines += [f"- {item}" for item in section.items]
        lines.append("")
    if answer.suggestions:
        lines.append("**Did you mean**")
        lines += [f"- {s.title}" for s in answer.suggestions]
        lines.append("")
    if answer.citations:
        lines.append("**References**")
        lines += [f"[{c.number}] {c.text}" for c in answer.citations]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def answer_json(answer: Answer) -> dict[str, Any]:
    """The `ask --json` object: question, kind, entries, confidence, answer, citations..."""
    return {
        "question": answer.question,
        "kind": answer.kind,
        "entries": list(answer.entries),
        "confidence": round(answer.confidence, 3),
        "answer": render_markdown(answer),
        "citations": [
            {"id": c.source_id, "number": c.number, "text": c.text} for c in answer.citations
        ],
        "suggestions": [{"id": s.entry_id, "title": s.title} for s in answer.suggestions],
        "curated": answer.curated,
        "ambiguous": answer.ambiguous,
    }
