"""The MTFS form: the MTFS itself and, on the same page, a table with one row of inputs per financial year from
its first to its last (funding gap, savings required, the programme's share, illustrative).

The rows work without JavaScript. Their inputs are named ``year-<start year>-<field>``; "Update the years
shown" re-draws the table for a changed first or last year without saving. A row of a year outside the MTFS
that still holds figures is refused with the reason, and so is a save whose table lacks a year of the MTFS
(its figures were never seen), so that nothing is stored that the officer did not type.

The one write of an MTFS's years is ``beacon.finance.services.replace_mtfs_years``, used by this form and by
the ``mtfs`` API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from beacon.core.forms import FinancialYearField, GovukForm, GovukModelForm, MoneyField, OrganisationFormMixin
from beacon.core.models import FinancialYear
from beacon.core.money import financial_year_of
from beacon.finance.models import Mtfs, MtfsYear
from beacon.finance.services import YearFigures

DATE = forms.DateInput(format="%Y-%m-%d")
ROW_KEY = re.compile(r"^year-(?P<year>\d{4})-")
DEFAULT_YEARS = 4  # a new MTFS starts as four years from the current one, as Cheshire East's 2024/25 to 2027/28
MONEY_FIELDS = {"funding_gap": "funding_gap_pence", "savings_required": "savings_required_pence",
                "programme_target": "programme_target_pence"}


def outside_mtfs(year: FinancialYear, start: FinancialYear, end: FinancialYear) -> str:
    """Why ``year`` cannot be a year of an MTFS running from ``start`` to ``end`` ("" when it can)."""
    if start.start_year <= year.start_year <= end.start_year:
        return ""
    return f"{year} is outside the MTFS ({start} to {end})."


def year_rule_errors(mtfs: Mtfs, figures: YearFigures) -> dict[str, list[str]]:
    """The model's own rules for one year (not negative; the programme's share within the savings required),
    asked before the MTFS is saved: keyed by model field."""
    year = MtfsYear(
        organisation_id=mtfs.organisation_id, financial_year=figures.financial_year,
        funding_gap_pence=figures.funding_gap_pence, savings_required_pence=figures.savings_required_pence,
        programme_target_pence=figures.programme_target_pence, illustrative=figures.illustrative,
    )
    try:
        year.clean_fields(exclude=["mtfs", "organisation", "financial_year", "note"])
        year.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


class MtfsForm(OrganisationFormMixin, GovukModelForm):
    start_year = FinancialYearField(label="First year", help_text="The financial year the MTFS starts, like 2024/25")
    end_year = FinancialYearField(label="Last year")

    class Meta:
        model = Mtfs
        fields = ["title", "programme", "start_year", "end_year", "description", "approved_date", "source", "public"]
        widgets = {"approved_date": DATE}
        labels = {
            "programme": "Transformation programme",
            "approved_date": "Agreed by full council on (optional)",
            "source": "Where the figures come from",
            "public": "Show on the public dashboard",
        }
        help_texts = {
            "programme": "The programme whose savings count against this MTFS",
            "approved_date": "For example 27 2 2024",
            "source": "For example the budget report to full council, with its date or a link",
        }


class YearRowForm(GovukForm):
    """The inputs of one year of the table (templates/finance/mtfs_form.html draws them as a table row)."""

    # No hints per cell: the table's one hint (templates/finance/mtfs_form.html) says how to write pounds.
    funding_gap = MoneyField(required=False, label="Funding gap", help_text="")
    savings_required = MoneyField(required=False, label="Savings required", help_text="")
    programme_target = MoneyField(required=False, label="Programme's share", help_text="")
    illustrative = forms.BooleanField(required=False, label="Illustrative")

    def __init__(self, *args: Any, financial_year: FinancialYear, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"year-{financial_year.start_year}")
        super().__init__(*args, **kwargs)
        self.financial_year = financial_year
        self.outside = ""  # set when the year is outside the MTFS

    def has_figures(self) -> bool:
        """Whether the officer typed anything in the row (a blank row of a year outside the MTFS is ignored)."""
        data = self.data
        typed = any(str(data.get(self.add_prefix(name), "")).strip() for name in MONEY_FIELDS)
        return typed or bool(data.get(self.add_prefix("illustrative")))

    def figures(self) -> YearFigures:
        data = self.cleaned_data
        return YearFigures(
            financial_year=self.financial_year, funding_gap_pence=data.get("funding_gap") or 0,
            savings_required_pence=data.get("savings_required") or 0,
            programme_target_pence=data.get("programme_target"), illustrative=bool(data.get("illustrative")),
        )

    def first_input_id(self) -> str:
        return self["funding_gap"].id_for_label


def posted_years(data: Mapping[str, Any]) -> set[int]:
    """The years whose rows were posted (text inputs always post, even blank)."""
    return {int(match["year"]) for key in data if (match := ROW_KEY.match(key))}


def initial_of(year: MtfsYear | None) -> dict[str, Any]:
    if year is None:
        return {}
    return {"funding_gap": year.funding_gap_pence, "savings_required": year.savings_required_pence,
            "programme_target": year.programme_target_pence, "illustrative": year.illustrative}


def raw_initial(data: Mapping[str, Any], start_year: int) -> dict[str, Any]:
    """What was typed in a row, to draw it again unbound (when only the years shown are being updated)."""
    prefix = f"year-{start_year}-"
    return {name: data.get(prefix + name, "") for name in [*MONEY_FIELDS, "illustrative"]}


class MtfsYearTable:
    """The year rows of the MTFS form, their validation against the MTFS's span, and the figures to save."""

    def __init__(self, mtfs: Mtfs, data: Mapping[str, Any] | None = None, *, span: tuple[int, int] | None = None,
                 redraw: bool = False) -> None:
        self.mtfs = mtfs
        self.errors: list[str] = []
        self.missing: list[FinancialYear] = []
        existing = {year.financial_year.start_year: year for year in mtfs.years.select_related("financial_year")} \
            if mtfs.pk else {}
        span_years = set(range(span[0], span[1] + 1)) if span else set()
        posted = posted_years(data) if data is not None else set()
        if data is None:
            wanted = span_years | set(existing)
        elif redraw:
            wanted = span_years or posted
        else:
            wanted = span_years | posted
        years = FinancialYear.objects.filter(start_year__in=wanted).order_by("start_year")
        self.span_years = span_years
        self.rows: list[YearRowForm] = []
        for year in years:
            if data is not None and year.start_year in posted and not redraw:
                row = YearRowForm(data, financial_year=year)
            elif data is not None and year.start_year in posted:
                row = YearRowForm(initial=raw_initial(data, year.start_year), financial_year=year)
            else:
                row = YearRowForm(initial=initial_of(existing.get(year.start_year)), financial_year=year)
                if data is not None and not redraw:
                    self.missing.append(year)
            self.rows.append(row)

    def is_valid(self, start: FinancialYear | None, end: FinancialYear | None) -> bool:
        """Check every row; ``start`` and ``end`` are the MTFS's years as the form cleaned them (None if it
        refused them, and then the rows are checked only for what was typed)."""
        valid = True
        for row in self.rows:
            if not row.is_bound:
                continue
            if not row.is_valid():
                valid = False
                continue
            if start is not None and end is not None:
                row.outside = outside_mtfs(row.financial_year, start, end)
            if row.outside:
                if row.has_figures():
                    row.add_error(None, f"{row.outside} Clear its figures, or change the first or last year.")
                    valid = False
                continue
            for name, messages in year_rule_errors(self.mtfs, row.figures()).items():
                field = next((key for key, model_name in MONEY_FIELDS.items() if model_name == name), None)
                for message in messages:
                    row.add_error(field, message)
                valid = False
        if self.missing:
            labels = ", ".join(str(year) for year in self.missing)
            self.errors.append(f"The years of the MTFS changed: enter the figures for {labels}, then save again.")
            valid = False
        return valid

    def figures(self) -> list[YearFigures]:
        """The figures of the years inside the MTFS (only after ``is_valid``)."""
        return [row.figures() for row in self.rows if row.is_bound and not row.outside]

    def error_links(self) -> list[tuple[str, str]]:
        """(message, anchor) for the error summary: the table's own errors, then each row's."""
        links = [(message, "#years") for message in self.errors]
        for row in self.rows:
            if not row.is_bound or not row.errors:
                continue
            for message in row.non_field_errors():
                links.append((str(message), f"#{row.first_input_id()}"))
            for field in row:
                for message in field.errors:
                    links.append((f"{row.financial_year}: {message}", f"#{field.id_for_label}"))
        return links


def default_span() -> tuple[int, int]:
    current = FinancialYear.objects.current()
    start = current.start_year if current else financial_year_of(timezone.localdate())
    return start, start + DEFAULT_YEARS - 1
