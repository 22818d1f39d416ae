"""The URL × role table's vocabulary, shared by every app's rows (``beacon/<app>/tests/url_roles.py``).

A row says, for one URL and method, the status every persona gets. Personas: anonymous, each role of the
``home`` council of ``beacon.testing.world``, and ``outsider`` (programme manager of another council
only, like the demo's ``chorley-only``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from beacon.testing.world import ROLES, World

PERSONAS = ["anonymous", *ROLES, "outsider"]
WRITERS = {"admin", "programme"}
SIGNED_IN = [*ROLES, "outsider"]
EVERYONE = PERSONAS

@dataclass
class Row:
    name: str
    path: Callable[[World], str]
    expect: dict[str, int]
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)

    def id(self) -> str:
        return f"{self.method.upper()} {self.name}"


def statuses(default: int, **overrides: int) -> dict[str, int]:
    table = {persona: default for persona in PERSONAS}
    table.update(overrides)
    return table


def org_page(*, allowed: set[str] | None = None, refused: int = 403, **overrides: int) -> dict[str, int]:
    """A page under /org/home/: anonymous is sent to sign in, the outsider gets 404, roles in ``allowed``
    get 200 and the other roles ``refused``."""
    allowed = set(ROLES) if allowed is None else allowed
    table = {"anonymous": 302, "outsider": 404}
    table.update({role: 200 if role in allowed else refused for role in ROLES})
    table.update(overrides)
    return table


def api_list() -> dict[str, int]:
    return statuses(200, anonymous=403)


def api_detail(**overrides: int) -> dict[str, int]:
    return statuses(200, **{"anonymous": 403, "outsider": 404, **overrides})


def url(template: str, **keys: str) -> Callable[[World], str]:
    return lambda w: template.format(**{name: w.records[key].pk for name, key in keys.items()})


