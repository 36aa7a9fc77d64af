"""The rendering engine: escaping filters, visible gaps, template discovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from citydata_share.errors import CdsError
from citydata_share.render import env as render_env
from citydata_share.render.env import find_templates, make_env, md_cell, md_text


def test_md_cell_keeps_a_table_row_whole() -> None:
    cell = md_cell("a | b\nsecond line\r\nthird")
    assert "\n" not in cell and "\r" not in cell
    assert cell == "a \\| b<br>second line<br>third"


@pytest.mark.parametrize("empty", [None, "", [], "\n  \n"])
def test_md_cell_is_never_blank(empty: object) -> None:
    assert md_cell(empty, "not recorded") == "_not recorded_"


def test_md_cell_joins_lists() -> None:
    assert md_cell(["one", "two | three"]) == "one; two \\| three"


def test_markdown_markup_in_answers_reads_as_typed() -> None:
    assert md_cell("<b>bold</b> *x* `y`") == "&lt;b>bold&lt;/b> \\*x\\* \\`y\\`"
    assert md_cell("5 < 6 and snake_case") == "5 < 6 and snake_case"  # left alone: no need
    assert md_text("# not a heading\n- not a list") == "\\# not a heading  \n\\- not a list"


def _render(source: str, html: bool, **context: object) -> str:
    """Render ``source`` as an .html.j2 or .md.j2 template of the real environment."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "base.html.j2").write_text("", encoding="utf-8")
        name = "t.html.j2" if html else "t.md.j2"
        (folder / name).write_text(source, encoding="utf-8")
        return make_env(folder).get_template(name).render(**context)


def test_jinja_syntax_in_an_answer_is_printed_not_run() -> None:
    answer = "{{ 7 * 7 }} {% for x in y %}{# c #}"
    assert _render("{{ a }}", html=False, a=answer) == answer
    assert "49" not in _render("{{ a|text }}", html=True, a=answer)
    assert "{{ 7 * 7 }}" in _render("{{ a|text }}", html=True, a=answer)


def test_html_escapes_user_text_and_keeps_line_breaks() -> None:
    out = _render("{{ a|cell }}", html=True, a="<script>alert(1)</script>\nnext & last")
    assert out == "&lt;script&gt;alert(1)&lt;/script&gt;<br>next &amp; last"


def test_gap_names_the_command_in_both_formats() -> None:
    md = _render('{{ gap("Add the people", "cds discover team") }}', html=False)
    assert md == "**To do:** Add the people: run `cds discover team`."
    html = _render('{{ gap("Add <the> people", "cds discover team") }}', html=True)
    assert 'class="gap"' in html and "<code>cds discover team</code>" in html
    assert "&lt;the&gt;" in html


def test_empty_html_cell_says_so() -> None:
    assert _render("{{ a|cell('none') }}", html=True, a=None) == '<span class="none">none</span>'


def test_a_missing_variable_is_an_error_not_a_blank() -> None:
    with pytest.raises(UndefinedError):
        make_env().from_string("{{ nothing_here }}").render()


def test_html_templates_autoescape_and_markdown_ones_do_not() -> None:
    assert render_env._autoescape("team.html.j2")
    assert not render_env._autoescape("team.md.j2")


def _templates(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "base.html.j2").write_text("{{ x }}", encoding="utf-8")
    (folder / "only-here.md.j2").write_text("from {{ where }}", encoding="utf-8")
    return folder


def test_templates_come_from_the_package_first(tmp_path: Path) -> None:
    packaged = _templates(tmp_path / "site-packages" / "citydata_share" / "templates")
    checkout = tmp_path / "checkout" / "templates"  # absent: would be skipped anyway
    assert find_templates([packaged, checkout]) == packaged
    env = make_env(find_templates([packaged, checkout]))
    assert env.get_template("only-here.md.j2").render(where="wheel") == "from wheel"


def test_editable_install_falls_back_to_the_checkout(tmp_path: Path) -> None:
    # An editable install: the package folder has no templates (force-include does not
    # reach it), or only an empty stub folder; the checkout's templates/ is used.
    stub = tmp_path / "src" / "citydata_share" / "templates"
    stub.mkdir(parents=True)
    checkout = _templates(tmp_path / "templates")
    assert find_templates([stub, checkout]) == checkout


def test_no_templates_anywhere_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CdsError, match="cannot find its document templates"):
        find_templates([tmp_path / "a", tmp_path / "b"])


def test_the_real_install_finds_every_document_template() -> None:
    from citydata_share.render.documents import FORMATS, documents

    folder = find_templates()
    for doc in documents():
        for fmt in FORMATS:
            assert (folder / f"{doc.name}.{fmt}.j2").is_file()


def test_the_checkout_candidate_is_the_top_level_templates_folder() -> None:
    candidates = render_env.template_candidates()
    assert Path(str(candidates[0])).parent.name == "citydata_share"
    package = Path(render_env.__file__).resolve().parents[1]
    if package.parent.name != "src":
        pytest.skip("cds is installed from a wheel here, not run from a checkout")
    checkout = Path(str(candidates[1]))
    assert checkout.name == "templates" and (checkout.parent / "pyproject.toml").is_file()


def test_charts_are_markup_with_text_alternatives() -> None:
    from citydata_share.render import svg

    chart = svg.ecosystem_map("Our <Council>", [svg.Partner("A & B", "Data producer", "x")])
    assert isinstance(chart, Markup)
    assert "<title id=" in chart and "<desc id=" in chart and 'role="img"' in chart
    assert "Our &lt;Council&gt;" in chart and "A &amp; B" in chart


def test_long_names_in_the_power_interest_grid_wrap_instead_of_being_cut() -> None:
    from citydata_share.render import svg

    people = [svg.Stakeholder("Tom Reid (Data Protection Officer)", "high", "high")]
    people += [svg.Stakeholder(f"Analyst {i}", "low", "high") for i in range(12)]
    chart = str(svg.power_interest_grid(people))
    assert "Tom Reid (Data Protection" in chart and ">Officer)<" in chart
    assert "…and" in chart and "more (see table)" in chart
    assert "Analyst 11" in chart  # every name stays in the text alternative
