"""The promise ledger: turns a young person's events into stored rows with due dates, and keeps them true.

`ledger_recompute()` is called (by pledges.signals) in the same transaction as any event that can move a
clock: a contact logged, a call-back asked for or answered, a young person's answer about a promise or the
reply to it, a young person's record changed. It rebuilds
that young person's rows for the affected measures from the events, updating rows in place so that the
notification stamps on them survive (a reminder is never sent twice because a row was rebuilt).

History stays honest when a manager publishes a new version of the pledge: each cycle is measured against
the rules in force on the day it started (its measure's params then, after every MeasureChange up to that
day) and keeps the number of the pledge version in force then.
"""
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from casework.models import AdvocateOffer, Role, CallbackAttempt, CallbackRequest, Contact, ContactKind, YoungPerson
from reviews.models import Consultation, Review

from .models import AppliesTo, LedgerEntry, Measure, MeasureChange, Pledge, PromiseFeedback
from .rules import Cycle, Event, Trigger, birthday, every, within

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


def _start_event(young_person: YoungPerson, measure: Measure, today: date) -> Event | None:
    """What starts a measure's clock: coming into care, or a birthday that has come ("starts": "birthday",
    "age": 16). A birthday still to come starts nothing: the daily birthday recompute picks it up."""
    starts = measure.params.get("starts")
    if starts == "came_into_care" and young_person.became_looked_after_on:
        return Event(young_person.became_looked_after_on, "came_into_care")
    if starts == "birthday":
        day = birthday(young_person.date_of_birth, measure.params["age"])
        if day <= today:
            return Event(day, f"birthday_{measure.params['age']}")
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


def _dates(field_path: str, kind: str, **filters):
    """An event source reading one date field of one kind of record (skipping empty dates)."""
    related, field = field_path.split(".")

    def source(young_person: YoungPerson, measure: Measure) -> list[Event]:
        records = getattr(young_person, related).filter(**{f"{field}__isnull": False}, **filters)
        return [Event(on, kind, pk) for pk, on in records.values_list("pk", field)]

    return source


def _answered(young_person: YoungPerson, related: str, asked: str, answered: str, kind: str, answer_kind: str,
              **filters) -> list[Trigger]:
    """Triggers read from one kind of record: its `asked` date, answered on its `answered` date (if any)."""
    return [Trigger(Event(getattr(r, asked), kind, r.pk),
                    Event(getattr(r, answered), answer_kind, r.pk) if getattr(r, answered) else None)
            for r in getattr(young_person, related).filter(**{f"{asked}__isnull": False}, **filters)]


def _birthday_trigger(young_person: YoungPerson, age: int, today: date, answers: list[tuple[date, int]],
                      answer_kind: str) -> list[Trigger]:
    day = birthday(young_person.date_of_birth, age)
    if day > today:
        return []
    answer = next(((on, pk) for on, pk in sorted(answers)), None)
    return [Trigger(Event(day, f"birthday_{age}"), Event(answer[0], answer_kind, answer[1]) if answer else None)]


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


def _feedback(young_person: YoungPerson) -> list[Trigger]:
    """Each "no, this promise is not being kept" that says why (PromiseFeedback.needs_reply), answered by the
    reply. A later answer about the same promise does not stop the clock: what they told us is still owed a reply."""
    return [Trigger(Event(_local_date(f.given_at), "feedback", f.pk),
                    Event(_local_date(f.replied_at), "reply", f.pk) if f.replied_at else None)
            for f in young_person.promise_feedback.filter(answer=PromiseFeedback.Answer.NO).exclude(comment="")]


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


EVENTS = {"contact": _contacts, "visit": _contacts, "keep_in_touch": _contacts, "review": _reviews_held,
          "care_plan": _care_plan_versions,
          "health_assessment": _health_checks, "dental": _health_checks, "optician": _health_checks,
          "stay_in_touch": _dates("important_people.confirmed_on", "list_checked"),
          "pep": _dates("peps.reviewed_on", "pep"),
          "work_experience": _dates("work_experience_offers.offered_on", "work_experience_offer"),
          "eet": _dates("education_statuses.recorded_on", "education_check"),
          "identity": _dates("identity_reviews.reviewed_on", "identity_review"),
          "celebration": _dates("achievements.celebrated_on", "celebration"),
          "pathway_plan": _dates("pathway_plan_versions.agreed_on", "pathway_plan"),
          "careers": _dates("careers_meetings.offered_on", "careers_offer")}


def _needs_assessment(young_person: YoungPerson, today: date) -> list[Trigger]:
    done = list(young_person.needs_assessments.values_list("completed_on", "pk"))
    return _birthday_trigger(young_person, 16, today, done, "needs_assessment")


def _pathway_plan_created(young_person: YoungPerson, today: date) -> list[Trigger]:
    plans = list(young_person.pathway_plan_versions.values_list("agreed_on", "pk"))
    return _birthday_trigger(young_person, 16, today, plans, "pathway_plan")


def _personal_adviser(young_person: YoungPerson, today: date) -> list[Trigger]:
    advisers = list(young_person.allocations.filter(role=Role.PERSONAL_ADVISER).values_list("started_on", "pk"))
    return _birthday_trigger(young_person, 16, today, advisers, "personal_adviser_allocated")


def _return_to_education(young_person: YoungPerson, today: date) -> list[Trigger]:
    plans = sorted(young_person.pathway_plan_versions.filter(for_return_to_education=True)
                   .values_list("agreed_on", "pk"))
    triggers = []
    for request in young_person.return_to_education_requests.all():
        plan = next(((on, pk) for on, pk in plans if on >= request.asked_on), None)
        triggers.append(Trigger(Event(request.asked_on, "request_to_return", request.pk),
                                Event(plan[0], "new_pathway_plan", plan[1]) if plan else None))
    return triggers


TRIGGERS = {"callback": _callbacks, "concern": _concerns, "feedback": _feedback,
            "restriction_explained": lambda yp, today: _answered(
                yp, "important_people", "restricted_on", "restriction_explained_on", "contact_restricted",
                "explained", contact_restricted=True),
            "achievement_celebrated": lambda yp, today: _answered(
                yp, "achievements", "achieved_on", "celebrated_on", "achievement", "celebration"),
            "pathway_plan_copy": lambda yp, today: _answered(
                yp, "pathway_plan_versions", "agreed_on", "copy_given_on", "new_pathway_plan", "copy_given"),
            "needs_assessment": _needs_assessment, "pathway_plan_created": _pathway_plan_created,
            "return_to_education": _return_to_education, "personal_adviser": _personal_adviser, "care_plan_copy": _care_plan_copies, "move_review": _move_reviews,
            "advocate_offer": _advocate_offers, "consultation": _consultations}
# Which "counts" each kind of saved record can move (pledges.signals uses this).
COUNTS_MOVED_BY = {
    "contact": {"contact", "visit", "keep_in_touch"},
    "callback": {"callback"},
    "placement": {"visit", "move_review", "advocate_offer"},
    "care_plan": {"care_plan", "care_plan_copy"},
    "review": {"review", "move_review", "consultation"},
    "health": {"health_assessment", "dental", "optician"},
    "concern": {"concern"},
    "feedback": {"feedback"},
    "important_person": {"stay_in_touch", "restriction_explained"},
    "identity": {"identity"},
    "achievement": {"achievement_celebrated", "celebration"},
    "education": {"pep", "work_experience", "eet"},
    "allocation": {"personal_adviser"},
    "leaving_care": {"needs_assessment", "pathway_plan_created", "pathway_plan", "pathway_plan_copy",
                     "return_to_education", "careers"},
}


# Trigger sources that need no date: give them the same shape as those that do.
for _key in ("callback", "concern", "feedback", "care_plan_copy", "move_review", "advocate_offer", "consultation"):
    TRIGGERS[_key] = (lambda source: lambda young_person, today: source(young_person))(TRIGGERS[_key])


# --- The rules over time -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From a day (None: from the beginning) until the next period starts, a measure has these params and
    the pledge in force is this version (None for a measure that belongs to no promise)."""

    starts: date | None
    params: dict
    version: int | None


def periods_for(measure: Measure, versions: list[tuple[date, int]]) -> list[Period]:
    """The measure's periods, oldest first: a new one each day a version of the pledge came into force or the
    measure's numbers changed. `versions` are the council's published (in_force_from, version), oldest first;
    `measure.changes` are its published changes, oldest first (prefetched by measures_for). Before the first
    version came into force a cycle is measured against the first version's rules."""
    changes = list(measure.changes.all())
    days = sorted({day for day, _ in versions} | {change.effective_from for change in changes})
    # The params after each change; after the last, the measure's own (the same, unless edited in the admin since).
    afters = [change.params_after for change in changes[:-1]] + [measure.params]
    periods: list[Period] = []
    for starts in [None, *days]:
        params = changes[0].params_before if changes else measure.params
        for change, after in zip(changes, afters):
            if starts is not None and change.effective_from <= starts:
                params = after
        version = versions[0][1] if versions else None
        for day, number in versions:
            if starts is not None and day <= starts:
                version = number
        if measure.promise_id is None:
            version = None
        if not periods or (periods[-1].params, periods[-1].version) != (params, version):
            periods.append(Period(starts=starts, params=params, version=version))
    return periods


def cycles_for(young_person: YoungPerson, measure: Measure, periods: list[Period], overrides: dict,
               today: date) -> list[tuple[Cycle, int | None]]:
    """Each cycle with its pledge version. The events are read once; the rule runs once for each set of params,
    and each cycle comes from the run of the period its cycle_start falls in."""
    counts = measure.params.get("counts")
    if measure.rule == "within":
        triggers = TRIGGERS[counts](young_person, today)

        def run(params):
            return within(triggers=triggers, params=params)
    else:
        start, events = _start_event(young_person, measure, today), EVENTS[counts](young_person, measure)
        restarts = _restarts(young_person, measure)

        def run(params):
            return every(start=start, events=events, restarts=restarts, params=params, born=young_person.date_of_birth)

    runs: dict[str, list[Cycle]] = {}
    taken = []
    for period, following in zip(periods, [*periods[1:], None]):
        params = {**period.params, **overrides}
        key = json.dumps(params, sort_keys=True)
        if key not in runs:
            runs[key] = run(params)
        taken.extend((cycle, period.version) for cycle in runs[key]
                     if (period.starts is None or cycle.cycle_start >= period.starts)
                     and (following is None or cycle.cycle_start < following.starts))
    return taken


# --- Storing ------------------------------------------------------------------------------------


def measures_for(young_person: YoungPerson, counts: set[str] | None = None):
    published = MeasureChange.objects.filter(effective_from__isnull=False).order_by("effective_from", "pledge__version")
    measures = Measure.objects.filter(council_id=young_person.council_id, active=True).prefetch_related(
        Prefetch("changes", queryset=published))
    if counts is not None:
        measures = measures.filter(params__counts__in=sorted(counts))
    return measures


def published_versions(council_id: int) -> list[tuple[date, int]]:
    return list(Pledge.objects.published().filter(council_id=council_id).order_by("in_force_from", "version")
                .values_list("in_force_from", "version"))


@transaction.atomic
def ledger_recompute(*, young_person: YoungPerson, counts: set[str] | None = None) -> None:
    """Rebuild this young person's ledger rows for the measures that count these events (all if None)."""
    overrides = {o.measure_id: o.params for o in young_person.measure_overrides.all()}
    today = timezone.localdate()
    applies = AppliesTo.for_young_person(young_person, today)
    versions = published_versions(young_person.council_id)
    for measure in measures_for(young_person, counts):
        if measure.applies_to in applies:
            cycles = cycles_for(young_person, measure, periods_for(measure, versions),
                                overrides.get(measure.pk, {}), today)
        else:
            cycles = None  # no longer applies: close nothing new, keep the history that was met
        _store(young_person, measure, cycles)


def _store(young_person: YoungPerson, measure: Measure, cycles: list[tuple[Cycle, int | None]] | None) -> None:
    existing = {(e.cycle_start, e.trigger_id): e for e in measure.entries.filter(young_person=young_person)}
    if cycles is None:
        stale = [e.pk for e in existing.values() if e.status == LedgerEntry.Status.OPEN]
        LedgerEntry.objects.filter(pk__in=stale).delete()
        return
    to_create, to_update, keep = [], [], set()
    for cycle, version in cycles:
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


def ledger_recompute_birthdays(*, today: date) -> int:
    """Recompute everyone whose birthday is today: at 14, 16, 18 and 25 promises start or end. (People born on
    29 February are recomputed on 28 February in other years.)"""
    born_today = YoungPerson.objects.filter(date_of_birth__month=today.month, date_of_birth__day=today.day)
    if today.month == 2 and today.day == 28 and not _is_leap(today.year):
        born_today = born_today | YoungPerson.objects.filter(date_of_birth__month=2, date_of_birth__day=29)
    count = 0
    for young_person in born_today.iterator():
        ledger_recompute(young_person=young_person)
        count += 1
    return count


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
