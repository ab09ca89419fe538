"""When a ledger row's notifications fall due (read by notifications.sweep, written with each row)."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from ..models import LedgerEntry, Measure

# The notification stages in order, each with the stamp that records it was sent.
STAGES = [
    ("due_soon", "due_soon_notified_at"),
    ("overdue", "overdue_notified_at"),
    ("escalation", "escalated_at"),
]


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def stage_times(entry: LedgerEntry, measure: Measure) -> dict[str, datetime]:
    """When each notification for an open row falls due: the warning, the day after the due date, and
    the escalation to the team manager after the grace period."""
    return {
        "due_soon": local_midnight(entry.due_on - timedelta(days=measure.warn_days_before)),
        "overdue": local_midnight(entry.due_on + timedelta(days=1)),
        "escalation": local_midnight(entry.due_on + timedelta(days=1 + measure.escalate_after_days)),
    }


def next_alert_at(entry: LedgerEntry, measure: Measure) -> datetime | None:
    """The time of the first stage not yet sent, or None when there is nothing left to send."""
    if entry.status == LedgerEntry.Status.MET:
        return None
    times = stage_times(entry, measure)
    for stage, stamp in STAGES:
        if getattr(entry, stamp) is None:
            return times[stage]
    return None
