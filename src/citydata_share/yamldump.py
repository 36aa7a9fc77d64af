"""Writing cds's YAML: the text PyYAML's emitter writes, in a fraction of its time.

cds writes every file as PyYAML's ``safe_dump`` would with cds's settings (field order kept,
lists indented under their key, multi-line text as ``|`` blocks, text another reader could
misread quoted, no line ever wrapped). PyYAML's emitter spends most of its time looking at
every character of every value one by one; this module writes the same text directly:

* the layout (keys, list items, indentation, empty ``[]`` and ``{}``) is written here;
* a value that is plainly text (letters, digits, spaces and harmless marks, and not a word
  YAML 1.1 reads as something else, such as ``no`` or ``0123``) is written as it is;
* any other value is judged by PyYAML's own analysis, and written as PyYAML writes it;
* anything unusual (a key that needs quotes, a value too long for one line, a type other
  than text, numbers, yes/no and nothing) is handed to PyYAML's emitter whole.

tests/test_yaml_properties.py checks that both write the same text for any data.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml
from yaml.emitter import Emitter
from yaml.nodes import ScalarNode

STR_TAG = "tag:yaml.org,2002:str"
LONGEST = 50_000  # longer values go to PyYAML whole (it could wrap them; cds never does)
LONGEST_KEY = 100  # PyYAML writes a key of 123 characters or more as ``? key``
INDENT = 2

# Line breaks in YAML 1.1 but not in YAML 1.2 (nor for most editors): written raw, another
# reader would see different text, and a rewrite that splits lines would change the value.
UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


class Dumper(yaml.SafeDumper):
    """SafeDumper with block text for multi-line strings and no flow style."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key: easier to read and edit by hand.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if UNICODE_BREAKS.intersection(value):
        style: str | None = '"'  # escaped as \N, \L, \P
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(STR_TAG, value, style=style)


Dumper.add_representer(str, _represent_str)


def pyyaml_dumps(data: Any) -> str:
    """The text PyYAML's own emitter writes: the reference for :func:`dumps`."""
    return yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=INDENT,
    )


class _Unusual(Exception):
    """Something this module does not write itself: PyYAML writes the whole text."""


# What PyYAML's analysis allows as a plain value in a block, for printable ASCII text: no
# indicator first (``- ? : , [ ] { } # & * ! | > ' " % @ ```), no ``: `` or `` #`` inside,
# no space at either end, no ``---`` or ``...`` first. Anything else is analysed by PyYAML.
_FIRST = "".join(
    re.escape(c) for c in map(chr, range(0x21, 0x7F)) if c not in "-?:,[]{}#&*!|>'\"%@`"
)
_PLAIN = re.compile(rf"(?!\.\.\.)[{_FIRST}](?:[!-9;-~]|:(?=[!-~])| (?=[!\"$-~]))*")

_FIRST_SET = frozenset(c for c in map(chr, range(0x21, 0x7F)) if c not in "-?:,[]{}#&*!|>'\"%@`")


def _is_plain(value: str) -> bool:
    """``_PLAIN.fullmatch(value)``, with string methods rather than a regular expression
    that steps through every character (it was most of the time of writing a large card):
    printable ASCII, no indicator first, no ``...`` first, no ``: `` or ``:`` at the end,
    no two spaces together, no `` #``, no space at the end. The tests check both agree."""
    return (
        value != ""
        and value[0] in _FIRST_SET
        and value.isascii()
        and value.isprintable()
        and value[-1] not in " :"
        and ": " not in value
        and "  " not in value
        and " #" not in value
        and not value.startswith("...")
    )


_RESOLVER = yaml.resolver.Resolver()
_ANALYST = Emitter(io.StringIO(), allow_unicode=True)
# The first characters of what YAML 1.1 may read as other than text (a number, yes/no, a
# date, null...): any other text is text. (No resolver looks at every value, or none is.)
_RESOLVED_FIRST = (
    frozenset(_RESOLVER.yaml_implicit_resolvers)
    if None not in _RESOLVER.yaml_implicit_resolvers
    else None
)


def _reads_as_text(value: str) -> bool:
    """Whether a YAML 1.1 reader takes ``value``, unquoted, as text (``no`` is a boolean)."""
    if _RESOLVED_FIRST is not None and value and value[0] not in _RESOLVED_FIRST:
        return True
    tag: str = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == STR_TAG


def _double_quoted(value: str) -> str:
    stream = io.StringIO()
    writer = Emitter(stream, allow_unicode=True, width=1_000_000)
    writer.write_double_quoted(value)
    return stream.getvalue()


def _literal(value: str, indent: int) -> str:
    """A ``|`` block whose lines start at column ``indent``; the header first, no newline."""
    hints = _ANALYST.determine_block_hints(value)
    segments = value.split("\n")
    if segments[-1] == "":
        segments.pop()
    pad = " " * indent
    return f"|{hints}\n" + "".join(f"{pad}{s}\n" if s else "\n" for s in segments)


def _text(value: str, indent: int) -> tuple[str, bool]:
    """How a text value is written after ``key: `` or ``- ``, with its line break, and
    whether it ends the document open (a ``|+`` block, after which PyYAML writes ``...``)."""
    if len(value) > LONGEST:
        raise _Unusual
    if _is_plain(value) and _reads_as_text(value):
        return value + "\n", False
    if UNICODE_BREAKS.intersection(value):
        return _double_quoted(value) + "\n", False
    analysis = _ANALYST.analyze_scalar(value)
    if "\n" in value:
        if analysis.allow_block:
            block = _literal(value, indent)
            return block, block.startswith(("|+", "|2+"))
        return _double_quoted(value) + "\n", False
    if analysis.allow_block_plain and _reads_as_text(value):
        return value + "\n", False
    if analysis.allow_single_quoted:
        return "'" + value.replace("'", "''") + "'\n", False
    return _double_quoted(value) + "\n", False


def _other(value: Any) -> str:
    """A value that is not text: nothing, yes/no or a number, as PyYAML writes it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float:
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    raise _Unusual


class _Writer:
    """Writes the layout, each value after its key or ``-``. Each key (with its
    indentation) and each value written on one line are worked out once, and the loops
    write the most common values, text seen before, without a call."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open_at = -1  # len(out) just after a ``|+`` block: still the end, ``...`` follows
        self.keys: dict[str, str] = {}  # each key, as written (checked once): ``name:``
        self.heads: dict[int, dict[str, str]] = {}  # by indent: each key after its indent
        self.plain: dict[str, str] = {}  # values written on one line, as written: `` x\n``
        self.seen: set[int] = set()  # the lists and mappings written so far

    def once(self, collection: Any) -> None:
        """PyYAML writes a list or mapping met twice as an anchor and an alias: not here."""
        if id(collection) in self.seen:
            raise _Unusual
        self.seen.add(id(collection))

    def key(self, key: Any) -> str:
        written = self.keys.get(key)
        if written is None:
            if (
                type(key) is not str
                or len(key) > LONGEST_KEY
                or not _is_plain(key)
                or not _reads_as_text(key)
            ):
                raise _Unusual
            written = self.keys[key] = key + ":"
        return written

    def value(self, value: Any, indent: int) -> None:
        """A value after ``key:`` or ``-`` (no space yet), its lines indented at ``indent``."""
        out = self.out
        kind = type(value)
        if kind is str:
            written = self.plain.get(value)
            if written is None:
                text, open_end = _text(value, indent)
                written = " " + text
                if not text.startswith("|"):
                    self.plain[value] = written
                out.append(written)
                if open_end:
                    self.open_at = len(out)
            else:
                out.append(written)
            return
        if kind is dict:
            if not value:
                self.once(value)
                out.append(" {}\n")
                return
            out.append("\n")
            self.mapping(value, indent)
        elif kind is list:
            if not value:
                self.once(value)
                out.append(" []\n")
                return
            out.append("\n")
            self.sequence(value, indent)
        else:
            out.append(f" {_other(value)}\n")

    def mapping(self, data: dict[Any, Any], indent: int, first_inline: bool = False) -> None:
        self.once(data)
        out, plain = self.out, self.plain
        heads = self.heads.get(indent)
        if heads is None:
            heads = self.heads[indent] = {}
        inner = indent + INDENT
        for key, value in data.items():
            if first_inline:  # after ``- ``: no indent
                out.append(self.key(key))
                first_inline = False
            else:
                head = heads.get(key)
                if head is None:
                    head = heads[key] = " " * indent + self.key(key)
                out.append(head)
            if type(value) is str:
                written = plain.get(value)
                if written is None and _is_plain(value) and _reads_as_text(value):
                    if len(value) > LONGEST:
                        raise _Unusual
                    written = plain[value] = f" {value}\n"
                if written is not None:
                    out.append(written)
                    continue
            self.value(value, inner)

    def sequence(self, items: list[Any], indent: int, first_inline: bool = False) -> None:
        self.once(items)
        out, plain = self.out, self.plain
        dash = " " * indent + "-"
        inner = indent + INDENT
        for item in items:
            out.append("-" if first_inline else dash)
            first_inline = False
            kind = type(item)
            if kind is str:
                written = plain.get(item)
                if written is not None:
                    out.append(written)
                    continue
                self.value(item, inner)
            elif kind is dict and item:
                out.append(" ")
                self.mapping(item, inner, first_inline=True)
            elif kind is list and item:
                out.append(" ")
                self.sequence(item, inner, first_inline=True)
            else:
                self.value(item, inner)


def dumps(data: Any) -> str:
    """YAML text for ``data``, exactly as :func:`pyyaml_dumps` writes it."""
    if type(data) is not dict or not data:
        return pyyaml_dumps(data)
    writer = _Writer()
    try:
        writer.mapping(data, 0)
    except _Unusual:
        return pyyaml_dumps(data)
    if writer.open_at == len(writer.out):  # the text ends with a ``|+`` block
        writer.out.append("...\n")
    return "".join(writer.out)


class NotSure(Exception):
    """:func:`loaded_form` cannot say what reading the written text gives back."""


def loaded_form(data: Any, deepest: int) -> Any:
    """What reading the text :func:`dumps` writes for ``data`` gives back, worked out from
    ``data`` rather than by reading the text: cds reads every value literally, so text stays
    text, nothing stays None, and yes/no and numbers come back as the text written for them
    (``true``, ``12``, ``1.5``). Lists and mappings nested more than ``deepest`` deep (which
    reading refuses), keys other than text, a list or mapping met twice and values of any
    other type raise :class:`NotSure`: then read the text. ``tests/test_yaml_properties.py``
    checks that this is what reading gives, for any data."""
    seen: set[int] = set()

    def form(value: Any, depth: int) -> Any:
        kind = type(value)
        if kind is str or value is None:
            return value
        if kind is dict or kind is list:
            if depth > deepest or id(value) in seen:
                raise NotSure
            seen.add(id(value))
            depth += 1
            if kind is list:  # text, the most of any card, without a call
                return [item if type(item) is str else form(item, depth) for item in value]
            out = {}
            for key, item in value.items():
                if type(key) is not str:
                    raise NotSure
                out[key] = item if type(item) is str else form(item, depth)
            return out
        try:
            return _other(value)
        except _Unusual:
            raise NotSure from None

    return form(data, 1)
