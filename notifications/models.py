"""What the deadline sweep (and a young person's answer about a promise) sent, to whom, and how each delivery went.

A Notification is the in-app message itself; each way it was delivered (in the portal, by email, by text) is a
DeliveryAttempt, so a failed email or text is on record beside a notification the worker can still read.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

from casework.models import Concern, YoungPerson
from casework.phone import validate_uk_phone
from pledges.models import LedgerEntry, PromiseFeedback

from .links import record_path


class Stage(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Still overdue"
    FEEDBACK = "feedback", "A young person says a promise is not being kept"
    CONCERN_ADDED = "concern_added", "A young person added to their worry"
    # To a young person who chose texts (MessagePreferences.texts), by text only (notifications.young_person_texts):
    # what they read in the portal is the record itself (their call-back page, the reply beside their promise).
    CALLBACK_ASKED = "callback_asked", "We have your call-back request (to the young person)"
    REPLY = "reply", "There is a reply for you (to the young person)"


# Each kind of concern in the words of a notification to staff: "added to their worry", "a young person's complaint".
CONCERN_KIND_WORDS = {"worry": "worry", "complaint": "complaint", "advocate": "request for an advocate"}

# Notifications to a young person: a text message, never an email or a line in a staff list.
YOUNG_PERSON_STAGES = (Stage.CALLBACK_ASKED, Stage.REPLY)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # The ledger deletes a row whose cycle no longer exists (say a contact's date was corrected); what was
    # sent about it stays on record, so the row is let go rather than the notification deleted with it.
    entry = models.ForeignKey(LedgerEntry, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="notifications")
    # A young person's "no, this promise is not being kept" with what is happening: told at once, not by the sweep.
    feedback = models.ForeignKey(PromiseFeedback, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="notifications")
    # A young person adding to a worry they sent: told at once (notifications.concern_additions), not by the sweep.
    concern = models.ForeignKey(Concern, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="notifications")
    # Kept beside the entry so the link to the young person's page (and the admin's council scoping)
    # survive the entry, and a young person's records all go when they do.
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="notifications")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="Plain text.")
    # Its email waits for the recipient's morning digest (notifications.digest) instead of going at once.
    in_digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The sweep's claim already sends each stage once; this makes a second copy impossible even if
            # a bug got past the claim.
            models.UniqueConstraint(fields=["entry", "stage", "recipient"], name="notification_once_per_stage"),
            models.UniqueConstraint(fields=["feedback", "recipient"], name="notification_once_per_feedback",
                                    condition=Q(feedback__isnull=False)),
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx")]

    def __str__(self):
        return self.subject

    @property
    def link(self) -> str:
        """The path of the page it is about (notifications.links), for the list of notifications."""
        if self.concern_id:
            return record_path(young_person_id=self.young_person_id, counts="concern", trigger_id=self.concern_id)
        if self.feedback_id:
            return record_path(young_person_id=self.young_person_id, counts="feedback", trigger_id=self.feedback_id)
        if self.entry_id:  # the row can be gone (recomputed away); then the young person's page
            return record_path(young_person_id=self.young_person_id, counts=self.entry.measure.params.get("counts"),
                               trigger_id=self.entry.trigger_id)
        return record_path(young_person_id=self.young_person_id)


class DigestEmail(models.Model):
    """One person's morning email (notifications.digest): at most one a person a day, which the unique row makes
    certain however many times the task runs. `sent_at` is the claim: set by the one conditional UPDATE that wins,
    put back to empty if the mail server refused, so the task's retry can claim it again."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_emails")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "recipient"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")]

    def __str__(self):
        return f"Daily digest of {self.day:%-d %B %Y} for user {self.recipient_id}"


class DeliveryAttempt(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", "In the portal"
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="attempts")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    attempted_at = models.DateTimeField(auto_now_add=True)
    succeeded = models.BooleanField()
    error = models.TextField(blank=True)
    # A text's: GOV.UK Notify's id for it, or "log" when no NOTIFY_API_KEY is set and it went to the log instead.
    reference = models.CharField(max_length=100, blank=True)
    # The morning email that carried it, when it went in a digest rather than on its own.
    digest = models.ForeignKey(DigestEmail, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="attempts")

    class Meta:
        ordering = ["notification", "attempted_at", "pk"]

    def __str__(self):
        outcome = "sent" if self.succeeded else "failed"
        return f"{self.get_channel_display()} {outcome} at {self.attempted_at:%-d %B %Y %H:%M}"


class MessagePreferences(models.Model):
    """How a person wants to hear from the portal, beside the list of notifications they always have in it.

    Chosen by the person themselves on "How we contact you". No row means the defaults below: staff get the daily
    digest and no texts; young people get no texts.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_preferences")
    daily_digest = models.BooleanField(
        default=True, help_text="Staff: one email each morning listing what is overdue and due soon, most urgent first, "
                                "instead of an email for each. Urgent ones (call-backs, worries) still go at once.")
    texts = models.BooleanField(
        default=False, help_text="Staff: urgent ones (call-backs, worries) by text message too. Young people: when we "
                                 "have your call-back request, and when there is a reply for you.")
    mobile = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone],
                              help_text="The mobile number for texts. Empty: a young person's own number on record.")

    class Meta:
        verbose_name_plural = "message preferences"

    def __str__(self):
        return f"Message preferences of user {self.user_id}"
