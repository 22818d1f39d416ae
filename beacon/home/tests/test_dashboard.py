"""The programme dashboard shows what a programme manager needs first, and only what the user may read."""

from __future__ import annotations

import pytest

from beacon.core.models import ConfidenceScale
from beacon.programmes.models import Confidence


@pytest.fixture
def rated(world):
    records = world.records
    records["secret"].delivery_confidence = Confidence.RED
    records["secret"].save()
    records["plain"].delivery_confidence = Confidence.AMBER
    records["plain"].save()
    records["public"].delivery_confidence = Confidence.GREEN
    records["public"].save()
    return world


@pytest.mark.django_db
def test_dashboard_lists_exceptions_and_late_milestones(rated, login):
    html = login(rated.users["programme"]).get("/org/home/").content.decode()
    assert "Home Transformation Programme" in html
    assert "Secret depot closure" in html  # Red: an exception
    assert "Ordinary internal project" in html  # Amber: an exception
    assert "Public library remodel" not in html  # Green: not an exception
    assert "Secret milestone" in html  # late: due three days ago and not done
    assert "2 projects." in html


@pytest.mark.django_db
def test_viewer_dashboard_never_mentions_confidential_work(rated, login):
    html = login(rated.users["viewer"]).get("/org/home/").content.decode()
    assert "Secret depot closure" not in html
    assert "Secret milestone" not in html
    assert "1 project." in html
    assert "No milestone is late." in html


@pytest.mark.django_db
def test_dashboard_uses_the_organisations_confidence_scale(rated, login):
    client = login(rated.users["programme"])
    assert "Amber/Green" in client.get("/org/home/").content.decode()
    rated.home.confidence_scale = ConfidenceScale.THREE_POINT
    rated.home.save()
    html = client.get("/org/home/").content.decode()
    assert "Amber/Green" not in html and "Amber/Red" not in html
    assert ">Green<" in html and ">Amber<" in html and ">Red<" in html
