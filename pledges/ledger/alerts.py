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
    return {stage: _stage_time(stage, entry.due_on, measure) for stage, _ in STAGES}


def next_alert_at(entry: LedgerEntry, measure: Measure) -> datetime | None:
    """The time of the first stage not yet sent, or None when there is nothing left to send."""
    return first_alert(due_on=entry.due_on, met=entry.status == LedgerEntry.Status.MET,
                       sent=tuple(getattr(entry, stamp) for _, stamp in STAGES), measure=measure)


def first_alert(*, due_on: date, met: bool, sent: tuple, measure: Measure) -> datetime | None:
    """The same, from a row's values (`sent`: its stamps in the order of STAGES), for the ledger's recompute."""
    if met:
        return None
    for (stage, _), stamp in zip(STAGES, sent):
        if stamp is None:
            return _stage_time(stage, due_on, measure)
    return None


def _stage_time(stage: str, due_on: date, measure: Measure) -> datetime:
    if stage == "due_soon":
        return local_midnight(due_on - timedelta(days=measure.warn_days_before))
    if stage == "overdue":
        return local_midnight(due_on + timedelta(days=1))
    return local_midnight(due_on + timedelta(days=1 + measure.escalate_after_days))
