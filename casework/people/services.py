"""Writes to allocations. Keyword-only, typed, validated before they save."""
from datetime import date

from django.db import connection, transaction

from .models import Allocation, Role, Worker, YoungPerson


@transaction.atomic
def allocation_change(*, young_person: YoungPerson, worker: Worker, role: Role | str, started_on: date) -> Allocation:
    """Allocate a worker to a young person in a role, ending whoever held that role before.

    The old allocation ends the day before the new one starts (or the same day when both start the
    same day), so the history shows an unbroken line of who was responsible.
    """
    current = (
        Allocation.objects.select_for_update()
        .filter(young_person=young_person, role=role, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        if current.worker_id == worker.pk:
            return current
        current.ended_on = max(current.started_on, started_on)
        current.full_clean()
        current.save(update_fields=["ended_on"])
    allocation = Allocation(young_person=young_person, worker=worker, role=role, started_on=started_on)
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic


def lock_young_person(young_person: YoungPerson) -> YoungPerson:
    """Lock the young person's row until the transaction ends, so two writes for them queue up.

    The write queue first (write_queue_join), then the row, as every writer of the ledger joins the queue before its
    first write: a transaction holding a young person's row never waits in the queue behind one that wants the row.
    NO KEY UPDATE: it queues with the other writes for this young person, but not with a ledger rebuild adding rows
    that refer to them (their foreign key check takes KEY SHARE)."""
    write_queue_join()
    return YoungPerson.objects.select_for_update(no_key=True).get(pk=young_person.pk)


# The advisory lock every writer of the ledger, allocations, workers and answers takes before its first write on
# PostgreSQL (pledges migration 0022 takes it in a trigger and says why; pledges.group_counts takes it to mend).
WRITE_QUEUE_LOCK = 7150160016


def write_queue_join() -> None:
    """Wait for the transactions writing the ledger's summaries ahead of this one, and hold the queue until this one
    ends. SQLite lets one transaction write at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_QUEUE_LOCK])
