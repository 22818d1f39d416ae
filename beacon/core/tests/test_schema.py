"""The OpenAPI schema is complete: drf-spectacular generates it without a warning and it validates."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/projects/" in schema["paths"]
    assert "/api/v1/public/{org}/projects/" in schema["paths"]


@pytest.mark.django_db
def test_the_schema_says_how_to_update_a_record_safely(world, client):
    """Every record read, create and update documents its ETag; a read takes If-None-Match and may answer 304; an
    update takes If-Match and may answer 412, whose body is the one Beacon really sends."""
    from beacon.core.concurrency import STALE_API_DETAIL

    schema = client.get("/api/v1/schema/?format=json").json()
    updates = [(path, method, operation) for path, item in schema["paths"].items()
               for method, operation in item.items() if method in ("put", "patch")]
    assert len(updates) > 30
    for path, method, operation in updates:
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        assert "If-Match" in names, f"{method.upper()} {path}"
        assert "ETag" in operation["responses"]["200"]["headers"], f"{method.upper()} {path}"
        assert operation["responses"]["412"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/PreconditionFailed"}
    read = schema["paths"]["/api/v1/projects/{id}/"]["get"]
    assert "If-None-Match" in {parameter["name"] for parameter in read["parameters"]}
    assert set(read["responses"]) == {"200", "304"}
    assert "ETag" in read["responses"]["304"]["headers"]
    assert schema["components"]["schemas"]["PreconditionFailed"]["required"] == ["detail"]

    client.force_login(world.users["programme"])
    project = world.records["plain"]
    refused = client.patch(f"/api/v1/projects/{project.pk}/", {"title": "Late"}, content_type="application/json",
                           headers={"If-Match": '"not-the-version"'})
    assert refused.status_code == 412
    assert refused.json() == {"detail": STALE_API_DETAIL}
