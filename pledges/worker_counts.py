"""How each worker's promises are going: the numbers on a manager's workers page and a worker's record.

Each number is one Q over a worker's allocations and their young people's ledger rows (`rows_q`), used twice: inside
`Count(..., filter=...)` to count every worker's rows in one query, and as a filter to list the rows behind a number.
So a list always holds what its number counted.

Whose row is it?
- An IRO answers for the IRO's promises (reviews, the consultation before each, a review after a move: the IRO's
  list, pledges.caseload_views.IRO_COUNTS); a social worker or personal adviser for every other promise.
- Rows open now (overdue, due soon) belong to whoever holds the young person now (an open allocation).
- Rows due in the period belong to whoever was allocated on the day each was due, so a worker who has just taken a
  young person on does not answer for what was missed before.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q, QuerySet

from casework.models import Role, Worker

from .dashboard_filters import Period
from .ledger.snapshots import LedgerRows, with_ledger_snapshot
from .models import LedgerEntry, Measure
from .caseload_views import IRO_COUNTS

OPEN, MET = LedgerEntry.Status.OPEN, LedgerEntry.Status.MET
# The lists behind the numbers, by the slug in their URL.
ROW_LISTS = {
    "overdue": "Overdue today",
    "due-soon": "Due soon",
    "due": "Due in the period",
}


@dataclass(frozen=True)
class Clock:
    """One reading of the clock for a page: today, the period reported on, and the measures' warning windows."""

    today: date
    period: Period
    warn_days: tuple[int, ...] = ()  # only "due soon" needs them: for_council() reads them
    # Where the rows are read (the snapshot while the council's ledger is rebuilt): for_council() reads it, or
    # pass ledger_rows_for() a worker read through with_ledger_snapshot.
    ledger: LedgerRows = field(default_factory=LedgerRows)

    @classmethod
    def for_council(cls, council, *, today: date, period: Period) -> "Clock":
        """"Due soon" depends on each measure's warn_days_before; a council has only a few distinct values, so each
        becomes one date range in SQL (one query here, which also reads the ledger snapshot going on)."""
        rows = list(with_ledger_snapshot(Measure.objects.filter(council=council, active=True)).order_by()
                    .values_list("warn_days_before", "snapshot_run", "snapshot_measures").distinct())
        ledger = LedgerRows.of_run(*rows[0][1:]) if rows else LedgerRows()
        return cls(today=today, period=period, warn_days=tuple(sorted({row[0] for row in rows})) or (0,),
                   ledger=ledger)

    @property
    def due_until(self) -> date:
        """Rows due in the period count once their due date has come."""
        return min(self.period.end, self.today)


def _on(path: str, **lookups) -> Q:
    return Q(**{f"{path}{name}": value for name, value in lookups.items()})


def rows_q(which: str, clock: Clock, *, allocation: str, entry: str) -> Q:
    """The ledger rows behind a number. `allocation` and `entry` are the paths from the queried model to the worker's
    allocation and the ledger row ('allocations__' and 'allocations__young_person__ledger_entries__' from a Worker;
    'young_person__allocations__' and '' from a LedgerEntry).

    which: "overdue" (open, due before today), "due-soon" (open, due from today to today + the measure's
    warn_days_before), "due" (due in the period and by today), or "due" narrowed to "kept-on-time" (met on or before
    the due date), "kept-late" or "not-kept" (still open).
    """
    due_on = F(f"{entry}due_on")
    # Positive tests on the allocation: a negated one would become "has no such allocation" in a filter().
    iro_promise = _on(entry, measure__params__counts__in=IRO_COUNTS)
    theirs = _on(entry, measure__active=True) & (
        (_on(allocation, role=Role.IRO) & iro_promise)
        | (_on(allocation, role__in=[Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER]) & ~iro_promise))
    held_now = _on(allocation, ended_on__isnull=True)
    is_open = _on(entry, status=OPEN)
    if which == "overdue":
        return theirs & held_now & is_open & _on(entry, due_on__lt=clock.today)
    if which == "due-soon":
        assert clock.warn_days, "Clock.for_council() knows the measures' warning windows"
        windows = [_on(entry, measure__warn_days_before=days, due_on__gte=clock.today,
                       due_on__lte=clock.today + timedelta(days=days)) for days in clock.warn_days]
        return theirs & held_now & is_open & reduce(or_, windows)
    held_when_due = _on(allocation, started_on__lte=due_on) & (
        _on(allocation, ended_on__isnull=True) | _on(allocation, ended_on__gte=due_on))
    due = theirs & held_when_due & _on(entry, due_on__gte=clock.period.start, due_on__lte=clock.due_until)
    narrowed = {
        "due": Q(),
        "kept-on-time": _on(entry, status=MET, met_on__lte=due_on),
        "kept-late": _on(entry, status=MET, met_on__gt=due_on),
        "not-kept": is_open,
    }
    return due & narrowed[which]


def kept_share(kept: int, due: int) -> int | None:
    """A whole percentage, or None when nothing was due."""
    return round(100 * kept / due) if due else None


def workers_with_counts(workers: QuerySet[Worker], clock: Clock, *, people: Q) -> list[Worker]:
    """Workers with `caseload`, `overdue`, `due_soon`, `due`, `kept_on_time` and `kept_share`, most overdue first:
    one query (two while the council's ledger is rebuilt: the live rows, then the snapshot's, added together).
    `people` is a Q on the young people whose rows count, through 'allocations__young_person__'."""
    allocation, numbers = "allocations__", ("overdue", "due_soon", "due", "kept_on_time")
    counted, more = None, Counter()
    for frozen in clock.ledger.sources():
        entry = f"allocations__young_person__{clock.ledger.relation(frozen=frozen)}__"
        theirs = people & clock.ledger.measure_q(frozen=frozen, entry=entry)

        def rows(which):
            return Count(f"{entry}pk", filter=theirs & rows_q(which, clock, allocation=allocation, entry=entry),
                         distinct=True)

        annotated = workers.annotate(overdue=rows("overdue"), due_soon=rows("due-soon"), due=rows("due"),
                                     kept_on_time=rows("kept-on-time"))
        if counted is None:
            counted = list(annotated.annotate(
                caseload=Count("allocations__young_person", filter=people & Q(allocations__ended_on__isnull=True),
                               distinct=True)).order_by("-overdue", "name", "pk"))
            continue
        for row in annotated.order_by().values("pk", *numbers):
            more.update({(row["pk"], name): row[name] for name in numbers})
    for worker in counted:
        for name in numbers:
            setattr(worker, name, getattr(worker, name) + more[worker.pk, name])
        worker.kept_share = kept_share(worker.kept_on_time, worker.due)
    if more:
        counted.sort(key=lambda worker: (-worker.overdue, worker.name, worker.pk))
    return counted


def worker_rows(worker: Worker, which: str, clock: Clock, *, people: Q) -> list[LedgerEntry]:
    """The rows behind one of a worker's numbers, soonest due first. `people` is a Q through 'young_person__'.
    While the ledger is rebuilt, the snapshot's rows for the measures it covers (LedgerSnapshotEntry, read alike)."""
    # One Q, so the worker and the allocation's dates are about the same allocation (one join).
    mine = Q(young_person__allocations__worker=worker) & rows_q(
        which, clock, allocation="young_person__allocations__", entry="")
    found = [row for frozen in clock.ledger.sources()
             for row in clock.ledger.rows(frozen=frozen).filter(mine & people & clock.ledger.measure_q(
                 frozen=frozen, entry="")).select_related("young_person", "measure")
             .distinct().order_by("due_on", "young_person__last_name", "pk")]
    if clock.ledger.run_id is not None:
        found.sort(key=lambda row: (row.due_on, row.young_person.last_name))  # stable: by pk within each source
    return found


def record_by_measure(worker: Worker, clock: Clock, *, people: Q) -> dict[int, dict]:
    """For each measure: how many of the worker's rows were due in the period, kept on time, kept late, not kept."""
    mine = Q(young_person__allocations__worker=worker) & rows_q(
        "due", clock, allocation="young_person__allocations__", entry="")

    def rows(condition):
        return Count("pk", filter=condition, distinct=True)

    return {row.pop("measure"): row for frozen in clock.ledger.sources()
            for row in clock.ledger.rows(frozen=frozen).filter(mine & people & clock.ledger.measure_q(
                frozen=frozen, entry="")).order_by().values("measure")
            .annotate(due=rows(Q()), kept_on_time=rows(Q(status=MET, met_on__lte=F("due_on"))),
                      kept_late=rows(Q(status=MET, met_on__gt=F("due_on"))), not_kept=rows(Q(status=OPEN)))}
