"""Read one YAML knowledge file safely, keeping the line of every key and list item.

Line numbers make ``studybot check`` point a moderator at ``file:line`` rather than at
a field path they have to hunt for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 10 * 1024 * 1024
# Parser contexts whose start is the mistake (the quote or bracket left open); for the
# others (a block mapping) the line where the parser gave up is the one to show.
OPENED_CONTEXTS = ("while scanning a quoted", "while parsing a flow", "while scanning a simple")

Loc = tuple[str | int, ...]


# libyaml's parser when available (several times faster); same nodes, same line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader that keeps dates as strings: "1945-06-26" is text in our files."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlFile:
    """A parsed file: its data, and the line of each key path (1-based)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    raw: bytes = b""  # the file's bytes, for the knowledge version hash (read once)
    duplicate_keys: list[tuple[Loc, int]] = field(default_factory=list)
    # Plain (unquoted) values with a continuation line that starts with "- ": a list item
    # indented too far, silently merged into the item above. (loc, that line)
    merged_items: list[tuple[Loc, int]] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that exists in the file."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


class FileProblem(Exception):
    """A file that cannot be read as YAML at all; ``line`` is where it breaks."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_yaml_file(path: Path) -> YamlFile:
    """Read and parse ``path``; raise FileProblem for empty, binary, huge or invalid files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem(1, f"file is {size / 1e6:.1f} MB; the limit is 10 MB")
        raw = path.read_bytes()
    except OSError as exc:  # unreadable, or gone between the listing and the read
        raise FileProblem(1, f"cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in raw:
        raise FileProblem(1, "binary file (contains NUL bytes); expected UTF-8 YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(line, "not valid UTF-8 text") from exc
    if not text.strip():
        raise FileProblem(1, "empty file")
    parsed = parse_yaml_text(text)
    parsed.raw = raw
    return parsed


def parse_yaml_text(text: str) -> YamlFile:
    """Parse YAML text into data plus a line map; raise FileProblem on a syntax error."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FileProblem(1, "empty document")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        problem_line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        detail = exc.problem or str(exc)
        context = exc.context or ""
        hint = yaml_hint(f"{context} {detail}", text.splitlines(), problem_line)
        # An unclosed quote, bracket or key is where the mistake is; a block mapping
        # that "started" at line 1 is not.
        mark = exc.context_mark
        if (
            mark is not None
            and mark.line + 1 < problem_line
            and context.startswith(OPENED_CONTEXTS)
        ):
            detail = f"{context}: {detail} (noticed on line {problem_line})"
            raise FileProblem(mark.line + 1, f"invalid YAML {detail}{hint}") from exc
        raise FileProblem(problem_line, f"invalid YAML: {detail}{hint}") from exc
    except yaml.YAMLError as exc:
        raise FileProblem(1, f"invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    result = YamlFile(data=data)
    _map_lines(node, (), text.splitlines(), result)
    return result


# Plain-words hints for PyYAML's messages, by what a moderator most likely did.
HINT_TAB = "a tab character: YAML indents with spaces only"
HINT_START = "a value cannot start with @, `, % or *: put the whole value in double quotes"
HINT_COLON = "a colon and a space inside an unquoted value: put the whole value in double quotes"
HINT_DEEPER = "check the indentation: this line is indented more than the field above it"
HINT_DASH = "a value that starts with '- ' is read as a list: quote it, or give the item its line"
HINT_BRACKET = "a value that starts with [ or { is read as a list: put it in double quotes"
HINT_NO_COLON = "a line without 'field: value': add the colon, or indent it to continue the text"
HINT_QUOTE = "a quote that is opened and never closed"
HINT_FLOW = "a [ ] or { } list that is not closed, or a colon inside it: close it or quote it"
HINT_COLUMNS = "check the indentation: the items of a list, or the fields, start in one column"


def yaml_hint(detail: str, lines: list[str], line: int) -> str:
    """ " (hint: ...)" in plain words for a PyYAML message, from the message and the line
    it names; "" when there is no likely cause to name."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    value = text.split(": ", 1)[1].strip() if ": " in text else ""
    if "\t" in text:
        hint = HINT_TAB
    elif "cannot start any token" in detail or "undefined alias" in detail:
        hint = HINT_START
    elif "mapping values are not allowed" in detail:
        hint = HINT_COLON if ": " in value or value.endswith(":") else HINT_DEEPER
    elif "sequence entries are not allowed" in detail:
        hint = HINT_DASH
    elif value.startswith(("[", "{")) and ("expected key" in detail or "but found" in detail):
        hint = HINT_BRACKET
    elif "could not find expected ':'" in detail:
        hint = HINT_NO_COLON
    elif "quoted" in detail:
        hint = HINT_QUOTE
    elif "expected ',' or" in detail:
        hint = HINT_FLOW
    elif "block end" in detail or "expected key" in detail or "'-' indicator" in detail:
        hint = HINT_COLUMNS
    else:
        return ""
    return f" (hint: {hint})"


def _map_lines(node: yaml.Node, loc: Loc, lines: list[str], out: YamlFile) -> None:
    """Record the line of every key and item, duplicate keys, and plain values that
    swallowed a line starting with "- " (an over-indented list item), in one walk."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                out.duplicate_keys.append(((*loc, key), line))
            seen.add(key)
            out.lines[(*loc, key)] = line
            _map_lines(value_node, (*loc, key), lines, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.lines[(*loc, index)] = item.start_mark.line + 1
            _map_lines(item, (*loc, index), lines, out)
    elif isinstance(node, yaml.ScalarNode) and not node.style:  # plain: None or ""
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            if number < len(lines) and lines[number].lstrip().startswith("- "):
                out.merged_items.append((loc, number + 1))
                return
