"""Two-factor sign-in: administrators are taken to set it up before anything else; setting it up with a real
authenticator code; the code asked at each later sign-in; recovery codes; exemptions (demo users, single sign-on);
turning it off; and the middleware's cost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from base64 import b32decode
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from beacon.accounts import two_factor
from beacon.accounts.models import Account, AccountEvent, EventKind
from beacon.core.models import Role
from beacon.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

LOGIN = "/accounts/login/"
SETUP = "/accounts/two-factor/set-up/"
CODES = "/accounts/two-factor/recovery-codes/"
NEW_CODES = "/accounts/two-factor/recovery-codes/new/"
VERIFY = "/accounts/two-factor/verify/"
TURN_OFF = "/accounts/two-factor/turn-off/"
ACCOUNT = "/accounts/"
WRONG = "The code is not right. Check the time on your phone and enter the 6 digits shown now"


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Home Council", slug="home")


@pytest.fixture
def admin(org):
    user = f.UserFactory(username="council-admin")
    f.MembershipFactory(user=user, organisation=org, role=Role.ADMIN)
    return user


@pytest.fixture
def officer(org):
    user = f.UserFactory(username="council-officer")
    f.MembershipFactory(user=user, organisation=org, role=Role.PROGRAMME)
    return user


@pytest.fixture
def no_throttling(settings):
    """django-otp refuses codes for a second or more after a wrong one; these tests send codes back to back."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client: Client, username: str) -> None:
    response = client.post(LOGIN, {"username": username, "password": f.PASSWORD})
    assert response.status_code == 302, response.content.decode()


def code_for(key: bytes, *, step_ahead: int = 0) -> str:
    """The code an authenticator app shows now (``step_ahead``: the next 30-second step's, accepted too)."""
    return f"{totp(key, drift=step_ahead):06d}"


def secret_on_page(html: str) -> bytes:
    match = re.search(r'<code id="setup-key">([A-Z2-7 ]+)</code>', html)
    assert match, "the setup key is shown as text"
    return b32decode(match.group(1).replace(" ", ""))


def set_up(client: Client) -> tuple[bytes, list[str]]:
    """Go through setting up two-factor sign-in as a user would; returns the key and the recovery codes."""
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code
    key = secret_on_page(html)
    response = client.post(SETUP, {"code": code_for(key)})
    assert response.status_code == 302 and response["Location"] == CODES
    codes_page = client.get(CODES).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", codes_page)
    assert len(codes) == 10
    return key, codes


def turned_on(user) -> tuple[bytes, list[str]]:
    """Two-factor sign-in on for ``user``, without the pages."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device.bin_key, two_factor.make_recovery_codes(user)


def error_text(response) -> str:
    html = response.content.decode()
    assert "There is a problem" in html
    return html


# The setting


def test_the_requirement_is_on_by_default():
    """The suite turns it off for unmarked tests (conftest.py): the real default, from settings.py with nothing in
    the environment, is on."""
    env = {k: v for k, v in os.environ.items() if k != "TWO_FACTOR_REQUIRED_FOR_ADMINS"}
    env["DJANGO_SETTINGS_MODULE"] = "beacon.settings"
    script = ("import django; django.setup(); from django.conf import settings; "
              "print(settings.TWO_FACTOR_REQUIRED_FOR_ADMINS)")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,  # noqa: S603
                            check=True, cwd=Path(__file__).resolve().parents[3])
    assert result.stdout.strip() == "True"


def test_marked_tests_get_the_real_default(settings):
    assert settings.TWO_FACTOR_REQUIRED_FOR_ADMINS is True


# An administrator without two-factor sign-in


@pytest.mark.parametrize("path", ["/", "/org/home/", ACCOUNT, "/org/home/users/", "/admin/", VERIFY])
def test_an_administrator_without_it_is_taken_to_set_it_up_first(client, admin, path):
    sign_in(client, "council-admin")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    if path not in ("/", VERIFY):
        assert response["Location"] == f"{SETUP}?next={path.replace('/', '%2F')}"


def test_the_api_refuses_their_session_with_a_reason(client, admin):
    sign_in(client, "council-admin")
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 403
    assert "set up two-factor sign-in" in json.loads(response.content)["detail"]


def test_a_form_sent_before_setting_it_up_changes_nothing(client, admin):
    sign_in(client, "council-admin")
    response = client.post("/accounts/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == SETUP
    assert not Account.objects.filter(user=admin, session_generation__gt=0).exists()


def test_they_can_still_reach_the_service_pages_and_sign_out(client, admin):
    sign_in(client, "council-admin")
    for path in ("/help/", "/privacy/", "/accessibility/", "/cookies/"):
        assert client.get(path).status_code == 200, path
    page = client.get(SETUP).content.decode()
    assert "You are an administrator, so you must set up two-factor sign-in" in page
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(SETUP)["Location"].startswith(LOGIN)


def test_setting_it_up_with_a_real_code_turns_it_on(client, admin):
    sign_in(client, "council-admin")
    client.get("/org/home/")  # remembered, to go back to after the recovery codes
    key, codes = set_up(client)
    device = TOTPDevice.objects.get(user=admin)
    assert device.confirmed and device.bin_key == key
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    assert client.session["otp_device_id"] == device.persistent_id  # this session is verified
    kinds = set(AccountEvent.objects.filter(user=admin).values_list("kind", flat=True))
    assert {EventKind.TWO_FACTOR_ENABLED, EventKind.RECOVERY_CODES_MADE} <= kinds
    assert client.get("/org/home/").status_code == 200
    assert client.get("/api/v1/organisations/").status_code == 200
    # The codes were shown once: they have left the session.
    again = client.get(CODES)
    assert again.status_code == 302 and again["Location"] == ACCOUNT
    page = client.get(ACCOUNT).content.decode()
    assert "Recovery codes are shown only once" in page
    assert "Make new recovery codes" in page and "Turn off two-factor sign-in" not in page


def test_the_recovery_codes_page_continues_to_the_page_first_asked_for(client, admin):
    sign_in(client, "council-admin")
    client.get("/org/home/users/")
    page = client.get(SETUP).content.decode()
    client.post(SETUP, {"code": code_for(secret_on_page(page))})
    codes_page = client.get(CODES).content.decode()
    assert 'href="/org/home/users/"' in codes_page and "I have saved these codes" in codes_page
    assert "You will not see these codes again" in codes_page


def test_a_wrong_code_at_set_up_turns_nothing_on(client, admin):
    sign_in(client, "council-admin")
    page = client.get(SETUP).content.decode()
    key = secret_on_page(page)
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert WRONG in error_text(response)
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.get("/org/home/")["Location"].startswith(SETUP)
    # The same key is offered again, so the app the user has just set up still works.
    assert secret_on_page(client.get(SETUP).content.decode()) == key


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the 6 digits from your authenticator app"),
    ("12345", "Enter the 6 digits from your authenticator app, for example 123456"),
    ("abcdef", "Enter the 6 digits from your authenticator app, for example 123456"),
])
def test_a_malformed_code_at_set_up_is_refused_clearly(client, admin, typed, message):
    sign_in(client, "council-admin")
    response = client.post(SETUP, {"code": typed})
    assert response.status_code == 200
    assert message in error_text(response)


# Signing in again


def test_a_later_sign_in_asks_for_the_code(client, admin, no_throttling):
    key, _ = turned_on(admin)
    sign_in(client, "council-admin")
    response = client.get("/org/home/")
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Forg%2Fhome%2F"
    assert client.get("/api/v1/organisations/").status_code == 403
    page = client.get(response["Location"])
    assert "Enter your security code" in page.content.decode()
    wrong = client.post(response["Location"], {"code": f"{(int(code_for(key)) + 1) % 1_000_000:06d}"})
    assert wrong.status_code == 200
    assert "The code is not right" in error_text(wrong)
    assert AccountEvent.objects.filter(user=admin, kind=EventKind.TWO_FACTOR_FAILED).count() == 1
    right = client.post(response["Location"], {"code": code_for(key)})
    assert right.status_code == 302 and right["Location"] == "/org/home/"
    assert client.get("/org/home/").status_code == 200
    # A code works once: the same code cannot verify another session.
    other = Client()
    sign_in(other, "council-admin")
    assert other.post(VERIFY, {"code": code_for(key)}).status_code == 200


def test_a_wrong_code_straight_after_another_asks_to_wait(client, admin):
    key, _ = turned_on(admin)
    sign_in(client, "council-admin")
    client.post(VERIFY, {"code": "000000" if code_for(key) != "000000" else "111111"})
    response = client.post(VERIFY, {"code": code_for(key)})
    assert "You entered a wrong code a moment ago. Wait" in error_text(response)


def test_five_wrong_codes_sign_the_session_out(client, admin, no_throttling):
    key, _ = turned_on(admin)
    sign_in(client, "council-admin")
    wrong = f"{(int(code_for(key)) + 500_000) % 1_000_000:06d}"
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong}).status_code == 200
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "You entered a wrong security code 5 times" in client.get(LOGIN).content.decode()
    assert client.get("/org/home/")["Location"].startswith(LOGIN)
    assert AccountEvent.objects.filter(user=admin, kind=EventKind.TWO_FACTOR_FAILED).count() == 5


def test_a_recovery_code_works_once(client, admin, no_throttling):
    _, codes = turned_on(admin)
    sign_in(client, "council-admin")
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + " " + codes[0][4:]})
    assert response.status_code == 302
    assert client.get("/org/home/").status_code == 200
    event = AccountEvent.objects.get(user=admin, kind=EventKind.RECOVERY_CODE_USED)
    assert event.detail == "9 recovery codes left"
    other = Client()
    sign_in(other, "council-admin")
    again = other.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert "a recovery code you have not used before" in error_text(again)
    assert other.get("/org/home/")["Location"].startswith(VERIFY)


def test_next_is_followed_only_within_beacon(client, admin):
    key, _ = turned_on(admin)
    sign_in(client, "council-admin")
    response = client.post(f"{VERIFY}?next=https://example.invalid/", {"code": code_for(key)})
    assert response.status_code == 302 and response["Location"] == "/"


# Who is not asked


def test_the_demo_administrator_is_exempt(client, org):
    from beacon.demo.loader import DemoContext
    from beacon.demo.users import ensure_users

    users = ensure_users(DemoContext(actor=None, users={}, say=lambda _: None))
    assert all(Account.objects.get(user=user).two_factor_exempt for user in users.values())
    f.MembershipFactory(user=users["admin"], organisation=org, role=Role.ADMIN)
    response = client.post(LOGIN, {"username": "admin", "password": "beacon-demo-password"})
    assert response.status_code == 302
    assert client.get("/org/home/").status_code == 200


def test_a_single_sign_on_session_is_not_asked(client, admin):
    turned_on(admin)
    client.force_login(admin)
    assert client.get("/org/home/").status_code == 302
    session = client.session
    session[two_factor.SIGNED_IN_WITH] = "x"
    session.save()
    assert client.get("/org/home/").status_code == 200


def test_it_is_optional_for_other_roles(client, officer, no_throttling):
    sign_in(client, "council-officer")
    assert client.get("/org/home/").status_code == 200
    page = client.get(ACCOUNT).content.decode()
    assert "Two-factor sign-in is optional for your role" in page and "Set up two-factor sign-in" in page
    key, codes = set_up(client)
    assert "Turn off two-factor sign-in" in client.get(ACCOUNT).content.decode()
    # Turning it off asks for a current code.
    wrong = client.post(TURN_OFF, {"code": codes[0] + "x"})
    assert "The code is not right" in error_text(wrong)
    assert client.post(TURN_OFF, {"code": code_for(key, step_ahead=1)})["Location"] == ACCOUNT
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert AccountEvent.objects.filter(user=officer, kind=EventKind.TWO_FACTOR_DISABLED).exists()
    other = Client()
    sign_in(other, "council-officer")
    assert other.get("/org/home/").status_code == 200


def test_an_administrator_cannot_turn_it_off(client, admin):
    key, _ = turned_on(admin)
    sign_in(client, "council-admin")
    client.post(VERIFY, {"code": code_for(key)})
    response = client.get(TURN_OFF)
    assert response.status_code == 403
    assert "You cannot turn off two-factor sign-in" in response.content.decode()
    assert client.post(TURN_OFF, {"code": code_for(key, step_ahead=1)}).status_code == 403
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_new_recovery_codes_replace_the_old_ones(client, officer, no_throttling):
    key, old = turned_on(officer)
    sign_in(client, "council-officer")
    client.post(VERIFY, {"code": code_for(key)})
    assert client.post(NEW_CODES, {"code": "123"}).status_code == 200
    response = client.post(NEW_CODES, {"code": code_for(key, step_ahead=1)})
    assert response["Location"] == CODES
    page = client.get(CODES).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert 'href="/accounts/"' in page
    tokens = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert tokens == {code.replace("-", "") for code in new}


# An administrator resets another user's two-factor sign-in


def test_an_administrator_resets_a_members_two_factor_sign_in(client, org, officer, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False  # the actor signs in without a second factor here
    turned_on(officer)
    theirs = Client()
    sign_in(theirs, "council-officer")
    actor = f.UserFactory(username="other-admin")
    f.MembershipFactory(user=actor, organisation=org, role=Role.ADMIN)
    client.force_login(actor)
    path = f"/org/home/users/{officer.pk}/"
    assert "Reset their two-factor sign-in" in client.get(path).content.decode()
    confirm = client.get(f"{path}two-factor/reset/")
    assert confirm.status_code == 200 and "will be signed out everywhere" in confirm.content.decode()
    response = client.post(f"{path}two-factor/reset/")
    assert response.status_code == 302 and response["Location"] == path
    assert "Two-factor sign-in reset for" in client.get(path).content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = AccountEvent.objects.get(user=officer, kind=EventKind.TWO_FACTOR_DISABLED)
    assert event.actor == actor and event.organisation == org
    assert theirs.get("/org/home/")["Location"].startswith(LOGIN)  # their open session has ended


def test_an_administrator_cannot_reset_someone_who_works_for_another_council(client, org, officer):
    turned_on(officer)
    f.MembershipFactory(user=officer, organisation=f.OrganisationFactory(slug="elsewhere"), role=Role.VIEWER)
    actor = f.UserFactory(username="exempt-admin")
    f.MembershipFactory(user=actor, organisation=org, role=Role.ADMIN)
    Account.objects.create(user=actor, two_factor_exempt=True)
    client.force_login(actor)
    response = client.post(f"/org/home/users/{officer.pk}/two-factor/reset/")
    assert response.status_code == 403
    assert "not yours to decide" in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()


# Cost


def queries_for_a_page(username: str) -> int:
    client = Client()
    sign_in(client, username)
    client.get("/accounts/password/")  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/password/").status_code == 200
    return len(queries)


def test_the_middleware_costs_no_query_on_a_normal_request(officer, settings):
    with_check = queries_for_a_page("council-officer")
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("TwoFactorMiddleware")]
    without_check = queries_for_a_page("council-officer")
    assert with_check == without_check
