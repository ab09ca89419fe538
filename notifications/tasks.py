"""Celery tasks. Tasks call services; the services do the work and can be tested without Celery.

deliver_email is defined beside the service it runs (notifications.delivery, which enqueues it), so this module
imports delivery and sweep and neither imports this: one way, no circle (tests/test_architecture.py). It is
imported here so the worker, which loads each app's tasks module, registers it.
"""
from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from casework.audit.retention import retention_apply
from pledges.group_counts import group_counts_repair
from pledges.ledger import ledger_recompute_birthdays
from pledges.ledger.recompute import birthday_people
from pledges.ledger.runs import ledger_recompute_catch_up, ledger_recompute_start
from pledges.models import LedgerRecomputeRun
from pledges.summary_storage import summaries_repack

from .delivery import deliver_email, notification_emails_catch_up  # noqa: F401  (deliver_email: registered)
from .digest import deliver_digest, digests_enqueue  # noqa: F401  (deliver_digest: registered)
from .sweep import sweep
from .sweep_clock import sweep_clock_record
from .texts import deliver_text, notification_texts_catch_up  # noqa: F401  (deliver_text: registered)


@shared_task(name="notifications.ping")
def ping() -> str:
    """A health check a monitor (or a test) can send through the broker to see a worker answer."""
    return "pong"


@shared_task(name="notifications.sweep_ledger")
def sweep_ledger() -> int:
    """Run by beat every PLEDGE_SWEEP_EVERY_MINUTES. Overlapping runs are safe: rows are claimed. A sweep killed
    part way (or lost with Redis) is caught up by the next: what it did not commit is still due. Then the
    emails that never went (the broker was down when their notification was written) are enqueued again, and so
    are ledger rebuilds that have stalled."""
    created = sweep()
    notification_emails_catch_up(now=timezone.now())
    notification_texts_catch_up(now=timezone.now())  # and the staff texts that waited for the morning
    ledger_recompute_catch_up(now=timezone.now())
    sweep_clock_record(now=timezone.now())  # for /readyz: beat is running (pledge_portal.health)
    return created


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests() -> int:
    """Beat, 07:00 Europe/London: each person's morning digest, on working days (notifications.digest). Running it
    twice sends nobody a second one: each person's digest is claimed once a day."""
    return digests_enqueue(now=timezone.now())


@shared_task(name="notifications.ledger_birthdays")
def ledger_birthdays() -> int:
    """Promises that start or end on a birthday (16: leaving care; 18; 25: keeping in touch ends). One person is
    rebuilt here; more are a background run per council (pledges.ledger.runs), resumable in batches."""
    today = timezone.localdate()
    born_today = birthday_people(today=today)
    how_many = born_today.count()
    if how_many <= 1:
        return ledger_recompute_birthdays(today=today)
    for council_id in sorted(set(born_today.values_list("council_id", flat=True))):
        ledger_recompute_start(council_id=council_id, reason=LedgerRecomputeRun.Reason.BIRTHDAYS, birthday=today)
    return how_many


@shared_task(name="notifications.apply_retention")
def apply_retention() -> int:
    """Daily: anonymise young people whose council's retention period has ended (casework.audit.retention)."""
    return len(retention_apply(today=timezone.localdate()))


@shared_task(name="notifications.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Nightly: delete sessions that have ended (idle or signed out), so no old session rows are kept."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="notifications.repair_group_counts")
def repair_group_counts() -> dict[str, int]:
    """Nightly: count every team's and worker's dashboard summary again and mend any difference (pledges.group_counts
    says what could slip past its triggers); how many rows were wrong is logged, and returned. Then rewrite any
    summary left holding far more pages than its rows need (pledges.summary_storage): how many, returned too."""
    return {**group_counts_repair(), "repacked": len(summaries_repack())}
