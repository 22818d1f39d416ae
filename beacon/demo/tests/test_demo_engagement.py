"""The demo's engagement and place records (PRODUCT C8): Chorley's partnerships by spatial level with the Chorley
East testbed, Northumberland's hackathons, consultations and ideas (one accepted and credited with its project's
delivered savings), Cheshire East's target operating models on the six parameters; what the seeds do not give
is flagged illustrative, no person is named, and loading again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Sum
from django.test import override_settings

from beacon.engagement import services
from beacon.engagement.models import (
    Event,
    EventKind,
    EventStatus,
    Idea,
    IdeaStatus,
    IdeaVote,
    Locality,
    Moderation,
    OperatingModel,
    OperatingModelParameter,
    Parameter,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
    Sector,
    SpatialLevel,
    Submitter,
)
from beacon.finance.models import SavingsLine

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ENGAGEMENT_MODELS = [Event, Idea, IdeaVote, Partnership, PartnershipMember, PartnershipMilestone, Locality,
                     OperatingModel, OperatingModelParameter]
# People named in the seeds and the follow-on data: the demo uses role titles instead.
PEOPLE = ["Polkinghorne", "Sinnott", "Sanderson", "Willis", "Gardner", "Kelly", "McFarlane", "Andy Brown",
          "Gary Hall", "Allman", "Glen ", "Jan ", "Rob ", "@"]


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


def counts() -> dict[str, int]:
    tally = {model.__name__: model._default_manager.count() for model in ENGAGEMENT_MODELS}
    tally.update({f"history of {model.__name__}": model.history.count()  # type: ignore[attr-defined]
                  for model in ENGAGEMENT_MODELS if hasattr(model, "history")})
    return tally


def texts(model: type[models.Model]) -> str:
    names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
    return "\n".join(value for row in model._default_manager.values_list(*names) for value in row if value)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheEngagementDemo:
    def test_progress_output_and_counts_per_organisation(self, demo):
        assert "Chorley Borough Council engagement: partnerships 4, localities 1" in demo
        expected = {
            # slug: (partnerships, localities, events, ideas, operating models)
            "chorley": (4, 1, 0, 0, 0),
            "northumberland": (0, 0, 5, 7, 0),
            "cheshire-east": (0, 0, 1, 0, 3),
            "leicestershire": (0, 0, 1, 0, 0),
        }
        for slug, numbers in expected.items():
            found = tuple(model.objects.filter(organisation__slug=slug).count()
                          for model in (Partnership, Locality, Event, Idea, OperatingModel))
            assert found == numbers, slug

    def test_chorley_has_one_partnership_per_spatial_level_nested_by_level(self):
        partnerships = Partnership.objects.filter(organisation__slug="chorley")
        by_level = {p.spatial_level: p for p in partnerships}
        assert sorted(by_level) == sorted(SpatialLevel.values)
        pan = by_level[SpatialLevel.PAN_COUNTY]
        assert pan.focus == "Strategic direction of the health economy and economic growth"
        assert by_level[SpatialLevel.NETWORKED_BOROUGHS].title == "Central Lancashire Health and Wellbeing Partnership"
        assert by_level[SpatialLevel.NETWORKED_BOROUGHS].focus == "Health and social care integration and resilience"
        assert by_level[SpatialLevel.NETWORKED_BOROUGHS].parent == by_level[SpatialLevel.PAN_COUNTY]
        assert by_level[SpatialLevel.BOROUGH].parent == by_level[SpatialLevel.NETWORKED_BOROUGHS]
        assert by_level[SpatialLevel.LOCALITY].parent == by_level[SpatialLevel.BOROUGH]

    def test_the_borough_partnership_from_the_paper_and_its_history(self):
        psr = Partnership.objects.get(organisation__slug="chorley", title="Chorley Public Service Reform Partnership")
        assert psr.spatial_level == SpatialLevel.BOROUGH
        assert "Prevention and early intervention" in psr.focus and "community resilience" in psr.focus
        assert psr.theme_list == ["Building community capacity", "Establishing a single front line",
                                  "Enhanced multi-disciplinary approaches"]
        assert "Transformation Challenge Award" in psr.funding
        assert psr.chair_title == "Council Leader"
        assert {b.title for b in psr.boards.all()} == {"Chorley Public Service Reform Executive",
                                                      "Public Service Reform Implementation Group"}
        assert [p.code for p in psr.programmes.all()] == ["TS"]
        members = list(psr.members.select_related("council"))
        assert len(members) == 13
        councils = {m.council.gss_code: m for m in members if m.council_id}
        assert set(councils) == {"E07000118", "E10000017"}  # Chorley and Lancashire, from the register
        assert councils["E07000118"].role_title == "Chair (Council Leader)"
        assert {m.name: m.sector for m in members if not m.council_id}["Lancashire Constabulary"] == Sector.POLICE
        assert {m.sector for m in members} >= {Sector.LOCAL_GOVERNMENT, Sector.FIRE, Sector.POLICE, Sector.HEALTH,
                                               Sector.VOLUNTARY, Sector.CENTRAL_GOVERNMENT, Sector.EDUCATION,
                                               Sector.BUSINESS}
        history = list(psr.milestones.all())
        assert len(history) == 9
        assert all("chorley.gov.uk" in m.source or "http" in m.source for m in history)
        assert history[0].date.year == 2014 and history[-1].date.isoformat() == "2019-11-19"

    def test_chorley_east_testbed_with_the_gap_in_the_sources_said(self):
        testbed = Locality.objects.get(organisation__slug="chorley", title="Chorley East")
        assert testbed.testbed
        assert testbed.partnership.spatial_level == SpatialLevel.BOROUGH
        assert "Nothing about the Chorley East testbed after this paper was found" in testbed.source
        locality = Partnership.objects.get(organisation__slug="chorley", spatial_level=SpatialLevel.LOCALITY)
        assert locality.illustrative and "Illustrative" in locality.description

    def test_northumberland_hackathons_are_proposed_and_consultations_reach_three_audiences(self):
        events = Event.objects.filter(organisation__slug="northumberland")
        hackathons = events.filter(kind=EventKind.HACKATHON)
        assert hackathons.count() == 2
        assert all(e.status == EventStatus.PROPOSED and e.date is None and e.illustrative for e in hackathons)
        assert all("committee minute on the Strategic Change Business Plan" in e.source for e in events)
        audiences = " ".join(events.exclude(kind=EventKind.HACKATHON).values_list("audience", flat=True)).lower()
        assert "residents" in audiences and "members" in audiences and "front-line staff" in audiences
        assert all(e.illustrative for e in events)
        assert Event.objects.filter(organisation__slug="leicestershire", kind=EventKind.CONSULTATION,
                                    status=EventStatus.HELD).exists()

    def test_northumberland_ideas_across_the_lifecycle(self):
        ideas = Idea.objects.filter(organisation__slug="northumberland").order_by("code")
        assert [i.code for i in ideas] == [f"IDEA-{n:04d}" for n in range(1, 8)]
        assert {i.status for i in ideas} == set(IdeaStatus.values)
        assert {i.submitter for i in ideas} >= {Submitter.STAFF, Submitter.RESIDENT, Submitter.COUNCILLOR}
        titles = " ".join(i.title.lower() for i in ideas)
        assert "potholing" in titles and "find my street" in titles
        declined = ideas.get(status=IdeaStatus.DECLINED)
        assert declined.public and declined.moderation == Moderation.PUBLISHED
        assert "specialism" in declined.status_reason and declined.decided_on is not None
        assert ideas.filter(moderation=Moderation.PUBLISHED, public=True).count() >= 3
        pending = ideas.filter(moderation=Moderation.PENDING)
        assert pending.count() == 1 and not pending.get().public
        assert all(i.illustrative for i in ideas)
        assert IdeaVote.objects.filter(idea__organisation__slug="northumberland").exists()

    def test_the_accepted_idea_is_credited_with_its_project_s_delivered_savings(self):
        accepted = Idea.objects.get(organisation__slug="northumberland", status=IdeaStatus.ACCEPTED)
        assert accepted.project.code == "NCC-ASC"
        delivered = SavingsLine.objects.filter(project=accepted.project).aggregate(total=Sum("delivered_pence"))
        assert delivered["total"] > 0
        programme = get_user_model().objects.get(username="programme")
        credit = services.credits([accepted], programme)[accepted.pk]
        assert credit.delivered_pence == delivered["total"]
        assert services.credits([accepted], None)[accepted.pk].delivered_pence == delivered["total"]  # public

    def test_no_resident_idea_records_a_person(self):
        residents = Idea.objects.filter(submitter=Submitter.RESIDENT)
        assert residents.exists()
        assert not residents.filter(submitted_by__isnull=False).exists()
        assert not residents.exclude(created_by=None).exists()

    def test_every_cheshire_east_model_has_six_filled_parameters(self):
        models_ = OperatingModel.objects.filter(organisation__slug="cheshire-east")
        assert {m.service for m in models_} == {"Adults, Health and Integration", "Children's Services",
                                                "Place (Planning, Libraries, Leisure, Housing)"}
        for model in models_:
            rows = list(model.parameters.all())
            assert [r.parameter for r in rows] == Parameter.values, model
            assert all(r.to_be.strip() and r.as_is.strip() for r in rows), model
            assert model.illustrative and "paragraph 20" in model.source and "CP/76/23-24" in model.source
            assert model.projects.exists() and model.kpis.exists(), model
            assert all(p.organisation_id == model.organisation_id for p in model.projects.all())
        assert models_.filter(public=True).count() == 1

    def test_records_pass_validation_name_no_one_and_have_sources(self):
        for model in ENGAGEMENT_MODELS[:-1]:
            for record in model._default_manager.all():
                if hasattr(record, "full_clean"):
                    record.full_clean()
        blob = "\n".join(texts(model) for model in ENGAGEMENT_MODELS if model is not IdeaVote).lower()
        for name in PEOPLE:
            assert name.lower() not in blob, name
        for model in (Event, Idea, Partnership, Locality, OperatingModel):
            assert not model.objects.filter(source="").exists(), model.__name__

    def test_loading_again_changes_nothing(self):
        before = counts()
        out = StringIO()
        call_command("loaddemo", stdout=out)
        assert counts() == before
        assert "0 created, 0 updated" in out.getvalue()
