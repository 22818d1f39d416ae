"""A matplotlib chart as a report ``Figure``: drawn once to SVG (for HTML and PDF, made fit for a page by
:func:`beacon.core.charts.accessible_svg`) and to PNG at 150 dpi (for Word and OpenDocument)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from beacon.core.charts import accessible_svg
from beacon.reports.document import Figure
from beacon.reports.renderers.html import register_svg_namespaces

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MatplotlibFigure

PNG_DPI = 150
CM_PER_INCH = 2.54
MAX_WIDTH_CM = 16.0  # the text width of an A4 page with 2.5 cm margins


def figure(fig: MatplotlibFigure, *, alt: str, caption: str = "", chart_id: str) -> Figure:
    """The chart as SVG and PNG with its alternative text. Both files carry no date or software version, and
    the SVG's ids are salted with ``chart_id``, so the same chart gives the same bytes."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id}):
        svg_buffer = io.StringIO()
        fig.savefig(svg_buffer, format="svg",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        png_buffer = io.BytesIO()
        fig.savefig(png_buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    register_svg_namespaces()  # weasyprint, once imported, would otherwise make accessible_svg write <ns0:svg>
    svg = accessible_svg(svg_buffer.getvalue(), title=alt, description=caption or alt, chart_id=chart_id)
    width_cm = min(MAX_WIDTH_CM, fig.get_figwidth() * CM_PER_INCH)
    return Figure(alt=alt, svg=svg, png=png_buffer.getvalue(), caption=caption, width_cm=width_cm)
