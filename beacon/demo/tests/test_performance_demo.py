"""The demo councils' KPIs (real published figures, exactly as published, with illustrative targets that say so)
and the synthetic council's 200 KPIs x 60 months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from beacon.demo import performance
from beacon.demo.performance import ILLUSTRATIVE_TARGETS, NO_TARGETS, lait_period, ons_period, published
from beacon.demo.synthetic import build_synthetic_council
from beacon.demo.synthetic_performance import KPIS, PERIODS
from beacon.performance.models import Kpi, KpiTarget, Observation, Polarity, Unit
from beacon.performance.periods import Frequency
from beacon.performance.status import Status, status_of

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SLUGS = ("cheshire-east", "leicestershire", "chorley", "northumberland")
# Officers named in the seed reports and follow-on material: KPIs name role titles, never people.
OFFICER_NAMES = ["Sinnott", "Polkinghorne", "Willis", "Gardner", "Sanderson", "McFarlane", "Allman", "Andy Brown",
                 "Gary Hall", "Glen ", "Kelly", "Wearmouth", "Elsdon", "Tebbutt"]
TODAY = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for a class of read-only tests, and rolled back after them."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


def load() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def kpi(slug: str, code: str) -> Kpi:
    return Kpi.objects.select_related("benchmark").get(organisation__slug=slug, code=code)


def value(slug: str, code: str, year: int) -> Decimal:
    return Observation.objects.get(kpi__organisation__slug=slug, kpi__code=code, period_start=dt.date(year, 4, 1)).value


def target(slug: str, code: str, year: int) -> KpiTarget:
    return KpiTarget.objects.get(kpi__organisation__slug=slug, kpi__code=code, period_start=dt.date(year, 4, 1))


# Reading the extracts (no database) -------------------------------------------------------------------------


def test_a_published_figure_is_kept_exactly_and_a_float_written_out_in_full_is_read_as_published():
    assert published("1525.46") == Decimal("1525.46")
    assert published("156607.506") == Decimal("156607.506")
    assert published("8.3000000000000007") == Decimal("8.3")
    assert published("69.099999999999994") == Decimal("69.1")
    with pytest.raises(ValueError, match="rounded"):
        published("1174.446272905177")


def test_periods_are_filed_under_the_financial_year_holding_their_last_day():
    assert lait_period("2025", "Financial Year") == (dt.date(2024, 4, 1), "year ending 31 March 2025")
    assert lait_period("2025", "Annual (end of Sept)") == (dt.date(2025, 4, 1), "as at 30 September 2025")
    assert lait_period("2024", "Calendar Year") == (dt.date(2024, 4, 1), "calendar year 2024")
    assert ons_period("2023-01-01T00:00:00/P1Y") == (dt.date(2023, 4, 1), "calendar year 2023")
    assert ons_period("2024-04") == (dt.date(2024, 4, 1), "April 2024")
    assert ons_period("2023/24") == (dt.date(2023, 4, 1), "2023/24 (April to March)")
    assert ons_period("2022-2023")[0] == dt.date(2022, 4, 1)


def test_the_extracts_ship_with_beacon_with_their_provenance():
    assert performance.DATA.parent.name == "demo" and "shared" not in str(performance.DATA)
    source = (performance.DATA / "SOURCE.md").read_text()
    for name in ("oflog_asc.csv", "council_tax_band_d.csv", "council_tax_base.csv", "dfe_lait.csv",
                 "dfe_lait_dictionary.csv", "ons_indicators.csv"):
        assert (performance.DATA / name).exists() and name in source
    assert "Open Government Licence v3.0" in source


# The demo ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheDemoKpis:
    def test_progress_output_names_each_council_s_kpis(self, demo):
        for slug in SLUGS:
            assert Kpi.objects.filter(organisation__slug=slug).exists()
        assert "Chorley Borough Council performance: KPIs" in demo

    def test_band_d_2023_24_exactly_as_published(self):
        # The SOURCE.md examples: each council's own element (a county's precept), incl. the ASC precept.
        assert value("leicestershire", "LCC-CT-BANDD", 2023) == Decimal("1525.46")
        assert value("northumberland", "NCC-CT-BANDD", 2023) == Decimal("1985.34")
        assert value("cheshire-east", "CEC-CT-BANDD", 2023) == Decimal("1707.39")
        assert value("chorley", "CBC-CT-BANDD", 2023) == Decimal("203.63")
        assert value("chorley", "CBC-CT-BANDD", 2022) == Decimal("199.66")
        band_d = kpi("chorley", "CBC-CT-BANDD")
        assert (band_d.unit, band_d.decimal_places, band_d.polarity) == (Unit.POUNDS, 2, Polarity.LOWER)
        assert not band_d.targets.exists() and NO_TARGETS in band_d.description

    def test_each_council_has_its_nearest_neighbours_computed_from_published_indicators(self):
        from beacon.performance.models import ComparatorGroup

        for slug in SLUGS:
            groups = ComparatorGroup.objects.filter(organisation__slug=slug)
            assert {group.preset for group in groups} == {"like-for-like", "ons-2025"}
            assert all(group.memberships.count() == 15 for group in groups)
        chorley = ComparatorGroup.objects.get(organisation__slug="chorley", preset="like-for-like")
        assert set(chorley.members.values_list("council_type", flat=True)) == {"NMD"}  # districts, like Chorley

    def test_tax_base_by_year_for_billing_authorities(self):
        assert value("chorley", "CBC-CT-BASE", 2023) == Decimal("38342.5")
        assert value("cheshire-east", "CEC-CT-BASE", 2015) == Decimal("138764.5")
        assert value("cheshire-east", "CEC-CT-BASE", 2022) == Decimal("156607.506")
        assert kpi("northumberland", "NCC-CT-BASE").observations.count() == 9  # 2015/16 to 2023/24
        assert kpi("cheshire-east", "CEC-CT-BASE").decimal_places == 3
        # A county is a precepting authority: its precept tax base for the two years published.
        assert kpi("leicestershire", "LCC-CT-BASE").observations.count() == 2

    def test_oflog_series_with_polarity_from_the_rank_order_and_the_england_median_as_target(self):
        reablement = kpi("leicestershire", "LCC-ASC5")
        assert (reablement.frequency, reablement.polarity, reablement.unit) == (
            Frequency.ANNUAL, Polarity.HIGHER, Unit.PERCENT)
        assert reablement.observations.count() == 8  # 2015/16 to 2022/23
        assert value("leicestershire", "LCC-ASC5", 2021) == Decimal("90")
        assert value("leicestershire", "LCC-ASC2", 2016) == Decimal("0.403")
        assert target("leicestershire", "LCC-ASC5", 2015).value == Decimal("74.75")
        assert target("leicestershire", "LCC-ASC5", 2018).value == Decimal("78.05")  # 78.05000000000001 in the file
        assert ILLUSTRATIVE_TARGETS.replace("England figure", "England median") in reablement.description
        # The carers' survey runs every other year: missing years are missing, not zero.
        assert [o.period_start.year for o in kpi("leicestershire", "LCC-ASC1").observations.all()] == [2016, 2018,
                                                                                                       2021]

    def test_dfe_latest_values_with_dictionary_polarity(self):
        plans = kpi("leicestershire", "LCC-EHCP-20WK")
        assert plans.polarity == Polarity.HIGHER
        assert value("leicestershire", "LCC-EHCP-20WK", 2024) == Decimal("4.3")  # calendar year 2024
        assert target("leicestershire", "LCC-EHCP-20WK", 2024).value == Decimal("46.4")  # England
        tgt = target("leicestershire", "LCC-EHCP-20WK", 2024)
        assert status_of(Decimal("4.3"), tgt.value, tgt.tolerance, plans.polarity) == Status.OFF_TARGET
        agency = kpi("cheshire-east", "CEC-SW-AGENCY")
        assert (agency.polarity, agency.public) == (Polarity.LOWER, False)
        assert value("cheshire-east", "CEC-SW-AGENCY", 2025) == Decimal("31.3")  # as at 30 September 2025
        assert value("leicestershire", "LCC-SW-TURNOVER", 2025) == Decimal("8.3")
        assert "DfE LAIT, as at 30 September 2025" in agency.observations.get().note
        assert agency.source_url.startswith("https://www.gov.uk/")

    def test_ons_indicators_for_a_district(self):
        assert value("chorley", "CBC-EMP", 2023) == Decimal("68.8")
        assert target("chorley", "CBC-EMP", 2023).value == Decimal("76")
        assert kpi("chorley", "CBC-GIGABIT").decimal_places == 1  # "88.9"
        homes = kpi("chorley", "CBC-HOMES")  # ONS gives no England figure: no target
        assert not homes.targets.exists() and NO_TARGETS in homes.description

    def test_benchmarks_link_to_the_reference_indicators(self):
        assert kpi("cheshire-east", "CEC-ASC2").benchmark.code == "oflog-asc2"
        assert kpi("northumberland", "NCC-CT-BANDD").benchmark.code == "council-tax-band-d"
        assert kpi("chorley", "CBC-EMP").benchmark.code == "ons-employment-rate"
        assert kpi("chorley", "CBC-GIGABIT").benchmark.code == "ons-gigabit-capable-broadband"
        assert kpi("leicestershire", "LCC-EHCP-20WK").benchmark is None  # no DfE indicators are loaded

    def test_kpis_link_to_projects_where_one_fits(self):
        assert list(kpi("northumberland", "NCC-ASC2").projects.values_list("code", flat=True)) == ["NCC-ASC"]
        assert set(kpi("cheshire-east", "CEC-CLA-STABLE").projects.values_list("code", flat=True)) == {
            "CEC-RCRH", "CEC-CF"}
        assert "TS-H" in kpi("chorley", "CBC-EMP").projects.values_list("code", flat=True)

    def test_six_to_ten_kpis_each_mostly_public_with_an_internal_one(self):
        for slug in SLUGS:
            kpis = Kpi.objects.filter(organisation__slug=slug)
            assert 6 <= kpis.count() <= 10, slug
            assert kpis.filter(public=True).count() > kpis.count() / 2, slug
            assert kpis.filter(public=False).exists(), slug
            assert not kpis.filter(confidential=True).exists()

    def test_every_kpi_has_a_source_an_owner_role_and_says_what_is_illustrative(self):
        kpis = list(Kpi.objects.filter(organisation__slug__in=SLUGS))
        assert len(kpis) >= 24
        for item in kpis:
            assert item.data_source and item.source_url.startswith("https://"), item.code
            assert item.owner_title, item.code
            assert item.owner is None or item.owner.username == "lead", item.code
            assert item.frequency == Frequency.ANNUAL and not item.illustrative, item.code
            assert item.observations.exists(), item.code
            assert (ILLUSTRATIVE_TARGETS.split(":")[0] in item.description) == item.targets.exists(), item.code
            item.full_clean()
        for observation in Observation.objects.filter(organisation__slug__in=SLUGS):
            observation.full_clean()
            assert observation.note

    def test_no_person_is_named_in_owner_fields(self):
        for item in Kpi.objects.filter(organisation__slug__in=SLUGS):
            text = f"{item.owner_title} {item.description}"
            for name in OFFICER_NAMES:
                assert name not in text, (item.code, name)

    def test_loading_the_demo_twice_changes_no_kpi(self):
        # Over the class's load; the test runs in a savepoint, so the others see the demo as loaded.
        def state() -> tuple:
            return (
                list(Kpi.objects.order_by("organisation__slug", "code").values_list(
                    "organisation__slug", "code", "title", "description", "public", "benchmark__code")),
                list(Observation.objects.order_by("kpi__code", "period_start").values_list(
                    "kpi__code", "period_start", "value", "note")),
                list(KpiTarget.objects.order_by("kpi__code", "period_start").values_list(
                    "kpi__code", "period_start", "value", "tolerance")),
                Kpi.history.count(), Observation.history.count(), KpiTarget.history.count(),
                Kpi.projects.through.objects.count(),
            )

        before = state()
        load()
        assert state() == before


# The synthetic council --------------------------------------------------------------------------------------


def fingerprint(slug: str) -> tuple:
    return (
        list(Kpi.objects.filter(organisation__slug=slug).order_by("code").values_list(
            "code", "title", "unit", "polarity", "public", "confidential", "owner_title")),
        list(Observation.objects.filter(organisation__slug=slug).order_by("kpi__code", "period_start")
             .values_list("kpi__code", "period_start", "value")),
        list(KpiTarget.objects.filter(organisation__slug=slug).order_by("kpi__code", "period_start")
             .values_list("kpi__code", "period_start", "value", "tolerance")),
    )


@pytest.mark.django_db
def test_the_synthetic_council_has_200_kpis_by_60_months():
    org = build_synthetic_council("synthetic", 20, today=TODAY)
    kpis = Kpi.objects.filter(organisation=org)
    assert kpis.count() == KPIS == 200
    assert Observation.objects.filter(organisation=org).count() == KPIS * PERIODS == 12_000
    assert KpiTarget.objects.filter(organisation=org).count() == KPIS * PERIODS
    assert all(item.frequency == Frequency.MONTHLY and item.illustrative for item in kpis)
    assert set(kpis.annotate(n=Count("observations")).values_list("n", flat=True)) == {PERIODS}
    assert 70 <= kpis.filter(public=True).count() <= 130
    assert 5 <= kpis.filter(confidential=True).count() <= 40
    assert kpis.filter(public=True, confidential=True).exists()  # confidential wins: the canary tests need one
    # every KPI sits under a priority of a public plan, so the public dashboard has its themes -> priorities -> KPIs
    assert not kpis.filter(priorities=None).exists()
    latest = Observation.objects.filter(organisation=org).order_by("-period_start").first()
    assert latest is not None and latest.period_start == dt.date(2025, 5, 1)
    assert Observation.objects.filter(organisation=org, kpi__code="KPI-001").count() == PERIODS
    for observation in Observation.objects.filter(organisation=org)[:60]:
        observation.full_clean()


@pytest.mark.django_db
def test_the_synthetic_kpis_are_deterministic():
    build_synthetic_council("first", 5, seed=7, today=TODAY)
    build_synthetic_council("second", 5, seed=7, today=TODAY)
    build_synthetic_council("third", 5, seed=8, today=TODAY)
    assert fingerprint("first") == fingerprint("second")
    assert fingerprint("first") != fingerprint("third")
