"""Health assessments, dental and optician checks, Strengths and Difficulties Questionnaires; and the yearly health
outcomes the council reports in its SSDA903 return (OC2)."""
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from casework.fields import YearEndingField
from casework.people.models import Worker, YoungPerson


class SdqReason(models.TextChoices):
    """SSDA903 SDQ_REASON: why a child of 4 to 16 has no SDQ score (the DfE's codes)."""

    AGE = "SDQ1", "No form returned: the child was under 4 or over 16"
    CARER_REFUSED = "SDQ2", "The carer refused to fill it in"
    DISABILITY = "SDQ3", "Not possible because of the severity of the child's disability"
    OTHER = "SDQ4", "Another reason"
    CHILD_REFUSED = "SDQ5", "The child or young person refused"


class HealthCheck(models.Model):
    """A health assessment (the initial one on coming into care, or a review), dental or optician check, or a
    Strengths and Difficulties Questionnaire (with its score, or the SSDA903 reason there is none)."""

    class Kind(models.TextChoices):
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment (with a nurse or doctor)"
        INITIAL_HEALTH_ASSESSMENT = "initial_health_assessment", "Initial health assessment (on coming into care)"
        DENTAL = "dental", "Dental check"
        OPTICIAN = "optician", "Optician (eye) check"
        SDQ = "sdq", "Strengths and Difficulties Questionnaire"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="health_checks")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    checked_on = models.DateField("date")
    sdq_score = models.PositiveSmallIntegerField("SDQ total score", null=True, blank=True,
                                                 help_text="0 to 40. Only for a Strengths and Difficulties Questionnaire.")
    sdq_reason = models.CharField("why there is no SDQ score", max_length=4, choices=SdqReason.choices, blank=True,
                                  help_text="SSDA903 SDQ_REASON. Only for an SDQ with no score.")
    note = models.TextField(max_length=1000, blank=True)
    # Null: a check from the council's own records (the 903 return's OC2 or an Annex A list).
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
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
            if self.sdq_score is None and not self.sdq_reason:
                errors["sdq_score"] = "Enter the SDQ total score, from 0 to 40, or say why there is none."
            elif self.sdq_score is not None and self.sdq_reason:
                errors["sdq_reason"] = "An SDQ with a score needs no reason: leave the reason empty."
            elif self.sdq_score is not None and self.sdq_score > 40:
                errors["sdq_score"] = "The SDQ total score must be from 0 to 40."
            if self.checked_on and self.young_person_id and not 4 <= self.young_person.age_on(self.checked_on) <= 16:
                errors["kind"] = "The SDQ is for children aged 4 to 16."
        else:
            if self.sdq_score is not None:
                errors["sdq_score"] = "Only a Strengths and Difficulties Questionnaire has a score."
            if self.sdq_reason:
                errors["sdq_reason"] = "Only a Strengths and Difficulties Questionnaire has a reason for no score."
        if self.recorded_by_id and self.young_person_id and self.recorded_by.council_id != self.young_person.council_id:
            errors["recorded_by"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


class YearlyHealthOutcome(models.Model):
    """One year's SSDA903 OC2 outcomes for a child looked after for 12 months at 31 March: the SDQ and whether they
    had their health and dental checks, immunisations and so on. From the council's records. Each yes/no is the
    return's 1/0, empty where it gave none."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="yearly_health_outcomes")
    year_ending = YearEndingField()
    sdq_score = models.PositiveSmallIntegerField("SDQ total score", null=True, blank=True,
                                                 validators=[MaxValueValidator(40)])  # SDQ_SCORE
    sdq_reason = models.CharField("why there is no SDQ score", max_length=4, blank=True,
                                  help_text="SSDA903 SDQ_REASON, SDQ1 to SDQ5.")
    convicted = models.BooleanField(null=True, blank=True)  # CONVICTED
    health_check = models.BooleanField("health surveillance checks up to date", null=True, blank=True)  # HEALTH_CHECK
    immunisations = models.BooleanField("immunisations up to date", null=True, blank=True)  # IMMUNISATIONS
    teeth_check = models.BooleanField("dental check", null=True, blank=True)  # TEETH_CHECK
    health_assessment = models.BooleanField("health assessment", null=True, blank=True)  # HEALTH_ASSESSMENT
    substance_misuse = models.BooleanField("substance misuse problem", null=True, blank=True)  # SUBSTANCE_MISUSE
    intervention_received = models.BooleanField(null=True, blank=True)  # INTERVENTION_RECEIVED
    intervention_offered = models.BooleanField(null=True, blank=True)  # INTERVENTION_OFFERED

    class Meta:
        ordering = ["young_person", "-year_ending"]
        constraints = [models.UniqueConstraint(fields=["young_person", "year_ending"], name="oc2_once_a_year")]

    def __str__(self):
        return f"Health outcomes for the year to {self.year_ending:%-d %B %Y}"
