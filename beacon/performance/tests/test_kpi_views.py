"""The KPI pages: the list (latest figure, target, status and direction in words, filters, overdue flag, constant
queries), a KPI's page (every period with status and change, the chart with its table, links to priorities and
projects), and the forms (a period typed as text, refused with a reason when it is not a period of the KPI's
frequency or already has a figure; confidential KPIs and the owner's rights follow the policy)."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.performance.models import Kpi, KpiTarget, Observation
from beacon.performance.periods import add_months
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

ERROR_SUMMARY = "There is a problem"
LIST = "/org/home/performance/kpis/"


def text(response: Any) -> str:
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", htmllib.unescape(body))


def detail(kpi: Kpi) -> str:
    return f"/org/home/performance/kpis/{kpi.pk}/"


def quarterly_kpi(world: World, **kwargs: Any) -> Kpi:
    kpi = f.KpiFactory(organisation=world.home, code=kwargs.pop("code", "ASC-1"),
                       title=kwargs.pop("title", "Adults supported at home"), frequency="quarterly",
                       unit=kwargs.pop("unit", "percent"), **kwargs)
    return kpi  # type: ignore[no-any-return]


def observe(kpi: Kpi, start: dt.date, value: str, note: str = "") -> Observation:
    return Observation.objects.create(organisation=kpi.organisation, kpi=kpi, period_start=start,
                                      value=Decimal(value), note=note)


def aim(kpi: Kpi, start: dt.date, value: str, tolerance: str = "0") -> KpiTarget:
    return KpiTarget.objects.create(organisation=kpi.organisation, kpi=kpi, period_start=start, value=Decimal(value),
                                    tolerance=Decimal(tolerance))


# The list --------------------------------------------------------------------------------------------------------


def test_list_shows_latest_value_target_status_and_direction_in_words(world: World, login: Any) -> None:
    kpi = quarterly_kpi(world)
    observe(kpi, dt.date(2024, 4, 1), "70")
    observe(kpi, dt.date(2024, 7, 1), "72.5")
    aim(kpi, dt.date(2024, 7, 1), "75", "5")
    page = text(login(world.users["viewer"]).get(LIST))
    row = page[page.index("ASC-1"):]
    assert "2024/25 Q2" in row[:200]
    assert "72.5%" in row[:200] and "75.0%" in row[:200]
    assert "Within tolerance" in row[:250]
    assert "Improving" in row[:300]
    # The world's public KPI: 71 against 75 with tolerance 5, and nothing before it.
    public_row = page[page.index("PUB-KPI"):]
    assert "Within tolerance" in public_row[:300] and "Not known" in public_row[:300]


def test_list_shows_no_data_for_a_kpi_without_figures(world: World, login: Any) -> None:
    page = text(login(world.users["viewer"]).get(LIST))
    row = page[page.index("INT-KPI"):]
    assert "None yet" in row[:200] and "No data" in row[:200]


def test_list_hides_confidential_kpis_from_a_viewer_but_shows_them_to_their_owner(world: World, login: Any) -> None:
    assert "Secret agency staff spend" not in text(login(world.users["viewer"]).get(LIST))
    assert "Secret agency staff spend" in text(login(world.users["lead"]).get(LIST))
    assert "Other council's KPI" not in text(login(world.users["admin"]).get(LIST))


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("status=within_tolerance", ["PUB-KPI"], ["INT-KPI", "CONF-KPI"]),
    ("status=on_target", ["CONF-KPI"], ["PUB-KPI", "INT-KPI"]),
    ("status=off_target", [], ["CONF-KPI", "PUB-KPI", "INT-KPI"]),
    ("status=no_data", ["INT-KPI", "LEAD-KPI"], ["PUB-KPI", "CONF-KPI"]),
    ("public=true", ["PUB-KPI", "CONF-KPI"], ["INT-KPI"]),
    ("public=false", ["INT-KPI"], ["PUB-KPI"]),
    ("frequency=monthly", [], ["PUB-KPI", "INT-KPI"]),
    ("frequency=quarterly", ["PUB-KPI", "INT-KPI"], []),
])
def test_list_filters(world: World, login: Any, query: str, shown: list[str], hidden: list[str]) -> None:
    page = text(login(world.users["admin"]).get(f"{LIST}?{query}"))
    for code in shown:
        assert code in page, code
    for code in hidden:
        assert code not in page, code


def test_list_filters_by_owner_and_priority(world: World, login: Any) -> None:
    priority = f.PriorityFactory(organisation=world.home, title="Living well at home")
    world.records["plain_kpi"].priorities.add(priority)
    client = login(world.users["admin"])
    page = text(client.get(f"{LIST}?priority={priority.pk}"))
    assert "INT-KPI" in page and "PUB-KPI" not in page
    page = text(client.get(f"{LIST}?owner={world.users['lead'].pk}"))
    assert "LEAD-KPI" in page and "CONF-KPI" in page and "PUB-KPI" not in page


def test_list_flags_overdue_kpis_and_filters_them(world: World, login: Any) -> None:
    late = quarterly_kpi(world, code="LATE-1", title="Late indicator")
    observe(late, dt.date(2020, 4, 1), "10")
    fresh = quarterly_kpi(world, code="FRESH-1", title="Fresh indicator")
    Kpi.objects.filter(pk=fresh.pk).update(reporting_lag_days=3650)
    observe(fresh, dt.date(2020, 4, 1), "10")
    archived = quarterly_kpi(world, code="ARCH-1", title="Archived indicator", archived=True)
    observe(archived, dt.date(2020, 4, 1), "10")
    client = login(world.users["admin"])
    page = text(client.get(LIST))
    assert "Overdue (2020/21 Q2 due 30 October 2020)" in page
    assert "Overdue" not in page[page.index("FRESH-1"):][:150]
    assert "Overdue" not in page[page.index("ARCH-1"):][:150]
    overdue = text(client.get(f"{LIST}?overdue=true"))
    assert "LATE-1" in overdue and "FRESH-1" not in overdue and "ARCH-1" not in overdue
    not_overdue = text(client.get(f"{LIST}?overdue=false"))
    assert "LATE-1" not in not_overdue and "FRESH-1" in not_overdue and "ARCH-1" in not_overdue


def test_list_survives_nonsense_filters(world: World, login: Any) -> None:
    client = login(world.users["admin"])
    for query in ("status=nonsense", "overdue=maybe", "owner=abc", "priority=999999", "page=999", "frequency=x"):
        assert client.get(f"{LIST}?{query}").status_code in (200, 404), query


def test_list_queries_are_constant(world: World, login: Any) -> None:
    client = login(world.users["admin"])

    def add(count: int) -> None:
        for _ in range(count):
            kpi = quarterly_kpi(world, code=f"BULK-{Kpi.objects.count()}", owner=world.users["lead"])
            for quarter in range(6):
                start = add_months(dt.date(2023, 4, 1), quarter * 3)
                observe(kpi, start, str(50 + quarter))
                aim(kpi, start, "52", "1")

    add(3)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    add(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as filtered_few:
        client.get(f"{LIST}?overdue=true&status=on_target")
    add(5)
    with CaptureQueriesContext(connection) as filtered_many:
        client.get(f"{LIST}?overdue=true&status=on_target")
    assert len(filtered_many) == len(filtered_few)


# A KPI's page ------------------------------------------------------------------------------------------------------


def test_detail_shows_every_period_with_status_and_change(world: World, login: Any) -> None:
    kpi = quarterly_kpi(world, polarity="lower", unit="days", decimal_places=1, title="Days to process a claim")
    observe(kpi, dt.date(2023, 4, 1), "20")
    observe(kpi, dt.date(2024, 1, 1), "18", note="Winter backlog")
    observe(kpi, dt.date(2024, 4, 1), "16")
    aim(kpi, dt.date(2024, 4, 1), "15", "2")
    aim(kpi, dt.date(2024, 7, 1), "15", "2")
    response = login(world.users["viewer"]).get(detail(kpi))
    assert response.status_code == 200
    page = text(response)
    assert "Days to process a claim" in page
    latest = page[page.index("Latest figure"):]
    assert "2024/25 Q1 16.0 days" in latest
    assert "Within tolerance" in latest[:200]
    row = page[page.index("2024/25 Q1 16.0 days 15.0 days 2.0 days"):][:200]
    assert "Within tolerance" in row
    assert "Since" not in row and "Improving -2.0 days" in row and "Improving -4.0 days" in row
    q2 = page[page.index("2024/25 Q2 No data"):][:200]
    assert "No data" in q2 and "Not known" in q2
    assert "Winter backlog" in page
    assert "Lower is better" in page and "Quarterly" in page


def test_detail_has_a_chart_with_a_title_and_a_table_beside_it(world: World, login: Any) -> None:
    kpi = world.records["public_kpi"]
    content = login(world.users["viewer"]).get(detail(kpi)).content.decode()
    assert 'role="img"' in content and f"Trend of {kpi.code} {kpi.title}</title>" in content
    assert "<table" in content[content.index("beacon-chart"):]
    assert " style=" not in content[content.index("<svg"):content.index("</svg>")]


def test_detail_links_priorities_and_projects_the_reader_may_see(world: World, login: Any) -> None:
    kpi = world.records["plain_kpi"]
    priority = f.PriorityFactory(organisation=world.home, title="Living well at home")
    kpi.priorities.add(priority)
    kpi.projects.add(world.records["plain"], world.records["secret"])
    page = login(world.users["viewer"]).get(detail(kpi)).content.decode()
    assert f"/org/home/strategy/priorities/{priority.pk}/" in page or "Living well at home" in page
    assert "Ordinary internal project" in page
    assert "Secret depot closure" not in page
    assert "Secret depot closure" in login(world.users["admin"]).get(detail(kpi)).content.decode()


def test_detail_flags_an_overdue_kpi(world: World, login: Any) -> None:
    kpi = quarterly_kpi(world)
    observe(kpi, dt.date(2020, 4, 1), "10")
    page = text(login(world.users["viewer"]).get(detail(kpi)))
    assert "Overdue: the figure for 2020/21 Q2 was due by 30 October 2020" in page


def test_detail_of_a_confidential_kpi(world: World, login: Any) -> None:
    kpi = world.records["secret_kpi"]
    assert login(world.users["viewer"]).get(detail(kpi)).status_code == 404
    page = text(login(world.users["lead"]).get(detail(kpi)))
    assert "Confidential" in page and "Record a figure" in page and "Change figure" in page


def test_a_viewer_sees_no_buttons(world: World, login: Any) -> None:
    page = text(login(world.users["viewer"]).get(detail(world.records["public_kpi"])))
    assert "Record a figure" not in page and "Set a target" not in page and "Change figure" not in page


# Forms ---------------------------------------------------------------------------------------------------------


def kpi_data(**overrides: Any) -> dict[str, Any]:
    data = {"code": "NEW-1", "title": "Households in temporary accommodation", "unit": "number",
            "decimal_places": "0", "polarity": "lower", "frequency": "monthly", "reporting_lag_days": "30"}
    data.update(overrides)
    return data


def test_create_a_kpi(world: World, login: Any) -> None:
    client = login(world.users["programme"])
    priority = f.PriorityFactory(organisation=world.home)
    response = client.post("/org/home/performance/kpis/add/",
                           kpi_data(owner=world.users["lead"].pk, priorities=[priority.pk],
                                    projects=[world.records["plain"].pk]))
    kpi = Kpi.objects.get(code="NEW-1")
    assert response.status_code == 302 and response["Location"] == detail(kpi)
    assert kpi.organisation == world.home and kpi.owner == world.users["lead"]
    assert list(kpi.priorities.all()) == [priority] and list(kpi.projects.all()) == [world.records["plain"]]
    assert "KPI added" in text(client.get(detail(kpi)))


def test_kpi_form_refuses_bad_input_with_reasons(world: World, login: Any) -> None:
    client = login(world.users["programme"])
    other_priority = f.PriorityFactory(organisation=world.other)
    response = client.post("/org/home/performance/kpis/add/", kpi_data(
        code="pub-kpi", title="", priorities=[other_priority.pk], owner=world.users["outsider"].pk,
        reporting_lag_days="-1",
    ))
    page = text(response)
    assert ERROR_SUMMARY in page
    assert "There is already a KPI with the code pub-kpi" in page
    assert "Enter the title" in page
    assert "Select a valid choice" in page
    assert not Kpi.objects.filter(title="").exists()


def test_kpi_frequency_cannot_change_once_figures_exist(world: World, login: Any) -> None:
    kpi = world.records["public_kpi"]
    response = login(world.users["admin"]).post(
        f"{detail(kpi)}edit/", kpi_data(code=kpi.code, title=kpi.title, frequency="monthly")
    )
    assert "The frequency cannot change" in text(response)
    kpi.refresh_from_db()
    assert kpi.frequency == "quarterly"


def test_owner_edits_their_kpi_but_not_its_locked_fields(world: World, login: Any) -> None:
    kpi = world.records["led_kpi"]
    client = login(world.users["lead"])
    response = client.post(f"{detail(kpi)}edit/", kpi_data(
        code="HIJACK", title="Renamed by its owner", frequency=kpi.frequency, public="on", owner=""
    ))
    assert response.status_code == 302
    kpi.refresh_from_db()
    assert kpi.title == "Renamed by its owner"
    assert kpi.code == "LEAD-KPI" and kpi.public is False and kpi.owner == world.users["lead"]


def test_record_a_figure(world: World, login: Any) -> None:
    kpi = world.records["public_kpi"]
    client = login(world.users["programme"])
    response = client.post(f"{detail(kpi)}observations/add/", {"period": "2024/25 q2", "value": "73.5%",
                                                              "note": "Autumn survey"})
    assert response.status_code == 302 and response["Location"] == detail(kpi)
    observation = Observation.objects.get(kpi=kpi, period_start=dt.date(2024, 7, 1))
    assert observation.value == Decimal("73.5") and observation.note == "Autumn survey"
    page = text(client.get(detail(kpi)))
    assert "Figure recorded: 2024/25 Q2" in page
    assert "Improving +2.5" in page


@pytest.mark.parametrize(("period", "message"), [
    ("", "Enter the period"),
    ("someday", "is not a period. Write a month as “April 2024”, a quarter as “2024/25 Q1”"),
    ("May 2024", "is not the start of a quarterly period"),
    ("2024/25", "is a financial year, but this KPI is reported quarterly"),
    ("2024/26 Q1", "is not a financial year: the second year must follow the first"),
    ("2024/25 Q1", "There is already a figure for 2024/25 Q1: change that one instead"),
    ("2024-05-01", "2024/25 Q1 starts on 1 April 2024"),
])
def test_figure_form_refuses_bad_periods(world: World, login: Any, period: str, message: str) -> None:
    kpi = world.records["public_kpi"]
    response = login(world.users["programme"]).post(f"{detail(kpi)}observations/add/",
                                                    {"period": period, "value": "70"})
    page = text(response)
    assert ERROR_SUMMARY in page and message in page
    assert Observation.objects.filter(kpi=kpi).count() == 1


@pytest.mark.parametrize(("value", "message"), [
    ("", "Enter the value"),
    ("lots", "Enter a number"),
    ("1.23456", "no more than 4 decimal places"),
])
def test_figure_form_refuses_bad_values(world: World, login: Any, value: str, message: str) -> None:
    kpi = world.records["public_kpi"]
    page = text(login(world.users["programme"]).post(f"{detail(kpi)}observations/add/",
                                                     {"period": "2024/25 Q3", "value": value}))
    assert ERROR_SUMMARY in page and message in page


def test_set_and_change_a_target(world: World, login: Any) -> None:
    kpi = world.records["public_kpi"]
    client = login(world.users["admin"])
    response = client.post(f"{detail(kpi)}targets/add/", {"period": "Q2 2024/25", "value": "76", "tolerance": ""})
    assert response.status_code == 302
    target = KpiTarget.objects.get(kpi=kpi, period_start=dt.date(2024, 7, 1))
    assert target.value == 76 and target.tolerance == 0
    duplicate = text(client.post(f"{detail(kpi)}targets/add/", {"period": "2024/25 Q2", "value": "1"}))
    assert "There is already a target for 2024/25 Q2: change that one instead" in duplicate
    negative = text(client.post(f"{detail(kpi)}targets/add/", {"period": "2024/25 Q3", "value": "1",
                                                                "tolerance": "-1"}))
    assert "The tolerance must be 0 or more" in negative
    edit = client.get(f"/org/home/performance/targets/{target.pk}/edit/")
    assert 'value="2024/25 Q2"' in edit.content.decode()
    response = client.post(f"/org/home/performance/targets/{target.pk}/edit/",
                           {"period": "2024/25 Q2", "value": "77", "tolerance": "2"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 77 and target.tolerance == 2


def test_owner_records_figures_of_their_kpi_only(world: World, login: Any) -> None:
    client = login(world.users["lead"])
    secret = world.records["secret_kpi"]
    assert client.post(f"{detail(secret)}observations/add/", {"period": "2024/25 Q2", "value": "11"}).status_code == 302
    public = world.records["public_kpi"]
    assert client.post(f"{detail(public)}observations/add/", {"period": "2024/25 Q2", "value": "11"}).status_code == 403
    observation = world.records["public_observation"]
    assert client.get(f"/org/home/performance/observations/{observation.pk}/edit/").status_code == 403
    assert login(world.users["viewer"]).get(
        f"/org/home/performance/observations/{world.records['secret_observation'].pk}/edit/"
    ).status_code == 404


def test_a_kpi_with_a_benchmark_shows_the_councils_rank_and_quartile_in_each_group(world, login):
    from beacon.performance.models import ComparatorMember

    councils = [f.CouncilFactory(name=name) for name in ("Home District", "Near One", "Near Two", "Near Three")]
    world.home.council = councils[0]
    world.home.save()
    indicator = f.IndicatorFactory(title="Band D council tax", publisher="MHCLG", polarity="lower")
    for council, value in zip(councils, (210.0, 190.0, 230.0, 250.0), strict=True):
        f.IndicatorValueFactory(indicator=indicator, council=council, period="2023/24", value=value)
    group = f.ComparatorGroupFactory(organisation=world.home, council=councils[0], title="Nearest districts")
    for rank, council in enumerate(councils[1:], start=1):
        ComparatorMember.objects.create(group=group, council=council, rank=rank)
    kpi = world.records["public_kpi"]
    kpi.benchmark = indicator
    kpi.save()
    page = text(login(world.users["viewer"]).get(f"/org/home/performance/kpis/{kpi.pk}/"))
    assert "Compared with other councils" in page
    assert "In Nearest districts : 2nd of 4, in the second quarter (2023/24)." in page
