"""`manage.py benchmark --notification-counts DAYS`: how many emails each member of staff gets a day, before the
morning digest (an email for every reminder) and after it (one email each working morning, urgent ones at once).

Benchmarkshire is built with its history up to DAYS days ago (visits and contacts every 20 to 50 days against a
6-weekly promise and the regulation 28 visits, call-backs about 3 a year, answered in 0 to 5 days), then those DAYS are
played one at a time: the sweep just after midnight, the digest at 07:00, the day's contacts and call-backs recorded
(and the ledger recomputed), the sweep again at 17:00. Every notification was an email before; after, only those not
waiting for a digest are, plus each digest sent. Both counts come from the same run, with everyone on the default.

The warm-up sweep at the start (the council's backlog, never notified because its ledger was just built) is not
counted. The portal's own clock is not moved: each notification written is given the simulated time it was written
at, so the digest (which reads what was written by 07:00) sees what it would have seen that morning.
"""
import random
import statistics
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casework.models import (
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    Contact,
    LegalStatus,
    Role,
    User,
    Worker,
    YoungPerson,
)
from pledges.ledger import recompute_people

from .benchmark_council import CASELOAD, delete_benchmarkshire, simple_council
from .digest import digest_day, digest_recipients, digest_send
from .models import Notification
from .sweep import sweep

LOCAL_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def run(out, *, young_people: int, days: int, years: int = 1, seed: int = 2026) -> dict:
    rng = random.Random(seed)
    delete_benchmarkshire()
    today = timezone.localdate()
    start = today - timedelta(days=days)
    try:
        with override_settings(MAILERS=LOCAL_MAIL):
            council, staff, events = _build(young_people, start - timedelta(days=365 * years), start, today, rng)
            people = YoungPerson.objects.filter(council=council)
            recompute_people(people)
            _sweep(council, _at(start, 23, 59))  # the backlog: not counted
            Notification.objects.filter(young_person__council=council).delete()
            before, after = defaultdict(Counter), defaultdict(Counter)
            for n in range(1, days + 1):
                day = start + timedelta(days=n)
                for notification in _sweep(council, _at(day, 0, 5)):
                    _count(before, after, day, notification)
                if digest_day(day):
                    morning = _at(day, 7, 0)
                    for recipient_id in digest_recipients(now=morning):
                        if digest_send(recipient_id=recipient_id, day=day, now=morning):
                            after[day][recipient_id] += 1
                _record(events.get(day, []), people)
                for notification in _sweep(council, _at(day, 17, 0)):
                    _count(before, after, day, notification)
            result = _summary(before, after, [worker.user_id for worker in staff], days)
    finally:
        delete_benchmarkshire()
    out.write(f"Emails per member of staff per day, over {days} simulated days ({young_people} young people, "
              f"{len(staff)} staff, caseloads of {CASELOAD}):")
    for label, key in (("before the digest (an email for each reminder)", "before"),
                       ("after (one each working morning, urgent ones at once)", "after")):
        figures = result[key]
        out.write(f"  {label}: mean {figures['mean']:.2f}, busiest day {figures['max']}, "
                  f"95th percentile {figures['p95']}, {figures['total']} emails in all")
    return result


def _at(day, hour, minute) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _sweep(council, now) -> list[Notification]:
    """Sweep as at `now`; the notifications it wrote, dated `now`."""
    newest = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sweep(now=now)
    written = Notification.objects.filter(pk__gt=newest, young_person__council=council)
    written.update(created_at=now)
    return list(written.only("recipient_id", "in_digest"))


def _count(before, after, day, notification):
    before[day][notification.recipient_id] += 1
    if not notification.in_digest:
        after[day][notification.recipient_id] += 1


def _summary(before, after, staff_ids, days) -> dict:
    result = {}
    for key, counts in (("before", before), ("after", after)):
        per_day = [counts[day][person] for day in counts for person in staff_ids] + \
                  [0] * (len(staff_ids) * (days - len(counts)))
        ordered = sorted(per_day)
        result[key] = {"mean": statistics.mean(per_day) if per_day else 0, "max": max(per_day, default=0),
                       "p95": ordered[int(len(ordered) * 0.95)] if ordered else 0, "total": sum(per_day)}
    return result


def _build(young_people, history_from, start, today, rng):
    """The council, its staff, its history up to `start` saved, and what happens after, by day."""
    with transaction.atomic():
        # Enough workers for everyone, none without a caseload; and their manager, told of escalations.
        council, team, staff = simple_council(workers=-(-young_people // CASELOAD))
        user = User.objects.create_user(email="bench-manager@benchmark.test", password=None)
        staff.append(Worker.objects.create(user=user, council=council, team=team, role=Role.MANAGER,
                                           name="Benchmark Manager"))
        people = YoungPerson.objects.bulk_create([
            YoungPerson(council=council, first_name=f"Young{n}", last_name="Person",
                        date_of_birth=history_from.replace(year=history_from.year - 8),
                        legal_status=LegalStatus.LOOKED_AFTER, became_looked_after_on=history_from)
            for n in range(young_people)])
        Allocation.objects.bulk_create([
            Allocation(young_person=yp, worker=staff[n // CASELOAD], role=Role.SOCIAL_WORKER, started_on=history_from)
            for n, yp in enumerate(people)])
        events = defaultdict(list)
        for n, yp in enumerate(people):
            worker = staff[n // CASELOAD]
            day = history_from + timedelta(days=rng.randint(1, 9))
            while day <= today:
                kind = rng.choice(["visit_home", "visit_home", "visit_elsewhere", "phone"])
                events[day].append(Contact(young_person=yp, worker=worker, happened_on=day, kind=kind))
                day += timedelta(days=rng.randint(20, 50))
            day = history_from
            while day <= today:
                if rng.random() < 3 / 365:
                    request = CallbackRequest(young_person=yp, status="called_back",
                                              requested_at=_at(day, rng.randint(9, 16), 0))
                    events[day].append(request)
                    answered = day + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5]))
                    events[answered].append(CallbackAttempt(request=request, worker=worker, outcome="reached",
                                                            attempted_at=_at(answered, 17, 30)))
                day += timedelta(days=1)
        past = [event for day, happened in events.items() if day <= start for event in happened]
        _save(past)
    return council, staff, {day: happened for day, happened in events.items() if day > start}


def _save(events):
    for model in (Contact, CallbackRequest, CallbackAttempt):
        mine = [event for event in events if isinstance(event, model)]
        if model is CallbackAttempt:
            for attempt in mine:
                attempt.request_id = attempt.request.pk
        model.objects.bulk_create(mine, batch_size=5000)


def _record(events, people):
    """A day's contacts and call-backs, then the ledgers of the young people they are about."""
    if not events:
        return
    with transaction.atomic():
        _save(events)
        ids = {event.young_person_id if not isinstance(event, CallbackAttempt) else event.request.young_person_id
               for event in events}
        recompute_people(people.filter(pk__in=ids))
