"""The savings ledger's rules (beacon.finance.ledger): only the finance officer confirms delivery; a project lead
forecasts the lines of the projects they lead; every change of state is recorded with who, when and why; nothing
is deleted; carrying forward, writing off, replacing and converting keep the money right."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import ProtectedError, Sum
from django.urls import get_resolver

from beacon.core.models import Role
from beacon.finance import ledger
from beacon.finance.models import CLOSED_STATES, LedgerAction, LineState, SavingsEvent, SavingsLine
from beacon.testing import factories as f
from beacon.testing.factories import financial_year

pytestmark = pytest.mark.django_db

OTHER_ROLES = [role for role in Role.values if role != Role.FINANCE]


def propose(world: Any, project: str = "plain", amount: int = 100_000_00, **fields: Any) -> SavingsLine:
    return ledger.create_line(
        actor=world.users["programme"], reason="In the budget proposals", organisation=world.home,
        project=world.records[project], financial_year=financial_year(fields.pop("year", 2025)),
        amount_pence=amount, **fields,
    )


def approved(world: Any, **fields: Any) -> SavingsLine:
    line = propose(world, **fields)
    ledger.approve_line(line, actor=world.users["finance"], reason="Agreed by council in February")
    return line


def snapshot(line: SavingsLine) -> dict[str, Any]:
    line.refresh_from_db()
    return {
        "state": line.state, "amount": line.amount_pence, "forecast": line.forecast_pence,
        "delivered": line.delivered_pence, "written_off": line.written_off_pence,
        "carried": line.carried_forward_pence, "cashable": line.cashable, "events": line.events.count(),
        "lines": SavingsLine.objects.count(),
    }


def assert_closed_lines_balance() -> None:
    """Every closed line accounts for all its money: delivered + written off + carried forward (to a later year or
    a replacement) = its amount."""
    for line in SavingsLine.objects.filter(state__in=CLOSED_STATES):
        assert line.amount_pence == line.delivered_pence + line.written_off_pence + line.carried_forward_pence, line


def money_in_play() -> int:
    """Money still open, delivered or written off (what every original claim has come to)."""
    open_lines = SavingsLine.objects.filter(state__in=[LineState.PROPOSED, LineState.APPROVED])
    closed = SavingsLine.objects.aggregate(delivered=Sum("delivered_pence"), written_off=Sum("written_off_pence"))
    return (open_lines.aggregate(total=Sum("amount_pence"))["total"] or 0) + (closed["delivered"] or 0) + (
        closed["written_off"] or 0)


# Separation of duties --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_finance_officer_confirms_a_saving_as_delivered(world, role):
    line = approved(world, project="led")
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.confirm_delivery(line, actor=world.users[role], reason="Done", delivered_pence=line.amount_pence)
    assert refusal.value.code == "forbidden"
    assert "Only the finance officer can confirm a saving as delivered" in refusal.value.messages[0]
    assert snapshot(line) == before


def test_the_finance_officer_confirms_delivery_and_it_is_recorded(world):
    line = approved(world)
    ledger.confirm_delivery(line, actor=world.users["finance"], reason="Budget reduced in the ledger",
                            delivered_pence=line.amount_pence)
    assert line.state == LineState.DELIVERED
    assert line.delivered_pence == line.amount_pence
    event = line.events.order_by("pk").last()
    assert (event.action, event.from_state, event.to_state) == (LedgerAction.DELIVERED, "approved", "delivered")
    assert event.actor == world.users["finance"]
    assert event.reason == "Budget reduced in the ledger"
    assert event.amount_pence == line.amount_pence
    assert event.at is not None


@pytest.mark.parametrize("action", ["write_off", "convert_to_cashable"])
@pytest.mark.parametrize("role", ["admin", "programme", "lead"])
def test_only_finance_writes_off_and_converts(world, role, action):
    line = approved(world, project="led", cashable=False)
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        getattr(ledger, action)(line, actor=world.users[role], reason="Because")
    assert refusal.value.code == "forbidden"
    assert snapshot(line) == before


def test_a_project_lead_forecasts_the_lines_of_projects_they_lead_only(world):
    lead = world.users["lead"]
    own = approved(world, project="led")
    ledger.set_forecast(own, actor=lead, reason="Procurement slipped", forecast_pence=80_000_00)
    assert own.forecast_pence == 80_000_00
    assert own.events.filter(action=LedgerAction.FORECAST, actor=lead).count() == 1
    other = approved(world, project="plain")
    before = snapshot(other)
    with pytest.raises(ledger.LedgerError):
        ledger.set_forecast(other, actor=lead, reason="Not mine", forecast_pence=1)
    assert snapshot(other) == before


def test_a_project_lead_may_not_approve_carry_forward_replace_or_write_off(world):
    lead = world.users["lead"]
    line = propose(world, project="led")
    assert ledger.allowed_actions(lead, line) == [LedgerAction.FORECAST]
    with pytest.raises(ledger.LedgerError):
        ledger.approve_line(line, actor=lead, reason="Approving my own saving")
    assert snapshot(line)["state"] == LineState.PROPOSED


@pytest.mark.parametrize("role", ["viewer", "member", "monitoring"])
def test_readers_take_no_action(world, role):
    line = approved(world)
    assert ledger.allowed_actions(world.users[role], line) == []


def test_a_viewer_cannot_act_on_a_confidential_line_they_cannot_read(world):
    line = propose(world, project="secret")
    assert not ledger.may(world.users["viewer"], LedgerAction.FORECAST, line)
    assert ledger.may(world.users["lead"], LedgerAction.FORECAST, line)  # the secret project's own lead


def test_allowed_actions_follow_the_state(world):
    finance = world.users["finance"]
    line = propose(world, cashable=False)
    assert set(ledger.allowed_actions(finance, line)) == {
        LedgerAction.FORECAST, LedgerAction.APPROVED, LedgerAction.CARRIED_FORWARD, LedgerAction.WRITTEN_OFF,
        LedgerAction.REPLACED, LedgerAction.CONVERTED,
    }
    ledger.approve_line(line, actor=finance, reason="In the MTFS")
    assert LedgerAction.DELIVERED in ledger.allowed_actions(finance, line)
    assert LedgerAction.APPROVED not in ledger.allowed_actions(finance, line)
    ledger.confirm_delivery(line, actor=finance, reason="Done", delivered_pence=line.amount_pence)
    assert ledger.allowed_actions(finance, line) == [LedgerAction.CONVERTED]


# Refusals change nothing ------------------------------------------------------------------------------------------


def test_a_change_needs_a_reason(world):
    line = approved(world)
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.confirm_delivery(line, actor=world.users["finance"], reason="  ", delivered_pence=1)
    assert refusal.value.message_dict == {"reason": ["Enter the reason for the change."]}
    assert snapshot(line) == before


def test_a_proposed_saving_cannot_be_confirmed_as_delivered(world):
    line = propose(world)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.confirm_delivery(line, actor=world.users["finance"], reason="Done", delivered_pence=1)
    assert refusal.value.code == "state"
    assert refusal.value.messages == ["A proposed saving cannot be confirmed as delivered. Approve it first."]


def test_an_approved_saving_cannot_be_approved_again(world):
    line = approved(world)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.approve_line(line, actor=world.users["finance"], reason="Again")
    assert refusal.value.messages == ["An approved saving cannot be approved."]


@pytest.mark.parametrize(("delivered", "field"), [(-1, "delivered_pence"), (100_000_01, "delivered_pence")])
def test_delivery_outside_zero_to_the_amount_is_refused(world, delivered, field):
    line = approved(world)
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.confirm_delivery(line, actor=world.users["finance"], reason="Done", delivered_pence=delivered)
    assert field in refusal.value.message_dict
    assert snapshot(line) == before


def test_a_short_delivery_must_say_what_happens_to_the_rest(world):
    line = approved(world)
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.confirm_delivery(line, actor=world.users["finance"], reason="Part", delivered_pence=60_000_00)
    assert "remainder" in refusal.value.message_dict
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.confirm_delivery(line, actor=world.users["finance"], reason="Part", delivered_pence=60_000_00,
                                remainder="carry_forward", carry_to=financial_year(2025))
    assert refusal.value.message_dict == {"carry_to": ["Choose a financial year after 2025/26."]}
    assert snapshot(line) == before


@pytest.mark.parametrize("forecast", [-1, 100_000_01])
def test_a_forecast_below_zero_or_above_the_amount_is_refused(world, forecast):
    line = approved(world)
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.set_forecast(line, actor=world.users["programme"], reason="New forecast", forecast_pence=forecast)
    assert "forecast_pence" in refusal.value.message_dict
    assert snapshot(line) == before


def test_a_year_outside_the_programmes_mtfs_is_refused(world):
    f.MtfsFactory(programme=world.records["programme"], start_year=financial_year(2024),
                  end_year=financial_year(2027))
    count = SavingsLine.objects.count()
    with pytest.raises(ledger.LedgerError) as refusal:
        propose(world, year=2030)
    assert refusal.value.message_dict["financial_year"] == [
        "2030/31 is outside the programme's MTFS (2024/25 to 2027/28)."
    ]
    assert SavingsLine.objects.count() == count
    line = approved(world, year=2027)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.carry_forward(line, actor=world.users["finance"], reason="Slipped", to_year=financial_year(2028))
    assert "outside the programme's MTFS" in refusal.value.message_dict["carry_to"][0]
    assert snapshot(line)["state"] == LineState.APPROVED


# Adding lines ------------------------------------------------------------------------------------------------------


def test_a_new_line_is_proposed_and_its_creation_recorded(world):
    line = propose(world)
    assert line.state == LineState.PROPOSED
    event = line.events.get()
    assert (event.action, event.to_state, event.actor, event.reason) == (
        LedgerAction.CREATED, LineState.PROPOSED, world.users["programme"], "In the budget proposals")


def test_a_project_lead_proposes_savings_only_for_projects_they_lead(world):
    lead = world.users["lead"]
    line = ledger.create_line(actor=lead, organisation=world.home, project=world.records["led"],
                              financial_year=financial_year(2025), amount_pence=10_000_00)
    assert line.created_by == lead
    count = SavingsLine.objects.count()
    for project, user in (("plain", "lead"), ("plain", "viewer"), ("plain", "member")):
        with pytest.raises(ledger.LedgerError) as refusal:
            ledger.create_line(actor=world.users[user], organisation=world.home, project=world.records[project],
                               financial_year=financial_year(2025), amount_pence=10_000_00)
        assert refusal.value.code == "forbidden"
    assert SavingsLine.objects.count() == count


# Nothing is deleted ---------------------------------------------------------------------------------------------


def test_no_line_is_ever_deleted(world):
    line = approved(world)
    with pytest.raises(ProtectedError):
        line.delete()  # its events hold it
    assert not [name for name in dir(ledger) if "delete" in name.lower() or "remove" in name.lower()]
    money_urls = [str(pattern.pattern) for pattern in get_resolver().url_patterns]
    assert not any("delete" in url for url in money_urls)


def test_every_action_keeps_every_line(world):
    finance = world.users["finance"]
    lines = [approved(world) for _ in range(4)]
    count = SavingsLine.objects.count()
    ledger.write_off(lines[0], actor=finance, reason="Undeliverable")
    ledger.carry_forward(lines[1], actor=finance, reason="Slipped", to_year=financial_year(2026))
    ledger.replace_line(lines[2], actor=finance, reason="Different approach", amount_pence=90_000_00)
    ledger.confirm_delivery(lines[3], actor=finance, reason="Done", delivered_pence=lines[3].amount_pence)
    assert SavingsLine.objects.count() == count + 2  # the carried-forward line and the replacement
    assert SavingsEvent.objects.filter(line__in=lines).count() == 4 * 3  # created, approved, and one action each


# Carry forward, write off, replace, convert: the money stays right ------------------------------------------------


def test_carrying_forward_moves_the_whole_line_to_a_later_year(world):
    line = approved(world, code="SAV-1", recurrence="one_off", budget_line=f.BudgetLineFactory(organisation=world.home))
    total = money_in_play()
    new = ledger.carry_forward(line, actor=world.users["programme"], reason="Consultation delayed",
                               to_year=financial_year(2026))
    assert line.state == LineState.CARRIED_FORWARD
    assert line.carried_forward_pence == line.amount_pence
    assert (new.financial_year.start_year, new.amount_pence, new.state) == (2026, line.amount_pence, "approved")
    assert (new.carried_from, new.recurrence, new.budget_line, new.code) == (
        line, "one_off", line.budget_line, "SAV-1-2026")
    assert line.events.last().related_line == new
    assert new.events.get().reason == "Carried forward from 2025/26: Consultation delayed"
    assert money_in_play() == total
    assert_closed_lines_balance()


def test_a_proposed_line_carried_forward_stays_proposed(world):
    line = propose(world)
    new = ledger.carry_forward(line, actor=world.users["programme"], reason="Later", to_year=financial_year(2027))
    assert new.state == LineState.PROPOSED


def test_a_short_delivery_carries_the_rest_forward(world):
    line = approved(world)
    total = money_in_play()
    carried = ledger.confirm_delivery(line, actor=world.users["finance"], reason="Most of it",
                                      delivered_pence=70_000_00, remainder="carry_forward",
                                      carry_to=financial_year(2026))
    assert (line.state, line.delivered_pence, line.carried_forward_pence, line.written_off_pence) == (
        LineState.DELIVERED, 70_000_00, 30_000_00, 0)
    assert (carried.amount_pence, carried.state, carried.carried_from) == (30_000_00, LineState.APPROVED, line)
    assert money_in_play() == total
    assert_closed_lines_balance()


def test_a_short_delivery_writes_the_rest_off(world):
    line = approved(world)
    total = money_in_play()
    ledger.confirm_delivery(line, actor=world.users["finance"], reason="Most of it", delivered_pence=70_000_00,
                            remainder="write_off")
    assert (line.delivered_pence, line.written_off_pence, line.carried_forward_pence) == (70_000_00, 30_000_00, 0)
    assert list(line.events.values_list("action", flat=True)) == ["created", "approved", "delivered", "written_off"]
    assert money_in_play() == total
    assert_closed_lines_balance()


def test_writing_off_closes_the_line_with_its_whole_amount(world):
    line = approved(world)
    total = money_in_play()
    ledger.write_off(line, actor=world.users["finance"], reason="The service was not recommissioned")
    assert (line.state, line.written_off_pence) == (LineState.WRITTEN_OFF, line.amount_pence)
    assert money_in_play() == total
    assert_closed_lines_balance()


def test_replacing_moves_the_money_into_the_replacement(world):
    line = approved(world)
    total = money_in_play()
    new = ledger.replace_line(line, actor=world.users["programme"], reason="A different approach",
                              project=world.records["public"])
    assert line.state == LineState.REPLACED
    assert line.carried_forward_pence == line.amount_pence
    assert (new.replaces, new.project, new.amount_pence, new.state) == (
        line, world.records["public"], line.amount_pence, LineState.APPROVED)
    assert money_in_play() == total
    assert_closed_lines_balance()


def test_a_replacement_with_another_amount_changes_the_total_by_the_difference(world):
    line = approved(world)
    total = money_in_play()
    new = ledger.replace_line(line, actor=world.users["programme"], reason="Re-costed", amount_pence=80_000_00)
    assert money_in_play() == total - line.amount_pence + new.amount_pence
    assert_closed_lines_balance()


def test_converting_to_cashable_keeps_the_amount_and_state(world):
    line = approved(world, cashable=False)
    ledger.convert_to_cashable(line, actor=world.users["finance"], reason="The posts were deleted")
    assert (line.cashable, line.state, line.amount_pence) == (True, LineState.APPROVED, 100_000_00)
    event = line.events.last()
    assert (event.action, event.from_state, event.to_state) == ("converted", "approved", "approved")
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.convert_to_cashable(line, actor=world.users["finance"], reason="Again")
    assert refusal.value.messages == ["This saving is already cashable."]


def test_a_delivered_non_cashable_saving_can_be_converted(world):
    line = approved(world, cashable=False)
    ledger.confirm_delivery(line, actor=world.users["finance"], reason="Done", delivered_pence=line.amount_pence)
    ledger.convert_to_cashable(line, actor=world.users["finance"], reason="Budget taken")
    assert (line.cashable, line.state) == (True, LineState.DELIVERED)


def test_the_organisations_totals_reconcile_after_every_kind_of_change(world):
    finance = world.users["finance"]
    lines = [approved(world, amount=amount) for amount in (100_000_00, 250_000_00, 40_000_00, 75_000_00, 10_000_00)]
    original = money_in_play()
    ledger.confirm_delivery(lines[0], actor=finance, reason="Part", delivered_pence=60_000_00,
                            remainder="carry_forward", carry_to=financial_year(2026))
    ledger.confirm_delivery(lines[1], actor=finance, reason="Part", delivered_pence=200_000_00, remainder="write_off")
    ledger.carry_forward(lines[2], actor=finance, reason="Slipped", to_year=financial_year(2027))
    ledger.replace_line(lines[3], actor=finance, reason="Another project", project=world.records["public"])
    ledger.write_off(lines[4], actor=finance, reason="No longer possible")
    assert money_in_play() == original
    assert_closed_lines_balance()
    written_off = SavingsLine.objects.aggregate(total=Sum("written_off_pence"))["total"]
    assert written_off == 50_000_00 + 10_000_00
    # Money carried out of lines equals the money in the lines it went to.
    moved = SavingsLine.objects.aggregate(total=Sum("carried_forward_pence"))["total"]
    received = SavingsLine.objects.filter(carried_from__isnull=False).aggregate(total=Sum("amount_pence"))["total"]
    replacements = SavingsLine.objects.filter(replaces__isnull=False).aggregate(total=Sum("amount_pence"))["total"]
    assert moved == received + replacements


# Editing what is not state ----------------------------------------------------------------------------------------


def test_the_money_of_an_approved_line_is_not_edited(world):
    line = approved(world)
    before = snapshot(line)
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.edit_line(line, actor=world.users["finance"], amount_pence=1)
    assert "replace the line" in refusal.value.message_dict["amount_pence"][0]
    assert snapshot(line) == before
    ledger.edit_line(line, actor=world.users["finance"], title="Fewer agency staff", amount_pence=line.amount_pence)
    assert line.title == "Fewer agency staff"


def test_a_proposed_line_is_edited_but_never_its_state(world):
    line = propose(world)
    ledger.edit_line(line, actor=world.users["programme"], amount_pence=120_000_00, recurrence="one_off")
    assert (line.amount_pence, line.recurrence) == (120_000_00, "one_off")
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.edit_line(line, actor=world.users["programme"], state=LineState.DELIVERED)
    assert "state" in refusal.value.message_dict
    assert snapshot(line)["state"] == LineState.PROPOSED


def test_a_project_lead_edits_words_not_money(world):
    line = propose(world, project="led")
    lead = world.users["lead"]
    ledger.edit_line(line, actor=lead, title="Digital front door", source="Business case v2")
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.edit_line(line, actor=lead, amount_pence=1)
    assert refusal.value.message_dict["amount_pence"] == ["Your role cannot change the amount of this saving."]
    other = propose(world, project="plain")
    with pytest.raises(ledger.LedgerError) as refusal:
        ledger.edit_line(other, actor=lead, title="Not mine")
    assert refusal.value.code == "forbidden"
