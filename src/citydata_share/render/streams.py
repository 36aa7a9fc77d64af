"""Documents as streams of text: written to their files piece by piece, never whole in memory.

A large project's documents run to tens of megabytes each (the full report holds all the
others), so `cds report` never joins one into a single string: a body is rendered into a
:class:`Spool` (memory while small, a temporary file once large), then streamed into its
file and, for the full report, into that file too. Each function here is exact: on any
cutting of a text into chunks, it gives what its one-string counterpart gives on the whole
(``re.sub(r"\\n{3,}", "\\n\\n", text)``, ``text.strip("\\n")``...), so a document comes out the
same byte for byte whatever the chunks.
"""

from __future__ import annotations

import re
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

CHUNK = 1 << 16  # characters read back from a spool at a time
SPOOL_IN_MEMORY = 1 << 16  # characters a spool keeps in memory before it moves to a file

_BLANK_LINES = re.compile(r"\n{3,}")


class Spool:
    """Text written once, then read back as often as needed: in memory while it is small, in
    a temporary file (gone when the spool is closed or collected) once it is not."""

    def __init__(self, in_memory: int = SPOOL_IN_MEMORY) -> None:
        self._limit = in_memory
        self._parts: list[str] = []
        self._size = 0
        self._file: IO[str] | None = None

    def write(self, text: str) -> None:
        if self._file is None:
            if self._size + len(text) <= self._limit:
                self._parts.append(text)
                self._size += len(text)
                return
            # any text at all, lone surrogates included, comes back as it was written
            handle = tempfile.TemporaryFile(  # noqa: SIM115 (closed by close() or finalize)
                "w+", encoding="utf-8", errors="surrogatepass", newline=""
            )
            weakref.finalize(self, handle.close)
            for part in self._parts:
                handle.write(part)
            self._parts = []
            self._file = handle
        for start in range(0, len(text), CHUNK):  # a drawing of megabytes: encoded in pieces
            self._file.write(text[start : start + CHUNK] if len(text) > CHUNK else text)

    def chunks(self, size: int = CHUNK) -> Iterator[str]:
        """What was written, in pieces of about ``size`` characters."""
        if self._file is None:
            if len(self._parts) > 1:
                self._parts = ["".join(self._parts)]
            yield from self._parts
            return
        handle = self._file
        handle.flush()
        position = 0
        while True:
            handle.seek(position)  # each reader keeps its own place
            block = handle.read(size)
            if not block:
                return
            position = handle.tell()
            yield block

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._parts = []


def batched(chunks: Iterable[str], size: int = CHUNK) -> Iterator[str]:
    """The same text in pieces of at least ``size`` characters (the last may be shorter):
    many small writes (a template's output) made few."""
    pending: list[str] = []
    length = 0
    for chunk in chunks:
        if len(chunk) >= size:  # large already: passed on as it is, not copied
            if pending:
                yield "".join(pending)
                pending, length = [], 0
            yield chunk
            continue
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


def collapse_blank_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Every run of three or more line breaks made two, as ``re.sub(r"\\n{3,}", "\\n\\n")``
    does on the whole text (a run split between chunks is one run)."""
    carry = ""  # the line breaks the text so far ends with: the next chunk may add to them
    for chunk in chunks:
        if not chunk:
            continue
        text = carry + chunk if carry else chunk
        core = text.rstrip("\n")
        carry = text[len(core) :]
        if core:
            yield _BLANK_LINES.sub("\n\n", core)
    if carry:
        yield _BLANK_LINES.sub("\n\n", carry)


def strip_line_breaks(chunks: Iterable[str]) -> Iterator[str]:
    """The text without the line breaks it starts and ends with, as ``text.strip("\\n")``."""
    started = False
    carry = ""  # line breaks held back: dropped if nothing else follows them
    for chunk in chunks:
        if not started:
            chunk = chunk.lstrip("\n")
            if not chunk:
                continue
            started = True
        text = carry + chunk if carry else chunk
        core = text.rstrip("\n")
        carry = text[len(core) :]
        if core:
            yield core


def write_if_changed(path: Path, chunks: Iterable[str]) -> bool:
    """Write the text to ``path`` unless the file already holds exactly that text; True
    when written (atomically, never the whole text in memory: see ``store.atomic_write``)."""
    from citydata_share.store import atomic_write

    return atomic_write(path, chunks, unless_same=True)
