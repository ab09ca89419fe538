"""The SSDA903 and Annex A imports and exports. The rows of the return the portal does not use are kept here as they
came, so an export gives them back."""
from django.core.exceptions import ValidationError
from django.db import models

from casework.models import YoungPerson


class KeptTable(models.TextChoices):
    """The 903 tables kept as they came: adoption (AD1, PlacedAdoption) and previous permanence (PrevPerm)."""

    AD1 = "AD1", "AD1 (adoption decisions)"
    PLACED_ADOPTION = "PlacedAdoption", "PlacedAdoption (placed for adoption)"
    PREV_PERM = "PrevPerm", "PrevPerm (previous permanence)"


class KeptReturnRow(models.Model):
    """One row of an SSDA903 table the portal does not use, with its columns as the return gave them (by the DfE
    column name, text as in the CSV, CHILD and DOB left out: they are the young person's). The export writes it
    back unchanged."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="kept_return_rows")
    table = models.CharField(max_length=20, choices=KeptTable.choices)
    columns = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["young_person", "table", "pk"]
        indexes = [models.Index(fields=["young_person", "table"], name="kept_return_row_idx")]

    def __str__(self):
        return f"{self.table} row for {self.young_person}"

    def clean(self):
        if not isinstance(self.columns, dict) or not all(
                isinstance(name, str) and isinstance(value, str) for name, value in self.columns.items()):
            raise ValidationError({"columns": "Each column is a DfE column name with its text."})


from .uploads.models import ImportFile, ImportJob, ImportKind  # noqa: E402,F401  (Django finds them here)
from .downloads.models import ExportJob  # noqa: E402,F401
