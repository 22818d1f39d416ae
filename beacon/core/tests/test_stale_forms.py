"""Stale edit forms: two people open the same edit form; the first saves; the second's save is refused with a
clear message, nothing of it is written, and the form shows the record as it now is."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from beacon.core.generic import STALE_STATUS, VERSION_FIELD
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

STALE = ("Someone else changed this {thing} while you were editing it. Your changes have not been saved: "
         "check the current values below and make your change again")


def as_posted(form: Any) -> dict[str, Any]:
    """What a browser would post for ``form`` as it was drawn, untouched."""
    data: dict[str, Any] = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def savings_line(world: World) -> Any:
    return f.SavingsLineFactory(project=world.records["plain"])


# (edit URL name, the record, the field to change with a new value (first, second), how to read it back)
CASES: list[tuple[str, Callable[[World], Any], str, tuple[str, str], str]] = [
    ("programmes:project-edit", lambda w: w.records["plain"], "title",
     ("Renamed by the first editor", "Renamed by the second editor"), "project"),
    ("risks:risk-edit", lambda w: w.records["plain_risk"], "title",
     ("Risk renamed by the first editor", "Risk renamed by the second editor"), "risk"),
    ("performance:kpi-edit", lambda w: w.records["plain_kpi"], "title",
     ("KPI renamed by the first editor", "KPI renamed by the second editor"), "KPI"),
    ("finance:savings-line-edit", savings_line, "amount", ("2500", "3700"), "savings line"),
]


def edit_page(client: Client, name: str, record: Any) -> tuple[str, dict[str, Any]]:
    url = reverse(name, kwargs={"org": "home", "pk": record.pk})
    response = client.get(url)
    assert response.status_code == 200
    data = as_posted(response.context["form"])
    assert data[VERSION_FIELD], "the edit form carries the record's version"
    assert f'name="{VERSION_FIELD}"' in response.content.decode()
    return url, data


@pytest.mark.parametrize(("name", "make", "field", "values", "thing"), CASES, ids=[case[0] for case in CASES])
def test_the_second_of_two_editors_is_told_and_saves_nothing(world, name, make, field, values, thing):
    record = make(world)
    first, second = Client(), Client()
    first.force_login(world.users["programme"])
    second.force_login(world.users["admin"])
    url, first_data = edit_page(first, name, record)
    _, second_data = edit_page(second, name, record)

    saved = first.post(url, {**first_data, field: values[0]})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved

    refused = second.post(url, {**second_data, field: values[1]})
    assert refused.status_code == STALE_STATUS
    page = html.unescape(refused.content.decode())
    assert "There is a problem" in page
    assert STALE.format(thing=thing) in page
    # The form now shows the record as the first editor left it, and the current version to try again with.
    form = refused.context["form"]
    shown = as_posted(form)
    assert values[0] in shown[field].replace(",", "")
    assert values[1] not in page

    record.refresh_from_db()
    stored = str(getattr(record, "amount_pence" if field == "amount" else field))
    assert stored == (str(int(values[0]) * 100) if field == "amount" else values[0])

    # Making the change again on the refreshed form works.
    again = second.post(url, {**shown, field: values[1]})
    assert again.status_code == 302
    record.refresh_from_db()
    stored = str(getattr(record, "amount_pence" if field == "amount" else field))
    assert stored == (str(int(values[1]) * 100) if field == "amount" else values[1])


def test_an_invalid_form_keeps_the_version_it_was_opened_with(world):
    project = world.records["plain"]
    client = Client()
    client.force_login(world.users["programme"])
    url, data = edit_page(client, "programmes:project-edit", project)
    invalid = client.post(url, {**data, "title": ""})
    assert invalid.status_code == 200
    assert as_posted(invalid.context["form"])[VERSION_FIELD] == data[VERSION_FIELD]
    # Someone else saves meanwhile: the corrected form is still refused, as stale.
    type(project).objects.filter(pk=project.pk).update(title="Changed by someone else")
    assert client.post(url, {**data, "title": "Corrected"}).status_code == STALE_STATUS
    project.refresh_from_db()
    assert project.title == "Changed by someone else"


def test_a_post_without_the_version_field_is_saved_as_before(world):
    project = world.records["plain"]
    client = Client()
    client.force_login(world.users["programme"])
    url, data = edit_page(client, "programmes:project-edit", project)
    data.pop(VERSION_FIELD)
    assert client.post(url, {**data, "title": "No version sent"}).status_code == 302
    project.refresh_from_db()
    assert project.title == "No version sent"
