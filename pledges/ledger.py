"""The promise ledger: turns a young person's events into stored rows with due dates, and keeps them true.

`ledger_recompute()` is called (by pledges.signals) in the same transaction as any event that can move a
clock: a contact logged, a call-back asked for or answered, a young person's record changed. It rebuilds
that young person's rows for the affected measures from the events, updating rows in place so that the
notification stamps on them survive (a reminder is never sent twice because a row was rebuilt).
"""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from casework.models import CallbackAttempt, CallbackRequest, Contact, ContactKind, YoungPerson

from .models import AppliesTo, LedgerEntry, Measure
from .rules import RULES, Event

# The notification stages in order, each with the stamp that records it was sent.
STAGES = [
    ("due_soon", "due_soon_notified_at"),
    ("overdue", "overdue_notified_at"),
    ("escalation", "escalated_at"),
]
STORED_FIELDS = ["started_by", "due_on", "explanation", "status", "met_on", "met_by", "met_by_id", "pledge_version"]


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


# --- Where each measure's events come from -------------------------------------------------------


def _start_event(young_person: YoungPerson, measure: Measure) -> Event | None:
    if measure.params.get("starts") == "came_into_care" and young_person.became_looked_after_on:
        return Event(young_person.became_looked_after_on, "came_into_care")
    return None


# How each kind of contact is named in a ledger row's explanation ("6 weeks after the visit on …").
CONTACT_WORDS = {"visit_home": "visit", "visit_elsewhere": "visit", "phone": "phone call", "video": "video call"}


def _contact_events(young_person: YoungPerson, measure: Measure) -> list[Event]:
    contacts = Contact.objects.filter(young_person=young_person)
    if measure.params.get("counts") == "visit":
        contacts = contacts.filter(kind__in=ContactKind.visits())
    return [Event(on, CONTACT_WORDS.get(kind, "contact"), pk)
            for pk, on, kind in contacts.values_list("pk", "happened_on", "kind")]


def _callback_triggers(young_person: YoungPerson) -> list[tuple[Event, Event | None]]:
    tz = ZoneInfo(settings.TIME_ZONE)
    requests = CallbackRequest.objects.filter(young_person=young_person).order_by("requested_at")
    answers = {}
    for attempt in CallbackAttempt.objects.filter(
        request__young_person=young_person, outcome=CallbackAttempt.Outcome.REACHED
    ).order_by("attempted_at"):
        answers.setdefault(attempt.request_id, Event(attempt.attempted_at.astimezone(tz).date(), "call", attempt.pk))
    return [(Event(r.requested_at.astimezone(tz).date(), "request", r.pk), answers.get(r.pk)) for r in requests]


def cycles_for(young_person: YoungPerson, measure: Measure, params: dict):
    rule = RULES[measure.rule]
    if measure.rule == "within_working_days":
        return rule(triggers=_callback_triggers(young_person), params=params)
    return rule(start=_start_event(young_person, measure), events=_contact_events(young_person, measure),
                params=params)


# --- Storing ------------------------------------------------------------------------------------


def measures_for(young_person: YoungPerson, counts: set[str] | None = None):
    measures = Measure.objects.filter(council_id=young_person.council_id, active=True).select_related("promise__section__pledge")
    if counts is not None:
        measures = measures.filter(params__counts__in=sorted(counts))
    return measures


@transaction.atomic
def ledger_recompute(*, young_person: YoungPerson, counts: set[str] | None = None) -> None:
    """Rebuild this young person's ledger rows for the measures that count these events (all if None)."""
    overrides = {o.measure_id: o.params for o in young_person.measure_overrides.all()}
    applies = AppliesTo.for_legal_status(young_person.legal_status)
    for measure in measures_for(young_person, counts):
        if measure.applies_to in applies:
            params = {**measure.params, **overrides.get(measure.pk, {})}
            cycles = cycles_for(young_person, measure, params)
        else:
            cycles = None  # no longer applies: close nothing new, keep the history that was met
        _store(young_person, measure, cycles)


def _store(young_person: YoungPerson, measure: Measure, cycles) -> None:
    existing = {(e.cycle_start, e.trigger_id): e for e in measure.entries.filter(young_person=young_person)}
    if cycles is None:
        stale = [e.pk for e in existing.values() if e.status == LedgerEntry.Status.OPEN]
        LedgerEntry.objects.filter(pk__in=stale).delete()
        return
    version = measure.promise.section.pledge.version if measure.promise_id else None
    to_create, to_update, keep = [], [], set()
    for cycle in cycles:
        key = (cycle.cycle_start, cycle.trigger_id)
        keep.add(key)
        values = {
            "started_by": cycle.started_by, "due_on": cycle.due_on, "explanation": cycle.explanation[:300],
            "status": LedgerEntry.Status.MET if cycle.met_on else LedgerEntry.Status.OPEN,
            "met_on": cycle.met_on, "met_by": cycle.met_by, "met_by_id": cycle.met_by_id, "pledge_version": version,
        }
        entry = existing.get(key)
        if entry is None:
            entry = LedgerEntry(measure=measure, young_person=young_person, cycle_start=cycle.cycle_start,
                                trigger_id=cycle.trigger_id, **values)
            entry.next_alert_at = next_alert_at(entry, measure)
            to_create.append(entry)
            continue
        changed = any(getattr(entry, field) != value for field, value in values.items())
        for field, value in values.items():
            setattr(entry, field, value)
        alert = next_alert_at(entry, measure)
        if changed or entry.next_alert_at != alert:
            entry.next_alert_at = alert
            to_update.append(entry)
    LedgerEntry.objects.filter(pk__in=[e.pk for k, e in existing.items() if k not in keep]).delete()
    LedgerEntry.objects.bulk_create(to_create)
    LedgerEntry.objects.bulk_update(to_update, STORED_FIELDS + ["next_alert_at"])


def ledger_recompute_all(*, council_id: int | None = None) -> int:
    """Recompute every young person's rows (after loading measures, or for the benchmark). Returns the count."""
    young_people = YoungPerson.objects.all()
    if council_id is not None:
        young_people = young_people.filter(council_id=council_id)
    count = 0
    for young_person in young_people.iterator():
        ledger_recompute(young_person=young_person)
        count += 1
    return count
