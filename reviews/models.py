"""Reviews of a looked-after young person's care plan, chaired by their Independent Reviewing Officer (IRO),
the IRO hearing the young person before each one, and changes of IRO.

Every record hangs off a young person, so casework.people.scoping decides who sees it. The records check
themselves in clean(); reviews.services calls full_clean() before saving anything.
"""
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from casework.models import Role, Worker, YoungPerson


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _iro_errors(worker: Worker | None, young_person: YoungPerson | None) -> str | None:
    """Why this worker cannot be the young person's IRO, or None if they can."""
    if worker is None:
        return None
    if worker.role != Role.IRO:
        return "Choose an Independent Reviewing Officer"
    if young_person is not None and worker.council_id != young_person.council_id:
        return "Choose an Independent Reviewing Officer from the young person's council"
    return None


class ParticipationCode(models.TextChoices):
    """SSDA903 codes for how a young person took part in their review."""

    PN0 = "PN0", "PN0: under 4 at the time of the review"
    PN1 = "PN1", "PN1: attended and spoke for themselves"
    PN2 = "PN2", "PN2: attended and an advocate spoke for them"
    PN3 = "PN3", "PN3: attended and conveyed their views non-verbally"
    PN4 = "PN4", "PN4: attended but did not convey their views"
    PN5 = "PN5", "PN5: did not attend, briefed an advocate to speak for them"
    PN6 = "PN6", "PN6: did not attend, conveyed their views another way"
    PN7 = "PN7", "PN7: did not attend and their views were not conveyed"


class Review(models.Model):
    """A looked-after review chaired by an IRO: booked for a date, then recorded once it is held. One imported from
    the council's SSDA903 return (REVIEW and REVIEW_CODE: held_on and participation) has no IRO."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="reviews")
    # Null: a review from the council's own records (the 903 return), which do not say who chaired it.
    iro = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews_chaired",
                            verbose_name="IRO")
    scheduled_for = models.DateField("date booked")
    held_on = models.DateField("date held", null=True, blank=True)
    attendees = models.TextField(blank=True, help_text="Who came to the review.")
    participation = models.CharField(max_length=3, choices=ParticipationCode.choices, blank=True)
    took_part_how = models.TextField("how they took part", blank=True)
    decisions = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_for", "-pk"]
        indexes = [models.Index(fields=["young_person", "scheduled_for"], name="review_by_young_person_idx")]

    def __str__(self):
        if self.held_on:
            return f"Review held on {_day(self.held_on)}"
        return f"Review booked for {_day(self.scheduled_for)}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    @property
    def due_on(self) -> date:
        """The review's date: the day it was held, or the day it is booked for."""
        return self.held_on or self.scheduled_for

    def clean(self):
        errors = {}
        young_person = self.young_person if self.young_person_id else None
        came_into_care = young_person.came_into_care_after(self.scheduled_for) if young_person and self.scheduled_for \
            else None
        if came_into_care:
            errors["scheduled_for"] = (
                f"The review date must be on or after the day they came into care ({_day(came_into_care)})"
            )
        # Reviews come every six months at most, so a date further ahead is a slip (and a year like 9999 would
        # take the ledger's deadlines past the last date there is).
        elif self.scheduled_for and self.scheduled_for > timezone.localdate() + timedelta(days=366):
            errors["scheduled_for"] = "The review date must be within a year from today"
        if self.held_on:
            if self.held_on > timezone.localdate():
                errors["held_on"] = "The date the review was held must be today or in the past"
            elif young_person and (came := young_person.came_into_care_after(self.held_on)):
                errors["held_on"] = (
                    f"The date the review was held must be on or after the day they came into care ({_day(came)})"
                )
            if not self.participation:
                errors["participation"] = "Select how they took part in their review"
            elif young_person is not None and "held_on" not in errors:
                under_four = young_person.age_on(self.held_on) < 4
                if under_four and self.participation != ParticipationCode.PN0:
                    errors["participation"] = "They were under 4 at the time of the review: select PN0"
                elif not under_four and self.participation == ParticipationCode.PN0:
                    errors["participation"] = "PN0 is only for a child under 4 at the time of the review"
        elif self.participation:
            errors["participation"] = "Record how they took part only once the review has been held"
        iro_error = _iro_errors(self.iro if self.iro_id else None, young_person)
        if iro_error:
            errors["iro"] = iro_error
        if errors:
            raise ValidationError(errors)


class ConsultationMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    LETTER = "letter", "Letter"
    APP = "app", "Through Pledge Portal"


class Consultation(models.Model):
    """The IRO hearing the young person before a review. They may choose not to give their views."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="consultations")
    # Null, with no method: the IRO's last visit or contact from the council's own records (an Annex A list), which
    # say when and nothing else. The portal's form still asks how, and the IRO records themselves.
    iro = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="consultations", verbose_name="IRO",
                            null=True, blank=True)
    consulted_on = models.DateField("date")
    method = models.CharField(max_length=20, choices=ConsultationMethod.choices, blank=True)
    views = models.TextField(blank=True, help_text="In the young person's own words.")
    declined = models.BooleanField("they chose not to give views", default=False)

    class Meta:
        ordering = ["consulted_on", "pk"]

    def __str__(self):
        return f"{self.get_method_display()} on {_day(self.consulted_on)}"

    def clean(self):
        errors = {}
        review = self.review if self.review_id else None
        if self.consulted_on:
            if self.consulted_on > timezone.localdate():
                errors["consulted_on"] = "The date they were consulted must be today or in the past"
            elif review is not None and self.consulted_on < review.young_person.date_of_birth:
                errors["consulted_on"] = "The date they were consulted must be after their date of birth"
            elif review is not None and self.consulted_on > review.due_on:
                errors["consulted_on"] = (
                    f"The consultation must be on or before the review ({_day(review.due_on)})"
                )
        if self.declined and self.views.strip():
            errors["views"] = "Leave their views empty if they chose not to give views, or untick the box"
        elif not self.declined and not self.views.strip() and self.iro_id is not None:
            errors["views"] = "Enter their views in their own words, or tick ‘They chose not to give views’"
        iro_error = _iro_errors(self.iro if self.iro_id else None, review.young_person if review else None)
        if iro_error:
            errors["iro"] = iro_error
        if errors:
            raise ValidationError(errors)


VIEWS_MAX_LENGTH = 3000


class ViewsSubmission(models.Model):
    """A young person sending their views to their IRO from the portal, before an upcoming review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="views_submissions")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="views_submissions")
    text = models.TextField(max_length=VIEWS_MAX_LENGTH)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"Views from {self.young_person} ({self.submitted_at:%-d %B %Y})"

    def clean(self):
        errors = {}
        if not self.text.strip():
            errors["text"] = "Write what you would like your IRO to know"
        elif len(self.text) > VIEWS_MAX_LENGTH:
            errors["text"] = f"What you write must be {VIEWS_MAX_LENGTH:,} characters or fewer"
        if self.review_id and self.young_person_id:
            review = self.review
            if review.young_person_id != self.young_person_id:
                errors["review"] = "Choose one of your own reviews"
            elif review.held_on is not None or (
                self.submitted_at and timezone.localdate(self.submitted_at) > review.scheduled_for
            ):
                errors["review"] = "This review has already happened"
        if errors:
            raise ValidationError(errors)


class IroChange(models.Model):
    """A young person's IRO changing, with the reason and whether they met the new IRO in time."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="iro_changes")
    previous_iro = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="previous IRO")
    new_iro = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", verbose_name="new IRO")
    changed_on = models.DateField("date of the change")
    reason = models.TextField()
    # The pledge: "we will ensure you meet your new IRO before any meetings". None: not yet known.
    met_before_next_review = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"IRO changed for {self.young_person} on {_day(self.changed_on)}"

    def clean(self):
        errors = {}
        young_person = self.young_person if self.young_person_id else None
        iro_error = _iro_errors(self.new_iro if self.new_iro_id else None, young_person)
        if iro_error:
            errors["new_iro"] = iro_error
        elif self.new_iro_id and self.new_iro_id == self.previous_iro_id:
            errors["new_iro"] = f"{self.new_iro.name} is already their IRO: choose a different IRO"
        if not self.reason.strip():
            errors["reason"] = "Enter why their IRO is changing"
        came_into_care = young_person.became_looked_after_on if young_person else None
        # A change takes effect when it is saved (the new IRO sees the record at once), so it records one that has
        # happened: a date in the future would hand the record over early.
        if self.changed_on and self.changed_on > timezone.localdate():
            errors["changed_on"] = "The date of the change must be today or in the past"
        elif self.changed_on and came_into_care and self.changed_on < came_into_care:
            errors["changed_on"] = (
                f"The date of the change must be on or after the day they came into care ({_day(came_into_care)})"
            )
        elif self.changed_on and young_person and self.changed_on < young_person.date_of_birth:
            errors["changed_on"] = "The date of the change must be after their date of birth"
        if errors:
            raise ValidationError(errors)
