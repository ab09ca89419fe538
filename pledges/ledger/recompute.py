"""Rebuilding ledger rows from events, for one young person or a whole council, by the same code.

A batch of young people is read in a fixed number of queries (their overrides, each kind of record the measures
read, their existing rows), the pure rules run per person in memory, and only rows that changed are written: new
ones in one INSERT, changed ones in one UPDATE, gone ones in one DELETE. Rows are updated in place, so the
notification stamps on them survive (a reminder is never sent twice because a row was rebuilt).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from casework.models import YoungPerson

from ..models import AppliesTo, LedgerEntry, Measure, MeasureChange, MeasureOverride, Pledge
from ..rules import Cycle
from .alerts import next_alert_at
from .periods import Period, cycles_for, periods_for
from .sources import Batch

STORED_FIELDS = ["started_by", "due_on", "explanation", "status", "met_on", "met_by", "met_by_id", "pledge_version"]
BATCH_SIZE = 500  # young people per batch: big enough that queries are few, small enough to hold in memory


@dataclass(frozen=True)
class Rules:
    """A council's active measures (for some counts, or all) with their periods: read once for many batches."""

    measures: list[tuple[Measure, list[Period]]]

    @classmethod
    def of(cls, *, council_id: int, counts: set[str] | None = None) -> "Rules":
        published = MeasureChange.objects.filter(effective_from__isnull=False).order_by("effective_from",
                                                                                        "pledge__version")
        measures = Measure.objects.filter(council_id=council_id, active=True).prefetch_related(
            Prefetch("changes", queryset=published))
        if counts is not None:
            measures = measures.filter(params__counts__in=sorted(counts))
        versions = list(Pledge.objects.published().filter(council_id=council_id).order_by("in_force_from", "version")
                        .values_list("in_force_from", "version"))
        return cls(measures=[(measure, periods_for(measure, versions)) for measure in measures])


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
    for entry in LedgerEntry.objects.filter(young_person_id__in=ids, measure_id__in=[m.pk for m, _ in rules.measures]):
        existing[entry.young_person_id, entry.measure_id][entry.cycle_start, entry.trigger_id] = entry
    changes = Changes()
    for young_person in young_people:
        applies = AppliesTo.for_young_person(young_person, today)
        for measure, periods in rules.measures:
            rows = existing.get((young_person.pk, measure.pk), {})
            if measure.applies_to in applies:
                cycles = cycles_for(young_person, measure, periods, overrides[young_person.pk].get(measure.pk, {}),
                                    today, batch)
                changes.sync(young_person, measure, rows, cycles)
            else:
                # No longer applies: close nothing new, keep the history that was met.
                changes.delete.extend(e.pk for e in rows.values() if e.status == LedgerEntry.Status.OPEN)
    return changes.write()


class Changes:
    """What a batch writes: only the rows that changed."""

    def __init__(self):
        self.create: list[LedgerEntry] = []
        self.update: list[LedgerEntry] = []
        self.delete: list[int] = []

    def sync(self, young_person: YoungPerson, measure: Measure, existing: dict, cycles: list[tuple[Cycle, int | None]]):
        keep = set()
        for cycle, version in cycles:
            key = (cycle.cycle_start, cycle.trigger_id)
            keep.add(key)
            values = {
                "started_by": cycle.started_by, "due_on": cycle.due_on, "explanation": cycle.explanation[:300],
                "status": LedgerEntry.Status.MET if cycle.met_on else LedgerEntry.Status.OPEN,
                "met_on": cycle.met_on, "met_by": cycle.met_by, "met_by_id": cycle.met_by_id,
                "pledge_version": version,
            }
            entry = existing.get(key)
            if entry is None:
                entry = LedgerEntry(measure=measure, young_person=young_person, cycle_start=cycle.cycle_start,
                                    trigger_id=cycle.trigger_id, **values)
                entry.next_alert_at = next_alert_at(entry, measure)
                self.create.append(entry)
                continue
            changed = any(getattr(entry, name) != value for name, value in values.items())
            for name, value in values.items():
                setattr(entry, name, value)
            alert = next_alert_at(entry, measure)
            if changed or entry.next_alert_at != alert:
                entry.next_alert_at = alert
                self.update.append(entry)
        self.delete.extend(e.pk for k, e in existing.items() if k not in keep)

    def write(self) -> int:
        if self.delete:
            LedgerEntry.objects.filter(pk__in=self.delete).delete()
        LedgerEntry.objects.bulk_create(self.create)
        LedgerEntry.objects.bulk_update(self.update, STORED_FIELDS + ["next_alert_at"])
        return len(self.create) + len(self.update) + len(self.delete)


def ledger_recompute(*, young_person: YoungPerson, counts: set[str] | None = None) -> None:
    """Rebuild one young person's rows for the measures that count these events (all if None): the per-event path,
    in the same transaction as the event, by the same code as a council's recompute."""
    recompute_batch(young_people=[young_person], rules=Rules.of(council_id=young_person.council_id, counts=counts))


def recompute_people(young_people, *, counts: set[str] | None = None, batch_size: int = BATCH_SIZE,
                     after: int = 0, progress=None) -> int:
    """Recompute every young person in a queryset, in batches by id (each its own transaction), from the id after
    `after`: a run that stopped can go on where it was. `progress(done, last_id)` is told after each batch.
    Returns the number of young people."""
    rules: dict[int, Rules] = {}
    done = 0
    while True:
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
    born_today = YoungPerson.objects.filter(date_of_birth__month=today.month, date_of_birth__day=today.day)
    if today.month == 2 and today.day == 28 and not _is_leap(today.year):
        born_today = born_today | YoungPerson.objects.filter(date_of_birth__month=2, date_of_birth__day=29)
    return recompute_people(born_today)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
