"""Template filters and tags for GOV.UK Design System pages (loaded everywhere as a builtin)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from beacon.core.forms import widget_kind
from beacon.core.money import pounds_text, short_pounds

register = template.Library()

CONFIDENCE_COLOURS = {
    "green": "govuk-tag--green",
    "amber_green": "govuk-tag--yellow",
    "amber": "govuk-tag--orange",
    "amber_red": "govuk-tag--pink",
    "red": "govuk-tag--red",
}
STAGE_COLOURS = {
    "idea": "govuk-tag--grey",
    "hlbc": "govuk-tag--light-blue",
    "fbc": "govuk-tag--blue",
    "approved": "govuk-tag--turquoise",
    "delivery": "govuk-tag--purple",
    "closed": "govuk-tag--grey",
    "stopped": "govuk-tag--grey",
}


@register.filter
def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """A date as GOV.UK writes it: 21 March 2024."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


@register.filter
def pounds(value: Decimal | int | float | None) -> str:
    """Pounds with thousands separators: £1,200,000 (pence shown only when there are any)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"{sign}£{text}"


@register.simple_tag
def confidence_tag(project: Any) -> str:
    """A GOV.UK tag with the rating in words, never colour alone."""
    value = getattr(project, "delivery_confidence", "") or ""
    if not value:
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Not rated</strong>')  # noqa: S308
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', CONFIDENCE_COLOURS.get(value, ""),
        project.get_delivery_confidence_display(),
    )


@register.simple_tag
def stage_tag(project: Any) -> str:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', STAGE_COLOURS.get(project.stage, ""), project.get_stage_display()
    )


@register.simple_tag
def milestone_tag(milestone: Any) -> str:
    label = milestone.status_label()
    colour = {"Done": "govuk-tag--green", "Late": "govuk-tag--red"}.get(label, "govuk-tag--grey")
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, label)


@register.filter
def field_kind(field: BoundField) -> str:
    return widget_kind(field.field.widget)


@register.filter
def yes_no(value: Any) -> str:
    return "Yes" if value else "No"


@register.filter
def pence(value: int | None) -> str:
    """Integer pence as pounds with thousands separators: 120000000 → £1,200,000."""
    if value is None or value == "":
        return ""
    return pounds_text(int(value))


@register.filter
def short_pence(value: int | None) -> str:
    """Integer pence as a summary figure: 120000000 → £1.2m."""
    if value is None or value == "":
        return ""
    return short_pounds(int(value))
