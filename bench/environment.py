"""The bench's own database and settings, so that it can run beside ``make run``.

Everything here happens before Django is set up: ``beacon.settings`` reads the environment once.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATABASE = BENCH_DIR / "bench.sqlite3"
RESULTS = BENCH_DIR / "results.json"


def remove_database() -> None:
    """Delete the bench database and its WAL files from a previous run."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        DATABASE.with_name(DATABASE.name + suffix).unlink(missing_ok=True)


def prepare() -> None:
    """A fresh, migrated bench database; production-like settings (DEBUG off)."""
    remove_database()
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["DEBUG"] = "false"
    # Development, not production: the bench measures the application, not the HTTPS redirects and
    # secret checks of a deployment.
    os.environ["BEACON_ENV"] = "development"
    os.environ["DJANGO_SETTINGS_MODULE"] = "beacon.settings"

    # WhiteNoise warns that collectstatic has not run; the bench serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    # With DEBUG off the settings choose WhiteNoise's manifest storage, which needs collectstatic first;
    # the plain storage gives the same page for a dictionary lookup less per static URL.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    call_command("migrate", verbosity=0, interactive=False)
