import pytest


@pytest.mark.django_db
def test_pages_render_for_programme_manager(world, login):
    client = login(world.users["programme"])
    r = world.records
    for url in ["/", "/org/home/", "/org/home/programmes/", f"/org/home/programmes/{r['programme'].pk}/",
                "/org/home/projects/", f"/org/home/projects/{r['secret'].pk}/", "/org/home/milestones/",
                "/org/home/projects/add/", f"/org/home/projects/{r['plain'].pk}/edit/",
                f"/org/home/workstreams/{r['workstream'].pk}/", "/public/home/", "/api/v1/public/home/",
                "/api/v1/projects/", "/api/v1/schema/", "/api/v1/docs/"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:2000])
