"""Delivering a notification: in the portal at once, then by email (and an urgent one by text, to those who chose
texts: notifications.texts). The in-app copy is recorded when the notification is created, so nothing after can take
that away: a failed email is one more DeliveryAttempt, with its error."""
import logging
from datetime import datetime, timedelta
from functools import partial

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from .catch_up import enqueue_each, never_tried
from .email_words import Email, notification_email
from .models import YOUNG_PERSON_STAGES, DeliveryAttempt, MessagePreferences, Notification, Stage
from .texts import text_enqueue

logger = logging.getLogger(__name__)


# The ledger's reminders (due soon, overdue, still overdue) that wait for the morning digest of whoever chose it.
DIGEST_STAGES = {Stage.DUE_SOON, Stage.OVERDUE, Stage.ESCALATION}
# Except these, urgent whatever anyone chose: a call-back a young person asked for, a worry they sent, and a reply
# owed to what they told us about a promise (the measures' "counts"). Their emails go at once.
URGENT_COUNTS = {"callback", "concern", "feedback"}


def prefers_digest(user) -> bool:
    """Whether this person chose one email each morning (the default: no row is the defaults)."""
    chosen = MessagePreferences.objects.filter(user=user).values_list("daily_digest", flat=True).first()
    return True if chosen is None else chosen


def waits_for_digest(*, recipient, stage: str, entry) -> bool:
    """Does this notification's email wait for the recipient's morning digest (notifications.digest)?"""
    return (entry is not None and stage in DIGEST_STAGES
            and entry.measure.params.get("counts") not in URGENT_COUNTS and prefers_digest(recipient))


def notification_create(*, recipient, young_person, stage: str, subject: str, body: str, entry=None,
                        feedback=None, concern=None) -> Notification:
    """Record a notification in the portal, in the caller's transaction, and email it once that commits: at once,
    or in the recipient's morning digest when they chose one and it is not urgent (waits_for_digest)."""
    in_digest = waits_for_digest(recipient=recipient, stage=stage, entry=entry)
    notification = Notification.objects.create(recipient=recipient, young_person=young_person, stage=stage,
                                               entry=entry, feedback=feedback, concern=concern, subject=subject,
                                               body=body, in_digest=in_digest)
    DeliveryAttempt.objects.create(notification=notification, channel=DeliveryAttempt.Channel.IN_APP, succeeded=True)
    text_enqueue(notification=notification)  # the urgent ones, to those who chose texts (notifications.texts)
    if in_digest:
        return notification
    # Email only once the notification is committed, so the worker can read it. robust: a broker that is down
    # (logged) never costs the in-app notification or the rest of the transaction's work, and the page that
    # caused it says nothing of it; the next sweep enqueues the email (notification_emails_catch_up).
    transaction.on_commit(partial(deliver_email.delay, notification_id=notification.pk), robust=True)
    return notification


# An email not tried this long after its notification was written was never enqueued (the broker was down, or
# Redis restarted and lost its queue, or the process died between the commit and the enqueue). Long enough
# that one waiting in a healthy queue has run; a second copy enqueued anyway is harmless (see below).
EMAIL_CATCH_UP_AFTER = timedelta(minutes=15)
# Older than this an email is no longer news: the notification waits in the portal.
EMAIL_CATCH_UP_FOR = timedelta(days=7)


def notification_emails_catch_up(*, now: datetime) -> int:
    """Enqueue the email of each recent notification that has never been tried. Returns how many were enqueued.

    Run after each sweep (notifications.tasks.sweep_ledger), so a broker that was down loses no email.
    """
    waiting = (never_tried(channel=DeliveryAttempt.Channel.EMAIL, now=now, after=EMAIL_CATCH_UP_AFTER,
                           within=EMAIL_CATCH_UP_FOR)
               .filter(in_digest=False)  # the morning's digest carries those
               .exclude(stage__in=YOUNG_PERSON_STAGES))  # texts only
    return enqueue_each(deliver_email, waiting, noun="email")


def notification_email_send(*, notification_id: int) -> bool:
    """Email a notification to its recipient, recording the attempt. Returns False if nothing was sent.

    Raises whatever the mail backend raised (after recording it), so the Celery task can retry.
    """
    # A task can run twice (acks_late redelivers after a worker dies; the catch-up enqueues an email whose first
    # task is still queued), even at once on two workers: the lock makes the second wait for the first to
    # record its success, then send nothing. (A worker killed after the mail server took the email but before
    # the commit sends it again: at least once, never lost.)
    with transaction.atomic():
        # The lock is an UPDATE that changes nothing: a row lock on PostgreSQL, and on SQLite the write lock
        # taken first (SQLite refuses at once, rather than waits, a transaction that reads and then writes
        # while another writes).
        Notification.objects.filter(pk=notification_id).update(read_at=F("read_at"))
        notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
        if notification is None:
            logger.info("Notification %s was deleted before its email went; nothing to send.", notification_id)
            return False
        if notification.in_digest:  # its email is the morning digest's (notifications.digest)
            return False
        if notification.attempts.filter(channel=DeliveryAttempt.Channel.EMAIL, succeeded=True).exists():
            return False
        error = _email(notification)
        DeliveryAttempt.objects.create(notification=notification, channel=DeliveryAttempt.Channel.EMAIL,
                                       succeeded=error is None,
                                       error="" if error is None else f"{type(error).__name__}: {error}"[:2000])
    if error is not None:
        raise error
    return True


# A mail server that refuses for a while must not lose the email: retry 8 times, waiting a random time up
# to 30 seconds, then 1, 2, 4, 8 minutes and then 10 minutes each (jittered, so a batch of failures does
# not retry in step): about 45 minutes in all. Every try is recorded. acks_late (every task's, from settings): a
# worker that dies mid-send leaves the message on the queue for another, and the service's check for an
# earlier success stops a second copy.
@shared_task(
    name="notifications.deliver_email", autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=600,
    max_retries=8,
)
def deliver_email(*, notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


def _email(notification: Notification) -> Exception | None:
    return email_send(email=notification_email(notification), to=notification.recipient.email)


def email_send(*, email: Email, to: str) -> Exception | None:
    """Send the email (notifications.email_words: it names nobody); what the mail backend raised, if it did."""
    context = {"email": email}
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=render_to_string("notifications/email/notification.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string("notifications/email/notification.html", context), "text/html")
    try:
        message.send()
    except Exception as error:
        return error
    return None
