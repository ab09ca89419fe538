"""Rebuilding ledger rows from events, for one young person or a whole council, by the same code.

A batch of young people is read in a fixed number of queries (their overrides, each kind of record the measures
read, their existing rows), the pure rules run per person in memory, and only rows that changed are written: new
ones in one INSERT, changed ones in one UPDATE, gone ones in one DELETE. Rows are updated in place, so the
notification stamps on them survive (a reminder is never sent twice because a row was rebuilt).
"""
from collections import defaultdict
from dataclasses import dataclass
from itertools import count
from datetime import date

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from casework.models import YoungPerson

from ..models import AppliesTo, LedgerEntry, Measure, MeasureChange, MeasureOverride, Pledge
from ..rules import Cycle
from .alerts import first_alert
from .writing import insert
from .periods import Period, cycles_for, periods_for
from .sources import Batch

STORED_FIELDS = ["started_by", "due_on", "explanation", "status", "met_on", "met_by", "met_by_id", "pledge_version"]
# What is read of a stored row: which cycle it is, what was computed (STORED_SLICE) and what was sent.
READ_FIELDS = ["pk", "young_person_id", "measure_id", "cycle_start", "trigger_id", *STORED_FIELDS,
               "due_soon_notified_at", "overdue_notified_at", "escalated_at", "next_alert_at"]
PK, PERSON, MEASURE, CYCLE, TRIGGER = range(5)
STORED_SLICE = slice(5, 5 + len(STORED_FIELDS))
SENT_SLICE = slice(STORED_SLICE.stop, STORED_SLICE.stop + 3)  # the three stamps, in the order of alerts.STAGES
STATUS, NEXT_ALERT = READ_FIELDS.index("status"), READ_FIELDS.index("next_alert_at")
BATCH_SIZE = 500  # young people per batch: big enough that queries are few, small enough to hold in memory


@dataclass(frozen=True)
class Rules:
    """A council's active measures (for some counts, or all) with their periods: read once for many batches."""

    measures: list[tuple[Measure, list[Period]]]
    measuring_from: date | None = None  # the council's (Council.measuring_from): what was due before it is history

    @classmethod
    def of(cls, *, council_id: int, counts: set[str] | None = None) -> "Rules":
        published = MeasureChange.objects.filter(effective_from__isnull=False).order_by("effective_from",
                                                                                        "pledge__version")
        # The council's start date comes in the measures' own query (a join), so a recompute costs no query more.
        measures = Measure.objects.filter(council_id=council_id, active=True).prefetch_related(
            Prefetch("changes", queryset=published)).annotate(measuring_from=F("council__measuring_from"))
        if counts is not None:
            measures = measures.filter(params__counts__in=sorted(counts))
        versions = list(Pledge.objects.published().filter(council_id=council_id).order_by("in_force_from", "version")
                        .values_list("in_force_from", "version"))
        measures = list(measures)
        return cls(measures=[(measure, periods_for(measure, versions)) for measure in measures],
                   measuring_from=measures[0].measuring_from if measures else None)


@transaction.atomic
def recompute_batch(*, young_people: list[YoungPerson], rules: Rules, today: date | None = None) -> int:
    """Rebuild these young people's rows (all of one council) for the rules' measures. Returns the rows written."""
    if not young_people or not rules.measures:
        return 0
    today = today or timezone.localdate()
    ids = [young_person.pk for young_person in young_people]
    batch = Batch(ids)
    overrides = defaultdict(dict)
    for person, measure, params in MeasureOverride.objects.filter(young_person_id__in=ids).values_list(
            "young_person_id", "measure_id", "params"):
        overrides[person][measure] = params
    existing = defaultdict(dict)
    # Plain tuples, not model instances: on a council's recompute almost every row is read and left as it was.
    for row in (LedgerEntry.objects.filter(young_person_id__in=ids, measure_id__in=[m.pk for m, _ in rules.measures])
                .values_list(*READ_FIELDS)):
        existing[row[PERSON], row[MEASURE]][row[CYCLE], row[TRIGGER]] = row
    changes = Changes()
    for young_person in young_people:
        applies = AppliesTo.for_young_person(young_person, today)
        for measure, periods in rules.measures:
            rows = existing.get((young_person.pk, measure.pk), {})
            if measure.applies_to in applies:
                cycles = cycles_for(young_person, measure, periods, overrides[young_person.pk].get(measure.pk, {}),
                                    today, batch, rules.measuring_from)
                changes.sync(young_person, measure, rows, cycles)
            else:
                # No longer applies: close nothing new, keep the history that was met.
                changes.delete.extend(row[PK] for row in rows.values() if row[STATUS] == LedgerEntry.Status.OPEN)
    return changes.write()


class Changes:
    """What a batch writes: only the rows that changed."""

    def __init__(self):
        self.create: list[dict] = []  # new rows' columns (writing.insert)
        self.update: list[LedgerEntry] = []
        self.delete: list[int] = []

    def sync(self, young_person: YoungPerson, measure: Measure, existing: dict, cycles: list[tuple[Cycle, int | None]]):
        keep = set()
        for cycle, version in cycles:
            key = (cycle.cycle_start, cycle.trigger_id)
            keep.add(key)
            status = LedgerEntry.Status.MET if cycle.met_on else LedgerEntry.Status.OPEN
            values = (cycle.started_by, cycle.due_on, cycle.explanation[:300], status, cycle.met_on, cycle.met_by,
                      cycle.met_by_id, version)  # in the order of STORED_FIELDS
            row = existing.get(key)
            # The notification stamps stay as they are on a row that was there: what was sent was sent.
            sent = row[SENT_SLICE] if row else (None, None, None)
            alert = first_alert(due_on=cycle.due_on, met=bool(cycle.met_on), sent=sent, measure=measure)
            if row is None:
                self.create.append({"measure_id": measure.pk, "young_person_id": young_person.pk,
                                    "cycle_start": cycle.cycle_start, "trigger_id": cycle.trigger_id,
                                    "next_alert_at": alert, **dict(zip(STORED_FIELDS, values))})
            elif values != row[STORED_SLICE] or alert != row[NEXT_ALERT]:
                self.update.append(LedgerEntry(pk=row[PK], next_alert_at=alert, **dict(zip(STORED_FIELDS, values))))
        self.delete.extend(row[PK] for key, row in existing.items() if key not in keep)

    def write(self) -> int:
        if self.delete:
            LedgerEntry.objects.filter(pk__in=self.delete).delete()
        insert(self.create)
        LedgerEntry.objects.bulk_update(self.update, STORED_FIELDS + ["next_alert_at"])
        return len(self.create) + len(self.update) + len(self.delete)


def ledger_recompute(*, young_person: YoungPerson, counts: set[str] | None = None) -> None:
    """Rebuild one young person's rows for the measures that count these events (all if None): the per-event path,
    in the same transaction as the event, by the same code as a council's recompute."""
    recompute_batch(young_people=[young_person], rules=Rules.of(council_id=young_person.council_id, counts=counts))


def recompute_people(young_people, *, counts: set[str] | None = None, batch_size: int = BATCH_SIZE,
                     after: int = 0, progress=None, batches: int | None = None) -> int:
    """Recompute every young person in a queryset, in batches by id (each its own transaction), from the id after
    `after`: a run that stopped can go on where it was. `progress(done, last_id)` is told after each batch.
    `batches` stops after that many (a background run does one at a time). Returns the number of young people."""
    rules: dict[int, Rules] = {}
    done = 0
    for _ in count() if batches is None else range(batches):
        people = list(young_people.filter(pk__gt=after).order_by("pk")[:batch_size])
        if not people:
            return done
        by_council = defaultdict(list)
        for young_person in people:
            by_council[young_person.council_id].append(young_person)
        for council_id, members in by_council.items():
            if council_id not in rules:
                rules[council_id] = Rules.of(council_id=council_id, counts=counts)
            recompute_batch(young_people=members, rules=rules[council_id])
        done += len(people)
        after = people[-1].pk
        if progress is not None:
            progress(done, after)
    return done


def ledger_recompute_all(*, council_id: int | None = None, counts: set[str] | None = None,
                         batch_size: int = BATCH_SIZE) -> int:
    """Recompute every young person's rows (after loading measures, publishing a version, or for the benchmark).
    Returns the count."""
    young_people = YoungPerson.objects.all()
    if council_id is not None:
        young_people = young_people.filter(council_id=council_id)
    return recompute_people(young_people, counts=counts, batch_size=batch_size)


def ledger_recompute_birthdays(*, today: date) -> int:
    """Recompute everyone whose birthday is today: at 14, 16, 18 and 25 promises start or end. (People born on
    29 February are recomputed on 28 February in other years.)"""
    return recompute_people(birthday_people(today=today))


def birthday_people(*, today: date):
    """The young people whose birthday is today (and on 28 February in other years, those born on the 29th)."""
    born_today = YoungPerson.objects.filter(date_of_birth__month=today.month, date_of_birth__day=today.day)
    if today.month == 2 and today.day == 28 and not _is_leap(today.year):
        born_today = born_today | YoungPerson.objects.filter(date_of_birth__month=2, date_of_birth__day=29)
    return born_today


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
