"""The demo users: one per role, each holding that role in all four demo councils, and ``chorley-only``.

No real person's name or e-mail address: the names are role titles and the addresses end in
``.invalid`` (RFC 2606), so no message can ever reach anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password

from beacon.accounts.models import Account
from beacon.core.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from beacon.demo.loader import DemoContext

DEMO_PASSWORD = "beacon-demo-password"
EMAIL_DOMAIN = "demo.beacon.invalid"
CHORLEY_ONLY = "chorley-only"
CHORLEY = "chorley"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    display_name: str
    job_title: str


ROLE_USERS = [
    DemoUser("admin", Role.ADMIN, "Administrator (demo)", "Beacon administrator (demo)"),
    DemoUser("programme", Role.PROGRAMME, "Programme manager (demo)", "Head of Transformation (demo)"),
    DemoUser("finance", Role.FINANCE, "Finance officer (demo)", "Section 151 officer (demo)"),
    DemoUser("monitoring", Role.MONITORING, "Monitoring officer (demo)", "Monitoring officer (demo)"),
    DemoUser("lead", Role.LEAD, "Project lead (demo)", "Project lead (demo)"),
    DemoUser("member", Role.MEMBER, "Board member (demo)", "Cabinet member, Transformation Board (demo)"),
    DemoUser("viewer", Role.VIEWER, "Viewer (demo)", "Council officer (demo)"),
]
CHORLEY_ONLY_USER = DemoUser(
    CHORLEY_ONLY, Role.PROGRAMME, "Programme manager, Chorley only (demo)", "Transformation programme manager (demo)"
)
ALL_USERS = [*ROLE_USERS, CHORLEY_ONLY_USER]


class _DemoPassword:
    """Hashes the demo password once per load and checks each stored hash once (hashing is slow on purpose)."""

    def __init__(self) -> None:
        self._hash: str | None = None
        self._checked: dict[str, bool] = {}

    def hash(self) -> str:
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash

    def matches(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = bool(encoded) and check_password(DEMO_PASSWORD, encoded)
        return self._checked[encoded]


def ensure_users(context: DemoContext) -> dict[str, Any]:
    """Create or refresh the eight demo users; a changed password is set back to the demo password. Each is exempt
    from two-factor sign-in."""
    user_model = get_user_model()
    password = _DemoPassword()
    users: dict[str, Any] = {}
    for spec in ALL_USERS:
        existing = user_model._default_manager.filter(username=spec.username).first()
        values: dict[str, Any] = {
            "first_name": spec.display_name,
            "last_name": "",
            "email": f"{spec.username}@{EMAIL_DOMAIN}",
            "is_active": True,
            "is_staff": spec.role == Role.ADMIN,
            "is_superuser": spec.role == Role.ADMIN,
        }
        if existing is None or not password.matches(existing.password):
            values["password"] = password.hash()
        users[spec.username] = context.upsert(user_model, {"username": spec.username}, values)
        # The demo users are exempt from TWO_FACTOR_REQUIRED_FOR_ADMINS, so that anyone can try Beacon with the
        # published demo password (the README says so).
        context.upsert(Account, {"user": users[spec.username]}, {"two_factor_exempt": True})
    context.say(f"  Demo users: {', '.join(users)} (password: {DEMO_PASSWORD})")
    return users


def ensure_memberships(context: DemoContext, organisation: Organisation) -> None:
    """Every role user holds its role in ``organisation``; ``chorley-only`` only in Chorley."""
    for spec in ROLE_USERS:
        _membership(context, spec, organisation)
    if organisation.slug == CHORLEY:
        _membership(context, CHORLEY_ONLY_USER, organisation)


def _membership(context: DemoContext, spec: DemoUser, organisation: Organisation) -> Membership:
    return context.upsert(
        Membership,
        {"user": context.users[spec.username], "organisation": organisation},
        {"role": spec.role, "job_title": spec.job_title},
    )
