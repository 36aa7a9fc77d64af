"""User text never reaches the terminal raw or as rich markup (issue 9, defects 1 and 3).

An answer can hold an escape sequence (a quoted ``"\\e]0;..."`` in YAML retitles the window,
``"\\e[2J"`` clears the screen), a C1 control, a carriage return or a bidi override. Every
place cds prints user text shows those characters written out (``\\x1b``, ``\\u202e``), and
rich markup in user text (``[/]``, ``[bold]``) is shown as typed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.table import Table
from rich.text import Text

from citydata_share import yamlio
from citydata_share.cli.output import SafeConsole
from citydata_share.safetext import is_safe, pad, shorten, visible, width
from citydata_share.store import Project

Cds = Any
# Written independently of safetext, so that a mistake there cannot hide here.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "Ann\x1b]0;pwned\x07\x1b[2J\u202eevil\x9b31m\rend"
SHOWN = "Ann\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil\\x9b31m\\x0dend"


def assert_safe(output: str) -> None:
    found = RAW.search(output)
    assert found is None, f"raw {found.group()!r} in output: {output!r}"


# The function ---------------------------------------------------------------------------


def test_visible_writes_out_controls_and_bidi_and_keeps_tab_and_newline() -> None:
    assert visible(HOSTILE) == SHOWN
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("\x00\x7f\u200e\u200f\u061c\u2066\u2069\ud800") == (
        "\\x00\\x7f\\u200e\\u200f\\u061c\\u2066\\u2069\\ud800"
    )
    assert visible("Zoë, 中文, 👩‍💻, café") == "Zoë, 中文, 👩‍💻, café"  # letters and emoji stay


@given(st.text())
def test_visible_leaves_nothing_raw_and_is_idempotent(text: str) -> None:
    shown = visible(text)
    assert RAW.search(shown) is None
    assert visible(shown) == shown
    assert is_safe(shown)
    if RAW.search(text) is None and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert shown == text  # safe text is left exactly as it is


def test_widths_count_wide_characters_as_the_terminal_does() -> None:
    assert width("abc") == 3 and width("中文") == 4 and width("👩‍💻") == 2
    assert width(pad("👩‍💻 Ann", 10)) == 10
    assert width(shorten("中文" * 20, 9)) <= 9 and shorten("中文" * 20, 9).endswith("…")
    assert shorten("short", 9) == "short"


# The console ----------------------------------------------------------------------------


def _printed(*renderables: Any, width: int = 60) -> str:
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, width=width, highlight=False)
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def test_the_console_makes_markup_strings_and_texts_visible() -> None:
    from rich.markup import escape

    out = _printed(f"[bold]Name:[/] {escape(HOSTILE)}", Text(HOSTILE, style="bold"))
    assert_safe(out)
    assert SHOWN in out
    # rich's Text drops BEL, BS, VT, FF and CR itself; the rest is written out
    assert visible(Text(HOSTILE).plain) in out and "\\x1b[2J\\u202eevil\\x9b31m" in out


def test_a_table_of_hostile_text_keeps_every_character_and_its_columns() -> None:
    table = Table(title=Text("Data\u202e"))
    table.add_column("Dataset")
    table.add_column("Owner")
    table.add_row(Text(HOSTILE), "Waste")
    table.add_row("Rates \x1b[2J", Text.assemble(("Bold\x07", "bold"), " team"))
    out = _printed(table, width=100)
    assert_safe(out)
    assert visible(Text(HOSTILE).plain) in out and "Rates \\x1b[2J" in out
    widths = {width(line) for line in out.splitlines()[1:]}
    assert len(widths) == 1, out  # every row as wide as the frame: nothing pushed out


def test_a_table_with_wide_emoji_stays_aligned() -> None:
    table = Table()
    table.add_column("Who")
    table.add_column("Role")
    for name in ("👩‍💻 Ann", "🇬🇧 Bob", "Zoë 👍🏽", "中文 Li", "Plain"):
        table.add_row(name, "analyst")
    lines = _printed(table).splitlines()
    assert len({width(line) for line in lines}) == 1, lines
    rows = [line for line in lines if "analyst" in line]
    assert len({width(line[: line.index("analyst")]) for line in rows}) == 1, rows


# Every command --------------------------------------------------------------------------


def _hostile_config(project: Project) -> None:
    path = project.root / "cds.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Test share", "name: " + yamlio.dumps({"x": HOSTILE})[3:].strip())
    text = text.replace("organisation: Test Council", "organisation: '[bold]Council[/]'")
    path.write_text(text, encoding="utf-8")


def test_status_shows_a_hostile_project_name_written_out(cds: Cds, project: Project) -> None:
    _hostile_config(project)
    result = cds("status", "-C", str(project.root))
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert SHOWN in result.output and "[bold]Council[/]" in result.output


def test_check_shows_hostile_keys_and_paths_written_out(cds: Cds, tmp_path: Path) -> None:
    root = tmp_path / "share\x1b[2J[/]"
    result = cds("init", str(root), "--no-input", "--name", "X", "--no-git")
    assert result.exit_code == 0, result.output
    (root / "cards" / "team.yaml").write_text('card: team\n"\\e]0;pwned\\a": x\n')
    result = cds("check", "-C", str(root))
    assert result.exit_code == 1
    assert_safe(result.output)
    assert "share\\x1b[2J[/]" in result.output and "\\x1b]0;pwned\\x07" in result.output


def test_a_card_summary_shows_hostile_answers_written_out(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    datasets = [
        {"title": HOSTILE, "personal_data": "yes", "personal_data_what": "[red]names[/]"},
        {"title": "Rates\u202e"},
    ]
    answers.write_text(yamlio.dumps({"card": "data-systems", "datasets": datasets}))
    result = cds("-C", str(project.root), "discover", "data-systems", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert SHOWN in result.output and "[red]names[/]" in result.output
    assert "Rates\\u202e" in result.output


def test_init_with_markup_in_the_name_or_path_does_not_crash(cds: Cds, tmp_path: Path) -> None:
    result = cds("init", str(tmp_path / "a"), "--no-input", "--name", "[/]", "--no-git")
    assert result.exit_code == 0, result.output
    assert "Started '[/]'" in result.output
    result = cds("init", str(tmp_path / "[red]b"), "--no-input", "--name", "[bold]x", "--no-git")
    assert result.exit_code == 0, result.output
    assert "'[bold]x'" in result.output and "[red]b" in result.output
    result = cds("init", str(tmp_path / "c"), "--no-input", "--name", HOSTILE, "--no-git")
    assert result.exit_code == 0, result.output
    assert_safe(result.output)


def test_report_shows_a_hostile_out_folder_written_out(
    cds: Cds, project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "out\x1b[2J[/]"
    result = cds("report", "-C", str(project.root), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert "out\\x1b[2J[/]" in result.output


def test_resources_with_hostile_search_text(cds: Cds) -> None:
    result = cds("resources", "\x1b[2J[/]")
    assert result.exit_code == 0
    assert_safe(result.output)


def test_error_messages_show_hostile_paths_written_out(cds: Cds, tmp_path: Path) -> None:
    result = cds("status", "-C", str(tmp_path / "no\x1b]0;pwned\x07[/]"))
    assert result.exit_code == 1
    assert_safe(result.output)
    assert "no\\x1b]0;pwned\\x07[/]" in result.output


# The wizard's prompts -------------------------------------------------------------------


def test_the_prompter_shows_messages_and_labels_written_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """prompt_toolkit replaces ESC only: a bidi override, a C1 control or a carriage
    return in a record's name would reach the terminal as it is."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from citydata_share.wizard import prompter as prompter_module
    from citydata_share.wizard.engine import Option
    from citydata_share.wizard.prompter import TerminalPrompter

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=120), term="xterm")
    shown: list[Any] = []
    monkeypatch.setattr(prompter_module, "print_formatted_text", lambda t, **k: shown.append(t))
    with create_pipe_input() as pipe:
        pipe.send_text("\r")
        prompter = TerminalPrompter(input=pipe, output=output)
        chosen = prompter.select(
            "Who owns 'Rates\u202eevil'?",
            [Option("ann", "Ann\u202e\x9b31m\rX", "help\u2066"), Option("bob", "Bob")],
            instruction="(\u202e)",
        )
        prompter.show("Saved 'Ann\x1b[2J\u202e'", style="note")
    assert chosen == "ann"
    printed = screen.getvalue()
    assert (
        "\u202e" not in printed
        and "\x9b" not in printed
        and "\r" not in printed.replace("\r\n", "").replace("\x1b[", "")
    )  # prompt_toolkit's own cursor moves aside
    assert "\\u202e" in printed
    [(style, text)] = shown[0]
    assert style == "fg:ansiyellow" and text == "Saved 'Ann\\x1b[2J\\u202e'"
