"""Rows of the URL × role table (beacon/core/tests/test_url_roles.py) for the savings ledger: the tracker, a
project's ledger, savings lines and their actions, budget lines, and their API.

Who may do what (PRODUCT section 1): every role reads the tracker (a confidential project's lines only for
those who may read it); the money writers (administrator, programme manager, finance officer) add and change
lines and budget lines; a project lead adds and forecasts savings of the projects they lead; only the
finance officer confirms a saving as delivered, writes one off or converts one to cashable."""

from __future__ import annotations

from typing import Any

from beacon.finance.models import LineState
from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

MONEY = {"admin", "programme", "finance"}
FINANCE = {"finance"}


def line(project: Any, state: str, **extra: Any) -> Any:
    return f.SavingsLineFactory(project=project, state=state, **extra)


def extend_world(world: World) -> None:
    """A line in each state that the rows need, on the world's projects, and a budget line of each council."""
    records = world.records
    budget = f.BudgetLineFactory(organisation=world.home, code="ADULTS-1", title="Adult social care")
    records.update(
        budget_line=budget,
        other_budget_line=f.BudgetLineFactory(organisation=world.other),
        plain_line=line(records["plain"], LineState.APPROVED, cashable=False, budget_line=budget),
        plain_proposed_line=line(records["plain"], LineState.PROPOSED),
        secret_line=line(records["secret"], LineState.PROPOSED, title="Secret depot sale"),
        led_line=line(records["led"], LineState.APPROVED, cashable=False),
        other_line=line(records["other_project"], LineState.APPROVED),
    )


def action_url(key: str, action: str) -> Any:
    return lambda w: f"/org/home/money/lines/{w.records[key].pk}/{action}/"


def api_action(key: str, action: str) -> Any:
    return lambda w: f"/api/v1/savings-lines/{w.records[key].pk}/{action}/"


NOT_MONEY = {role: 403 for role in ROLES if role not in MONEY}

ROWS = [
    # The tracker: every role reads it (narrowed to what each may read); one page of projects on request.
    Row("finance:tracker", url("/org/home/money/"), org_page()),
    Row("finance:tracker", url("/org/home/money/?group=project&view=cumulative&state=approved"), org_page()),
    # A project's ledger: a confidential project's is hidden from the viewer; another council's from everyone.
    Row("finance:project-ledger", url("/org/home/money/projects/{pk}/", pk="plain"), org_page()),
    Row("finance:project-ledger", url("/org/home/money/projects/{pk}/", pk="secret"), org_page(viewer=404)),
    Row("finance:project-ledger", url("/org/home/money/projects/{pk}/", pk="other_project"),
        org_page(refused=404, allowed=set())),
    # Adding a line: the money writers, and a project lead (for the projects they lead).
    Row("finance:savings-line-create", url("/org/home/money/lines/add/"), org_page(allowed=MONEY | {"lead"})),
    Row("finance:savings-line-create", url("/org/home/money/lines/add/"), org_page(allowed=MONEY | {"lead"}),
        method="post"),
    # A line: read by whoever reads its project.
    Row("finance:savings-line-detail", url("/org/home/money/lines/{pk}/", pk="plain_line"), org_page()),
    Row("finance:savings-line-detail", url("/org/home/money/lines/{pk}/", pk="secret_line"), org_page(viewer=404)),
    Row("finance:savings-line-detail", url("/org/home/money/lines/{pk}/", pk="other_line"),
        org_page(refused=404, allowed=set())),
    # Editing what is not state: the money writers, and the lead of the line's project.
    Row("finance:savings-line-edit", url("/org/home/money/lines/{pk}/edit/", pk="plain_line"),
        org_page(allowed=MONEY)),
    Row("finance:savings-line-edit", url("/org/home/money/lines/{pk}/edit/", pk="led_line"),
        org_page(allowed=MONEY | {"lead"})),
    Row("finance:savings-line-edit", url("/org/home/money/lines/{pk}/edit/", pk="secret_line"),
        org_page(allowed=MONEY | {"lead"}, viewer=404)),
    # Every field of an approved line's edit form is optional or fixed: an empty post saves and goes back.
    Row("finance:savings-line-edit", url("/org/home/money/lines/{pk}/edit/", pk="plain_line"),
        org_page(allowed=set(), **{role: 302 for role in MONEY}), method="post"),
    Row("finance:savings-line-edit", url("/org/home/money/lines/{pk}/edit/", pk="other_line"),
        org_page(refused=404, allowed=set())),
    # The actions. Approve: the programme office and finance; the lead may not, even on their own project.
    Row("finance:savings-line-action", action_url("secret_line", "approve"), org_page(allowed=MONEY, viewer=404)),
    # Only the finance officer confirms delivery, writes off or converts, whoever leads the project.
    Row("finance:savings-line-action", action_url("led_line", "deliver"), org_page(allowed=FINANCE)),
    # An empty post: finance gets the form back with its errors (200); every other role 403, nothing changed.
    Row("finance:savings-line-action", action_url("led_line", "deliver"), org_page(allowed=FINANCE), method="post"),
    Row("finance:savings-line-action", action_url("plain_line", "write-off"), org_page(allowed=FINANCE)),
    Row("finance:savings-line-action", action_url("plain_line", "convert"), org_page(allowed=FINANCE)),
    Row("finance:savings-line-action", action_url("plain_line", "carry-forward"), org_page(allowed=MONEY)),
    Row("finance:savings-line-action", action_url("plain_line", "replace"), org_page(allowed=MONEY)),
    # Forecast: the money writers, and the lead of the line's project.
    Row("finance:savings-line-action", action_url("led_line", "forecast"), org_page(allowed=MONEY | {"lead"})),
    Row("finance:savings-line-action", action_url("plain_line", "forecast"), org_page(allowed=MONEY)),
    Row("finance:savings-line-action", action_url("led_line", "forecast"), org_page(allowed=MONEY | {"lead"}),
        method="post"),
    # A proposed line cannot be delivered: finance is sent back to the line with the reason.
    Row("finance:savings-line-action", action_url("plain_proposed_line", "deliver"),
        org_page(allowed=set(), finance=302)),
    # No such action; another council's line.
    Row("finance:savings-line-action", action_url("plain_line", "delete"), org_page(allowed=set(), refused=404)),
    Row("finance:savings-line-action", action_url("other_line", "approve"), org_page(allowed=set(), refused=404)),
    # Budget lines: everyone reads; the money writers add and change.
    Row("finance:budget-line-list", url("/org/home/money/budget-lines/"), org_page()),
    Row("finance:budget-line-create", url("/org/home/money/budget-lines/add/"), org_page(allowed=MONEY)),
    Row("finance:budget-line-create", url("/org/home/money/budget-lines/add/"), org_page(allowed=MONEY),
        method="post"),
    Row("finance:budget-line-edit", url("/org/home/money/budget-lines/{pk}/edit/", pk="budget_line"),
        org_page(allowed=MONEY)),
    Row("finance:budget-line-edit", url("/org/home/money/budget-lines/{pk}/edit/", pk="other_budget_line"),
        org_page(allowed=set(), refused=404)),
    # The API.
    Row("savings-line-list", url("/api/v1/savings-lines/"), api_list()),
    # An empty body: past the permission check, the roles that may add lines get 400 (the fields are missing).
    # An empty body is refused with its reasons (400) before anything else is asked, as for projects.
    Row("savings-line-list", url("/api/v1/savings-lines/"), statuses(400, anonymous=403), method="post"),
    Row("savings-line-detail", url("/api/v1/savings-lines/{pk}/", pk="plain_line"), api_detail()),
    Row("savings-line-detail", url("/api/v1/savings-lines/{pk}/", pk="secret_line"), api_detail(viewer=404)),
    Row("savings-line-detail", url("/api/v1/savings-lines/{pk}/", pk="other_line"),
        api_detail(**{role: 404 for role in ROLES}, outsider=200)),
    Row("savings-line-detail", url("/api/v1/savings-lines/{pk}/", pk="plain_line"), api_detail(**NOT_MONEY),
        method="patch"),
    Row("savings-line-detail", url("/api/v1/savings-lines/{pk}/", pk="led_line"),
        api_detail(**{role: code for role, code in NOT_MONEY.items() if role != "lead"}), method="patch"),
    # Nothing is deleted: there is no DELETE, for anyone.
    Row("savings-line-detail", url("/api/v1/savings-lines/{pk}/", pk="plain_line"),
        api_detail(**{role: 405 for role in [*ROLES, "outsider"]}), method="delete"),
    # Actions with an empty body: a role that may act gets 400 (the reason is missing), the others 403.
    Row("savings-line-approve", api_action("plain_proposed_line", "approve"),
        api_detail(**{role: 400 if role in MONEY else 403 for role in ROLES}), method="post"),
    Row("savings-line-deliver", api_action("led_line", "deliver"),
        api_detail(**{role: 400 if role in FINANCE else 403 for role in ROLES}), method="post"),
    Row("savings-line-carry-forward", api_action("plain_line", "carry-forward"),
        api_detail(**{role: 400 if role in MONEY else 403 for role in ROLES}), method="post"),
    Row("savings-line-write-off", api_action("plain_line", "write-off"),
        api_detail(**{role: 400 if role in FINANCE else 403 for role in ROLES}), method="post"),
    Row("savings-line-replace", api_action("plain_line", "replace"),
        api_detail(**{role: 400 if role in MONEY else 403 for role in ROLES}), method="post"),
    Row("savings-line-convert", api_action("plain_line", "convert"),
        api_detail(**{role: 400 if role in FINANCE else 403 for role in ROLES}), method="post"),
    Row("savings-line-forecast", api_action("led_line", "forecast"),
        api_detail(**{role: 400 if role in MONEY | {"lead"} else 403 for role in ROLES}), method="post"),
    Row("savings-line-forecast", api_action("secret_line", "forecast"),
        api_detail(**{role: 400 if role in MONEY | {"lead"} else 403 for role in ROLES} | {"viewer": 404}),
        method="post"),
    Row("budget-line-list", url("/api/v1/budget-lines/"), api_list()),
    Row("budget-line-detail", url("/api/v1/budget-lines/{pk}/", pk="budget_line"), api_detail()),
    Row("budget-line-detail", url("/api/v1/budget-lines/{pk}/", pk="budget_line"), api_detail(**NOT_MONEY),
        method="patch"),
]
