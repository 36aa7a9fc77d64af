"""Structural checks on a Markdown document, read as a CommonMark parser reads it.

:func:`structure_problems` parses with markdown-it-py (CommonMark, plus GFM tables as GitHub
renders them) and walks the token stream for the faults a template or an answer can cause:
lines run together (a list swallowing the paragraph after it, two paragraphs merged), a
table row with the wrong number of cells or a blank cell, an empty heading, a paragraph that
is really a broken table, raw HTML, and user text that became a heading, list, quote, code
block or table of its own (the hostile answers carry ``INJECT...`` sentinels for that).
"""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

SENTINEL = "INJECT"  # every hostile answer's block-making line starts with INJECT...
ALLOWED_INLINE_HTML = {"<br>"}  # what md_cell writes between the lines of a cell

_parser = MarkdownIt("commonmark").enable("table")


def _cells(row: str) -> list[str]:
    """A table row's cells as GFM splits them: on pipes not escaped and not in code."""
    body = row.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, current, in_code, i = [], "", False, 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            current += body[i : i + 2]
            i += 2
            continue
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append(current)
            current = ""
        else:
            current += char
        i += 1
    cells.append(current)
    return cells


def _inline_after(tokens: list[Token], i: int) -> Token | None:
    return tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].type == "inline" else None


def _where(token: Token) -> str:
    return f"line {token.map[0] + 1}" if token.map else "somewhere"


def _walk(tokens: list[Token], lines: list[str]) -> Iterator[str]:
    depth_list = 0
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth_list += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth_list -= 1
        elif kind == "heading_open":
            inline = _inline_after(tokens, i)
            content = inline.content.strip() if inline else ""
            if not content:
                yield f"{_where(token)}: an empty heading"
            elif content.startswith(SENTINEL):
                yield f"{_where(token)}: an answer became a heading: {content[:40]!r}"
            if token.markup in ("=", "-"):
                yield f"{_where(token)}: a setext heading (text underlined by the line after)"
        elif kind == "inline":
            for child in token.children or []:
                if child.type == "softbreak":
                    yield (
                        f"{_where(token)}: two lines run together "
                        f"({'in a list item' if depth_list else 'in a paragraph'}; "
                        f"a blank line is missing): {token.content[:60]!r}"
                    )
                    break
                if child.type == "html_inline" and child.content not in ALLOWED_INLINE_HTML:
                    yield f"{_where(token)}: raw HTML in the text: {child.content!r}"
            if depth_list and token.content.startswith(SENTINEL):
                yield f"{_where(token)}: an answer became a list item: {token.content[:40]!r}"
        elif kind == "paragraph_open":
            inline = _inline_after(tokens, i)
            if inline and inline.content.lstrip().startswith("|"):
                yield f"{_where(token)}: a table row outside a table: {inline.content[:60]!r}"
        elif kind == "html_block":
            yield f"{_where(token)}: a raw HTML block: {token.content[:60]!r}"
        elif kind in ("code_block", "fence"):
            # a Mermaid diagram carries answers on purpose, as labels mermaid.py makes safe
            if SENTINEL in token.content and token.info.strip() != "mermaid":
                yield f"{_where(token)}: an answer became a code block"
            if kind == "code_block":
                yield f"{_where(token)}: an indented code block: {token.content[:60]!r}"
        elif kind == "blockquote_open":
            yield f"{_where(token)}: a block quote"
        elif kind == "table_open" and token.map:
            yield from _table(token, lines)
        elif kind in ("th_open", "td_open"):
            inline = _inline_after(tokens, i)
            if inline is not None and inline.content.strip().startswith(SENTINEL + "TABLE"):
                yield f"{_where(token)}: an answer became a table: {inline.content[:40]!r}"


def _table(token: Token, lines: list[str]) -> Iterator[str]:
    assert token.map is not None
    start, end = token.map
    rows = lines[start:end]
    width = len(_cells(rows[0]))
    if len(_cells(rows[1])) != width:
        yield f"line {start + 2}: the table's delimiter row has a different number of cells"
    for n, row in enumerate(rows[2:], start=start + 3):
        cells = _cells(row)
        if len(cells) != width:
            yield f"line {n}: a table row with {len(cells)} cells, not {width}: {row[:70]!r}"
        if any(not c.strip() for c in cells):
            yield f"line {n}: a blank table cell: {row[:70]!r}"


def structure_problems(text: str) -> list[str]:
    """Every structural fault found in a Markdown document (an empty list: none)."""
    return list(_walk(_parser.parse(text), text.split("\n")))
