"""Backup and restore of a whole organisation: the demo's Cheshire East backed up, restored into an empty
database (a fresh SQLite file made by ``beacon migrate``, in a subprocess, whichever database the suite runs on)
and backed up again gives the same records and history; a tampered, foreign or clashing file is refused with
nothing written; the page is its administrator's alone."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from beacon.core.models import Organisation
from beacon.exchange.backup import (
    EXCLUDED,
    MANIFEST,
    RestoreError,
    backup_organisation,
    backup_parts,
    restore_organisation,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SLUG = "cheshire-east"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[bytes]:
    """The demo loaded once for the module (and rolled back after it); yields Cheshire East's backup."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        call_command("loaddemo", stdout=io.StringIO())
        yield backup_organisation(Organisation.objects.get(slug=SLUG))
        transaction.set_rollback(True)


def records(data: bytes) -> dict[str, list[Any]]:
    """Every record file of a backup, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: [json.loads(line) for line in archive.read(name).decode().splitlines()]
            for name in archive.namelist()
            if name != MANIFEST
        }


def manifest(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read(MANIFEST))


def rewritten(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The backup with some members' contents replaced (a manifest left as it was unless among them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, changes.get(name, source.read(name)))
    return out.getvalue()


def row_counts() -> dict[str, int]:
    tally = {part.label: part.model._base_manager.count() for part in backup_parts()}
    tally["users"] = get_user_model().objects.count()
    return tally


def beacon(*args: str, database: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(  # noqa: S603 - our own command, with our arguments
        [sys.executable, "-m", "beacon", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600,
        check=False,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestBackupAndRestore:
    def test_restored_into_an_empty_database_it_backs_up_the_same(self, demo: bytes, tmp_path: Path) -> None:
        database, first = tmp_path / "restore.sqlite3", tmp_path / "first.beacon-backup"
        first.write_bytes(demo)
        # An empty database gets its reference data from migrate (councils, years) and load_indicators.
        for step in (["migrate", "-v0"], ["load_indicators"]):
            done = beacon(*step, database=database, cwd=tmp_path)
            assert done.returncode == 0, done.stderr
        restored = beacon("restore", str(first), database=database, cwd=tmp_path)
        assert restored.returncode == 0, restored.stderr
        assert "Restored Cheshire East Council" in restored.stdout
        again = beacon("backup", "--organisation", SLUG, "--output", "second.beacon-backup", database=database,
                       cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        second = (tmp_path / "second.beacon-backup").read_bytes()

        before, after = records(demo), records(second)
        assert before.keys() == after.keys()
        for name in before:
            assert before[name] == after[name], name
        first_manifest, second_manifest = manifest(demo), manifest(second)
        first_manifest.pop("created_at"), second_manifest.pop("created_at")
        assert first_manifest == second_manifest
        counts = first_manifest["counts"]
        assert counts["programmes.Project"] > 0 and counts["programmes.HistoricalProject"] > 0
        assert counts["reports.ReportIssue"] > 0 and counts["programmes.Project_objectives"] > 0

        # Restoring the same file again is refused, with exit status 2 and nothing written.
        refused = beacon("restore", str(first), database=database, cwd=tmp_path)
        assert refused.returncode == 2
        assert "already exists here: restore into a database without it" in refused.stderr

    def test_the_backup_holds_the_organisation_and_no_one_elses(self, demo: bytes) -> None:
        found = manifest(demo)
        assert found["format"] == 1 and found["organisation"] == {"slug": SLUG, "name": "Cheshire East Council"}
        organisation = Organisation.objects.get(slug=SLUG)
        for part in backup_parts():
            expected = part.queryset(organisation.pk).count()
            assert found["counts"][part.label] == expected, part.label
        usernames = {row["fields"]["username"] for row in records(demo)["records/auth.User.jsonl"]}
        assert "admin" in usernames and "chorley-only" not in usernames
        assert all("is_superuser" not in row["fields"] for row in records(demo)["records/auth.User.jsonl"])
        # A project names its lead by username and a year by its label, not by this database's keys.
        lines = records(demo)["records/finance.SavingsLine.jsonl"]
        assert all(isinstance(row["fields"]["financial_year"], list) for row in lines)

    def test_a_tampered_file_is_refused(self, demo: bytes) -> None:
        name = "records/programmes.Project.jsonl"
        with zipfile.ZipFile(io.BytesIO(demo)) as archive:
            changed = archive.read(name).replace(b"Transformation", b"Transmogrification", 1)
        self.refused(rewritten(demo, {name: changed}), f"{name} does not match its checksum")

    def test_a_file_that_is_not_a_zip_is_refused(self) -> None:
        self.refused(b"name,code\nA project,P1\n", "it is not a zip file")

    def test_a_zip_without_a_manifest_is_refused(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "hello")
        self.refused(out.getvalue(), "it has no manifest.json")

    def test_another_format_is_refused(self, demo: bytes) -> None:
        wrong = {**manifest(demo), "format": 2}
        self.refused(rewritten(demo, {MANIFEST: json.dumps(wrong).encode()}), "This backup is in format 2")

    def test_an_organisation_that_exists_is_refused(self, demo: bytes) -> None:
        self.refused(demo, "The organisation 'cheshire-east' already exists here: restore into a database without it")

    def test_records_whose_keys_exist_are_refused(self, demo: bytes) -> None:
        Organisation.objects.filter(slug=SLUG).update(slug="cheshire-east-old", name="Cheshire East (old)")
        self.refused(demo, "Records with the same keys as this backup's already exist here")

    def test_the_restore_command_exits_2_when_refused(self, demo: bytes, tmp_path: Path) -> None:
        path = tmp_path / "cheshire-east.beacon-backup"
        path.write_bytes(demo)
        before = row_counts()
        with pytest.raises(CommandError, match="already exists here") as refused:
            call_command("restore", str(path), stdout=io.StringIO())
        assert refused.value.returncode == 2
        assert row_counts() == before

    def refused(self, data: bytes, message: str) -> None:
        before = row_counts()
        with pytest.raises(RestoreError, match=message.replace("(", r"\(").replace(")", r"\)")):
            restore_organisation(data)
        assert row_counts() == before


def test_every_model_is_backed_up_or_left_out_on_purpose() -> None:
    """A new model of an organisation is backed up without anyone listing it; a model that cannot be placed
    stops the backup (backup_parts raises) until it is given an organisation or listed as left out."""
    included = {part.label for part in backup_parts()}
    for label in ["core.Organisation", "core.Membership", "exchange.ImportRun", "reports.ReportIssue",
                  "reporting.Snapshot", "performance.ComparatorMember", "programmes.Project_priorities",
                  "programmes.HistoricalProject_dependencies", "risks.EqualityGroup", "finance.SavingsEvent"]:
        assert label in included, label
    for label in ["core.Council", "core.FinancialYear", "performance.Indicator", "auth.User", *EXCLUDED]:
        assert label not in included, label
    assert all(apps.get_model(label) for label in EXCLUDED)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestBackupPage:
    url = f"/org/{SLUG}/data/backup/"

    def client_for(self, username: str) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    def test_the_administrator_sees_what_it_holds_and_downloads_it(self) -> None:
        client = self.client_for("admin")
        page = client.get(self.url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "15 projects" in html and "kept in history" in html and "beacon restore" in html
        download = client.post(self.url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith(f'attachment; filename="{SLUG}-')
        assert download["Content-Disposition"].endswith('.beacon-backup"')
        data = b"".join(download.streaming_content)  # type: ignore[attr-defined]
        assert manifest(data)["organisation"]["slug"] == SLUG
        assert manifest(data)["created_by"] == "admin"

    def test_other_roles_are_refused_and_other_councils_not_told(self) -> None:
        for method in ("get", "post"):
            assert getattr(self.client_for("programme"), method)(self.url).status_code == 403
            assert getattr(self.client_for("chorley-only"), method)(self.url).status_code == 404
        assert Client().get(self.url).status_code == 302
