"""Celery tasks. Tasks call services; the services do the work and can be tested without Celery.

Services are imported inside each task (as the HackSoft styleguide does) because notifications.delivery
enqueues deliver_email from this module: importing the services here at the top would be circular.
"""
from celery import shared_task


@shared_task(name="notifications.ping")
def ping() -> str:
    """A health check a monitor (or a test) can send through the broker to see a worker answer."""
    return "pong"


@shared_task(name="notifications.sweep_ledger")
def sweep_ledger() -> int:
    """Run by beat every PLEDGE_SWEEP_EVERY_MINUTES. Overlapping runs are safe: rows are claimed. A sweep killed
    part way (or lost with Redis) is caught up by the next: what it did not commit is still due. Then the
    emails that never went (the broker was down when their notification was written) are enqueued again."""
    from django.utils import timezone

    from .delivery import notification_emails_catch_up
    from .sweep import sweep

    created = sweep()
    notification_emails_catch_up(now=timezone.now())
    return created


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
    from .delivery import notification_email_send

    return notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.ledger_birthdays")
def ledger_birthdays() -> int:
    """Promises that start or end on a birthday (16: leaving care; 18; 25: keeping in touch ends)."""
    from django.utils import timezone

    from pledges.ledger import ledger_recompute_birthdays

    return ledger_recompute_birthdays(today=timezone.localdate())


@shared_task(name="notifications.apply_retention")
def apply_retention() -> int:
    """Daily: anonymise young people whose council's retention period has ended (casework.audit.retention)."""
    from django.utils import timezone

    from casework.audit.retention import retention_apply

    return len(retention_apply(today=timezone.localdate()))


@shared_task(name="notifications.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: delete sessions that have ended (idle or signed out), so no old session rows are kept."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
