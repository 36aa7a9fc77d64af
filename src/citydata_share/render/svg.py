"""Charts drawn as inline SVG, in Python: no JavaScript, nothing fetched.

Every chart has a ``<title>`` and a ``<desc>`` (its text alternative, which says in words
what the picture shows) and every piece of user text is XML-escaped here. Each function
returns :class:`markupsafe.Markup`, safe to place in an autoescaped HTML template.
Pictures carry short labels; the tables beside them carry the full text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = "font-family=\"'Segoe UI', Arial, Helvetica, sans-serif\""
INK = "#1a1a1a"
MUTED = "#4d4d4d"
LINE = "#6b6b6b"
# Colours chosen to keep at least 4.5:1 contrast against white text or with dark text on them.
PALETTE = ("#1d4f91", "#8a3b12", "#2e6b30", "#6a3d9a", "#9c2a4a", "#00626b", "#5c4b00", "#3b3b3b")
RATING_COLOUR = {"high": "#2e6b30", "medium": "#8a5a00", "low": "#a4262c"}
RATING_SCORE = {"high": 3, "medium": 2, "low": 1}


def _x(value: object) -> str:
    return str(escape(str(value)))


def shorten(label: str, limit: int) -> str:
    """A label cut to ``limit`` characters with an ellipsis (the table has it in full)."""
    flat = " ".join(label.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width: {width}px" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" {FONT}>'
        f'<title id="{chart_id}-title">{_x(title)}</title>'
        f'<desc id="{chart_id}-desc">{_x(desc)}</desc>'
    )
    return Markup("".join([head, *body, "</svg>"]))  # one copy of a drawing of megabytes


def _text(
    x: float,
    y: float,
    label: str,
    size: int = 14,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = INK,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{_x(label)}</text>'
    )


# Readiness profile ----------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str  # the dimension, e.g. "Technology"
    rating: str | None  # "high", "medium", "low" or None when not rated yet
    weakest: bool = False


def readiness_profile(bars: Sequence[Bar], chart_id: str = "readiness") -> Markup:
    """Horizontal bars, one per dimension, Low / Medium / High; unrated ones said so."""
    row, left, scale = 44, 150, 150
    width, top = left + 3 * scale + 40, 40
    height = top + row * len(bars) + 20
    body = [
        f'<line x1="{left + i * scale}" y1="{top - 8}" x2="{left + i * scale}" '
        f'y2="{height - 16}" stroke="#d0d0d0" stroke-width="1"/>'
        for i in range(4)
    ]
    for i, name in enumerate(("Low", "Medium", "High")):
        body.append(_text(left + (i + 0.5) * scale, top - 14, name, 13, "middle", fill=MUTED))
    words = []
    for n, bar in enumerate(bars):
        y = top + n * row
        body.append(
            _text(left - 10, y + 24, bar.label, 14, "end", "bold" if bar.weakest else "normal")
        )
        rating = (bar.rating or "").lower()
        score = RATING_SCORE.get(rating, 0)
        if score:
            colour = RATING_COLOUR[rating]
            body.append(
                f'<rect x="{left}" y="{y + 8}" width="{score * scale}" height="24" '
                f'fill="{colour}" rx="2"/>'
            )
            note = rating.capitalize() + ("  (weakest)" if bar.weakest else "")
            body.append(_text(left + 8, y + 25, note, 13, fill="#ffffff", weight="bold"))
            words.append(
                f"{bar.label}: {rating}" + (" (one of the weakest)" if bar.weakest else "")
            )
        else:
            body.append(
                f'<rect x="{left}" y="{y + 8}" width="{3 * scale}" height="24" fill="none" '
                f'stroke="{LINE}" stroke-dasharray="4 3" rx="2"/>'
            )
            body.append(_text(left + 8, y + 25, "Not rated yet", 13, fill=MUTED))
            words.append(f"{bar.label}: not rated yet")
    desc = "Readiness rating for each dimension. " + "; ".join(words) + "."
    return _svg(chart_id, width, height, "Readiness profile", desc, body)


# Power x interest grid ------------------------------------------------------------------

QUADRANTS = {  # (power, interest) -> the toolkit's advice for that quadrant
    ("high", "high"): "Manage closely",
    ("high", "low"): "Keep satisfied",
    ("low", "high"): "Keep informed",
    ("low", "low"): "Monitor",
}


@dataclass(frozen=True)
class Stakeholder:
    label: str
    power: str  # "high" / "low"
    interest: str  # "high" / "low"
    key_player: bool = False


def power_interest_grid(people: Sequence[Stakeholder], chart_id: str = "power-interest") -> Markup:
    """The stakeholder grid: power up the side, interest along the bottom, names in place."""
    box, left, top = 250, 70, 10
    width, height = left + 2 * box + 10, top + 2 * box + 50
    body = []
    cells = {
        ("high", "low"): (left, top),
        ("high", "high"): (left + box, top),
        ("low", "low"): (left, top + box),
        ("low", "high"): (left + box, top + box),
    }
    words = []
    for key, (x, y) in cells.items():
        fill = "#e8eef7" if key == ("high", "high") else "#f5f5f5"
        body.append(
            f'<rect x="{x}" y="{y}" width="{box}" height="{box}" fill="{fill}" '
            f'stroke="{LINE}" stroke-width="1"/>'
        )
        body.append(_text(x + 12, y + 26, QUADRANTS[key], 16, weight="bold"))
        names = [p for p in people if (p.power, p.interest) == key]
        line_y, bottom, placed = y + 54, y + box - 14, 0
        for person in names:
            mark = " ★" if person.key_player else ""
            # Long labels ("Name (Role)") wrap onto a second line rather than being cut.
            lines = textwrap.wrap(person.label + mark, 30)[:2] or [""]
            if len(textwrap.wrap(person.label + mark, 30)) > 2:
                lines[1] = shorten(lines[1] + " …", 30)
            needed = 20 * (len(lines) - 1) + 26
            if line_y + needed - 26 > bottom - (26 if placed < len(names) - 1 else 0):
                break
            for n, line in enumerate(lines):
                body.append(
                    _text(
                        x + 14 + (12 if n else 0),
                        line_y + 20 * n,
                        ("• " if n == 0 else "") + line,
                        14,
                    )
                )
            line_y += needed
            placed += 1
        if placed < len(names):
            more = f"…and {len(names) - placed} more (see table)"
            body.append(_text(x + 14, line_y, more, 13, fill=MUTED))
        listed = ", ".join(p.label for p in names) if names else "no one"
        words.append(f"{QUADRANTS[key]} (power {key[0]}, interest {key[1]}): {listed}")
    axis = top + 2 * box
    body.append(_text(left + box / 2, axis + 24, "Low interest", 14, "middle", "bold", MUTED))
    body.append(_text(left + 1.5 * box, axis + 24, "High interest", 14, "middle", "bold", MUTED))
    for label, mid in (("High power", top + box / 2), ("Low power", top + 1.5 * box)):
        body.append(
            f'<text x="{left - 16}" y="{mid}" font-size="14" font-weight="bold" '
            f'text-anchor="middle" fill="{MUTED}" transform="rotate(-90 {left - 16} {mid})">'
            f"{label}</text>"
        )
    desc = (
        "Stakeholders by power and interest. " + "; ".join(words) + ". A star marks a key player."
    )
    return _svg(chart_id, width, height, "Power and interest grid", desc, body)


# Ecosystem map --------------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    label: str
    kind: str  # the organisation's type, in the toolkit's words
    relationship: str  # e.g. "could provide data"


def ecosystem_map(centre: str, partners: Sequence[Partner], chart_id: str = "ecosystem") -> Markup:
    """Our organisation in the middle, every partner around it, coloured by type."""
    kinds = list(dict.fromkeys(p.kind for p in partners))
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    ordered = sorted(partners, key=lambda p: kinds.index(p.kind))
    width, plot, legend_row = 960, 560, 22
    cx, cy = width / 2, plot / 2
    rx, ry = width / 2 - 230, plot / 2 - 80
    height = int(plot + 16 + legend_row * len(kinds))
    body = []
    count = max(len(ordered), 1)
    spots = []
    for n, partner in enumerate(ordered):
        angle = -math.pi / 2 + 2 * math.pi * n / count
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        spots.append((partner, x, y))
        body.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="{colour[partner.kind]}" stroke-width="2"/>'
        )
    for partner, x, y in spots:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{colour[partner.kind]}"/>')
        if abs(x - cx) < 40:  # top or bottom: label above or below the dot
            anchor, lx = "middle", x
            ly = y + 28 if y > cy else y - 32
        else:  # a side: label beside the dot, away from the centre
            anchor = "start" if x > cx else "end"
            lx = x + (16 if x > cx else -16)
            ly = y - 2
        body.append(_text(lx, ly, shorten(partner.label, 26), 14, anchor, "bold"))
        body.append(_text(lx, ly + 17, shorten(partner.relationship, 32), 12, anchor, fill=MUTED))
    body.append(f'<circle cx="{cx}" cy="{cy}" r="72" fill="#1d4f91"/>')
    lines: list[str] = []
    for word in shorten(centre, 40).split():
        if lines and len(lines[-1]) + len(word) < 14:
            lines[-1] += " " + word
        else:
            lines.append(word)
    shown = lines[:4]
    for n, line in enumerate(shown):
        y = cy + (n - (len(shown) - 1) / 2) * 18 + 5
        body.append(_text(cx, y, line, 15, "middle", "bold", "#ffffff"))
    for n, kind in enumerate(kinds):
        y = plot + 6 + n * legend_row
        body.append(f'<rect x="20" y="{y}" width="14" height="14" fill="{colour[kind]}"/>')
        body.append(_text(42, y + 12, kind, 13))
    if not partners:
        body.append(
            _text(cx, cy + 110, "No partner organisations recorded yet", 14, "middle", fill=MUTED)
        )
    described = "; ".join(f"{p.label} ({p.kind}; {p.relationship})" for p in ordered)
    desc = (
        f"{centre} at the centre, linked to {len(ordered)} organisations: {described}."
        if ordered
        else f"{centre} at the centre; no partner organisations recorded yet."
    )
    return _svg(chart_id, width, height, "Data sharing ecosystem map", desc, body)


# Costs and benefits by year -------------------------------------------------------------

COST_COLOUR = "#8a3b12"
BENEFIT_COLOUR = "#1d4f91"


@dataclass(frozen=True)
class YearAmounts:
    """One year of an appraisal: what it costs and what it brings (already discounted)."""

    year: int
    costs: float
    benefits: float


def money_short(amount: float) -> str:
    """Pounds in few characters, for chart labels: "£950", "£12k", "£1.2m"."""
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".removesuffix(".0") + "m"
    elif value >= 10_000:
        text = f"{value / 1000:.0f}k"
    elif value >= 1000:
        text = f"{value / 1000:.1f}".removesuffix(".0") + "k"
    else:
        text = f"{value:.0f}"
    return f"{sign}£{text}"


def _money_long(amount: float) -> str:
    rounded = round(amount)
    return f"{'-' if rounded < 0 else ''}£{abs(rounded):,}"


def nice_step(largest: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if largest <= 0:
        return 1.0
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover (the loop always returns)


def costs_benefits_chart(
    years: Sequence[YearAmounts],
    chart_id: str = "costs-benefits",
    title: str = "Costs and benefits by year, as present values",
) -> Markup:
    """Costs and benefits side by side for each year, on one scale in pounds.

    Costs are hatched and benefits solid, so the two still differ when printed in grey;
    with ten years or fewer each bar carries its value.
    """
    count = max(len(years), 1)
    left, right, top, plot_h = 84, 20, 44, 260
    plot_w = max(560, min(760, 90 * count))
    width, height = left + plot_w + right, top + plot_h + 58
    largest = max([0.0, *(y.costs for y in years), *(y.benefits for y in years)])
    step = nice_step(largest)
    steps = max(1, math.ceil(largest / step)) if largest > 0 else 4
    scale_top = step * steps
    base = top + plot_h
    pattern = f"{chart_id}-hatch"
    body = [
        f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3ddd2"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{COST_COLOUR}" stroke-width="3"/>'
        "</pattern></defs>"
    ]
    for i in range(steps + 1):
        y = base - plot_h * i / steps
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{"#6b6b6b" if i == 0 else "#d9d9d9"}" stroke-width="1"/>'
        )
        label = money_short(scale_top * i / steps) if largest > 0 else ""
        body.append(_text(left - 8, y + 4, label, 12, "end", fill=MUTED))
    group = plot_w / count
    bar = min(30.0, group * 0.36)
    label_every = 1 if count <= 15 else 5
    show_values = count <= 10
    for n, entry in enumerate(years):
        middle = left + group * (n + 0.5)
        for amount, x, fill, stroke in (
            (entry.costs, middle - bar - 1, f"url(#{pattern})", COST_COLOUR),
            (entry.benefits, middle + 1, BENEFIT_COLOUR, BENEFIT_COLOUR),
        ):
            if amount <= 0 or largest <= 0:
                continue
            h = plot_h * amount / scale_top
            body.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
            )
            if show_values:
                body.append(
                    _text(x + bar / 2, base - h - 5, money_short(amount), 11, "middle", fill=INK)
                )
        if entry.year % label_every == 0 or n == 0:
            body.append(_text(middle, base + 18, f"Year {entry.year}", 12, "middle", fill=MUTED))
    body.append(
        _text(left + plot_w / 2, base + 44, "Year (0 is the first year of the share)", 12, "middle")
    )
    body.append(
        f'<text x="16" y="{top + plot_h / 2:.1f}" font-size="12" text-anchor="middle" '
        f'fill="{MUTED}" transform="rotate(-90 16 {top + plot_h / 2:.1f})">Present value</text>'
    )
    legend: tuple[tuple[str, str, str | None], ...] = (
        ("Costs", f"url(#{pattern})", COST_COLOUR),
        ("Benefits", BENEFIT_COLOUR, None),
    )
    x = left
    for name, fill, edge in legend:
        outline = f' stroke="{edge}" stroke-width="1"' if edge else ""
        body.append(f'<rect x="{x}" y="12" width="16" height="16" fill="{fill}"{outline}/>')
        body.append(_text(x + 22, 25, name, 13, weight="bold"))
        x += 110
    if largest <= 0:
        body.append(
            _text(left + plot_w / 2, top + plot_h / 2, "No figures yet", 14, "middle", fill=MUTED)
        )
    words = "; ".join(
        f"year {y.year}: costs {_money_long(y.costs)}, benefits {_money_long(y.benefits)}"
        for y in years
    )
    desc = (
        f"Bar chart of the present value of costs (hatched) and benefits (solid) in each "
        f"year. {words or 'No years to show'}."
    )
    return _svg(chart_id, width, height, title, desc, body)


# Risk grid (likelihood x severity) -------------------------------------------------------

# Light shades, so the black numbers and level names stay readable; the level is also written
# in every cell, so the grid still reads when printed in black and white.
LEVEL_SHADE = {"low": "#dcefd9", "medium": "#fbe7b5", "high": "#f6c9cc"}


@dataclass(frozen=True)
class GridCell:
    level: str  # "low", "medium" or "high"
    level_label: str  # "Low", "Medium", "High"
    risks: tuple[int, ...]  # the numbers of the risks in this cell


def risk_matrix(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[GridCell]],
    row_title: str = "Likelihood",
    column_title: str = "Severity",
    chart_id: str = "risk-grid",
) -> Markup:
    """A grid of ``rows`` (top to bottom) by ``columns`` (left to right), each cell shaded by
    its level, the level written in it, and the risks in it placed by number."""
    box_w, box_h, left, top = 190, 120, 150, 16
    width = left + box_w * len(columns) + 10
    height = top + box_h * len(rows) + 66
    body = []
    words = []
    for r, row in enumerate(rows):
        y = top + r * box_h
        body.append(_text(left - 12, y + box_h / 2 + 5, row, 14, "end", "bold"))
        for c, column in enumerate(columns):
            x = left + c * box_w
            cell = cells[r][c]
            body.append(
                f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" '
                f'fill="{LEVEL_SHADE.get(cell.level, "#ffffff")}" stroke="{LINE}" '
                f'stroke-width="1"/>'
            )
            body.append(_text(x + 10, y + 22, cell.level_label, 13, weight="bold", fill=INK))
            per_line = 5
            for n, number in enumerate(cell.risks[: per_line * 2]):
                cx = x + 28 + (n % per_line) * 34
                cy = y + 56 + (n // per_line) * 36
                body.append(f'<circle cx="{cx}" cy="{cy}" r="14" fill="{INK}"/>')
                body.append(_text(cx, cy + 5, str(number), 14, "middle", "bold", "#ffffff"))
            if len(cell.risks) > per_line * 2:
                more = f"and {len(cell.risks) - per_line * 2} more"
                body.append(_text(x + 10, y + box_h - 8, more, 12, fill=MUTED))
            listed = (
                "risk" + ("s " if len(cell.risks) > 1 else " ") + ", ".join(map(str, cell.risks))
                if cell.risks
                else "no risks"
            )
            words.append(f"{row} and {column.lower()} ({cell.level_label.lower()}): {listed}")
    axis = top + len(rows) * box_h
    for c, column in enumerate(columns):
        body.append(_text(left + (c + 0.5) * box_w, axis + 22, column, 14, "middle", "bold"))
    body.append(
        _text(left + box_w * len(columns) / 2, axis + 50, column_title, 14, "middle", "bold", MUTED)
    )
    mid = top + len(rows) * box_h / 2
    body.append(
        f'<text x="22" y="{mid}" font-size="14" font-weight="bold" text-anchor="middle" '
        f'fill="{MUTED}" transform="rotate(-90 22 {mid})">{_x(row_title)}</text>'
    )
    desc = (
        f"Risks by number, placed by {row_title.lower()} and {column_title.lower()}; each "
        "cell is shaded and labelled with its level. " + "; ".join(words) + "."
    )
    return _svg(chart_id, width, height, f"{row_title} and {column_title.lower()} grid", desc, body)


def _arrow(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    colour: str,
    width: float,
    head: float,
    extra: str = "",
) -> str:
    """A straight arrow from (x1, y1) to its tip at (x2, y2): a line and a filled head."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * head, y2 - uy * head  # the head's base, where the line stops
    px, py = -uy * head * 0.5, ux * head * 0.5
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"{extra}/>'
        f'<polygon points="{x2:.1f},{y2:.1f} {bx + px:.1f},{by + py:.1f} '
        f'{bx - px:.1f},{by - py:.1f}" fill="{colour}"/>'
    )


# Sharing patterns by human effort ------------------------------------------------------


@dataclass(frozen=True)
class PatternMove:
    """One data flow on the scale of sharing patterns: where it is today and where it goes."""

    label: str  # the flow, e.g. "Building control to Future Cities Catapult"
    current: int | None  # index into the scale; None: not shared yet
    target: int | None  # index into the scale; None: no target chosen yet
    effect: str  # in words, e.g. "less human effort"
    current_unknown: bool = False  # nobody has said how it moves today


def _wrap(label: str, width: int, lines: int) -> list[str]:
    """``label`` wrapped to ``lines`` lines at most, the last one cut with an ellipsis."""
    wrapped = textwrap.wrap(" ".join(label.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = shorten(wrapped[-1] + " …", width)
    return wrapped


def pattern_scale(
    patterns: Sequence[str],
    moves: Sequence[PatternMove],
    chart_id: str = "sharing-patterns",
    not_yet: str = "Not shared yet",
    bands: Sequence[tuple[str, int, int]] = (),
) -> Markup:
    """The sharing patterns from most human effort (left) to least (right), one row per flow.

    A hollow circle marks how the flow moves today, a filled square its target, and an arrow
    leads from one to the other; a flow not shared yet starts in a column of its own.
    ``bands`` name runs of columns below the grid, e.g. ("Automated", 5, 7).
    """
    left, spot, col, top, row = 196, 76, 84, 110, 40
    columns = len(patterns)
    width = left + spot + col * columns + 12
    rows = max(len(moves), 1)
    grid_bottom = top + row * rows
    band_h = 34 if bands else 0
    height = grid_bottom + band_h + 50

    def centre(index: int | None) -> float:
        return left + spot / 2 if index is None else left + spot + col * (index + 0.5)

    body: list[str] = []
    # The direction of the scale, above the column headings.
    x0, x1 = left + spot + 4, left + spot + col * columns - 4
    body.append(_arrow(x0, 18, x1, 18, MUTED, 1.5, 10))
    body.append(_text(x0, 36, "More human effort", 13, "start", "bold", MUTED))
    body.append(_text(x1, 36, "Less human effort, more value", 13, "end", "bold", MUTED))
    heads: list[tuple[float, str]] = [(left + spot / 2, not_yet)]
    heads += [(centre(i), name) for i, name in enumerate(patterns)]
    for n, (x, name) in enumerate(heads):
        for k, line in enumerate(_wrap(name, 11, 3)):
            body.append(_text(x, 60 + k * 15, line, 13, "middle", "bold" if n else "normal"))
    for n in range(0, len(moves), 2):  # stripes first, so the grid shows through
        body.append(
            f'<rect x="0" y="{top + n * row}" width="{width}" height="{row}" fill="#f1f4f8"/>'
        )
    for k in range(columns + 2):
        x = left if k == 0 else left + spot + col * (k - 1)
        colour = "#8a8a8a" if k in (0, 1, columns + 1) else "#c8c8c8"
        body.append(
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{grid_bottom}" stroke="{colour}" '
            'stroke-width="1"/>'
        )
    words = []
    for n, move in enumerate(moves):
        cy = top + n * row + row / 2
        names = _wrap(move.label, 26, 2)  # two short lines rather than one cut short
        for k, line in enumerate(names):
            body.append(_text(left - 10, cy + 5 + 15 * (k - (len(names) - 1) / 2), line, 13, "end"))
        cx = centre(move.current)
        if move.current_unknown and move.target is not None:
            tx = centre(move.target)
            right = move.target < columns - 2
            body.append(
                f'<rect x="{tx - 8:.1f}" y="{cy - 8}" width="16" height="16" fill="{PALETTE[0]}"/>'
            )
            body.append(
                _text(
                    tx + (16 if right else -16),
                    cy + 5,
                    "today not said yet",
                    12,
                    "start" if right else "end",
                    fill=MUTED,
                )
            )
        elif move.target is not None:
            tx = centre(move.target)
            if abs(tx - cx) > 1:
                lead = 12 if tx > cx else -12
                body.append(_arrow(cx + lead, cy, tx - lead, cy, PALETTE[0], 3, 12))
            body.append(
                f'<rect x="{tx - 8:.1f}" y="{cy - 8}" width="16" height="16" fill="{PALETTE[0]}"/>'
            )
        else:
            body.append(_text(cx + 16, cy + 5, "no target chosen yet", 12, fill=MUTED))
        if not move.current_unknown:
            body.append(
                f'<circle cx="{cx:.1f}" cy="{cy}" r="9" fill="none" stroke="{INK}" '
                'stroke-width="2.5"/>'
            )
        today = not_yet if move.current is None else patterns[move.current]
        if move.current_unknown:
            today = "not said yet"
        goal = "not chosen yet" if move.target is None else patterns[move.target]
        words.append(f"{move.label}: today {today}; target {goal} ({move.effect})")
    if not moves:
        middle = left + spot + col * columns / 2
        body.append(_text(middle, top + 25, "No data flows recorded yet", 13, "middle", fill=MUTED))
    for label, first, last in bands:  # a bracket under a run of columns, named
        bx0, bx1 = left + spot + col * first + 6, left + spot + col * (last + 1) - 6
        by = grid_bottom + 8
        body.append(
            f'<path d="M{bx0},{by} v6 H{bx1} v-6" fill="none" stroke="{MUTED}" stroke-width="1.5"/>'
        )
        body.append(_text((bx0 + bx1) / 2, by + 22, label, 13, "middle", fill=MUTED))
    legend_y = grid_bottom + band_h + 28
    lx, ax = left + 230, left + 400
    body += [
        f'<circle cx="{left + 10}" cy="{legend_y}" r="8" fill="none" stroke="{INK}" '
        'stroke-width="2.5"/>',
        _text(left + 24, legend_y + 5, "How the flow moves today", 13),
        f'<rect x="{lx - 8}" y="{legend_y - 8}" width="16" height="16" fill="{PALETTE[0]}"/>',
        _text(lx + 14, legend_y + 5, "Its target pattern", 13),
        _arrow(ax, legend_y, ax + 40, legend_y, PALETTE[0], 3, 12),
        _text(ax + 50, legend_y + 5, "The change planned", 13),
    ]
    desc = (
        f"The sharing patterns from the most human effort to the least: {', '.join(patterns)}. "
        + ("; ".join(words) + "." if words else "No data flows recorded yet.")
    )
    title = "Each data flow's sharing pattern, today and target"
    return _svg(chart_id, width, height, title, desc, body)


# A yes/no flowchart with the path taken ------------------------------------------------


@dataclass(frozen=True)
class FlowBox:
    """A box of a yes/no flowchart."""

    id: str
    kind: str  # "start", "question" or "outcome"
    text: str
    taken: bool = False  # on the path taken
    mark: str = ""  # "reached" (the outcome the path ends at), "next" (the question to answer)


@dataclass(frozen=True)
class FlowArrow:
    id: str
    source: str
    target: str
    label: str  # "Yes", "No", or "" (the arrow out of the start)
    taken: bool = False


TAKEN = "#1d4f91"
TAKEN_FILL = "#e3ecf8"
OFF_PATH = "#8a8a8a"
NEXT = "#8a5a00"


def _flow_layout(
    boxes: Sequence[FlowBox], arrows: Sequence[FlowArrow]
) -> dict[str, tuple[int, int]]:
    """(column, row) of each box: a "Yes" goes to the right, anything else goes down."""
    targets = {a.target for a in arrows}
    roots = [b.id for b in boxes if b.id not in targets] or [boxes[0].id]
    place: dict[str, tuple[int, int]] = {roots[0]: (0, 0)}
    queue = [roots[0]]
    while queue:
        here = queue.pop(0)
        col, row = place[here]
        for a in arrows:
            if a.source == here and a.target not in place:
                place[a.target] = (col + 1, row) if a.label == "Yes" else (col, row + 1)
                queue.append(a.target)
    for b in boxes:  # anything unreachable goes below the rest
        place.setdefault(b.id, (0, max(r for _, r in place.values()) + 1))
    return place


def flowchart(
    boxes: Sequence[FlowBox],
    arrows: Sequence[FlowArrow],
    title: str,
    path_words: str,
    chart_id: str = "flowchart",
) -> Markup:
    """Questions down the left, each "Yes" to an outcome on the right; the path taken drawn
    heavy, solid and coloured, with "Path taken" written on its boxes and arrows, the rest
    thin and dashed, so the path survives black-and-white print; ``<desc>`` says it in words."""
    widths = {0: 330, 1: 250}
    gap_x, gap_y, top, margin = 110, 38, 10, 12
    place = _flow_layout(boxes, arrows)
    lines_of = {b.id: _wrap(b.text, 38 if place[b.id][0] == 0 else 28, 4) for b in boxes}

    def box_height(b: FlowBox) -> int:
        tag = 18 if (b.taken or b.mark) else 0
        return 16 + tag + 18 * len(lines_of[b.id])

    rows = max(r for _, r in place.values()) + 1
    row_h = [
        max([box_height(b) for b in boxes if place[b.id][1] == r] or [40]) for r in range(rows)
    ]
    row_y = [top + sum(row_h[:r]) + gap_y * r for r in range(rows)]
    col_x = {0: margin, 1: margin + widths[0] + gap_x}

    def frame(b: FlowBox) -> tuple[float, float, float, float]:
        col, row = place[b.id]
        w, h = widths.get(col, 250), box_height(b)
        return col_x.get(col, margin), row_y[row] + (row_h[row] - h) / 2, w, h

    width = margin * 2 + widths[0] + gap_x + widths[1]
    legend_y = row_y[-1] + row_h[-1] + 28
    height = legend_y + 14
    body: list[str] = []
    by_id = {b.id: b for b in boxes}
    for a in sorted(arrows, key=lambda a: a.taken):  # the path is drawn last, on top
        sx, sy, sw, sh = frame(by_id[a.source])
        tx, ty, tw, th = frame(by_id[a.target])
        if place[a.target][0] > place[a.source][0]:  # to the right
            x1, y1, x2, y2 = sx + sw, sy + sh / 2, tx - 2, ty + th / 2
            lx, ly, anchor = (x1 + x2) / 2, y1 - 8, "middle"
        else:  # down
            x1, y1, x2, y2 = sx + sw / 2, sy + sh, tx + tw / 2, ty - 2
            lx, ly, anchor = x1 + 14, (y1 + y2) / 2 + 5, "start"
        drawn = (
            _arrow(x1, y1, x2, y2, TAKEN, 5, 16)
            if a.taken
            else _arrow(x1, y1, x2, y2, OFF_PATH, 1.5, 10, ' stroke-dasharray="6 4"')
        )
        state = "on-path" if a.taken else "off-path"
        said = f"{a.label} (path taken)" if a.taken and a.label else a.label
        body.append(
            f'<g class="flow-arrow {state}" data-edge="{_x(a.id)}">'
            f"<title>{_x(said or 'Start')}</title>"
            f"{drawn}"
        )
        if a.label:
            body.append(
                _text(
                    lx,
                    ly,
                    said,
                    13,
                    anchor,
                    "bold" if a.taken else "normal",
                    TAKEN if a.taken else MUTED,
                )
            )
        body.append("</g>")
    for b in boxes:
        x, y, w, h = frame(b)
        rx = 20 if b.kind == "start" else (12 if b.kind == "outcome" else 2)
        if b.mark == "reached":
            fill, stroke, sw, dash, ink = TAKEN, "#0b2f5b", 4, "", "#ffffff"
            tag = "★ Recommended: path taken"
        elif b.mark == "next":
            fill, stroke, sw, dash, ink = "#fff4ce", NEXT, 3, ' stroke-dasharray="7 4"', INK
            tag = "? To answer next"
        elif b.taken:
            fill, stroke, sw, dash, ink = TAKEN_FILL, TAKEN, 4, "", INK
            tag = "✓ Path taken"
        else:
            fill, stroke, sw, dash, ink = "#ffffff", OFF_PATH, 1.5, ' stroke-dasharray="6 4"', MUTED
            tag = ""
        state = "on-path" if b.taken else "off-path"
        kind = {"start": "Start", "question": "Question", "outcome": "Outcome"}.get(b.kind, "")
        said = f"{kind}: {b.text}" + (f" ({tag.split(' ', 1)[1]})" if tag else "")
        body.append(
            f'<g class="flow-node {state}" data-node="{_x(b.id)}" data-mark="{_x(b.mark)}">'
            f"<title>{_x(said)}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{sw}"{dash}/>'
        )
        ty = y + 8
        if tag:
            body.append(
                _text(
                    x + 12,
                    ty + 13,
                    tag,
                    12,
                    "start",
                    "bold",
                    ink if b.mark == "reached" else (NEXT if b.mark == "next" else TAKEN),
                )
            )
            ty += 18
        anchor, tx = ("middle", x + w / 2)
        for k, line in enumerate(lines_of[b.id]):
            weight = "bold" if b.taken else "normal"
            body.append(_text(tx, ty + 14 + 18 * k, line, 14, anchor, weight, ink))
        body.append("</g>")
    # Legend: the two line styles, so the path reads in black and white.
    ly = legend_y
    body.append(
        f'<line x1="{margin}" y1="{ly}" x2="{margin + 50}" y2="{ly}" stroke="{TAKEN}" '
        f'stroke-width="5"/>'
    )
    body.append(_text(margin + 60, ly + 5, "Path taken (heavy, solid)", 13))
    lx = margin + 250
    body.append(
        f'<line x1="{lx}" y1="{ly}" x2="{lx + 50}" y2="{ly}" stroke="{OFF_PATH}" '
        f'stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    body.append(_text(lx + 60, ly + 5, "Not taken (thin, dashed)", 13))
    desc = f"{title}. The path taken: {path_words}."
    return _svg(chart_id, width, height, title, desc, body)
