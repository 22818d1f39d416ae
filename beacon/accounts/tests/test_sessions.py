"""Sessions: a new session at sign-in, the idle and absolute timeouts, sign out everywhere, and disabled users
refused by their open session and their API token."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from beacon.accounts import sessions, tokens
from beacon.accounts.models import Account, AccountEvent, EventKind
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PAGE = "/accounts/"
PASSWORD_PAGE = "/accounts/password/"


@pytest.fixture
def user():
    return f.UserFactory(username="jo.bloggs", first_name="Jo", last_name="Bloggs")


def sign_in(client: Client, username: str = "jo.bloggs") -> None:
    response = client.post(LOGIN, {"username": username, "password": f.PASSWORD})
    assert response.status_code == 302, response.content.decode()


def move_back(client: Client, key: str, seconds: int) -> None:
    """Pretend ``key`` (a time in the session) was ``seconds`` earlier."""
    session = client.session
    session[key] -= seconds
    session.save()


def is_signed_out(response, next_path: str = PAGE) -> bool:
    return response.status_code == 302 and response["Location"] == f"{LOGIN}?next={next_path}"


def messages_on_sign_in_page(client: Client, response) -> str:
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


# A new session at sign-in


def test_signing_in_gives_a_new_session(client, user):
    before = client.session.session_key  # a session the visitor (or an attacker who planted it) already had
    assert before and Session.objects.filter(session_key=before).exists()
    sign_in(client)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(PAGE).status_code == 200


def test_a_session_key_known_before_sign_in_is_anonymous_after_it(client, user):
    planted = client.session.session_key
    sign_in(client)
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert is_signed_out(attacker.get(PAGE))


# Idle timeout


def test_an_idle_session_is_signed_out_with_a_message_and_recorded(client, user):
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(PAGE)
    assert is_signed_out(response)
    assert "You were signed out because you had not used Beacon for 30 minutes" in messages_on_sign_in_page(
        client, response)
    event = AccountEvent.objects.filter(user=user).first()
    assert event is not None and event.kind == EventKind.SESSION_EXPIRED
    assert not AccountEvent.objects.filter(kind=EventKind.SIGNED_OUT).exists()
    assert is_signed_out(client.get(PAGE))


def test_a_session_used_within_the_idle_timeout_carries_on(client, user):
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, settings.SESSION_IDLE_TIMEOUT - 5)
    assert client.get(PAGE).status_code == 200
    # ... and that request counts as use: the clock starts again.
    assert time.time() - client.session[sessions.LAST_SEEN] < 5


def test_an_idle_session_on_the_sign_in_page_shows_the_page_with_the_message(client, user):
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "had not used Beacon for 30 minutes" in response.content.decode()
    assert is_signed_out(client.get(PAGE))


def test_a_form_sent_from_an_idle_session_changes_nothing_and_goes_to_sign_in(client, user):
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.post("/accounts/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not Account.objects.filter(user=user, session_generation__gt=0).exists()
    response = client.post("/accounts/logout/")  # (already signed out: sign-out still answers)
    assert response.status_code == 302


def test_the_idle_message_follows_the_setting(client, user, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, 601)
    response = client.get(PAGE)
    assert is_signed_out(response)
    assert "had not used Beacon for 10 minutes" in messages_on_sign_in_page(client, response)


def test_the_time_of_use_is_written_at_most_once_a_minute(client, user):
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, 30)
    seen = client.session[sessions.LAST_SEEN]
    client.get(PAGE)
    assert client.session[sessions.LAST_SEEN] == seen
    move_back(client, sessions.LAST_SEEN, 31)
    client.get(PAGE)
    assert client.session[sessions.LAST_SEEN] > seen


def test_an_idle_session_on_the_api_becomes_anonymous_rather_than_redirected(client, user):
    sign_in(client)
    move_back(client, sessions.LAST_SEEN, settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 403
    assert AccountEvent.objects.filter(kind=EventKind.SESSION_EXPIRED, user=user).exists()


def test_token_requests_are_not_session_based_and_are_left_alone(user):
    token = tokens.create_token(user=user, name="Reports")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert api.get("/api/v1/organisations/").status_code == 200
    assert settings.SESSION_COOKIE_NAME not in api.cookies
    assert not AccountEvent.objects.exclude(kind=EventKind.TOKEN_CREATED).exists()


# Absolute timeout


def test_the_session_expiry_is_fixed_at_sign_in_and_not_moved_on_by_use(client, user):
    sign_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    expires = Session.objects.get(session_key=key).expire_date
    expected = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((expires - expected).total_seconds()) < 30
    move_back(client, sessions.LAST_SEEN, 120)  # so that the next request writes the session
    assert client.get(PAGE).status_code == 200
    assert client.session[sessions.LAST_SEEN] > time.time() - 5  # (the session was written)
    assert Session.objects.get(session_key=key).expire_date == expires


def test_a_session_past_its_expiry_is_refused(client, user):
    sign_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert is_signed_out(client.get(PAGE))


def test_a_session_signed_in_longer_ago_than_the_age_is_signed_out(client, user):
    sign_in(client)
    move_back(client, sessions.SIGNED_IN_AT, settings.SESSION_COOKIE_AGE + 1)
    response = client.get(PAGE)
    assert is_signed_out(response)
    assert "signed in more than 12 hours ago" in messages_on_sign_in_page(client, response)
    assert AccountEvent.objects.filter(kind=EventKind.SESSION_EXPIRED, user=user).exists()


def test_timeouts_come_from_the_settings():
    assert settings.SESSION_IDLE_TIMEOUT == 1800
    assert settings.SESSION_COOKIE_AGE == 43200
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_a_session_from_before_these_checks_gets_an_absolute_expiry_from_now(client, user):
    sign_in(client)
    session = client.session
    for key in (sessions.SIGNED_IN_AT, sessions.LAST_SEEN, "_session_expiry"):
        del session[key]
    session.save()
    assert client.get(PAGE).status_code == 200
    session = client.session
    assert time.time() - session[sessions.SIGNED_IN_AT] < 5
    assert "_session_expiry" in session
    move_back(client, sessions.SIGNED_IN_AT, settings.SESSION_COOKIE_AGE + 1)
    assert is_signed_out(client.get(PAGE))


# Sign out everywhere


def test_signing_out_everywhere_ends_the_other_sessions(user):
    here, elsewhere = Client(), Client()
    sign_in(here)
    sign_in(elsewhere)
    assert elsewhere.get(PAGE).status_code == 200

    response = here.post("/accounts/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "You have been signed out everywhere" in here.get(LOGIN).content.decode()
    assert is_signed_out(here.get(PAGE))

    response = elsewhere.get(PAGE)
    assert is_signed_out(response)
    assert "You were signed out everywhere. Sign in again" in messages_on_sign_in_page(elsewhere, response)
    assert Account.objects.get(user=user).session_generation == 1
    kinds = set(AccountEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert EventKind.SIGNED_OUT_EVERYWHERE in kinds

    # Signing in again afterwards works as usual.
    sign_in(elsewhere)
    assert elsewhere.get(PAGE).status_code == 200


def test_signing_out_everywhere_leaves_other_users_alone(user):
    other = f.UserFactory(username="someone.else")
    mine, theirs = Client(), Client()
    sign_in(mine)
    sign_in(theirs, other.username)
    mine.post("/accounts/sign-out-everywhere/")
    assert theirs.get(PAGE).status_code == 200


def test_a_session_from_before_accounts_existed_counts_as_generation_zero(client, user):
    sign_in(client)
    session = client.session
    del session[sessions.GENERATION]
    session.save()
    assert client.get(PAGE).status_code == 200
    Account.objects.filter(user=user).update(session_generation=1)
    assert is_signed_out(client.get(PAGE))


def queries_for_a_page(user, settings=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    sign_in(client, user.username)
    client.get(PASSWORD_PAGE)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PASSWORD_PAGE).status_code == 200
    return len(queries)


def test_the_checks_cost_at_most_one_query_a_request(user, settings):
    with_checks = queries_for_a_page(user)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("SessionPolicyMiddleware")]
    without_checks = queries_for_a_page(user)
    assert with_checks - without_checks == 1


# Disabled users


def test_a_disabled_users_open_session_is_refused_on_the_next_request(client, user):
    sign_in(client)
    assert client.get(PAGE).status_code == 200
    user.is_active = False
    user.save()
    assert is_signed_out(client.get(PAGE))
    assert client.get("/api/v1/organisations/").status_code == 403


def test_a_disabled_users_api_token_is_refused(user):
    token = tokens.create_token(user=user, name="Reports")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert api.get("/api/v1/organisations/").status_code == 200
    user.is_active = False
    user.save()
    assert api.get("/api/v1/organisations/").status_code in (401, 403)
