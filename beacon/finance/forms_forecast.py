"""Forms of the forecast pages: running the forecast again, and the distribution of each delivery confidence
rating. Percentages are what officers type; the engine's fractions are worked out here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from beacon.core.forms import GovukForm
from beacon.finance import forecast
from beacon.finance.forecast import UNRATED, Assumption

PERCENT_WIDGET = {"class": "govuk-input--width-4", "inputmode": "decimal", "spellcheck": "false"}


class RunForecastForm(GovukForm):
    """Every field may be left blank: a blank takes the default, so that "Run the forecast again" needs no
    typing."""

    trials = forms.IntegerField(
        label="Number of trials", required=False, min_value=1_000, max_value=forecast.MAX_TRIALS,
        help_text=f"From 1,000 to {forecast.MAX_TRIALS:,}; more trials give steadier figures but take longer",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    seed = forms.IntegerField(
        label="Seed", required=False, min_value=0, max_value=2**63 - 1,
        help_text="The same seed with the same data and settings gives the same answer",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    correlation = forms.DecimalField(
        label="Correlation between lines (%)", required=False, min_value=Decimal(0), max_value=Decimal(100),
        decimal_places=1,
        help_text="How much the lines rise and fall together: 0% independent, 100% all together",
        widget=forms.TextInput(attrs=PERCENT_WIDGET),
    )
    include_proposed = forms.BooleanField(
        label="Include proposed savings lines (not yet approved)", required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        messages = {
            "trials": f"Enter a number of trials from 1,000 to {forecast.MAX_TRIALS:,}, like 10000",
            "seed": "Enter a seed that is a whole number of 0 or more, like 20240321",
            "correlation": "Enter the correlation as a percentage from 0 to 100, like 30",
        }
        for name, message in messages.items():
            self.fields[name].error_messages.update(
                invalid=message, min_value=message, max_value=message, max_decimal_places=message,
                max_digits=message, max_whole_digits=message,
            )

    def settings(self, latest: Any = None) -> dict[str, Any]:
        """The run's settings: what was typed, else the latest run's, else the defaults."""
        data = self.cleaned_data
        correlation = data.get("correlation")
        return {
            "trials": data.get("trials") or forecast.DEFAULT_TRIALS,
            "seed": data["seed"] if data.get("seed") is not None else forecast.DEFAULT_SEED,
            "correlation": float(correlation) / 100 if correlation is not None else (
                float(latest.correlation) if latest is not None else forecast.DEFAULT_CORRELATION
            ),
            "include_proposed": bool(data.get("include_proposed")),
        }


FIELDS = ("delivered_mean", "concentration", "slip_probability")


class AssumptionsForm(GovukForm):
    """Three fields per rating on the organisation's scale (and "not rated"): delivered on average (%),
    concentration, and the chance of slipping a year (%)."""

    def __init__(self, *args: Any, ratings: list[tuple[str, str]], current: dict[str, Assumption],
                 **kwargs: Any) -> None:
        self.ratings = ratings
        initial = {}
        for rating, _ in ratings:
            assumption = current.get(rating, forecast.DEFAULT_ASSUMPTIONS[UNRATED])
            initial[f"{self.prefix_of(rating)}delivered_mean"] = percent(assumption.delivered_mean)
            initial[f"{self.prefix_of(rating)}concentration"] = plain(assumption.concentration)
            initial[f"{self.prefix_of(rating)}slip_probability"] = percent(assumption.slip_probability)
        super().__init__(*args, initial=initial, **kwargs)
        for rating, label in ratings:
            default = forecast.DEFAULT_ASSUMPTIONS.get(rating, forecast.DEFAULT_ASSUMPTIONS[UNRATED])
            key = self.prefix_of(rating)
            self.fields[f"{key}delivered_mean"] = forms.DecimalField(
                label=f"{label}: delivered on average (%)", min_value=Decimal(0), max_value=Decimal(100),
                decimal_places=1, help_text=f"The default is {percent(default.delivered_mean)}%",
                widget=forms.TextInput(attrs=PERCENT_WIDGET),
            )
            self.fields[f"{key}concentration"] = forms.DecimalField(
                label=f"{label}: concentration", min_value=Decimal(0), max_value=Decimal(1000), decimal_places=2,
                help_text=(f"How closely outcomes cluster around the average: 0 means all or nothing, 3 is wide, "
                           f"20 is tight. The default is {plain(default.concentration)}"),
                widget=forms.TextInput(attrs=PERCENT_WIDGET),
            )
            self.fields[f"{key}slip_probability"] = forms.DecimalField(
                label=f"{label}: chance of slipping a year (%)", min_value=Decimal(0), max_value=Decimal(100),
                decimal_places=1, help_text=f"The default is {percent(default.slip_probability)}%",
                widget=forms.TextInput(attrs=PERCENT_WIDGET),
            )
        # GovukFormMixin worded its messages before these fields existed: word theirs here, naming the rating.
        for name, field in self.fields.items():
            rating_label = str(field.label).split(": ", 1)[0]
            bounds = f"{rating_label}: " + {
                "delivered_mean": "enter the share delivered on average, as a percentage from 0 to 100",
                "concentration": "enter a concentration from 0 to 1,000",
                "slip_probability": "enter the chance of slipping a year, as a percentage from 0 to 100",
            }[name.split("-", 1)[1]]
            field.error_messages.update(
                required=bounds, invalid=bounds, min_value=bounds, max_value=bounds, max_decimal_places=bounds,
                max_digits=bounds, max_whole_digits=bounds,
            )
            field.widget.attrs["class"] = f"govuk-input {field.widget.attrs.get('class', '')}".strip()

    @staticmethod
    def prefix_of(rating: str) -> str:
        return f"{rating or 'unrated'}-"

    def groups(self) -> list[dict[str, Any]]:
        """The fields of each rating, for the template's fieldsets."""
        return [
            {"rating": rating, "label": label,
             "fields": [self[f"{self.prefix_of(rating)}{name}"] for name in FIELDS]}
            for rating, label in self.ratings
        ]

    def assumptions(self) -> dict[str, Assumption]:
        data = self.cleaned_data
        return {
            rating: Assumption(
                delivered_mean=float(data[f"{self.prefix_of(rating)}delivered_mean"]) / 100,
                concentration=float(data[f"{self.prefix_of(rating)}concentration"]),
                slip_probability=float(data[f"{self.prefix_of(rating)}slip_probability"]) / 100,
            )
            for rating, _ in self.ratings
        }


def percent(fraction: float) -> str:
    """0.95 → "95"; 0.125 → "12.5"."""
    return plain((Decimal(str(fraction)) * 100).quantize(Decimal("0.1")))


def plain(number: Decimal | float) -> str:
    """A number without trailing zeros or an exponent: 20.00 → "20", 2.5 → "2.5"."""
    return f"{Decimal(str(number)).normalize():f}"
