"""Too much data is refused with a clear answer, never a 500: a form body over DATA_UPLOAD_MAX_MEMORY_SIZE (12 MB),
an API body over it, and a file over IMPORT_MAX_BYTES (the import page says so in words: beacon/exchange/tests)."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

TOO_MUCH = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024


def test_an_oversized_form_body_is_refused_with_400(world, login):
    client: Client = login(world.users["programme"])
    response = client.post("/org/home/projects/add/", {"title": "x" * TOO_MUCH})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, Beacon could not read what you sent" in page
    assert "too large (a form over 12 MB)" in page and "Nothing was changed." in page
    assert 'class="govuk-heading-l"' in page


def test_an_oversized_public_form_body_is_refused_with_400(client, world):
    response = client.post("/public/home/ideas/new/", {"title": "x" * TOO_MUCH})
    assert response.status_code == 400
    assert "Sorry, Beacon could not read what you sent" in response.content.decode()


def test_an_oversized_api_body_is_refused_not_a_500(world, login):
    client: Client = login(world.users["programme"])
    body = json.dumps({"title": "x" * TOO_MUCH})
    response = client.post("/api/v1/projects/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is too large")
