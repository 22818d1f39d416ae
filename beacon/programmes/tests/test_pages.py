"""What the programme pages show: counts a role may see, long lists kept short, long choices kept usable."""

from __future__ import annotations

import re

import pytest

from beacon.programmes import views
from beacon.testing import factories as f


def row_numbers(html: str, title: str) -> list[str]:
    row = re.search(rf"{re.escape(title)}</a></td>(.*?)</tr>", html, re.DOTALL)
    assert row, f"no row for {title}"
    return re.findall(r'govuk-table__cell--numeric">(\d+)<', row.group(1))


@pytest.mark.django_db
def test_programme_list_counts_only_what_the_user_may_read(world, login):
    # Home has 4 projects (one confidential), 1 workstream; the secret project's milestone is late.
    assert row_numbers(login(world.users["programme"]).get("/org/home/programmes/").content.decode(),
                       "Home Transformation Programme") == ["1", "4", "1"]
    assert row_numbers(login(world.users["viewer"]).get("/org/home/programmes/").content.decode(),
                       "Home Transformation Programme") == ["1", "3", "0"]


@pytest.mark.django_db
def test_programme_page_lists_the_first_projects_and_links_to_them_all(world, login, monkeypatch):
    monkeypatch.setattr(views, "DETAIL_PROJECT_LIMIT", 2)
    programme = world.records["programme"]
    html = login(world.users["programme"]).get(f"/org/home/programmes/{programme.pk}/").content.decode()
    assert "Showing the first 2 of 4 projects." in html
    assert f"/org/home/projects/?programme={programme.pk}" in html


@pytest.mark.django_db
def test_long_dependency_lists_become_a_list_box(world, login, monkeypatch):
    client = login(world.users["programme"])
    html = client.get("/org/home/projects/add/").content.decode()
    assert 'type="checkbox" value="' in html and 'name="dependencies"' in html
    monkeypatch.setattr("beacon.programmes.forms.CHECKBOX_LIMIT", 2)
    html = client.get("/org/home/projects/add/").content.decode()
    assert re.search(r'<select name="dependencies"[^>]*multiple', html)
    assert "Hold Ctrl (or Cmd on a Mac) to select more than one." in html


@pytest.mark.django_db
def test_milestone_list_filters_by_project_code_or_title(world, login):
    f.MilestoneFactory(project=world.records["public"], title="Library consultation closes")
    html = login(world.users["programme"]).get("/org/home/milestones/?project_search=PUB-1").content.decode()
    assert "Library consultation closes" in html
    assert "Ordinary milestone" not in html
