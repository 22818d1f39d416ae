"""Charts drawn on the server as SVG (STYLE: charts): matplotlib's output made fit for a page.

The SVG is made fit to sit inside a page under Beacon's content security policy, which forbids inline styles:
matplotlib's ``style`` attributes become SVG presentation attributes, its ``<style>`` element and metadata go,
its ids are prefixed so that two charts on one page never share one, and the chart gets ``role="img"`` with a
``<title>`` and ``<desc>`` that a screen reader reads. Text stays text (``svg.fonttype: none``). Every app's
charts (the forecast's fan chart, a KPI's trend, the maturity chart) pass through :func:`accessible_svg`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses the SVG matplotlib has just written, not input

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


DECLARATION = re.compile(r"\s*([a-z-]+)\s*:\s*(.+?)\s*$")


def accessible_svg(markup: str, *, title: str, description: str, chart_id: str) -> str:
    """matplotlib's SVG made fit for a page: no inline styles, unique ids, a title and a description."""
    # ElementTree's namespace prefixes are process-wide: another library (weasyprint) may have claimed the
    # default one since import, and the SVG would come out as <ns0:svg>, which no browser draws.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
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
