"""The strategy API (/api/v1/plans, themes, priorities, objectives): fields, organisation isolation, roles and
bad input refused with a reason and nothing saved."""

from __future__ import annotations

import pytest

from beacon.strategy.models import Objective, Plan, Priority, Theme
from beacon.testing import factories as f
from beacon.testing.clients import client_for

pytestmark = pytest.mark.django_db




@pytest.fixture
def strategy(world):
    plan = f.PlanFactory(organisation=world.home, title="Corporate Plan 2025-29")
    theme = f.ThemeFactory(plan=plan, title="Thriving communities")
    sub_theme = f.ThemeFactory(plan=plan, parent=theme, title="Safe streets")
    priority = f.PriorityFactory(theme=theme, code="P1", title="Fewer people sleeping rough")
    objective = f.ObjectiveFactory(organisation=world.home, kind="programme", code="O1", title="Balance the budget")
    other_plan = f.PlanFactory(organisation=world.other, title="Other plan")
    other_theme = f.ThemeFactory(plan=other_plan, title="Other theme")
    other_priority = f.PriorityFactory(theme=other_theme, title="Other priority")
    other_objective = f.ObjectiveFactory(organisation=world.other, title="Other objective")
    return {
        "plan": plan, "theme": theme, "sub_theme": sub_theme, "priority": priority, "objective": objective,
        "other_plan": other_plan, "other_theme": other_theme, "other_priority": other_priority,
        "other_objective": other_objective,
    }


def assert_refused(response, field: str) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:500])
    body = response.json()
    assert field in body, body
    return body


# Fields -------------------------------------------------------------------------------------------------------


def test_plan_fields(world, strategy):
    row = client_for(world.users["viewer"]).get(f"/api/v1/plans/{strategy['plan'].pk}/").json()
    assert row["id"] == strategy["plan"].pk
    assert row["organisation"] == "home"
    assert row["title"] == "Corporate Plan 2025-29"
    assert row["status"] == "draft"


def test_theme_has_its_plan_and_a_null_parent_at_the_top_level(world, strategy):
    client = client_for(world.users["viewer"])
    top = client.get(f"/api/v1/themes/{strategy['theme'].pk}/").json()
    assert top["plan"] == strategy["plan"].pk
    assert top["parent"] is None
    sub = client.get(f"/api/v1/themes/{strategy['sub_theme'].pk}/").json()
    assert sub["parent"] == strategy["theme"].pk
    body = client.get("/api/v1/themes/", {"top_level": "true"}).json()
    assert [row["title"] for row in body["results"]] == ["Thriving communities"]


def test_priority_and_objective_fields(world, strategy):
    client = client_for(world.users["viewer"])
    priority = client.get(f"/api/v1/priorities/{strategy['priority'].pk}/").json()
    assert priority["theme"] == strategy["theme"].pk
    assert priority["code"] == "P1"
    objective = client.get(f"/api/v1/objectives/{strategy['objective'].pk}/").json()
    assert objective["kind"] == "programme"
    assert objective["code"] == "O1"
    assert objective["title"] == "Balance the budget"
    assert "description" in objective


def test_objectives_filter_by_kind(world, strategy):
    f.ObjectiveFactory(organisation=world.home, kind="strategic", title="A strategic one")
    client = client_for(world.users["viewer"])
    body = client.get("/api/v1/objectives/", {"kind": "strategic"}).json()
    assert [row["title"] for row in body["results"]] == ["A strategic one"]
    assert client.get("/api/v1/objectives/", {"kind": "tactical"}).status_code == 400


# Isolation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", ["plans", "themes", "priorities", "objectives"])
def test_outsider_sees_only_their_own_organisation(world, strategy, collection):
    client = client_for(world.users["outsider"])
    body = client.get(f"/api/v1/{collection}/").json()
    assert body["count"] > 0
    assert {row["organisation"] for row in body["results"]} == {"other"}
    assert client.get(f"/api/v1/{collection}/", {"organisation": "home"}).json()["count"] == 0


@pytest.mark.parametrize("name, collection", [
    ("plan", "plans"), ("theme", "themes"), ("priority", "priorities"), ("objective", "objectives"),
])
def test_outsider_cannot_read_or_change_a_home_record(world, strategy, name, collection):
    record = strategy[name]
    client = client_for(world.users["outsider"])
    assert client.get(f"/api/v1/{collection}/{record.pk}/").status_code == 404
    assert client.patch(f"/api/v1/{collection}/{record.pk}/", {"title": "Taken"}, format="json").status_code == 404
    record.refresh_from_db()
    assert record.title != "Taken"


def test_outsider_cannot_create_in_home(world, strategy):
    before = Plan.objects.count()
    response = client_for(world.users["outsider"]).post("/api/v1/plans/", {"organisation": "home", "title": "X"},
                                                        format="json")
    assert_refused(response, "organisation")
    assert Plan.objects.count() == before


def test_outsider_cannot_hang_a_theme_on_a_home_plan(world, strategy):
    before = Theme.objects.count()
    response = client_for(world.users["outsider"]).post(
        "/api/v1/themes/", {"organisation": "other", "plan": strategy["plan"].pk, "title": "X"}, format="json"
    )
    assert_refused(response, "plan")
    assert Theme.objects.count() == before


def test_a_manager_of_both_cannot_mix_organisations(world, strategy):
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role="programme")
    f.MembershipFactory(user=both, organisation=world.other, role="programme")
    client = client_for(both)
    before = (Theme.objects.count(), Priority.objects.count())
    response = client.post("/api/v1/themes/", {"organisation": "home", "plan": strategy["other_plan"].pk,
                                               "title": "Mixed"}, format="json")
    assert_refused(response, "plan")
    response = client.post("/api/v1/priorities/", {"organisation": "home", "theme": strategy["other_theme"].pk,
                                                   "title": "Mixed"}, format="json")
    assert_refused(response, "theme")
    assert (Theme.objects.count(), Priority.objects.count()) == before


def test_a_manager_of_both_cannot_move_an_objective_to_the_other_organisation(world, strategy):
    both = f.UserFactory(username="both")
    f.MembershipFactory(user=both, organisation=world.home, role="programme")
    f.MembershipFactory(user=both, organisation=world.other, role="programme")
    objective = strategy["objective"]
    response = client_for(both).patch(f"/api/v1/objectives/{objective.pk}/", {"organisation": "other"},
                                      format="json")
    assert_refused(response, "organisation")
    objective.refresh_from_db()
    assert objective.organisation == world.home


def test_filtering_by_another_organisations_plan_does_not_confirm_it_exists(world, strategy):
    client = client_for(world.users["outsider"])
    foreign = client.get("/api/v1/themes/", {"plan": strategy["plan"].pk})
    unknown = client.get("/api/v1/themes/", {"plan": 999999})
    assert foreign.status_code == unknown.status_code, (foreign.json(), unknown.json())


# Roles -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["finance", "monitoring", "member", "lead", "viewer"])
def test_only_writers_create_strategy_records(world, strategy, role):
    client = client_for(world.users[role])
    before = (Plan.objects.count(), Objective.objects.count())
    assert client.post("/api/v1/plans/", {"organisation": "home", "title": "X"}, format="json").status_code == 403
    assert client.post("/api/v1/objectives/", {"organisation": "home", "title": "X"},
                       format="json").status_code == 403
    assert client.patch(f"/api/v1/plans/{strategy['plan'].pk}/", {"title": "X"}, format="json").status_code == 403
    assert (Plan.objects.count(), Objective.objects.count()) == before


@pytest.mark.parametrize("role", ["admin", "programme"])
def test_writers_build_a_plan(world, role):
    client = client_for(world.users[role])
    response = client.post("/api/v1/plans/", {"organisation": "home", "title": "Council Plan",
                                              "period_start": "2025-04-01", "period_end": "2029-03-31"},
                           format="json")
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["period_start"] == "2025-04-01"
    response = client.post("/api/v1/themes/", {"organisation": "home", "plan": plan["id"], "title": "Place"},
                           format="json")
    assert response.status_code == 201, response.json()
    theme = response.json()
    assert theme["parent"] is None
    response = client.post("/api/v1/themes/", {"organisation": "home", "plan": plan["id"], "parent": theme["id"],
                                               "title": "Transport"}, format="json")
    assert response.status_code == 201, response.json()
    response = client.post("/api/v1/priorities/", {"organisation": "home", "theme": theme["id"], "code": "PL1",
                                                   "title": "Buses"}, format="json")
    assert response.status_code == 201, response.json()
    response = client.post("/api/v1/objectives/", {"organisation": "home", "title": "Net zero"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "strategic"
    assert Plan.objects.get(pk=plan["id"]).created_by == world.users[role]


# Bad input ----------------------------------------------------------------------------------------------------


@pytest.fixture
def writer(world):
    return client_for(world.users["programme"])


def test_plan_period_end_before_start_is_refused(world, writer):
    before = Plan.objects.count()
    response = writer.post("/api/v1/plans/", {"organisation": "home", "title": "Backwards",
                                              "period_start": "2025-04-01", "period_end": "2024-04-01"},
                           format="json")
    assert_refused(response, "period_end")
    assert Plan.objects.count() == before


def test_a_sub_theme_must_belong_to_its_parents_plan(world, strategy, writer):
    second = f.PlanFactory(organisation=world.home, title="Second plan")
    before = Theme.objects.count()
    response = writer.post("/api/v1/themes/", {"organisation": "home", "plan": second.pk,
                                               "parent": strategy["theme"].pk, "title": "Stray"}, format="json")
    assert_refused(response, "parent")
    assert Theme.objects.count() == before


@pytest.mark.parametrize("payload, field", [
    ({"organisation": "home"}, "title"),
    ({"organisation": "home", "title": "x" * 201}, "title"),
    ({"organisation": "home", "title": "Plan", "status": "adopted"}, "status"),
    ({"organisation": "home", "title": "Plan", "period_start": "01/04/2025"}, "period_start"),
    ({"organisation": "home", "title": "Plan", "public": "perhaps"}, "public"),
    ({"title": "Plan"}, "organisation"),
])
def test_bad_plans_are_refused(world, writer, payload, field):
    before = Plan.objects.count()
    assert_refused(writer.post("/api/v1/plans/", payload, format="json"), field)
    assert Plan.objects.count() == before


def test_an_objective_of_an_unknown_kind_is_refused(world, writer):
    before = Objective.objects.count()
    assert_refused(writer.post("/api/v1/objectives/", {"organisation": "home", "title": "X", "kind": "tactical"},
                               format="json"), "kind")
    assert Objective.objects.count() == before


def test_a_priority_of_a_theme_that_does_not_exist_is_refused(world, writer):
    before = Priority.objects.count()
    assert_refused(writer.post("/api/v1/priorities/", {"organisation": "home", "theme": 999999, "title": "X"},
                               format="json"), "theme")
    assert Priority.objects.count() == before


def test_a_non_json_body_is_refused(world, writer):
    before = Plan.objects.count()
    response = writer.post("/api/v1/plans/", data="title=Plan", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert Plan.objects.count() == before


@pytest.mark.parametrize("collection", ["plans", "themes", "priorities", "objectives"])
def test_nothing_is_deleted(world, strategy, writer, collection):
    record = {"plans": "plan", "themes": "theme", "priorities": "priority", "objectives": "objective"}[collection]
    assert writer.delete(f"/api/v1/{collection}/{strategy[record].pk}/").status_code == 405
    assert writer.get(f"/api/v1/{collection}/{strategy[record].pk}/").status_code == 200


# The approval route, expected priorities, priority detail and principles -----------------------------------------


def test_new_fields_are_exposed(world, strategy, writer):
    plan = writer.patch(f"/api/v1/plans/{strategy['plan'].pk}/", {
        "description": "Our plan", "status": "council", "scrutiny_date": "2014-04-30", "cabinet_date": "2014-05-06",
        "council_date": "2014-05-21"}, format="json")
    assert plan.status_code == 200, plan.json()
    row = writer.get(f"/api/v1/plans/{strategy['plan'].pk}/").json()
    assert {key: row[key] for key in ("description", "status", "scrutiny_date", "cabinet_date", "council_date")} == {
        "description": "Our plan", "status": "council", "scrutiny_date": "2014-04-30", "cabinet_date": "2014-05-06",
        "council_date": "2014-05-21"}
    theme = writer.patch(f"/api/v1/themes/{strategy['sub_theme'].pk}/", {"expected_priorities": 7,
                                                                         "description": "Safe"}, format="json").json()
    assert (theme["expected_priorities"], theme["description"]) == (7, "Safe")
    priority = writer.patch(f"/api/v1/priorities/{strategy['priority'].pk}/", {
        "supporting_actions": "Outreach", "measures": "Rough sleeping count", "targets": "Halve by 2027"},
        format="json").json()
    assert (priority["supporting_actions"], priority["measures"], priority["targets"]) == (
        "Outreach", "Rough sleeping count", "Halve by 2027")


def test_principles_collection(world, writer):
    response = writer.post("/api/v1/principles/", {"organisation": "home", "title": "Design with residents"},
                           format="json")
    assert response.status_code == 201, response.json()
    principle = response.json()
    assert set(principle) >= {"id", "organisation", "code", "title", "description", "source"}
    assert principle["organisation"] == "home"
    f.PrincipleFactory(organisation=world.other, title="Theirs")
    body = client_for(world.users["viewer"]).get("/api/v1/principles/").json()
    assert [row["title"] for row in body["results"]] == ["Design with residents"]
    assert client_for(world.users["outsider"]).get(f"/api/v1/principles/{principle['id']}/").status_code == 404
    viewer = client_for(world.users["viewer"])
    assert viewer.post("/api/v1/principles/", {"organisation": "home", "title": "X"}, format="json").status_code == 403
    assert writer.delete(f"/api/v1/principles/{principle['id']}/").status_code == 405


@pytest.mark.parametrize("payload, field", [
    ({"scrutiny_date": "2014-04-30", "cabinet_date": "2014-04-01"}, "cabinet_date"),
    ({"cabinet_date": "2014-05-06", "council_date": "2014-05-01"}, "council_date"),
    ({"scrutiny_date": "2014-04-30", "council_date": "2014-04-01"}, "council_date"),
    ({"status": "council"}, "council_date"),
])
def test_a_plan_with_its_route_out_of_order_is_refused(world, writer, payload, field):
    before = Plan.objects.count()
    body = assert_refused(writer.post("/api/v1/plans/", {"organisation": "home", "title": "Plan", **payload},
                                      format="json"), field)
    assert body[field]
    assert Plan.objects.count() == before


def test_a_partial_update_is_checked_against_the_dates_already_stored(world, strategy, writer):
    plan = strategy["plan"]
    Plan.objects.filter(pk=plan.pk).update(cabinet_date="2014-05-06")
    assert_refused(writer.patch(f"/api/v1/plans/{plan.pk}/", {"council_date": "2014-05-01"}, format="json"),
                   "council_date")
    assert_refused(writer.patch(f"/api/v1/plans/{plan.pk}/", {"status": "council"}, format="json"), "council_date")
    plan.refresh_from_db()
    assert (plan.status, plan.council_date) == ("draft", None)
    response = writer.patch(f"/api/v1/plans/{plan.pk}/", {"status": "council", "council_date": "2014-05-21"},
                            format="json")
    assert response.status_code == 200, response.json()


def test_a_theme_cannot_be_put_under_its_own_sub_theme(world, strategy, writer):
    theme, sub_theme = strategy["theme"], strategy["sub_theme"]
    body = assert_refused(writer.patch(f"/api/v1/themes/{theme.pk}/", {"parent": sub_theme.pk}, format="json"),
                          "parent")
    assert body["parent"] == ["A theme cannot sit under itself or under one of its own sub-themes."]
    assert_refused(writer.patch(f"/api/v1/themes/{theme.pk}/", {"parent": theme.pk}, format="json"), "parent")
    theme.refresh_from_db()
    assert theme.parent is None


def test_a_theme_with_sub_themes_cannot_move_to_another_plan(world, strategy, writer):
    second = f.PlanFactory(organisation=world.home, title="Second plan")
    theme = strategy["theme"]
    assert_refused(writer.patch(f"/api/v1/themes/{theme.pk}/", {"plan": second.pk}, format="json"), "plan")
    theme.refresh_from_db()
    assert theme.plan == strategy["plan"]


def test_a_negative_number_of_priorities_is_refused(world, strategy, writer):
    before = Theme.objects.count()
    assert_refused(writer.post("/api/v1/themes/", {"organisation": "home", "plan": strategy["plan"].pk,
                                                   "title": "X", "expected_priorities": -1}, format="json"),
                   "expected_priorities")
    assert Theme.objects.count() == before
