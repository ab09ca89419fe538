"""Family and friends (with contact restrictions explained), identity reviews and achievements."""
from django.db import models

from casework.people.models import Worker, YoungPerson


class ImportantPerson(models.Model):
    """Someone a young person wants to stay in touch with. They can add people from the portal; their worker
    confirms. Where contact is restricted, the worker records why, in words the young person can read, and
    when they made sure the young person understood."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="important_people")
    name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=100, help_text="For example: brother, nan, best friend.")
    added_by_young_person = models.BooleanField(default=False)
    added_on = models.DateField()
    confirmed_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_on = models.DateField(null=True, blank=True)
    contact_restricted = models.BooleanField(default=False)
    restricted_on = models.DateField(null=True, blank=True)
    restriction_reason = models.TextField(max_length=2000, blank=True,
                                          help_text="Written for the young person to read.")
    restriction_explained_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "name"]

    def __str__(self):
        return f"{self.name} ({self.relationship})"


class IdentityReview(models.Model):
    """Religious and cultural needs, talents and hobbies, talked about with the young person."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="identity_reviews")
    reviewed_on = models.DateField()
    religion_and_culture = models.TextField(max_length=2000, help_text="Their needs and how they are being met.")
    meeting_others = models.TextField(max_length=2000, blank=True,
                                      help_text="Chances to meet people who share their way of life or culture.")
    talents_and_hobbies = models.TextField(max_length=2000, help_text="What they enjoy and how we support it.")
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["young_person", "-reviewed_on"]


class Achievement(models.Model):
    """Something to be proud of, recorded by a worker or the young person, and when it was celebrated."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="achievements")
    title = models.CharField(max_length=200)
    achieved_on = models.DateField()
    added_by_young_person = models.BooleanField(default=False)
    celebrated_on = models.DateField(null=True, blank=True)
    how_celebrated = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["young_person", "-achieved_on"]
