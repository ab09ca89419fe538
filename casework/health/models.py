"""Health assessments, dental and optician checks, Strengths and Difficulties Questionnaires."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from casework.people.models import Worker, YoungPerson


class HealthCheck(models.Model):
    """A health assessment, dental or optician check, or a Strengths and Difficulties Questionnaire."""

    class Kind(models.TextChoices):
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment (with a nurse or doctor)"
        DENTAL = "dental", "Dental check"
        OPTICIAN = "optician", "Optician (eye) check"
        SDQ = "sdq", "Strengths and Difficulties Questionnaire"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="health_checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    checked_on = models.DateField("date")
    sdq_score = models.PositiveSmallIntegerField("SDQ total score", null=True, blank=True,
                                                 help_text="0 to 40. Only for a Strengths and Difficulties Questionnaire.")
    note = models.TextField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["young_person", "-checked_on"]
        indexes = [models.Index(fields=["young_person", "kind", "checked_on"], name="health_check_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.checked_on}"

    def clean(self):
        errors = {}
        if self.checked_on and self.young_person_id:
            if self.checked_on > date.today():
                errors["checked_on"] = "The date of the check must be today or in the past."
            elif self.checked_on < self.young_person.date_of_birth:
                errors["checked_on"] = "The date of the check must be after the young person's date of birth."
        if self.kind == self.Kind.SDQ:
            if self.sdq_score is None:
                errors["sdq_score"] = "Enter the SDQ total score, from 0 to 40."
            elif self.sdq_score > 40:
                errors["sdq_score"] = "The SDQ total score must be from 0 to 40."
            if self.checked_on and self.young_person_id and not 4 <= self.young_person.age_on(self.checked_on) <= 16:
                errors["kind"] = "The SDQ is for children aged 4 to 16."
        elif self.sdq_score is not None:
            errors["sdq_score"] = "Only a Strengths and Difficulties Questionnaire has a score."
        if self.recorded_by_id and self.young_person_id and self.recorded_by.council_id != self.young_person.council_id:
            errors["recorded_by"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)
