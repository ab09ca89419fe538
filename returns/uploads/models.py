"""An import a manager started in the portal, and the files they uploaded for it.

The files are children's records. They are kept in the database (ImportFile.content) only while the import needs
them: once it is done or has failed, or a preview has waited IMPORT_FILES_KEPT_DAYS unconfirmed, they are deleted
(returns.uploads.jobs.import_files_clear and import_files_clear_old, run nightly). What stays is the job's summary:
counts and, for a file with errors, the problems found (line, column, the value as written and why).
"""
from django.db import models

from casework.models import Council, Worker


class ImportKind(models.TextChoices):
    SSDA903 = "903", "SSDA903 return"
    ANNEX_A = "annex_a", "Annex A lists 8 and 9"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the files"
        CHECKED = "checked", "Checked: waiting for you to confirm"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="import_jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    # What the task is doing now: "Writing young people" 1,200 of 5,000 (the service's progress callback).
    stage = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # ImportSummary.as_dict() of the dry run, then of the import itself.
    preview = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    # A task that broke (not a file with errors: those are in the summary), in words for the manager.
    failure = models.TextField(blank=True)
    file_names = models.JSONField(default=list)
    files_cleared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} import {self.pk} ({self.get_status_display()})"

    @property
    def progress_text(self) -> str:
        """ "Importing: Writing young people 1,200 of 5,000", or the stage alone while it has nothing to count."""
        verb = "Checking" if self.status == self.Status.CHECKING else "Importing"
        if self.total > 1:
            return f"{verb}: {self.stage} {min(self.done, self.total):,} of {self.total:,}"
        return f"{verb}: {self.stage or 'waiting to start'}"

    @property
    def description(self) -> str:
        return self.get_kind_display()

    @property
    def status_text(self) -> str:
        return self.get_status_display()

    @property
    def working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)


class ImportFile(models.Model):
    """One uploaded file, its bytes as they came. Deleted when the import no longer needs it."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
