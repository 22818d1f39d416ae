"""Single sign-on against a real OpenID Connect provider (``oidc-provider-mock`` in its own process on 127.0.0.1,
see ``beacon.testing.oidc_provider``): Django's test client plays the browser, posting the provider's sign-in
form the way a browser would and following it back to Beacon's callback. Nothing of the protocol is mocked in
Beacon; the bad tokens are real tokens from the real provider (another client's, an earlier sign-in's, one
checked after it expired, one from a provider that names another issuer)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings

from beacon.accounts import oidc
from beacon.accounts.models import AccountEvent, EventKind, ExternalIdentity, SsoRoleMapping
from beacon.core.models import Membership, Role
from beacon.testing import factories as f
from beacon.testing.oidc_provider import ProviderProcess

pytestmark = pytest.mark.django_db

CLIENT_ID = "beacon-test"


@pytest.fixture(scope="module")
def provider() -> Iterator[ProviderProcess]:
    with ProviderProcess() as running:
        yield running


@pytest.fixture(scope="module")
def second_provider() -> Iterator[ProviderProcess]:
    with ProviderProcess() as running:
        yield running


def config(url: str, *, label: str = "Council account", client_id: str = CLIENT_ID) -> dict[str, str]:
    return {"issuer": url, "client_id": client_id, "client_secret": "test-secret", "label": label,
            "groups_claim": "groups", "scope": "openid email profile"}


@pytest.fixture
def configured(provider: ProviderProcess) -> Iterator[ProviderProcess]:
    cache.clear()
    with override_settings(OIDC_PROVIDERS={"council": config(provider.url)}):
        yield provider
    cache.clear()


@pytest.fixture
def home():
    return f.OrganisationFactory(name="Home Council", slug="home")


@pytest.fixture
def other():
    return f.OrganisationFactory(name="Other Council", slug="other")


def counts() -> tuple[int, int, int]:
    return get_user_model().objects.count(), ExternalIdentity.objects.count(), Membership.objects.count()


def begin(client: Client, name: str = "council", next_url: str = "") -> str:
    """Press "Sign in with ..." on the sign-in page: Beacon's answer is a redirect to the provider."""
    response = client.post(f"/accounts/sso/{name}/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def sign_in(client: Client, provider: ProviderProcess, sub: str, name: str = "council",
            next_url: str = "") -> Any:
    """A whole sign-in: Beacon -> the provider's form (posted for ``sub``) -> Beacon's callback."""
    back = provider.authorize(begin(client, name, next_url), sub)
    return client.get(callback_path(back))


def refusal_text(response: Any) -> str:
    assert response.status_code == 400, response.content.decode()[:2000]
    html = response.content.decode()
    match = re.search(r'<p class="govuk-body" id="sso-refusal">(.*?)</p>', html, re.S)
    assert match, html[:2000]
    assert 'href="/accounts/login/"' in html  # a way back to sign in
    return match.group(1)


def signed_in_user(client: Client) -> Any:
    from django.contrib.auth import get_user

    request: Any = type("R", (), {"session": client.session})()
    return get_user(request)


# Starting


def test_start_sends_to_the_provider_with_state_nonce_and_pkce(client: Client, configured: ProviderProcess) -> None:
    location = begin(client)
    parts = urlsplit(location)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert location.startswith(f"{configured.url}/oauth2/authorize?")
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/accounts/sso/council/callback/"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    pending = client.session[oidc.PENDING][query["state"]]
    assert pending["nonce"] == query["nonce"] and pending["provider"] == "council"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}


def test_an_unknown_provider_is_not_found(client: Client, configured: ProviderProcess) -> None:
    assert client.post("/accounts/sso/nobody/").status_code == 404
    assert client.get("/accounts/sso/nobody/callback/?code=x&state=y").status_code == 404


def test_the_start_page_shows_the_button(client: Client, configured: ProviderProcess) -> None:
    html = client.get("/accounts/sso/council/?next=/org/home/").content.decode()
    assert "Sign in with Council account" in html
    assert 'action="/accounts/sso/council/"' in html and 'name="next" value="/org/home/"' in html


# The sign-in page


def test_sign_in_page_shows_one_button_per_provider_above_the_local_form(
        client: Client, provider: ProviderProcess, second_provider: ProviderProcess) -> None:
    providers = {"entra": config(provider.url, label="Microsoft Entra ID"),
                 "google": config(second_provider.url, label="Sign in with Google Workspace")}
    with override_settings(OIDC_PROVIDERS=providers):
        html = client.get("/accounts/login/?next=/org/home/").content.decode()
    assert html.count('class="govuk-button govuk-button--secondary') == 2
    entra = html.index("Sign in with Microsoft Entra ID")
    google = html.index("Sign in with Google Workspace")
    local = html.index('name="username"')
    assert entra < google < local
    assert 'action="/accounts/sso/entra/"' in html and 'action="/accounts/sso/google/"' in html
    assert 'name="password"' in html and html.count('name="next" value="/org/home/"') >= 2


def test_sign_in_page_without_providers_is_as_before(client: Client) -> None:
    with override_settings(OIDC_PROVIDERS={}):
        html = client.get("/accounts/login/").content.decode()
    assert "/accounts/sso/" not in html and "council account" not in html
    assert 'name="username"' in html and 'name="password"' in html


# Signing in


def test_sign_in_creates_the_account_with_the_mapped_roles(client: Client, configured: ProviderProcess, home,
                                                           other) -> None:
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-viewers", role=Role.VIEWER)
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-finance", role=Role.FINANCE)
    SsoRoleMapping.objects.create(organisation=other, provider="council", group="other-admins", role=Role.ADMIN)
    configured.set_user("subject-1", email="finance.officer@example.org", given_name="Finance",
                        family_name="Officer", groups=["beacon-viewers", "beacon-finance", "unrelated"])

    response = sign_in(client, configured, "subject-1", next_url="/org/home/")

    assert response.status_code == 302 and response["Location"] == "/org/home/"
    user = get_user_model().objects.get(email="finance.officer@example.org")
    assert user.username == "finance.officer@example.org"
    assert (user.first_name, user.last_name) == ("Finance", "Officer")
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.provider, identity.subject) == ("council", "subject-1")
    assert identity.groups == ["beacon-finance", "beacon-viewers", "unrelated"]
    assert identity.last_signed_in_at is not None
    memberships = {m.organisation.slug: (m.role, m.source) for m in Membership.objects.filter(user=user)}
    assert memberships == {"home": (Role.FINANCE, "council")}  # the highest of the two; none at Other Council
    assert signed_in_user(client).pk == user.pk
    assert client.session[oidc.SIGNED_IN_WITH] == "council"
    kinds = list(AccountEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert {EventKind.SSO_ACCOUNT_CREATED, EventKind.ROLE_GIVEN, EventKind.SSO_SIGNED_IN,
            EventKind.SIGNED_IN} <= set(kinds)
    given = AccountEvent.objects.get(user=user, kind=EventKind.ROLE_GIVEN)
    assert given.detail == "Finance officer, from single sign-on groups" and given.organisation == home
    # The dashboard of the organisation now opens.
    assert client.get("/org/home/").status_code == 200


def test_a_second_sign_in_finds_the_same_account(client: Client, configured: ProviderProcess, home) -> None:
    configured.set_user("subject-2", email="repeat@example.org", groups=[])
    sign_in(client, configured, "subject-2")
    client.logout()
    assert sign_in(client, configured, "subject-2").status_code == 302
    assert get_user_model().objects.filter(email="repeat@example.org").count() == 1
    assert ExternalIdentity.objects.filter(subject="subject-2").count() == 1


def test_never_linked_to_a_local_account_with_the_same_email(client: Client, configured: ProviderProcess) -> None:
    local = f.UserFactory(username="shared@example.org", email="shared@example.org")
    configured.set_user("subject-3", email="shared@example.org", groups=[])
    sign_in(client, configured, "subject-3")
    identity = ExternalIdentity.objects.get(subject="subject-3")
    assert identity.user_id != local.pk
    assert identity.user.username == "shared@example.org-2"
    assert not local.external_identities.exists()


def test_removed_from_the_group_loses_the_role_at_next_sign_in(client: Client, configured: ProviderProcess,
                                                               home) -> None:
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-admins", role=Role.ADMIN)
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-viewers", role=Role.VIEWER)
    configured.set_user("subject-4", email="mover@example.org", groups=["beacon-admins"])
    sign_in(client, configured, "subject-4")
    user = get_user_model().objects.get(email="mover@example.org")
    assert Membership.objects.get(user=user, organisation=home).role == Role.ADMIN

    client.logout()
    configured.set_user("subject-4", email="mover@example.org", groups=["beacon-viewers"])
    sign_in(client, configured, "subject-4")
    assert Membership.objects.get(user=user, organisation=home).role == Role.VIEWER
    changed = AccountEvent.objects.get(user=user, kind=EventKind.ROLE_CHANGED)
    assert changed.detail == "Administrator → Viewer, from single sign-on groups"

    client.logout()
    configured.set_user("subject-4", email="mover@example.org", groups=[])
    sign_in(client, configured, "subject-4")
    assert not Membership.objects.filter(user=user, organisation=home).exists()
    removed = AccountEvent.objects.get(user=user, kind=EventKind.ROLE_REMOVED)
    assert removed.detail == "Viewer, from single sign-on groups"
    assert client.get("/org/home/").status_code == 404


def test_a_role_given_in_beacon_is_kept(client: Client, configured: ProviderProcess, home, other) -> None:
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-viewers", role=Role.VIEWER)
    configured.set_user("subject-5", email="local.role@example.org", groups=["beacon-viewers"])
    sign_in(client, configured, "subject-5")
    user = get_user_model().objects.get(email="local.role@example.org")
    # An administrator gives them a role in Beacon (blank source), and another provider gave one elsewhere.
    Membership.objects.filter(user=user, organisation=home).update(role=Role.PROGRAMME, source="")
    Membership.objects.create(user=user, organisation=other, role=Role.LEAD, source="elsewhere")
    SsoRoleMapping.objects.create(organisation=other, provider="council", group="other-admins", role=Role.ADMIN)

    client.logout()
    configured.set_user("subject-5", email="local.role@example.org", groups=["other-admins"])
    sign_in(client, configured, "subject-5")
    roles = {m.organisation.slug: (m.role, m.source) for m in Membership.objects.filter(user=user)}
    assert roles == {"home": (Role.PROGRAMME, ""), "other": (Role.LEAD, "elsewhere")}


def test_a_disabled_account_is_refused(client: Client, configured: ProviderProcess, home) -> None:
    configured.set_user("subject-6", email="leaver@example.org", groups=[])
    sign_in(client, configured, "subject-6")
    client.logout()
    user = get_user_model().objects.get(email="leaver@example.org")
    user.is_active = False
    user.save()
    before = counts()
    message = refusal_text(sign_in(client, configured, "subject-6"))
    assert "Your Beacon account is disabled" in message
    assert counts() == before
    assert "_auth_user_id" not in client.session


def test_two_providers_at_once(client: Client, provider: ProviderProcess, second_provider: ProviderProcess,
                               home) -> None:
    cache.clear()
    SsoRoleMapping.objects.create(organisation=home, provider="entra", group="g-one", role=Role.VIEWER)
    SsoRoleMapping.objects.create(organisation=home, provider="google", group="g-two", role=Role.LEAD)
    provider.set_user("same-sub", email="one@example.org", groups=["g-one"])
    second_provider.set_user("same-sub", email="two@example.org", groups=["g-two"])
    providers = {"entra": config(provider.url, label="Entra"), "google": config(second_provider.url, label="Google")}
    with override_settings(OIDC_PROVIDERS=providers):
        assert sign_in(client, provider, "same-sub", name="entra").status_code == 302
        assert client.session[oidc.SIGNED_IN_WITH] == "entra"
        client.logout()
        other_client = Client()
        assert sign_in(other_client, second_provider, "same-sub", name="google").status_code == 302
        assert other_client.session[oidc.SIGNED_IN_WITH] == "google"
    one = ExternalIdentity.objects.get(provider="entra", subject="same-sub").user
    two = ExternalIdentity.objects.get(provider="google", subject="same-sub").user
    assert one.pk != two.pk
    assert Membership.objects.get(user=one, organisation=home).role == Role.VIEWER
    assert Membership.objects.get(user=two, organisation=home).role == Role.LEAD


def test_an_unsafe_next_is_ignored(client: Client, configured: ProviderProcess) -> None:
    configured.set_user("subject-7", email="next@example.org", groups=[])
    response = sign_in(client, configured, "subject-7", next_url="https://elsewhere.example.invalid/")
    assert response.status_code == 302 and response["Location"] == "/"


# Refusals: each creates nothing and says why in plain words


def test_wrong_issuer_is_refused(client: Client, provider: ProviderProcess) -> None:
    # The alias is the same provider, reached at another address, whose discovery names its real address: a
    # provider that says it is someone other than Beacon was told to expect.
    cache.clear()
    before = counts()
    with override_settings(OIDC_PROVIDERS={"council": config(provider.alias)}):
        response = client.post("/accounts/sso/council/")
    message = refusal_text(response)
    assert "not set up the way Beacon expects" in message and "IT service desk" in message
    assert counts() == before
    event = AccountEvent.objects.get(kind=EventKind.SSO_REFUSED)
    assert event.detail == (f"council: the provider says it is {provider.url}, Beacon expects {provider.alias}")


def test_wrong_audience_is_refused(client: Client, configured: ProviderProcess, home) -> None:
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-viewers", role=Role.VIEWER)
    configured.set_user("subject-8", email="audience@example.org", groups=["beacon-viewers"])
    location = begin(client)
    query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    # A real sign-in of the same person to another service, with the nonce Beacon sent (so that only the
    # audience is wrong); its ID token is handed to Beacon in place of Beacon's own.
    foreign = configured.token_for("someone-else", "subject-8", nonce=query["nonce"],
                                   redirect_uri="http://someone-else.example.invalid/callback")
    configured.swap_next_id_token(foreign)
    back = configured.authorize(location, "subject-8")
    before = counts()
    message = refusal_text(client.get(callback_path(back)))
    assert "meant for another service, not Beacon" in message
    assert counts() == before
    assert "someone-else" in AccountEvent.objects.get(kind=EventKind.SSO_REFUSED).detail
    assert "_auth_user_id" not in client.session


def test_expired_token_is_refused(client: Client, configured: ProviderProcess) -> None:
    configured.set_user("subject-9", email="slow@example.org", groups=[])
    back = configured.authorize(begin(client), "subject-9")
    before = counts()
    # Beacon's clock moves past the token's expiry (one hour) and the leeway; the provider's does not.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3600 + oidc.LEEWAY + 120)
    with time_machine.travel(later, tick=True):
        message = refusal_text(client.get(callback_path(back)))
    assert "took too long and has expired" in message
    assert counts() == before
    assert "expired" in AccountEvent.objects.get(kind=EventKind.SSO_REFUSED).detail


def test_a_replayed_callback_is_refused(client: Client, configured: ProviderProcess) -> None:
    configured.set_user("subject-10", email="replay@example.org", groups=[])
    back = configured.authorize(begin(client), "subject-10")
    assert client.get(callback_path(back)).status_code == 302
    client.logout()
    before = counts()
    message = refusal_text(client.get(callback_path(back)))
    assert "already been used" in message
    assert counts() == before
    assert "_auth_user_id" not in client.session


def test_an_id_token_from_an_earlier_sign_in_is_refused(client: Client, configured: ProviderProcess, home) -> None:
    SsoRoleMapping.objects.create(organisation=home, provider="council", group="beacon-viewers", role=Role.VIEWER)
    configured.set_user("subject-11", email="earlier@example.org", groups=["beacon-viewers"])
    # An earlier, complete sign-in to Beacon by the same person through another browser: its ID token (for
    # Beacon, with that sign-in's nonce) is kept by the attacker...
    earlier = Client()
    location = begin(earlier)
    query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    old_token = configured.token_for(CLIENT_ID, "subject-11", nonce=query["nonce"],
                                     redirect_uri="http://testserver/accounts/sso/council/callback/")
    # ... and substituted into a new sign-in.
    configured.swap_next_id_token(old_token)
    back = configured.authorize(begin(client), "subject-11")
    before = counts()
    message = refusal_text(client.get(callback_path(back)))
    assert "already been used or does not belong to you" in message
    assert counts() == before
    assert "nonce" in AccountEvent.objects.get(kind=EventKind.SSO_REFUSED).detail


def test_the_provider_reporting_a_cancelled_sign_in(client: Client, configured: ProviderProcess) -> None:
    location = begin(client)
    import httpx

    denied = httpx.post(location, data={"action": "deny"}, timeout=10, follow_redirects=False)
    assert denied.status_code == 302
    before = counts()
    message = refusal_text(client.get(callback_path(denied.headers["location"])))
    assert message == "You did not finish signing in with Council account."
    assert counts() == before


def test_a_forged_callback_is_refused(client: Client, configured: ProviderProcess) -> None:
    message = refusal_text(client.get("/accounts/sso/council/callback/?code=made-up&state=made-up"))
    assert "already been used or has expired" in message


def test_an_unreachable_provider_is_a_page_not_an_error(client: Client) -> None:
    cache.clear()
    with override_settings(OIDC_PROVIDERS={"council": config("http://127.0.0.1:9")}):
        message = refusal_text(client.post("/accounts/sso/council/"))
    assert "could not reach Council account" in message



# The content security policy: a sign-in button's form is redirected to the provider, and browsers check
# form-action at each step of that, so the pages with a button must allow the provider's origin.


def form_action(response: Any) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(part.strip() for part in policy.split(";") if part.strip().startswith("form-action"))
    return directive.split()[1:]


def test_the_pages_with_a_button_let_its_form_reach_the_provider(client: Client,
                                                                 configured: ProviderProcess) -> None:
    assert form_action(client.get("/accounts/sso/council/")) == ["'self'", configured.url]
    assert form_action(client.get("/accounts/login/")) == ["'self'", configured.url]


def test_without_providers_form_action_is_self_only(client: Client) -> None:
    with override_settings(OIDC_PROVIDERS={}):
        assert form_action(client.get("/accounts/login/")) == ["'self'"]
