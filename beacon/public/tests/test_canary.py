"""The canary: a distinctive string written into every text field of every confidential record (found generically,
so that a new model or field is covered without touching this test) never appears in any public page, public API
answer or open-data file. Two more canaries check the other rules of the public outputs: records not marked
public never appear, and another organisation's records (even those it publishes) never appear under this one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from beacon.core.models import Organisation, OrganisationOwned
from beacon.public.api import COLLECTIONS
from beacon.public.opendata import DATASETS
from beacon.public.tests.world import extend_public_world
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "zqconfcanary"
INTERNAL = "zqinternalcanary"
OTHER = "zqothercanary"


def owned_models() -> list[type[OrganisationOwned]]:
    return [
        model for model in apps.get_models()
        if issubclass(model, OrganisationOwned) and not model.__name__.startswith("Historical")
    ]


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """Every free-text field: CharField (with its subclasses: slugs, URLs, e-mail) and TextField, except choices."""
    return [
        field for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices and not field.primary_key
    ]


def canary_value(field: models.Field, canary: str, pk: int) -> str:
    value = f"{canary}{pk}"
    if isinstance(field, models.URLField):
        value = f"https://example.org/{value}"
    elif isinstance(field, models.EmailField):
        value = f"{value}@example.org"
    return value


def plant(queryset: models.QuerySet, canary: str) -> int:
    """Write ``canary`` into every text field of every record of ``queryset``; how many fields were written."""
    written = 0
    fields = text_fields(queryset.model)
    for pk in queryset.values_list("pk", flat=True):
        values = {}
        for field in fields:
            value = canary_value(field, canary, pk)
            if field.max_length is not None and len(value) > field.max_length:
                pytest.fail(f"{queryset.model.__name__}.{field.name} is too short for the canary")
            values[field.name] = value
        if values:
            queryset.model._base_manager.filter(pk=pk).update(**values)
            written += len(values)
    return written


def confidential_records(model: type[OrganisationOwned], organisation: Organisation) -> models.QuerySet:
    path = getattr(model, "confidential_path", None)
    if not path:
        return model._base_manager.none()
    return model._base_manager.filter(organisation=organisation, **{path: True})


def unpublished_records(model: type[OrganisationOwned], organisation: Organisation) -> models.QuerySet:
    """Records the policy keeps from the public: not marked public (confidential ones have their own canary)."""
    path = getattr(model, "public_path", None)
    if not path:
        return model._base_manager.none()
    records = model._base_manager.filter(organisation=organisation).exclude(**{path: True})
    confidential = getattr(model, "confidential_path", None)
    return records.exclude(**{confidential: True}) if confidential else records


@pytest.fixture
def canary_world(world: World) -> dict[str, int]:
    """The public world, a few more confidential records, and every canary planted; the fields written per
    model and canary, for the test to check that the canaries were really planted."""
    extend_public_world(world)
    r = world.records
    f.CostFactory(programme=r["programme"], project=r["secret"], title="Secret redundancy costs")
    f.ContractFactory(programme=r["programme"], title="Secret outsourcing contract", confidential=True)
    secret_plan_kpi = f.KpiFactory(organisation=world.home, public=True, confidential=True, code="CONF-2")
    secret_plan_kpi.priorities.add(r["priority"])
    secret_plan_kpi.projects.add(r["public"])
    f.ObservationFactory(kpi=secret_plan_kpi, note="A confidential note")
    # Another council's records, all published in their own organisation, so that a missing organisation
    # filter would show them.
    for model in owned_models():
        if "public" in {field.name for field in model._meta.concrete_fields}:
            model._base_manager.filter(organisation=world.other).update(public=True)
    f.ObservationFactory(kpi=r["other_kpi"], note="Other council's note")
    f.KpiTargetFactory(kpi=r["other_kpi"])
    f.SavingsLineFactory(project=r["other_project"], amount_pence=4_444_444_00)
    other_mtfs = f.MtfsFactory(programme=r["other_programme"], public=True)
    f.MtfsYearFactory(mtfs=other_mtfs)
    f.ThemeFactory(plan=f.PlanFactory(organisation=world.other, public=True))
    written: dict[str, int] = {}
    for model in owned_models():
        written[f"{model.__name__} confidential"] = plant(confidential_records(model, world.home), CONFIDENTIAL)
        written[f"{model.__name__} internal"] = plant(unpublished_records(model, world.home), INTERNAL)
        written[f"{model.__name__} other"] = plant(model._base_manager.filter(organisation=world.other), OTHER)
    return written


def public_urls(client: Client, slug: str) -> Iterator[str]:
    """Every public page, public API answer (every page of every collection) and open-data file of ``slug``."""
    from beacon.performance.models import Kpi

    yield f"/public/{slug}/"
    yield f"/public/{slug}/?page=2"
    yield f"/public/{slug}/data/"
    for pk in Kpi.objects.values_list("pk", flat=True):  # every KPI of every council: 200 or 404, never a leak
        yield f"/public/{slug}/kpis/{pk}/"
        yield f"/api/v1/public/{slug}/observations/?kpi={pk}"
    for name in DATASETS:
        yield f"/public/{slug}/data/{name}.csv"
        yield f"/public/{slug}/data/{name}.json"
    yield f"/api/v1/public/{slug}/"
    for collection in COLLECTIONS:
        url: str | None = f"/api/v1/public/{slug}/{collection}/?page_size=1"
        while url:
            yield url
            response = client.get(url)
            url = response.json().get("next") if response.status_code == 200 else None


def fetch_all(client: Client, slug: str) -> dict[str, str]:
    pages = {}
    for url in public_urls(client, slug):
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        pages[url] = response.content.decode("utf-8").lower()
    return pages


def leaks(pages: dict[str, str], canary: str) -> list[str]:
    return [f"{url}: …{body[max(0, m.start() - 80):m.end() + 20]}…" for url, body in pages.items()
            for m in [re.search(canary, body)] if m]


def test_canaries_were_planted_in_every_kind_of_confidential_record(canary_world: dict[str, int]):
    for model in ("Project", "Milestone", "Kpi", "Observation", "SavingsLine", "Benefit", "Cost", "Contract"):
        assert canary_world[f"{model} confidential"] > 0, f"no confidential {model} carries the canary"
    for model in ("Project", "Kpi", "Plan", "Theme", "Priority", "Mtfs", "ComparatorGroup"):
        assert canary_world[f"{model} internal"] > 0, f"no unpublished {model} carries the canary"


def test_no_confidential_or_unpublished_text_in_any_public_output(client: Client, canary_world: dict[str, Any]):
    pages = fetch_all(client, "home")
    assert len(pages) > 40
    assert not leaks(pages, CONFIDENTIAL), "confidential text in public output:\n" + "\n".join(
        leaks(pages, CONFIDENTIAL))
    assert not leaks(pages, INTERNAL), "unpublished text in public output:\n" + "\n".join(leaks(pages, INTERNAL))


def test_no_other_councils_records_in_this_councils_public_output(client: Client, canary_world: dict[str, Any]):
    pages = fetch_all(client, "home")
    assert not leaks(pages, OTHER), "another council's text:\n" + "\n".join(leaks(pages, OTHER))
    assert not any("44444" in body for body in pages.values())  # the other council's savings
    # The control: the other council's own public outputs do show its published records, so the canary is live.
    theirs = fetch_all(client, "other")
    assert leaks(theirs, OTHER)
    assert not leaks(theirs, CONFIDENTIAL) and not leaks(theirs, INTERNAL)


def test_confidential_figures_are_not_in_public_savings_or_kpis(client: Client, canary_world: dict[str, Any]):
    pages = fetch_all(client, "home")
    assert not any("777777" in body or "777,777" in body or "£7.8m" in body for body in pages.values())
    assert "conf-kpi" not in pages["/api/v1/public/home/kpis/?page_size=1"]
