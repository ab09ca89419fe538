"""The deadline sweep: finds ledger rows whose next notification has fallen due and sends it.

Celery beat runs it every PLEDGE_SWEEP_EVERY_MINUTES (notifications.tasks.sweep_ledger); `manage.py
sweep_ledger` runs it by hand. Runs may overlap (a slow sweep, two beat hosts), so, as in healthchecks'
sendalerts, each row is claimed with one conditional UPDATE and only the sweep whose UPDATE changed the
row sends. The notifications are written in the claim's transaction: both happen or neither does. So a worker
killed mid-sweep (or a database connection lost) rolls back the row it was on, claim and notifications together,
and the next sweep finds it still due: nothing is lost, and nothing committed is sent again.
"""
import logging
import time
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.models import Concern, User, Worker
from casework.people.scoping import visible_young_people
from casework.working_days import format_day
from pledges.ledger import STAGES, next_alert_at, stage_times
from pledges.models import LedgerEntry

from .delivery import notification_create
from .links import RECORD_PAGES, record_path
from .models import Stage
from .recipients import (
    can_sign_in,
    concern_of,
    concern_readers,
    current_iro,
    is_iro_promise,
    main_worker,
    managers_over,
    managers_over_each,
)

logger = logging.getLogger(__name__)

# Call-backs are the promise a duty worker covers while the young person's own worker is away.
COVERED_BY_DUTY_WORKER = "callback"  # the measure params' "counts"


def sweep(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Send every notification that has fallen due by `now`. Returns how many notifications were created."""
    now = now or timezone.now()
    # Only this question is asked of the whole ledger, and the partial index on next_alert_at answers it.
    # A measure a council has switched off sends nothing more.
    due = LedgerEntry.objects.filter(status=LedgerEntry.Status.OPEN, next_alert_at__lte=now, measure__active=True)
    created = 0
    after = None
    while True:
        batch = due.select_related("measure", "young_person").order_by("next_alert_at", "pk")
        if after is not None:
            # Page on from the last row seen, so a row whose claim was lost is not read again and again.
            batch = batch.filter(Q(next_alert_at__gt=after[0]) | Q(next_alert_at=after[0], pk__gt=after[1]))
        rows = list(batch[:batch_size])
        if len(rows) == batch_size:
            after = (rows[-1].next_alert_at, rows[-1].pk)  # before entry_notify moves it on
        for entry in rows:
            created += entry_notify(entry=entry, now=now)
        if len(rows) < batch_size:
            return created


def entry_notify(*, entry: LedgerEntry, now: datetime) -> int:
    """Claim one row and send the stages that have fallen due. Returns the notifications created."""
    measure = entry.measure
    times = stage_times(entry, measure)
    passed = [(stage, stamp) for stage, stamp in STAGES if getattr(entry, stamp) is None and times[stage] <= now]
    read_alert_at = entry.next_alert_at
    # A row first seen already overdue says "overdue", not a stale "due soon" as well: that warning is
    # stamped without sending. Overdue (to the worker) and escalation (to the manager) go to different
    # people, so neither is ever skipped.
    for _stage, stamp in passed:
        setattr(entry, stamp, now)
    entry.next_alert_at = next_alert_at(entry, measure)

    with transaction.atomic():
        # The claim. It matches only while the row is as this sweep read it; another sweep (or the ledger
        # recomputing the row) changes next_alert_at, so at most one UPDATE can match.
        claimed = LedgerEntry.objects.filter(
            pk=entry.pk, status=LedgerEntry.Status.OPEN, next_alert_at=read_alert_at,
            **{f"{stamp}__isnull": True for _stage, stamp in passed},
        ).update(next_alert_at=entry.next_alert_at, **{stamp: now for _stage, stamp in passed})
        if not claimed or not passed:
            # Lost to another sweep, or nothing was due after all (the measure's days changed since the
            # row was stored): the UPDATE has moved next_alert_at on, so the row leaves the sweep.
            return 0
        if settings.PLEDGE_SWEEP_TEST_PAUSE_SECONDS:
            # Claimed, nothing written yet: the moment a killed worker must not lose a notification.
            time.sleep(settings.PLEDGE_SWEEP_TEST_PAUSE_SECONDS)
        stages = [stage for stage, _stamp in passed]
        if len(stages) > 1 and stages[0] == "due_soon":
            stages = stages[1:]
        today = timezone.localdate(now)
        worker = main_worker(entry.young_person_id)
        concern = concern_of(entry)
        iro = current_iro(entry.young_person_id) if is_iro_promise(entry) else None
        return sum(_send(entry, stage, today, worker, concern, iro) for stage in stages)


def _send(entry: LedgerEntry, stage: str, today, worker: Worker | None, concern: Concern | None,
          iro: Worker | None) -> int:
    if concern is not None:
        recipients = _concern_recipients(concern, stage)
    elif is_iro_promise(entry):
        recipients = _iro_recipients(entry, stage, worker, iro)
    else:
        recipients = _recipients(entry, stage, worker, today)
    if not recipients:
        logger.warning("Nobody with a login to tell about ledger entry %s (%s, %s); stamped without sending.",
                       entry.pk, entry.measure.name, stage)
        return 0
    for recipient, as_duty_worker in recipients:
        notification_create(recipient=recipient, young_person=entry.young_person, stage=stage, entry=entry,
                            **_message(entry, stage, today, worker, as_duty_worker, concern, iro))
    return len(recipients)


def _recipients(entry: LedgerEntry, stage: str, worker: Worker | None, today) -> list[tuple[User, bool]]:
    """Who to tell, each with whether they are told as the duty worker."""
    if stage == Stage.ESCALATION:
        return [(manager.user, False) for manager in managers_over(worker, entry.young_person.council_id)]
    recipients = [(worker.user, False)] if can_sign_in(worker) else []
    if (worker is not None and entry.measure.params.get("counts") == COVERED_BY_DUTY_WORKER and worker.is_away_on(today)
            and worker.team is not None):
        duty_worker = worker.team.duty_worker
        # Told only while the one scoping rule lets them open the young person's page (an open call-back whose
        # worker is away), so a reminder never points at a 404.
        if (can_sign_in(duty_worker) and duty_worker.pk != worker.pk
                and visible_young_people(duty_worker.user).filter(pk=entry.young_person_id).exists()):
            recipients.append((duty_worker.user, True))
    return recipients


def _iro_recipients(entry: LedgerEntry, stage: str, worker: Worker | None,
                    iro: Worker | None) -> list[tuple[User, bool]]:
    """The IRO's promises (a review, the consultation before it, a review after a move) go to their IRO, who (with a
    manager) is the only one casework.people.recording lets record them: never to the social worker, who could not.
    Still overdue, to the managers over the IRO. With no IRO who can sign in, to the managers over the young person's
    own worker (else the council's) from the first reminder: only a manager can give them an IRO."""
    council_id = entry.young_person.council_id
    if not can_sign_in(iro):
        return [(manager.user, False) for manager in managers_over(worker, council_id)]
    if stage == Stage.ESCALATION:
        return [(manager.user, False) for manager in managers_over(iro, council_id)]
    return [(iro.user, False)]


def _concern_recipients(concern: Concern, stage: str) -> list[tuple[User, bool]]:
    """A worry goes to whom the young person sent it (casework.worries.scoping.concern_audience), never to anyone it was
    not sent to; still overdue, to the managers over them (a manager may open every concern in their council)."""
    audience = concern_readers(concern)
    if stage == Stage.ESCALATION:
        audience = managers_over_each(audience, concern.young_person.council_id)
    return [(person.user, False) for person in audience]


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


# Whom a worry was sent to, in the words of a reminder to staff.
SENT_TO = {Concern.Audience.WORKER: "their social worker or personal adviser", Concern.Audience.IRO: "their IRO",
           Concern.Audience.COMPLAINTS: "the complaints team"}


def _without_iro(entry: LedgerEntry, iro: Worker | None) -> str | None:
    """Why one of the IRO's promises has come to a manager, or None if it went to the IRO."""
    if can_sign_in(iro):
        return None
    if iro is None:
        return f"{entry.young_person.full_name} does not have an IRO yet, so this has come to you. Please allocate one."
    return f"Their IRO, {iro.name}, cannot sign in to the portal, so this has come to you."


def _message(entry: LedgerEntry, stage: str, today, worker: Worker | None, as_duty_worker: bool,
             concern: Concern | None = None, iro: Worker | None = None) -> dict:
    measure, young_person, due_on = entry.measure, entry.young_person, entry.due_on
    without_iro = _without_iro(entry, iro) if is_iro_promise(entry) else None
    what = f"{measure.name} for {young_person.full_name}"
    due = format_day(due_on, with_year=True)
    if stage == Stage.DUE_SOON:
        days_left = (due_on - today).days
        subject = f"Due in {_days(days_left)}: {what}" if days_left > 0 else f"Due today: {what}"
        lead = f"{what} is due on {due}."
    elif stage == Stage.OVERDUE:
        subject = f"Overdue: {what}"
        lead = f"{what} was due on {due} and has not been recorded as done."
    else:
        # Days overdue: the day after the due date is the first.
        days_over = (today - due_on).days - 1
        subject = f"Still overdue after {_days(days_over)}: {what}"
        if concern is not None:
            owner = f"They sent it to {SENT_TO[concern.audience]}."
        elif is_iro_promise(entry):
            owner = without_iro or f"{iro.name} is their IRO."
        elif worker:
            owner = f"{worker.name} is their worker."
        else:
            owner = "They have no social worker or personal adviser."
        lead = f"{what} was due on {due} and is still not recorded as done. {owner}"
    lines = [lead]
    if without_iro and stage != Stage.ESCALATION:  # an escalation says it in its lead
        lines.append(without_iro)
    if as_duty_worker:
        lines.append(f"{worker.name} is away until {format_day(worker.away_until, with_year=True)}, "
                     "so this has come to you as the team's duty worker.")
    if entry.explanation:
        lines.append(f"How the date was worked out: {entry.explanation}.")
    counts = measure.params.get("counts")
    page = "Read it and reply" if counts in RECORD_PAGES else f"{young_person.full_name}'s page"
    lines.append(f"{page}: {settings.SITE_URL}"
                 f"{record_path(young_person_id=young_person.pk, counts=counts, trigger_id=entry.trigger_id)}")
    return {"subject": f"{subject} (due {format_day(due_on)})"[:300], "body": "\n\n".join(lines)}
