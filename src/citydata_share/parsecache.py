"""The data of parsed YAML files, kept by content, so that a file read again is not parsed
again.

Parsing is most of the time of loading a large card (the composer is Python over libyaml's
events: about a quarter of a second a megabyte; a register of 10,000 datasets is 6.4 MB),
and most loads read a file that cds has read or written before. Each file's data is kept in
the project's ``.cds/parsed/`` folder (git-ignored), as JSON, which reads several times
faster, under a key: a hash of the file's exact bytes, of cds's code version and of this
format's number. A load whose bytes give the entry's key takes the entry's data; any other
parses the file, exactly as without the cache, and keeps what it gives. One entry per file
(its last version), so the folder never holds more than the project's files' data.

The cache is only ever a copy:

* an entry that is missing, not an ordinary file, too large, unreadable, from another
  version of cds, for other bytes, or edited by hand (each entry holds a hash of its data)
  is ignored, and replaced by the next load;
* an entry holds exactly what the parse gives: text, None, lists and mappings. An entry
  with numbers, or with an escaped half of a surrogate pair (which no YAML file cds reads
  can give), is ignored;
* it knows nothing of lines: a caller that needs them (an error to report) reads the file;
* ``CDS_NO_CACHE=1`` turns it off (as it does the remembered board); a folder cds cannot
  write to just means no cache.

Within one run the same keys let a save reuse the data it already holds (:class:`Parsed`)
rather than parse again the text it has just loaded or written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citydata_share import yamlload

FORMAT = 2  # of an entry: a new format is a new key
FOLDER = "parsed"  # in the project's state folder (.cds)
MAX_ENTRY_BYTES = 4 * yamlload.MAX_BYTES  # JSON can be longer than the YAML it replaces
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class Parsed:
    """The data of a text, as :func:`citydata_share.yamlio.loads` gives it, and the text's
    key (:func:`key`)."""

    key: str
    data: Any


class _Miss(Exception):
    """The entry cannot be used."""


def enabled() -> bool:
    from citydata_share.boardcache import enabled as board_enabled

    return board_enabled()  # one switch, CDS_NO_CACHE, for both


@functools.cache
def _keyed() -> Any:
    """The hash with the format and the code version in it, ready for a file's bytes."""
    from citydata_share.boardcache import code_version

    digest = hashlib.sha256()  # the processor computes SHA-256 itself: twice blake2b's speed
    code = code_version().encode("utf-8", "surrogateescape")
    digest.update(f"cds parsed YAML, format {FORMAT}\n{len(code)}\n".encode())
    digest.update(code)
    return digest


def key(raw: bytes) -> str:
    """The key of a file's exact bytes (for this version of cds)."""
    digest = _keyed().copy()
    digest.update(raw)
    return str(digest.hexdigest())


def _check(payload: bytes | memoryview) -> str:
    return hashlib.sha256(payload).hexdigest()


def entry(state_dir: Path, name: str) -> Path:
    """Where the data of the file called ``name`` (a card's id, ``cds.yaml``) is kept."""
    return state_dir / FOLDER / f"{name}.json"


def _sharing() -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A mapping's pairs as a dict, each text answer once for the whole file, as the parser
    does (yamlload._compose): a register repeats its owners, formats and frequencies
    thousands of times, and the cards built from the data keep every one."""
    texts: dict[str, str] = {}
    share = texts.setdefault

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        return {k: share(v, v) if type(v) is str else v for k, v in pairs}

    return mapping


def _refuse(_: str) -> Any:
    raise _Miss


def recall(path: Path, wanted: str) -> Parsed | None:
    """The data the entry at ``path`` keeps for the key ``wanted``; None if it keeps none
    that can be used (it is then replaced by the next :func:`keep`)."""
    if not enabled():
        return None
    try:
        raw = yamlload.read_bytes(path, MAX_ENTRY_BYTES)
        end = _checked(raw, wanted)
        if end is None:
            return None
        with memoryview(raw)[end + 1 :] as payload:  # not copied: an entry can be megabytes
            text = str(payload, "utf-8")  # strictly: json would let encoded surrogates through
        del raw
        surrogate = _SURROGATE_ESCAPE.search(text) is not None
        with yamlload.building():
            data = json.loads(
                text,
                object_pairs_hook=_sharing(),
                parse_int=_refuse,
                parse_float=_refuse,
                parse_constant=_refuse,
            )
    except (OSError, ValueError, RecursionError, _Miss, yamlload.YamlProblem):
        return None
    if surrogate and yamlload._has_surrogate(data):
        return None
    return Parsed(wanted, data)


def _checked(raw: bytes, wanted: str) -> int | None:
    """Where the header line of the entry ``raw`` ends, if the entry is one cds wrote for
    the key ``wanted`` (its format, its key, and a hash of its payload that still holds);
    else None. Raises ValueError for a header that is not JSON."""
    end = raw.find(b"\n")
    header = json.loads(raw[:end]) if end > 0 else None
    with memoryview(raw)[end + 1 :] as payload:  # not copied: an entry can be megabytes
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("key") != wanted
            or header.get("check") != _check(payload)
        ):
            return None
    return end


def _encode(key: str, value: Any) -> bytes:
    return _member(key) + _json(value)


def _member(key: str) -> bytes:
    return _json(key) + b":"


def _json(value: Any) -> bytes:
    # A lone surrogate cannot be encoded: no entry, rather than \ud800.
    return json.dumps(value, ensure_ascii=False, allow_nan=False, check_circular=False).encode()


def _payload(data: Any) -> bytes:
    """The entry's JSON text: a mapping with each key and its value on a line of its own
    (JSON text never holds a line break, only ``\n`` escaped), so that a save that changed
    a few keys rewrites their lines only (:func:`keep_changed`); anything else on one line."""
    if type(data) is not dict or not data:
        return _json(data)
    return b"{" + b",\n".join(_encode(k, v) for k, v in data.items()) + b"}"


def _write(path: Path, parsed_key: str, payload: bytes) -> None:
    from citydata_share.store import atomic_write

    header = {"format": FORMAT, "key": parsed_key, "check": _check(payload)}
    whole = json.dumps(header).encode() + b"\n" + payload
    if len(whole) > MAX_ENTRY_BYTES:
        path.unlink(missing_ok=True)
        return
    atomic_write(path, whole, durable=False)  # a torn entry fails its check: a miss


def keep(path: Path, parsed: Parsed) -> None:
    """Keep ``parsed`` as the entry at ``path`` (replacing any other). Best effort: data
    JSON cannot hold as it is, a folder cds cannot write to, mean no entry."""
    if not enabled():
        return
    with contextlib.suppress(ValueError, TypeError, RecursionError, OSError):
        _write(path, parsed.key, _payload(parsed.data))


def keep_changed(path: Path, before: Parsed, after: Parsed) -> None:
    """Keep ``after`` as the entry at ``path``, which keeps ``before``, by writing again
    only the lines of the top-level keys whose values are not the very same objects in
    both (a save of a few answers on a large card: its data is ``before``'s with those
    values replaced). Both mappings must have the same keys in the same order. Anything
    else (no such entry, another key, a failed check, other keys) keeps ``after`` whole."""
    if not enabled():
        return
    with contextlib.suppress(ValueError, TypeError, RecursionError, OSError):
        new, old = after.data, before.data
        if type(new) is dict and type(old) is dict and new and list(new) == list(old):
            payload = _rewritten(path, before.key, old, new)
            if payload is not None:
                _write(path, after.key, payload)
                return
    keep(path, after)


def _rewritten(path: Path, wanted: str, old: dict[str, Any], new: dict[str, Any]) -> bytes | None:
    """The payload of the entry at ``path`` (for the key ``wanted``, checked), with the
    lines of the keys whose values changed from ``old`` to ``new`` written again; None
    when the entry is not one to rewrite. The lines kept are not copied but once."""
    raw = yamlload.read_bytes(path, MAX_ENTRY_BYTES)
    end = _checked(raw, wanted)
    if end is None or not raw.startswith(b"{", end + 1) or not raw.endswith(b"}"):
        return None
    with memoryview(raw) as whole:
        pieces: list[bytes | memoryview] = [b"{"]
        at = end + 2  # each key's line: ``"key":value,`` (the last: ``"key":value}``)
        last = len(new) - 1
        for n, (key, value) in enumerate(new.items()):
            if not raw.startswith(_member(key), at):
                return None
            stop = raw.find(b"\n", at)
            if n < last:
                if stop < 0 or raw[stop - 1 : stop] != b",":
                    return None
                stop -= 1
            elif stop >= 0:
                return None
            else:
                stop = len(raw) - 1
            pieces.append(whole[at:stop] if value is old[key] else _encode(key, value))
            pieces.append(b",\n" if n < last else b"}")
            at = stop + 2
        return b"".join(pieces)


def load(path: Path, cache: Path | None) -> Parsed:
    """The data of the YAML file at ``path``, from the entry ``cache`` when it keeps this
    file's bytes, else parsed (and then kept there). Raises as
    :func:`citydata_share.yamlio.read` does: OSError, or YamlProblem with the line."""
    raw = yamlload.read_bytes(path)
    found = key(raw)
    if cache is not None and enabled():
        del raw  # not held while the entry is read: a large card is megabytes
        recalled = recall(cache, found)
        if recalled is not None:
            return recalled
        raw = yamlload.read_bytes(path)  # the file may have changed since: key it again
        found = key(raw)
    parsed = Parsed(found, yamlload.loads(yamlload.decode(raw)).data)
    if cache is not None:
        keep(cache, parsed)
    return parsed


def of_written(raw: bytes, text: str, data: Any, held: Any = None) -> Parsed | None:
    """What reading ``raw`` (``text``, UTF-8) gives, for a text cds has written from
    ``data`` (:func:`citydata_share.yamlio.dumps`, with comments carried over or a header
    added, which never change the data), without parsing it when that can be worked out
    from ``data``, or when the writer gives it as ``held`` (what
    :func:`citydata_share.yamlio.splice` works out). None when the text cannot be read
    (too large, say)."""
    from citydata_share import yamldump

    if len(raw) <= yamlload.MAX_BYTES:
        try:
            yamlload.refuse_merge_conflicts(text)
            if held is not None:
                return Parsed(key(raw), held)
            with yamlload.building():
                held = yamldump.loaded_form(data, yamlload.MAX_DEPTH)
            return Parsed(key(raw), held)
        except (yamldump.NotSure, yamlload.YamlProblem):
            pass
    try:
        return Parsed(key(raw), yamlload.loads(text).data)
    except yamlload.YamlProblem:
        return None
