"""The savings ledger's rules: each change of a savings line's state is one function here, atomic, checked
against the actor's role, and recorded as a ``SavingsEvent`` with who, when and why. Nothing is deleted.

Separation of duties (PRODUCT section 1): a project lead forecasts; only the finance officer confirms a
saving as delivered, writes one off or converts one to cashable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from beacon.core import policy
from beacon.core.models import FinancialYear, Role
from beacon.finance.models import OPEN_STATES, LedgerAction, LineState, SavingsEvent, SavingsLine

FINANCE_ONLY = frozenset({Role.FINANCE})
PROGRAMME_OFFICE = frozenset({Role.ADMIN, Role.PROGRAMME, Role.FINANCE})

# Who may take each action (a project lead may also forecast the lines of the projects they lead).
ACTION_ROLES: dict[str, frozenset[str]] = {
    LedgerAction.FORECAST: PROGRAMME_OFFICE,
    LedgerAction.APPROVED: PROGRAMME_OFFICE,
    LedgerAction.DELIVERED: FINANCE_ONLY,
    LedgerAction.CARRIED_FORWARD: PROGRAMME_OFFICE,
    LedgerAction.WRITTEN_OFF: FINANCE_ONLY,
    LedgerAction.REPLACED: PROGRAMME_OFFICE,
    LedgerAction.CONVERTED: FINANCE_ONLY,
}
ACTION_VERBS: dict[str, str] = {
    LedgerAction.FORECAST: "re-forecast",
    LedgerAction.CONVERTED: "converted to cashable",
}
REFUSALS: dict[str, str] = {
    LedgerAction.DELIVERED: "Only the finance officer can confirm a saving as delivered.",
    LedgerAction.WRITTEN_OFF: "Only the finance officer can write off a saving.",
    LedgerAction.CONVERTED: "Only the finance officer can convert a saving to cashable.",
}


class LedgerError(ValidationError):
    """A change the ledger refuses; the message says why, and nothing has changed."""


def may(user: Any, action: str, line: SavingsLine) -> bool:
    """May ``user`` take ``action`` on ``line``? (Pages ask this to show or hide a button.)"""
    if not policy.can_read(user, line):
        return False
    role = policy.role_in(user, line.organisation_id)
    if role in ACTION_ROLES[action]:
        return True
    return action == LedgerAction.FORECAST and role == Role.LEAD and policy.is_lead(user, line)


def allowed_actions(user: Any, line: SavingsLine) -> list[str]:
    """The actions ``user`` may take on ``line`` in its present state."""
    return [action for action in ACTION_ROLES if may(user, action, line) and state_allows(action, line)]


def state_allows(action: str, line: SavingsLine) -> bool:
    if action == LedgerAction.CONVERTED:
        return not line.cashable and line.state in (*OPEN_STATES, LineState.DELIVERED)
    if action == LedgerAction.APPROVED:
        return line.state == LineState.PROPOSED
    if action == LedgerAction.DELIVERED:
        return line.state == LineState.APPROVED
    return line.state in OPEN_STATES


def state_refusal(action: str, line: SavingsLine) -> str:
    """Why ``line`` cannot take ``action`` in its present state ("A proposed saving cannot be confirmed as
    delivered: approve it first.")."""
    state = line.get_state_display().lower()
    article = "An" if state[0] in "aeiou" else "A"
    verb = ACTION_VERBS.get(action, LedgerAction(action).label.lower())
    hint = " Approve it first." if action == LedgerAction.DELIVERED and line.state == LineState.PROPOSED else ""
    if action == LedgerAction.CONVERTED and line.cashable:
        return "This saving is already cashable."
    return f"{article} {state} saving cannot be {verb}.{hint}"


def _check(user: Any, action: str, line: SavingsLine, reason: str) -> None:
    if not may(user, action, line):
        raise LedgerError(REFUSALS.get(action, "You cannot change this savings line."), code="forbidden")
    if not state_allows(action, line):
        raise LedgerError(state_refusal(action, line), code="state")
    if not (reason or "").strip():
        raise LedgerError({"reason": "Enter the reason for the change."})


def _locked(line: SavingsLine) -> SavingsLine:
    """The line re-read under a row lock, so that two officers' changes cannot interleave."""
    return SavingsLine.objects.select_for_update().select_related("project", "financial_year").get(pk=line.pk)


def _record(
    line: SavingsLine, action: str, *, actor: Any, reason: str, from_state: str, amount_pence: int = 0,
    related: SavingsLine | None = None,
) -> SavingsEvent:
    return SavingsEvent.objects.create(
        organisation_id=line.organisation_id, line=line, action=action, from_state=from_state,
        to_state=line.state, amount_pence=amount_pence, related_line=related,
        confidence=line.project.delivery_confidence, actor=actor, reason=reason.strip(),
        created_by=actor, modified_by=actor,
    )


def _clean(line: SavingsLine) -> None:
    """The model's own rules (a year outside the MTFS, another council's project), refused as the ledger's."""
    try:
        line.full_clean()
    except LedgerError:
        raise
    except ValidationError as error:
        raise LedgerError(error.error_dict if hasattr(error, "error_dict") else error.messages) from error


def _save(line: SavingsLine, actor: Any) -> None:
    line.modified_by = actor
    _clean(line)
    line.save()


def _transition(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a ledger change: atomic, the line locked and re-read, the actor and state checked."""

    def wrap(change: Callable[..., Any]) -> Callable[..., Any]:
        def run(line: SavingsLine, *, actor: Any, reason: str, **kwargs: Any) -> Any:
            with transaction.atomic():
                current = _locked(line)
                _check(actor, action, current, reason)
                result = change(current, actor=actor, reason=reason, **kwargs)
            line.refresh_from_db()
            return result

        run.__name__ = change.__name__
        run.__doc__ = change.__doc__
        return run

    return wrap


def create_line(*, actor: Any, reason: str = "", **fields: Any) -> SavingsLine:
    """A new savings line, proposed. A project lead may propose lines for the projects they lead."""
    line = SavingsLine(**fields)
    line.state = LineState.PROPOSED
    project = line.project
    if not policy.can_create(actor, line.organisation_id, SavingsLine) or not (
        policy.role_in(actor, line.organisation_id) in PROGRAMME_OFFICE or policy.is_lead(actor, project)
    ):
        raise LedgerError("You cannot add savings to this project.", code="forbidden")
    if line.forecast_pence is not None and line.forecast_pence > (line.amount_pence or 0):
        raise LedgerError({"forecast_pence": "The forecast cannot be more than the line's amount."})
    with transaction.atomic():
        line.created_by = line.modified_by = actor
        _clean(line)
        line.save()
        _record(line, LedgerAction.CREATED, actor=actor, reason=reason or "Added", from_state="",
                amount_pence=line.amount_pence)
    return line


def create_imported_line(*, actor: Any | None, reason: str, **fields: Any) -> SavingsLine:
    """A proposed line written by an import. The importer has checked the role (the web import needs a money
    writer's role; ``actor`` is None for the shell's operator, who holds the database itself)."""
    line = SavingsLine(**fields)
    line.state = LineState.PROPOSED
    line.created_by = line.modified_by = actor
    _clean(line)
    line.save()
    _record(line, LedgerAction.CREATED, actor=actor, reason=reason, from_state="", amount_pence=line.amount_pence)
    return line


def edit_imported_line(line: SavingsLine, *, actor: Any | None, reason: str, **changes: Any) -> SavingsLine:
    """An import's correction of a line: the fields any editor may change, and the money only while the line is
    proposed (the importer refuses the rest, cell by cell, before it writes)."""
    frozen = FROZEN_ONCE_APPROVED if line.state != LineState.PROPOSED else ()
    refused = [name for name, value in changes.items()
               if name not in (*EDITABLE_FIELDS, "project", "financial_year")
               or (name in frozen and value != getattr(line, name))]
    if refused:
        raise LedgerError({name: "An import cannot change this." for name in refused})
    for name, value in changes.items():
        setattr(line, name, value)
    line._change_reason = reason  # type: ignore[attr-defined]
    _save(line, actor)
    return line


@_transition(LedgerAction.FORECAST)
def set_forecast(line: SavingsLine, *, actor: Any, reason: str, forecast_pence: int | None) -> SavingsLine:
    """The project lead's forecast of what the line will deliver (blank: the full amount)."""
    if forecast_pence is not None and forecast_pence < 0:
        raise LedgerError({"forecast_pence": "The forecast must be £0 or more."})
    if forecast_pence is not None and forecast_pence > line.amount_pence:
        # As with delivery: a line never promises more than it claims, or the tracker would count money that
        # no line holds; a bigger saving is a new line.
        raise LedgerError(
            {"forecast_pence": "The forecast cannot be more than the line's amount: record the extra saving as a "
                               "new line."}
        )
    line.forecast_pence = forecast_pence
    _save(line, actor)
    _record(line, LedgerAction.FORECAST, actor=actor, reason=reason, from_state=line.state,
            amount_pence=line.expected_pence)
    return line


@_transition(LedgerAction.APPROVED)
def approve_line(line: SavingsLine, *, actor: Any, reason: str) -> SavingsLine:
    """Proposed → approved: the saving is in the MTFS."""
    line.state = LineState.APPROVED
    _save(line, actor)
    _record(line, LedgerAction.APPROVED, actor=actor, reason=reason, from_state=LineState.PROPOSED,
            amount_pence=line.amount_pence)
    return line


@_transition(LedgerAction.DELIVERED)
def confirm_delivery(
    line: SavingsLine, *, actor: Any, reason: str, delivered_pence: int, remainder: str = "",
    carry_to: FinancialYear | None = None,
) -> SavingsLine | None:
    """Approved → delivered, confirmed by the finance officer. When less than the line's amount is
    delivered, what remains must be carried forward to a later year or written off, so that nothing vanishes;
    answers the carried-forward line, if there is one."""
    if delivered_pence < 0:
        raise LedgerError({"delivered_pence": "The amount delivered must be £0 or more."})
    if delivered_pence > line.amount_pence:
        raise LedgerError(
            {"delivered_pence": "The amount delivered cannot be more than the line's amount: "
                                "record the extra saving as a new line."}
        )
    shortfall = line.amount_pence - delivered_pence
    if shortfall and remainder not in ("carry_forward", "write_off"):
        raise LedgerError(
            {"remainder": "Say what happens to the rest: carry it forward to a later year or write it off."}
        )
    carried = None
    if shortfall and remainder == "carry_forward":
        carried = _carry(line, actor=actor, reason=reason, to_year=carry_to, amount_pence=shortfall)
    elif shortfall:
        line.written_off_pence = shortfall
    line.delivered_pence = delivered_pence
    line.state = LineState.DELIVERED
    _save(line, actor)
    _record(line, LedgerAction.DELIVERED, actor=actor, reason=reason, from_state=LineState.APPROVED,
            amount_pence=delivered_pence, related=carried)
    if shortfall and remainder == "write_off":
        _record(line, LedgerAction.WRITTEN_OFF, actor=actor, reason=reason, from_state=LineState.DELIVERED,
                amount_pence=shortfall)
    return carried


def _carry(
    line: SavingsLine, *, actor: Any, reason: str, to_year: FinancialYear | None, amount_pence: int
) -> SavingsLine:
    if to_year is None:
        raise LedgerError({"carry_to": "Choose the financial year to carry the saving forward to."})
    if to_year.start_year <= line.financial_year.start_year:
        raise LedgerError({"carry_to": f"Choose a financial year after {line.financial_year}."})
    new = SavingsLine(
        organisation_id=line.organisation_id, project=line.project, financial_year=to_year,
        code=f"{line.code}-{to_year.start_year}" if line.code else "",
        title=line.title, amount_pence=amount_pence, recurrence=line.recurrence, cashable=line.cashable,
        budget_line=line.budget_line, carried_from=line, source=line.source, illustrative=line.illustrative,
        created_by=actor, modified_by=actor,
    )
    new.state = line.state if line.state in OPEN_STATES else LineState.APPROVED
    try:
        new.full_clean()
    except ValidationError as error:
        errors = error.message_dict
        message = errors.get("financial_year") or errors.get("code") or next(iter(errors.values()))
        raise LedgerError({"carry_to": message[0]}) from error
    new.save()
    line.carried_forward_pence = amount_pence
    _record(new, LedgerAction.CREATED, actor=actor, reason=f"Carried forward from {line.financial_year}: {reason}",
            from_state="", amount_pence=amount_pence, related=line)
    return new


@_transition(LedgerAction.CARRIED_FORWARD)
def carry_forward(line: SavingsLine, *, actor: Any, reason: str, to_year: FinancialYear | None) -> SavingsLine:
    """The whole line moves to a later year: this line closes as carried forward, a new one opens."""
    from_state = line.state
    new = _carry(line, actor=actor, reason=reason, to_year=to_year, amount_pence=line.amount_pence)
    line.state = LineState.CARRIED_FORWARD
    _save(line, actor)
    _record(line, LedgerAction.CARRIED_FORWARD, actor=actor, reason=reason, from_state=from_state,
            amount_pence=line.amount_pence, related=new)
    return new


@_transition(LedgerAction.WRITTEN_OFF)
def write_off(line: SavingsLine, *, actor: Any, reason: str) -> SavingsLine:
    """The saving will not be made: the line closes with its whole amount written off."""
    from_state = line.state
    line.written_off_pence = line.amount_pence
    line.state = LineState.WRITTEN_OFF
    _save(line, actor)
    _record(line, LedgerAction.WRITTEN_OFF, actor=actor, reason=reason, from_state=from_state,
            amount_pence=line.amount_pence)
    return line


@_transition(LedgerAction.REPLACED)
def replace_line(line: SavingsLine, *, actor: Any, reason: str, **fields: Any) -> SavingsLine:
    """Another saving takes this line's place (another project, year or amount): this line closes as
    replaced, its whole amount carried into the replacement (so that, as for every closed line, amount =
    delivered + written off + carried forward), and the replacement points back to it."""
    from_state = line.state
    values = {
        "project": line.project, "financial_year": line.financial_year, "title": line.title,
        "amount_pence": line.amount_pence, "recurrence": line.recurrence, "cashable": line.cashable,
        "budget_line": line.budget_line, "code": "",
    } | fields
    new = SavingsLine(organisation_id=line.organisation_id, replaces=line, created_by=actor, modified_by=actor,
                      **values)
    new.state = from_state
    _clean(new)
    new.save()
    _record(new, LedgerAction.CREATED, actor=actor, reason=f"Replaces line {line.pk}: {reason}", from_state="",
            amount_pence=new.amount_pence, related=line)
    line.state = LineState.REPLACED
    line.carried_forward_pence = line.amount_pence
    _save(line, actor)
    _record(line, LedgerAction.REPLACED, actor=actor, reason=reason, from_state=from_state,
            amount_pence=line.amount_pence, related=new)
    return new


@_transition(LedgerAction.CONVERTED)
def convert_to_cashable(line: SavingsLine, *, actor: Any, reason: str) -> SavingsLine:
    """A non-cashable saving becomes cashable (the budget is taken): the amount and state do not change."""
    line.cashable = True
    _save(line, actor)
    _record(line, LedgerAction.CONVERTED, actor=actor, reason=reason, from_state=line.state,
            amount_pence=line.amount_pence)
    return line


# Each action's function, for the pages and the API that take an action by its name.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    LedgerAction.APPROVED: approve_line,
    LedgerAction.DELIVERED: confirm_delivery,
    LedgerAction.CARRIED_FORWARD: carry_forward,
    LedgerAction.WRITTEN_OFF: write_off,
    LedgerAction.REPLACED: replace_line,
    LedgerAction.CONVERTED: convert_to_cashable,
    LedgerAction.FORECAST: set_forecast,
}


# Editing the fields that are not state ------------------------------------------------------------------------

EDITABLE_FIELDS = ("code", "title", "amount_pence", "recurrence", "cashable", "budget_line", "source", "illustrative")
# Once approved a line is in the MTFS: its money changes only through the actions above (replace it with another
# amount, convert it to cashable), each recorded with a reason, never by editing.
FROZEN_ONCE_APPROVED = ("amount_pence", "recurrence", "cashable")


def frozen_fields(user: Any, line: SavingsLine) -> tuple[str, ...]:
    """Fields of ``line`` that ``user`` may not edit: what the policy locks for their role (a project lead does
    not change the money they are judged on), and the money of a line no longer proposed."""
    frozen = set(policy.locked_fields(user, line))
    if line.state != LineState.PROPOSED:
        frozen.update(FROZEN_ONCE_APPROVED)
    return tuple(name for name in EDITABLE_FIELDS if name in frozen)


def edit_line(line: SavingsLine, *, actor: Any, **changes: Any) -> SavingsLine:
    """Change the fields of ``line`` that are not its state (its history keeps who changed what and when).
    The state, forecast and money moved by the actions are refused here: they go through the actions."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise LedgerError(
            {name: "This cannot be edited: it changes only through the ledger's actions." for name in unknown}
        )
    with transaction.atomic():
        current = _locked(line)
        if not policy.can_read(actor, current) or not policy.can_change(actor, current):
            raise LedgerError("You cannot change this savings line.", code="forbidden")
        frozen = frozen_fields(actor, current)
        refused = {
            name: _frozen_reason(actor, name, current) for name, value in changes.items()
            if name in frozen and value != getattr(current, name)
        }
        if refused:
            raise LedgerError(refused)
        for name, value in changes.items():
            setattr(current, name, value)
        _save(current, actor)
    line.refresh_from_db()
    return line


def _frozen_reason(user: Any, name: str, line: SavingsLine) -> str:
    label = "amount" if name == "amount_pence" else name.replace("_", " ")
    if name in policy.locked_fields(user, line):
        return f"Your role cannot change the {label} of this saving."
    return (
        f"The {label} of {'an' if line.state == LineState.APPROVED else 'a'} {line.get_state_display().lower()} "
        "saving cannot be edited: replace the line, or convert it to cashable, so that the change is recorded."
    )
