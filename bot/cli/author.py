"""`studybot new`: start a new knowledge entry or comparison from a commented skeleton."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.cli.common import CliError, add_knowledge_option, default_knowledge
from bot.cli.exit_codes import ExitCode
from bot.knowledge.rules import did_you_mean
from bot.knowledge.schema import COMPARISON_DIR, KIND_DIRS
from bot.knowledge.skeleton import KINDS, comparison_skeleton, skeleton
from bot.knowledge.yamlfile import FileProblem, read_yaml_file

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 40  # as the schema's EntryId: two ids fit in a Discord button's custom id


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `new` command."""
    parser = sub.add_parser(
        "new",
        help="write a skeleton for a new entry or comparison",
        description=(
            "Write knowledge/<kind>s/<id>.yaml with every field explained, or "
            "knowledge/comparisons/<a>--<b>.yaml for `new comparison A B`."
        ),
    )
    parser.add_argument("kind", choices=(*KINDS, "comparison"))
    parser.add_argument(
        "ids",
        nargs="+",
        metavar="id",
        help="lowercase words joined by hyphens, e.g. concert-of-europe; two entry ids for "
        "a comparison",
    )
    add_knowledge_option(parser)
    parser.add_argument("--stdout", action="store_true", help="print instead of writing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the skeleton; refuse to overwrite an existing file."""
    wanted = 2 if args.kind == "comparison" else 1
    if len(args.ids) != wanted:
        usage = "two entry ids (studybot new comparison A B)" if wanted == 2 else "one id"
        raise CliError(f"`new {args.kind}` takes {usage}, got {len(args.ids)}")
    for entry_id in args.ids:
        if not _ID.match(entry_id) or len(entry_id) > MAX_ID:
            raise CliError(
                f"id {entry_id!r} must be lowercase letters and digits joined by hyphens, "
                f"at most {MAX_ID} characters"
            )
    root = Path(args.knowledge or default_knowledge())
    titles, names = _known(root)
    if args.kind == "comparison":
        a, b = args.ids
        text, path = _comparison(root, a, b, titles, names)
    else:
        text = skeleton(args.kind, args.ids[0], names)
        path = root / KIND_DIRS[args.kind] / f"{args.ids[0]}.yaml"
    if args.stdout:
        print(text, end="")
        return ExitCode.OK
    if path.exists():
        raise CliError(f"{path} already exists; edit it instead", ExitCode.PROBLEMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}: replace every TODO, then run `studybot check`")
    if args.kind == "case":
        print("a case names the concepts it illustrates; add its id to their `cases:` too")
    return ExitCode.OK


def _comparison(
    root: Path, a: str, b: str, titles: dict[str, str], names: list[str]
) -> tuple[str, Path]:
    """The comparison's text and path, after checking both entries exist and are new."""
    if a == b:
        raise CliError("a comparison needs two different entries")
    for entry_id in (a, b):
        if entry_id not in titles:
            raise CliError(f"no entry {entry_id!r} in {root}{did_you_mean(entry_id, titles)}")
    folder = root / COMPARISON_DIR
    for existing in (folder / f"{a}--{b}.yaml", folder / f"{b}--{a}.yaml"):
        if existing.exists():
            raise CliError(f"{existing} already compares them; edit it instead", ExitCode.PROBLEMS)
    return comparison_skeleton(a, b, titles, names), folder / f"{a}--{b}.yaml"


def _known(root: Path) -> tuple[dict[str, str], list[str]]:
    """Titles by id, and every title and alias, of the entries that read as YAML (a broken
    file elsewhere must not stop a moderator from starting a new one)."""
    titles: dict[str, str] = {}
    names: list[str] = []
    for folder in KIND_DIRS.values():
        for path in sorted((root / folder).glob("*.yaml")):
            try:
                data = read_yaml_file(path).data
            except FileProblem:
                continue
            if not isinstance(data, dict) or not isinstance(data.get("title"), str):
                continue
            titles[path.stem] = data["title"]
            aliases = data.get("aliases")
            names += [data["title"], *(a for a in aliases or [] if isinstance(a, str))]
    return titles, names
