"""The ``mtfs`` collection: an MTFS with its ``years``, a list of ``{financial_year, savings_required,
funding_gap, programme_target, illustrative, note}`` (money in pounds as decimal strings, years as labels).

Writing ``years`` (on create, or on update) replaces the MTFS's years with those given; leaving it out of an
update keeps them. A year outside the MTFS, a year given twice, or a change of the first or last year that
would leave a stored year outside is refused with 400 and the reason, and nothing is written."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from beacon.core.api import FinancialYearField, OrganisationOwnedSerializer, OrganisationOwnedViewSet, PoundsField
from beacon.core.models import FinancialYear
from beacon.finance.filters_resources import MtfsFilterSet
from beacon.finance.forms_mtfs import outside_mtfs, year_rule_errors
from beacon.finance.models import Mtfs
from beacon.finance.services import YearFigures, replace_mtfs_years

AUDIT = ["created_at", "modified_at"]
MODEL_TO_API = {"funding_gap_pence": "funding_gap", "savings_required_pence": "savings_required",
                "programme_target_pence": "programme_target"}


class MtfsYearSerializer(serializers.Serializer):
    """One year of an MTFS. A missing amount is £0; a missing programme target means the programme must deliver
    all of the savings required."""

    financial_year = FinancialYearField()
    savings_required = PoundsField(source="savings_required_pence", default=0,
                                   help_text="the new saving needed in this year, pounds")
    funding_gap = PoundsField(source="funding_gap_pence", default=0)
    programme_target = PoundsField(source="programme_target_pence", default=None, allow_null=True,
                                   help_text="the programme's share of the savings required; null: all of it")
    illustrative = serializers.BooleanField(default=False)
    note = serializers.CharField(default="", allow_blank=True)


def figures_of(item: dict[str, Any]) -> YearFigures:
    # A partial update (PATCH) skips the fields' defaults, so they are applied here.
    return YearFigures(
        financial_year=item["financial_year"], funding_gap_pence=item.get("funding_gap_pence", 0),
        savings_required_pence=item.get("savings_required_pence", 0),
        programme_target_pence=item.get("programme_target_pence"), illustrative=item.get("illustrative", False),
        note=item.get("note", ""),
    )


class MtfsSerializer(OrganisationOwnedSerializer):
    start_year = FinancialYearField()
    end_year = FinancialYearField(required=False, help_text="on create, defaults to the last year given in years")
    years = MtfsYearSerializer(many=True, required=False)

    class Meta:
        model = Mtfs
        fields = ["id", "organisation", "title", "programme", "start_year", "end_year", "description",
                  "approved_date", "source", "public", "years", *AUDIT]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        years = attrs.pop("years", None)
        if self.instance is None and "end_year" not in attrs and "start_year" in attrs:
            given = [item["financial_year"] for item in years or []] + [attrs["start_year"]]
            attrs["end_year"] = max(given, key=lambda year: year.start_year)
        attrs = super().validate(attrs)
        instance: Any = self.instance
        start: FinancialYear = attrs.get("start_year") or instance.start_year
        end: FinancialYear = attrs.get("end_year") or instance.end_year
        if years is None:
            if instance is not None:
                self.refuse_stranded_years(instance, start, end)
            return attrs
        self.check_years(years, start, end, attrs.get("organisation") or getattr(instance, "organisation", None))
        attrs["years"] = years
        return attrs

    def check_years(self, years: list[dict[str, Any]], start: FinancialYear, end: FinancialYear,
                    organisation: Any) -> None:
        probe = Mtfs(organisation=organisation, start_year=start, end_year=end)
        errors: dict[str, dict[str, list[str]]] = {}  # by position in the list, as DRF reports a list's items
        seen: set[int] = set()
        for index, item in enumerate(years):
            if "financial_year" not in item:  # a partial update (PATCH) does not ask for it by itself
                errors[str(index)] = {"financial_year": ["Give the financial year, like 2024/25."]}
                continue
            year: FinancialYear = item["financial_year"]
            problems: dict[str, list[str]] = {}
            if year.start_year in seen:
                problems["financial_year"] = [f"{year} is given more than once."]
            elif outside := outside_mtfs(year, start, end):
                problems["financial_year"] = [outside]
            seen.add(year.start_year)
            for name, messages in year_rule_errors(probe, figures_of(item)).items():
                problems.setdefault(MODEL_TO_API.get(name, name), []).extend(messages)
            if problems:
                errors[str(index)] = problems
        if errors:
            raise ValidationError({"years": errors})

    def refuse_stranded_years(self, instance: Mtfs, start: FinancialYear, end: FinancialYear) -> None:
        stranded = [
            str(year.financial_year) for year in instance.years.select_related("financial_year")
            if outside_mtfs(year.financial_year, start, end)
        ]
        if stranded:
            raise ValidationError({"years": [
                f"{', '.join(stranded)} would be outside the MTFS ({start} to {end}): send the years too, "
                "without those years."
            ]})

    def create(self, validated_data: dict[str, Any]) -> Mtfs:
        years = validated_data.pop("years", None)
        mtfs: Mtfs = super().create(validated_data)
        if years is not None:
            replace_mtfs_years(mtfs, [figures_of(item) for item in years], actor=validated_data.get("modified_by"))
        return mtfs

    def update(self, instance: Mtfs, validated_data: dict[str, Any]) -> Mtfs:
        years = validated_data.pop("years", None)
        mtfs: Mtfs = super().update(instance, validated_data)
        if years is not None:
            replace_mtfs_years(mtfs, [figures_of(item) for item in years], actor=validated_data.get("modified_by"))
        return mtfs


class MtfsViewSet(OrganisationOwnedViewSet):
    """Medium-term financial strategies: the funding gap and savings required per financial year, and the share
    the transformation programme must deliver."""

    model = Mtfs
    serializer_class = MtfsSerializer
    filterset_class = MtfsFilterSet
    select_related = ("start_year", "end_year")
    prefetch_related = ("years__financial_year",)
