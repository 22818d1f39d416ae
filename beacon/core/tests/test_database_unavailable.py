"""A database error anywhere in a request, in the view or in a middleware that runs after
DatabaseUnavailableMiddleware (loading the session, finding the signed-in user), answers the 503 page, never
a 500 or a stack trace; any other error is still a 500. The real outage (a server whose database goes away and
comes back) is in test_health.py and the ``fault-postgres`` row of ``make bench``."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory

from beacon.core.middleware import DatabaseUnavailableMiddleware

HEADING = "Sorry, Beacon is unavailable"


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{HEADING}</h1>' in body
    assert "Beacon cannot reach its database" in body
    for leak in ("Traceback", "Exception", "OperationalError", "InterfaceError", "File \""):
        assert leak not in body


@pytest.fixture
def signed_in(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["programme"])
    return client


@pytest.mark.django_db
def test_a_database_error_while_loading_the_session_gives_the_503_page(signed_in):
    with mock.patch.object(SessionStore, "load", side_effect=OperationalError("connection refused")):
        response = signed_in.get("/org/home/")
    assert_unavailable_page(response)


@pytest.mark.django_db
def test_a_database_error_while_finding_the_signed_in_user_gives_the_503_page(signed_in):
    with mock.patch("django.contrib.auth.get_user", side_effect=InterfaceError("connection already closed")):
        response = signed_in.get("/org/home/")
    assert_unavailable_page(response)


@pytest.mark.django_db
def test_a_database_error_in_a_view_gives_the_503_page(world):
    client = Client(raise_request_exception=False)
    with mock.patch("beacon.public.views.PublicDashboard.get", side_effect=OperationalError("server closed")):
        response = client.get("/public/home/")
    assert_unavailable_page(response)


@pytest.mark.django_db
def test_any_other_error_in_a_middleware_is_still_a_500_not_the_database_page(signed_in):
    with mock.patch.object(SessionStore, "load", side_effect=ValueError("a bug, not an outage")):
        response = signed_in.get("/org/home/")
    assert response.status_code == 500
    assert HEADING not in response.content.decode()


# These two drop the broken connection as Beacon does in an outage, so they cannot run inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_page_works_again_once_the_database_answers(signed_in):
    with mock.patch.object(SessionStore, "load", side_effect=OperationalError("connection refused")):
        assert signed_in.get("/org/home/").status_code == 503
    assert signed_in.get("/org/home/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_while_the_database_is_unreachable(client):
    with mock.patch("beacon.core.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable\n")
    assert client.get("/healthz").status_code == 200


def test_an_error_that_escapes_to_the_middleware_gives_the_503_page():
    def broken(request):
        raise OperationalError("could not connect to server")

    response = DatabaseUnavailableMiddleware(broken)(RequestFactory().get("/public/home/"))
    assert_unavailable_page(response)


def test_a_normal_response_passes_through_untouched():
    answer = HttpResponse("fine", status=500)  # a 500 without a database error is not swapped
    response = DatabaseUnavailableMiddleware(lambda request: answer)(RequestFactory().get("/"))
    assert response is answer
