"""The risk heat map as server-side SVG, built as a string (no JavaScript, no inline styles, so it sits under
Beacon's content security policy and goes into PDF and Word as it is).

Likelihood runs up the vertical axis (5 at the top), impact along the horizontal one; each cell shows its count
and its band in words, coloured by band with GOV.UK colours (a solid colour where there are risks, a pale tint
where there are none). Text stays text; the chart has ``role="img"``, a ``<title>`` and a ``<desc>``, and the
page puts the same figures beside it as a table."""

from __future__ import annotations

from django.utils.html import escape

from beacon.risks import rules
from beacon.risks.selectors import IMPACT_WORDS, LIKELIHOOD_WORDS

# band words -> (fill with risks, text on it, pale fill without, text on it): GOV.UK Frontend colours.
BAND_COLOURS = {
    "Low": ("#00703c", "#ffffff", "#cce2d8", "#005a30"),
    "Medium": ("#ffdd00", "#0b0c0c", "#fff7bf", "#594d00"),
    "High": ("#f47738", "#0b0c0c", "#fcd6c3", "#6e3619"),
    "Very high": ("#d4351c", "#ffffff", "#f4cdc6", "#2a0b06"),
}
TEXT = "#0b0c0c"
CELL = 84
LEFT = 150  # room for "5 Almost certain"
TOP = 12
BOTTOM = 76
FONT = "Arial, Helvetica, sans-serif"


def heat_map_svg(grid: rules.HeatMap, *, title: str, description: str, chart_id: str) -> str:
    """The 5 × 5 grid of ``grid`` as an ``<svg>`` element (a string of markup)."""
    width, height = LEFT + 5 * CELL + 8, TOP + 5 * CELL + BOTTOM
    prefix = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" focusable="false" '
        f'font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
    ]
    for row, (likelihood, cells) in enumerate(grid.rows()):
        y = TOP + row * CELL
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + CELL / 2 - 4}" text-anchor="end" font-size="15" font-weight="bold" '
            f'fill="{TEXT}">{likelihood}</text>'
            f'<text x="{LEFT - 10}" y="{y + CELL / 2 + 14}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(LIKELIHOOD_WORDS[likelihood])}</text>'
        )
        for column, (_impact, count, words) in enumerate(cells):
            x = LEFT + column * CELL
            fill, ink, pale, pale_ink = BAND_COLOURS[words]
            background, colour = (fill, ink) if count else (pale, pale_ink)
            parts.append(
                f'<g><rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{background}" stroke="#ffffff" '
                f'stroke-width="3"/>'
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 2}" text-anchor="middle" font-size="26" '
                f'font-weight="bold" fill="{colour}">{count}</text>'
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 24}" text-anchor="middle" font-size="12" '
                f'fill="{colour}">{escape(words)}</text></g>'
            )
    axis_y = TOP + 5 * CELL
    for column, impact in enumerate(range(1, 6)):
        centre = LEFT + column * CELL + CELL / 2
        parts.append(
            f'<text x="{centre}" y="{axis_y + 20}" text-anchor="middle" font-size="15" font-weight="bold" '
            f'fill="{TEXT}">{impact}</text>'
            f'<text x="{centre}" y="{axis_y + 37}" text-anchor="middle" font-size="13" '
            f'fill="{TEXT}">{escape(IMPACT_WORDS[impact])}</text>'
        )
    parts.append(
        f'<text x="{LEFT + 5 * CELL / 2}" y="{axis_y + 64}" text-anchor="middle" font-size="15" font-weight="bold" '
        f'fill="{TEXT}">Impact</text>'
        f'<text x="16" y="{TOP + 5 * CELL / 2}" text-anchor="middle" font-size="15" font-weight="bold" '
        f'fill="{TEXT}" transform="rotate(-90 16 {TOP + 5 * CELL / 2})">Likelihood</text>'
        "</svg>"
    )
    return "".join(parts)


def heat_map_description(grid: rules.HeatMap, basis_words: str) -> str:
    """The chart's figures in a sentence, for its ``<desc>``."""
    filled = [
        f"likelihood {likelihood}, impact {impact}: {count} ({words})"
        for likelihood, cells in grid.rows() for impact, count, words in cells if count
    ]
    head = f"{grid.total} risk{'s' if grid.total != 1 else ''} scored {basis_words}."
    return f"{head} " + ("; ".join(filled) + "." if filled else "No risks to show.")
