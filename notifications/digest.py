"""The morning digest: one email a working day for each person who chose it (MessagePreferences.daily_digest, the
default), instead of one email for each of the ledger's reminders (notifications.delivery.waits_for_digest).

The sweep still writes every reminder in the portal at once; only its email waits. At 07:00 on working days
(Europe/London; beat's `morning-digest`) send_daily_digests enqueues one deliver_digest per person with reminders
waiting, and each sends ONE email listing the promises those reminders are about that are still owed this morning,
most urgent first (overdue by the most days first, then due soonest), each with its link, and the counts. A promise
met since its reminder is left out; nothing left, no email. Weekends and bank holidays (casework.working_days) send
nothing: what was raised then is in the next working morning's email. Urgent ones (call-backs, worries, what young
people tell us about promises) never wait.

Sent once a person a day however many times the task runs: the DigestEmail row is unique per person and day, and only
the task whose conditional UPDATE claims it (sent_at empty -> now) sends. Each reminder it carried gets its email
DeliveryAttempt, pointing at the digest, so it is not carried again (and the catch-up of lost emails leaves it alone).
"""
import logging
from datetime import date, datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from casework.working_days import is_working_day
from pledges.models import LedgerEntry

from .delivery import email_send
from .email_words import DigestItem, digest_email
from .links import record_path
from .models import DeliveryAttempt, DigestEmail, Notification

logger = logging.getLogger(__name__)

# A reminder still waiting after this long (a fortnight of holidays, a digest that kept failing) is no longer news:
# it stays in the portal.
DIGEST_LOOKS_BACK = timedelta(days=14)


def digest_day(day: date) -> bool:
    """Is there a morning digest on this day? Working days only (nobody is at work to read it otherwise), unless the
    council's staff work every day (PLEDGE_DIGEST_EVERY_DAY)."""
    return settings.PLEDGE_DIGEST_EVERY_DAY or is_working_day(day)


def digest_waiting(*, now: datetime):
    """The reminders whose email waits for a digest and has not gone in one."""
    emailed = DeliveryAttempt.objects.filter(notification=OuterRef("pk"), channel=DeliveryAttempt.Channel.EMAIL,
                                             succeeded=True)
    return Notification.objects.filter(in_digest=True, created_at__lte=now,
                                       created_at__gt=now - DIGEST_LOOKS_BACK).filter(~Exists(emailed))


def digest_recipients(*, now: datetime) -> list[int]:
    """Who has reminders waiting (and can still sign in)."""
    return list(digest_waiting(now=now).filter(recipient__is_active=True)
                .order_by("recipient_id").values_list("recipient_id", flat=True).distinct())


def digest_items(*, recipient_id: int, now: datetime) -> tuple[list[Notification], list[DigestItem]]:
    """The waiting reminders whose promise is still owed, and one item for each such promise."""
    waiting = list(digest_waiting(now=now).filter(recipient_id=recipient_id, entry__status=LedgerEntry.Status.OPEN)
                   .select_related("entry__measure").order_by("pk"))
    items = {}
    for notification in waiting:
        entry = notification.entry
        items.setdefault(entry.pk, DigestItem(
            measure_name=entry.measure.name, due_on=entry.due_on,
            path=record_path(young_person_id=notification.young_person_id, counts=entry.measure.params.get("counts"),
                             trigger_id=entry.trigger_id)))
    return waiting, list(items.values())


def digest_send(*, recipient_id: int, day: date, now: datetime) -> bool:
    """Send this person's digest for this day, once. Returns False if it was sent already or there was nothing.

    Raises whatever the mail backend raised, after recording it and letting the claim go, so the task retries."""
    with transaction.atomic():
        digest, _ = DigestEmail.objects.get_or_create(recipient_id=recipient_id, day=day)
        # The claim: of two tasks for the same person and day, one UPDATE changes the row, the other finds it sent.
        if not DigestEmail.objects.filter(pk=digest.pk, sent_at__isnull=True).update(sent_at=now):
            return False
        waiting, items = digest_items(recipient_id=recipient_id, now=now)
        if not items:  # every promise reminded of has been met since: no email, and no digest on record
            transaction.set_rollback(True)
            return False
        digest = DigestEmail.objects.select_related("recipient").get(pk=digest.pk)
        email = digest_email(items, day)
        error = email_send(email=email, to=digest.recipient.email)
        DeliveryAttempt.objects.bulk_create([
            DeliveryAttempt(notification=notification, channel=DeliveryAttempt.Channel.EMAIL, digest=digest,
                            succeeded=error is None,
                            error="" if error is None else f"{type(error).__name__}: {error}"[:2000])
            for notification in waiting])
        overdue = sum(1 for item in items if item.days_over(day) > 0)
        DigestEmail.objects.filter(pk=digest.pk).update(
            sent_at=now if error is None else None, overdue=overdue, due_soon=len(items) - overdue)
    if error is not None:
        raise error
    return True


def digests_enqueue(*, now: datetime) -> int:
    """The morning's work (beat, 07:00): one deliver_digest task for each person with reminders waiting."""
    day = timezone.localdate(now)
    if not digest_day(day):
        return 0
    recipients = digest_recipients(now=now)
    for recipient_id in recipients:
        deliver_digest.delay(recipient_id=recipient_id, day=day.isoformat())
    logger.info("Enqueued %s morning digest%s.", len(recipients), "" if len(recipients) == 1 else "s")
    return len(recipients)


# Retried like deliver_email (notifications.delivery): a mail server refusing for a while loses no digest.
@shared_task(
    name="notifications.deliver_digest", autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=600,
    max_retries=8,
)
def deliver_digest(*, recipient_id: int, day: str) -> bool:
    return digest_send(recipient_id=recipient_id, day=date.fromisoformat(day), now=timezone.now())
