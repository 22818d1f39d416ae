"""A KPI's trend chart: its value and its target in each period, drawn on the server as SVG (STYLE: charts).

The chart is matplotlib's SVG made fit for a page by :func:`beacon.core.charts.accessible_svg` (no inline
styles, unique ids, ``role="img"`` with a ``<title>`` and ``<desc>``; text stays text). A page must always
show the same figures in a GOV.UK table beside the chart: the chart is never the only way to read them.

matplotlib is imported inside the function only, so importing this module stays light.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from beacon.core.charts import BLUE, BORDER, FONT_STACK, SECONDARY_TEXT, TEXT, accessible_svg
from beacon.performance.status import PeriodResult

# A GOV.UK colour for targets that is told apart from the values by its dashes and diamonds, not colour alone.
TARGET_COLOUR = "#0b0c0c"


def format_value(value: Decimal | float | None, *, unit: str, decimal_places: int) -> str:
    """A KPI figure as a reader writes it: "12.5%", "£1,250", "3 days", "1,024.0"; "No data" when missing."""
    if value is None:
        return "No data"
    number = f"{float(value):,.{max(decimal_places, 0)}f}"
    if unit == "percent":
        return f"{number}%"
    if unit == "pounds":
        return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
    if unit == "days":
        return f"{number} day" if number == "1" else f"{number} days"
    return number


def _describe(results: Sequence[PeriodResult], *, unit: str, decimal_places: int) -> str:
    observed = [r for r in results if r.value is not None]
    if not observed:
        return "No figures have been recorded yet."
    first, last = observed[0], observed[-1]
    text = (
        f"{len(observed)} periods with figures, from {first.label} "
        f"({format_value(first.value, unit=unit, decimal_places=decimal_places)}) to {last.label} "
        f"({format_value(last.value, unit=unit, decimal_places=decimal_places)})."
    )
    if last.target is not None:
        text += (
            f" The target for {last.label} is "
            f"{format_value(last.target, unit=unit, decimal_places=decimal_places)}: {last.status.label.lower()}."
        )
    return text + " The table beside the chart gives every figure."


def kpi_trend_svg(
    results: list[PeriodResult], *, title: str, unit: str, decimal_places: int, chart_id: str = ""
) -> str:
    """A KPI's value and target over its periods as an accessible SVG element (a string of markup).

    ``results`` are the KPI's periods oldest first, as :func:`beacon.performance.status.series` or
    :func:`beacon.performance.selectors.kpi_series` give them. ``unit`` is a ``Kpi.unit`` value ("number",
    "percent", "pounds" or "days") and ``decimal_places`` the KPI's; they format the axis. ``title`` is read
    out by a screen reader (the SVG carries ``role="img"``, a ``<title>`` and a ``<desc>`` summarising the
    latest figure). ``chart_id`` prefixes the SVG's ids so that several charts can share a page; by default it
    is derived from the title. A period with no observation leaves a gap in the value line; a period with no
    target has no target marker. The page must show the same figures in a table beside the chart.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    chart_id = chart_id or "kpi-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    x = list(range(len(results)))
    values = [float(r.value) if r.value is not None else math.nan for r in results]
    targets = [float(r.target) if r.target is not None else math.nan for r in results]
    settings: dict[Any, Any] = {
        "svg.fonttype": "none", "svg.hashsalt": chart_id, "font.family": "sans-serif",
        "font.sans-serif": FONT_STACK, "font.size": 12, "text.color": TEXT, "axes.labelcolor": TEXT,
        "xtick.color": TEXT, "ytick.color": TEXT, "axes.edgecolor": BORDER,
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(8, 3.8))
        axes = figure.subplots()
        if not results or all(math.isnan(v) for v in values + targets):
            axes.text(0.5, 0.5, "No figures recorded yet", ha="center", va="center", color=SECONDARY_TEXT,
                      transform=axes.transAxes)
            axes.set_xticks([])
            axes.set_yticks([])
        else:
            if not all(math.isnan(t) for t in targets):
                axes.plot(x, targets, color=TARGET_COLOUR, linewidth=1.5, linestyle="--", marker="D",
                          markersize=6, label="Target")
            if not all(math.isnan(v) for v in values):
                axes.plot(x, values, color=BLUE, linewidth=3, marker="o", markersize=7, label="Value")
            # Label every period when few, otherwise about eight of them so that the labels never overlap.
            step = max(1, math.ceil(len(results) / 8))
            axes.set_xticks(x[::step], [r.label for r in results][::step])
            axes.set_xlim(-0.4, len(results) - 0.6)
            axes.yaxis.set_major_locator(MaxNLocator(nbins=6))
            axes.yaxis.set_major_formatter(FuncFormatter(
                lambda tick, _: format_value(tick, unit=unit, decimal_places=_tick_places(tick, decimal_places))
            ))
            axes.legend(loc="upper left", frameon=False, ncols=2, bbox_to_anchor=(0, 1.14))
        axes.grid(axis="y", color=BORDER, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                         "Type": None})
    return accessible_svg(buffer.getvalue(), title=title, chart_id=chart_id,
                          description=_describe(results, unit=unit, decimal_places=decimal_places))


def _tick_places(tick: float, decimal_places: int) -> int:
    """Whole-number ticks need no decimals; others as many as the KPI shows."""
    return 0 if float(tick).is_integer() else decimal_places
