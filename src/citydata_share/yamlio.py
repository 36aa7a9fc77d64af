"""Reading and writing YAML without YAML's traps.

* Loading is safe and literal: every plain scalar is read as the text the user typed
  (``NO``, ``yes``, ``0123``, ``1.10`` stay text), and the pydantic models turn text into
  numbers, dates or booleans only where a field asks for one. Only ``~``, ``null`` and an
  empty value mean "no answer".
* Anchors, aliases, explicit tags other than ``!!str``, duplicate keys, several documents
  and files over :data:`MAX_BYTES` are refused with a message that names the line.
* Dumping keeps field order, quotes any text another YAML reader could misread, writes
  multi-line text as blocks, and never wraps lines, so one changed answer is a one-line diff.
* Comments a user adds by hand are carried over when cds rewrites the file
  (:func:`merge_comments`); those whose key has gone are reported, not silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

MAX_BYTES = 1_000_000
MAX_DEPTH = 64  # lists and sections inside each other; cds files need a handful
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"

PathKey = tuple[str | int, ...]


class YamlProblem(Exception):
    """A file that is not acceptable YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


class LiteralLoader(yaml.SafeLoader):
    """SafeLoader that resolves plain scalars to text, except the null forms."""


LiteralLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LiteralLoader.yaml_implicit_resolvers = {
    k: v for k, v in LiteralLoader.yaml_implicit_resolvers.items() if v
}


@dataclass(frozen=True)
class Loaded:
    data: Any
    lines: dict[PathKey, int]  # where each key or list item starts (1-based)


def _check_events(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=LiteralLoader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(
                    f"lists and sections are nested more than {MAX_DEPTH} deep",
                    line,
                    "cds files are a few levels deep: check the brackets and indentation.",
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if isinstance(event, AliasEvent):
            raise YamlProblem(
                f"the alias *{event.anchor} repeats content from elsewhere in the file",
                line,
                "cds files do not use YAML anchors and aliases: write the value out in full.",
            )
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise YamlProblem(
                f"the anchor &{event.anchor} is not allowed",
                line,
                "cds files do not use YAML anchors and aliases: remove the &name.",
            )
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            tag = event.tag
            if (
                tag is not None
                and tag not in (STR_TAG, "!")
                and not (isinstance(event, ScalarEvent) and tag == "!")
            ):
                raise YamlProblem(
                    f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
                    line,
                    "Remove the tag: cds reads every value as plain text and checks it itself.",
                )


def _walk(node: Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
                # A null key (``~:``, ``null:``, ``:``) would make ``~: a`` and ``null: b``
                # one key, and YAML would silently keep only the last value.
                raise YamlProblem(
                    "a key must be a plain name",
                    key_node.start_mark.line + 1,
                    "Write a name before the ':' (quote it if it is ~ or null).",
                )
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlProblem(
                    f"the key {key!r} appears twice (lines {seen[key]} and {line})",
                    line,
                    "Keep one of them: YAML would silently keep only the last.",
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines)


def loads(text: str) -> Loaded:
    """Parse YAML text safely and literally, with the line of every key."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlProblem(
            f"the file is larger than {MAX_BYTES // 1_000_000} MB",
            None,
            "cds files hold answers, not data: keep datasets elsewhere and link to them.",
        )
    try:
        _check_events(text)
        loader = LiteralLoader(text)
        try:
            node = loader.get_single_node()
            lines: dict[PathKey, int] = {}
            if node is None:
                return Loaded(None, lines)
            _walk(node, (), lines)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        raise YamlProblem(
            f"this is not valid YAML: {what}",
            mark.line + 1 if mark else None,
            "Check the indentation and any ':' or quotes on that line.",
        ) from None
    except ReaderError as exc:
        # A control character (or a lone surrogate): name it and its line.
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        line = len((text[: exc.position] + "x").splitlines())
        raise YamlProblem(
            f"the character U+{ord(char):04X} is not allowed in YAML text",
            line,
            "Delete it: it is an invisible control character, often pasted by accident.",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"this is not valid YAML: {exc}") from None
    return Loaded(data, lines)


def read(path: Path) -> Loaded:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlProblem(
            f"the file is {size:,} bytes, more than the {MAX_BYTES:,} cds accepts",
            None,
            "cds files hold answers, not data: keep datasets elsewhere and link to them.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            f"the file is not UTF-8 text (byte {exc.start})",
            None,
            "Save it as UTF-8 from your editor.",
        ) from None
    return loads(text)


class _Dumper(yaml.SafeDumper):
    """SafeDumper with block text for multi-line strings and no flow style."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key: easier to read and edit by hand.
        super().increase_indent(flow, False)


# Line breaks in YAML 1.1 but not in YAML 1.2 (nor for most editors): written raw, another
# reader would see different text, and a rewrite that splits lines would change the value.
_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _UNICODE_BREAKS.intersection(value):
        style: str | None = '"'  # escaped as \N, \L, \P
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(STR_TAG, value, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


# Comments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based line in the old text
    text: str  # the comment as written, from '#' (with the line's indentation if alone)
    inline: bool  # after a value on the same line, rather than on a line of its own


def find_comments(text: str) -> list[Comment]:
    """Every comment in a YAML text, found where no token covers the '#'."""
    covered: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=LiteralLoader):
            if token.start_mark.index < token.end_mark.index:
                covered.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return []
    covered.sort()
    comments: list[Comment] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        for match in re.finditer(r"(?:^|(?<=\s))#", line):
            index = offset + match.start()
            if any(start <= index < end for start, end in covered):
                continue
            before = line[: match.start()]
            inline = bool(before.strip())
            body = line[match.start() :].rstrip("\n").rstrip()
            comments.append(Comment(number, body if inline else before + body, inline))
            break
        offset += len(line)
    return comments


def _anchor(comment: Comment, lines: dict[PathKey, int]) -> PathKey | None:
    if comment.inline:
        on_line = [p for p, n in lines.items() if n == comment.line]
        return max(on_line, key=len) if on_line else None
    after = [(n, len(p), p) for p, n in lines.items() if n > comment.line]
    return min(after)[2] if after else None


def merge_comments(old_text: str, new_text: str) -> tuple[str, list[Comment]]:
    """Carry the comments of ``old_text`` into ``new_text``.

    A comment on its own line stays before the key that followed it; a comment after a
    value stays after that key's value. Returns the merged text and the comments that could
    not be placed because their key is gone.
    """
    comments = find_comments(old_text)
    if not comments:
        return new_text, []
    old_lines = loads(old_text).lines
    new_lines = loads(new_text).lines
    out = new_text.splitlines()
    before: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    trailing: list[str] = []
    dropped: list[Comment] = []
    for comment in comments:
        path = _anchor(comment, old_lines)
        if path is None and not comment.inline:
            trailing.append(comment.text)
            continue
        target = new_lines.get(path) if path is not None else None
        if target is None:
            dropped.append(comment)
        elif comment.inline:
            line = out[target - 1]
            if line.rstrip().endswith(("|", "|-", "|+", ">", ">-")) or "#" in line:
                before.setdefault(target, []).append(
                    " " * (len(line) - len(line.lstrip())) + comment.text
                )
            else:
                after[target] = comment.text
        else:
            before.setdefault(target, []).append(comment.text)
    merged: list[str] = []
    for number, line in enumerate(out, start=1):
        merged.extend(before.get(number, []))
        merged.append(f"{line}  {after[number]}" if number in after else line)
    merged.extend(trailing)
    return "\n".join(merged) + "\n", dropped
