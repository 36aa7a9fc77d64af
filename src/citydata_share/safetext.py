"""User text made safe to show: every control and bidi character is written out visibly.

Text from a card file, cds.yaml, an answers file, a path or an option can hold characters a
terminal obeys instead of showing: ESC starts a sequence that can retitle the window or
clear the screen, a C1 control (U+0080-U+009F) can do the same on some terminals, a carriage
return overwrites what was printed, and a bidi override (U+202E...) reorders the letters a
reader sees. :func:`visible` writes each such character as an escape a reader can see
(``\\x1b``, ``\\u202e``); tab and newline stay as they are.

It is the one mechanism: the terminal consoles apply it to everything they print
(:mod:`citydata_share.cli.output`), the wizard's prompter to every message it shows, and the
Jinja environment to every value a template prints (:mod:`citydata_share.render.env`).
Rich markup is a separate matter: user text inside a markup string still goes through
``rich.markup.escape`` (or into a ``Text``), so that ``[bold]`` is shown as typed.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL and the C1 controls; the bidi embeddings, overrides,
# isolates and marks; and lone surrogates, which cannot even be encoded for output.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control and bidi character written out (``\\x1b``, ``\\u202e``).

    Idempotent: what it writes is plain ASCII, so applying it twice changes nothing more.
    """
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def is_safe(text: str) -> bool:
    """True when :func:`visible` would leave ``text`` as it is."""
    return _UNSAFE.search(text) is None


def width(text: str) -> int:
    """How many terminal columns ``text`` takes (a wide emoji or a CJK letter takes two)."""
    from wcwidth import wcswidth

    shown = visible(text)
    columns = wcswidth(shown)
    return columns if columns >= 0 else len(shown)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``limit`` columns."""
    flat = " ".join(visible(text).split())
    if width(flat) <= limit:
        return flat
    cut = flat[:limit]
    while cut and width(cut) > limit - 1:
        cut = cut[:-1]
    return cut + "…"


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` terminal columns (a ``:<N`` that counts
    wide characters as the terminal does)."""
    return text + " " * max(columns - width(text), 0)
