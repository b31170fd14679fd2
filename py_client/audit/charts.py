"""Inline SVG charts for the audit report, drawn in Python (no script, no fetched library).

Each function returns one ``<svg>`` element as text, for embedding in an HTML page (no
``xmlns``: HTML parsers put ``<svg>`` in the SVG namespace themselves). Every bar is a
``<rect>`` carrying ``data-label`` and ``data-value``, so the numbers a chart shows can be
checked in the rendered page; every chart has a ``<title>`` and ``role="img"`` for screen readers.

Example::

    >>> svg = bar_chart("Spending", [("Agency 10", 1_000_000)], unit="Rp")
    >>> svg.count("<rect class=\\"bar\\"")
    1
"""

from collections.abc import Sequence
from html import escape

from py_client.formatting import grouped

PALETTE = ("#1f6f8b", "#e07a1f", "#6a994e", "#bc4749", "#7b5ea7", "#3d5a80", "#a98467")
WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
VALUE_WIDTH = 150


def number(value: int) -> str:
    """``1234567`` → ``"1.234.567"`` (Indonesian grouping, :func:`py_client.formatting.grouped`)."""
    return grouped(value)


def _attr(text: str) -> str:
    return escape(text, quote=True)


def bar_chart(
    title: str, items: Sequence[tuple[str, int]], *, unit: str = "", chart_id: str = ""
) -> str:
    """Horizontal bars, one per ``(label, value)``, longest first as given.

    Args:
        title: The chart's accessible title (also shown as a caption by the page).
        items: Labels and non-negative values.
        unit: Shown before each value (``Rp``).
        chart_id: The ``id`` of the ``<svg>``.

    Returns:
        The ``<svg>`` element.
    """
    height = max(1, len(items)) * (BAR_HEIGHT + GAP) + GAP
    top = max((v for _, v in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg id="{_attr(chart_id)}" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}"><title>{escape(title)}</title>'
    ]
    if not items:
        parts.append(f'<text x="{GAP}" y="{BAR_HEIGHT}" class="empty">no data</text>')
    for row, (label, value) in enumerate(items):
        y = GAP + row * (BAR_HEIGHT + GAP)
        length = max(1, round(span * value / top)) if value > 0 else 0
        color = PALETTE[row % len(PALETTE)]
        shown = f"{unit} {number(value)}".strip()
        parts.append(
            f'<text x="{LABEL_WIDTH - GAP}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" '
            f'class="label">{escape(label)}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT}" fill="{color}" data-label="{_attr(label)}" '
            f'data-value="{value}"><title>{escape(label)}: {escape(shown)}</title></rect>'
            f'<text x="{LABEL_WIDTH + length + GAP}" y="{y + BAR_HEIGHT - 6}" '
            f'class="value">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    title: str,
    items: Sequence[tuple[str, int]],
    *,
    chart_id: str = "",
    y_label: str = "",
) -> str:
    """Vertical columns (a histogram or a time series), one per ``(label, count)``.

    Args:
        title: The chart's accessible title.
        items: Column labels (categories or periods, in display order) and counts.
        chart_id: The ``id`` of the ``<svg>``.
        y_label: What the counts are, written along the axis.

    Returns:
        The ``<svg>`` element.
    """
    height, bottom, left = 240, 40, 48
    plot = height - bottom - 16
    count = max(1, len(items))
    slot = (WIDTH - left - 8) / count
    column = max(4.0, slot * 0.7)
    top = max((v for _, v in items), default=0) or 1
    parts = [
        f'<svg id="{_attr(chart_id)}" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{16 + plot}" x2="{WIDTH - 8}" y2="{16 + plot}" class="axis"/>',
        f'<text x="{left - 6}" y="{16 + plot}" text-anchor="end" class="tick">0</text>',
        f'<text x="{left - 6}" y="24" text-anchor="end" class="tick">{number(top)}</text>',
    ]
    if y_label:
        parts.append(
            f'<text x="12" y="{16 + plot // 2}" class="tick" '
            f'transform="rotate(-90 12 {16 + plot // 2})" text-anchor="middle">'
            f"{escape(y_label)}</text>"
        )
    if not items:
        parts.append(f'<text x="{left + 8}" y="{plot // 2}" class="empty">no data</text>')
    for index, (label, value) in enumerate(items):
        x = left + index * slot + (slot - column) / 2
        bar = round(plot * value / top) if value > 0 else 0
        y = 16 + plot - bar
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y}" width="{column:.1f}" height="{bar}" '
            f'fill="{PALETTE[0]}" data-label="{_attr(label)}" data-value="{value}">'
            f"<title>{escape(label)}: {number(value)}</title></rect>"
            f'<text x="{x + column / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'class="tick">{escape(label)}</text>'
        )
        if value > 0:
            parts.append(
                f'<text x="{x + column / 2:.1f}" y="{y - 4}" text-anchor="middle" '
                f'class="value">{number(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
