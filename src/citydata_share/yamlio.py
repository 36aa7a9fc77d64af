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
from yaml.tokens import ScalarToken

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
    refuse_merge_conflicts(text)  # before parsing: a git conflict is not a YAML mistake
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


def refuse_merge_conflicts(text: str) -> None:
    """Raise a YamlProblem naming the lines of any unresolved git merge conflict."""
    if not any(marker in text for marker in ("<<<<<<<", "=======", ">>>>>>>")):
        return
    from citydata_share.conflicts import describe, find_conflicts

    conflicts = find_conflicts(text)
    if conflicts:
        message, hint = describe(conflicts)
        raise YamlProblem(message, conflicts[0].start, hint)


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


# The line breaks of YAML 1.1, as PyYAML counts lines (str.splitlines knows more).
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")


def _yaml_lines(text: str) -> list[tuple[str, str]]:
    """The lines of ``text`` as (content, line break), numbered as PyYAML numbers them."""
    lines = []
    for match in _LINE.finditer(text):
        whole = match.group()
        if not whole:
            break
        content = whole.rstrip("\r\n\x85\u2028\u2029")
        lines.append((content, whole[len(content) :]))
    return lines


def find_comments(text: str) -> list[Comment]:
    """Every comment in a YAML text: a '#' that no token of the YAML scanner covers."""
    covered: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=LiteralLoader):
            start, end = token.start_mark.index, token.end_mark.index
            if isinstance(token, ScalarToken) and token.style in ("|", ">"):
                # The scanner counts the header line (``|-  # note``) as part of a block
                # scalar, but only the lines below it are text: a '#' there is a comment.
                ends = [text.find(c, start, end) for c in "\r\n\x85\u2028\u2029"]
                start = min((n for n in ends if n >= 0), default=end)
            if start < end:
                covered.append((start, end))
    except yaml.YAMLError:
        return []
    comments: list[Comment] = []
    offset = 0
    for number, (line, ending) in enumerate(_yaml_lines(text), start=1):
        # Any '#' between tokens starts a comment, also without a space before it
        # (PyYAML reads ``[a,#note`` and ``'a'#note`` so).
        at = line.find("#")
        while at >= 0 and any(start <= offset + at < end for start, end in covered):
            at = line.find("#", at + 1)
        if at >= 0:
            before = line[:at]
            if number == 1:
                before = before.removeprefix("\ufeff")  # a byte order mark is not text
            inline = bool(before.strip(" \t"))
            body = line[at:].rstrip()
            comments.append(Comment(number, body if inline else before + body, inline))
        offset += len(line) + len(ending)
    return comments


def _next_path(line: int, lines: dict[PathKey, int]) -> PathKey | None:
    after = [(n, len(p), p) for p, n in lines.items() if n > line]
    return min(after)[2] if after else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _open_lines(text: str) -> set[int]:
    """The lines (1-based) whose end falls inside a value: a block of text, or quoted text
    going on to the next line. A comment added at the end of such a line would be text."""
    open_lines: set[int] = set()
    for token in yaml.scan(text, Loader=LiteralLoader):
        open_lines.update(range(token.start_mark.line + 1, token.end_mark.line + 1))
    return open_lines


def merge_comments(old_text: str, new_text: str) -> tuple[str, list[Comment]]:
    """Carry the comments of ``old_text`` into ``new_text``.

    A comment on its own line stays before the key that followed it; a comment after a
    value stays after that key's value. Returns the merged text and the comments that could
    not be placed because their key is gone. Raises :class:`YamlProblem` when ``old_text``
    is not a valid cds YAML file.

    Comments never change the data: one placed before a key is indented no deeper than that
    key (deeper, after a block of text, it would become part of the text), and comments
    after the last key start at the margin.
    """
    # Refuse (YamlProblem) rather than overwrite a file that is not valid YAML: its
    # comments could not be found, nor could the answers typed into it be kept.
    old_lines = loads(old_text).lines
    comments = find_comments(old_text)
    if not comments:
        return new_text, []
    new = loads(new_text)
    new_lines = new.lines
    out = _yaml_lines(new_text)
    open_lines = _open_lines(new_text)
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    trailing: list[str] = []
    dropped: list[Comment] = []
    for comment in comments:
        on_line = [p for p, n in old_lines.items() if n == comment.line] if comment.inline else []
        inline = bool(on_line)  # ``- # note`` has no key on its line: it goes before the next
        path = max(on_line, key=len) if on_line else _next_path(comment.line, old_lines)
        text = comment.text.strip() if comment.inline else comment.text
        if path is None:
            trailing.append(text.lstrip(" \t"))
            continue
        target = new_lines.get(path)
        if target is None:
            dropped.append(comment)
            continue
        line = out[target - 1][0]
        if inline and target not in open_lines and "#" not in line:
            after.setdefault(target, []).append(text)
            continue
        depth = _indent(line) if comment.inline else min(_indent(text), _indent(line))
        before.setdefault(target, []).append(line[:depth] + text.lstrip(" \t"))
    merged: list[str] = []
    for number, (line, ending) in enumerate(out, start=1):
        merged.extend(f"{text}\n" for text in before.get(number, []))
        if number in after:
            line = "  ".join([line, *after[number]])
        merged.append(line + (ending or "\n"))
    merged.extend(f"{text}\n" for text in trailing)
    result = "".join(merged)
    if loads(result).data != new.data:  # never expected: then keep nothing rather than harm
        return new_text, comments
    return result, dropped
