"""Rows of the URL × role table (beacon/core/tests/test_url_roles.py) for the savings forecast: its page (and
running it again), the assumptions per rating, the calibration page, and the ``forecasts`` API.

Every role reads the forecast and the calibration (a confidential project's lines only for those who may read
it); the money writers (administrator, programme manager, finance officer) run it, set its assumptions and
apply a refit. The API answers the latest run of each organisation where the caller holds a role."""

from __future__ import annotations

from beacon.finance.services_forecast import store_forecast
from beacon.testing.url_table import ROLES, Row, api_detail, api_list, org_page, url
from beacon.testing.world import World

MONEY = {"admin", "programme", "finance"}
TRIALS = 1_000


def extend_world(world: World) -> None:
    """A stored run for each council (over whatever savings lines the other rows' worlds hold)."""
    world.records["forecast_home"] = store_forecast(world.home, trials=TRIALS)
    world.records["forecast_other"] = store_forecast(world.other, trials=TRIALS)


ROWS = [
    Row("finance:forecast", url("/org/home/money/forecast/"), org_page()),
    # Running it again: an empty form takes the defaults and runs, then goes back to the page.
    Row("finance:forecast", url("/org/home/money/forecast/"),
        org_page(allowed=set(), **{role: 302 for role in MONEY}), method="post", data={"trials": str(TRIALS)}),
    Row("finance:forecast-assumptions", url("/org/home/money/forecast/assumptions/"), org_page(allowed=MONEY)),
    # An empty post: writers get the form back with its errors (200), others are refused.
    Row("finance:forecast-assumptions", url("/org/home/money/forecast/assumptions/"), org_page(allowed=MONEY),
        method="post"),
    Row("finance:forecast-calibration", url("/org/home/money/forecast/calibration/"), org_page()),
    Row("finance:forecast-calibration", url("/org/home/money/forecast/calibration/"),
        org_page(allowed=set(), **{role: 302 for role in MONEY}), method="post"),
    Row("forecast-list", url("/api/v1/forecasts/"), api_list()),
    Row("forecast-detail", url("/api/v1/forecasts/{pk}/", pk="forecast_home"), api_detail()),
    Row("forecast-detail", url("/api/v1/forecasts/{pk}/", pk="forecast_other"),
        api_detail(outsider=200, **{role: 404 for role in ROLES})),
]
