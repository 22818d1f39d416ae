"""Engagement and place in a real browser: a viewer's idea is voted for, reviewed and accepted into a new project
by the programme manager (without JavaScript), and is then credited with what the project saves; a resident
sends an idea through the public form without JavaScript, and it is shown publicly only once moderated; and every
engagement page, signed-in and public, passes axe-core with records on it (a named URL of the engagement app or a
public engagement page that is neither swept nor listed in NOT_PAGES fails the test)."""

from __future__ import annotations

import time
from typing import Self

from pages import SCREENSHOTS, BasePage, assert_accessible
from playwright.sync_api import Locator, Page, expect

from beacon.engagement import services
from beacon.engagement.models import (
    Idea,
    IdeaStatus,
    Locality,
    Moderation,
    OperatingModel,
    Parameter,
    PartnershipMember,
    PartnershipMilestone,
    SpatialLevel,
)
from beacon.testing import factories as f
from beacon.testing.world import World

NOT_PAGES = {
    "engagement:idea-vote": "a POST-only action from the idea's page (the journey presses its button)",
}
PUBLIC_PAGES = ("public:ideas", "public:idea-new", "public:events", "public:partnerships", "public:partnership",
                "public:operating-models", "public:operating-model")


class IdeaPage(BasePage):
    def open(self, org: str, pk: int) -> Self:
        self.goto(f"/org/{org}/engagement/ideas/{pk}/")
        return self

    @property
    def summary(self) -> Locator:
        return self.main.locator(".govuk-summary-list").first

    def change_status(self, status: str) -> Self:
        self.page.get_by_role("group", name="New status").get_by_label(status, exact=True).check()
        return self

    def press(self, name: str) -> Self:
        self.main.get_by_role("button", name=name, exact=True).click()
        return self


def test_a_viewers_idea_becomes_a_project_and_is_credited(page: Page, page_nojs: Page, world: World,
                                                         signed_in) -> None:
    signed_in(page, "viewer")
    page.goto("/org/home/engagement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ideas")
    page.get_by_role("button", name="Submit an idea").click()
    form = BasePage(page)
    expect(form.heading).to_have_text("Submit an idea")
    assert_accessible(page, "engagement-idea-submit")
    page.get_by_role("button", name="Submit idea").click()
    expect(form.error_summary).to_contain_text("Describe the idea")
    assert_accessible(page, "engagement-idea-submit-errors")
    page.get_by_label("Title", exact=True).fill("Share one fleet of vans across services")
    page.get_by_label("Describe the idea").fill("Highways, waste and libraries each lease vans; pool them.")
    page.get_by_label("Member of staff", exact=True).check()
    page.get_by_label("Role, team or service (optional)").fill("Fleet team")
    page.get_by_role("button", name="Submit idea").click()
    idea = Idea.objects.get(title="Share one fleet of vans across services")
    expect(form.success_banner).to_contain_text(f"Idea submitted: {idea.code}")
    expect(form.heading).to_have_text("Share one fleet of vans across services")
    ideas = IdeaPage(page)
    expect(ideas.summary).to_contain_text("New")
    expect(ideas.summary).to_contain_text("Member of staff")
    expect(ideas.main).not_to_contain_text("viewer")  # the submitter is a kind of person, never a user's name
    ideas.press(f"Vote for {idea.title}")
    expect(ideas.main).to_contain_text("1 vote")
    assert_accessible(page, "engagement-idea-voted")

    # The programme manager reviews and accepts it into a new project, with JavaScript off.
    signed_in(page_nojs, "programme")
    review = IdeaPage(page_nojs).open("home", idea.pk)
    review.change_status("Under review").press("Change status")
    expect(review.success_banner).to_be_visible()
    review.change_status("Accepted").press("Change status")
    expect(review.error_summary).to_contain_text("Choose the project the idea becomes, or make a new one.")
    page_nojs.screenshot(path=SCREENSHOTS / "engagement-idea-accept-errors-nojs.png", full_page=True)
    review.change_status("Accepted")
    page_nojs.get_by_label("Or a new project in this programme (when accepting)").select_option(
        label="Home Transformation Programme")
    review.press("Change status")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ACCEPTED and idea.project is not None
    assert idea.project.title == "Share one fleet of vans across services" and idea.project.stage == "idea"
    page_nojs.screenshot(path=SCREENSHOTS / "engagement-idea-accepted-nojs.png", full_page=True)

    # Finance confirms savings on the project: the idea is credited with them.
    f.SavingsLineFactory(project=idea.project, amount_pence=80_000_00, state="delivered", delivered_pence=60_000_00)
    page.reload()
    expect(ideas.main).to_contain_text("Accepted")
    expect(ideas.main).to_contain_text("£60,000")
    expect(ideas.main).to_contain_text("£80,000")
    assert_accessible(page, "engagement-idea-credited")


def sweep_records(world: World) -> dict[str, dict[str, int]]:
    """One record of each kind that the engagement pages show, public where it can be; URL kwargs by URL name."""
    home, r = world.home, world.records
    idea = services.submit_idea(organisation=home, title="Open the library on Sundays", description="Volunteers.",
                                actor=world.users["viewer"], workstream=r["workstream"])
    services.moderate_idea(idea, actor=world.users["programme"], moderation=Moderation.PUBLISHED)
    event = f.EventFactory(organisation=home, title="Potholes hackathon", public=True, status="held",
                           participants=40, outcomes="Three ideas")
    Idea.objects.filter(pk=idea.pk).update(event=event)
    council = f.CouncilFactory(name="Home County")
    partnership = f.PartnershipFactory(organisation=home, title="Home Public Service Reform Partnership",
                                       spatial_level=SpatialLevel.BOROUGH, focus="Prevention", public=True,
                                       themes="Building community capacity\nA single front line")
    member = PartnershipMember.objects.create(organisation=home, partnership=partnership, council=council,
                                              sector="local_government", role_title="Member")
    PartnershipMember.objects.create(organisation=home, partnership=partnership, body_name="Home Constabulary",
                                     sector="police")
    locality = Locality.objects.create(organisation=home, partnership=partnership, title="Home East", testbed=True,
                                       population=12000)
    PartnershipMilestone.objects.create(organisation=home, partnership=partnership, date="2015-06-01",
                                        title="Strategy approved")
    model = services.create_operating_model(organisation=home, actor=None, title="Adult social care model",
                                            service="Adult social care", public=True)
    for row in model.parameters.all():
        row.as_is, row.to_be = f"Now: {row.parameter}", f"Later: {row.parameter}"
        row.save()
    model.projects.add(r["plain"])
    assert OperatingModel.objects.get(pk=model.pk).parameters.count() == len(Parameter.values)
    return {
        "engagement:idea-detail": {"pk": idea.pk}, "engagement:idea-edit": {"pk": idea.pk},
        "engagement:idea-status": {"pk": idea.pk}, "engagement:idea-moderate": {"pk": idea.pk},
        "engagement:event-detail": {"pk": event.pk}, "engagement:event-edit": {"pk": event.pk},
        "engagement:partnership-detail": {"pk": partnership.pk}, "engagement:partnership-edit": {"pk": partnership.pk},
        "engagement:partnership-member-create": {"pk": partnership.pk},
        "engagement:partnership-member-edit": {"pk": partnership.pk, "member_pk": member.pk},
        "engagement:partnership-member-remove": {"pk": partnership.pk, "member_pk": member.pk},
        "engagement:locality-create": {"pk": partnership.pk},
        "engagement:locality-edit": {"pk": partnership.pk, "locality_pk": locality.pk},
        "engagement:partnership-milestone-create": {"pk": partnership.pk},
        "engagement:operating-model-detail": {"pk": model.pk}, "engagement:operating-model-edit": {"pk": model.pk},
        "engagement:operating-model-parameters": {"pk": model.pk},
        "public:partnership": {"pk": partnership.pk}, "public:operating-model": {"pk": model.pk},
    }


def page_urls(kwargs_by_name: dict[str, dict[str, int]]) -> list[tuple[str, str]]:
    from django.urls import get_resolver, reverse

    resolver = get_resolver()
    names = [f"engagement:{key}" for key in resolver.namespace_dict["engagement"][1].reverse_dict
             if isinstance(key, str)]
    found = []
    for name in sorted(names) + list(PUBLIC_PAGES):
        if name in NOT_PAGES:
            continue
        found.append((name, reverse(name, kwargs={"org": "home", **kwargs_by_name.get(name, {})})))
    return found


def test_every_engagement_page_passes_axe(page: Page, world: World, signed_in) -> None:
    urls = page_urls(sweep_records(world))
    public = [(name, path) for name, path in urls if name.startswith("public:")]
    for name, path in public:  # the public pages, before signing in
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{name} {path}: {response and response.status}"
        assert_accessible(page, f"sweep-{name.replace(':', '-')}")
    signed_in(page, "admin")
    for name, path in urls:
        if name.startswith("public:"):
            continue
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{name} {path}: {response and response.status}"
        assert_accessible(page, f"sweep-{name.replace(':', '-')}")
    page.goto("/org/home/engagement/operating-models/1000000/")
    expect(BasePage(page).heading).to_contain_text("not found", ignore_case=True)


def test_a_resident_sends_an_idea_without_javascript(page_nojs: Page, world: World) -> None:
    form = BasePage(page_nojs)
    page_nojs.goto("/public/home/ideas/new/")
    expect(form.heading).to_contain_text("idea")
    expect(form.main).not_to_contain_text("E-mail")
    time.sleep(2.2)  # the form refuses posts sent faster than a person could write one
    page_nojs.get_by_label("Your idea in a few words").fill("Light the path through the park")
    page_nojs.get_by_label("Describe your idea").fill("The path is dark after four in winter.")
    page_nojs.get_by_label("A resident", exact=True).check()
    page_nojs.get_by_role("button", name="Send idea").click()
    idea = Idea.objects.get(title="Light the path through the park")
    expect(form.main).to_contain_text(idea.code)
    page_nojs.screenshot(path=SCREENSHOTS / "engagement-public-idea-thanks-nojs.png", full_page=True)
    assert idea.submitted_by is None and idea.created_by is None and idea.moderation == Moderation.PENDING
    page_nojs.goto("/public/home/ideas/")
    expect(form.main).not_to_contain_text("Light the path through the park")
    services.moderate_idea(idea, actor=world.users["programme"], moderation=Moderation.PUBLISHED)
    page_nojs.reload()
    expect(form.main).to_contain_text("Light the path through the park")
    page_nojs.screenshot(path=SCREENSHOTS / "engagement-public-ideas-nojs.png", full_page=True)
