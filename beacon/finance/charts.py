"""The forecast's fan chart: matplotlib drawn on the server as SVG (STYLE: charts), with the page's table beside it.

The SVG is made fit for a page by :func:`beacon.core.charts.accessible_svg`.

matplotlib is imported inside ``fan_chart`` only, so importing this module (and the page's) stays light.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from beacon.core.charts import (  # noqa: F401 - re-exported for the apps that drew on them here
    BLUE,
    BORDER,
    FONT_STACK,
    LIGHT_BLUE,
    SECONDARY_TEXT,
    TEXT,
    accessible_svg,
)


@dataclass(frozen=True)
class FanPoint:
    """One year of the chart, in pence."""

    label: str
    p10: int
    p50: int
    p90: int
    target: int | None


def _scale(points: Sequence[FanPoint]) -> tuple[float, str]:
    largest = max([max(p.p90, p.target or 0) for p in points] + [1])
    return (100_000_000.0, "£m") if largest >= 100_000_000 else (100_000.0, "£k")


def fan_chart(points: Sequence[FanPoint], *, title: str, description: str, chart_id: str) -> str:
    """The P10 to P90 band, the P50 line and each year's target as an SVG element (a string of markup)."""
    import matplotlib

    matplotlib.use("Agg", force=False)  # no display, whatever the process set up
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    divisor, unit = _scale(points)
    x = list(range(len(points)))
    settings: dict[Any, Any] = {
        "svg.fonttype": "none", "svg.hashsalt": chart_id, "font.family": "sans-serif",
        "font.sans-serif": FONT_STACK, "font.size": 12, "text.color": TEXT, "axes.labelcolor": TEXT,
        "xtick.color": TEXT, "ytick.color": TEXT, "axes.edgecolor": BORDER,
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(8, 3.8))
        axes = figure.subplots()
        axes.fill_between(x, [p.p10 / divisor for p in points], [p.p90 / divisor for p in points],
                          color=LIGHT_BLUE, alpha=0.35, linewidth=0, label="Likely range (P10 to P90)")
        axes.plot(x, [p.p50 / divisor for p in points], color=BLUE, linewidth=3, marker="o",
                  label="Median (P50)")
        targeted = [(i, p.target / divisor) for i, p in zip(x, points, strict=True) if p.target is not None]
        if targeted:
            axes.scatter([i for i, _ in targeted], [t for _, t in targeted], marker="D", s=60, color=TEXT,
                         zorder=3, label="Target")
        axes.set_xticks(x, [p.label for p in points])
        axes.set_xlim(-0.3, len(points) - 0.7)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: money_tick(value, unit)))
        axes.grid(axis="y", color=BORDER, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.legend(loc="upper left", frameon=False, ncols=3, bbox_to_anchor=(0, 1.14))
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                         "Type": None})
    return accessible_svg(buffer.getvalue(), title=title, description=description, chart_id=chart_id)


def money_tick(value: float, unit: str) -> str:
    """£1.5m, £2m, £250k: as many decimals as the tick needs, at most two."""
    return f"£{value:,.2f}".rstrip("0").rstrip(".") + unit[1:]
