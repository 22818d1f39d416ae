"""`beacon check --deploy --fail-level WARNING` with production settings finds nothing, and production turns on
the secure cookies, HSTS and the HTTPS redirect. Each runs Beacon in a new process, as a server would start."""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys

from beacon.settings import PROJECT_DIR

PRODUCTION_ENV = {
    "BEACON_ENV": "production",
    "ALLOWED_HOSTS": "beacon.example.org",
    "DJANGO_SETTINGS_MODULE": "beacon.settings",
}
SETTINGS_SCRIPT = """
import json
import django
django.setup()
from django.conf import settings
names = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS",
         "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REDIRECT_EXEMPT"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def run(args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env.update(PRODUCTION_ENV, **extra)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300, check=False
    )


def test_check_deploy_finds_nothing_with_production_settings():
    result = run([str(PROJECT_DIR / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
                 SECRET_KEY=secret_key())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_settings_are_secure():
    result = run(["-c", SETTINGS_SCRIPT], SECRET_KEY=secret_key())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REDIRECT_EXEMPT"] == ["^healthz$"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["-c", SETTINGS_SCRIPT])
    assert result.returncode != 0
    assert "SECRET_KEY must be set when BEACON_ENV=production." in result.stderr
