"""Contacts and visits, and call-back requests with each attempt to call back."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from casework.people.models import Worker, YoungPerson
from casework.phone import validate_uk_phone


class ContactKind(models.TextChoices):
    """How a worker was in touch. Only the first two are visits in the sense of regulation 28."""

    VISIT_HOME = "visit_home", "Visit at home or placement"
    VISIT_ELSEWHERE = "visit_elsewhere", "Visit somewhere else (school, café, office)"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    OTHER = "other", "Other (message, letter)"

    @classmethod
    def visits(cls) -> list[str]:
        return [cls.VISIT_HOME, cls.VISIT_ELSEWHERE]


class Contact(models.Model):
    """A worker's visit to, or contact with, a young person. Saving one restarts the contact clocks."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="contacts")
    # Null: a contact from the council's own case records (an Annex A list's latest visit), not recorded in the portal.
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts")
    happened_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    seen_alone = models.BooleanField(
        null=True, blank=True, help_text="For visits: was the young person seen on their own (regulation 29)?"
    )
    note = models.TextField(max_length=2000, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["young_person", "-happened_on"]
        indexes = [models.Index(fields=["young_person", "happened_on"], name="contact_by_young_person_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} with {self.young_person} on {self.happened_on}"

    @property
    def is_visit(self):
        return self.kind in ContactKind.visits()

    def clean(self):
        errors = {}
        if self.happened_on and self.young_person_id:
            young_person = self.young_person
            if self.happened_on > date.today():
                errors["happened_on"] = "The date of the contact must be today or in the past."
            elif self.happened_on < young_person.date_of_birth:
                errors["happened_on"] = "The date of the contact must be after the young person's date of birth."
            elif came_into_care := young_person.came_into_care_after(self.happened_on):
                errors["happened_on"] = (
                    "The date of the contact must be on or after the day they came into care "
                    f"({came_into_care:%-d %B %Y})."
                )
        if self.seen_alone is not None and not self.is_visit:
            errors["seen_alone"] = "Whether they were seen on their own is only recorded for a visit."
        if self.worker_id and self.young_person_id and self.worker.council_id != self.young_person.council_id:
            errors["worker"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


class CallbackRequest(models.Model):
    """A young person asking their worker to call them back. Open until someone reaches them."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a call"
        CALLED_BACK = "called_back", "Called back"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="callback_requests")
    requested_at = models.DateTimeField()
    message = models.TextField(max_length=500, blank=True)
    best_time = models.CharField(max_length=100, blank=True)
    # The number they confirmed when they asked: the one to ring, even if their stored number changes later.
    phone = models.CharField("number to ring", max_length=40, blank=True, validators=[validate_uk_phone])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    called_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person"], condition=Q(status="open"), name="callback_one_open_per_young_person"
            )
        ]

    def __str__(self):
        return f"Call back {self.young_person} (asked {self.requested_at:%-d %B %Y})"


class CallbackAttempt(models.Model):
    """A worker trying to call a young person back. Only 'reached' closes the request."""

    class Outcome(models.TextChoices):
        REACHED = "reached", "We spoke"
        NOT_REACHED = "not_reached", "I could not reach them"

    request = models.ForeignKey(CallbackRequest, on_delete=models.CASCADE, related_name="attempts")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="callback_attempts")
    attempted_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["request", "attempted_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.attempted_at:%-d %B %Y})"
