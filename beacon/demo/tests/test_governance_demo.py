"""The demo councils' governance and risk records: the routes of their reports through their boards, Cheshire East's
key decision with the criteria it meets, its options appraisal, implications, risk SR08, spend controls and
maturity self-assessment, Chorley's key-decision thresholds; loading twice changes nothing; no person is named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings

from beacon.governance.models import (
    AgendaItem,
    Board,
    BoardKind,
    BoardMember,
    Decision,
    DecisionOption,
    ImplicationKind,
    KeyDecisionThresholds,
    MaturityAssessment,
    MaturityLevel,
    Meeting,
    SpendRequest,
)
from beacon.governance.selectors import key_decision
from beacon.risks.models import Risk, RiskLevel

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
GOVERNANCE_MODELS = [Board, BoardMember, Meeting, AgendaItem, Decision, DecisionOption, KeyDecisionThresholds,
                     SpendRequest, MaturityAssessment, MaturityLevel, Risk]
# Names of people in the seeds: the demo uses role titles instead.
PEOPLE = ["Polkinghorne", "Sinnott", "Sanderson", "Willis", "Gardner", "Kelly", "McFarlane", "Andy Brown",
          "Gary Hall", "Allman", "Glen ", "Jan ", "Rob "]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the class, and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        out = StringIO()
        call_command("loaddemo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def route_back(item: AgendaItem) -> list[AgendaItem]:
    """The item and every item before it on its route, first first."""
    chain = [item]
    while chain[0].previous_id:
        chain.insert(0, AgendaItem.objects.select_related("meeting__board").get(pk=chain[0].previous_id))
    return chain


def texts(model: type[models.Model]) -> list[str]:
    names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
    return [value for row in model._default_manager.values_list(*names) for value in row if value]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheGovernanceDemo:
    def test_progress_output_names_each_council_s_governance(self, demo):
        for name in ("Cheshire East Council governance", "Leicestershire County Council governance",
                     "Chorley Borough Council governance", "Northumberland County Council governance"):
            assert name in demo

    def test_cheshire_east_decision_is_key_on_the_contract_and_all_wards(self):
        decision = Decision.objects.get(organisation__slug="cheshire-east", code="CP/76/23-24")
        assert decision.decision_date == dt.date(2024, 3, 21)
        assert decision.decision_maker is not None and decision.decision_maker.title == "Corporate Policy Committee"
        assert list(decision.contracts.values_list("code", flat=True)) == ["CEC-DP"]
        test = key_decision(decision)
        assert test.key
        assert any(c.startswith("Contract worth £5,000,000") for c in test.criteria)
        assert any("all wards" in c for c in test.criteria)
        assert len(test.criteria) == 2

    def test_cheshire_east_options_appraisal_and_implications(self):
        decision = Decision.objects.get(organisation__slug="cheshire-east", code="CP/76/23-24")
        options = list(decision.options.order_by("order"))
        assert [o.option.split(",")[0].split(" ")[0] for o in options] == ["Do", "Transformation", "Transformation",
                                                                           "Hybrid"]
        assert "s114" in options[0].risk
        assert options[2].risk == "This option is not sustainable in the long term"
        assert [o.recommended for o in options] == [False, False, False, True]
        kinds = set(decision.implications.values_list("kind", flat=True))
        wanted = {ImplicationKind.FINANCE, ImplicationKind.LEGAL, ImplicationKind.HR, ImplicationKind.EQUALITY,
                  ImplicationKind.RISK, ImplicationKind.RURAL, ImplicationKind.CHILDREN,
                  ImplicationKind.PUBLIC_HEALTH, ImplicationKind.CLIMATE}
        assert wanted <= kinds
        finance = decision.implications.get(kind=ImplicationKind.FINANCE)
        assert "£100,000" in finance.text and "£350,000" in finance.text and finance.officer_title

    def test_sr08_is_a_strategic_risk_with_illustrative_scores(self):
        risk = Risk.objects.get(organisation__slug="cheshire-east", code="SR08")
        assert risk.title == "Ability to Achieve Organisation Change"
        assert risk.level == RiskLevel.STRATEGIC and risk.illustrative
        assert "illustrative" in risk.source.lower()

    def test_cheshire_east_spend_controls(self):
        boards = Board.objects.filter(organisation__slug="cheshire-east", kind=BoardKind.SPENDING)
        assert {"Spending Review Board", "CE Budget Emergency Response Team (CEBERT)"} == set(
            boards.values_list("title", flat=True))
        requests = SpendRequest.objects.filter(organisation__slug="cheshire-east")
        assert requests.count() == 1 and requests.get().illustrative
        assert requests.get().board.title == "Spending Review Board"

    def test_cheshire_east_maturity_self_assessment(self):
        assessment = MaturityAssessment.objects.get(organisation__slug="cheshire-east")
        assert assessment.kind == "self" and assessment.date.year == 2024 and assessment.date.month == 1
        assert assessment.illustrative and "top end of 1" in assessment.summary
        names = dict(MaturityLevel.objects.filter(framework=assessment.framework).values_list("number", "name"))
        assert names == {1: "Tactical", 2: "Defined", 3: "Integrated", 4: "", 5: "Optimised"}
        scores = [score.score for score in assessment.scores.all()]
        # The top end of level 1, with pockets of 2 and 3.
        assert sum(1 for s in scores if s < 2) > len(scores) / 2
        assert any(Decimal(2) <= s < 3 for s in scores) and any(Decimal(3) <= s < 4 for s in scores)
        assert all("top end of 1" in score.evidence for score in assessment.scores.all())
        assert assessment.scores.filter(risk__code="SR08").exists()

    def test_leicestershire_route_is_in_date_order_through_three_boards(self):
        last = AgendaItem.objects.select_related("meeting__board").get(
            organisation__slug="leicestershire", meeting__board__title="County Council")
        chain = route_back(last)
        assert [i.meeting.board.title for i in chain] == ["Scrutiny Commission", "Cabinet", "County Council"]
        assert [i.meeting.date for i in chain] == [dt.date(2014, 4, 30), dt.date(2014, 5, 6), dt.date(2014, 5, 21)]
        assert chain[1].comments_to_next and "21 May 2014" in chain[1].comments_to_next

    def test_northumberland_scrutiny_resolution(self):
        item = AgendaItem.objects.get(organisation__slug="northumberland", meeting__board__kind=BoardKind.SCRUTINY)
        assert item.resolution == ("RESOLVED to advise the Cabinet that it supported the recommendations contained "
                                   "in the report, subject to consideration of the issues highlighted above.")
        assert "natural wastage" in item.comments_to_next
        assert item.meeting.illustrative  # the minute is undated
        assert item.next_items.get().meeting.board.kind == BoardKind.CABINET

    def test_chorley_thresholds_and_transformation_strategy(self):
        thresholds = KeyDecisionThresholds.objects.get(organisation__slug="chorley")
        assert (thresholds.revenue_pence, thresholds.contract_pence, thresholds.capital_pence, thresholds.wards) == (
            100_000_00, 100_000_00, 100_000_00, 2)
        decision = Decision.objects.get(organisation__slug="chorley", title="Transformation Strategy")
        assert decision.decision_date == dt.date(2016, 1, 21)
        assert "Key decision box" in decision.source
        assert decision.options.get().option == "To not produce a transformation strategy."
        titles = set(Board.objects.filter(organisation__slug="chorley").values_list("kind", flat=True))
        assert {BoardKind.CABINET, BoardKind.COUNCIL, BoardKind.WORKING_GROUP, BoardKind.PARTNERSHIP,
                BoardKind.IMPLEMENTATION} <= titles

    def test_no_person_is_named(self):
        for model in GOVERNANCE_MODELS:
            for text in texts(model):
                for name in PEOPLE:
                    assert name not in text, f"{model.__name__}: {name!r} in {text[:120]!r}"

    def test_loading_again_changes_nothing(self):
        counts = {model: model._default_manager.count() for model in GOVERNANCE_MODELS}
        history = {model: model.history.count() for model in GOVERNANCE_MODELS if hasattr(model, "history")}
        out = StringIO()
        call_command("loaddemo", stdout=out)
        assert "0 created, 0 updated" in out.getvalue()
        assert counts == {model: model._default_manager.count() for model in GOVERNANCE_MODELS}
        assert history == {model: model.history.count() for model in GOVERNANCE_MODELS if hasattr(model, "history")}
