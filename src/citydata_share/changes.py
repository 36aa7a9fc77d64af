"""What changed between two versions of a file's answers, field by field, in words.

Pure functions over plain data (a card file or cds.yaml as parsed): the commit messages cds
writes and `cds history` both read their changes from here. Lists of records are matched by
the records' names, so adding a person at the top of a list is one change ("added 'Ana
Diaz'"), not a change to every person below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PathKey = tuple[str | int, ...]
ENVELOPE = ("card", "title", "schema_version")  # what every card file holds, not answers
NAME_KEYS = ("name", "title", "label", "activity")  # what names a record, when it has one
SHORT = 60  # characters of a value shown in a line of history or a commit message
SUBJECT = 100  # characters of a commit message's first line, at most


@dataclass(frozen=True)
class Change:
    """One answer that changed. ``old`` / ``new`` are None where there was / is no answer;
    a whole record added or removed has ``old`` / ``new`` None and the record on the other
    side."""

    path: PathKey  # in the newer version (in the older one for a removed record)
    old: Any
    new: Any
    record: str | None = None  # the name of the record the answer is in, if any

    @property
    def where(self) -> str:
        """``people[2].role``: the answer's place in the file."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    @property
    def is_record(self) -> bool:
        return isinstance(self.path[-1], int) and (
            isinstance(self.old, Mapping) or isinstance(self.new, Mapping)
        )

    def line(self) -> str:
        """``people[2].role: Data Analyst -> Head of Analysis``, or ``people[3]: added
        'Bob Lee'``."""
        if self.is_record:
            if self.old is None:
                return f"{self.where}: added {_quoted(self.new)}"
            if self.new is None:
                return f"{self.where}: removed {_quoted(self.old)}"
        return f"{self.where}: {shown(self.old)} -> {shown(self.new)}"

    def words(self) -> str:
        """The change in a few words for a commit message: "role of 'Data Analyst'",
        "added 'Bob Lee' to people", "purpose"."""
        names = [_words(p) for p in self.path if isinstance(p, str)]
        if self.is_record:
            listed = " ".join(names) or "the list"
            if self.old is None:
                return f"added {_quoted(self.new)} to {listed}"
            if self.new is None:
                return f"removed {_quoted(self.old)} from {listed}"
        if self.record is not None and len(names) > 1:
            return f"{names[-1]} of '{clean(self.record, SHORT)}'"
        return " ".join(names) or "the file"


def answers_of(data: Any) -> dict[str, Any]:
    """A file's answers: what a card file or cds.yaml holds, less the envelope."""
    if not isinstance(data, Mapping):
        return {}
    return {k: v for k, v in data.items() if k not in ENVELOPE}


def diff(old: Any, new: Any) -> list[Change]:
    """Every answer that differs between ``old`` and ``new`` (files' data as parsed)."""
    return _diff(answers_of(old), answers_of(new), (), None)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _diff(old: Any, new: Any, path: PathKey, record: str | None) -> list[Change]:
    if old == new or (_empty(old) and _empty(new)):
        return []
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        found: list[Change] = []
        for key in [*new, *(k for k in old if k not in new)]:
            found += _diff(old.get(key), new.get(key), (*path, str(key)), record)
        return found
    if _records(old) and _records(new):
        return _diff_records(old or [], new or [], path)
    return [Change(path, None if _empty(old) else old, None if _empty(new) else new, record)]


def _records(value: Any) -> bool:
    """A list of records (or no answer, which may become one)."""
    if _empty(value):
        return True
    return isinstance(value, list) and all(isinstance(item, Mapping) for item in value)


def name_of(record: Any) -> str | None:
    """What a record is called: its name (or title...), else its first text answer."""
    if not isinstance(record, Mapping):
        return None
    for key in (*NAME_KEYS, *record):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def pair_records(old: list[Any], new: list[Any]) -> list[tuple[int | None, int | None]]:
    """Which old record each new one is: the one in the same place with the same name,
    else one of the same name elsewhere (the list grew or shrank before it), else the one
    in the same place (renamed). ``(None, j)`` is a record added, ``(i, None)`` one removed.
    """
    names_old = [_key(name_of(r) or "") for r in old]
    names_new = [_key(name_of(r) or "") for r in new]
    matched = {j: j for j in range(min(len(old), len(new))) if names_old[j] == names_new[j]}
    used = set(matched.values())
    waiting: dict[str, list[int]] = {}
    for i, name in enumerate(names_old):
        if i not in used and name:
            waiting.setdefault(name, []).append(i)
    for j, name in enumerate(names_new):
        if j not in matched and waiting.get(name):
            matched[j] = waiting[name].pop(0)
            used.add(matched[j])
    for j in range(min(len(old), len(new))):
        if j not in matched and j not in used:
            matched[j] = j
            used.add(j)
    pairs: list[tuple[int | None, int | None]] = [(matched.get(j), j) for j in range(len(new))]
    pairs += [(i, None) for i in range(len(old)) if i not in used]
    return pairs


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _diff_records(old: list[Any], new: list[Any], path: PathKey) -> list[Change]:
    found: list[Change] = []
    for i, j in pair_records(old, new):
        if i is None:
            assert j is not None
            found.append(Change((*path, j), None, new[j], name_of(new[j])))
        elif j is None:
            found.append(Change((*path, i), old[i], None, name_of(old[i])))
        else:
            name = name_of(new[j]) or name_of(old[i])
            found += _diff(old[i], new[j], (*path, j), name)
    return found


# Words -----------------------------------------------------------------------------------

_CONTROL = re.compile(r"\s+")


def clean(text: str, limit: int | None = None) -> str:
    """Text on one line, without control characters, cut to ``limit`` with an ellipsis."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cc" or c in "\t\n\r")
    text = _CONTROL.sub(" ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def shown(value: Any, limit: int = SHORT) -> str:
    """An answer as a reader would write it: text as is, a list joined, nothing as '(none)'."""
    if _empty(value):
        return "(none)"
    if isinstance(value, Mapping):
        name = name_of(value)
        return f"'{clean(name, limit)}'" if name else clean(_flat(value), limit)
    if isinstance(value, list):
        return clean(", ".join(shown(item, limit) for item in value), limit)
    return clean(str(value), limit)


def _flat(value: Mapping[str, Any]) -> str:
    return "; ".join(f"{k}: {shown(v)}" for k, v in value.items() if not _empty(v))


def _quoted(record: Any) -> str:
    name = name_of(record)
    return f"'{clean(name, SHORT)}'" if name else "a record"


def _words(name: str) -> str:
    return name.replace("_", " ")


def subject(what: str, changes: list[Change], *, new_file: bool = False) -> str:
    """A commit message's first line: "team: 3 answers changed (role of 'Data Analyst';
    added 'Bob Lee' to people; purpose)"."""
    count = len(changes)
    head = (
        f"{what}: first answers saved"
        if new_file
        else f"{what}: {count} answer{'s' if count != 1 else ''} changed"
    )
    items = list(dict.fromkeys(change.words() for change in changes))
    return head + listed(items, SUBJECT - len(head))


def listed(items: list[str], room: int) -> str:
    """`` (a; b; and 3 more)``, as many items as fit in ``room`` characters."""
    if not items:
        return ""
    shown_items: list[str] = []
    for n, item in enumerate(items):
        rest = len(items) - n - 1
        tail = f"; and {rest} more" if rest else ""
        candidate = "; ".join([*shown_items, item])
        if len(candidate) + len(tail) + 3 > room and shown_items:
            return f" ({'; '.join(shown_items)}; and {len(items) - n} more)"
        shown_items.append(item)
    return f" ({'; '.join(shown_items)})"


def message(what: str, old: Any, new: Any) -> str:
    """The commit message for one file's new answers: a subject, then a line per change."""
    changes = diff(old, new)
    if old is None:
        top = [Change((k,), None, v) for k, v in answers_of(new).items() if not _empty(v)]
        head = subject(what, top, new_file=True)
    else:
        head = subject(what, changes)
    body = "\n".join(f"- {change.line()}" for change in changes)
    return head + (f"\n\n{body}" if body else "") + "\n"
