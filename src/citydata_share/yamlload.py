"""Reading YAML files without YAML's traps: the loading half of :mod:`citydata_share.yamlio`.

* Files are read by :func:`read_text`: ordinary files only (a link to /dev/zero, a named pipe
  or a folder is refused, never read), at most :data:`MAX_BYTES`, UTF-8 only, each refusal
  naming what the file is, or the line where its text stops being UTF-8.
* Loading is safe and literal: every plain scalar is read as the text the user typed
  (``NO``, ``yes``, ``0123``, ``1.10`` stay text), and the pydantic models turn text into
  numbers, dates or booleans only where a field asks for one. Only ``~``, ``null`` and an
  empty value mean "no answer".
* Anchors, aliases, explicit tags other than ``!!str``, duplicate keys, null keys, nesting
  deeper than :data:`MAX_DEPTH`, several documents and text that is not Unicode (an escaped
  half of a surrogate pair) are refused with a message that names the line.
* One pass over libyaml's events (PyYAML's C parser, in the same wheel) builds the data and
  makes every check; where libyaml is missing, or refuses a text, PyYAML's own Python
  parser runs the same pass and names the problem in its words. The line of every key is
  worked out only when someone asks for it (an error to report, comments to carry over).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.reader import ReaderError

_CParser: Any  # libyaml, the fast parser: in PyYAML's wheels, not in every build of PyYAML
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _CParser = None

# A register of 10,000 datasets is about 6.4 MB of data-systems.yaml, and their quality
# statements about 9.6 MB of prepare-data.yaml: room for that, and still a bound on what one
# file can cost to read (and, aliases being refused, on the memory its data can take).
MAX_BYTES = 16_000_000
MAX_DEPTH = 64  # lists and sections inside each other; cds files need a handful
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # plain scalars that mean "no answer"
TOO_LARGE_HINT = "cds files hold answers, not data: keep datasets elsewhere and link to them."

PathKey = tuple[str | int, ...]


class YamlProblem(Exception):
    """A file that is not acceptable YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


class NotAFileProblem(YamlProblem):
    """The path is not an ordinary file (a device, a named pipe, a folder, a socket)."""


class LiteralLoader(yaml.SafeLoader):
    """SafeLoader that resolves plain scalars to text, except the null forms."""


LiteralLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LiteralLoader.yaml_implicit_resolvers = {
    k: v for k, v in LiteralLoader.yaml_implicit_resolvers.items() if v
}


# Reading files ----------------------------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device (like /dev/zero)"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)
NOT_A_FILE_HINT = (
    "cds reads only ordinary files: put the file itself there (a link is fine when it "
    "points to an ordinary file)."
)


def _not_a_file(path: Path, mode: int | None) -> NotAFileProblem:
    kind = next((name for test, name in _KINDS if mode is not None and test(mode)), None)
    kind = kind or "a socket or another special file"
    try:
        link = f" (a link to {os.readlink(path)})" if path.is_symlink() else ""
    except OSError:
        link = ""
    return NotAFileProblem(
        f"{path.name}{link} is {kind}, not an ordinary file", None, NOT_A_FILE_HINT
    )


def read_bytes(path: Path, limit: int = MAX_BYTES, hint: str = TOO_LARGE_HINT) -> bytes:
    """The bytes of the ordinary file at ``path``, read with a hard limit of ``limit`` bytes.

    Refuses (:class:`YamlProblem`) what is not an ordinary file without reading it (a named
    pipe is opened without waiting for a writer) and a file larger than ``limit`` (however
    its size is reported). ``OSError`` (no such file, no permission) is left to the caller.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a pipe's other end
            raise _not_a_file(path, None) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(path, mode)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise YamlProblem(
            f"the file is more than {limit:,} bytes ({limit / 1e6:g} MB), the most cds reads",
            None,
            hint,
        )
    return data


def read_text(path: Path, limit: int = MAX_BYTES, hint: str = TOO_LARGE_HINT) -> str:
    """The text of the ordinary file at ``path``, read by :func:`read_bytes`; text that is
    not UTF-8 is refused (:class:`YamlProblem`), naming the line where it stops being so."""
    return decode(read_bytes(path, limit, hint))


def decode(data: bytes) -> str:
    """A file's bytes as text; bytes that are not UTF-8 are refused (:class:`YamlProblem`),
    naming the line where the text stops being UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(
            f"the file is not UTF-8 text (byte {exc.start + 1} is not)",
            line,
            "Save it as UTF-8 from your editor.",
        ) from None


# Loading ----------------------------------------------------------------------------------


class Loaded:
    """The data of a YAML text, and where each key or list item starts (1-based).

    ``lines`` is worked out when first asked for (an error to report, comments to carry
    over): a second pass over the text, which most loads never need.
    """

    __slots__ = ("_fast", "_lines", "_text", "data")

    def __init__(
        self,
        data: Any,
        lines: dict[PathKey, int] | None = None,
        *,
        text: str | None = None,
        fast: bool = True,
    ) -> None:
        self.data = data
        self._lines = lines
        self._text = text
        self._fast = fast

    @property
    def lines(self) -> dict[PathKey, int]:
        if self._lines is None:
            lines: dict[PathKey, int] = {}
            if self._text is not None:
                _parse(self._text, self._fast, lines)
            self._lines, self._text = lines, None
        return self._lines


class _NeedLines(Exception):
    """A duplicate key: its message names the first line too, so read again with lines."""


def _line(event: Event) -> int:
    """The line (1-based) where an event starts."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _tag_problem(tag: str, event: Event) -> YamlProblem:
    return YamlProblem(
        f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
        _line(event),
        "Remove the tag: cds reads every value as plain text and checks it itself.",
    )


def _anchor_problem(event: Event) -> YamlProblem:
    if isinstance(event, AliasEvent):
        return YamlProblem(
            f"the alias *{event.anchor} repeats content from elsewhere in the file",
            _line(event),
            "cds files do not use YAML anchors and aliases: write the value out in full.",
        )
    return YamlProblem(
        f"the anchor &{event.anchor} is not allowed",  # type: ignore[attr-defined]
        _line(event),
        "cds files do not use YAML anchors and aliases: remove the &name.",
    )


_SURROGATE = re.compile("[\ud800-\udfff]")

_NO_KEY: Any = object()


def _compose(get_event: Callable[[], Event], lines: dict[PathKey, int] | None) -> Any:
    """Build the data from a parser's events, checking everything cds refuses.

    With ``lines``, also record there where each key and list item starts. Iterative, so
    that no nesting can exhaust the stack; refused at :data:`MAX_DEPTH` anyway.
    """
    scalar_event, mapping_start, sequence_start = ScalarEvent, MappingStartEvent, SequenceStartEvent
    ends = (MappingEndEvent, SequenceEndEvent)
    stack: list[tuple[Any, bool, Any]] = []  # the enclosing collections: (it, is_map, key)
    path: list[str | int] = []  # with ``lines``: the key or index of each enclosing item
    current: Any = None  # the collection being filled (None: the document itself)
    is_map = False
    key: Any = _NO_KEY  # in a mapping: the key waiting for its value
    root: Any = None
    documents = 0
    # Each answer's text once: a register repeats its owners, formats and frequencies
    # thousands of times, and the cards built from this data keep every one of them.
    texts: dict[str, str] = {}
    share = texts.setdefault
    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar_event:
            if event.anchor is not None:  # type: ignore[attr-defined]
                raise _anchor_problem(event)
            tag = event.tag  # type: ignore[attr-defined]
            value = event.value  # type: ignore[attr-defined]
            if tag is None:
                if value in NULLS and event.implicit[0]:  # type: ignore[attr-defined]
                    value = None
            elif tag == "!":  # "resolve as if untagged": PyYAML always does, libyaml not for `!`
                if value in NULLS:
                    value = None
            elif tag != STR_TAG:
                raise _tag_problem(tag, event)
            if is_map:
                if key is _NO_KEY:
                    if value is None:
                        # ``~: a`` and ``null: b`` would be one key: YAML keeps the last.
                        raise YamlProblem(
                            "a key must be a plain name",
                            _line(event),
                            "Write a name before the ':' (quote it if it is ~ or null).",
                        )
                    if value in current:
                        if lines is None:
                            raise _NeedLines
                        first = lines[(*path, value)]
                        raise YamlProblem(
                            f"the key {value!r} appears twice (lines {first} and {_line(event)})",
                            _line(event),
                            "Keep one of them: YAML would silently keep only the last.",
                        )
                    key = value
                    if lines is not None:
                        lines[(*path, value)] = _line(event)
                    continue
                current[key] = share(value, value) if value is not None else None
                key = _NO_KEY
            elif current is not None:
                if lines is not None:
                    lines[(*path, len(current))] = _line(event)
                current.append(share(value, value) if value is not None else None)
            else:
                root = value
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None:  # type: ignore[attr-defined]
                raise _anchor_problem(event)
            tag = event.tag  # type: ignore[attr-defined]
            if tag is not None and tag != "!":
                raise _tag_problem(tag, event)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    f"lists and sections are nested more than {MAX_DEPTH} deep",
                    _line(event),
                    "cds files are a few levels deep: check the brackets and indentation.",
                )
            new: Any = {} if kind is mapping_start else []
            if is_map:
                if key is _NO_KEY:
                    raise YamlProblem(
                        "a key must be a plain name",
                        _line(event),
                        "Write a name before the ':' (quote it if it is ~ or null).",
                    )
                current[key] = new
                if lines is not None:
                    path.append(key)
            elif current is not None:
                if lines is not None:
                    index = len(current)
                    lines[(*path, index)] = _line(event)
                    path.append(index)
                current.append(new)
            else:
                root = new
            stack.append((current, is_map, key))
            current, is_map, key = new, kind is mapping_start, _NO_KEY
        elif kind in ends:
            current, is_map, key = stack.pop()
            key = _NO_KEY
            if lines is not None and stack:
                path.pop()
        elif kind is AliasEvent:
            raise _anchor_problem(event)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    "this is not valid YAML: the file holds a second document from here",
                    _line(event),
                    "cds files hold one document: remove the '---' or '...' line.",
                )
        elif kind is StreamEndEvent:
            return root


@contextlib.contextmanager
def building() -> Iterator[None]:
    """Held while building a large tree of new lists and mappings: nothing in it is garbage
    yet, so the collector, which would walk it again and again as it grows, is paused."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, fast: bool, lines: dict[PathKey, int] | None) -> Any:
    """One pass over the events of ``fast`` (libyaml's) or PyYAML's Python parser."""
    parser: Any = _CParser(text) if fast else LiteralLoader(text)
    try:
        with building():
            data = _compose(parser.get_event, lines)
    finally:
        parser.dispose()
    if not fast and _has_surrogate(data):
        _refuse_surrogate(text)
    return data


def _has_surrogate(data: Any) -> bool:
    if isinstance(data, str):
        return not data.isascii() and _SURROGATE.search(data) is not None
    if isinstance(data, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in data.items())
    if isinstance(data, list):
        return any(_has_surrogate(v) for v in data)
    return False


def _refuse_surrogate(text: str) -> None:
    for event in yaml.parse(text, Loader=LiteralLoader):
        if isinstance(event, ScalarEvent) and _has_surrogate(event.value):
            raise YamlProblem(
                "the text holds an escaped half of a character pair (\\uD800 to \\uDFFF), "
                "which is not a character",
                _line(event),
                "Write the character itself, or escape it whole as \\U followed by 8 digits.",
            )


def _load(text: str, fast: bool, with_lines: bool) -> Loaded:
    if with_lines:
        lines: dict[PathKey, int] = {}
        return Loaded(_parse(text, fast, lines), lines)
    try:
        return Loaded(_parse(text, fast, None), text=text, fast=fast)
    except _NeedLines:
        _parse(text, fast, {})  # raises the duplicate key's problem, naming both its lines
        raise AssertionError("a duplicate key was found only once") from None


def loads(text: str, *, with_lines: bool = False) -> Loaded:
    """Parse YAML text safely and literally. The line of every key is worked out when first
    asked for, or at once ``with_lines`` (in the same pass: for callers that will need it)."""
    if len(text) > MAX_BYTES or (
        not text.isascii() and len(text.encode("utf-8", errors="replace")) > MAX_BYTES
    ):
        raise YamlProblem(
            f"the text is larger than {MAX_BYTES:,} bytes ({MAX_BYTES / 1e6:g} MB), "
            "the most cds reads",
            None,
            TOO_LARGE_HINT,
        )
    refuse_merge_conflicts(text)  # before parsing: a git conflict is not a YAML mistake
    if _CParser is not None:
        try:
            return _load(text, True, with_lines)
        except (yaml.YAMLError, UnicodeEncodeError):
            pass  # PyYAML's Python parser names the problem, in its own words, below
    try:
        return _load(text, False, with_lines)
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
        raise YamlProblem(
            f"the character U+{ord(char):04X} is not allowed in YAML text",
            _line_at(text, exc.position),
            "Delete it: it is an invisible control character, often pasted by accident.",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"this is not valid YAML: {exc}") from None


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML 1.1's line breaks


def _line_at(text: str, index: int) -> int:
    """The line (1-based, as YAML counts lines) of the character at ``index``."""
    return len(_BREAK.findall(text, 0, index)) + 1


def read(path: Path, *, with_lines: bool = False) -> Loaded:
    """The YAML file at ``path``, read by :func:`read_text` and loaded by :func:`loads`."""
    return loads(read_text(path), with_lines=with_lines)


def refuse_merge_conflicts(text: str) -> None:
    """Raise a YamlProblem naming the lines of any unresolved git merge conflict."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return
    from citydata_share.conflicts import describe, find_conflicts

    conflicts = find_conflicts(text)
    if conflicts:
        message, hint = describe(conflicts)
        raise YamlProblem(message, conflicts[0].start, hint)
