"""Reading and writing YAML without YAML's traps.

* Reading (:mod:`citydata_share.yamlload`): ordinary files only, with a hard size limit,
  UTF-8 only; loading is safe and literal (``NO``, ``0123``, ``1.10`` stay text); anchors,
  aliases, tags, duplicate and null keys, deep nesting and several documents are refused
  with the line; libyaml does the work where it is installed.
* Dumping (:mod:`citydata_share.yamldump`) keeps field order, quotes any text another YAML
  reader could misread, writes multi-line text as blocks, and never wraps lines, so one
  changed answer is a one-line diff.
* Comments a user adds by hand are carried over when cds rewrites the file
  (:func:`merge_comments`); those whose key has gone are reported, not silently dropped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.tokens import ScalarToken

from citydata_share import yamlload
from citydata_share.yamlload import (
    MAX_BYTES,
    MAX_DEPTH,
    NULL_TAG,
    STR_TAG,
    LiteralLoader,
    Loaded,
    NotAFileProblem,
    PathKey,
    YamlProblem,
    decode,
    loads,
    read,
    read_bytes,
    read_text,
    refuse_merge_conflicts,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "NOT_GIVEN",
    "NULL_TAG",
    "STR_TAG",
    "Comment",
    "LiteralLoader",
    "Loaded",
    "NotAFileProblem",
    "PathKey",
    "YamlProblem",
    "decode",
    "dumps",
    "find_comments",
    "loads",
    "merge_comments",
    "read",
    "read_bytes",
    "read_text",
    "refuse_merge_conflicts",
]


# For :func:`merge_comments`: the data of the old text was not given (None is data: an empty
# file's).
NOT_GIVEN: Any = object()


def dumps(data: Any) -> str:
    """YAML text for ``data``, as cds writes every file."""
    from citydata_share import yamldump  # not needed by the commands that only read

    return yamldump.dumps(data)


# Comments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based line in the old text
    text: str  # the comment as written, from '#' (with the line's indentation if alone)
    inline: bool  # after a value on the same line, rather than on a line of its own


# The line breaks of YAML 1.1, as PyYAML counts lines (str.splitlines knows more).
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
_BREAKS = "\r\n\x85\u2028\u2029"


def _yaml_lines(text: str) -> list[tuple[str, str]]:
    """The lines of ``text`` as (content, line break), numbered as PyYAML numbers them."""
    lines = []
    for match in _LINE.finditer(text):
        whole = match.group()
        if not whole:
            break
        content = whole.rstrip(_BREAKS)
        lines.append((content, whole[len(content) :]))
    return lines


def _tokens(text: str, fast: bool) -> Iterator[yaml.Token]:
    """The YAML scanner's tokens: libyaml's (``fast``) or PyYAML's (the same positions)."""
    if not fast:
        yield from yaml.scan(text, Loader=LiteralLoader)
        return
    parser = yamlload._CParser(text)
    try:
        while (token := parser.get_token()) is not None:
            yield token
    finally:
        parser.dispose()


def _scan(text: str, use: Callable[[Iterator[yaml.Token]], Any]) -> Any:
    """``use`` applied to the text's tokens from libyaml, or from PyYAML's Python scanner
    where libyaml is missing or refuses the text."""
    if yamlload._CParser is not None:
        try:
            return use(_tokens(text, True))
        except (yaml.YAMLError, UnicodeEncodeError):
            pass
    return use(_tokens(text, False))


def _covered(tokens: Iterator[yaml.Token], text: str) -> tuple[list[int], list[int]]:
    """The spans of text the scanner's tokens cover, sorted and disjoint: (starts, ends)."""
    starts: list[int] = []
    ends: list[int] = []
    for token in tokens:
        start, end = token.start_mark.index, token.end_mark.index
        if isinstance(token, ScalarToken) and token.style in ("|", ">"):
            # The scanner counts the header line (``|-  # note``) as part of a block
            # scalar, but only the lines below it are text: a '#' there is a comment.
            found = [text.find(c, start, end) for c in _BREAKS]
            start = min((n for n in found if n >= 0), default=end)
        if start >= end:
            continue
        if ends and start <= ends[-1]:  # overlapping or touching: one span
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def find_comments(text: str) -> list[Comment]:
    """Every comment in a YAML text: a '#' that no token of the YAML scanner covers."""
    if "#" not in text:
        return []
    try:
        starts, ends = _scan(text, lambda tokens: _covered(tokens, text))
    except yaml.YAMLError:
        return []
    comments: list[Comment] = []
    offset = 0
    for number, (line, ending) in enumerate(_yaml_lines(text), start=1):
        # Any '#' between tokens starts a comment, also without a space before it
        # (PyYAML reads ``[a,#note`` and ``'a'#note`` so).
        at = line.find("#")
        while at >= 0:
            span = bisect.bisect_right(starts, offset + at) - 1
            if span < 0 or offset + at >= ends[span]:
                break
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


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _open_lines(text: str) -> set[int]:
    """The lines (1-based) whose end falls inside a value: a block of text, or quoted text
    going on to the next line. A comment added at the end of such a line would be text."""

    def spanned(tokens: Iterator[yaml.Token]) -> set[int]:
        open_lines: set[int] = set()
        for token in tokens:
            first, last = token.start_mark.line, token.end_mark.line
            if last > first:
                open_lines.update(range(first + 1, last + 1))
        return open_lines

    return set(_scan(text, spanned))


_PLAIN_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: |$)")


def _header_only(old_text: str, new_text: str, old_data: Any = NOT_GIVEN) -> str | None:
    """The merged text when the old file's only comments are the lines above its first key
    (cds's own header) and both texts start with the same key, without reading the new text
    (nor the old one, when its data is given): what :func:`merge_comments` would do, in a
    fraction of the time. Else None."""
    header: list[str] = []
    rest = len(old_text)
    for number, match in enumerate(_LINE.finditer(old_text), start=1):
        line = match.group().rstrip(_BREAKS)
        stripped = (line.removeprefix("\ufeff") if number == 1 else line).strip(" \t")
        if stripped.startswith("#"):
            header.append(stripped.rstrip())
        elif stripped or not match.group():
            rest = match.start()
            break
    if not header or old_text.find("#", rest) >= 0:  # no copy of a large text
        return None
    old_key = _PLAIN_KEY.match(old_text, rest)
    new_key = _PLAIN_KEY.match(new_text)
    if old_key is None or new_key is None or old_key.group(1) != new_key.group(1):
        return None
    if old_data is NOT_GIVEN:
        old_data = loads(old_text).data
    if not isinstance(old_data, dict):
        return None
    return "".join(f"{line}\n" for line in header) + new_text


def merge_comments(
    old_text: str, new_text: str, *, old_data: Any = NOT_GIVEN
) -> tuple[str, list[Comment]]:
    """Carry the comments of ``old_text`` into ``new_text``.

    A comment on its own line stays before the key that followed it; a comment after a
    value stays after that key's value. Returns the merged text and the comments that could
    not be placed because their key is gone. Raises :class:`YamlProblem` when ``old_text``
    is not a valid cds YAML file.

    Comments never change the data: one placed before a key is indented no deeper than that
    key (deeper, after a block of text, it would become part of the text), and comments
    after the last key start at the margin.

    ``old_data``, when given, is what ``loads(old_text).data`` gives (the caller parsed the
    text, or holds its data from the parse cache): then the old text is known to be valid
    and is not parsed again unless it has comments to place.
    """
    # Refuse (YamlProblem) rather than overwrite a file that is not valid YAML: its
    # comments could not be found, nor could the answers typed into it be kept.
    if "#" not in old_text:
        if old_data is NOT_GIVEN:
            loads(old_text)
        return new_text, []
    quick = _header_only(old_text, new_text, old_data)
    if quick is not None:
        return quick, []
    return _merge_all(old_text, new_text)


def _merge_all(old_text: str, new_text: str) -> tuple[str, list[Comment]]:
    """:func:`merge_comments` the full way: every comment found, placed by its key."""
    old_lines = loads(old_text, with_lines=True).lines
    comments = find_comments(old_text)
    if not comments:
        return new_text, []
    new = loads(new_text, with_lines=True)
    new_lines = new.lines
    out = _yaml_lines(new_text)
    open_lines = _open_lines(new_text)
    # Each line's keys, and the keys in the order of their lines (shorter paths first).
    on_lines: dict[int, list[PathKey]] = {}
    for path, number in old_lines.items():
        on_lines.setdefault(number, []).append(path)
    in_order = sorted((number, len(path), path) for path, number in old_lines.items())
    numbers = [number for number, _, _ in in_order]
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    trailing: list[str] = []
    dropped: list[Comment] = []
    for comment in comments:
        on_line = on_lines.get(comment.line, []) if comment.inline else []
        inline = bool(on_line)  # ``- # note`` has no key on its line: it goes before the next
        if on_line:
            key: PathKey | None = max(on_line, key=len)
        else:
            following = bisect.bisect_right(numbers, comment.line)
            key = in_order[following][2] if following < len(in_order) else None
        text = comment.text.strip() if comment.inline else comment.text
        if key is None:
            trailing.append(text.lstrip(" \t"))
            continue
        target = new_lines.get(key)
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


# Splicing a few changed sections into a large file -----------------------------------------

# The old text of the sections to rewrite, at most: a larger change takes the full path.
SPLICE_MOST = 256 * 1024
# A top-level key's line: a plain key at the margin, then its value or the end of the line.
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?= |\n|\Z)")
# What a text cds splices never holds: other line breaks, a byte order mark.
_NOT_SPLICED = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")


def _top_sections(text: str, keys: list[str]) -> list[int] | None:
    """Where each of ``keys``' lines starts in ``text``, when the text is exactly those keys
    at the margin, in that order, each once, with only comments and blank lines above the
    first: then every line at the margin that is not a comment is one of these keys', and
    each is the key's (a top-level mapping's keys are all at the margin, and there are as
    many such lines as keys). Else None: a document marker, a key written another way,
    text going on at the margin (flow style, a quoted text's lines), a conflict marker."""
    if any(mark in text for mark in _NOT_SPLICED):
        return None
    margin = [0] if text[:1] not in ("", " ", "\n", "#") else []
    margin.extend(found.start() + 1 for found in re.finditer(r"\n[^ \n#]", text))
    if len(margin) != len(keys):
        return None
    for at, key in zip(margin, keys, strict=True):
        found = _TOP_KEY.match(text, at)
        if found is None or found.group(1) != key:
            return None
    above = text[: margin[0]] if margin else text
    if any(line.strip(" \t")[:1] not in ("", "#") for line in above.split("\n")):
        return None
    return margin


def _section(data: dict[str, Any], last: bool) -> str:
    """The text cds writes for a mapping of one key, as a section of a whole file's text:
    not the last one, it has no end of document (``...`` after a ``|+`` block)."""
    text = dumps(data)
    return text if last or not text.endswith("\n...\n") else text[:-4]


def splice(old_text: str, old_data: Any, new_data: Any) -> tuple[str, dict[str, Any]] | None:
    """The text and data of ``old_text`` (whose data is ``old_data``) with the top-level
    sections whose value ``new_data`` changes written again, comments carried over, and
    every other byte kept: what dumping ``new_data`` whole and carrying the old text's
    comments over (:func:`merge_comments`) gives, at the cost of the changed sections only.
    The data is worked out, not read: ``old_data``'s, with the changed values as reading
    them gives them back.

    None (then write the file the full way) when that cannot be done surely: the data are
    not mappings with the same keys in the same order, nothing changed, the text's
    top-level sections cannot be found (see :func:`_top_sections`), a changed section is
    large (over :data:`SPLICE_MOST`) or does not read back alone as its key and value,
    or one of its comments would be lost (the full way says which).

    A file cds wrote comes out byte for byte as the full way writes it; a file edited by
    hand keeps its unchanged sections as they are (the full way would also rewrite their
    layout and move their comments, never the data)."""
    from citydata_share import yamldump

    if type(old_data) is not dict or type(new_data) is not dict or not old_data:
        return None
    keys = list(old_data)
    if keys != list(new_data):
        return None
    changed = []
    for key in keys:
        old, new = old_data[key], new_data[key]
        if old == new:
            continue
        try:
            if old == yamldump.loaded_form(new, MAX_DEPTH - 1):
                continue  # yes/no and numbers, read back as the text written for them
        except yamldump.NotSure:
            pass
        changed.append(key)
    if not changed:
        return None  # the full way: it also puts right a layout edited by hand
    starts = _top_sections(old_text, keys)
    if starts is None:
        return None
    ends = [*starts[1:], len(old_text)]
    at = {key: n for n, key in enumerate(keys)}
    if sum(ends[at[key]] - starts[at[key]] for key in changed) > SPLICE_MOST:
        return None
    data = dict(old_data)
    pieces: list[str] = []
    kept_from = 0
    for key in changed:
        n = at[key]
        section = old_text[starts[n] : ends[n]]
        last = n == len(keys) - 1
        try:
            # The old section must be exactly its key and value: as cds writes them (which
            # reads back as written), or else as reading it alone shows.
            was = {key: old_data[key]}
            if _section(was, last) != section and loads(section).data != was:
                return None
            written = {key: new_data[key]}
            new_section = _section(written, last)
            merged, dropped = merge_comments(section, new_section, old_data={key: old_data[key]})
            data[key] = yamldump.loaded_form(written, MAX_DEPTH)[key]
        except (YamlProblem, yamldump.NotSure):
            return None
        if dropped:
            return None
        pieces.append(old_text[kept_from : starts[n]])
        pieces.append(merged)
        kept_from = ends[n]
    pieces.append(old_text[kept_from:])
    return "".join(pieces), data
