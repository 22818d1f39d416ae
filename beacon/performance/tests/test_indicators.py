"""Loading the published indicators: real figures for real councils, periods as the data gives them, what is not a
council skipped and counted, and a second load that changes nothing."""

from __future__ import annotations

import pytest

from beacon.core.models import Council
from beacon.performance.indicators import load_indicators
from beacon.performance.models import Indicator, IndicatorValue


def value(code: str, gss: str, period: str) -> float:
    return IndicatorValue.objects.get(indicator__code=code, council__gss_code=gss, period=period).value


@pytest.mark.django_db
def test_load_real_figures_for_every_council_and_load_again() -> None:
    first = load_indicators()
    assert first["skipped_not_in_register"] > 0  # regions, countries
    assert first["skipped_not_a_council"] > 0  # combined authorities
    assert first["skipped_former_council"] > 0  # e.g. the Cumbrian districts
    ids = set(IndicatorValue.objects.values_list("pk", flat=True)[:5])

    # Council tax: Chorley's district element and Lancashire's precept, 2023/24 (SOURCE.md's examples)
    assert value("council-tax-band-d", "E07000118", "2023/24") == pytest.approx(203.63)
    assert value("council-tax-band-d", "E10000017", "2023/24") == pytest.approx(1574.71)
    assert value("council-tax-base", "E07000118", "2023/24") == pytest.approx(38342.5)
    # Oflog adult social care: upper tier only, financial years written 2022/23
    assert IndicatorValue.objects.filter(indicator__code="oflog-asc1", council__gss_code="E10000018").exists()
    assert not IndicatorValue.objects.filter(indicator__code="oflog-asc1", council__council_type="NMD").exists()
    assert IndicatorValue.objects.filter(indicator__code="oflog-asc5", period="2022/23").count() > 100
    assert not IndicatorValue.objects.filter(indicator__dataset="oflog-adult-social-care",
                                             period__contains="-").exists()
    asc = Indicator.objects.get(code="oflog-asc1")
    assert asc.polarity == "higher" and asc.licence == "Open Government Licence v3.0"
    # Revenue outturn per head: Chorley's total service expenditure £12,921k ÷ its mid-2020 population
    chorley = Council.objects.get(gss_code="E07000118")
    assert value("outturn-total-service-expenditure-per-head", "E07000118", "2017/18") == pytest.approx(
        12_921_000 / chorley.population_2020, rel=1e-4  # SOURCE.md gives the £ thousands rounded
    )
    # ONS: one period each, written as people write it; never a region or a combined authority
    assert value("ons-employment-rate", "E07000118", "2023") > 0
    assert Indicator.objects.get(code="ons-anxiety").polarity == "lower"
    assert not IndicatorValue.objects.filter(council__council_type__in=["COMB", "SRA"]).exists()
    assert IndicatorValue.objects.filter(indicator__code="imd-score").count() > 350

    second = load_indicators()
    assert second == first
    assert Indicator.objects.count() == first["indicators"]
    assert IndicatorValue.objects.count() == first["values"]
    assert not ids & set(IndicatorValue.objects.values_list("pk", flat=True))  # replaced, not duplicated


@pytest.mark.django_db
def test_the_command_says_what_it_loaded_and_skipped() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_indicators", stdout=out)
    assert "indicators and" in out.getvalue()
    assert "former councils" in out.getvalue()
