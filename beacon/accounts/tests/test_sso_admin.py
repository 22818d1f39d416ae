"""An organisation's mapping from single sign-on groups to roles, as its administrator manages it."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from beacon.accounts.models import SsoRoleMapping
from beacon.core.models import Role
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "entra": {"issuer": "https://login.example.invalid/tenant/v2.0", "client_id": "beacon", "client_secret": "s",
              "label": "Microsoft Entra ID", "groups_claim": "groups", "scope": "openid email profile"},
}
BASE = "/org/home/users/single-sign-on/"


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Home Council", slug="home")


@pytest.fixture
def admin_client(org) -> Client:
    user = f.UserFactory(username="council-admin")
    f.MembershipFactory(user=user, organisation=org, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    return client


@override_settings(OIDC_PROVIDERS=PROVIDERS)
def test_add_list_and_remove_a_mapping(admin_client: Client, org) -> None:
    page = admin_client.get(BASE).content.decode()
    assert "No group gives a role in Home Council yet." in page and "Microsoft Entra ID" in page

    response = admin_client.post(f"{BASE}add/", {"provider": "entra", "group": " finance-team ", "role": "finance"})
    assert response.status_code == 302 and response["Location"] == BASE
    mapping = SsoRoleMapping.objects.get(organisation=org)
    assert (mapping.provider, mapping.group, mapping.role) == ("entra", "finance-team", Role.FINANCE)
    page = admin_client.get(BASE).content.decode()
    assert "Group finance-team now gives the role Finance officer." in page
    assert "<code>finance-team</code>" in page and "Finance officer" in page

    confirm = admin_client.get(f"{BASE}{mapping.pk}/remove/").content.decode()
    assert "Remove the mapping of group finance-team?" in confirm and "Remove mapping" in confirm
    assert SsoRoleMapping.objects.filter(pk=mapping.pk).exists()  # nothing removed by looking
    response = admin_client.post(f"{BASE}{mapping.pk}/remove/")
    assert response.status_code == 302
    assert not SsoRoleMapping.objects.exists()


@override_settings(OIDC_PROVIDERS=PROVIDERS)
def test_a_duplicate_group_is_refused_clearly(admin_client: Client, org) -> None:
    SsoRoleMapping.objects.create(organisation=org, provider="entra", group="finance-team", role=Role.FINANCE)
    response = admin_client.post(f"{BASE}add/", {"provider": "entra", "group": "finance-team", "role": "admin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The group finance-team already gives the role Finance officer in Home Council." in html
    assert SsoRoleMapping.objects.get().role == Role.FINANCE


@override_settings(OIDC_PROVIDERS=PROVIDERS)
def test_bad_input_changes_nothing(admin_client: Client) -> None:
    response = admin_client.post(f"{BASE}add/", {"provider": "google", "group": "", "role": "emperor"})
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Choose one of the providers listed", "Enter the group", "Choose one of the roles listed"):
        assert text in html
    assert not SsoRoleMapping.objects.exists()


@override_settings(OIDC_PROVIDERS={})
def test_without_providers_the_page_says_how_to_set_it_up(admin_client: Client) -> None:
    html = admin_client.get(BASE).content.decode()
    assert "Single sign-on is not set up on this Beacon." in html and "OIDC_PROVIDERS" in html
    assert "Map a group to a role" not in html
    response = admin_client.post(f"{BASE}add/", {"provider": "entra", "group": "g", "role": "admin"})
    assert "Single sign-on is not set up on this Beacon." in response.content.decode()
    assert not SsoRoleMapping.objects.exists()


@override_settings(OIDC_PROVIDERS=PROVIDERS)
def test_only_the_administrator(org) -> None:
    other = f.OrganisationFactory(name="Other Council", slug="other")
    mapping = SsoRoleMapping.objects.create(organisation=other, provider="entra", group="g", role=Role.ADMIN)
    viewer = f.UserFactory(username="council-viewer")
    f.MembershipFactory(user=viewer, organisation=org, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    assert client.get(BASE).status_code == 403
    assert client.post(f"{BASE}add/", {"provider": "entra", "group": "g", "role": "admin"}).status_code == 403
    admin = f.UserFactory(username="home-admin")
    f.MembershipFactory(user=admin, organisation=org, role=Role.ADMIN)
    client.force_login(admin)
    assert client.post(f"{BASE}{mapping.pk}/remove/").status_code == 404
    assert client.get("/org/other/users/single-sign-on/").status_code == 404
    assert SsoRoleMapping.objects.filter(pk=mapping.pk).exists()
    assert not SsoRoleMapping.objects.filter(organisation=org).exists()


def test_the_users_page_links_to_it(admin_client: Client) -> None:
    html = admin_client.get("/org/home/users/").content.decode()
    assert f'href="{BASE}"' in html
