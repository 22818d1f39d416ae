"""An import: the uploaded file, what it was mapped to, how far it has got, and what it found or wrote.

The run is its own record of who imported what and when (its file is kept, so that a background worker can read
it and an officer can see afterwards exactly what went in)."""

from __future__ import annotations

from django.db import models

from beacon.core.models import OrganisationOwned


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    CHECKED = "checked", "Checked: ready to import"
    REFUSED = "refused", "Refused: problems found"
    QUEUED = "queued", "Waiting to import"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"


class ImportRun(OrganisationOwned):
    record_type = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4)
    content = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True, help_text="Their heading → Beacon's field")
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    sheet = models.CharField(max_length=120, blank=True, help_text="The sheet the records were read from")
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True, help_text="[{sheet, row, column, value, why}]")
    problem_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True, help_text="{created, updated, unchanged}")
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="importrun_org_recent")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.record_type})"

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.REFUSED, ImportStatus.IMPORTED, ImportStatus.FAILED}

    @property
    def percent_done(self) -> int:
        return 100 if self.finished else int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
