"""The demo councils' money (the seeds' real figures, each with its source; what no source gives is flagged
illustrative) and the synthetic council's savings lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Sum
from django.test import override_settings

from beacon.core.models import Organisation
from beacon.demo.money import pence, spread
from beacon.demo.synthetic import build_synthetic_council
from beacon.demo.synthetic_money import LINES_PER_PROJECT
from beacon.finance.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Benefit,
    BenefitProfilePoint,
    BudgetLine,
    Contract,
    ContractMilestone,
    Cost,
    CostKind,
    FundingKind,
    FundingSource,
    LedgerAction,
    LineState,
    Mtfs,
    MtfsYear,
    SavingsEvent,
    SavingsLine,
)
from beacon.programmes.models import Stage

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MONEY_MODELS = [Mtfs, MtfsYear, BudgetLine, SavingsLine, SavingsEvent, Benefit, BenefitProfilePoint, FundingSource,
                Cost, Contract, ContractMilestone]
SOURCED = [Mtfs, SavingsLine, Benefit, FundingSource, Cost, Contract]
OFFICER_NAMES = ["Sinnott", "Polkinghorne", "Willis", "Gardner", "Sanderson", "McFarlane", "Allman", "Andy Brown",
                 "Gary Hall", "Glen ", "Kelly", "Wearmouth", "Elsdon", "Tebbutt"]
PLACE_PAGE = "service-delivery-place-programme.aspx"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for a class of read-only tests, and rolled back after them."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


def load() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def years_of(slug: str) -> dict[str, MtfsYear]:
    return {y.financial_year.label: y for y in MtfsYear.objects.filter(organisation__slug=slug)
            .select_related("financial_year")}


def line(slug: str, code: str) -> SavingsLine:
    return SavingsLine.objects.select_related("financial_year").get(organisation__slug=slug, code=code)


def lines_of(slug: str) -> models.QuerySet[SavingsLine]:
    return SavingsLine.objects.filter(organisation__slug=slug)


def test_spread_adds_up_exactly():
    assert spread(pence("£70m"), 3) == [pence("£23,333,334"), pence("£23,333,333"), pence("£23,333,333")]
    assert sum(spread(pence(4_300_001), 4)) == pence(4_300_001)
    assert sum(spread(12_345, 4)) == 12_345


def money_counts() -> dict[str, int]:
    tally = {model.__name__: model._default_manager.count() for model in MONEY_MODELS}
    for model in MONEY_MODELS:
        if hasattr(model, "history"):
            tally[f"history of {model.__name__}"] = model.history.count()
    return tally


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheDemoMoney:
    def test_progress_output_names_each_council_s_money(self, demo):
        for name in ("Cheshire East Council money", "Leicestershire County Council money", "Chorley", "Northumberland"):
            assert name in demo

    def test_cheshire_east_mtfs_is_100m_over_four_years_with_30m_agreed_for_2024_25(self):
        mtfs = Mtfs.objects.get(organisation__slug="cheshire-east")
        assert (str(mtfs.start_year), str(mtfs.end_year), mtfs.approved_date) == (
            "2024/25", "2027/28", dt.date(2024, 2, 27))
        assert mtfs.programme is not None and mtfs.programme.title == "Transformation Programme"
        years = years_of("cheshire-east")
        assert list(years) == ["2024/25", "2025/26", "2026/27", "2027/28"]
        assert sum(y.savings_required_pence for y in years.values()) == pence("£100m")
        assert years["2024/25"].savings_required_pence == pence("£30m")
        assert not years["2024/25"].illustrative
        assert all(years[label].illustrative and "Illustrative" in years[label].note
                   for label in ("2025/26", "2026/27", "2027/28"))
        # the programme's share: the bottom of the plan's £59m-£91m, none in 2024/25
        assert sum(y.programme_target_pence or 0 for y in years.values()) == pence("£59m")
        assert years["2024/25"].programme_target_pence == 0
        assert "£41.9m" in years["2025/26"].note and "£31.4m" in years["2025/26"].note
        assert "£81.5m" in years["2027/28"].note
        for year in years.values():
            year.full_clean()

    def test_cheshire_east_place_programme_and_children_s_lines_as_published(self):
        landlord = line("cheshire-east", "CEC-CL-2025")
        mail = line("cheshire-east", "CEC-OM-2025")
        for saving, amount in ((landlord, pence("£50,000")), (mail, pence("£300,000"))):
            assert (saving.amount_pence, str(saving.financial_year)) == (amount, "2025/26")
            assert PLACE_PAGE in saving.source and not saving.illustrative
        right_child = line("cheshire-east", "CEC-RCRH-2024")
        assert (right_child.amount_pence, str(right_child.financial_year)) == (pence("£2.18m"), "2024/25")
        assert right_child.state == LineState.DELIVERED and right_child.delivered_pence == pence("£2.18m")
        assert "silk1069" in right_child.source
        confirmation = right_child.events.get(action=LedgerAction.DELIVERED)
        assert confirmation.actor.username == "finance"
        # Corporate Landlord was carried forward to 2026/27 through the ledger: the new line points back to it
        assert landlord.state == LineState.CARRIED_FORWARD
        carried = SavingsLine.objects.get(carried_from=landlord)
        assert (str(carried.financial_year), carried.amount_pence) == ("2026/27", pence("£50,000"))

    def test_cheshire_east_funding_sources_with_conditions_and_deadline(self):
        funding = {f.code: f for f in FundingSource.objects.filter(organisation__slug="cheshire-east")}
        lga = funding["CEC-LGA"]
        assert (lga.kind, lga.amount_pence, lga.up_to) == (FundingKind.GRANT, pence("£100,000"), False)
        assert "£105,000" in lga.source  # the other figure, noted
        reserves = funding["CEC-RES"]
        assert (reserves.kind, reserves.amount_pence, reserves.up_to) == (
            FundingKind.RESERVES, pence("£350,000"), True)
        efs = funding["CEC-EFS-2024"]
        assert efs.kind == FundingKind.EFS and efs.deadline == dt.date(2024, 8, 31)
        assert "August 2024" in efs.conditions and "external assurance review" in efs.conditions
        assert funding["CEC-EFS-2025"].amount_pence == pence("£25.3m")
        phase_1 = Cost.objects.filter(organisation__slug="cheshire-east", project__code="CEC-P1")
        assert phase_1.aggregate(total=Sum("amount_pence"))["total"] == pence("£450,000")
        assert {cost.funding_source.code for cost in phase_1} == {"CEC-LGA", "CEC-RES"}

    def test_cheshire_east_delivery_partner_roi_against_3_to_5(self):
        partner = Contract.objects.get(organisation__slug="cheshire-east")
        assert (partner.roi_expected_low, partner.roi_expected_high) == (Decimal(3), Decimal(5))
        assert partner.fees_pence == pence("£5m") and partner.savings_identified_pence == pence("£59m")
        assert partner.roi == Decimal("11.80") and partner.roi_position == "above"
        fees = [m.fee_pence for m in partner.milestones.all() if m.fee_pence]
        assert sum(fees) == partner.fees_pence and pence("£450,000") in fees
        assert "3:1 to 5:1" in partner.source

    def test_leicestershire_110m_of_which_40m_from_the_programme_spread_and_labelled(self):
        years = years_of("leicestershire")
        assert list(years) == ["2014/15", "2015/16", "2016/17", "2017/18"]
        assert sum(y.savings_required_pence for y in years.values()) == pence("£110m")
        assert sum(y.programme_target_pence or 0 for y in years.values()) == pence("£40m")
        assert all(y.illustrative for y in years.values())

    def test_leicestershire_street_lighting_investment_against_its_yearly_saving(self):
        lighting = lines_of("leicestershire").filter(project__code="LCC-SL")
        assert lighting.aggregate(total=Sum("amount_pence"))["total"] == pence("£1.7m")
        costs = Cost.objects.filter(organisation__slug="leicestershire", project__code="LCC-SL")
        assert costs.aggregate(total=Sum("amount_pence"))["total"] == pence("£20m")
        assert {c.kind for c in costs} == {CostKind.ONE_OFF} and all(c.illustrative for c in costs)
        assert {str(c.financial_year) for c in costs} == {"2015/16", "2016/17", "2017/18"}
        energy = Benefit.objects.get(project__code="LCC-SL")
        assert (energy.baseline, energy.target) == (Decimal(26_900_000), Decimal(10_980_000))
        assert energy.profile.get(date=dt.date(2020, 3, 31)).actual == Decimal(9_200_000)
        grants = line("leicestershire", "LCC-SG-2014")
        assert (grants.amount_pence, str(grants.financial_year)) == (pence("£430,000"), "2014/15")
        libraries = lines_of("leicestershire").filter(project__code="LCC-LIB", carried_from=None)
        assert libraries.aggregate(total=Sum("amount_pence"))["total"] == pence("£800,000")

    def test_northumberland_adult_social_care_over_three_years_and_the_tender(self):
        care = {str(saving.financial_year): saving.amount_pence
                for saving in lines_of("northumberland").filter(project__code="NCC-ASC", carried_from=None)}
        assert care == {"2023/24": pence(960_336), "2024/25": pence(1_920_672), "2025/26": pence(960_336)}
        assert line("northumberland", "NCC-HTST-2026").amount_pence == pence(618_613)
        tender = Contract.objects.get(organisation__slug="northumberland", code="NCC830B")
        assert (tender.fees_pence, tender.partner) == (pence("£3m"), "Not published")
        costs = Cost.objects.filter(organisation__slug="northumberland")
        assert costs.aggregate(total=Sum("amount_pence"))["total"] == pence("£9m")
        assert years_of("northumberland")["2025/26"].savings_required_pence == pence("£16.299m")

    def test_chorley_2016_17_budget_and_illustrative_district_scale_savings(self):
        years = years_of("chorley")
        assert years["2016/17"].savings_required_pence == pence("£1.167m")
        assert FundingSource.objects.get(organisation__slug="chorley").amount_pence == pence("£1.4m")
        chorley = lines_of("chorley")
        assert chorley.exists() and all(saving.illustrative for saving in chorley)
        totals = chorley.order_by().values("financial_year").annotate(total=Sum("amount_pence"))
        for total in totals.values_list("total", flat=True):
            assert pence("£0.1m") <= total <= pence("£1.5m")

    def test_every_figure_has_a_source_and_every_illustrative_one_says_so(self):
        for model in SOURCED:
            for record in model._default_manager.all():
                assert record.source.strip(), (model.__name__, record.pk)
                if getattr(record, "illustrative", False):
                    assert "llustrative" in record.source, (model.__name__, record.pk)
        for saving in SavingsLine.objects.all():
            assert saving.illustrative or "http" in saving.source or "seed" in saving.source, saving.code
        for year in MtfsYear.objects.all():
            assert year.note.strip()
            if year.illustrative:
                assert "llustrative" in year.note, year

    def test_closed_lines_reconcile_and_open_lines_hold_all_their_money(self):
        for saving in SavingsLine.objects.all():
            moved = saving.delivered_pence + saving.written_off_pence + saving.carried_forward_pence
            if saving.state in CLOSED_STATES:
                assert saving.amount_pence == moved, saving.code
            else:
                assert moved == 0, saving.code
            if saving.carried_forward_pence:
                assert SavingsLine.objects.get(carried_from=saving).amount_pence == saving.carried_forward_pence

    def test_every_line_has_its_ledger_history_and_the_states_are_mixed(self):
        states = set(SavingsLine.objects.values_list("state", flat=True))
        assert {LineState.PROPOSED, LineState.APPROVED, LineState.DELIVERED, LineState.CARRIED_FORWARD,
                LineState.WRITTEN_OFF} <= states
        for saving in SavingsLine.objects.prefetch_related("events__actor"):
            events = list(saving.events.all())
            assert events[0].action == LedgerAction.CREATED, saving.code
            assert events[-1].to_state == saving.state, saving.code
            for event in events:
                if event.action in (LedgerAction.DELIVERED, LedgerAction.WRITTEN_OFF):
                    assert event.actor.username == "finance"
        assert SavingsLine.objects.filter(state__in=OPEN_STATES, forecast_pence__isnull=False).exists()
        assert SavingsLine.objects.filter(cashable=False).exists()

    def test_every_money_record_passes_model_validation(self):
        for model in MONEY_MODELS:
            if model is SavingsEvent:
                continue
            for record in model._default_manager.all():
                record.full_clean()

    def test_no_officer_named_in_the_seeds_appears_in_money_text(self):
        text = []
        for model in MONEY_MODELS:
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
            for row in model._default_manager.values_list(*fields):
                text.extend(value for value in row if isinstance(value, str))
        blob = "\n".join(text).lower()
        for name in OFFICER_NAMES:
            assert name.lower() not in blob, name

    # Loading again, over the class's load (each test runs in a savepoint: the others see the demo as loaded).

    def test_loading_the_money_twice_changes_nothing(self):
        first = money_counts()
        output = load()
        assert money_counts() == first
        assert "0 created, 0 updated" in output

    def test_loading_again_refreshes_a_line_s_source_but_not_its_ledger(self):
        saving = SavingsLine.objects.get(code="CEC-OM-2025")
        SavingsLine.objects.filter(pk=saving.pk).update(source="changed")
        events = saving.events.count()
        output = load()
        saving.refresh_from_db()
        assert "service-delivery-place-programme" in saving.source and saving.events.count() == events
        assert "0 created, 1 updated" in output


TODAY = dt.date(2025, 6, 1)


@pytest.mark.django_db
def test_the_synthetic_council_has_four_lines_per_project_with_their_history():
    organisation = build_synthetic_council("synthetic", 60, today=TODAY)
    lines = SavingsLine.objects.filter(organisation=organisation)
    assert lines.count() == 60 * LINES_PER_PROJECT
    mtfs = Mtfs.objects.get(organisation=organisation)
    years = list(mtfs.years.select_related("financial_year"))
    assert [str(y.financial_year) for y in years] == ["2023/24", "2024/25", "2025/26", "2026/27", "2027/28"]
    assert all(y.illustrative and 0 < (y.programme_target_pence or 0) <= y.savings_required_pence for y in years)
    assert all(line.illustrative and line.source for line in lines)
    assert lines.order_by().values("state").distinct().count() >= 4
    assert lines.order_by().values("recurrence").distinct().count() == 2
    assert lines.order_by().values("cashable").distinct().count() == 2
    assert lines.filter(budget_line__isnull=False).exists()
    assert BudgetLine.objects.filter(organisation=organisation).exists()
    for saving in lines.filter(state__in=CLOSED_STATES).select_related("project", "financial_year"):
        assert saving.amount_pence == saving.delivered_pence + saving.written_off_pence + saving.carried_forward_pence
        if saving.project.stage != Stage.STOPPED:  # a stopped project's later savings are written off at once
            assert saving.financial_year.start_year < 2025  # otherwise outcomes are known only for past years
        outcome = saving.events.exclude(action__in=[LedgerAction.CREATED, LedgerAction.APPROVED]).first()
        assert outcome is not None and outcome.confidence == saving.project.delivery_confidence
    for child in lines.filter(carried_from__isnull=False).select_related("carried_from"):
        assert child.amount_pence == child.carried_from.carried_forward_pence
        assert child.financial_year.start_year == child.carried_from.financial_year.start_year + 1


@pytest.mark.django_db
def test_the_synthetic_savings_are_deterministic():
    def fingerprint(slug: str) -> list[tuple]:
        return list(SavingsLine.objects.filter(organisation__slug=slug).order_by("code").values_list(
            "code", "financial_year__start_year", "amount_pence", "state", "delivered_pence", "forecast_pence"))

    build_synthetic_council("first", 20, seed=3, today=TODAY)
    build_synthetic_council("second", 20, seed=3, today=TODAY)
    assert fingerprint("first") == fingerprint("second")
    assert Organisation.objects.count() == 2
