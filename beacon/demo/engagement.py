"""Engagement and place demo data (PRODUCT C8) for the four seed councils, run after their programmes, money, KPIs
and boards exist.

- Chorley: one partnership per spatial level of the Public Service Reform Executive's paper 'Moving towards a
  place-based system of public services' (seed 003): pan-Lancashire, networked boroughs (central Lancashire), the
  borough (the Chorley Public Service Reform Partnership, with its members and history from
  data/seed-councils/chorley.md section B) and the Chorley East testbed locality.
- Northumberland: the hackathons members suggested and the consultations with the public, members and front-line
  staff that the committee minute of January 2023 describes (seed 002), and the ideas they produced. One accepted
  idea became the adult social care savings project, whose delivered savings are credited to it.
- Cheshire East: target operating models for the services of the report's paragraph 10 on the six parameters of
  its paragraph 20 (seed 004), and the budget consultation of November 2025.
- Leicestershire: the consultation of summer 2013 that its Strategic Plan took account of (seed 001, paragraph 24).

The seeds describe engagement as intended, not as it happened: dates, participant numbers, ideas and their
outcomes are the demo's and each such record is flagged illustrative, its source saying what the seed gives.
People are named by their role titles only. Ideas go through the engagement services (submitted, reviewed,
accepted or declined, moderated) the first time they are loaded; loading again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from beacon.core.models import Council, Organisation
from beacon.demo.loader import MONTH_END_NOTE, DemoContext, sources
from beacon.engagement import services
from beacon.engagement.models import (
    Event,
    EventKind,
    EventStatus,
    Idea,
    IdeaStatus,
    Locality,
    Moderation,
    OperatingModel,
    OperatingModelParameter,
    OperatingModelStatus,
    Parameter,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
    PartnershipStatus,
    Sector,
    SpatialLevel,
    Submitter,
)
from beacon.governance.models import Board
from beacon.performance.models import Kpi
from beacon.programmes.models import Programme, Project, Workstream

M = TypeVar("M", bound=models.Model)

# Sources ---------------------------------------------------------------------------------------------------------

NORTH_SEED = (
    "Northumberland County Council, committee minute on the Strategic Change Business Plan, January 2023 "
    "(Beacon seed 002)."
)
NORTH_CARE_REVIEWS = (
    "Care-package reviews: £3m in the 2024/25 adult social care savings and again in the 2025/26 draft budget "
    "(Beacon data/seed-councils/northumberland.md, section C; "
    "https://www.morpethherald.co.uk/news/politics/council/deputy-council-leader-claims-front-line-services-in-"
    "northumberland-wont-be-affected-by-ps32m-savings-needed-by-2028-4477963)"
)
NORTH_EVENT_NOTE = (
    "Illustrative: the minute records that engagement would be through consultations and that officers took on "
    "board members' suggestion of hackathons; it gives no dates, numbers or outcomes, so those are the demo's."
)
NORTH_IDEA_NOTE = (
    "Illustrative: an idea the demo derives from the minute; its submitter, dates, status and moderation are the "
    "demo's."
)
CHORLEY_PSR_SEED = (
    "Chorley Public Service Reform Executive, 'Moving towards a place-based system of public services' (Beacon "
    "seed 003)."
)
CHORLEY_HISTORY = "Beacon data/seed-councils/chorley.md, section B (the partnership's structure and phases, 2014-2019)."
NO_CHORLEY_EAST = (
    "Nothing about the Chorley East testbed after this paper was found in the public sources searched (Beacon "
    "data/seed-councils/chorley.md): its wards, population and results are not recorded."
)
CE_SEED = (
    "Cheshire East Council, Corporate Policy Committee 21 March 2024, 'Cheshire East Approach to Transformation', "
    "report CP/76/23-24 of the Chief Executive (Beacon seed 004)"
)
CE_FOLLOW_ON = "Beacon data/seed-councils/cheshire-east.md (follow-on facts, with their sources)."
CE_NEW_MODEL = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "transformation-–-what-will-be-different-for-residents.aspx (new operating model announced, 2 May 2025)"
)
CE_BUDGET_CONSULTATION = (
    "https://www.cheshireeast.gov.uk/council_and_democracy/council_information/media_hub/media_releases/"
    "cheshire-east-council-invites-residents-to-have-their-say-on-budget-proposals-for-the-next-four-years.aspx "
    "(18 November 2025)",
    "https://marketingwam.co.uk/news/cheshire-east-council-consults-on-budget-proposals (November 2025)",
)
LEICS_SEED = (
    "Leicestershire County Council, Cabinet 6 May 2014, 'County Council Strategic Plan and Transformation "
    "Programme', joint report of the Chief Executive and Director of Corporate Resources (Beacon seed 001), "
    "paragraph 24."
)


def load(context: DemoContext) -> None:
    """Every council's engagement records."""
    for loader in (chorley, northumberland, cheshire_east, leicestershire):
        organisation = loader(context)
        context.say(f"  {organisation.name} engagement: {summary(organisation)}")


def summary(organisation: Organisation) -> str:
    counts = {
        "partnerships": Partnership.objects.filter(organisation=organisation).count(),
        "localities": Locality.objects.filter(organisation=organisation).count(),
        "events": Event.objects.filter(organisation=organisation).count(),
        "ideas": Idea.objects.filter(organisation=organisation).count(),
        "operating models": OperatingModel.objects.filter(organisation=organisation).count(),
    }
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count) or "nothing"


# Helpers ---------------------------------------------------------------------------------------------------------


def sync_rows(context: DemoContext, model: type[M], existing: dict[Any, M], wanted: dict[Any, dict[str, Any]],
              base: dict[str, Any], *, fresh: bool = False) -> None:
    """Make the rows ``wanted`` (by key) exist with their values: missing ones in one bulk insert, changed ones in
    one bulk update, each validated first and each with its history row naming the demo programme manager.
    ``fresh`` rows were made blank a moment ago (a new operating model's parameters): filling them counts as
    creating them."""
    new: list[M] = []
    changed: list[M] = []
    fields: set[str] = set()
    now = timezone.now()
    for key, values in wanted.items():
        record = existing.get(key)
        if record is None:
            record = model(**base, **values)
            record.created_by = record.modified_by = context.actor  # type: ignore[attr-defined]
            record.full_clean()
            new.append(record)
            continue
        diff = [name for name, value in values.items() if getattr(record, name) != value]
        if not diff:
            context.tally.unchanged += 1
            continue
        for name in diff:
            setattr(record, name, values[name])
        record.modified_by = context.actor  # type: ignore[attr-defined]
        record.modified_at = now  # type: ignore[attr-defined]  # a bulk update does not set auto_now fields
        record.full_clean()
        changed.append(record)
        fields.update(diff)
    if new:
        bulk_create_with_history(new, model, default_user=context.actor)
        context.tally.created += len(new)
    if changed:
        bulk_update_with_history(changed, model, [*sorted(fields), "modified_by", "modified_at"],
                                 default_user=context.actor)
        if fresh:
            context.tally.created += len(changed)
        else:
            context.tally.updated += len(changed)


def set_links(manager: Any, records: Iterable[models.Model]) -> None:
    """Set a many-to-many link to exactly ``records``, touching nothing when it already holds them."""
    wanted = {record.pk for record in records}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)


def register_council(gss_code: str) -> Council:
    council = Council.objects.filter(gss_code=gss_code, current=True).first()
    if council is None:
        raise LookupError(f"The council register has no current council with GSS code {gss_code}.")
    return council


@dataclass(frozen=True)
class Member:
    """A member body: a council from the register (by GSS code) or another body by name."""

    sector: str
    role_title: str = "Member"
    gss_code: str = ""
    body_name: str = ""


def members(context: DemoContext, partnership: Partnership, rows: Sequence[Member]) -> None:
    existing: dict[Any, PartnershipMember] = {}
    for record in PartnershipMember.objects.filter(partnership=partnership):
        existing[("council", record.council_id) if record.council_id else ("body", record.body_name)] = record
    wanted: dict[Any, dict[str, Any]] = {}
    for order, row in enumerate(rows, start=1):
        council = register_council(row.gss_code) if row.gss_code else None
        key = ("council", council.pk) if council else ("body", row.body_name)
        wanted[key] = {"council": council, "body_name": row.body_name, "sector": row.sector,
                       "role_title": row.role_title, "order": order}
    sync_rows(context, PartnershipMember, existing, wanted,
              {"organisation": partnership.organisation, "partnership": partnership})


def milestones(context: DemoContext, partnership: Partnership,
               rows: Sequence[tuple[dt.date, str, str, str]]) -> None:
    """The partnership's history: (date, title, description, source)."""
    existing = {(m.date, m.title): m for m in PartnershipMilestone.objects.filter(partnership=partnership)}
    wanted = {(date, title): {"date": date, "title": title, "description": description, "source": source}
              for date, title, description, source in rows}
    sync_rows(context, PartnershipMilestone, existing, wanted,
              {"organisation": partnership.organisation, "partnership": partnership})


def partnership(context: DemoContext, organisation: Organisation, title: str, *,
                programmes: Iterable[Programme] = (), boards: Iterable[Board] = (), **values: Any) -> Partnership:
    record = context.upsert(Partnership, {"organisation": organisation, "title": title}, values)
    set_links(record.programmes, programmes)
    set_links(record.boards, boards)
    return record


def event(context: DemoContext, organisation: Organisation, title: str, **values: Any) -> Event:
    return context.upsert(Event, {"organisation": organisation, "title": title}, values)


@dataclass(frozen=True)
class IdeaSpec:
    """An idea as the demo shows it: who put it forward (a kind of person and a role title, never a name), when,
    from which event, and the path it took through review, with the day of each step and its reason."""

    title: str
    description: str
    submitter: str
    role_title: str
    submitted_on: dt.date
    source: str
    event: str = ""  # the title of the event it came from
    workstream: str = ""
    path: tuple[tuple[str, dt.date, str], ...] = ()  # (status, day, reason)
    project: str = ""  # the code of the project an accepted idea became
    moderation: str = Moderation.PENDING
    public: bool = False
    submitted_by: str = ""  # the demo user who submitted it, signed in; never for a resident
    voters: tuple[str, ...] = ()  # demo users who support it
    illustrative: bool = True


def idea(context: DemoContext, organisation: Organisation, spec: IdeaSpec, *, events: dict[str, Event],
         workstreams: dict[str, Workstream], projects: dict[str, Project]) -> Idea:
    """The idea ``spec``: the first time, submitted through the engagement services (which give it the
    organisation's next code) and taken along its path by the programme manager; afterwards only its descriptive
    fields are brought up to date (its status is never taken through review again)."""
    event_ = events[spec.event] if spec.event else None
    workstream = workstreams[spec.workstream] if spec.workstream else None
    values: dict[str, Any] = {
        "description": spec.description,
        "submitter_role_title": spec.role_title,
        "submitted_on": spec.submitted_on,
        "event": event_,
        "workstream": workstream,
        "source": spec.source,
        "illustrative": spec.illustrative,
    }
    if Idea.objects.filter(organisation=organisation, title=spec.title).exists():
        return context.upsert(Idea, {"organisation": organisation, "title": spec.title}, values)
    if spec.submitter == Submitter.RESIDENT and spec.submitted_by:
        raise ValueError("A resident's idea records no person.")
    submitter = context.users[spec.submitted_by] if spec.submitted_by else None
    record = services.submit_idea(
        organisation=organisation, title=spec.title, description=spec.description, submitter=spec.submitter,
        actor=submitter, workstream=workstream, submitter_role_title=spec.role_title, event=event_,
        from_public_form=spec.submitter == Submitter.RESIDENT,
    )
    record._history_user = context.actor  # type: ignore[attr-defined]  # read by django-simple-history
    record.submitted_on, record.source, record.illustrative = spec.submitted_on, spec.source, spec.illustrative
    record.full_clean()
    record.save(update_fields=["submitted_on", "source", "illustrative", "modified_at"])
    for status, day, reason in spec.path:
        project = projects[spec.project] if status == IdeaStatus.ACCEPTED else None
        services.change_idea_status(record, status, actor=context.actor, reason=reason, project=project, today=day)
    if spec.moderation != Moderation.PENDING:
        services.moderate_idea(record, actor=context.actor, moderation=spec.moderation, public=spec.public)
    for username in spec.voters:
        services.vote(record, actor=context.users[username])
    context.tally.created += 1
    return record


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# Chorley: the place-based system of public services --------------------------------------------------------------

CHORLEY_PSR_MEMBERS = [
    Member(Sector.LOCAL_GOVERNMENT, "Chair (Council Leader)", gss_code="E07000118"),
    Member(Sector.LOCAL_GOVERNMENT, gss_code="E10000017"),
    Member(Sector.FIRE, body_name="Lancashire Fire and Rescue Service"),
    Member(Sector.POLICE, body_name="Lancashire Constabulary"),
    Member(Sector.HEALTH, body_name="Lancashire Teaching Hospitals"),
    Member(Sector.HEALTH, body_name="Chorley and South Ribble Clinical Commissioning Group"),
    Member(Sector.HEALTH, body_name="Lancashire Care NHS Trust"),
    Member(Sector.VOLUNTARY, body_name="VCFS Network (voluntary, community and faith sector)"),
    Member(Sector.OTHER, body_name="Live Well Champion"),
    Member(Sector.VOLUNTARY, body_name="Age UK Lancashire"),
    Member(Sector.CENTRAL_GOVERNMENT, body_name="Department for Work and Pensions"),
    Member(Sector.EDUCATION, body_name="Runshaw College"),
    Member(Sector.BUSINESS, body_name="Business member"),
]
CHORLEY_PSR_THEMES = "\n".join(
    ["Building community capacity", "Establishing a single front line", "Enhanced multi-disciplinary approaches"]
)
CHORLEY_PSR_HISTORY = [
    (month_end(2014, 4), "The Chorley Partnership becomes the Chorley Public Service Reform Board",
     "The local strategic partnership becomes the Public Service Reform Board, chaired by the council leader, with "
     f"thirteen member bodies. {MONTH_END_NOTE}",
     "https://democracy.chorley.gov.uk/mgAi.aspx?ID=37558"),
    (dt.date(2014, 4, 1), "Corporate Strategy 2014/15: 'Deliver the Chorley PSR Board work plan'",
     "Two of the council's 18 Corporate Strategy projects for 2014/15 are 'Deliver the Chorley PSR Board work plan' "
     "and 'Investigate future business models for public services'. Date: the start of 2014/15 (the source gives "
     "the strategy year only).",
     "https://democracy.chorley.gov.uk/mgAi.aspx?ID=35444"),
    (month_end(2015, 6), "Public Service Reform Strategy approved",
     "Vision: integrated, value-for-money public services by 2020. A three-year programme: Year 1 'One public "
     "service for Chorley', Year 2 integrated provider partnerships, Year 3 integrated commissioning. "
     f"{MONTH_END_NOTE}",
     "https://vdocuments.site/chorley-public-service-reform-partnership-2015-09-15-4-leadership-to-develop-partners"
     ".html (Year 1 Outline Business Case and Action Plan 2015/16; a document mirror, medium confidence)"),
    (month_end(2015, 9), "First meeting of the Implementation Group",
     "Its first tasks: map locality activity, agree data sources and understand demand across the system. "
     f"{MONTH_END_NOTE}",
     "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=740&MId=4732&Ver=4"),
    (dt.date(2016, 2, 18), "Executive Cabinet receives a partnership update",
     "An update on the Public Service Reform Partnership, with the final report of the Single Front Office scrutiny "
     "task group.",
     "https://docslib.org/doc/2531116/public-pack-agenda-document-for-executive-cabinet-18-02-2016-18-00 (a "
     "document mirror, medium confidence)"),
    (dt.date(2016, 9, 27), "Year One evaluation",
     "Three workstreams: place-based service integration; effective multi-disciplinary team working; resilient "
     "communities. Lessons: co-locate staff; digital is essential; a shared intelligence function.",
     "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=791&MID=5491 ; "
     "https://democracy.chorley.gov.uk/mgAi.aspx?ID=47920"),
    (dt.date(2017, 10, 18), "Further evaluation findings",
     "Links made to 'Our Health, Our Care' (central Lancashire) and the Out of Hospital strategy; a programme "
     "management office in place.",
     "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=791&MId=6222&Ver=4"),
    (dt.date(2019, 4, 23), "Population Health Management pilot",
     "An NHS England pilot over 20 weeks covering 58,000 people, with five exemplar sites and a frailty cohort.",
     "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=791&MId=7451&Ver=4"),
    (dt.date(2019, 11, 19), "Work programme of seven workstreams",
     "Four reform pathways in workstream 1; Wellbeing and Health in Integrated Neighbourhoods (WHINs) social-"
     "prescribing link workers in post; the multi-agency locality team 'PIVOT' is business as usual in the "
     "council's Integrated Community Wellbeing service.",
     "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=791&MId=7825&Ver=4"),
]


def chorley(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="chorley")
    programmes = list(Programme.objects.filter(organisation=organisation, title="Transformation Strategy 2016"))
    boards = list(Board.objects.filter(
        organisation=organisation,
        title__in=["Chorley Public Service Reform Executive", "Public Service Reform Implementation Group"],
    ))
    pan = partnership(
        context, organisation, "Lancashire local authority Leaders' group and the emerging Combined Authority",
        spatial_level=SpatialLevel.PAN_COUNTY,
        focus="Strategic direction of the health economy and economic growth",
        description=(
            "The pan-Lancashire level of the place-based system of public services (paper, paragraph 11). The "
            "paper asks the Chorley Executive to receive regular updates from the emerging Combined Authority, "
            "overseen by the Lancashire local authority Leaders' group, and to support reform at other spatial "
            "levels such as the Sustainability and Transformation Plan, avoiding duplication (paragraphs 17-18). "
            "The Transformation Strategy's initial action (c) is to work to develop and implement the combined "
            "authority for Lancashire."
        ),
        chair_title="", status=PartnershipStatus.ACTIVE, parent=None,
        source=sources(CHORLEY_PSR_SEED, "Members: Beacon records only the two councils whose part the sources "
                                         "show; the paper does not list the group's members."),
        illustrative=False,
    )
    members(context, pan, [Member(Sector.LOCAL_GOVERNMENT, "Member (Council Leader)", gss_code="E10000017"),
                           Member(Sector.LOCAL_GOVERNMENT, "Member (Council Leader)", gss_code="E07000118")])
    networked = partnership(
        context, organisation, "Central Lancashire Health and Wellbeing Partnership",
        spatial_level=SpatialLevel.NETWORKED_BOROUGHS,
        focus="Health and social care integration and resilience",
        description=(
            "The networked-boroughs level (paper, paragraph 11). A paper like the Chorley Executive's was presented "
            "to this partnership on 10 February, and the Executive asks for regular updates from it on its areas "
            "of focus (paragraphs 5 and 18). Later evaluations of the Chorley partnership link its work to 'Our "
            "Health, Our Care' in central Lancashire (18 October 2017)."
        ),
        chair_title="", status=PartnershipStatus.ACTIVE, parent=pan,
        source=sources(CHORLEY_PSR_SEED, "https://democracy.chorley.gov.uk/ieListDocuments.aspx?CId=791&MId=6222&Ver=4",
                       "Members: the paper does not list them; Beacon records only Chorley Council's part."),
        illustrative=False,
    )
    members(context, networked, [Member(Sector.LOCAL_GOVERNMENT, gss_code="E07000118")])
    borough = partnership(
        context, organisation, "Chorley Public Service Reform Partnership",
        spatial_level=SpatialLevel.BOROUGH,
        focus="Prevention and early intervention, and developing community resilience",
        themes=CHORLEY_PSR_THEMES,
        description=(
            "The key partnership for the borough (population 111,000) as a strong advocate and collective driver "
            "for change, complementing reform at other spatial levels; its aim is a 'perfect locality', starting "
            "with a testbed locality in Chorley East (paper, paragraphs 2, 8, 11-12, 16). Collective leadership "
            "comes from senior managers through the Executive; the Implementation Group builds the capacity to "
            "implement the programme the Executive agrees (paragraphs 13-14)."
        ),
        terms_of_reference=(
            "The Executive provides clear and strong leadership to the Implementation Group and, more widely, to "
            "local public services in Chorley. It recognises the reform work at other spatial levels (such as the "
            "Sustainability and Transformation Plan) and supports it, avoiding duplication, while shaping it to "
            "support the priorities of the Chorley Public Service Reform Strategy; it receives regular updates "
            "from the central Lancashire Health and Wellbeing Partnership and the emerging Combined Authority. The "
            "Chair of the Implementation Group reviews how the group works and reports back to the Executive "
            "(paragraphs 3, 16-19)."
        ),
        chair_title="Council Leader",
        status=PartnershipStatus.ACTIVE,
        start_date=month_end(2014, 4),
        parent=networked,
        funding="Transformation Challenge Award: funding secured to support and accelerate elements of the work "
                "programme, as set out in the paper agreed in January (paragraph 15).",
        source=sources(CHORLEY_PSR_SEED, CHORLEY_HISTORY,
                       f"Start date: the Chorley Partnership became the Public Service Reform Board in April 2014. "
                       f"{MONTH_END_NOTE}"),
        illustrative=False,
        programmes=programmes, boards=boards,
    )
    members(context, borough, CHORLEY_PSR_MEMBERS)
    milestones(context, borough, CHORLEY_PSR_HISTORY)
    context.upsert(
        Locality, {"partnership": borough, "title": "Chorley East"},
        {
            "organisation": organisation,
            "testbed": True,
            "description": (
                "The testbed locality for the partnership's aim of a 'perfect locality': one of the pieces of work "
                "the Executive approved (paper, paragraph 2)."
            ),
            "wards": "",
            "population": None,
            "source": sources(CHORLEY_PSR_SEED, NO_CHORLEY_EAST),
            "illustrative": False,
        },
    )
    partnership(
        context, organisation, "Chorley East testbed locality partnership",
        spatial_level=SpatialLevel.LOCALITY,
        focus="Prevention and early intervention, and community resilience, in the Chorley East testbed locality",
        themes=CHORLEY_PSR_THEMES,
        description=(
            "The locality level of the place-based system: the partners' work in the Chorley East testbed, where "
            "new ways of working are tried first. Illustrative: the paper names the testbed and gives the borough "
            "and its localities one focus, but does not describe a separate locality partnership; Beacon records "
            "one so that each spatial level has its record."
        ),
        chair_title="", status=PartnershipStatus.ACTIVE, parent=borough,
        source=sources(CHORLEY_PSR_SEED, NO_CHORLEY_EAST),
        illustrative=True,
    )
    return organisation


# Northumberland: hackathons, consultations and the ideas they produced ---------------------------------------------

NORTH_EVENTS: list[dict[str, Any]] = [
    {
        "title": "Consultation with residents on the Strategic Change Programme",
        "kind": EventKind.CONSULTATION, "status": EventStatus.HELD,
        "date": dt.date(2023, 3, 1), "end_date": dt.date(2023, 4, 30),
        "audience": "Residents and customers", "location": "Online and at customer service points",
        "workstream": "Best Services to Customers", "participants": 412, "public": True,
        "description": "Engagement with the public, which members were told was key to the programme's success.",
        "outcomes": "Ideas on road repairs, finding streets and the use of consultants (see the ideas from this "
                    "consultation). Illustrative.",
    },
    {
        "title": "Engagement sessions with front-line staff",
        "kind": EventKind.STAFF_SESSION, "status": EventStatus.HELD,
        "date": dt.date(2023, 2, 20), "end_date": dt.date(2023, 3, 17),
        "audience": "Front-line staff who deliver services", "location": "County Hall and area offices",
        "workstream": "", "participants": 180, "public": False,
        "description": "Front-line staff actually deliver services and can best identify what the council is doing "
                       "right and where it can be better (committee minute).",
        "outcomes": "Ideas on care-package reviews, pothole repairs and training for new ways of working. "
                    "Illustrative.",
    },
    {
        "title": "Consultation with elected members on detailed proposals",
        "kind": EventKind.CONSULTATION, "status": EventStatus.PLANNED,
        "date": None, "end_date": None,  # set relative to the load day below
        "audience": "Elected members (overview and scrutiny committees)", "location": "County Hall",
        "workstream": "", "participants": None, "public": True,
        "description": "More detailed proposals to be brought to committees for members to comment on, such as "
                       "innovation from the council, effective potholing and the 'find my street' programme; members "
                       "welcomed the opportunity for further scrutiny as the programme developed.",
        "outcomes": "",
    },
    {
        "title": "Hackathon: effective potholing",
        "kind": EventKind.HACKATHON, "status": EventStatus.PROPOSED, "date": None, "end_date": None,
        "audience": "Stakeholders in the issue, with officers", "location": "",
        "workstream": "Best Services to Customers", "participants": None, "public": True,
        "description": "Members suggested hackathons to engage with stakeholders over certain issues, and officers "
                       "took the suggestion on board. Effective potholing is one of the proposals the minute names.",
        "outcomes": "",
    },
    {
        "title": "Hackathon: 'find my street'",
        "kind": EventKind.HACKATHON, "status": EventStatus.PROPOSED, "date": None, "end_date": None,
        "audience": "Stakeholders in the issue, with officers", "location": "",
        "workstream": "Best Use of Technology", "participants": None, "public": True,
        "description": "Members suggested hackathons to engage with stakeholders over certain issues, and officers "
                       "took the suggestion on board. The 'find my street' programme is one of the proposals the "
                       "minute names.",
        "outcomes": "",
    },
]

RESIDENTS = "Consultation with residents on the Strategic Change Programme"
STAFF = "Engagement sessions with front-line staff"
NORTH_IDEAS = [
    IdeaSpec(
        title="Hold hackathons with stakeholders on problem issues",
        description="Use hackathons to engage with stakeholders over certain issues, as part of the council looking "
                    "to be more innovative in dealing with problem issues.",
        submitter=Submitter.COUNCILLOR, role_title="Member of the overview and scrutiny committee",
        submitted_on=dt.date(2023, 1, 16), submitted_by="member",
        path=((IdeaStatus.UNDER_REVIEW, dt.date(2023, 1, 17), "Officers took the suggestion on board."),),
        moderation=Moderation.PUBLISHED, public=True, voters=("viewer",),
        source=sources(NORTH_SEED, "The suggestion is the minute's; the date (the committee met in January 2023, "
                                   "before Cabinet on 17 January) and its status are illustrative."),
    ),
    IdeaSpec(
        title="Review care packages with the people who receive them",
        description="Front-line social workers see care packages that no longer match what people need. Review "
                    "them with each person and their family, so that support fits and money follows need.",
        submitter=Submitter.STAFF, role_title="Front-line social worker, Adult Social Care",
        submitted_on=dt.date(2023, 2, 23), event=STAFF, workstream="Best in Class Commissioning",
        submitted_by="lead",
        path=((IdeaStatus.UNDER_REVIEW, dt.date(2023, 3, 1), ""),
              (IdeaStatus.ACCEPTED, dt.date(2023, 3, 20),
               "Taken into the adult social care savings project (NCC-ASC), which includes care-package reviews.")),
        project="NCC-ASC", moderation=Moderation.PUBLISHED, public=True,
        source=sources(NORTH_SEED, NORTH_CARE_REVIEWS, NORTH_IDEA_NOTE),
    ),
    IdeaSpec(
        title="Effective potholing: repair potholes right first time",
        description="Repair a pothole properly the first time, and group nearby repairs into one visit, rather "
                    "than returning to patch the same stretch of road.",
        submitter=Submitter.STAFF, role_title="Highways operative, front-line",
        submitted_on=dt.date(2023, 3, 2), event=STAFF, workstream="Best Services to Customers",
        path=((IdeaStatus.UNDER_REVIEW, dt.date(2023, 3, 15), "To come to committee as a detailed proposal."),),
        moderation=Moderation.PUBLISHED, public=True, voters=("lead", "viewer", "member"),
        source=sources(NORTH_SEED, "Effective potholing is a proposal the minute names. " + NORTH_IDEA_NOTE),
    ),
    IdeaSpec(
        title="'Find my street': help people find a street and what is happening on it",
        description="One place online to find a street and see the works, collections and services on it.",
        submitter=Submitter.RESIDENT, role_title="Resident",
        submitted_on=dt.date(2023, 3, 8), event=RESIDENTS, workstream="Best Use of Technology",
        moderation=Moderation.PUBLISHED, public=True, voters=("viewer",),
        source=sources(NORTH_SEED, "The 'find my street' programme is a proposal the minute names. "
                       + NORTH_IDEA_NOTE),
    ),
    IdeaSpec(
        title="Train staff in the new ways of working as services come together",
        description="As services are streamlined into centres of excellence, train the staff who move so that "
                    "existing staff are upskilled rather than replaced.",
        submitter=Submitter.STAFF, role_title="Business support officer",
        submitted_on=dt.date(2023, 3, 9), event=STAFF, workstream="Best Talent and Opportunities",
        submitted_by="viewer",
        path=((IdeaStatus.UNDER_REVIEW, dt.date(2023, 3, 20), ""),),
        moderation=Moderation.HIDDEN, public=False,
        source=sources(NORTH_SEED, "The minute hopes that existing staff would be upskilled. Hidden from the public "
                                   "pages: it concerns a confidential project. " + NORTH_IDEA_NOTE),
    ),
    IdeaSpec(
        title="Do the transformation work in-house instead of paying consultants",
        description="Use the council's own staff for the programme rather than a delivery partner and consultants.",
        submitter=Submitter.RESIDENT, role_title="Resident",
        submitted_on=dt.date(2023, 3, 14), event=RESIDENTS,
        path=((IdeaStatus.UNDER_REVIEW, dt.date(2023, 3, 20), ""),
              (IdeaStatus.DECLINED, dt.date(2023, 4, 3),
               "The council does not have the specialism and capacity in-house. Outside partners bring specialism "
               "and additional capacity; earlier transformation programmes without them had not succeeded, and a "
               "delivery partner and consultants make the programme more accountable (committee minute, January "
               "2023).")),
        moderation=Moderation.PUBLISHED, public=True,
        source=sources(NORTH_SEED, "The reason given is the minute's answer to members' questions. "
                       + NORTH_IDEA_NOTE),
    ),
    IdeaSpec(
        title="Use residents' reports to decide which roads to repair first",
        description="Put the road problems residents report on a map and use the data to decide where to repair "
                    "first.",
        submitter=Submitter.RESIDENT, role_title="Resident",
        submitted_on=dt.date(2023, 4, 10), event=RESIDENTS, workstream="Best Use of Technology",
        source=sources(NORTH_SEED, "The minute says the council would look at how data could be used to best "
                                   "effect. " + NORTH_IDEA_NOTE),
    ),
]


def northumberland(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="northumberland")
    programme = Programme.objects.get(organisation=organisation, code="BEST")
    workstreams = {w.title: w for w in Workstream.objects.filter(programme=programme)}
    events: dict[str, Event] = {}
    for row in NORTH_EVENTS:
        values = dict(row)
        title = values.pop("title")
        if values["status"] == EventStatus.PLANNED:
            values["date"] = context.days(45)
        values["workstream"] = workstreams[values["workstream"]] if values["workstream"] else None
        extra = ("Dates: set relative to the day the demo was loaded." if values["status"] == EventStatus.PLANNED
                 else "")
        events[title] = event(context, organisation, title, programme=programme, illustrative=True,
                              source=sources(NORTH_SEED, NORTH_EVENT_NOTE, extra), **values)
    projects = {p.code: p for p in Project.objects.filter(organisation=organisation)}
    for spec in NORTH_IDEAS:
        idea(context, organisation, spec, events=events, workstreams=workstreams, projects=projects)
    return organisation


# Cheshire East: target operating models ------------------------------------------------------------------------

@dataclass(frozen=True)
class ModelSpec:
    title: str
    service: str
    owner_title: str
    description: str
    projects: tuple[str, ...]
    kpis: tuple[str, ...]
    parameters: dict[str, tuple[str, str]]  # parameter → (as-is, to-be)
    public: bool = False


CE_MODELS = [
    ModelSpec(
        title="Adults, Health and Integration target operating model",
        service="Adults, Health and Integration",
        owner_title="Executive Director of Adults, Health and Integration",
        description=(
            "How adult social care and health integration should run once transformed: one of the directorates whose "
            "bespoke programmes of improvement, change and transformation the whole-organisation programme brings "
            "together (paragraphs 10-11)."
        ),
        projects=("CEC-AH",), kpis=("CEC-ASC2", "CEC-ASC5"), public=True,
        parameters={
            Parameter.VALUE_PROPOSITION: (
                "A service-specific programme of improvement over the past 18 months; social work practice and "
                "commissioned care services reviewed (paragraphs 10, 42).",
                "More people supported to stay in their own homes where that is the most cost-effective option, "
                "shown by the adult social care KPIs linked here (paragraphs 20(i), 42).",
            ),
            Parameter.TARGET_CUSTOMERS: (
                "Adults with care and support needs, in a borough with a large difference in residents' health "
                "(paragraph 43).",
                "Adults with the highest need, each with the right home for each stage of their lives (paragraph 42; "
                "Transformation Plan, Social Care area).",
            ),
            Parameter.STAKEHOLDERS: (
                "Commissioned care providers; health partners.",
                "The council working with partners to improve health outcomes, with public health embedded across "
                "its functions; new pricing strategies and negotiating approaches with commissioned providers "
                "(paragraphs 42-44).",
            ),
            Parameter.STRUCTURE: (
                "A standalone directorate programme, missing the chance to adopt consistent approaches to change "
                "(paragraph 11).",
                "Part of the whole-organisation programme, with a management delivery board chaired and sponsored "
                "by a member of the Corporate Leadership Team; more people trained to work in social care "
                "(paragraphs 15, 42).",
            ),
            Parameter.CONFIGURATION: (
                "Assessment and support planning done largely by hand.",
                "Technology adopted for assessment and support planning (the Digital Acceleration Programme) and new "
                "tools for pricing commissioned services (paragraph 42; follow-on facts).",
            ),
            Parameter.COST_STRUCTURE: (
                "Budget growth of £9m for adult social care in 2024/25 (budget, 1 March 2024).",
                "Prevention, learning-disability service transformation and commissioning reform: £11.8m over "
                "several years (budget consultation, November 2025).",
            ),
        },
    ),
    ModelSpec(
        title="Children's Services target operating model",
        service="Children's Services",
        owner_title="Executive Director of Children's Services",
        description=(
            "How children's services should run once transformed, for children and young people including cared "
            "for children, care leavers and children with special educational needs and disabilities (paragraphs "
            "10, 40-41)."
        ),
        projects=("CEC-RCRH", "CEC-CF"), kpis=("CEC-CLA-STABLE", "CEC-CL-EET", "CEC-EHCP-20WK"),
        parameters={
            Parameter.VALUE_PROPOSITION: (
                "Services judged Inadequate by Ofsted (published 16 May 2024); SEND services reviewed with the "
                "Department for Education (paragraph 40).",
                "The Together Strategy, a four-year programme to excellence: doing different for less, with further "
                "integration and practice improvement (paragraph 41), shown by the KPIs linked here.",
            ),
            Parameter.TARGET_CUSTOMERS: (
                "Children and young people, including cared for children, care leavers and children with SEND.",
                "Children with the highest need, more of them reunified with their families or living in better-"
                "matched homes (Transformation Plan, Social Care area; Right Child, Right Home).",
            ),
            Parameter.STAKEHOLDERS: (
                "The Department for Education, on SEND (paragraph 40).",
                "Continued work with the Department for Education, and with health and education partners on "
                "education, health and care plans.",
            ),
            Parameter.STRUCTURE: (
                "A bespoke, service-specific programme (paragraph 10).",
                "Children's transformation projects folded into the wider programme, with a dedicated children's "
                "programme team for 12 to 18 months (August 2025, follow-on facts).",
            ),
            Parameter.CONFIGURATION: (
                "Education, health and care plan workflows handled by hand.",
                "AI support in education, health and care plan workflows (the Digital Acceleration Programme).",
            ),
            Parameter.COST_STRUCTURE: (
                "Budget growth of £14.3m for children and families in 2024/25 (budget, 1 March 2024).",
                "Long-term financial affordability and sustainability of SEND services (paragraph 40); placement "
                "reviews and new accommodation models: £3.8m over several years (November 2025).",
            ),
        },
    ),
    ModelSpec(
        title="Place target operating model",
        service="Place (Planning, Libraries, Leisure, Housing)",
        owner_title="Executive Director of Place",
        description=(
            "How the Place directorate's services should run once transformed: Planning (a targeted programme of "
            "change), Libraries and Leisure (reviewed, with proposals for re-commissioning and re-configuration) "
            "and Housing (restructuring) (paragraph 10)."
        ),
        projects=("CEC-CL", "CEC-OM", "CEC-TP", "CEC-ADV", "CEC-EHC"), kpis=("CEC-CT-BASE", "CEC-EMP"),
        parameters={
            Parameter.VALUE_PROPOSITION: (
                "Separate reviews: a targeted programme of change in Planning, full reviews of Library and Leisure "
                "Services, Housing Services restructuring (paragraph 10).",
                "A thriving and sustainable place (Corporate Plan aim, paragraph 31), on the way to carbon "
                "neutrality by 2027 (paragraph 45), shown by the KPIs linked here.",
            ),
            Parameter.TARGET_CUSTOMERS: (
                "Residents, businesses and visitors using planning, library, leisure and housing services.",
                "Residents served through self-service available 24/7, with specialised support for those who need "
                "it (paragraph 7(ii)); rural communities considered (paragraph 39).",
            ),
            Parameter.STAKEHOLDERS: (
                "Providers of leisure and library services; the National Trust at Tatton Park.",
                "Library and leisure services re-commissioned and re-configured (paragraph 10); a reviewed "
                "arrangement with the National Trust at Tatton Park (follow-on facts).",
            ),
            Parameter.STRUCTURE: (
                "Housing Services restructuring (paragraph 10); assets managed service by service.",
                "A refreshed corporate-landlord model across the council, with a revived Strategic Asset Board "
                "(follow-on facts).",
            ),
            Parameter.CONFIGURATION: (
                "Services configured separately, each with its own buildings.",
                "An Asset Management Plan aligned to service requirements, with surplus assets disposed of "
                "(paragraph 7(vii)); a library remodel and waste changes (Transformation Plan, Place area).",
            ),
            Parameter.COST_STRUCTURE: (
                "The council's subsidy to Tatton Park: £849,000 a year towards a running cost of about £5m (2022).",
                "Corporate Landlord £50,000 and Outbound Mail £300,000 (2025/26); environmental (habitat) credits "
                "£1m (2026/27) (follow-on facts).",
            ),
        },
    ),
]


def cheshire_east(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="cheshire-east")
    programme = Programme.objects.get(organisation=organisation, title="Transformation Programme")
    projects = {p.code: p for p in Project.objects.filter(organisation=organisation)}
    kpis = {k.code: k for k in Kpi.objects.filter(organisation=organisation)}
    for spec in CE_MODELS:
        operating_model(context, organisation, spec, programme=programme, projects=projects, kpis=kpis)
    event(
        context, organisation, "Budget consultation: have your say on the proposals for the next four years",
        kind=EventKind.CONSULTATION, status=EventStatus.HELD, date=dt.date(2025, 11, 18), end_date=None,
        description=(
            "Residents invited to have their say on the budget proposals for the next four years, including "
            "vacancy management (about £8.3m), full-cost recovery on fees and charges (£1.25m), environmental "
            "credits (£1m), adults and health proposals (£11.8m) and children and families proposals (£3.8m)."
        ),
        audience="Residents", location="Online", programme=programme, workstream=None, participants=None,
        outcomes="", public=True, illustrative=False,
        source=sources(*CE_BUDGET_CONSULTATION, "Participants and outcomes: not found in the sources."),
    )
    return organisation


def operating_model(context: DemoContext, organisation: Organisation, spec: ModelSpec, *, programme: Programme,
                    projects: dict[str, Project], kpis: dict[str, Kpi]) -> OperatingModel:
    """The model made through the engagement services (with its six parameter rows) and its as-is and to-be
    text filled in."""
    values = {
        "service": spec.service, "description": spec.description, "programme": programme,
        "status": OperatingModelStatus.DRAFT, "owner_title": spec.owner_title,
        "target_date": dt.date(2027, 3, 31), "public": spec.public, "illustrative": True,
        "source": sources(
            f"{CE_SEED}: the six parameters are paragraph 20's; the services are paragraph 10's.",
            "Illustrative: the as-is and to-be text is Beacon's, written from the paragraphs it cites and the "
            "follow-on facts; the report sets no operating model for any service.",
            "Target date: Phase 2 sets out a transformed authority that goes out to 2027 (paragraph 14(b)).",
            CE_FOLLOW_ON, CE_NEW_MODEL,
        ),
    }
    record = OperatingModel.objects.filter(organisation=organisation, title=spec.title).first()
    fresh = record is None
    if record is None:
        record = services.create_operating_model(organisation=organisation, actor=context.actor, title=spec.title,
                                                 **values)
        context.tally.created += 1
    else:
        record = context.upsert(OperatingModel, {"organisation": organisation, "title": spec.title}, values)
    set_links(record.projects, [projects[code] for code in spec.projects])
    set_links(record.kpis, [kpis[code] for code in spec.kpis])
    rows = {row.parameter: row for row in services.ensure_parameters(record)}
    wanted = {parameter: {"as_is": as_is, "to_be": to_be} for parameter, (as_is, to_be) in spec.parameters.items()}
    sync_rows(context, OperatingModelParameter, rows, wanted, {}, fresh=fresh)
    return record


# Leicestershire: the consultation of summer 2013 -----------------------------------------------------------------


def leicestershire(context: DemoContext) -> Organisation:
    organisation = Organisation.objects.get(slug="leicestershire")
    programme = Programme.objects.filter(organisation=organisation, title="Transformation Programme").first()
    event(
        context, organisation, "Consultation on the council's priorities, summer 2013",
        kind=EventKind.CONSULTATION, status=EventStatus.HELD,
        date=dt.date(2013, 6, 1), end_date=dt.date(2013, 8, 31),
        description=(
            "A detailed consultation exercise to understand resident and stakeholder views, which the priorities and "
            "approach of the Strategic Plan 2014-18 and the Transformation Programme take account of, with cost "
            "and performance information (report paragraph 24)."
        ),
        audience="Residents and stakeholders", location="", programme=programme, workstream=None,
        participants=None,
        outcomes="The priorities and approach of the Strategic Plan 2014-18 and the Transformation Programme.",
        public=True, illustrative=True,
        source=sources(LEICS_SEED, "Illustrative dates: the report says 'over summer 2013'; June to August is the "
                                   "demo's reading. Participants: not given."),
    )
    return organisation
