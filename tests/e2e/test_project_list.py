"""Filtering the project list with JavaScript off (journey c): the filter form is a plain GET form."""

from __future__ import annotations

import re

from pages import ProjectListPage
from playwright.sync_api import Page, expect

from beacon.programmes.models import Stage
from beacon.testing.world import World


def test_filter_projects_by_stage_without_javascript(page_nojs: Page, world: World, signed_in):
    records = world.records
    records["plain"].stage = Stage.DELIVERY
    records["plain"].save()
    records["public"].stage = Stage.APPROVED
    records["public"].save()
    signed_in(page_nojs, "programme")

    projects = ProjectListPage(page_nojs).open("home")
    assert sorted(projects.project_titles()) == sorted(
        ["Public library remodel", "Ordinary internal project", "Secret depot closure", "Lead's open project"]
    )
    assert projects.result_count() == "4 results"

    projects.filter_by_stage("In delivery")
    expect(page_nojs).to_have_url(re.compile(r"[?&]stage=delivery"))
    assert projects.project_titles() == ["Ordinary internal project"]
    assert projects.result_count() == "1 result"
    # The filter stays open and shows what was chosen, so the user can change it.
    expect(page_nojs.get_by_role("group", name="Stage").get_by_label("In delivery", exact=True)).to_be_checked()

    projects.filter_by_stage("Approved")
    assert sorted(projects.project_titles()) == ["Ordinary internal project", "Public library remodel"]

    page_nojs.get_by_role("link", name="Clear filters").click()
    expect(page_nojs).to_have_url(re.compile(r"/org/home/projects/$"))
    assert projects.result_count() == "4 results"
