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

from casework.models import AdvocateOffer, CallbackAttempt, CallbackRequest, Contact, ContactKind, YoungPerson
from reviews.models import Consultation, Review

from .models import AppliesTo, LedgerEntry, Measure
from .rules import Event, Trigger, every, within

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
# A measure's params name what it counts ("counts") and, for "every" rules, what starts and restarts the
# clock. Each source below reads one kind of record for one young person.

# How each kind of contact is named in a ledger row's explanation ("6 weeks after the visit on …").
CONTACT_WORDS = {"visit_home": "visit", "visit_elsewhere": "visit", "phone": "phone call", "video": "video call"}


def _start_event(young_person: YoungPerson, measure: Measure) -> Event | None:
    if measure.params.get("starts") == "came_into_care" and young_person.became_looked_after_on:
        return Event(young_person.became_looked_after_on, "came_into_care")
    return None


def _restarts(young_person: YoungPerson, measure: Measure) -> list[Event]:
    if measure.params.get("restarts") != "placement":
        return []
    return [Event(on, "new_placement", pk)
            for pk, on in young_person.placements.values_list("pk", "started_on")]


def _contacts(young_person: YoungPerson, measure: Measure) -> list[Event]:
    contacts = Contact.objects.filter(young_person=young_person)
    if measure.params.get("counts") == "visit":
        contacts = contacts.filter(kind__in=ContactKind.visits())
    return [Event(on, CONTACT_WORDS.get(kind, "contact"), pk)
            for pk, on, kind in contacts.values_list("pk", "happened_on", "kind")]


def _reviews_held(young_person: YoungPerson, measure: Measure) -> list[Event]:
    return [Event(on, "review", pk)
            for pk, on in Review.objects.filter(young_person=young_person, held_on__isnull=False)
            .values_list("pk", "held_on")]


def _care_plan_versions(young_person: YoungPerson, measure: Measure) -> list[Event]:
    return [Event(on, "care_plan", pk)
            for pk, on in young_person.care_plan_versions.values_list("pk", "agreed_on")]


def _health_checks(young_person: YoungPerson, measure: Measure) -> list[Event]:
    kind = measure.params["counts"]  # "health_assessment", "dental" or "optician"
    return [Event(on, kind, pk) for pk, on in young_person.health_checks.filter(kind=kind)
            .values_list("pk", "checked_on")]


def _local_date(moment) -> date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def _callbacks(young_person: YoungPerson) -> list[Trigger]:
    answers = {}
    for attempt in CallbackAttempt.objects.filter(
        request__young_person=young_person, outcome=CallbackAttempt.Outcome.REACHED
    ).order_by("attempted_at"):
        answers.setdefault(attempt.request_id, Event(_local_date(attempt.attempted_at), "call", attempt.pk))
    return [Trigger(Event(_local_date(r.requested_at), "request", r.pk), answers.get(r.pk))
            for r in CallbackRequest.objects.filter(young_person=young_person)]


def _concerns(young_person: YoungPerson) -> list[Trigger]:
    """Each worry, complaint or advocate request, answered when someone acknowledges it."""
    return [Trigger(Event(_local_date(c.raised_at), "concern", c.pk),
                    Event(_local_date(c.acknowledged_at), "acknowledged", c.pk) if c.acknowledged_at else None)
            for c in young_person.concerns.all()]


def _care_plan_copies(young_person: YoungPerson) -> list[Trigger]:
    return [Trigger(Event(v.agreed_on, "new_care_plan", v.pk),
                    Event(v.copy_given_on, "copy_given", v.pk) if v.copy_given_on else None)
            for v in young_person.care_plan_versions.all()]


def _moves(young_person: YoungPerson) -> list:
    return list(young_person.placements.filter(is_move=True).order_by("started_on"))


def _move_reviews(young_person: YoungPerson) -> list[Trigger]:
    held = sorted(Review.objects.filter(young_person=young_person, held_on__isnull=False)
                  .values_list("held_on", "pk"))
    triggers = []
    for move in _moves(young_person):
        answer = next(((on, pk) for on, pk in held if on >= move.started_on), None)
        triggers.append(Trigger(Event(move.started_on, "move", move.pk),
                                Event(answer[0], "review", answer[1]) if answer else None))
    return triggers


def _advocate_offers(young_person: YoungPerson) -> list[Trigger]:
    """Moves that were not emergencies: kept when an advocate was offered on or before the move."""
    return [Trigger(Event(m.started_on, "move", m.pk),
                    Event(m.advocate_offered_on, "advocate_offered", m.pk) if m.advocate_offered_on else None)
            for m in _moves(young_person) if m.advocate_offer != AdvocateOffer.NOT_OFFERED_EMERGENCY]


def _consultations(young_person: YoungPerson) -> list[Trigger]:
    """Each review, due on its date (held, or planned), kept by the IRO's consultation before it."""
    first = {}
    for review_id, on in Consultation.objects.filter(review__young_person=young_person).order_by("consulted_on") \
            .values_list("review_id", "consulted_on"):
        first.setdefault(review_id, on)
    return [Trigger(Event(r.held_on or r.scheduled_for, "review", r.pk),
                    Event(first[r.pk], "consultation", r.pk) if r.pk in first else None)
            for r in Review.objects.filter(young_person=young_person)]


EVENTS = {"contact": _contacts, "visit": _contacts, "review": _reviews_held, "care_plan": _care_plan_versions,
          "health_assessment": _health_checks, "dental": _health_checks, "optician": _health_checks}
TRIGGERS = {"callback": _callbacks, "concern": _concerns, "care_plan_copy": _care_plan_copies, "move_review": _move_reviews,
            "advocate_offer": _advocate_offers, "consultation": _consultations}
# Which "counts" each kind of saved record can move (pledges.signals uses this).
COUNTS_MOVED_BY = {
    "contact": {"contact", "visit"},
    "callback": {"callback"},
    "placement": {"visit", "move_review", "advocate_offer"},
    "care_plan": {"care_plan", "care_plan_copy"},
    "review": {"review", "move_review", "consultation"},
    "health": {"health_assessment", "dental", "optician"},
    "concern": {"concern"},
}


def cycles_for(young_person: YoungPerson, measure: Measure, params: dict):
    counts = params.get("counts")
    if measure.rule == "within":
        return within(triggers=TRIGGERS[counts](young_person), params=params)
    return every(start=_start_event(young_person, measure), events=EVENTS[counts](young_person, measure),
                 restarts=_restarts(young_person, measure), params=params, born=young_person.date_of_birth)


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
