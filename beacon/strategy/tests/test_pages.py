"""What the strategy pages show, to whom, and forms that refuse bad input with the GOV.UK error summary and
save nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.strategy.models import Objective, Plan, PlanStatus, Principle, Priority, Theme
from beacon.testing import factories as f

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's text with tags removed and spaces collapsed: roughly what a user reads."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def plan(world):
    plan = f.PlanFactory(
        organisation=world.home, title="County Council Strategic Plan 2014-18", status=PlanStatus.COUNCIL,
        scrutiny_date=dt.date(2014, 4, 30), cabinet_date=dt.date(2014, 5, 6), council_date=dt.date(2014, 5, 21),
        period_start=dt.date(2014, 5, 21), period_end=dt.date(2018, 5, 31), description="Priorities to 2018.",
    )
    f.ThemeFactory(plan=plan, title="Leadership and Transformation", expected_priorities=4, order=1)
    growth = f.ThemeFactory(plan=plan, title="Enabling Economic Growth", order=2)
    for order, (title, count) in enumerate([("Economic", 7), ("Skills", 3), ("Transport", 4)], start=1):
        f.ThemeFactory(plan=plan, parent=growth, title=title, expected_priorities=count, order=order)
    return plan


@pytest.fixture
def priority(world, plan):
    theme = plan.themes.get(title="Skills")
    priority = f.PriorityFactory(theme=theme, code="EG-S1", title="More apprenticeships",
                                 supporting_actions="Work with colleges", measures="Apprenticeship starts",
                                 targets="1,000 starts by 2018")
    for project in ("plain", "secret"):
        world.records[project].priorities.add(priority)
    return priority


# Plans -----------------------------------------------------------------------------------------------------------


def test_plan_list_shows_status_in_words_and_the_priority_total(world, login, plan):
    page = text_of(login(world.users["viewer"]).get("/org/home/strategy/plans/"))
    assert "County Council Strategic Plan 2014-18 21 May 2014 to 31 May 2018 Council approved 2 18" in page
    assert "Add a plan" not in page
    assert "Add a plan" in text_of(login(world.users["programme"]).get("/org/home/strategy/plans/"))


def test_strategy_section_opens_on_the_plans_and_is_in_the_navigation(world, login):
    client = login(world.users["viewer"])
    response = client.get("/org/home/strategy/")
    assert response.status_code == 302
    assert response["Location"] == "/org/home/strategy/plans/"
    html = client.get("/org/home/strategy/plans/").content.decode()
    assert re.search(r'href="/org/home/strategy/plans/" aria-current="page">\s*<strong[^>]*>Strategy<', html)


def test_plan_page_shows_the_approval_route_and_the_theme_tree(world, login, plan):
    page = text_of(login(world.users["viewer"]).get(f"/org/home/strategy/plans/{plan.pk}/"))
    assert "Approval route" in page
    assert "1. Draft The plan is written Done, date not recorded" in page
    assert "2. Scrutiny Considered by scrutiny 30 April 2014" in page
    assert "3. Cabinet Approved by Cabinet 6 May 2014" in page
    assert "4. Council approved Approved by full Council 21 May 2014 Current stage" in page
    assert "Priorities 18 under 2 themes" in page  # 4 + 7 + 3 + 4: never the parent and its sub-themes twice
    assert "18 priorities under 2 themes." in page
    assert "Leadership and Transformation 4 priorities (titles not recorded)" in page
    assert "Enabling Economic Growth 14 priorities across its 3 sub-themes" in page
    assert "Economic 7 priorities (titles not recorded)" in page
    assert "Transport 4 priorities (titles not recorded)" in page
    assert "Change theme" not in page and "Add a theme" not in page


def test_a_draft_plan_shows_the_steps_not_yet_reached(world, login):
    draft = f.PlanFactory(organisation=world.home, title="Draft plan")
    page = text_of(login(world.users["programme"]).get(f"/org/home/strategy/plans/{draft.pk}/"))
    assert "1. Draft The plan is written Current stage" in page
    assert page.count("Not yet") == 3
    assert "No themes yet." in page
    assert "Add a theme" in page


def test_a_writer_gets_links_to_add_and_change_themes_and_priorities(world, login, plan):
    html = login(world.users["programme"]).get(f"/org/home/strategy/plans/{plan.pk}/").content.decode()
    growth = plan.themes.get(title="Enabling Economic Growth")
    assert f"/org/home/strategy/themes/{growth.pk}/edit/" in html
    assert f"/org/home/strategy/priorities/add/?theme={growth.pk}" in html
    assert f"/org/home/strategy/themes/add/?plan={plan.pk}&amp;parent={growth.pk}" in html


def test_a_writer_adds_a_plan_and_sees_it(world, login):
    client = login(world.users["programme"])
    response = client.post("/org/home/strategy/plans/add/", {
        "title": "Council Plan 2025-29", "status": "cabinet",
        "scrutiny_date_0": "3", "scrutiny_date_1": "2", "scrutiny_date_2": "2025",
        "cabinet_date_0": "10", "cabinet_date_1": "2", "cabinet_date_2": "2025",
    })
    plan = Plan.objects.get(title="Council Plan 2025-29")
    assert response.status_code == 302
    assert response["Location"] == f"/org/home/strategy/plans/{plan.pk}/"
    assert (plan.organisation, plan.created_by) == (world.home, world.users["programme"])
    page = text_of(client.get(response["Location"]))
    assert "Plan added: Council Plan 2025-29" in page
    assert "3. Cabinet Approved by Cabinet 10 February 2025 Current stage" in page


# Bad input: the error summary, the message on the field, nothing saved ---------------------------------------------


def assert_refused(response, field_id: str, message: str) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert f'href="#{field_id}"' in summary, summary
    assert message in summary, summary
    assert 'class="govuk-error-message"' in html


DATES = {"scrutiny_date": (30, 4, 2014), "cabinet_date": (6, 5, 2014), "council_date": (21, 5, 2014)}


def plan_post(**dates: tuple[int, int, int] | None) -> dict[str, str]:
    data = {"title": "Backwards plan", "status": "council"}
    for name, value in {**DATES, **dates}.items():
        if value:
            data.update({f"{name}_{index}": str(part) for index, part in enumerate(value)})
    return data


@pytest.mark.parametrize("dates, field, message", [
    ({"cabinet_date": (1, 4, 2014)}, "cabinet_date", "The Cabinet date must be the same as or after the scrutiny date"),
    ({"council_date": (1, 5, 2014)}, "council_date", "The full Council date must be the same as or after the Cabinet"),
    ({"council_date": None}, "council_date", "Enter the date full Council approved the plan"),
])
def test_a_plan_with_its_route_out_of_order_is_refused(world, login, dates, field, message):
    before = Plan.objects.count()
    response = login(world.users["programme"]).post("/org/home/strategy/plans/add/", plan_post(**dates))
    assert_refused(response, f"id_{field}_0", message)
    assert Plan.objects.count() == before


def test_editing_a_plan_into_a_bad_route_changes_nothing(world, login, plan):
    response = login(world.users["admin"]).post(f"/org/home/strategy/plans/{plan.pk}/edit/",
                                                {**plan_post(cabinet_date=(1, 1, 2014)), "title": "Renamed"})
    assert_refused(response, "id_cabinet_date_0", "The Cabinet date must be")
    plan.refresh_from_db()
    assert (plan.title, plan.cabinet_date) == ("County Council Strategic Plan 2014-18", dt.date(2014, 5, 6))


def test_a_theme_cannot_go_under_its_own_sub_theme(world, login, plan):
    growth = plan.themes.get(title="Enabling Economic Growth")
    skills = plan.themes.get(title="Skills")
    response = login(world.users["programme"]).post(f"/org/home/strategy/themes/{growth.pk}/edit/", {
        "plan": plan.pk, "parent": skills.pk, "title": "Enabling Economic Growth", "order": "2",
    })
    assert_refused(response, "id_parent", "A theme cannot sit under itself or under one of its own sub-themes.")
    growth.refresh_from_db()
    assert growth.parent is None


def test_a_theme_cannot_go_under_itself(world, login, plan):
    growth = plan.themes.get(title="Enabling Economic Growth")
    response = login(world.users["programme"]).post(f"/org/home/strategy/themes/{growth.pk}/edit/", {
        "plan": plan.pk, "parent": growth.pk, "title": "Enabling Economic Growth", "order": "2",
    })
    assert_refused(response, "id_parent", "A theme cannot sit under itself")


def test_a_sub_theme_under_a_theme_of_another_plan_is_refused(world, login, plan):
    second = f.PlanFactory(organisation=world.home, title="Second plan")
    growth = plan.themes.get(title="Enabling Economic Growth")
    before = Theme.objects.count()
    response = login(world.users["programme"]).post("/org/home/strategy/themes/add/", {
        "plan": second.pk, "parent": growth.pk, "title": "Stray", "order": "0",
    })
    assert_refused(response, "id_parent", "A sub-theme belongs to the same plan as its parent.")
    assert Theme.objects.count() == before


def test_a_writer_adds_a_sub_theme_from_the_plan_page(world, login, plan):
    growth = plan.themes.get(title="Enabling Economic Growth")
    client = login(world.users["programme"])
    form = client.get(f"/org/home/strategy/themes/add/?plan={plan.pk}&parent={growth.pk}").content.decode()
    assert re.search(rf'<option value="{growth.pk}" selected>Enabling Economic Growth</option>', form)
    assert f'<optgroup label="{plan.title}">' in form
    response = client.post("/org/home/strategy/themes/add/", {
        "plan": plan.pk, "parent": growth.pk, "title": "Tourism", "expected_priorities": "2", "order": "4",
    })
    theme = Theme.objects.get(title="Tourism")
    assert response["Location"] == f"/org/home/strategy/plans/{plan.pk}/#theme-{theme.pk}"
    page = text_of(client.get(f"/org/home/strategy/plans/{plan.pk}/"))
    assert "Enabling Economic Growth 16 priorities across its 4 sub-themes" in page


def test_a_priority_needs_a_theme_and_a_title(world, login, plan):
    before = Priority.objects.count()
    response = login(world.users["programme"]).post("/org/home/strategy/priorities/add/", {"code": "X"})
    assert_refused(response, "id_theme", "Select the theme")
    assert "Enter the title" in response.content.decode()
    assert Priority.objects.count() == before


def test_a_priority_of_another_council_s_theme_is_refused(world, login):
    other_theme = f.ThemeFactory(plan=f.PlanFactory(organisation=world.other))
    before = Priority.objects.count()
    response = login(world.users["programme"]).post("/org/home/strategy/priorities/add/",
                                                    {"theme": other_theme.pk, "title": "Taken"})
    assert_refused(response, "id_theme", "Select a valid choice")
    assert Priority.objects.count() == before


# Priorities -------------------------------------------------------------------------------------------------------


def test_priority_page_shows_actions_measures_targets_and_only_readable_projects(world, login, plan, priority):
    url = f"/org/home/strategy/priorities/{priority.pk}/"
    page = text_of(login(world.users["viewer"]).get(url))
    assert "Supporting actions Work with colleges" in page
    assert "Measures Apprenticeship starts" in page
    assert "Targets 1,000 starts by 2018" in page
    assert "Theme Enabling Economic Growth – Skills" in page
    assert "INT-1 Ordinary internal project" in page
    assert "Secret depot closure" not in page  # confidential: not for a viewer
    page = text_of(login(world.users["member"]).get(url))
    assert "CONF-1 Secret depot closure Confidential" in page


def test_priority_list_filters_by_plan_and_theme(world, login, plan, priority):
    other = f.PriorityFactory(theme=f.ThemeFactory(plan=f.PlanFactory(organisation=world.home)), title="Elsewhere")
    client = login(world.users["viewer"])
    page = text_of(client.get("/org/home/strategy/priorities/"))
    assert "More apprenticeships" in page and "Elsewhere" in page
    page = text_of(client.get(f"/org/home/strategy/priorities/?plan={plan.pk}"))
    assert "More apprenticeships" in page and "Elsewhere" not in page
    growth = plan.themes.get(title="Enabling Economic Growth")
    page = text_of(client.get(f"/org/home/strategy/priorities/?theme={growth.pk}"))  # a sub-theme's too
    assert "More apprenticeships" in page and "Elsewhere" not in page
    page = text_of(client.get(f"/org/home/strategy/priorities/?theme={other.theme_id}"))
    assert "More apprenticeships" not in page and "Elsewhere" in page


# Objectives and principles -------------------------------------------------------------------------------------------


def test_objectives_are_grouped_by_kind(world, login):
    f.ObjectiveFactory(organisation=world.home, kind="programme", code="TO-1", title="To work the county pound")
    strategic = f.ObjectiveFactory(organisation=world.home, kind="strategic", code="SO-1", title="A strong economy")
    strategic.projects.add(world.records["plain"])
    client = login(world.users["viewer"])
    page = text_of(client.get("/org/home/strategy/objectives/"))
    assert page.index("Strategic objectives / corporate priorities") < page.index("SO-1 A strong economy") < page.index(
        "Programme objectives") < page.index("TO-1 To work the county pound")
    page = text_of(client.get(f"/org/home/strategy/objectives/{strategic.pk}/"))
    assert "Strategic objective / corporate priority" in page
    assert "Projects linked to this objective" in page
    assert "INT-1 Ordinary internal project" in page


def test_principles_list_detail_and_add(world, login):
    client = login(world.users["admin"])
    assert "No service design principles recorded yet." in text_of(client.get("/org/home/strategy/principles/"))
    response = client.post("/org/home/strategy/principles/add/", {"code": "DP-1", "title": "Digital by default",
                                                                  "source": "Illustrative"})
    principle = Principle.objects.get(title="Digital by default")
    assert response["Location"] == f"/org/home/strategy/principles/{principle.pk}/"
    principle.projects.add(world.records["public"])
    page = text_of(client.get(response["Location"]))
    assert "Principle added: Digital by default" in page
    assert "PUB-1 Public library remodel" in page
    assert "DP-1 Digital by default" in text_of(client.get("/org/home/strategy/principles/"))
    before = Principle.objects.count()
    assert_refused(client.post("/org/home/strategy/principles/add/", {"code": "DP-2"}), "id_title", "Enter the title")
    assert Principle.objects.count() == before


def test_an_objective_added_from_a_group_has_that_kind(world, login):
    client = login(world.users["programme"])
    form = client.get("/org/home/strategy/objectives/add/?kind=programme").content.decode()
    assert re.search(r'value="programme" checked', form)
    response = client.post("/org/home/strategy/objectives/add/", {"kind": "programme", "title": "Balance the books"})
    assert response.status_code == 302
    assert Objective.objects.get(title="Balance the books").kind == "programme"


# Query counts ------------------------------------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(world, n: int) -> None:
    """``n`` of each record: plans with themes and priorities, objectives, principles."""
    org = world.home
    plans = Plan.objects.bulk_create(Plan(organisation=org, title=f"Plan {i:03}") for i in range(n))
    themes = Theme.objects.bulk_create(Theme(organisation=org, plan=plan, title=f"Theme {plan.title}")
                                       for plan in plans)
    Priority.objects.bulk_create(Priority(organisation=org, theme=theme, title=f"Priority {i}")
                                 for i, theme in enumerate(themes))
    Objective.objects.bulk_create(
        Objective(organisation=org, title=f"Objective {i}", kind=("strategic", "programme")[i % 2]) for i in range(n)
    )
    Principle.objects.bulk_create(Principle(organisation=org, title=f"Principle {i}") for i in range(n))


LIST_PAGES = ["/org/home/strategy/plans/", "/org/home/strategy/priorities/", "/org/home/strategy/objectives/",
              "/org/home/strategy/principles/"]


def test_list_pages_use_the_same_number_of_queries_at_20_and_200_records(world, login):
    client = login(world.users["viewer"])
    grow(world, 20)
    small = {url: count_queries(client, url) for url in LIST_PAGES}
    grow(world, 180)
    large = {url: count_queries(client, url) for url in LIST_PAGES}
    assert small == large


def test_plan_page_queries_do_not_grow_with_its_themes(world, login, plan):
    client = login(world.users["viewer"])
    url = f"/org/home/strategy/plans/{plan.pk}/"
    before = count_queries(client, url)
    growth = plan.themes.get(title="Enabling Economic Growth")
    for i in range(30):
        theme = f.ThemeFactory(plan=plan, parent=growth, title=f"Extra {i}")
        f.PriorityFactory(theme=theme)
    assert count_queries(client, url) == before
