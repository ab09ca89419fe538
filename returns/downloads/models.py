"""A download of the council's SSDA903 return or Annex A lists, prepared by a Celery task, never in a request.

The zip holds children's records. It is kept in the database (ExportJob.content) only for EXPORT_KEPT_HOURS after it
is ready; then the bytes are deleted (returns.downloads.jobs.export_files_clear_old, run by the same beat task that
clears old import files). What stays is who prepared what, when, and which young people it held.
"""
from django.db import models

from casework.models import Council, Worker
from returns.uploads.models import ImportKind


class ExportJob(models.Model):
    class Status(models.TextChoices):
        BUILDING = "building", "Preparing"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Not prepared"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    # The 903's collection year (None: everything held); Annex A's form, csv or xlsx.
    year = models.PositiveIntegerField(null=True, blank=True)
    form = models.CharField(max_length=4, blank=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="export_jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    content = models.BinaryField(null=True, blank=True, editable=False)
    file_name = models.CharField(max_length=255, blank=True)
    # Whose records the zip holds: each gets an audit event when it is downloaded.
    young_person_ids = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    content_cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} download {self.pk} ({self.get_status_display()})"

    @property
    def description(self) -> str:
        if self.kind == ImportKind.SSDA903:
            return f"SSDA903 return, {self.year or 'everything the portal holds'}"
        return f"Annex A lists 8 and 9, {'Excel (XLSX)' if self.form == 'xlsx' else 'CSV'}"

    @property
    def status_text(self) -> str:
        return "Deleted" if self.content_cleared_at else self.get_status_display()

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.READY and self.content_cleared_at is None
