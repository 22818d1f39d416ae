"""The forecast's fan chart: matplotlib drawn on the server as SVG (STYLE: charts), with the page's table beside it.

The SVG is made fit to sit inside a page under Beacon's content security policy, which forbids inline styles:
matplotlib's ``style`` attributes become SVG presentation attributes, its ``<style>`` element and metadata go,
its ids are prefixed so that two charts on one page never share one, and the chart gets ``role="img"`` with a
``<title>`` and ``<desc>`` that a screen reader reads. Text stays text (``svg.fonttype: none``).

matplotlib is imported inside ``fan_chart`` only, so importing this module (and the page's) stays light.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses the SVG matplotlib has just written, not input
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

# GOV.UK Frontend colours.
BLUE = "#1d70b8"
LIGHT_BLUE = "#5694ca"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#484949"
BORDER = "#b1b4b6"

FONT_STACK = ["Arial", "Helvetica", "Liberation Sans", "DejaVu Sans"]


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


DECLARATION = re.compile(r"\s*([a-z-]+)\s*:\s*(.+?)\s*$")


def accessible_svg(markup: str, *, title: str, description: str, chart_id: str) -> str:
    """matplotlib's SVG made fit for a page: no inline styles, unique ids, a title and a description."""
    root = ET.fromstring(markup)  # noqa: S314 - our own matplotlib output, never user input
    prefix = f"{chart_id}-"
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}metadata", f"{{{SVG}}}style"):
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for declaration in style.split(";"):
                match = DECLARATION.match(declaration)
                if match:
                    element.set(match.group(1), match.group(2))
        if "id" in element.attrib:
            element.set("id", prefix + element.attrib["id"])
        for name in ("clip-path", "mask", "filter"):
            value = element.attrib.get(name)
            if value and value.startswith("url(#"):
                element.set(name, f"url(#{prefix}{value[5:]}")
        href = element.attrib.get(f"{{{XLINK}}}href")
        if href and href.startswith("#"):
            element.set(f"{{{XLINK}}}href", f"#{prefix}{href[1:]}")
    # What the removed <style> said of every element.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}title")
    root.set("aria-describedby", f"{prefix}desc")
    root.set("focusable", "false")
    title_element = ET.Element(f"{{{SVG}}}title", {"id": f"{prefix}title"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG}}}desc", {"id": f"{prefix}desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode")
