"""The public idea form: no personal data asked for or stored, a honeypot that stores nothing, a signed timestamp
that refuses posts sent too fast or too late, a rate limit per client (a keyed hash of its address, never the
address itself), CSRF on, and a new idea waiting for moderation before it is shown."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from beacon.engagement.models import Idea, Moderation, Submitter
from beacon.public.views_engagement import TOO_FAST, TOO_OLD, UNREADABLE, form_token
from beacon.testing import factories as f
from beacon.testing.cache import cache_contents

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (UniqueTestAgent 4.2)"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def idea_data(world: Any, **extra: Any) -> dict[str, Any]:
    return {"title": "Open the library on Sundays", "description": "Families could use it at weekends.",
            "submitter": "resident", "workstream": "", "website": "",
            "started": form_token(world.home, time.time() - 30), **extra}


def post(client: Client, world: Any, address: str = ADDRESS, org: str = "home", **extra: Any) -> Any:
    return client.post(f"/public/{org}/ideas/new/", idea_data(world, **extra), REMOTE_ADDR=address, follow=True,
                       HTTP_USER_AGENT=AGENT)


def test_the_form_asks_for_no_personal_details(world, client):
    response = client.get("/public/home/ideas/new/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "We do not ask for your name, email address or postal address, and we do not store them" in page
    assert "Are you a resident, member of staff" in page
    for field in ('name="name"', 'name="email"', 'type="email"', 'name="address"', 'name="postcode"'):
        assert field not in page
    # The honeypot: labelled, hidden from people and from screen readers, out of the tab order
    assert "Leave this blank" in page
    assert 'aria-hidden="true"' in page and 'tabindex="-1"' in page and "govuk-visually-hidden" in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_anonymous_idea_stores_no_personal_data(world, client):
    response = post(client, world)
    assert response.status_code == 200
    idea = Idea.objects.get(title="Open the library on Sundays")
    assert idea.code in response.content.decode() and idea.code.startswith("IDEA-")
    assert "What happens next" in response.content.decode()
    assert (idea.submitted_by, idea.created_by, idea.modified_by) == (None, None, None)
    assert (idea.moderation, idea.public, idea.submitter) == (Moderation.PENDING, False, Submitter.RESIDENT)
    for record in (idea, idea.history.first()):
        for field in record._meta.concrete_fields:
            value = str(getattr(record, field.attname))
            assert ADDRESS not in value and "UniqueTestAgent" not in value, field.name
    # The rate limit's count is kept under a keyed hash: the address is in no cache key or value
    stored = cache_contents()
    assert ADDRESS not in stored and ADDRESS.replace(".", "") not in stored


def test_a_new_idea_is_not_public_until_published(world, client):
    post(client, world)
    idea = Idea.objects.get(title="Open the library on Sundays")
    assert "Open the library on Sundays" not in client.get("/public/home/ideas/").content.decode()
    assert client.get("/api/v1/public/home/ideas/").json()["count"] == 0
    Idea.objects.filter(pk=idea.pk).update(moderation=Moderation.PUBLISHED, public=True)
    cache.clear()
    assert "Open the library on Sundays" in Client().get("/public/home/ideas/").content.decode()


def test_the_honeypot_shows_thanks_and_stores_nothing(world, client):
    response = post(client, world, website="http://spam.example")
    assert response.status_code == 200
    assert "Idea sent" in response.content.decode() and "IDEA-" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize(("token", "message"), [
    (lambda w: form_token(w.home, time.time()), TOO_FAST),
    (lambda w: form_token(w.home, time.time() - 2 * 24 * 60 * 60), TOO_OLD),
    (lambda w: form_token(w.home)[:-2] + "xx", UNREADABLE),
    (lambda w: form_token(w.other, time.time() - 30), UNREADABLE),
    (lambda w: "", UNREADABLE),
])
def test_a_post_too_fast_too_late_or_tampered_is_refused(world, client, token, message):
    response = post(client, world, started=token(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message.split(",")[0] in page
    assert "Open the library on Sundays" in page  # what they typed is kept for sending again
    assert not Idea.objects.exists()


def test_missing_fields_are_explained(world, client):
    response = post(client, world, title="", description="", submitter="")
    page = response.content.decode()
    for message in ("Enter your idea in a few words", "Describe your idea", "Select who you are"):
        assert message in page
    assert not Idea.objects.exists()


def test_only_public_programmes_workstreams_are_offered(world, client):
    hidden = f.ProgrammeFactory(organisation=world.home, title="Unpublished programme", public=False)
    internal = f.WorkstreamFactory(programme=hidden, title="Internal restructure workstream")
    page = client.get("/public/home/ideas/new/").content.decode()
    assert world.records["workstream"].title in page and internal.title not in page
    response = post(client, world, workstream=str(internal.pk))
    assert "Select a part of the programme from the list" in response.content.decode()
    assert not Idea.objects.exists()
    post(client, world, workstream=str(world.records["workstream"].pk))
    assert Idea.objects.get().workstream == world.records["workstream"]


def test_the_sixth_idea_within_an_hour_is_refused(world, client):
    for n in range(5):
        assert post(client, world, title=f"Idea number {n}").status_code == 200
    assert Idea.objects.count() == 5
    response = post(client, world, title="One too many")
    assert response.status_code == 429
    assert "You have sent 5 ideas in the last hour" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not Idea.objects.filter(title="One too many").exists()
    # Someone else, or the same person writing to another council, is not held back
    assert post(client, world, address="198.51.100.9", title="Someone else").status_code == 200
    assert post(client, world, org="other", title="Another council", started=form_token(
        world.other, time.time() - 30)).status_code == 200
    assert Idea.objects.count() == 7


def test_honeypot_posts_count_towards_the_limit(world, client, settings):
    settings.PUBLIC_IDEAS_PER_HOUR = 2
    post(client, world, website="spam")
    post(client, world, website="spam")
    assert post(client, world).status_code == 429
    assert not Idea.objects.exists()


def test_a_form_with_errors_does_not_count_towards_the_limit(world, client, settings):
    settings.PUBLIC_IDEAS_PER_HOUR = 1
    post(client, world, title="")
    post(client, world, started="")
    assert post(client, world).status_code == 200
    assert Idea.objects.count() == 1


def test_csrf_is_checked(world):
    client = Client(enforce_csrf_checks=True)
    response = post(client, world)
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_an_unknown_organisation_has_no_form(world, client):
    assert client.get("/public/nowhere/ideas/new/").status_code == 404


def test_the_thank_you_page_is_its_own_get_so_a_refresh_sends_nothing_again(world, client):
    response = client.post("/public/home/ideas/new/", idea_data(world), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    thanks = response["Location"]
    for _refresh in range(2):
        page = client.get(thanks).content.decode()
        assert "Idea sent" in page and "IDEA-0001" in page
    assert Idea.objects.count() == 1
    forged = client.get("/public/home/ideas/new/?sent=IDEA-0099").content.decode()
    assert "Idea sent" not in forged and "Send idea" in forged  # an unsigned reference shows the form
    other = client.get(thanks.replace("/public/home/", "/public/other/"))
    assert "IDEA-0001" not in other.content.decode()  # a reference is only good for its own council
