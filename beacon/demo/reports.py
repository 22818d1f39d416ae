"""The demo's reports (PRODUCT C7): the two committee reports of the seeds, regenerated from the demo data, and one
monthly highlight report.

- Cheshire East Council, Corporate Policy Committee 21 March 2024, "Cheshire East Approach to Transformation"
  (report CP/76/23-24 of the Chief Executive, seed 004): linked to the decision, the meeting and the
  Transformation Programme, so that its options, implications and key-decision box come from the decision and its
  appendices from the programme's savings, risks and equality records.
- Chorley Council, Executive Cabinet 21 January 2016, "Transformation Strategy" (report of the Chief Executive,
  seed 000).
- Cheshire East's programme highlight report: illustrative (the sources publish none).

The narrative is the seeds' own wording, lightly cut; people appear by role title, never by name. The Cheshire East
report is issued, signed off by the demo's finance and monitoring officers; the others stay drafts. Loading twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from beacon.core.models import Organisation
from beacon.demo.loader import DemoContext
from beacon.governance.models import Decision, Meeting
from beacon.programmes.models import Programme
from beacon.reporting.models import ReportingPeriod
from beacon.reports.models import Report, ReportKind
from beacon.strategy.models import Objective

CHESHIRE_EAST_TITLE = "Cheshire East Approach to Transformation"
CHORLEY_TITLE = "Transformation Strategy"
HIGHLIGHT_TITLE = "Transformation Programme highlight report"

CE_PURPOSE = (
    "This report sets out the proposed transformational approach the Council will take to deliver the Cheshire East "
    "Council Plan, support the Medium-Term Financial Strategy (MTFS) budget savings of £100m over the next 4 years, "
    "and implement the overarching Policy and Strategy Framework, with an emphasis on Digital Assurance and "
    "Performance Management."
)
CE_SUMMARY = """\
The report sets out a high-level ambition of the transformation programme along with the required resource both \
from a capacity and capability point of view that will be needed to effectively deliver the programme.

The transformation programme will facilitate deeper and broader service redesign, supported where appropriate by \
the investment in enhanced digital capabilities, which will be required to contribute to the savings required for \
the next 5 years from 2024/25 to 2028/29 as set out in the MTFS. The primary objectives being: (i) support the \
Council to address the 4-year funding gap of £100m as outlined in the MTFS; (ii) invest in digital technologies to \
enable services to adopt technology for various activities and processes; (iii) develop an organisational \
workforce that is flexible ensuring all staff have the necessary skills to work effectively within a transformed \
Council.

The financial situation of the council means that it has no option but to transform the way it delivers its \
services, the requirement for a transformation programme has been established through the approval of the MTFS, \
the S151 officers' section 25 report and through the conditions that need to be met as part of the Exceptional \
Financial Support from DLUHC (Department for Levelling Up, Housing and Communities).

The report also highlights and brings to members' attention several initiatives that whilst not strictly part of \
the future facing transformation programme are an integral element in the preparation for it."""
CE_RECOMMENDATIONS = """\
To approve the transformation approach for the council.
Delegate to the Chief Executive, in consultation with the Chair & Vice Chair, authority to take all necessary steps \
to implement a whole organisation transformation programme as outlined in the report.
To provide committee and all member briefings on progress against key milestones of the programme.
To note the S151 officers' section 25 report that states that the Council must transform to create sustainable \
services.
To note the acceptance of the Exceptional Financial Support and recognise the conditions of that support, namely a \
transformation plan to be provided to DLUHC by August 2024.
To note the acceptance of a LGA (Local Government Association) grant by the Chief Executive and Chief Financial \
Officer in accordance with the rules on Supplementary Revenue Estimates set out within the Council's constitution.
To note the progress to date on the formation of the transformation programme by the Chief Executive and approve \
the procurement of Phase 1 and Phase 2 required to facilitate the programme.
To note the progress of the other work activities that are underway that are needed in support of the \
transformation programme which include the Decision-Making Accountability work and the LGA's Corporate Peer \
Challenge review."""
CE_REASONS = """\
The Council must ensure that it fulfils its statutory duties in relation to the approved budget set by council on \
the 27th February, the only way to do this is by changing systems and process to achieve the stated savings \
published within the MTFS.

A transformation programme is a key requirement that has been stipulated by DLUHC to access the exceptional \
financial support and must be provided to them within six months of acceptance of the letter from DLUHC which was \
sent on 29th February.

The transformation programme, needed to help address the financial deficit, will focus on the elements highlighted \
in the background section of this report."""
CE_BACKGROUND = """\
The ability of the Council to meet its fiscal challenges is a product of the functioning of the whole Council. It \
is therefore important to review the functioning of the Council as an effective organisation and the efficacy of \
the Council in delivering services.

The Council is embarking on an ambitious transformation programme to strengthen and improve public outcomes, create \
an organisation that can adapt to changing priorities in an agile way, be fit for the future, deliver the Cheshire \
East Council Plan, and achieve the MTFS budget savings.

The Council has committed to undertaking a LGA Corporate Peer Challenge, part of which will be a review based on \
the LGA's Transformation Capability Framework. A self-assessment was undertaken in January this year: the initial \
findings were that the Council would score towards the top end of 1 (Tactical) with some pockets in level 2 \
(Defined) and level 3 (Integrated).

The Council will instigate the transformation programme as soon as possible. There is not sufficient capacity \
within the organisation to enable this and the council will procure a delivery partner, in two distinct but \
related phases: Phase 1 (3-6 months) and Phase 2 (6-36 months).

The programme's savings position today: [[savings.approved 2024/25]] approved in the MTFS for 2024/25 against a \
target of [[savings.target 2024/25]], with [[projects.red]] projects rated Red (Appendices A to C)."""

CHORLEY_PURPOSE = "To present the Transformation Strategy for approval."
CHORLEY_SUMMARY = """\
At its meeting in November, the council considered and approved the final report on future governance models for \
the council and public services in Chorley. That report contained a series of recommendations for the \
organisation. The Transformation Strategy presented in this report has a key objective to support the organisation \
in achieving those ambitions.

The strategy sets out the key areas that will need to be considered in the delivering the change required, and \
also identifies key actions to be implemented over the next year."""
CHORLEY_RECOMMENDATIONS = "That the Transformation Strategy is approved."
CHORLEY_REASONS = (
    "The Transformation Strategy has been developed following the council's consideration of the future governance "
    "models overview report and supporting evidence. It provides a framework to support the organisation in the "
    "change that will be required to respond to the challenges in the coming years and to reach the ambitions set "
    "out in the November council reports."
)
CHORLEY_BACKGROUND = """\
At its meeting in November, the council received reports on the future governance models for the council and \
public services in the borough. This included an overview report, accompanying background evidence and an \
associated report about the development of a combined authority for Lancashire.

The overview report included a series of recommendations, around the overarching governance models for public \
services and service delivery models. The covering report presented to council also proposed developing a \
Transformation Strategy that would be considered by Executive Cabinet.

The key themes for the strategy are: customers and communities; councillors and staff; digital; governance \
models; financial, performance management and business planning.

Following the approval of the strategy, an overview action plan will be developed alongside the implementation of a \
new management structure for the organisation, and the work will be overseen by an all-party working group. The \
initial focus of the strategy is [[projects.count]] pieces of work, (a) to (j), anticipated to be delivered between \
January 2016 and the end of the 2016/17 financial year."""

HIGHLIGHT_SUMMARY = (
    "Illustrative: the sources publish no highlight report. This one is written from the demo's data to show the "
    "monthly report: [[projects.red]] projects are rated Red and [[milestones.late]] milestones are late."
)
HIGHLIGHT_DECISIONS = """\
Illustrative: agree the scope of the Phase 2 deep dives with the delivery partner.
Illustrative: note the savings at risk in the red-rated projects."""


def load(context: DemoContext) -> list[Report]:
    """Every demo report; the Cheshire East committee report is issued."""
    reports = [cheshire_east(context), chorley(context), highlight(context)]
    for report in reports:
        context.say(f"  Report: {report.title} ({report.organisation.slug}, {report.get_status_display().lower()})")
    _issue_if_possible(context, reports[0])
    return reports


def _report(context: DemoContext, organisation: Organisation, title: str, values: dict[str, Any],
            priorities: list[Objective]) -> Report:
    report = context.upsert(Report, {"organisation": organisation, "title": title, "version": 1}, values)
    wanted = {objective.pk for objective in priorities}
    if set(report.priorities.values_list("pk", flat=True)) != wanted:
        report.priorities.set(priorities)
    return report


def _objectives(organisation: Organisation, codes: list[str]) -> list[Objective]:
    return list(Objective.objects.filter(organisation=organisation, code__in=codes))


def cheshire_east(context: DemoContext) -> Report:
    organisation = Organisation.objects.get(slug="cheshire-east")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Programme")
    decision = Decision.objects.filter(organisation=organisation, code="CP/76/23-24").first()
    meeting = Meeting.objects.filter(organisation=organisation, board__title="Corporate Policy Committee",
                                     date=dt.date(2024, 3, 21)).first()
    return _report(context, organisation, CHESHIRE_EAST_TITLE, {
        "kind": ReportKind.COMMITTEE, "programme": programme, "meeting": meeting, "decision": decision,
        "decision_maker": "Corporate Policy Committee", "report_date": dt.date(2024, 3, 21),
        "report_of": "Chief Executive", "author_title": "Head of Neighbourhood Services (contact officer)",
        "author_contact": "", "wards_affected": "All wards",
        "purpose": CE_PURPOSE, "executive_summary": CE_SUMMARY, "recommendations": CE_RECOMMENDATIONS,
        "reasons": CE_REASONS, "background": CE_BACKGROUND,
        # The decision holds the implications as the report words them (finance, legal, HR, equality, risk, rural,
        # children and SEND, public health, climate); the report adds none of its own.
        "background_papers": "", "public": True, "confidential": False, "illustrative": False,
    }, _objectives(organisation, ["CP-1", "CP-2", "CP-3"]))


def chorley(context: DemoContext) -> Report:
    organisation = Organisation.objects.get(slug="chorley")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Strategy 2016")
    decision = Decision.objects.filter(organisation=organisation, code="CBC-EC-2016-01-21").first()
    meeting = Meeting.objects.filter(organisation=organisation, board__title="Executive Cabinet",
                                     date=dt.date(2016, 1, 21)).first()
    return _report(context, organisation, CHORLEY_TITLE, {
        "kind": ReportKind.COMMITTEE, "programme": programme, "meeting": meeting, "decision": decision,
        "decision_maker": "Executive Cabinet", "report_date": dt.date(2016, 1, 21),
        "report_of": "Chief Executive (introduced by the Executive Leader)", "author_title": "Project Director",
        "author_contact": "", "wards_affected": "All wards",
        "purpose": CHORLEY_PURPOSE, "executive_summary": CHORLEY_SUMMARY, "recommendations": CHORLEY_RECOMMENDATIONS,
        "reasons": CHORLEY_REASONS, "background": CHORLEY_BACKGROUND,
        "background_papers": "Future Governance Models: Final Report, Council, 24 November 2015",
        "public": True, "confidential": False, "illustrative": False,
    }, _objectives(organisation, ["SO-4"]))


def highlight(context: DemoContext) -> Report:
    organisation = Organisation.objects.get(slug="cheshire-east")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Programme")
    period = ReportingPeriod.objects.filter(organisation=organisation).order_by("-start_date").first()
    return _report(context, organisation, HIGHLIGHT_TITLE, {
        "kind": ReportKind.HIGHLIGHT, "programme": programme, "reporting_period": period,
        "decision_maker": "Transformation Board", "report_date": period.end_date if period else None,
        "report_of": "Programme manager", "author_title": "Programme manager",
        "executive_summary": HIGHLIGHT_SUMMARY, "decisions_needed": HIGHLIGHT_DECISIONS,
        "public": False, "illustrative": True,
    }, [])


def _issue_if_possible(context: DemoContext, report: Report) -> None:
    """Issue the Cheshire East committee report as its officers would: signed off by the demo's finance
    officer and monitoring officer, then issued by the programme manager, so that the demo has an issued
    report with its four files. An issued report is never issued again (loading twice changes nothing)."""
    from beacon.reports import services  # noqa: PLC0415 - the workflow imports the demo's apps, not the reverse

    finance, monitoring, programme = (context.users.get(name) for name in ("finance", "monitoring", "programme"))
    if report.issued or not (finance and monitoring and programme):
        return
    signed = set(report.sign_offs.values_list("role", flat=True))
    if "finance" not in signed:
        services.sign_off_report(report, actor=finance, role="finance", comment="Figures agree with the MTFS.")
    if "monitoring" not in signed:
        services.sign_off_report(report, actor=monitoring, role="monitoring", comment="Legal implications agreed.")
    services.issue_report(report, actor=programme)
    context.say(f"  {report.organisation.name}: “{report.title}” issued (Word, OpenDocument, PDF, HTML).")
