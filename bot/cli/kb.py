"""`studybot kb export`: the knowledge base as JSON lines, one per entry, comparison and quiz."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.common import add_knowledge_option, default_knowledge, load_engine
from bot.cli.exit_codes import ExitCode
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.jsonschema import stale_schemas, write_schemas
from bot.knowledge.schema import CitingEntry, Comparison, Entry, Organization, RingRole


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `kb` command group."""
    parser = sub.add_parser("kb", help="knowledge base tools", description="Knowledge tools.")
    kb_sub = parser.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    export = kb_sub.add_parser(
        "export",
        help="print JSONL",
        description="Print one JSON line per entry, comparison and quiz file.",
    )
    add_knowledge_option(export)
    export.set_defaults(handler=run_export)
    schema = kb_sub.add_parser(
        "schema",
        help="write the JSON Schemas for editors",
        description="Write knowledge/schema/<kind>.json from the models (--check: only compare).",
    )
    add_knowledge_option(schema)
    schema.add_argument("--check", action="store_true", help="exit 1 when a schema is stale")
    schema.set_defaults(handler=run_schema)


def entry_record(entry: Entry) -> dict:
    """The export record of one entry."""
    text = "\n\n".join([entry.summary, entry.body, *entry.key_points]).strip()
    sources = [c.source for c in entry.sources] if isinstance(entry, CitingEntry) else []
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "aliases": list(entry.aliases),
        "summary": entry.summary,
        "text": text,
        "sources": list(dict.fromkeys(sources)),
        "related": list(entry.related),
        **(
            {"rings": [_ring_record(role) for role in entry.rings]}
            if isinstance(entry, Organization)
            else {}
        ),
    }


def _ring_record(role: RingRole) -> dict:
    """One ring an organisation serves, as exported: the ring, why, and where it is written."""
    return {"ring": role.ring, "basis": role.basis, "source": role.source, "locus": role.locus()}


def comparison_record(kb: KnowledgeBase, comparison: Comparison) -> dict:
    """The export record of one curated comparison."""
    left, right = (kb.entries[e].title for e in comparison.entries)
    rows = [f"{f.facet}: {left}: {f.left} {right}: {f.right}" for f in comparison.facets]
    return {
        "id": comparison.id,
        "kind": "comparison",
        "title": comparison.title or f"{left} vs {right}",
        "aliases": [],
        "summary": comparison.summary,
        "text": "\n".join([comparison.summary, *rows]),
        "sources": list(dict.fromkeys(c.source for c in comparison.sources)),
        "related": list(comparison.cases),
        "entries": list(comparison.entries),
    }


def run_export(args: argparse.Namespace) -> int:
    """Print every entry, then every comparison, then every quiz file, as JSON lines."""
    kb = load_engine(args.knowledge).kb
    for entry in sorted(kb.entries.values(), key=lambda e: (e.kind, e.id)):
        print(json.dumps(entry_record(entry), ensure_ascii=False))
    for comparison in kb.comparisons:
        print(json.dumps(comparison_record(kb, comparison), ensure_ascii=False))
    for quiz in sorted(kb.quizzes, key=lambda q: q.id):  # hand-written items, as written
        print(json.dumps(quiz.model_dump(mode="json", exclude_none=True), ensure_ascii=False))
    return ExitCode.OK


def run_schema(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) the editor schemas."""
    root = Path(args.knowledge or default_knowledge())
    if args.check:
        stale = stale_schemas(root)
        for name in stale:
            print(f"{root / 'schema' / name}: out of date; run `studybot kb schema`")
        return ExitCode.PROBLEMS if stale else ExitCode.OK
    for path in write_schemas(root):
        print(f"wrote {path}")
    return ExitCode.OK
