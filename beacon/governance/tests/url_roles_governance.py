"""URL × role rows (beacon/core/tests/test_url_roles.py) for boards, meetings, agenda items and the route,
decisions with their options and implications, the forward plan, the key-decision thresholds and the
iCalendar feeds: pages and API.

Everyone in the organisation reads; the administrator, programme manager and monitoring officer write
(``GOVERNANCE_WRITERS``); the thresholds are written by the administrator and monitoring officer only. A
confidential decision (and what hangs on it) or agenda item is hidden from the viewer and the project lead
(neither has a lead of its own); another council's user gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from beacon.governance.models import AgendaItem, BoardMember, DecisionOption, Implication, ImplicationKind
from beacon.testing import factories as f
from beacon.testing.url_table import ROLES, Row, api_detail, api_list, org_page, statuses, url
from beacon.testing.world import World

GOV = {"admin", "programme", "monitoring"}
THRESHOLD_WRITERS = {"admin", "monitoring"}
NOT_GOV = {role: 403 for role in ROLES if role not in GOV}
HIDDEN = {"viewer": 404, "lead": 404}
NOBODY = {role: 404 for role in ROLES}
OTHERS_OWN = {**NOBODY, "outsider": 200}
BASE = "/org/home/governance"


def extend_world(world: World) -> None:
    r = world.records
    home = world.home
    r["member"] = BoardMember.objects.create(organisation=home, board=r["board"], role_title="Leader of the Council",
                                             kind=BoardMember.Kind.CHAIR)
    r["other_board"] = f.BoardFactory(organisation=world.other, title="Other Cabinet")
    r["other_meeting"] = f.MeetingFactory(board=r["other_board"])
    r["other_decision"] = f.DecisionFactory(organisation=world.other, title="Other council's decision")
    scrutiny = f.BoardFactory(organisation=home, title="Home Scrutiny Commission", kind="scrutiny")
    earlier = f.MeetingFactory(board=scrutiny, date=dt.date(2024, 3, 1))
    r["item_earlier"] = AgendaItem.objects.create(
        organisation=home, meeting=earlier, title="Transformation strategy", decision=r["public_decision"],
        comments_to_next="Subject to consideration of the issues highlighted above",
    )
    r["item"] = AgendaItem.objects.create(organisation=home, meeting=r["meeting"], title="Transformation strategy",
                                          decision=r["public_decision"], previous=r["item_earlier"])
    r["secret_item"] = AgendaItem.objects.create(organisation=home, meeting=r["meeting"], title="Secret depot sale",
                                                 decision=r["secret_decision"], confidential=True)
    r["other_item"] = AgendaItem.objects.create(organisation=world.other, meeting=r["other_meeting"],
                                                title="Other council's item")
    r["key_decision"] = f.DecisionFactory(organisation=home, title="Procure a delivery partner",
                                          contract_value_pence=450_000_00, decision_date=dt.date(2024, 3, 21),
                                          forward_plan_published=dt.date(2024, 2, 1))
    r["secret_decision"].capital_scheme_pence = 1_000_000_00
    r["secret_decision"].save()
    r["option"] = DecisionOption.objects.create(organisation=home, decision=r["public_decision"], option="Do nothing")
    r["secret_option"] = DecisionOption.objects.create(organisation=home, decision=r["secret_decision"],
                                                       option="Sell the depot to the secret bidder")
    r["implication"] = Implication.objects.create(organisation=home, decision=r["public_decision"],
                                                  kind=ImplicationKind.FINANCE, text="Within budget")
    r["secret_implication"] = Implication.objects.create(organisation=home, decision=r["secret_decision"],
                                                         kind=ImplicationKind.LEGAL, text="Secret legal advice")


def page(path: str, **keys: str) -> Callable[[World], str]:
    return url(BASE + path, **keys)


ROWS = [
    # Boards
    Row("governance:board-list", page("/boards/"), org_page()),
    Row("governance:board-list", page("/boards/?kind=cabinet&archived=false"), org_page()),
    Row("governance:board-create", page("/boards/add/"), org_page(allowed=GOV)),
    Row("governance:board-create", page("/boards/add/"), org_page(allowed=GOV), method="post"),
    Row("governance:board-detail", page("/boards/{pk}/", pk="board"), org_page()),
    Row("governance:board-detail", page("/boards/{pk}/", pk="other_board"), org_page(refused=404, allowed=set())),
    Row("governance:board-edit", page("/boards/{pk}/edit/", pk="board"), org_page(allowed=GOV)),
    Row("governance:board-edit", page("/boards/{pk}/edit/", pk="board"), org_page(allowed=GOV), method="post"),
    Row("governance:board-edit", page("/boards/{pk}/edit/", pk="other_board"), org_page(refused=404, allowed=set()),
        method="post"),
    Row("governance:board-member-create", page("/boards/{pk}/members/add/", pk="board"), org_page(allowed=GOV)),
    Row("governance:board-member-create", page("/boards/{pk}/members/add/", pk="board"), org_page(allowed=GOV),
        method="post"),
    Row("governance:board-member-create", page("/boards/{pk}/members/add/", pk="other_board"),
        org_page(refused=404, allowed=set())),
    Row("governance:board-member-edit", page("/board-members/{pk}/edit/", pk="member"), org_page(allowed=GOV)),
    Row("governance:board-member-edit", page("/board-members/{pk}/edit/", pk="member"), org_page(allowed=GOV),
        method="post"),
    # Meetings, agenda items and the route
    Row("governance:meeting-list", page("/meetings/"), org_page()),
    Row("governance:meeting-list", page("/meetings/?status=scheduled&date_from=2024-01-01"), org_page()),
    Row("governance:meeting-create", page("/meetings/add/"), org_page(allowed=GOV)),
    Row("governance:meeting-create", page("/meetings/add/"), org_page(allowed=GOV), method="post"),
    Row("governance:meeting-detail", page("/meetings/{pk}/", pk="meeting"), org_page()),
    Row("governance:meeting-detail", page("/meetings/{pk}/", pk="other_meeting"),
        org_page(refused=404, allowed=set())),
    Row("governance:meeting-edit", page("/meetings/{pk}/edit/", pk="meeting"), org_page(allowed=GOV)),
    Row("governance:meeting-edit", page("/meetings/{pk}/edit/", pk="meeting"), org_page(allowed=GOV), method="post"),
    Row("governance:agenda-item-create", page("/meetings/{pk}/items/add/", pk="meeting"), org_page(allowed=GOV)),
    Row("governance:agenda-item-create", page("/meetings/{pk}/items/add/", pk="meeting"), org_page(allowed=GOV),
        method="post"),
    Row("governance:agenda-item-create", page("/meetings/{pk}/items/add/", pk="other_meeting"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("governance:agenda-item-detail", page("/agenda-items/{pk}/", pk="item"), org_page()),
    Row("governance:agenda-item-detail", page("/agenda-items/{pk}/", pk="secret_item"), org_page(**HIDDEN)),
    Row("governance:agenda-item-detail", page("/agenda-items/{pk}/", pk="other_item"),
        org_page(refused=404, allowed=set())),
    Row("governance:agenda-item-edit", page("/agenda-items/{pk}/edit/", pk="item"), org_page(allowed=GOV)),
    Row("governance:agenda-item-edit", page("/agenda-items/{pk}/edit/", pk="secret_item"),
        org_page(allowed=GOV, **HIDDEN)),
    Row("governance:agenda-item-edit", page("/agenda-items/{pk}/edit/", pk="item"), org_page(allowed=GOV),
        method="post"),
    # Decisions, their options and implications
    Row("governance:decision-list", page("/decisions/"), org_page()),
    Row("governance:decision-list", page("/decisions/?key_decision=true&flagged=false&status=proposed"), org_page()),
    Row("governance:decision-create", page("/decisions/add/"), org_page(allowed=GOV)),
    Row("governance:decision-create", page("/decisions/add/"), org_page(allowed=GOV), method="post"),
    Row("governance:decision-detail", page("/decisions/{pk}/", pk="public_decision"), org_page()),
    Row("governance:decision-detail", page("/decisions/{pk}/", pk="secret_decision"), org_page(**HIDDEN)),
    Row("governance:decision-detail", page("/decisions/{pk}/", pk="other_decision"),
        org_page(refused=404, allowed=set())),
    Row("governance:decision-edit", page("/decisions/{pk}/edit/", pk="public_decision"), org_page(allowed=GOV)),
    Row("governance:decision-edit", page("/decisions/{pk}/edit/", pk="secret_decision"),
        org_page(allowed=GOV, **HIDDEN)),
    Row("governance:decision-edit", page("/decisions/{pk}/edit/", pk="public_decision"), org_page(allowed=GOV),
        method="post"),
    Row("governance:decision-option-create", page("/decisions/{pk}/options/add/", pk="public_decision"),
        org_page(allowed=GOV)),
    Row("governance:decision-option-create", page("/decisions/{pk}/options/add/", pk="secret_decision"),
        org_page(allowed=GOV, **HIDDEN), method="post"),
    Row("governance:decision-option-edit", page("/decision-options/{pk}/edit/", pk="option"), org_page(allowed=GOV)),
    Row("governance:decision-option-edit", page("/decision-options/{pk}/edit/", pk="secret_option"),
        org_page(allowed=GOV, **HIDDEN), method="post"),
    Row("governance:implication-create", page("/decisions/{pk}/implications/add/", pk="public_decision"),
        org_page(allowed=GOV)),
    Row("governance:implication-create", page("/decisions/{pk}/implications/add/", pk="other_decision"),
        org_page(refused=404, allowed=set()), method="post"),
    Row("governance:implication-edit", page("/implications/{pk}/edit/", pk="implication"), org_page(allowed=GOV)),
    Row("governance:implication-edit", page("/implications/{pk}/edit/", pk="secret_implication"),
        org_page(allowed=GOV, **HIDDEN), method="post"),
    # The forward plan, the thresholds and the calendar feeds
    Row("governance:forward-plan", page("/forward-plan/"), org_page()),
    Row("governance:thresholds", page("/thresholds/"), org_page()),
    Row("governance:thresholds-edit", page("/thresholds/edit/"), org_page(allowed=THRESHOLD_WRITERS)),
    Row("governance:thresholds-edit", page("/thresholds/edit/"), org_page(allowed=THRESHOLD_WRITERS), method="post"),
    Row("governance:calendar", page("/calendar.ics"), org_page()),
    Row("public-calendar", url("/public/home/calendar.ics"), statuses(200)),
    Row("public-calendar", url("/public/nowhere/calendar.ics"), statuses(404)),
    # API
    Row("board-list", url("/api/v1/boards/"), api_list()),
    Row("board-list", url("/api/v1/boards/"), statuses(400, anonymous=403), method="post"),
    Row("board-detail", url("/api/v1/boards/{pk}/", pk="board"), api_detail()),
    Row("board-detail", url("/api/v1/boards/{pk}/", pk="other_board"), api_detail(**OTHERS_OWN)),
    Row("board-detail", url("/api/v1/boards/{pk}/", pk="board"), api_detail(**NOT_GOV), method="patch"),
    Row("meeting-list", url("/api/v1/meetings/"), api_list()),
    Row("meeting-list", url("/api/v1/meetings/"), statuses(400, anonymous=403), method="post"),
    Row("meeting-detail", url("/api/v1/meetings/{pk}/", pk="meeting"), api_detail()),
    Row("meeting-detail", url("/api/v1/meetings/{pk}/", pk="meeting"), api_detail(**NOT_GOV), method="patch"),
    Row("agenda-item-list", url("/api/v1/agenda-items/"), api_list()),
    Row("agenda-item-list", url("/api/v1/agenda-items/"), statuses(400, anonymous=403), method="post"),
    Row("agenda-item-detail", url("/api/v1/agenda-items/{pk}/", pk="item"), api_detail()),
    Row("agenda-item-detail", url("/api/v1/agenda-items/{pk}/", pk="secret_item"), api_detail(**HIDDEN)),
    Row("agenda-item-detail", url("/api/v1/agenda-items/{pk}/", pk="item"), api_detail(**NOT_GOV), method="patch"),
    Row("decision-list", url("/api/v1/decisions/"), api_list()),
    Row("decision-list", url("/api/v1/decisions/?key_decision=true"), api_list()),
    Row("decision-list", url("/api/v1/decisions/"), statuses(400, anonymous=403), method="post"),
    Row("decision-detail", url("/api/v1/decisions/{pk}/", pk="public_decision"), api_detail()),
    Row("decision-detail", url("/api/v1/decisions/{pk}/", pk="secret_decision"), api_detail(**HIDDEN)),
    Row("decision-detail", url("/api/v1/decisions/{pk}/", pk="other_decision"), api_detail(**OTHERS_OWN)),
    Row("decision-detail", url("/api/v1/decisions/{pk}/", pk="public_decision"), api_detail(**NOT_GOV),
        method="patch"),
    Row("decision-detail", url("/api/v1/decisions/{pk}/", pk="secret_decision"),
        api_detail(**{**NOT_GOV, **HIDDEN}), method="patch"),
    Row("forward-plan-list", url("/api/v1/forward-plan/"), api_list()),
    Row("forward-plan-detail", url("/api/v1/forward-plan/{pk}/", pk="key_decision"), api_detail()),
    Row("forward-plan-detail", url("/api/v1/forward-plan/{pk}/", pk="secret_decision"), api_detail(**HIDDEN)),
    Row("forward-plan-detail", url("/api/v1/forward-plan/{pk}/", pk="public_decision"), api_detail(**NOBODY)),
    Row("forward-plan-list", url("/api/v1/forward-plan/"), statuses(405, anonymous=403), method="post"),
    Row("decision-option-list", url("/api/v1/decision-options/"), api_list()),
    Row("decision-option-list", url("/api/v1/decision-options/"), statuses(400, anonymous=403), method="post"),
    Row("decision-option-detail", url("/api/v1/decision-options/{pk}/", pk="secret_option"), api_detail(**HIDDEN)),
    Row("decision-option-detail", url("/api/v1/decision-options/{pk}/", pk="option"), api_detail(**NOT_GOV),
        method="patch"),
    Row("implication-list", url("/api/v1/implications/"), api_list()),
    Row("implication-list", url("/api/v1/implications/"), statuses(400, anonymous=403), method="post"),
    Row("implication-detail", url("/api/v1/implications/{pk}/", pk="secret_implication"), api_detail(**HIDDEN)),
    Row("implication-detail", url("/api/v1/implications/{pk}/", pk="implication"), api_detail(**NOT_GOV),
        method="patch"),
]
