"""Horizontal bar charts computed on the server, drawn as inline SVG by templates/public/_chart.html.

No JavaScript, no style attributes: geometry and SVG presentation attributes only. Colours are dark enough for
3:1 contrast against white (and white text is never drawn on them); each chart is followed by a table with the
same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Sequence

# Dark blue, green, brown, purple: each at least 6:1 against white.
COLOURS = ("#154273", "#1d6b2f", "#8a4b00", "#6b2c91")
WIDTH = 720
LABEL_WIDTH = 230
VALUE_SPACE = 70
BAR_HEIGHT = 26
GAP = 14
LEGEND_HEIGHT = 30
FONT_SIZE = 16  # the body text size: the chart is drawn at its own width on a wide screen (scale 1)
CHAR_WIDTH = 8.7  # a generous average width of a character at FONT_SIZE


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    title: str


@dataclass
class Bar:
    label: str
    full_label: str
    y: float
    text_y: float
    value_x: float
    value_text: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class LegendItem:
    x: float
    y: float
    label: str
    colour: str


@dataclass
class Chart:
    id: str
    title: str
    width: int
    height: int
    label_x: int
    axis_x: int
    axis_top: float
    bars: list[Bar]
    legend: list[LegendItem]
    empty: bool
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _legend(series: Sequence[str]) -> list[LegendItem]:
    """Swatches with labels left to right, wrapping to a new row when the next would not fit."""
    items: list[LegendItem] = []
    x, y = 8.0, 0.0
    for i, name in enumerate(series):
        label = _short(name, 40)
        width = 20 + len(label) * CHAR_WIDTH + 24
        if x + width > WIDTH and items:
            x, y = 8.0, y + 22
        items.append(LegendItem(x, y, label, COLOURS[i % len(COLOURS)]))
        x += width
    return items


def bar_chart(chart_id: str, title: str, categories: Sequence[str], series: Sequence[str],
              values: Sequence[Sequence[float]], *, maximum: float | None = None,
              value_texts: Sequence[str] | None = None) -> Chart:
    """One horizontal bar per category, stacked by series; `values[i][j]` is category i, series j.

    `value_texts` are written after each bar (default: the bar's total)."""
    value_texts = value_texts or [f"{sum(row):g}" for row in values]
    scale_max = maximum if maximum is not None else max((sum(row) for row in values), default=0)
    plot = WIDTH - LABEL_WIDTH - VALUE_SPACE
    legend = _legend(series) if len(series) > 1 else []
    top = (legend[-1].y + LEGEND_HEIGHT) if legend else 8
    bars = []
    for i, (category, row) in enumerate(zip(categories, values, strict=True)):
        y = top + i * (BAR_HEIGHT + GAP)
        bar = Bar(_short(category), category, y, y + BAR_HEIGHT * 0.7, LABEL_WIDTH, value_texts[i])
        x = float(LABEL_WIDTH)
        for j, value in enumerate(row):
            width = plot * value / scale_max if scale_max else 0
            if width > 0:
                bar.segments.append(Segment(round(x, 1), round(width, 1), COLOURS[j % len(COLOURS)],
                                            f"{category}, {series[j]}: {value:g}"))
            x += width
        bar.value_x = round(x + 6, 1)
        bars.append(bar)
    height = int(top + len(bars) * (BAR_HEIGHT + GAP) + 4)
    return Chart(chart_id, title, WIDTH, height, LABEL_WIDTH - 8, LABEL_WIDTH, top - 4, bars, legend,
                 empty=not scale_max)
