"""The forecast pages: the latest run explained in plain words with its fan charts and tables (and a form that
runs it again), the distribution of each delivery confidence rating, and the calibration of past ratings.

Thin: the engine is ``beacon.finance.forecast``, the runs ``beacon.finance.services_forecast``, the scoring
``beacon.finance.calibration``. A run stores line ids only; a line is named here only if the reader may read
it (``services_forecast.readable_contributors``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path
from django.utils.safestring import mark_safe
from django.views import generic

from beacon.core import policy
from beacon.core.generic import OrganisationMixin, org_url
from beacon.core.models import Role
from beacon.finance import calibration, charts, forecast, services_forecast
from beacon.finance.forecast import UNRATED
from beacon.finance.forms_forecast import AssumptionsForm, RunForecastForm, percent, plain
from beacon.finance.models import ForecastAssumption, ForecastRun
from beacon.finance.sections import money_context
from beacon.programmes.models import Confidence, confidence_choices

RATING_LABELS = {**dict(Confidence.choices), UNRATED: "Not rated"}
CHART_CACHE_SECONDS = 24 * 60 * 60


def rating_choices(organisation: Any) -> list[tuple[str, str]]:
    """The ratings on the organisation's scale, then "not rated"."""
    return [*confidence_choices(organisation), (UNRATED, "Not rated")]


def may_run(user: Any, organisation: Any) -> bool:
    """The programme office and finance run the forecast and set its assumptions (money writers)."""
    return policy.can_create(user, organisation, ForecastRun)


def forecast_crumbs(organisation: Any) -> list[dict[str, str]]:
    return [{"label": "Forecast", "url": org_url("finance:forecast", organisation)}]


def chance(probability: float | None) -> str:
    if probability is None:
        return "No target"
    percent_value = probability * 100
    if 0 < percent_value < 1:
        return "Less than 1%"
    if 99 < percent_value < 100:
        return "More than 99%"
    return f"{percent_value:.0f}%"


def year_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**entry, "chance": chance(entry["probability_target_met"])} for entry in entries]


def chart_markup(run: ForecastRun, kind: str) -> str:
    """The fan chart of a run's in-year or cumulative figures (drawn once per run, then cached)."""
    entries = run.years if kind == "in-year" else run.cumulative
    key = f"beacon:forecast-chart:{run.pk}:{run.created_at.timestamp():.0f}:{kind}"
    markup = cache.get(key)
    if markup is None:
        points = [
            charts.FanPoint(label=e["financial_year"], p10=e["p10_pence"], p50=e["p50_pence"], p90=e["p90_pence"],
                            target=e["target_pence"])
            for e in entries
        ]
        what = "new savings delivered in each year" if kind == "in-year" else "cumulative savings (counting rule)"
        title = f"Forecast of {what}"
        description = "; ".join(
            f"{e['financial_year']}: median {services_forecast.money_words(e['p50_pence'])}, likely range "
            f"{services_forecast.money_words(e['p10_pence'])} to {services_forecast.money_words(e['p90_pence'])}"
            + (f", target {services_forecast.money_words(e['target_pence'])}" if e["target_pence"] is not None
               else ", no target")
            for e in entries
        ) + ". The table that follows gives the figures."
        markup = charts.fan_chart(points, title=title, description=description, chart_id=f"forecast-{kind}")
        cache.set(key, markup, CHART_CACHE_SECONDS)
    return markup


def assumption_rows(run: ForecastRun, organisation: Any) -> list[dict[str, Any]]:
    """The distributions the run used, for the ratings on the organisation's scale."""
    stored = run.assumptions.get("ratings", {})
    rows = []
    for rating, label in rating_choices(organisation):
        values = stored.get(services_forecast.rating_key(rating))
        if values is None:
            continue
        rows.append({
            "label": label,
            "delivered_mean": percent(values["delivered_mean"]),
            "concentration": plain(values["concentration"]),
            "all_or_nothing": values["concentration"] == 0,
            "slip_probability": percent(values["slip_probability"]),
            "source": "Set by the organisation" if values.get("source") == "organisation" else "Default",
        })
    return rows


def who_ran(run: ForecastRun) -> str:
    """The role of whoever ran it (never a name or an e-mail), or "Beacon" for a run with no person."""
    if run.created_by_id is None:
        return "Beacon (no person recorded)"
    role = policy.role_in(run.created_by, run.organisation_id)
    return Role(role).label if role else "A user who no longer holds a role here"


class ForecastPage(OrganisationMixin, generic.TemplateView):
    """The latest run; POST runs the forecast again (programme office and finance)."""

    template_name = "finance/forecast.html"
    nav_section = "money"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_run(request.user, self.organisation):
            raise PermissionDenied
        form = RunForecastForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        latest = services_forecast.latest_run(self.organisation)
        run = services_forecast.store_forecast(self.organisation, actor=request.user, **form.settings(latest))
        messages.success(request, f"Forecast run: {run.trials:,} trials in {run.duration_ms:,} ms")
        return HttpResponseRedirect(org_url("finance:forecast", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, organisation = self.request.user, self.organisation
        run = services_forecast.latest_run(organisation)
        writer = may_run(user, organisation)
        context.update(money_context(organisation, "forecast"))
        context.update(page_title="Savings forecast", caption="Money", run=run, may_run=writer,
                       assumptions_url=org_url("finance:forecast-assumptions", organisation),
                       calibration_url=org_url("finance:forecast-calibration", organisation))
        if writer:
            form = kwargs.get("form") or RunForecastForm(initial={
                "trials": run.trials if run else forecast.DEFAULT_TRIALS,
                "seed": run.seed if run else forecast.DEFAULT_SEED,
                "correlation": percent(float(run.correlation) if run else forecast.DEFAULT_CORRELATION),
                "include_proposed": bool(run and run.assumptions.get("include_proposed")),
            })
            context["form"] = form
        if run is None:
            return context
        contributors = services_forecast.readable_contributors(run, user)
        has_years = bool(run.years)
        context.update(
            explanation=services_forecast.explanation(run, contributors),
            years=year_rows(run.years),
            cumulative=year_rows(run.cumulative),
            contributors=contributors,
            assumption_rows=assumption_rows(run, organisation),
            include_proposed=bool(run.assumptions.get("include_proposed")),
            correlation_percent=percent(float(run.correlation)),
            who_ran=who_ran(run),
            no_targets=has_years and all(entry["target_pence"] is None for entry in run.years),
            in_year_chart=mark_safe(chart_markup(run, "in-year")) if has_years else "",  # noqa: S308 - our SVG
            cumulative_chart=mark_safe(chart_markup(run, "cumulative")) if has_years else "",  # noqa: S308
            mtfs_url=org_url("finance:mtfs-detail", organisation, pk=run.mtfs_id) if run.mtfs_id else "",
        )
        return context


class AssumptionsPage(OrganisationMixin, generic.TemplateView):
    """The distribution of each rating's lines, with the defaults beside them (programme office and finance)."""

    template_name = "finance/forecast_assumptions.html"
    nav_section = "money"

    def check(self) -> None:
        if not policy.can_create(self.request.user, self.organisation, ForecastAssumption):
            raise PermissionDenied

    def form(self, data: Any = None) -> AssumptionsForm:
        return AssumptionsForm(
            data, ratings=rating_choices(self.organisation),
            current=services_forecast.organisation_assumptions(self.organisation),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services_forecast.save_assumptions(self.organisation, form.assumptions(), actor=request.user)
        messages.success(request, "Assumptions saved: they apply from the next run of the forecast")
        return HttpResponseRedirect(org_url("finance:forecast", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sources = services_forecast.assumption_sources(self.organisation)
        context.update(money_context(self.organisation, "forecast"))
        context.update(
            page_title="Forecast assumptions", caption="Savings forecast",
            groups=[{**group, "source": sources.get(group["rating"], "default")} for group in kwargs["form"].groups()],
            breadcrumbs=forecast_crumbs(self.organisation),
            cancel_url=org_url("finance:forecast", self.organisation),
            calibration_url=org_url("finance:forecast-calibration", self.organisation),
        )
        return context


def score_row(label: str, score: calibration.Score) -> dict[str, Any]:
    skill = score.skill
    return {
        "label": label, "lines": score.lines, "brier": f"{score.brier:.3f}", "reference": f"{score.reference:.3f}",
        "predicted": f"{score.mean_predicted * 100:.0f}%", "observed": f"{score.mean_observed * 100:.0f}%",
        "skill": "" if skill is None else f"{skill:+.2f}",
    }


class CalibrationPage(OrganisationMixin, generic.TemplateView):
    """How well past ratings predicted what closed lines delivered, and the refit the history suggests; POST
    applies the refit (programme office and finance)."""

    template_name = "finance/forecast_calibration.html"
    nav_section = "money"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.can_create(request.user, self.organisation, ForecastAssumption):
            raise PermissionDenied
        applied = services_forecast.apply_refit(self.organisation, actor=request.user)
        if applied:
            labels = ", ".join(RATING_LABELS.get(rating, rating) for rating in applied)
            messages.success(request, f"Refitted from the organisation's history: {labels}")
        else:
            messages.info(request, "There is not yet enough history to refit any rating")
        return HttpResponseRedirect(org_url("finance:forecast-calibration", self.organisation))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation, user = self.organisation, self.request.user
        assumptions = services_forecast.organisation_assumptions(organisation)
        history = calibration.outcomes(organisation, user)
        overall = calibration.score(history, assumptions)
        by_rating = calibration.scores_by(history, "rating", assumptions)
        by_lead = calibration.scores_by(history, "lead", assumptions)
        writer = policy.can_create(user, organisation, ForecastAssumption)
        ratings = rating_choices(organisation)
        refits = calibration.refits(history, assumptions, [rating for rating, _ in ratings]) if writer else []
        context.update(money_context(organisation, "forecast"))
        context.update(
            page_title="Calibration of delivery confidence", caption="Savings forecast",
            overall=score_row("All closed lines", overall) if overall else None,
            by_rating=[score_row(label, by_rating[rating]) for rating, label in ratings if rating in by_rating],
            by_lead=[score_row(lead, by_lead[lead]) for lead in sorted(by_lead)],
            may_refit=writer,
            refits=[{
                "label": RATING_LABELS.get(item.rating, item.rating), "lines": item.lines, "needed": item.needed,
                "current": item.current, "fitted": item.fitted,
                "current_mean": percent(item.current.delivered_mean),
                "current_slip": percent(item.current.slip_probability),
                "current_concentration": plain(item.current.concentration),
                "fitted_mean": percent(item.fitted.delivered_mean) if item.fitted else "",
                "fitted_slip": percent(item.fitted.slip_probability) if item.fitted else "",
                "fitted_concentration": plain(item.fitted.concentration) if item.fitted else "",
            } for item in refits],
            any_refit=any(item.fitted for item in refits),
            min_lines=calibration.MIN_LINES_FOR_REFIT,
            breadcrumbs=forecast_crumbs(organisation),
            assumptions_url=org_url("finance:forecast-assumptions", organisation),
        )
        return context


urlpatterns: list[URLPattern] = [
    path("forecast/", ForecastPage.as_view(), name="forecast"),
    path("forecast/assumptions/", AssumptionsPage.as_view(), name="forecast-assumptions"),
    path("forecast/calibration/", CalibrationPage.as_view(), name="forecast-calibration"),
]
