"""Worries, complaints and requests for an advocate, raised by a young person, and the answers to them; and the
times they were missing or away from their placement (from the council's records)."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from casework.people.models import Worker, YoungPerson


class Concern(models.Model):
    """A worry, a complaint or a request for an advocate, raised by a young person.

    The young person chooses who sees it (casework.worries.scoping.concerns_visible_to). Staff acknowledge it once, then
    respond; a response may answer it (resolve it). Only casework.services changes one.
    """

    class Kind(models.TextChoices):
        WORRY = "worry", "A worry"
        COMPLAINT = "complaint", "A complaint"
        ADVOCATE = "advocate", "Ask for an advocate"

    class Audience(models.TextChoices):
        WORKER = "worker", "My social worker or personal adviser"
        IRO = "iro", "My Independent Reviewing Officer (IRO)"
        COMPLAINTS = "complaints", "The complaints team"

    class Status(models.TextChoices):
        OPEN = "open", "Sent"
        ACKNOWLEDGED = "acknowledged", "Someone is looking at it"
        RESOLVED = "resolved", "Answered"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField("who should see it", max_length=20, choices=Audience.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    text = models.TextField("what is happening", max_length=3000, validators=[MaxLengthValidator(3000)])
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["young_person", "status"], name="concern_yp_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.young_person} ({self.raised_at:%-d %B %Y})"

    @property
    def thread(self) -> list:
        """Staff's replies and what the young person added after sending it, oldest first. Prefetch both
        ("responses__worker", "additions") and this costs no query."""
        return sorted([*self.responses.all(), *self.additions.all()], key=lambda item: (item.written_at, item.pk))

    @property
    def takes_additions(self) -> bool:
        """The young person may add to it until it is answered (then they tell us again: a new worry)."""
        return self.status != self.Status.RESOLVED

    def clean(self):
        errors = {}
        if self.text is not None and not self.text.strip():
            errors["text"] = "Tell us what is happening."
        if self.acknowledged_by_id and self.young_person_id and (
            self.acknowledged_by.council_id != self.young_person.council_id
        ):
            errors["acknowledged_by"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


class ConcernResponse(models.Model):
    """What staff tell the young person about their concern. The young person sees it."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="responses")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = models.TextField("response", max_length=3000, validators=[MaxLengthValidator(3000)])

    class Meta:
        ordering = ["concern", "written_at"]

    def __str__(self):
        return f"Response from {self.worker.name} ({self.written_at:%-d %B %Y})"

    is_addition = False

    def clean(self):
        errors = {}
        if self.text is not None and not self.text.strip():
            errors["text"] = "Enter your response."
        if self.worker_id and self.concern_id and self.worker.council_id != self.concern.young_person.council_id:
            errors["worker"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


class ConcernAddition(models.Model):
    """Something the young person added to their worry after sending it. Whoever it was sent to is told
    (notifications.concern_additions), and it sits among the replies, in time order, on every page that shows them."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="additions")
    written_at = models.DateTimeField()
    text = models.TextField("what they added", max_length=3000, validators=[MaxLengthValidator(3000)])

    class Meta:
        ordering = ["concern", "written_at"]

    def __str__(self):
        return f"Added by the young person ({self.written_at:%-d %B %Y})"

    is_addition = True  # in a concern's thread, beside staff's replies (ConcernResponse.is_addition is False)

    def clean(self):
        if self.text is not None and not self.text.strip():
            raise ValidationError({"text": "Tell us what you want to add."})


class MissingEpisode(models.Model):
    """A time the young person was missing from their placement, or away from it without permission: the SSDA903
    Missing table (MISSING, MIS_START, MIS_END). From the council's own records."""

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        AWAY = "A", "Away without permission"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=Kind.choices)  # MISSING
    started_on = models.DateField("date it started")  # MIS_START
    ended_on = models.DateField("date it ended", null=True, blank=True)  # MIS_END; empty while it goes on
    # The return interview (statutory guidance on children who run away or go missing from home or care): offered
    # within 72 hours of their return (pledges: the "return_interview" measure), and whether they took it up.
    return_interview_offered_on = models.DateField("date a return interview was offered", null=True, blank=True)
    return_interview_accepted = models.BooleanField("return interview accepted", null=True, blank=True,
                                                    help_text="Empty while they have not said, or none was offered.")

    class Meta:
        ordering = ["young_person", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["young_person", "kind", "started_on"], name="missing_episode_once"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="missing_episode_ends_after_start"),
            models.CheckConstraint(
                condition=Q(return_interview_offered_on__isnull=True)
                | Q(ended_on__isnull=False, return_interview_offered_on__gte=models.F("ended_on")),
                name="missing_return_interview_after_return"),
            models.CheckConstraint(
                condition=Q(return_interview_accepted__isnull=True) | Q(return_interview_offered_on__isnull=False),
                name="missing_return_interview_answer_needs_offer"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%-d %B %Y}"

    def clean(self):
        errors = {}
        if self.started_on and self.young_person_id and self.started_on < self.young_person.date_of_birth:
            errors["started_on"] = "The date it started must be after their date of birth."
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The date it ended must be on or after the date it started."
        offered = self.return_interview_offered_on
        if offered and not self.ended_on:
            errors["return_interview_offered_on"] = "Enter the date they came back before the return interview."
        elif offered and offered < self.ended_on:
            errors["return_interview_offered_on"] = (
                f"The return interview must be offered on or after the day they came back ({self.ended_on:%-d %B %Y}).")
        if self.return_interview_accepted is not None and not offered:
            errors["return_interview_accepted"] = "Enter the date the return interview was offered."
        if errors:
            raise ValidationError(errors)
