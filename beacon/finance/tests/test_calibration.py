"""Calibration of delivery confidence ratings (beacon.finance.calibration): the Brier score, the rating each
closed line is scored by, leads named without e-mail addresses, and the refit of a rating's distribution from
the organisation's own history once it has enough closed lines."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from beacon.finance import calibration, forecast, ledger
from beacon.finance.calibration import Outcome, fit_assumption, lead_label, rating_when_year_began
from beacon.finance.forecast import Assumption
from beacon.finance.models import ForecastAssumption, LineState
from beacon.finance.services_forecast import apply_refit, organisation_assumptions
from beacon.testing import factories as f
from beacon.testing.world import World

DEFAULTS = forecast.DEFAULT_ASSUMPTIONS


def outcome(rating: str, on_time: float, *, lead: str = "Head of Finance", slipped: bool = False,
            final: float | None = None) -> Outcome:
    return Outcome(line_id=0, rating=rating, lead=lead, on_time_fraction=on_time, slipped=slipped,
                   final_fraction=on_time if final is None else final)


def test_the_brier_score_is_the_mean_squared_error_of_the_predictions() -> None:
    assert calibration.brier_score([1.0, 0.0], [1.0, 0.0]) == 0
    assert calibration.brier_score([0.5, 0.5], [1.0, 0.0]) == 0.25
    assert calibration.brier_score([0.9, 0.9, 0.9, 0.9], [1, 1, 1, 0]) == pytest.approx((3 * 0.01 + 0.81) / 4)
    with pytest.raises(ValueError):
        calibration.brier_score([], [])


def test_ratings_that_tell_outcomes_apart_have_skill() -> None:
    sharp = {"green": Assumption(1.0, 0, 0), "red": Assumption(0.0, 0, 0), "": DEFAULTS[""]}
    history = [outcome("green", 1.0)] * 5 + [outcome("red", 0.0)] * 5
    score = calibration.score(history, sharp)
    assert score is not None
    assert score.brier == 0 and score.reference == 0.25 and score.skill == 1
    assert score.mean_predicted == 0.5 and score.mean_observed == 0.5
    backwards = calibration.score([outcome("green", 0.0)] * 5 + [outcome("red", 1.0)] * 5, sharp)
    assert backwards is not None and backwards.skill is not None and backwards.skill < 0
    assert calibration.score([], sharp) is None


def test_a_rating_predicts_its_on_time_share() -> None:
    green = DEFAULTS["green"]
    expected = green.delivered_mean * (1 - green.slip_probability)
    assert calibration.prediction("green", DEFAULTS) == pytest.approx(expected)
    assert calibration.prediction("unknown", DEFAULTS) == DEFAULTS[""].on_time_mean


def test_scores_by_lead_and_by_rating() -> None:
    history = [outcome("green", 1.0, lead="Head of Property")] * 3 + [outcome("red", 0.0, lead="Head of HR")] * 2
    by_lead = calibration.scores_by(history, "lead", DEFAULTS)
    assert set(by_lead) == {"Head of Property", "Head of HR"}
    assert by_lead["Head of Property"].lines == 3
    assert by_lead["Head of Property"].brier == pytest.approx((1 - DEFAULTS["green"].on_time_mean) ** 2)
    assert set(calibration.scores_by(history, "rating", DEFAULTS)) == {"green", "red"}


def test_a_lead_is_named_by_role_title_never_by_an_e_mail_address() -> None:
    assert lead_label("Head of Property ", "Ann", "Other", "ann@council.gov.uk") == "Head of Property"
    assert lead_label("", "Ann", "Other", "ann@council.gov.uk") == "Ann Other"
    assert lead_label("", "", "", "ann@council.gov.uk") == calibration.UNNAMED_LEAD
    assert lead_label("", None, None, "lead") == "lead"
    assert lead_label("", None, None, None) == calibration.NO_LEAD


def test_a_line_is_scored_by_its_rating_when_its_year_began() -> None:
    april = dt.date(2025, 4, 1)
    at = [dt.datetime(2025, 1, 5), dt.datetime(2025, 3, 31), dt.datetime(2025, 9, 1)]
    assert rating_when_year_began(list(zip(at, ["green", "amber", "red"], strict=True)), april, "red") == "amber"
    later = [(dt.datetime(2025, 6, 1), "amber_green"), (dt.datetime(2026, 1, 1), "red")]
    assert rating_when_year_began(later, april, "red") == "amber_green"
    assert rating_when_year_began([], april, "amber") == "amber"


def test_all_or_nothing_history_refits_to_concentration_zero() -> None:
    fitted = fit_assumption([True] * 3 + [False] * 17, [1.0] * 14 + [0.0] * 6)
    assert fitted == Assumption(delivered_mean=0.7, concentration=0.0, slip_probability=0.15)


def test_spread_history_refits_by_the_method_of_moments() -> None:
    generator = random.Random(4)
    fractions = [generator.betavariate(0.8 * 10, 0.2 * 10) for _ in range(4_000)]
    fitted = fit_assumption([False] * 4_000, fractions)
    assert fitted.delivered_mean == pytest.approx(0.8, abs=0.01)
    assert fitted.concentration == pytest.approx(10, rel=0.1)
    assert fit_assumption([False] * 20, [0.6] * 20).concentration == calibration.MAX_CONCENTRATION


def test_a_rating_is_refitted_only_with_enough_closed_lines() -> None:
    history = [outcome("amber", 1.0)] * 19 + [outcome("red", 0.0)] * 20
    refits = {item.rating: item for item in calibration.refits(history, DEFAULTS, ["amber", "red", "green"])}
    assert refits["amber"].fitted is None and refits["amber"].needed == 1
    assert refits["red"].fitted == Assumption(0.0, 0.0, 0.0)
    assert refits["green"].lines == 0 and refits["green"].needed == calibration.MIN_LINES_FOR_REFIT
    assert refits["red"].current == DEFAULTS["red"]


# From the ledger's history ----------------------------------------------------------------------------------------


def rated(project: Any, rating: str) -> Any:
    project.delivery_confidence = rating
    project.save()
    return project


@pytest.mark.django_db
def test_outcomes_follow_the_ledger(world: World) -> None:
    finance = world.users["finance"]
    project = rated(world.records["plain"], "green")
    year = f.financial_year(2025)

    def approved(amount: int) -> Any:
        made = ledger.create_line(actor=finance, project=project, organisation=world.home, financial_year=year,
                                  amount_pence=amount)
        ledger.approve_line(made, actor=finance, reason="In the MTFS")
        return made

    full, part, gone, late = approved(100_00), approved(100_00), approved(100_00), approved(100_00)
    rated(project, "red")  # the rating changes after the lines were made: they are scored by the earlier one
    ledger.confirm_delivery(full, actor=finance, reason="Done", delivered_pence=100_00)
    carried = ledger.confirm_delivery(part, actor=finance, reason="Part", delivered_pence=60_00,
                                      remainder="carry_forward", carry_to=f.financial_year(2026))
    ledger.write_off(gone, actor=finance, reason="Not happening")
    moved = ledger.carry_forward(late, actor=finance, reason="Next year", to_year=f.financial_year(2026))

    by_line = {item.line_id: item for item in calibration.outcomes(world.home)}
    assert set(by_line) == {full.pk, part.pk, gone.pk, late.pk}  # the carried-to lines are still open
    assert all(item.rating == "green" for item in by_line.values())
    assert by_line[full.pk].on_time_fraction == 1.0 and not by_line[full.pk].slipped
    assert by_line[part.pk].on_time_fraction == 0.6 and by_line[part.pk].slipped
    assert by_line[part.pk].final_fraction is None  # 40% of it is still open in 2026/27
    assert by_line[gone.pk].on_time_fraction == 0.0 and by_line[gone.pk].final_fraction == 0.0
    assert by_line[late.pk].slipped and by_line[late.pk].on_time_fraction == 0.0

    assert carried is not None
    ledger.confirm_delivery(carried, actor=finance, reason="The rest", delivered_pence=40_00)
    ledger.confirm_delivery(moved, actor=finance, reason="A year late", delivered_pence=50_00,
                            remainder="write_off")
    by_line = {item.line_id: item for item in calibration.outcomes(world.home)}
    assert by_line[part.pk].final_fraction == 1.0
    assert by_line[late.pk].final_fraction == 0.5
    assert by_line[carried.pk].rating == "red"  # rated red when it was carried into 2026/27


@pytest.mark.django_db
def test_the_calibration_page_counts_only_what_the_reader_may_read(world: World, client: Any) -> None:
    for project, lead_title in ((world.records["plain"], "Head of Property"), (world.records["secret"], "")):
        rated(project, "amber")
        project.lead_title = lead_title
        project.save()
        f.SavingsLineFactory(project=project, state=LineState.DELIVERED, amount_pence=100_00,
                             delivered_pence=100_00)
    client.force_login(world.users["viewer"])
    page = client.get("/org/home/money/forecast/calibration/").content.decode()
    assert "Head of Property" in page and "Brier score" in page
    assert ">lead<" not in page  # the confidential project's lead (named by username: no role title)
    assert "Refit the assumptions" not in page
    client.force_login(world.users["programme"])
    page = client.get("/org/home/money/forecast/calibration/").content.decode()
    assert ">lead<" in page and "Refit the assumptions" in page and "18 more closed lines needed" in page


@pytest.mark.django_db
def test_applying_the_refit_writes_the_ratings_with_enough_history(world: World, client: Any) -> None:
    project = rated(world.records["plain"], "amber")
    for index in range(calibration.MIN_LINES_FOR_REFIT):
        delivered = 100_00 if index % 4 else 0
        state = LineState.DELIVERED if delivered else LineState.WRITTEN_OFF
        f.SavingsLineFactory(project=project, state=state, amount_pence=100_00, delivered_pence=delivered)
    client.force_login(world.users["viewer"])
    assert client.post("/org/home/money/forecast/calibration/").status_code == 403
    client.force_login(world.users["finance"])
    assert client.post("/org/home/money/forecast/calibration/").status_code == 302
    row = ForecastAssumption.objects.get(organisation=world.home, rating="amber")
    assert (float(row.delivered_mean), float(row.concentration), float(row.slip_probability)) == (0.75, 0.0, 0.0)
    assert organisation_assumptions(world.home)["amber"] == Assumption(0.75, 0.0, 0.0)
    assert not ForecastAssumption.objects.filter(rating="green").exists()
    assert apply_refit(world.other, actor=world.users["outsider"]) == []
