"""The stored forecast (beacon.finance.services_forecast), its pages, the ``forecasts`` API and the
``beacon forecast`` command: what counts, the MTFS chosen, reproducibility, and that a line the reader may not
read is never named."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from beacon.core.models import FinancialYear
from beacon.finance import forecast
from beacon.finance.forecast import Assumption
from beacon.finance.models import ForecastAssumption, ForecastRun, LineState, Recurrence
from beacon.finance.services_forecast import (
    default_mtfs,
    explanation,
    readable_contributors,
    save_assumptions,
    store_forecast,
)
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

CERTAIN = Assumption(1.0, 0, 0)
POUND = 100


def mtfs_with_targets(world: World, targets: dict[int, int], programme: Any = None) -> Any:
    mtfs = f.MtfsFactory(organisation=world.home, programme=programme or world.records["programme"],
                         start_year=f.financial_year(min(targets)), end_year=f.financial_year(max(targets)))
    for year, target in targets.items():
        f.MtfsYearFactory(mtfs=mtfs, financial_year=f.financial_year(year), savings_required_pence=target * 2,
                          programme_target_pence=target)
    return mtfs


def line(project: Any, state: str, amount: int, year: int = 2025, **extra: Any) -> Any:
    return f.SavingsLineFactory(project=project, state=state, amount_pence=amount,
                                financial_year=f.financial_year(year), **extra)


@pytest.fixture
def this_year_2025(db: Any) -> None:
    FinancialYear.objects.update(current=False)
    FinancialYear.objects.filter(start_year=2025).update(current=True)


@pytest.fixture
def book(world: World, this_year_2025: None) -> World:
    """An MTFS of the home programme for 2025/26 to 2027/28 and lines in every state, on an ordinary, a
    confidential (led by the project lead) and a public project."""
    records = world.records
    records["mtfs"] = mtfs_with_targets(world, {2025: 1_000_000 * POUND, 2026: 500_000 * POUND, 2027: 0})
    records["plain"].delivery_confidence = "amber"
    records["plain"].save()
    records["secret"].delivery_confidence = "red"
    records["secret"].save()
    records.update(
        approved=line(records["plain"], LineState.APPROVED, 600_000 * POUND, forecast_pence=400_000 * POUND,
                      title="Ordinary approved saving"),
        delivered=line(records["public"], LineState.DELIVERED, 300_000 * POUND, delivered_pence=250_000 * POUND),
        secret_line=line(records["secret"], LineState.APPROVED, 900_000 * POUND, title="Secret depot sale",
                         recurrence=Recurrence.ONE_OFF),
        written_off=line(records["plain"], LineState.WRITTEN_OFF, 5_000_000 * POUND),
        carried=line(records["plain"], LineState.CARRIED_FORWARD, 5_000_000 * POUND),
        replaced=line(records["plain"], LineState.REPLACED, 5_000_000 * POUND),
        proposed=line(records["plain"], LineState.PROPOSED, 70_000 * POUND),
        outside=line(records["plain"], LineState.APPROVED, 5_000_000 * POUND, year=2031),
    )
    return world


def certain_everywhere(world: World) -> None:
    save_assumptions(world.home, {rating: CERTAIN for rating in forecast.RATINGS}, actor=world.users["finance"])


def test_approved_and_delivered_lines_count_and_closed_lines_do_not(book: World) -> None:
    certain_everywhere(book)
    run = store_forecast(book.home, trials=1_000)
    first = run.years[0]
    # 400k forecast of the approved line, 250k delivered, 900k of the confidential one-off line.
    assert first["financial_year"] == "2025/26"
    assert first["p10_pence"] == first["p50_pence"] == first["p90_pence"] == 1_550_000 * POUND
    assert first["probability_target_met"] == 1.0 and first["target_pence"] == 1_000_000 * POUND
    assert run.lines_counted == 3
    assert [y["financial_year"] for y in run.years] == ["2025/26", "2026/27", "2027/28"]
    # The one-off line counts in its year only; the recurring ones stay in the base.
    assert [c["p50_pence"] for c in run.cumulative] == [1_550_000 * POUND, 650_000 * POUND, 650_000 * POUND]
    assert run.cumulative[1]["target_pence"] == 1_500_000 * POUND
    assert run.cumulative[1]["probability_target_met"] == 0.0

    with_proposed = store_forecast(book.home, trials=1_000, include_proposed=True)
    assert with_proposed.years[0]["p50_pence"] == 1_620_000 * POUND
    assert with_proposed.lines_counted == 4 and with_proposed.assumptions["include_proposed"] is True


def test_the_run_stores_its_inputs_and_the_same_seed_gives_the_same_run(book: World) -> None:
    run = store_forecast(book.home, trials=2_000, seed=99, correlation=0.25, actor=book.users["programme"])
    again = store_forecast(book.home, trials=2_000, seed=99, correlation=0.25)
    assert (run.trials, run.seed, float(run.correlation), run.mtfs) == (2_000, 99, 0.25, book.records["mtfs"])
    assert run.years == again.years and run.cumulative == again.cumulative and run.contributors == again.contributors
    assert set(run.assumptions["ratings"]) == {"green", "amber_green", "amber", "amber_red", "red", "unrated"}
    assert run.assumptions["ratings"]["amber"] == {**forecast.DEFAULT_ASSUMPTIONS["amber"].as_dict(),
                                                   "source": "default"}
    assert run.created_by == book.users["programme"]
    default = store_forecast(book.home, trials=1_000)
    assert float(default.correlation) == forecast.DEFAULT_CORRELATION and default.seed == forecast.DEFAULT_SEED


def test_the_mtfs_is_the_latest_with_a_programme_and_without_one_there_are_no_targets(world: World) -> None:
    assert default_mtfs(world.home) is None
    line(world.records["plain"], LineState.APPROVED, 100_000 * POUND, year=2026)
    run = store_forecast(world.home, trials=500)
    assert run.mtfs is None
    assert run.years[0]["target_pence"] is None and run.years[0]["probability_target_met"] is None
    assert explanation(run, [])[0].startswith("2026/27 has no target")

    older = mtfs_with_targets(world, {2024: 10 * POUND, 2025: 10 * POUND})
    f.MtfsFactory(organisation=world.home, programme=None, start_year=f.financial_year(2026),
                  end_year=f.financial_year(2028))
    assert default_mtfs(world.home) == older


def test_contributors_name_only_lines_the_reader_may_read(book: World, client: Any) -> None:
    run = store_forecast(book.home, trials=2_000)
    secret = book.records["secret_line"]
    assert secret.pk in [item["line"] for item in run.contributors]
    seen_by = {role: [item.line.pk for item in readable_contributors(run, book.users[role])]
               for role in ("programme", "viewer", "lead")}
    assert secret.pk in seen_by["programme"] and secret.pk in seen_by["lead"]
    assert secret.pk not in seen_by["viewer"] and seen_by["viewer"]

    client.force_login(book.users["viewer"])
    page = client.get("/org/home/money/forecast/").content.decode()
    assert "Secret depot closure" not in page and "Secret depot sale" not in page
    assert "Ordinary internal project" in page
    api = client.get("/api/v1/forecasts/?organisation=home").json()
    assert secret.pk not in [item["line"] for item in api["results"][0]["contributors"]]

    client.force_login(book.users["programme"])
    page = client.get("/org/home/money/forecast/").content.decode()
    assert "Secret depot closure" in page
    api = client.get(f"/api/v1/forecasts/{run.pk}/").json()
    assert secret.pk in [item["line"] for item in api["contributors"]]


def test_the_api_gives_the_latest_run_in_the_contract_shape(book: World, client: Any) -> None:
    store_forecast(book.home, trials=1_000, seed=1)
    latest = store_forecast(book.home, trials=1_000, seed=2)
    other = store_forecast(book.other, trials=1_000)
    client.force_login(book.users["viewer"])
    body = client.get("/api/v1/forecasts/?organisation=home").json()
    assert body["count"] == 1
    run = body["results"][0]
    assert run["id"] == latest.pk and run["organisation"] == "home" and run["seed"] == 2
    assert run["mtfs"] == book.records["mtfs"].pk and run["trials"] == 1_000
    assert isinstance(run["correlation"], float)
    year = run["years"][0]
    assert set(year) == {"financial_year", "target", "p10", "p50", "p90", "probability_target_met"}
    assert year["financial_year"] == "2025/26" and year["target"] == "1000000.00"
    assert isinstance(year["probability_target_met"], float) and 0 <= year["probability_target_met"] <= 1
    for figure in ("p10", "p50", "p90"):
        assert isinstance(year[figure], str) and year[figure].endswith((".00",))
    assert len(run["cumulative"]) == 3 and run["cumulative"][1]["target"] == "1500000.00"
    contributor = run["contributors"][0]
    assert set(contributor) == {"line", "project", "financial_year", "expected_shortfall"}
    assert isinstance(contributor["expected_shortfall"], str)
    # Another council's run is not found; the list holds only organisations where the user has a role.
    assert client.get(f"/api/v1/forecasts/{other.pk}/").status_code == 404
    assert [r["organisation"] for r in client.get("/api/v1/forecasts/").json()["results"]] == ["home"]


def test_the_page_explains_the_forecast_with_charts_and_tables(book: World, client: Any) -> None:
    store_forecast(book.home, trials=2_000)
    client.force_login(book.users["viewer"])
    response = client.get("/org/home/money/forecast/")
    page = response.content.decode()
    assert "chance that 2025/26’s £1.0m target is met" in page.replace("'", "’").replace("&#x27;", "’")
    assert page.count('role="img"') == 2 and "<title id=\"forecast-in-year-title\">" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "style=" not in svg and "<style" not in svg  # the content security policy forbids inline styles
    assert "Forecast of new savings in each year" in page and "Forecast of cumulative savings" in page
    assert "Run the forecast again" not in page  # a viewer may not run it
    client.force_login(book.users["finance"])
    assert "Run the forecast again" in client.get("/org/home/money/forecast/").content.decode()


def test_a_page_with_no_run_yet(world: World, client: Any) -> None:
    client.force_login(world.users["viewer"])
    page = client.get("/org/home/money/forecast/").content.decode()
    assert "has not been run" in page


def test_running_it_again_from_the_page(book: World, client: Any) -> None:
    client.force_login(book.users["finance"])
    response = client.post("/org/home/money/forecast/", {"trials": "2000", "seed": "5", "correlation": "10"})
    assert response.status_code == 302
    run = ForecastRun.objects.get(organisation=book.home)
    assert (run.trials, run.seed, float(run.correlation), run.created_by) == (2_000, 5, 0.1, book.users["finance"])
    response = client.post("/org/home/money/forecast/", {"trials": "12", "correlation": "150"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and ForecastRun.objects.count() == 1
    client.force_login(book.users["viewer"])
    assert client.post("/org/home/money/forecast/", {}).status_code == 403


def test_the_assumptions_page_saves_each_rating(book: World, client: Any) -> None:
    client.force_login(book.users["programme"])
    page = client.get("/org/home/money/forecast/assumptions/").content.decode()
    assert "The default is 95%" in page
    data = {}
    for rating in ("green", "amber_green", "amber", "amber_red", "red", "unrated"):
        data.update({f"{rating}-delivered_mean": "80", f"{rating}-concentration": "0",
                     f"{rating}-slip_probability": "12.5"})
    data["red-delivered_mean"] = "120"
    response = client.post("/org/home/money/forecast/assumptions/", data)
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not ForecastAssumption.objects.exists()
    data["red-delivered_mean"] = "20"
    assert client.post("/org/home/money/forecast/assumptions/", data).status_code == 302
    saved = {row.rating: (float(row.delivered_mean), float(row.concentration), float(row.slip_probability))
             for row in ForecastAssumption.objects.filter(organisation=book.home)}
    assert saved["green"] == (0.8, 0.0, 0.125) and saved["red"] == (0.2, 0.0, 0.125) and saved[""] == (0.8, 0, 0.125)
    run = store_forecast(book.home, trials=500)
    assert run.assumptions["ratings"]["red"]["source"] == "organisation"


def test_the_command_runs_stores_and_prints_a_summary(book: World) -> None:
    out = StringIO()
    call_command("forecast", organisation="home", trials=1_000, seed=3, correlation=0.2, stdout=out)
    text = out.getvalue()
    assert "1,000 trials, seed 3, correlation 0.2" in text and "2025/26" in text and "Cumulative" in text
    run = ForecastRun.objects.get(organisation=book.home)
    assert (run.trials, run.seed) == (1_000, 3)
    with pytest.raises(CommandError, match="No organisation has the slug 'nowhere'"):
        call_command("forecast", organisation="nowhere")
    with pytest.raises(CommandError, match="--trials"):
        call_command("forecast", organisation="home", trials=0)
    with pytest.raises(CommandError, match="--correlation"):
        call_command("forecast", organisation="home", correlation=1.5)
    with pytest.raises(CommandError, match="--seed"):
        call_command("forecast", organisation="home", seed=-1)
    assert ForecastRun.objects.count() == 1


def test_the_stored_json_is_plain_json(book: World) -> None:
    run = store_forecast(book.home, trials=500)
    json.dumps([run.years, run.cumulative, run.contributors, run.assumptions])


def year_entry(label: str, target: int | None, probability: float | None) -> dict[str, Any]:
    return {"financial_year": label, "target_pence": target, "p10_pence": 1_000_000 * POUND,
            "p50_pence": 2_000_000 * POUND, "p90_pence": 3_000_000 * POUND, "mean_pence": 2_000_000 * POUND,
            "probability_target_met": probability, "expected_shortfall_pence": 0}


@pytest.mark.parametrize(("probability", "words"), [
    (0.62, "There is a 62% chance that 2025/26’s £25.0m target is met."),
    (0.11, "There is an 11% chance that 2025/26’s £25.0m target is met."),
    (0.004, "There is a less than 1% chance that 2025/26’s £25.0m target is met."),
    (0.996, "There is a more than 99% chance that 2025/26’s £25.0m target is met."),
    (1.0, "In every one of the 10,000 trials, 2025/26’s £25.0m target is met."),
    (0.0, "There is almost no chance that 2025/26’s £25.0m target is met (none of the 10,000 trials met it)."),
])
def test_the_explanation_in_plain_words(this_year_2025: None, probability: float, words: str) -> None:
    run = ForecastRun(trials=10_000, years=[year_entry("2025/26", 2_500_000_000, probability)],
                      cumulative=[year_entry("2025/26", 2_500_000_000, probability)])
    sentences = explanation(run, [])
    assert sentences[0] == words.replace("’", "'")
    assert sentences[1] == ("The programme is likely to deliver £2.0m of new savings in 2025/26 "
                            "(between £1.0m and £3.0m in eight trials out of ten).")
    zero = ForecastRun(trials=10_000, years=[year_entry("2025/26", 0, 1.0)], cumulative=[])
    assert explanation(zero, [])[0].startswith("2025/26 has a target of £0: the programme is likely to deliver")
