"""Stale forms beyond the ordinary edit views: the key-decision thresholds, a draft report and its sign-off, a
ledger action on a savings line, an equality impact assessment's sign-off, a local equality group, a target
operating model's six parameters and a maturity assessment (two forms on one page).

Two people (or one person in two browsers) open the same form; the first saves; the second's post is refused
(409) with the error summary and the stale message, nothing of it is written, and the form shows the record as
it now is, from which the change can be made again. A sign-off or a ledger action is refused in the same way when
the record changed after the page was shown, and nothing is signed or acted."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from beacon.core.generic import STALE_STATUS, VERSION_FIELD, stale_edit_message
from beacon.core.tests.test_stale_forms import as_posted
from beacon.engagement import services as engagement_services
from beacon.engagement.models import OperatingModel, OperatingModelParameter, Parameter
from beacon.finance.models import LedgerAction, LineState, SavingsEvent, SavingsLine
from beacon.governance.models import AssessmentKind, KeyDecisionThresholds, MaturityAssessment
from beacon.governance.tests.test_maturity import assess, framework
from beacon.reports.models import ReportSignOff
from beacon.reports.tests.test_services import make_report
from beacon.risks.models import AssessmentStatus, EqualityAssessment, EqualityGroup
from beacon.testing import factories as f
from beacon.testing.world import World

pytestmark = pytest.mark.django_db

MATURITY_VERSION = f"assessment-{VERSION_FIELD}"  # the maturity form's version rides on its prefixed main form


def browser(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def url_of(name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org": "home", **kwargs})


def open_form(client: Client, url: str, version: str = VERSION_FIELD, *extra_forms: str) -> dict[str, Any]:
    """GET the form page as a browser would and answer what it would post untouched; the page must carry the
    record's version in a hidden field."""
    response = client.get(url)
    assert response.status_code == 200, response
    data = as_posted(response.context["form"])
    for name in extra_forms:
        data.update(as_posted(response.context[name]))
    assert data.get(version), "the form carries the record's version"
    page = response.content.decode()
    assert f'type="hidden" name="{version}" value="{data[version]}"' in page
    return data


def assert_refused(response: Any, record: models.Model) -> str:
    """The refusal a user sees: 409, the error summary and the stale message. Answers the page's text."""
    assert response.status_code == STALE_STATUS, response
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert stale_edit_message(record) in page
    return page


def fresh(record: Any) -> Any:
    return type(record)._base_manager.get(pk=record.pk)


# 1. Key-decision thresholds ------------------------------------------------------------------------------------


def test_thresholds_the_second_of_two_editors_is_refused_and_can_try_again(world: World) -> None:
    row = KeyDecisionThresholds.objects.create(organisation=world.home, source="Constitution, article 13")
    url = url_of("governance:thresholds-edit")
    first, second = browser(world, "admin"), browser(world, "monitoring")
    first_data, second_data = open_form(first, url), open_form(second, url)

    saved = first.post(url, {**first_data, "contract": "£250,000"})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    refused = second.post(url, {**second_data, "contract": "£300,000"})
    page = assert_refused(refused, row)
    assert "Someone else changed this set of key-decision thresholds while you were editing it" in page
    shown = as_posted(refused.context["form"])
    assert shown["contract"].replace(",", "").lstrip("£") == "250000"
    assert shown[VERSION_FIELD] != second_data[VERSION_FIELD]
    assert "300,000" not in page
    assert fresh(row).contract_pence == 250_000_00
    assert KeyDecisionThresholds.objects.filter(organisation=world.home).count() == 1

    again = second.post(url, {**shown, "contract": "£300,000"})
    assert again.status_code == 302
    assert fresh(row).contract_pence == 300_000_00


# 2. A draft report ---------------------------------------------------------------------------------------------


def test_report_edit_the_second_of_two_editors_is_refused_and_can_try_again(world: World) -> None:
    report = make_report(world)
    url = url_of("reports:report-edit", pk=report.pk)
    first, second = browser(world, "programme"), browser(world, "admin")
    first_data, second_data = open_form(first, url), open_form(second, url)

    saved = first.post(url, {**first_data, "title": "Approach agreed by the first editor"})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    refused = second.post(url, {**second_data, "title": "Approach rewritten by the second editor"})
    page = assert_refused(refused, report)
    assert as_posted(refused.context["form"])["title"] == "Approach agreed by the first editor"
    assert "Approach rewritten by the second editor" not in page
    assert fresh(report).title == "Approach agreed by the first editor"

    again = second.post(url, {**as_posted(refused.context["form"]), "title": "Approach rewritten by the second editor"})
    assert again.status_code == 302
    assert fresh(report).title == "Approach rewritten by the second editor"


# 3. A report's sign-off ----------------------------------------------------------------------------------------


def test_report_sign_off_is_refused_when_the_draft_changed_after_the_page_was_shown(world: World) -> None:
    report = make_report(world)
    url = url_of("reports:report-sign-off", pk=report.pk)
    officer = browser(world, "finance")
    signing = open_form(officer, url)

    # Meanwhile the programme manager changes the narrative through the edit form.
    editor = browser(world, "programme")
    edit_url = url_of("reports:report-edit", pk=report.pk)
    edited = editor.post(edit_url, {**open_form(editor, edit_url), "purpose": "A purpose the officer has not read."})
    assert edited.status_code == 302

    refused = officer.post(url, {**signing, "comment": "The figures agree with the ledger."})
    assert_refused(refused, report)
    assert not ReportSignOff.objects.filter(report=report).exists()
    assert fresh(report).purpose == "A purpose the officer has not read."

    # Having read the draft as it now is, the officer signs it off.
    again = officer.post(url, {**as_posted(refused.context["form"]), "comment": "Read again: agreed."})
    assert again.status_code == 302
    sign_off = ReportSignOff.objects.get(report=report)
    assert (sign_off.role, sign_off.signed_by, sign_off.comment) == ("finance", world.users["finance"],
                                                                     "Read again: agreed.")


# 4. A ledger action on a savings line --------------------------------------------------------------------------


def change_amount_by_the_edit_form(world: World, line: SavingsLine) -> None:
    editor = browser(world, "programme")
    url = url_of("finance:savings-line-edit", pk=line.pk)
    assert editor.post(url, {**open_form(editor, url), "amount": "2500"}).status_code == 302


def change_amount_by_the_orm(world: World, line: SavingsLine) -> None:
    SavingsLine.objects.filter(pk=line.pk).update(amount_pence=2500_00)


@pytest.mark.parametrize("change", [change_amount_by_the_edit_form, change_amount_by_the_orm],
                         ids=["edit-form", "orm-update"])
def test_a_ledger_action_is_refused_when_the_line_changed_after_the_page_was_shown(
    world: World, change: Callable[[World, SavingsLine], None]
) -> None:
    line = cast(SavingsLine, f.SavingsLineFactory(project=world.records["plain"], amount_pence=1000_00))
    url = url_of("finance:savings-line-action", pk=line.pk, action="approve")
    officer = browser(world, "finance")
    approving = open_form(officer, url)

    change(world, line)
    events = SavingsEvent.objects.filter(line=line).count()
    refused = officer.post(url, {**approving, "reason": "Agreed at the budget meeting"})
    assert_refused(refused, line)
    stored = fresh(line)
    assert (stored.state, stored.amount_pence) == (LineState.PROPOSED, 2500_00)
    assert SavingsEvent.objects.filter(line=line).count() == events
    assert not SavingsEvent.objects.filter(line=line, action=LedgerAction.APPROVED).exists()

    # The refreshed form, with the current version, approves the line as it now is.
    again = officer.post(url, {**as_posted(refused.context["form"]), "reason": "Agreed at the budget meeting"})
    assert again.status_code == 302
    assert fresh(line).state == LineState.APPROVED
    approval = SavingsEvent.objects.get(line=line, action=LedgerAction.APPROVED)
    assert approval.amount_pence == 2500_00


# 5. An equality impact assessment's sign-off -------------------------------------------------------------------


def test_assessment_sign_off_is_refused_when_the_assessment_changed_after_the_page_was_shown(world: World) -> None:
    assessment = cast(EqualityAssessment,
                      f.EqualityAssessmentFactory(project=world.records["plain"], summary="First findings"))
    url = url_of("risks:assessment-sign-off", pk=assessment.pk)
    officer = browser(world, "monitoring")
    signing = open_form(officer, url)

    editor = browser(world, "programme")
    edit_url = url_of("risks:assessment-edit", pk=assessment.pk)
    edited = editor.post(edit_url, {**open_form(editor, edit_url), "summary": "Findings the officer has not read"})
    assert edited.status_code == 302

    refused = officer.post(url, {**signing, "signed_off_by_title": "Monitoring Officer"})
    page = assert_refused(refused, assessment)
    assert "Monitoring Officer" not in as_posted(refused.context["form"])["signed_off_by_title"]
    assert "Someone else changed this equality impact assessment" in page
    stored = fresh(assessment)
    assert (stored.status, stored.signed_off_by_title, stored.signed_off_on) == (AssessmentStatus.DRAFT, "", None)
    assert stored.summary == "Findings the officer has not read"

    again = officer.post(url, {**as_posted(refused.context["form"]), "signed_off_by_title": "Monitoring Officer"})
    assert again.status_code == 302
    stored = fresh(assessment)
    assert (stored.status, stored.signed_off_by_title) == (AssessmentStatus.SIGNED_OFF, "Monitoring Officer")


def test_the_second_of_two_assessment_sign_offs_is_refused(world: World) -> None:
    assessment = cast(EqualityAssessment, f.EqualityAssessmentFactory(project=world.records["plain"]))
    url = url_of("risks:assessment-sign-off", pk=assessment.pk)
    first, second = browser(world, "admin"), browser(world, "monitoring")
    first_data, second_data = open_form(first, url), open_form(second, url)

    signed = first.post(url, {**first_data, "signed_off_by_title": "Director of Adult Social Care"})
    assert signed.status_code == 302
    refused = second.post(url, {**second_data, "signed_off_by_title": "Chief Executive"})
    assert_refused(refused, assessment)
    # The form shows who signed it off: the second officer sees the sign-off before making theirs.
    assert as_posted(refused.context["form"])["signed_off_by_title"] == "Director of Adult Social Care"
    stored = fresh(assessment)
    assert (stored.status, stored.signed_off_by_title) == (AssessmentStatus.SIGNED_OFF,
                                                           "Director of Adult Social Care")
    assert stored.modified_by == world.users["admin"]


# 6. A local equality group -------------------------------------------------------------------------------------


def test_group_edit_the_second_of_two_browsers_is_refused_and_can_try_again(world: World) -> None:
    group = EqualityGroup.objects.create(organisation=world.home, title="Care leavers", order=100)
    url = url_of("risks:group-edit", pk=group.pk)
    first, second = browser(world, "admin"), browser(world, "admin")  # one administrator, two browsers
    first_data, second_data = open_form(first, url), open_form(second, url)

    saved = first.post(url, {**first_data, "title": "Care-experienced people"})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    refused = second.post(url, {**second_data, "title": "Children in care"})
    page = assert_refused(refused, group)
    assert "Someone else changed this equality group" in page
    assert as_posted(refused.context["form"])["title"] == "Care-experienced people"
    assert "Children in care" not in page
    assert fresh(group).title == "Care-experienced people"

    again = second.post(url, {**as_posted(refused.context["form"]), "title": "Children in care"})
    assert again.status_code == 302
    assert fresh(group).title == "Children in care"
    assert EqualityGroup.objects.filter(organisation=world.home).count() == 1


# 7. A target operating model's six parameters ------------------------------------------------------------------


def test_operating_model_parameters_the_second_of_two_editors_is_refused_and_can_try_again(world: World) -> None:
    tom: OperatingModel = engagement_services.create_operating_model(
        organisation=world.home, actor=None, service="Adult social care", title="Adults target operating model")
    url = url_of("engagement:operating-model-parameters", pk=tom.pk)
    field = f"{Parameter.STRUCTURE}__as_is"
    first, second = browser(world, "admin"), browser(world, "programme")
    first_data, second_data = open_form(first, url), open_form(second, url)

    def structure() -> str:
        return OperatingModelParameter.objects.get(operating_model=tom, parameter=Parameter.STRUCTURE).as_is

    saved = first.post(url, {**first_data, field: "Three directorates"})
    assert saved.status_code == 302
    refused = second.post(url, {**second_data, field: "One directorate"})
    page = assert_refused(refused, tom)
    assert "Someone else changed this operating model" in page
    assert as_posted(refused.context["form"])[field] == "Three directorates"
    assert "One directorate" not in page
    assert structure() == "Three directorates"

    again = second.post(url, {**as_posted(refused.context["form"]), field: "One directorate"})
    assert again.status_code == 302
    assert structure() == "One directorate"


# 8. A maturity assessment (two forms on one page) --------------------------------------------------------------


def test_maturity_assessment_edit_the_second_of_two_editors_is_refused_and_can_try_again(world: World) -> None:
    record = framework(world)
    assessment = assess(record, dt.date(2024, 1, 31), AssessmentKind.SELF, "2.0")
    url = url_of("governance:maturity-assessment-edit", pk=assessment.pk)
    first, second = browser(world, "programme"), browser(world, "admin")
    first_data = open_form(first, url, MATURITY_VERSION, "rows_form")
    second_data = open_form(second, url, MATURITY_VERSION, "rows_form")

    saved = first.post(url, {**first_data, "assessment-assessor_title": "Head of Transformation"})
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    refused = second.post(url, {**second_data, "assessment-assessor_title": "LGA peer team"})
    page = assert_refused(refused, assessment)
    assert "Someone else changed this maturity assessment" in page
    shown = {**as_posted(refused.context["form"]), **as_posted(refused.context["rows_form"])}
    assert shown["assessment-assessor_title"] == "Head of Transformation"
    assert "LGA peer team" not in page
    assert fresh(assessment).assessor_title == "Head of Transformation"

    again = second.post(url, {**shown, "assessment-assessor_title": "LGA peer team"})
    assert again.status_code == 302
    assert fresh(assessment).assessor_title == "LGA peer team"
    assert MaturityAssessment.objects.count() == 1


# The first save of the thresholds, and adding a group: no stored row, so no version ---------------------------


def test_the_first_thresholds_and_a_new_group_are_saved_without_a_version(world: World) -> None:
    admin = browser(world, "admin")

    url = url_of("governance:thresholds-edit")
    response = admin.get(url)
    assert response.status_code == 200
    assert f'name="{VERSION_FIELD}"' not in response.content.decode()
    data = as_posted(response.context["form"])
    assert VERSION_FIELD not in data
    saved = admin.post(url, {**data, "contract": "£250,000"})
    assert saved.status_code == 302
    row = KeyDecisionThresholds.objects.get(organisation=world.home)
    assert row.contract_pence == 250_000_00
    # Now that the row exists, the form carries its version.
    open_form(admin, url)

    url = url_of("risks:group-create")
    response = admin.get(url)
    assert response.status_code == 200
    assert f'name="{VERSION_FIELD}"' not in response.content.decode()
    data = as_posted(response.context["form"])
    assert VERSION_FIELD not in data
    saved = admin.post(url, {**data, "title": "Rural communities"})
    assert saved.status_code == 302
    group = EqualityGroup.objects.get(organisation=world.home, title="Rural communities")
    open_form(admin, url_of("risks:group-edit", pk=group.pk))

