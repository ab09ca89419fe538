"""Education: Personal Education Plans, work experience, education or work at 16+."""
from django.db import models

from casework.people.models import Worker, YoungPerson


class PersonalEducationPlan(models.Model):
    """A Personal Education Plan meeting: started, then reviewed each term."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="peps")
    reviewed_on = models.DateField()
    school = models.CharField(max_length=200)
    young_person_involved = models.BooleanField(help_text="Were they part of the meeting or did they give views?")
    targets = models.TextField(max_length=3000)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["young_person", "-reviewed_on"]


class WorkExperienceOffer(models.Model):
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="work_experience_offers")
    offered_on = models.DateField()
    description = models.CharField(max_length=300)
    taken_up = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "-offered_on"]


class EducationStatus(models.Model):
    """Whether a young person of 16 or over is in education, employment or training (EET)."""

    class Status(models.TextChoices):
        EDUCATION = "education", "In education"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship or traineeship"
        EMPLOYMENT = "employment", "In work"
        NOT_IN_EET = "not_in_eet", "Not in education, employment or training"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="education_statuses")
    recorded_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    where = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["young_person", "-recorded_on"]
