"""Benchmarkshire, a synthetic council for `manage.py benchmark --dashboard-sizes` (see dashboard_benchmark.py).

A manager, teams of social workers and personal advisers, young people in care and care leavers of every age,
a pledge with 8 measures of the usual cadences (every 6 weeks, 3, 6 and 12 months; within 2, 5 and 20 working
days), years of ledger rows and young people's answers to "Is this promise being kept for you?".

The ledger rows are written directly with bulk_create, not recomputed from events: recomputing 20,000 young
people's ledgers would take many minutes, and the dashboard reads only ledger rows, measures, promises and
answers. The rows keep each rule's shape: an "every" measure is a chain of cycles, each starting when the one
before was met, the newest still open; a "within" measure is one row per request.
"""
import math
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import connection, transaction
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.models import Allocation, CallbackAttempt, Council, LegalStatus, Role, Team, User, Worker, YoungPerson
from pledges.group_counts import group_counts_zeros_delete
from pledges.models import LedgerEntry, Measure, Pledge, Promise, PromiseFeedback, Section
from pledges.rules import add_interval, birthday

from .models import Notification

SLUG = "benchmarkshire"
CASELOAD = 15  # young people per social worker or personal adviser
TEAM_SIZE = 10  # workers per team
BATCH = 5000  # rows per INSERT
LATE, STALLED = 0.14, 0.03  # shares of cycles met late, and of recent cycles never met (missed, overdue now)

PROMISES = [
    "Your social worker will be in touch with you at least every 6 weeks",
    "Your care plan will be reviewed at least every six months",
    "We will make sure you get regular health checks",
    "We will stay in touch with you until you are 25 years old",
    "If you contact us, we will return your call within two working days",
    "We will work hard to sort out any problems or worries that you have",
]
# Each measure, the promise it measures (an index into PROMISES) and its interval: an "every" measure's rows
# come one after another; a "within" measure's come from requests made `a_year` times a year.
MEASURES = [
    dict(key="statutory-visit", name="Visit at most every 6 weeks (regulation 28)", basis="statutory",
         applies_to="in_care", promise=0, gap={"weeks": 6}, counts="visit"),
    dict(key="social-worker-contact", name="Social worker in touch every 6 weeks", basis="pledge",
         applies_to="in_care", promise=0, gap={"weeks": 6}, counts="contact"),
    dict(key="statutory-review", name="Review at most every 6 months (regulation 33)", basis="statutory",
         applies_to="in_care", promise=1, gap={"months": 6}, counts="review", warn=14),
    dict(key="health-assessment", name="Health assessment every 12 months", basis="statutory",
         applies_to="in_care", promise=2, gap={"months": 12}, counts="health_assessment", warn=28),
    dict(key="keep-in-touch", name="Personal adviser in touch every 3 months", basis="pledge",
         applies_to="care_leaver", promise=3, gap={"months": 3}, counts="keep_in_touch"),
    dict(key="callback", name="Call returned within 2 working days", basis="pledge",
         applies_to="both", promise=4, gap={"working_days": 2}, a_year=3, counts="callback", warn=0),
    dict(key="concern-acknowledged", name="Worry acknowledged within 5 working days", basis="pledge",
         applies_to="both", promise=5, gap={"working_days": 5}, a_year=1, counts="concern", warn=0),
    dict(key="complaint-answered", name="Complaint answered within 20 working days", basis="statutory",
         applies_to="both", promise=5, gap={"working_days": 20}, a_year=0.3, counts="concern", warn=5),
]


def build(size, years, rng) -> dict:
    """The council in one transaction; then its history, a transaction for each BATCH of ledger rows, as a recompute
    commits each batch of young people (pledges.ledger.recompute). In one transaction, every version of the ledger's
    summaries that the triggers wrote would stay until the end (a 38 MB table of 12,838 days at 20,000 young people),
    which no working council's database looks like."""
    with transaction.atomic():
        built, people, workers, promises, first_day, today = _council(size, years, rng)
    _history(people, list(built["measures"].values()), workers, promises, first_day, today, rng)
    return built


def _council(size, years, rng):
    today = timezone.localdate()
    first_day = today - timedelta(days=365 * years)
    council = Council.objects.create(slug=SLUG, name="Benchmarkshire Council", short_name="Benchmarkshire")
    pledge = Pledge.objects.create(council=council, title="Our pledge to you", in_force_from=first_day)
    section = Section.objects.create(pledge=pledge, order=1, title="Our promises")
    promises = [Promise.objects.create(section=section, order=n + 1, text=text) for n, text in enumerate(PROMISES)]
    # bulk_create: saving a measure one by one would rebuild the (empty) council's ledger each time.
    measures = Measure.objects.bulk_create([
        Measure(council=council, promise=promises[spec["promise"]], key=spec["key"], name=spec["name"],
                basis=spec["basis"], applies_to=spec["applies_to"], warn_days_before=spec.get("warn", 7),
                rule="within" if "a_year" in spec else "every", params={**spec["gap"], "counts": spec["counts"]})
        for spec in MEASURES
    ])
    people = _people(council, size, first_day, today, rng)
    in_care = [yp for yp in people if yp.legal_status == LegalStatus.LOOKED_AFTER]
    leavers = [yp for yp in people if yp.legal_status == LegalStatus.CARE_LEAVER]
    teams, workers = _staff(council, {Role.SOCIAL_WORKER: in_care, Role.PERSONAL_ADVISER: leavers}, first_day)
    manager_user = User(email="bench-manager@benchmark.test")
    manager_user.set_unusable_password()
    manager_user.save()
    manager = Worker.objects.create(user=manager_user, council=council, team=teams[0], role=Role.MANAGER,
                                    name="Benchmark Manager")
    built = {"council": council, "manager": manager, "team": teams[0],
             "measures": {measure.key: measure for measure in measures}}
    return built, people, workers, promises, first_day, today


def _people(council, size, first_day, today, rng) -> list[YoungPerson]:
    """Six in ten in care (aged 0 to 17, in care since a day in the history), the rest care leavers (18 to 24)."""
    people = []
    for n in range(size):
        in_care = n < size * 0.6
        born = today - timedelta(days=rng.randint(30, 18 * 365 - 1) if in_care else rng.randint(18 * 365 + 5, 25 * 365))
        earliest = max(born, first_day)
        came = earliest + timedelta(days=rng.randint(0, (today - earliest).days - 1))
        people.append(YoungPerson(
            council=council, first_name=f"Young{n}", last_name=f"Person{n % 97}", date_of_birth=born,
            legal_status=LegalStatus.LOOKED_AFTER if in_care else LegalStatus.CARE_LEAVER,
            became_looked_after_on=came if in_care else born + timedelta(days=rng.randint(3000, 6000)),
        ))
    return YoungPerson.objects.bulk_create(people, batch_size=BATCH)


def _history_start(young_person, first_day) -> date:
    """When this young person's promises started being counted: coming into care, or (care leavers) turning 18."""
    if young_person.legal_status == LegalStatus.LOOKED_AFTER:
        return young_person.became_looked_after_on
    return max(first_day, birthday(young_person.date_of_birth, 18))


def _staff(council, caseloads: dict, first_day) -> tuple[list[Team], dict]:
    """CASELOAD young people to a worker of the right role, TEAM_SIZE workers to a team; and {young person id:
    worker}. A quarter of young people had an earlier worker, so the team filter must skip ended allocations."""
    counts = {role: math.ceil(len(people) / CASELOAD) for role, people in caseloads.items()}
    total = sum(counts.values())
    teams = Team.objects.bulk_create([Team(council=council, name=f"Team {n + 1}")
                                      for n in range(math.ceil(total / TEAM_SIZE))])
    users = [User(email=f"bench-{role}-{n}@benchmark.test") for role, count in counts.items() for n in range(count)]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users, batch_size=BATCH)
    roles = [role for role, count in counts.items() for _ in range(count)]
    staff = Worker.objects.bulk_create([
        Worker(user=user, council=council, team=teams[n // TEAM_SIZE], role=role, name=f"Worker {n}")
        for n, (user, role) in enumerate(zip(users, roles))
    ], batch_size=BATCH)
    workers, allocations = {}, []
    for role, people in caseloads.items():
        of_role = [worker for worker in staff if worker.role == role]
        for n, yp in enumerate(people):
            workers[yp.pk] = of_role[n // CASELOAD]
            start = _history_start(yp, first_day)
            allocations.append(Allocation(young_person=yp, worker=workers[yp.pk], role=role, started_on=start))
            if n % 4 == 0:
                allocations.append(Allocation(young_person=yp, worker=of_role[-1 - n // CASELOAD], role=role,
                                              started_on=start - timedelta(days=365), ended_on=start))
    Allocation.objects.bulk_create(allocations, batch_size=BATCH)
    return teams, workers


def _every(start, today, gap, rng):
    """A chain of cycles, each due one interval after the last was met; the newest is open (not due yet, or missed)."""
    begun = start
    while True:
        due = add_interval(begun, gap)
        if due >= today or (due > today - timedelta(days=120) and rng.random() < STALLED):
            yield begun, due, None
            return
        if rng.random() < LATE:
            met = due + timedelta(days=rng.randint(1, 30))
        else:
            met = due - timedelta(days=rng.randint(0, (due - begun).days // 3))
        if met > today:
            yield begun, due, None
            return
        yield begun, due, met
        begun = met


def _within(start, today, gap, a_year, rng):
    """One row per request, made about `a_year` times a year; most answered in time, some late, a few not yet."""
    span = (today - start).days
    for _ in range(int(a_year * span / 365 * rng.uniform(0.5, 1.5) + rng.random())):
        asked = start + timedelta(days=rng.randint(0, span))
        due = add_interval(asked, gap)
        chance = rng.random()
        if chance < STALLED and due > today - timedelta(days=120):
            met = None
        elif chance < STALLED + LATE:
            met = due + timedelta(days=rng.randint(1, 15))
        else:
            met = asked + timedelta(days=rng.randint(0, (due - asked).days))
        yield asked, due, met if met and met <= today else None


def _history(people, measures, workers, promises, first_day, today, rng):
    """Ledger rows and answers, written BATCH rows at a time so 20,000 young people never sit in memory at once."""
    tz, now = timezone.get_current_timezone(), timezone.now()
    rows, answers, trigger = [], [], 0
    for yp in people:
        start = _history_start(yp, first_day)
        group = "in_care" if yp.legal_status == LegalStatus.LOOKED_AFTER else "care_leaver"
        for spec, measure in zip(MEASURES, measures):
            if spec["applies_to"] not in ("both", group):
                continue
            if "a_year" in spec:
                cycles = _within(start, today, spec["gap"], spec["a_year"], rng)
            else:
                cycles = _every(start, today, spec["gap"], rng)
            for begun, due, met in cycles:
                trigger += 1
                rows.append(LedgerEntry(
                    measure=measure, young_person=yp, pledge_version=1, cycle_start=begun, started_by=spec["counts"],
                    trigger_id=trigger, due_on=due, explanation=measure.name, met_on=met,
                    status=LedgerEntry.Status.MET if met else LedgerEntry.Status.OPEN, met_by=spec["counts"] if met else "",
                ))
        span = (today - start).days
        for _ in range(int(span / 365 * 0.5 + rng.random())):  # about one answer every two years
            given = datetime.combine(start + timedelta(days=rng.randint(0, span)), clock(rng.randint(8, 21)), tzinfo=tz)
            answer = rng.choices(["yes", "not_really", "no"], weights=[60, 25, 15])[0]
            replied = given + timedelta(days=rng.randint(1, 6)) if answer == "no" and rng.random() < 0.7 else None
            answers.append(PromiseFeedback(
                young_person=yp, promise=rng.choice(promises), answer=answer, given_at=given,
                comment="Nobody has been to see me for ages" if answer == "no" else "",
                reply="Thank you for telling us. Your worker will visit this week." if replied and replied < now else "",
                replied_at=replied if replied and replied < now else None,
                replied_by=workers[yp.pk] if replied and replied < now else None,
            ))
        if len(rows) >= BATCH:
            LedgerEntry.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    LedgerEntry.objects.bulk_create(rows, batch_size=BATCH)
    PromiseFeedback.objects.bulk_create(answers, batch_size=BATCH)


def simple_council(*, workers: int) -> tuple[Council, Team, list[Worker]]:
    """Benchmarkshire for `manage.py benchmark` (the ledger, and --notification-counts): three measures (in touch and
    regulation 28 visits every 6 weeks, call-backs within 2 working days), one team and `workers` social workers."""
    council = Council.objects.create(slug=SLUG, name="Benchmarkshire Council", short_name="Benchmarkshire")
    Measure.objects.bulk_create([
        Measure(council=council, key="social-worker-contact", name="In touch every 6 weeks", basis="pledge",
                rule="every", applies_to="in_care",
                params={"weeks": 6, "counts": "contact", "starts": "came_into_care"}),
        Measure(council=council, key="statutory-visit", name="Visit (regulation 28)", basis="statutory", rule="every",
                applies_to="in_care", params={"weeks": 6, "steps": [{"days": 7}], "restarts": "placement",
                                              "counts": "visit", "starts": "came_into_care"}),
        Measure(council=council, key="callback", name="Call back in 2 working days", basis="pledge", rule="within",
                applies_to="both", warn_days_before=0, params={"working_days": 2, "counts": "callback"}),
    ])
    team = Team.objects.create(council=council, name="Benchmark team", duty_phone="01632 960000")
    staff = []
    for n in range(workers):
        user = User.objects.create_user(email=f"bench-worker-{n}@benchmark.test", password=None)
        staff.append(Worker.objects.create(user=user, council=council, team=team, role=Role.SOCIAL_WORKER,
                                           name=f"Worker {n}"))
    return council, team, staff


def delete_benchmarkshire():
    """Remove Benchmarkshire and everything in it. The ledger rows go in one DELETE: Django's own delete would
    first load every row (a million at 20,000 young people) to let go of notifications about them."""
    council = Council.objects.filter(slug=SLUG).first()
    if council is None:
        return
    with transaction.atomic():
        young_people = YoungPerson.objects.filter(council=council)
        Notification.objects.filter(young_person__in=young_people).delete()  # so nothing points at a ledger row
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {LedgerEntry._meta.db_table} WHERE young_person_id IN "
                           f"(SELECT id FROM {YoungPerson._meta.db_table} WHERE council_id = %s)", [council.pk])
        CallbackAttempt.objects.filter(request__young_person__in=young_people).delete()
        # The benchmark's own timed requests were logged (casework.audit). The log refuses deletion through the ORM;
        # these rows are about synthetic people who go now, so the benchmark removes them as the database's owner.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE young_person_id IN "
                           f"(SELECT id FROM {YoungPerson._meta.db_table} WHERE council_id = %s)", [council.pk])
        young_people.delete()
        user_ids = list(User.objects.filter(worker__council=council).values_list("pk", flat=True))
        Worker.objects.filter(council=council).update(team=None)
        Team.objects.filter(council=council).update(duty_worker=None)
        Worker.objects.filter(council=council).delete()
        User.objects.filter(pk__in=user_ids).delete()
        Team.objects.filter(council=council).delete()
        Pledge.objects.filter(council=council).delete()
        council.delete()
    # Its teams' and workers' counts, now all zero (pledges.group_counts cleans them nightly in a council's database).
    group_counts_zeros_delete()
