"""While a council's ledger is rebuilt, its dashboard shows the ledger as it was before the change (issue 13).

A run (pledges.ledger.runs) rewrites the rows young person by young person, so counted half way the figures would
mix the old rules with the new. Its first slice, in the Celery task, copies the council's rows for the measures it
rebuilds into LedgerSnapshotEntry (`ledger_snapshot_take`, one INSERT ... SELECT each source) and records which
measures it copied; its last slice deletes the copies. Every dashboard read goes through `LedgerRows`: for the
measures the newest snapshot covers it reads the copies, for every other measure the live rows.

A run that starts while an older one is still going copies the older one's measures too, from the older copies (the
live rows of those are half rebuilt), so the newest snapshot alone holds every measure being rebuilt.
"""
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields import BigIntegerField

from ..models import LedgerEntry, LedgerRecomputeRun, LedgerSnapshotEntry, Measure

COPIED = [field for field in LedgerSnapshotEntry._meta.concrete_fields if field.name not in ("id", "run")]


def _copy(rows: QuerySet, *, run_id: int) -> None:
    """One INSERT ... SELECT: the rows never travel through Python, so a council of any size costs one statement."""
    select = rows.annotate(snapshot_run=Value(run_id, output_field=BigIntegerField())).order_by().values_list(
        *[field.attname for field in COPIED], "snapshot_run")
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in [*COPIED, LedgerSnapshotEntry._meta.get_field("run")])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(LedgerSnapshotEntry._meta.db_table)} ({columns}) {sql}", params)


def ledger_snapshot_take(*, run: LedgerRecomputeRun) -> None:
    """Copy the rows the run is about to rebuild (call under the run's lock, before its first batch) and record the
    measures copied on the run (saved by the caller, with the batch)."""
    measures = dict(Measure.objects.filter(council_id=run.council_id).values_list("pk", "params"))
    mine = {pk for pk, params in measures.items() if run.counts is None or params.get("counts") in run.counts}
    copied: set[int] = set()
    # Locked, so it cannot finish (and delete its copies) while they are copied. Runs only ever lock older ones.
    older = (LedgerRecomputeRun.objects.unfinished().select_for_update().filter(council_id=run.council_id, pk__lt=run.pk,
                                                            snapshot_measures__isnull=False).order_by("-pk").first())
    if older is not None:
        # The newest older snapshot already holds every measure of the runs before it (as this one will).
        copied = set(older.snapshot_measures)
        _copy(LedgerSnapshotEntry.objects.filter(run=older), run_id=run.pk)
    live = mine - copied
    if live:
        _copy(LedgerEntry.objects.filter(young_person__council_id=run.council_id, measure_id__in=sorted(live)),
              run_id=run.pk)
    run.snapshot_measures = sorted(mine | copied)


def ledger_snapshot_drop(*, run: LedgerRecomputeRun) -> None:
    LedgerSnapshotEntry.objects.filter(run=run).delete()


def with_ledger_snapshot(records):
    """A queryset of the council's records (measures, workers) each carrying the newest snapshot going on, read in
    the page's own query: a page without a run costs no query more."""
    snapshots = (LedgerRecomputeRun.objects.unfinished()
                 .filter(council_id=OuterRef("council_id"), snapshot_measures__isnull=False).order_by("-pk"))
    return records.annotate(snapshot_run=Subquery(snapshots.values("pk")[:1]),
                            snapshot_measures=Subquery(snapshots.values("snapshot_measures")[:1]))


@dataclass(frozen=True)
class LedgerRows:
    """Where the dashboard reads a council's ledger rows: the live rows, and while a run goes on, its copies for
    the measures it covers. Read it from a record that went through with_ledger_snapshot (`ledger_rows_for`)."""

    run_id: int | None = None
    measure_ids: frozenset[int] = frozenset()
    young_people: QuerySet | None = None  # whose rows (None: everyone's; the worker pages say whose in their Qs)

    @classmethod
    def of_run(cls, run_id: int | None, measure_ids: list[int] | None) -> "LedgerRows":
        """From the two values with_ledger_snapshot annotates (None: no snapshot to read)."""
        return cls() if run_id is None else cls(run_id=run_id, measure_ids=frozenset(measure_ids or ()))

    def of(self, young_people: QuerySet) -> "LedgerRows":
        return replace(self, young_people=young_people)

    def frozen(self, measure) -> bool:
        return self.run_id is not None and measure.pk in self.measure_ids

    def rows(self, *, frozen: bool) -> QuerySet:
        rows = LedgerSnapshotEntry.objects.filter(run_id=self.run_id) if frozen else LedgerEntry.objects.all()
        return rows if self.young_people is None else rows.filter(young_person__in=self.young_people)

    def for_measure(self, measure) -> QuerySet:
        return self.rows(frozen=self.frozen(measure))

    @staticmethod
    def relation(*, frozen: bool) -> str:
        """The name of the rows from a YoungPerson."""
        return "ledger_snapshot_entries" if frozen else "ledger_entries"

    def sources(self) -> list[bool]:
        """Which kinds of rows a page reads: [False] (live only) without a run, else [False, True]."""
        return [False] if self.run_id is None else [False, True]

    def measure_q(self, *, frozen: bool, entry: str) -> Q:
        """What a source answers for, through `entry` (the path to the row): the live rows every measure the
        snapshot does not cover, the copies (only ever of this run) the rest."""
        if frozen:
            return _on(entry, run_id=self.run_id)
        return ~_on(entry, measure_id__in=sorted(self.measure_ids)) if self.run_id is not None else Q()

    def split(self, measures) -> list[tuple[QuerySet, list]]:
        """The rows to read for each part of `measures`: one part without a run, at most two with one."""
        parts = [(frozen, [m for m in measures if self.frozen(m) == frozen]) for frozen in self.sources()]
        return [(self.rows(frozen=frozen), chosen) for frozen, chosen in parts if chosen or len(parts) == 1]


def _on(path: str, **lookups) -> Q:
    return Q(**{f"{path}{name}": value for name, value in lookups.items()})


def ledger_rows_for(record) -> LedgerRows:
    """The LedgerRows of a record read through with_ledger_snapshot (live for None, or when no run is going on)."""
    return LedgerRows.of_run(getattr(record, "snapshot_run", None), getattr(record, "snapshot_measures", None))
