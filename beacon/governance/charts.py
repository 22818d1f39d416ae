"""The capability maturity chart: each capability's score on the 1-5 index, one bar per assessment (self-assessments
solid, peer reviews hatched, so that the two are told apart without colour), drawn by matplotlib on the server as
SVG with ``role="img"``; the page puts a GOV.UK table with the same figures beside it (STYLE: charts).

Also the words for a maturity level: a level whose name the framework leaves blank is shown as "Level 4 (name not
published)", never with an invented name.

matplotlib is imported inside ``maturity_chart`` only, so importing this module (and the pages') stays light.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beacon.finance.charts import BORDER, FONT_STACK, TEXT, accessible_svg

# GOV.UK Frontend colours: blue for self-assessments, dark blue hatched for peer reviews, then greys.
SERIES_COLOURS = ["#1d70b8", "#003078", "#5694ca", "#505a5f", "#b1b4b6"]
UNNAMED = "name not published"


def level_label(number: int, name: str = "") -> str:
    """ "Level 1 Tactical"; a level with no name: "Level 4 (name not published)"."""
    name = (name or "").strip()
    return f"Level {number} {name}" if name else f"Level {number} ({UNNAMED})"


def short_level_label(number: int, name: str = "") -> str:
    """The chart's axis words: "1 Tactical", "4 (name not published)"."""
    name = (name or "").strip()
    return f"{number} {name}" if name else f"{number} ({UNNAMED})"


@dataclass(frozen=True)
class Series:
    """One assessment on the chart: its label ("Self-assessment, 15 January 2024"), whether it is a peer review,
    and the score of each capability it scored (by capability id)."""

    label: str
    peer: bool
    scores: Mapping[int, Decimal]


def maturity_chart(
    capabilities: Sequence[tuple[int, str]],
    series: Sequence[Series],
    *,
    levels: Mapping[int, str],
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """Horizontal bars: a group per capability (``(id, title)``), a bar per series, on the 1-5 index with the
    levels' names on the axis. Returns the SVG element as a string of markup."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    count = max(len(series), 1)
    height = 0.8 / count
    rows = len(capabilities)
    settings: dict[Any, Any] = {
        "svg.fonttype": "none", "svg.hashsalt": chart_id, "font.family": "sans-serif",
        "font.sans-serif": FONT_STACK, "font.size": 12, "text.color": TEXT, "axes.labelcolor": TEXT,
        "xtick.color": TEXT, "ytick.color": TEXT, "axes.edgecolor": BORDER, "hatch.color": "#ffffff",
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(9, 1.2 + 0.32 * max(rows, 1) * count + 0.35 * rows))
        axes = figure.subplots()
        for index, one in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            positions, widths = [], []
            for row, (capability_id, _) in enumerate(capabilities):
                score = one.scores.get(capability_id)
                if score is None:
                    continue
                # Bars start at 0 so that a score of 1 (the lowest level) still shows as a bar.
                positions.append(rows - 1 - row + (count - 1 - index) * height - 0.4 + height / 2)
                widths.append(float(score))
            axes.barh(positions, widths, height=height * 0.92, color=colour, label=one.label,
                      hatch="//" if one.peer else None, edgecolor=colour, linewidth=0)
            for y, width in zip(positions, widths, strict=True):
                axes.text(width + 0.05, y, f"{width:.1f}", va="center", fontsize=10, color=TEXT)
        axes.set_yticks(range(rows), [title_ for _, title_ in reversed(capabilities)])
        axes.set_xlim(0, 5.4)
        axes.set_xticks([1, 2, 3, 4, 5], [wrap(short_level_label(n, levels.get(n, ""))) for n in range(1, 6)])
        axes.set_ylim(-0.6, rows - 0.4)
        axes.grid(axis="x", color=BORDER, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if series:
            axes.legend(loc="lower left", frameon=False, ncols=1, bbox_to_anchor=(0, 1.0))
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                         "Type": None})
    markup = accessible_svg(buffer.getvalue(), title=title, description=description, chart_id=chart_id)
    # A hatched bar is filled with a pattern: point its fill at the pattern's prefixed id too.
    prefix = f"{chart_id}-"

    def point(match: re.Match[str]) -> str:
        target = match.group(1)
        return match.group(0) if target.startswith(prefix) else f'fill="url(#{prefix}{target})"'

    return FILL_URL.sub(point, markup)


FILL_URL = re.compile(r'fill="url\(#([^)"]+)\)"')


def wrap(text: str) -> str:
    """Put a long axis label's bracketed part on its own line."""
    return text.replace(" (", "\n(")
