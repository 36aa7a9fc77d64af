"""The one Jinja2 environment every document is rendered with.

Configured once: a missing *variable* is a bug (``StrictUndefined``); a missing *answer* is
shown on purpose, as a visible "to do" (the :func:`gap` filter). User text only ever reaches a
template as data in the context, so a ``{{ ... }}`` typed by a user is printed as typed.
HTML templates (``*.html.j2``) are autoescaped; Markdown templates escape with
:func:`md_cell` (a table cell), :func:`md_text` (a paragraph or a list item) and
:func:`md_line` (a heading, a link's text), so that an answer reads as typed wherever it
lands and can never open a table, a list, a heading or a code block of its own. Whatever a
template prints, in either format, has its control and bidi characters written out visibly
(:func:`citydata_share.safetext.visible`, applied by the environment's ``finalize``).

Templates live in the top-level ``templates/`` folder. A wheel carries them inside the
package (``citydata_share/templates``, put there by hatch's ``force-include``); an editable
install does not, so the checkout's folder is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citydata_share.safetext import is_safe, visible

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.nodes import EvalContext

MARKER = "base.html.j2"  # a file every templates folder has: tells a real folder from a stub
TODO = "To do"


def template_candidates() -> list[Traversable]:
    """Where templates may be, best first: inside the package, then the checkout."""
    packaged = resources.files("citydata_share") / "templates"
    checkout = Path(__file__).resolve().parents[3] / "templates"
    return [packaged, checkout]


def find_templates(candidates: Sequence[Traversable] | None = None) -> Traversable:
    """The first candidate folder that really holds the templates."""
    tried = list(template_candidates() if candidates is None else candidates)
    for folder in tried:
        if folder.is_dir() and (folder / MARKER).is_file():
            return folder
    from citydata_share.errors import CdsError

    raise CdsError(
        "cds cannot find its document templates (looked in: "
        + ", ".join(str(f) for f in tried)
        + ").",
        "Reinstall cds: python -m pip install --force-reinstall citydata-share",
    )


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith((".html.j2", ".html", ".svg.j2"))


def make_env(folder: Traversable | None = None) -> Environment:
    """A new environment over ``folder`` (default: :func:`find_templates`)."""
    from jinja2 import Environment, FileSystemLoader, FunctionLoader, StrictUndefined

    root = folder if folder is not None else find_templates()
    if isinstance(root, Path):
        loader: Any = FileSystemLoader(str(root))
    else:  # a package inside a zip file or another non-file importer

        def load(name: str) -> str | None:
            target = root
            for part in name.split("/"):
                target = target / part
            return target.read_text(encoding="utf-8") if target.is_file() else None

        loader = FunctionLoader(load)
    env = Environment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=_finalize,
    )
    env.filters["md_cell"] = md_cell
    env.filters["md_text"] = md_text
    env.filters["md_line"] = md_line
    env.filters["md_url"] = md_url
    env.filters["cell"] = cell
    env.filters["text"] = text
    env.filters["gap"] = gap
    env.filters["join_or"] = join_or
    env.globals["gap"] = gap
    return env


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared environment (built on first use)."""
    return make_env()


# Filters --------------------------------------------------------------------------------

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_LINE_START = re.compile(r"^(?:([#>+\-*=])|(\d+)([.)]))", re.MULTILINE)
_MD_INLINE = re.compile(r"([\\`*\[\]~|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_MD_CLOSING_HASHES = re.compile(r"(#+)(\s*)$")
_URL_UNSAFE = re.compile(r"[\s()<>\x00-\x1f\x7f]")


def _finalize(value: Any) -> Any:
    """Every printed value, in both formats: control and bidi characters made visible."""
    if not isinstance(value, str) or is_safe(value):
        return value
    from markupsafe import Markup

    shown = visible(value)
    return Markup(shown) if isinstance(value, Markup) else shown  # ASCII: safe in HTML


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | dict) and len(value) == 0)


def _as_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value if not _is_empty(v))
    return str(value)


def _md_escape(value: str) -> str:
    """Markdown-escape text so that it reads as typed, wherever it lands.

    Backslashes, backticks, emphasis, link brackets and table pipes are escaped; an HTML
    tag opener or an entity is written so that it shows as typed (``<b>``, ``&amp;``)
    instead of turning text bold. A lone ``<`` (as in "less than 5 < 6") or ``&`` is left
    alone, so plain-text readers see plain text.
    """
    escaped = _MD_INLINE.sub(r"\\\1", visible(value))
    escaped = _ENTITY.sub("&amp;", escaped)
    return _TAG_START.sub("&lt;", escaped)


def _lines(value: Any) -> list[str]:
    """The lines of a value, each without the indentation that could open a code block."""
    text_value = _as_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in text_value.split("\n")]


def _block_start(line: str) -> str:
    """A line that cannot open a block: a heading, quote, list or setext underline."""

    def escape(match: re.Match[str]) -> str:
        marker, number, dot = match.groups()
        return f"\\{marker}" if marker else f"{number}\\{dot}"

    return _MD_LINE_START.sub(escape, line, count=1)


def md_cell(value: Any, empty: str = "not recorded") -> str:
    """One Markdown table cell: pipes escaped, lines joined with <br>, never blank."""
    if _is_empty(value):
        return f"_{empty}_"
    joined = "<br>".join(_md_escape(line) for line in _lines(value) if line)
    return joined or f"_{empty}_"


def md_text(value: Any) -> str:
    """Markdown-escape a paragraph of user text, keeping its line breaks.

    Safe as a paragraph and as a list item's text: every line is escaped where a block
    could start (``#``, ``>``, ``-``, ``1.``, a setext underline), indentation is dropped
    (it could open a code block), lines are joined with hard line breaks, and a blank line
    starts a new paragraph indented to stay inside a list item.
    """
    paragraphs: list[list[str]] = [[]]
    for line in _lines(value):
        if line:
            paragraphs[-1].append(_block_start(_md_escape(line)))
        elif paragraphs[-1]:
            paragraphs.append([])
    kept = ["  \n".join(lines) for lines in paragraphs if lines]
    return "\n\n  ".join(kept)


def md_line(value: Any) -> str:
    """User text on one line, for a heading or a link's text: line breaks become spaces,
    and closing ``#`` marks are escaped so that a heading keeps them."""
    line = " ".join(part for part in _lines(value) if part)
    escaped = _MD_CLOSING_HASHES.sub(
        lambda m: "\\#" * len(m.group(1)) + m.group(2), _md_escape(line)
    )
    return _block_start(escaped)


def md_url(value: Any) -> str:
    """A link's address for ``[text](address)``: spaces, brackets and controls encoded."""
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", _as_text(value).strip())


def _html_lines(value: str) -> Any:
    from markupsafe import Markup, escape

    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("<br>").join(escape(visible(line)) for line in lines)


def _autoescaping(eval_ctx: EvalContext) -> bool:
    return bool(eval_ctx.autoescape)


def _pass_eval(func: Any) -> Any:
    from jinja2 import pass_eval_context

    return pass_eval_context(func)


@_pass_eval
def cell(eval_ctx: EvalContext, value: Any, empty: str = "not recorded") -> Any:
    """A value for a table cell in either format; never blank."""
    from markupsafe import Markup

    if not _autoescaping(eval_ctx):
        return md_cell(value, empty)
    if _is_empty(value):
        return Markup('<span class="none">') + empty + Markup("</span>")
    return _html_lines(_as_text(value))


@_pass_eval
def text(eval_ctx: EvalContext, value: Any) -> Any:
    """A paragraph of user text in either format, line breaks kept."""
    if not _autoescaping(eval_ctx):
        return md_text(value)
    return _html_lines(_as_text(value))


@_pass_eval
def gap(
    eval_ctx: EvalContext, what: str, command: str | None = None, fix: str | None = None
) -> Any:
    """A visible "to do" for an unanswered question, naming the command that answers it.

    ``fix`` says what to do when no command does it (e.g. a line to add to cds.yaml). Every
    gap shown is recorded (:mod:`citydata_share.render.gaps`), so what cds says about a
    document's gaps is exactly what the document shows.
    """
    from markupsafe import Markup, escape

    from citydata_share.render.gaps import Gap, record

    shown = Gap(" ".join(str(what).split()), command or None, fix)
    record([shown])
    if not _autoescaping(eval_ctx):
        action = f"run `{shown.command}`" if shown.command else md_line(shown.action)
        return f"**{TODO}:** {md_line(shown.what)}: {action}."
    action_html = (
        Markup("run <code>") + escape(shown.command) + Markup("</code>")
        if shown.command
        else escape(shown.action)
    )
    return (
        Markup(f'<span class="gap"><strong>{TODO}:</strong> ')
        + escape(shown.what)
        + Markup(": ")
        + action_html
        + Markup(".</span>")
    )


def join_or(values: Iterable[Any], empty: str = "none") -> str:
    """Comma-separated values; ``empty`` when there are none (never a blank)."""
    items = [str(v) for v in values if not _is_empty(v)]
    return ", ".join(items) if items else empty
