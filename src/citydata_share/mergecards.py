"""A three-way merge of a file's answers: what two partners changed on two branches, answer
by answer.

Pure functions over plain data (a card file or cds.yaml as :mod:`citydata_share.yamlio`
reads it); the merge driver (:mod:`citydata_share.mergedriver`) does the reading, checking
and writing. For each answer: the side that changed it wins; both changed it the same way,
that is the answer; both changed it differently is a :class:`Clash`. Sections merge key by
key. Lists of records are paired as :mod:`citydata_share.changes` pairs them (by name, else
by place), so two partners editing different records, or different answers of one record,
merge; records added on both sides are all kept (ours first). A record one side removed and
the other edited is a clash. Lists of plain values (several organisations, say) are one
answer each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from citydata_share.changes import PathKey, name_of, pair_records


class _Missing:
    """No such key (or no such record) on one side."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Clash:
    """An answer the two sides changed differently."""

    path: PathKey
    why: str

    @property
    def where(self) -> str:
        """``people[2].role``, or ``the file`` for the whole of it."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "the file"


@dataclass(frozen=True)
class Merged:
    """The merged data (None when missing on both sides), and the clashes that stop it."""

    data: Any
    clashes: list[Clash] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.clashes


BOTH_CHANGED = "both sides changed it, differently"
REMOVED_AND_CHANGED = "one side removed it, the other changed it"


Side = Literal["ours", "base", "theirs"]


def merge(base: Any, ours: Any, theirs: Any, *, clash: Side = "ours") -> Merged:
    """Merge ``ours`` and ``theirs``, two versions of ``base`` (None: no such file).

    Each clash is reported, and in the data it keeps the answer of the side ``clash``
    names: the three versions, merged everywhere else, differ only where the sides clash
    (what a line merge of them then marks)."""
    run = _Run(clash)
    data = _merge(_given(base), _given(ours), _given(theirs), (), run)
    return Merged(None if data is MISSING else data, run.clashes)


@dataclass
class _Run:
    side: Side
    clashes: list[Clash] = field(default_factory=list)


def _given(value: Any) -> Any:
    return MISSING if value is None else value


def _empty(value: Any) -> bool:
    """No answer: nothing there, or an empty one (as changes.py counts it)."""
    return value is MISSING or value is None or value == "" or value == [] or value == {}


def _same(one: Any, other: Any) -> bool:
    if _empty(one) or _empty(other):
        return _empty(one) and _empty(other)
    return bool(one == other)


def _is_records(value: Any) -> bool:
    """A list of records, or no answer (which may become one)."""
    if _empty(value):
        return True
    return isinstance(value, list) and all(isinstance(item, Mapping) for item in value)


def _is_section(value: Any) -> bool:
    return isinstance(value, Mapping) or _empty(value)


def _merge(base: Any, ours: Any, theirs: Any, path: PathKey, run: _Run) -> Any:
    if _same(ours, theirs):
        return ours if ours is not MISSING else theirs
    if _same(base, ours):
        return theirs
    if _same(base, theirs):
        return ours
    # Both changed it, each its own way: look inside, where the changes may not meet.
    if isinstance(ours, Mapping) and isinstance(theirs, Mapping) and _is_section(base):
        return _merge_sections(base if isinstance(base, Mapping) else {}, ours, theirs, path, run)
    if (
        isinstance(ours, list)
        and isinstance(theirs, list)
        and _is_records(ours)
        and _is_records(theirs)
        and _is_records(base)
    ):
        return _merge_records(base if isinstance(base, list) else [], ours, theirs, path, run)
    removed = ours is MISSING or theirs is MISSING
    run.clashes.append(Clash(path, REMOVED_AND_CHANGED if removed else BOTH_CHANGED))
    return {"ours": ours, "base": base, "theirs": theirs}[run.side]


def _merge_sections(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    path: PathKey,
    run: _Run,
) -> dict[str, Any]:
    """Key by key, in our order, then the keys only they have, in theirs."""
    out: dict[str, Any] = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        value = _merge(
            base.get(key, MISSING),
            ours.get(key, MISSING),
            theirs.get(key, MISSING),
            (*path, str(key)),
            run,
        )
        if value is not MISSING:
            out[key] = value
    return out


def _key(record: Any) -> str:
    return " ".join((name_of(record) or "").split()).casefold()


def _merge_records(
    base: list[Any], ours: list[Any], theirs: list[Any], path: PathKey, run: _Run
) -> list[Any]:
    """Records paired with the base's by name (else by place), merged one by one; a record
    added on both sides under one name is one record, merged answer by answer."""
    base_of_ours = {j: i for i, j in pair_records(base, ours) if j is not None}
    base_of_theirs = {j: i for i, j in pair_records(base, theirs) if j is not None}
    theirs_of_base = {i: j for j, i in base_of_theirs.items() if i is not None}
    ours_of_base = {i: j for j, i in base_of_ours.items() if i is not None}
    # Records new on both sides under one name are the same record.
    new_theirs = [j for j in range(len(theirs)) if base_of_theirs[j] is None]
    theirs_of_new: dict[int, int] = {}
    for j in (j for j in range(len(ours)) if base_of_ours[j] is None):
        match = next((k for k in new_theirs if _key(theirs[k]) == _key(ours[j])), None)
        if match is not None and _key(ours[j]):
            theirs_of_new[j] = match
            new_theirs.remove(match)

    # Our order: each of our records merged with theirs; the base's records we kept.
    placed: list[tuple[str, int | None, Any]] = []  # (whose, index in theirs, the record)
    for j, record in enumerate(ours):
        i = base_of_ours[j]
        if i is None:
            k = theirs_of_new.get(j)
            other = theirs[k] if k is not None else MISSING
            merged = _merge(MISSING, record, other, (*path, j), run)
            placed.append(("ours" if k is None else "both", k, merged))
            continue
        k = theirs_of_base.get(i)
        other = theirs[k] if k is not None else MISSING
        merged = _merge(base[i], record, other, (*path, j), run)
        if merged is not MISSING:
            placed.append(("both", k, merged))
    # Their new records, and those we removed that they changed (a clash; kept in their
    # version and the base's), each after the record it follows in theirs.
    inserts = [(k, theirs[k]) for k in new_theirs]
    for i, record in enumerate(base):
        k = theirs_of_base.get(i)
        if i not in ours_of_base and k is not None:
            kept = _merge(record, MISSING, theirs[k], (*path, k), run)
            if kept is not MISSING:
                inserts.append((k, kept))
    for k, record in sorted(inserts, key=lambda pair: pair[0]):
        before = [n for n, (_, t, _) in enumerate(placed) if t is not None and t < k]
        at = max(before, key=lambda n: placed[n][1] or 0) + 1 if before else 0
        while at < len(placed) and placed[at][0] == "ours":
            at += 1
        placed.insert(at, ("theirs", k, record))
    return [record for _, _, record in placed]
