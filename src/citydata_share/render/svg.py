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
    return Markup(head + "".join(body) + "</svg>")


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
