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
