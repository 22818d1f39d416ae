"""The demo loader: the four seed councils, their demo users, their programmes and their money.

Every record is matched on a natural key (slug, username, code or title), so loading twice changes
nothing; a record is saved only when a value differs, which also keeps its history free of no-op rows.
Each record passes ``full_clean()`` before it is saved, and ``created_by``/``modified_by`` and the
history row name the demo programme manager. Savings lines are the exception: a new one goes through the
savings ledger as the demo users whose role allows each step (``beacon.demo.money``), and an existing one is
never taken through the ledger again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from beacon.core.models import ConfidenceScale, Council, Organisation
from beacon.programmes.models import Milestone, Phase, Programme, Project, Workstream
from beacon.strategy.models import Objective, ObjectiveKind, Plan, Theme

M = TypeVar("M", bound=models.Model)

ILLUSTRATIVE_CONFIDENCE = "Delivery confidence: illustrative demo rating."
ILLUSTRATIVE_UPDATE_DUE = "Update due date: illustrative, set relative to the day the demo was loaded."
ILLUSTRATIVE_LEAD = "Lead: illustrative role title (the sources name no project lead)."
ILLUSTRATIVE_CONFIDENTIAL = (
    "Confidential: illustrative. The source is a public report; the flag is set to demonstrate how Beacon "
    "keeps a confidential project from viewers, other councils and the public."
)
MONTH_END_NOTE = "Where a source gives only a month, the milestone date is the last day of that month."


@dataclass
class Tally:
    """How many records the loader created, changed and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class DemoContext:
    """What every council module needs: who is acting, today's date, the demo users and a progress line."""

    actor: Any
    users: dict[str, Any]
    today: dt.date = field(default_factory=timezone.localdate)
    tally: Tally = field(default_factory=Tally)
    say: Callable[[str], None] = print

    def days(self, offset: int) -> dt.date:
        """A date ``offset`` days from today: for illustrative update-due dates."""
        return self.today + dt.timedelta(days=offset)

    # -- writing ---------------------------------------------------------------------------------------

    def upsert(self, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
        """Find the record by ``lookup``, set ``values``, validate and save it if anything differs."""
        record = model._default_manager.filter(**lookup).first()
        created = record is None
        if record is None:
            record = model(**lookup, **values)
        else:
            changed = [name for name, value in values.items() if getattr(record, name) != value]
            if not changed:
                self.tally.unchanged += 1
                return record
            for name, value in values.items():
                setattr(record, name, value)
        if hasattr(record, "modified_by_id") and self.actor is not None:
            if created:
                record.created_by = self.actor  # type: ignore[attr-defined]
            record.modified_by = self.actor  # type: ignore[attr-defined]
        record._history_user = self.actor  # type: ignore[attr-defined]  # read by django-simple-history
        record.full_clean()
        record.save()
        if created:
            self.tally.created += 1
        else:
            self.tally.updated += 1
        return record

    def organisation(
        self, *, slug: str, gss_code: str, website: str, scale: str = ConfidenceScale.FIVE_POINT
    ) -> Organisation:
        """An organisation named and typed from its row in the council register."""
        council = Council.objects.filter(gss_code=gss_code, current=True).first()
        if council is None:
            raise LookupError(f"The council register has no current council with GSS code {gss_code}.")
        return self.upsert(
            Organisation,
            {"slug": slug},
            {
                "name": council.official_name,
                "gss_code": council.gss_code,
                "council_type": council.council_type,
                "council": council,
                "confidence_scale": scale,
                "website": website,
            },
        )

    def objective(
        self, organisation: Organisation, *, code: str, kind: str, title: str, description: str = "", source: str
    ) -> Objective:
        if kind not in ObjectiveKind.values:
            raise ValueError(kind)
        return self.upsert(
            Objective,
            {"organisation": organisation, "code": code},
            {"kind": kind, "title": title, "description": description, "source": source},
        )

    def project(
        self,
        programme: Programme,
        *,
        code: str,
        title: str,
        objectives: Iterable[Objective] = (),
        milestones: Iterable[tuple[str, dt.date, dt.date | None]] = (),
        **values: Any,
    ) -> Project:
        """A project of ``programme`` with its objectives and its milestones (title, due date, actual date)."""
        values.setdefault("public", not values.get("confidential", False))
        project = self.upsert(
            Project,
            {"organisation": programme.organisation, "code": code},
            {"programme": programme, "title": title, **values},
        )
        wanted = {objective.pk for objective in objectives}
        if set(project.objectives.values_list("pk", flat=True)) != wanted:
            project.objectives.set(wanted)
        for milestone_title, due, actual in milestones:
            self.upsert(
                Milestone,
                {"project": project, "title": milestone_title},
                {"organisation": programme.organisation, "due_date": due, "actual_date": actual},
            )
        return project


def commentary(*sentences: str) -> str:
    """Join non-empty sentences into one status commentary."""
    return " ".join(sentence.strip() for sentence in sentences if sentence and sentence.strip())


def sources(*lines: str) -> str:
    """One source per line: the project page shows them one under another, with links."""
    return "\n".join(line.strip() for line in lines if line and line.strip())


@transaction.atomic
def load_demo(*, say: Callable[[str], None] = print) -> DemoContext:
    """Load (or refresh) the whole demo in one transaction and return what it did."""
    # Imported here so that each council module can import this one for its helpers.
    from beacon.demo import cheshire_east, chorley, governance, leicestershire, northumberland, users

    say("Loading the Beacon demo (four seed councils; all figures from public reports, sources on each record).")
    context = DemoContext(actor=None, users={}, say=say)
    context.users = users.ensure_users(context)
    context.actor = context.users["programme"]
    from beacon.performance.indicators import load_indicators  # reference data first: KPIs' benchmarks read it

    indicators = load_indicators()
    say(f"  Benchmarking indicators: {indicators['indicators']} indicators, {indicators['values']:,} values.")
    for module in (cheshire_east, leicestershire, chorley, northumberland):
        organisation = module.load(context)
        users.ensure_memberships(context, organisation)
        say(f"  {organisation.name} ({organisation.slug}): {summary(organisation)}")
    load_money(context)
    load_performance(context)
    governance.load(context)
    from beacon.demo import engagement  # after money, KPIs and boards: ideas, partnerships and models link them

    engagement.load(context)
    from beacon.demo import periods  # last: each closed period's snapshot holds every record loaded above

    periods.load(context)
    from beacon.demo import reports  # after governance: the reports link its decisions and meetings

    reports.load(context)
    say(f"Demo loaded: {context.tally}.")
    return context


def load_money(context: DemoContext) -> None:
    """Each council's money, once every membership exists: savings lines go through the ledger, which checks
    that the finance officer and the programme manager hold their roles in the organisation."""
    from beacon.demo import money, money_cheshire_east, money_chorley, money_leicestershire, money_northumberland

    for user in context.users.values():
        user.__dict__.pop("_beacon_roles", None)  # the policy caches roles per user object: read them afresh
    from beacon.finance.models import ForecastRun
    from beacon.finance.services_forecast import store_forecast

    for module in (money_cheshire_east, money_leicestershire, money_chorley, money_northumberland):
        organisation = module.load(context)
        context.say(f"  {organisation.name} money: {money.summary(organisation)}")
        # One stored forecast per council (the `forecasts` collection answers the latest); a reload keeps it.
        if not ForecastRun.objects.filter(organisation=organisation).exists():
            run = store_forecast(organisation, actor=context.users.get("finance"))
            context.say(f"  {organisation.name} forecast: {run.trials:,} trials over {run.lines_counted} lines")


def load_performance(context: DemoContext) -> None:
    """Each council's KPIs: real published figures, illustrative targets (``beacon.demo.performance``)."""
    from beacon.demo import (
        performance,
        performance_cheshire_east,
        performance_chorley,
        performance_leicestershire,
        performance_northumberland,
    )

    for module in (performance_cheshire_east, performance_leicestershire, performance_chorley,
                   performance_northumberland):
        organisation = module.load(context)
        performance.load_comparator_groups(context, organisation)
        context.say(f"  {organisation.name} performance: {performance.summary(organisation)}")


def summary(organisation: Organisation) -> str:
    """A one-line count of what an organisation holds, for the progress output."""
    counts = {
        "plans": Plan.objects.filter(organisation=organisation).count(),
        "themes": Theme.objects.filter(organisation=organisation).count(),
        "objectives": Objective.objects.filter(organisation=organisation).count(),
        "programmes": Programme.objects.filter(organisation=organisation).count(),
        "phases": Phase.objects.filter(organisation=organisation).count(),
        "workstreams": Workstream.objects.filter(organisation=organisation).count(),
        "projects": Project.objects.filter(organisation=organisation).count(),
        "milestones": Milestone.objects.filter(organisation=organisation).count(),
    }
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count)
