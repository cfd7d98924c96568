"""Charts drawn on the server as inline SVG: line charts over time and horizontal bar charts.

No JavaScript and no third-party asset: the page carries its pictures. Each chart has a title and a text
description for screen readers, axes with round tick values, and mirrors itself for right-to-left pages (time
runs from right to left, bars grow leftwards, labels sit on the right), as Arabic readers expect.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0f766e", "#b45309", "#6d28d9", "#be123c", "#1d4ed8", "#4d7c0f", "#64748b")
FONT = 'font-family="system-ui, sans-serif" font-size="11"'
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None leaves a gap


def plain(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"


def percent(value: float) -> str:
    return f"{value * 100:.0f}%" if value * 100 == round(value * 100) else f"{value * 100:.1f}%"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (1 for nothing to show)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-12:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def ticks(top: float, count: int = 4) -> list[float]:
    return [top * index / count for index in range(count + 1)]


def tick_count(top: float, integers: bool) -> int:
    """Four intervals, unless the values are whole numbers (counts) and the top does not split in four wholes:
    then five, or one per unit for a top of 1 or 2, so that no tick reads 0.5 orders."""
    if not integers or top % 4 == 0:
        return 4
    if top % 5 == 0:
        return 5
    return max(1, int(top))


def _whole(values: Sequence[float | None]) -> bool:
    return all(value is None or float(value).is_integer() for value in values)


class _Canvas:
    """Coordinates of the plot area, mirrored for right-to-left pages."""

    def __init__(self, width: int, height: int, rtl: bool, gutter: int, bottom: int) -> None:
        self.width, self.height, self.rtl = width, height, rtl
        self.left = 10 if rtl else gutter
        self.right = width - gutter if rtl else width - 10
        self.top, self.bottom = 12, height - bottom

    def x(self, fraction: float) -> float:
        """`fraction` of the way along the reading direction."""
        span = self.right - self.left
        return round(self.right - fraction * span if self.rtl else self.left + fraction * span, 1)

    def y(self, fraction: float) -> float:
        return round(self.bottom - fraction * (self.bottom - self.top), 1)

    @property
    def axis_x(self) -> float:
        return self.right if self.rtl else self.left

    @property
    def label_anchor(self) -> str:
        """Axis labels sit outside the plot, beside the axis: their end touches it on the left, start on the right."""
        return "start" if self.rtl else "end"


def _svg(width: int, height: int, title: str, description: str, body: list[str], rtl: bool) -> SafeString:
    direction = "rtl" if rtl else "ltr"
    return mark_safe(  # noqa: S308 - every text inside was escaped
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" direction="{direction}" {FONT}><title>{escape(title)}</title>'
        f"<desc>{escape(description)}</desc>{''.join(body)}</svg>"
    )


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    value_format: Callable[[float], str] = plain,
    rtl: bool = False,
    top: float | None = None,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """One line per series over `labels` (oldest first), with the y axis from 0 to a round value."""
    legend_rows = 1 if len(series) > 1 else 0
    canvas = _Canvas(width, height, rtl, gutter=48, bottom=28 + 16 * legend_rows)
    highest = max((v for s in series for v in s.values if v is not None), default=0.0)
    ceiling = top if top is not None else nice_ceiling(highest)
    whole = top is None and _whole([v for line in series for v in line.values])
    body = _y_axis(canvas, ceiling, value_format, tick_count(ceiling, whole))
    count = len(labels)
    step = max(1, math.ceil(count / MAX_X_LABELS))
    for index in range(0, count, step):
        x = canvas.x(index / (count - 1) if count > 1 else 0.5)
        body.append(
            f'<text x="{x}" y="{canvas.bottom + 14}" text-anchor="middle" fill="#475569">'
            f"{escape(labels[index])}</text>"
        )
    descriptions = []
    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = [
            (canvas.x(index / (count - 1) if count > 1 else 0.5), canvas.y(min(value, ceiling) / ceiling))
            for index, value in enumerate(line.values)
            if value is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x},{y}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.extend(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>' for x, y in points)
        shown = [value_format(v) for v in line.values if v is not None]
        descriptions.append(f"{line.name}: {', '.join(shown) if shown else '-'}")
    if legend_rows:
        body.extend(_legend(canvas, [s.name for s in series]))
    return _svg(width, height, title, "; ".join(descriptions), body, rtl)


def bar_chart(
    *,
    title: str,
    bars: Sequence[tuple[str, float]],
    value_format: Callable[[float], str] = plain,
    rtl: bool = False,
    width: int = 640,
    bar_height: int = 22,
) -> SafeString:
    """Horizontal bars, one per (label, value), in the order given; the value is written at each bar's end."""
    label_width = 170
    height = max(1, len(bars)) * bar_height + 24
    canvas = _Canvas(width, height, rtl, gutter=label_width, bottom=20)
    ceiling = nice_ceiling(max((value for _, value in bars), default=0.0))
    body = [_axis_line(canvas)]
    for index, tick in enumerate(ticks(ceiling, tick_count(ceiling, _whole([value for _, value in bars])))):
        x = canvas.x(tick / ceiling)
        body.append(f'<line x1="{x}" y1="{canvas.top}" x2="{x}" y2="{canvas.bottom}" stroke="#e2e8f0"/>')
        if index:
            body.append(
                f'<text x="{x}" y="{canvas.bottom + 14}" text-anchor="middle" fill="#475569">'
                f"{escape(value_format(tick))}</text>"
            )
    for index, (label, value) in enumerate(bars):
        y = canvas.top + index * bar_height
        far = canvas.x(max(value, 0) / ceiling)
        start, length = (far, canvas.axis_x - far) if rtl else (canvas.axis_x, far - canvas.axis_x)
        label_x = canvas.axis_x + 6 if rtl else canvas.axis_x - 6
        value_x = far - 4 if rtl else far + 4
        value_anchor = "end" if rtl else "start"
        short = label if len(label) <= 28 else label[:27] + "…"
        body.append(
            f'<text x="{label_x}" y="{y + bar_height * 0.65}" text-anchor="{canvas.label_anchor}" '
            f'fill="#0f172a">{escape(short)}</text>'
            f'<rect x="{round(start, 1)}" y="{y + 3}" width="{round(max(length, 0), 1)}" '
            f'height="{bar_height - 6}" fill="{PALETTE[0]}" rx="2"/>'
            f'<text x="{value_x}" y="{y + bar_height * 0.65}" text-anchor="{value_anchor}" fill="#334155">'
            f"{escape(value_format(value))}</text>"
        )
    description = "; ".join(f"{label}: {value_format(value)}" for label, value in bars) or "-"
    return _svg(width, height, title, description, body, rtl)


def _axis_line(canvas: _Canvas) -> str:
    x = canvas.axis_x
    return f'<line x1="{x}" y1="{canvas.top}" x2="{x}" y2="{canvas.bottom}" stroke="#94a3b8"/>'


def _y_axis(canvas: _Canvas, ceiling: float, value_format: Callable[[float], str], count: int) -> list[str]:
    body = [_axis_line(canvas)]
    label_x = canvas.axis_x + 6 if canvas.rtl else canvas.axis_x - 6
    for tick in ticks(ceiling, count):
        y = canvas.y(tick / ceiling)
        body.append(
            f'<line x1="{canvas.left}" y1="{y}" x2="{canvas.right}" y2="{y}" stroke="#e2e8f0"/>'
            f'<text x="{label_x}" y="{y + 4}" text-anchor="{canvas.label_anchor}" fill="#475569">'
            f"{escape(value_format(tick))}</text>"
        )
    return body


def _legend(canvas: _Canvas, names: Sequence[str]) -> list[str]:
    y = canvas.height - 8
    slot = (canvas.right - canvas.left) / max(len(names), 1)
    items = []
    for number, name in enumerate(names):
        x = canvas.x(number * slot / (canvas.right - canvas.left))
        swatch_x = x - 10 if canvas.rtl else x
        text_x = x - 14 if canvas.rtl else x + 14
        anchor = "end" if canvas.rtl else "start"
        items.append(
            f'<rect x="{swatch_x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[number % len(PALETTE)]}"/>'
            f'<text x="{text_x}" y="{y}" text-anchor="{anchor}" fill="#0f172a">{escape(name)}</text>'
        )
    return items
