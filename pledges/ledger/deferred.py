"""Bulk writes (an import of a council's records) save thousands of events for the same young people. Each save
would recompute that person's rows; inside `ledger_deferred()` the saves only note who was touched, and each touched
young person is recomputed once when the block ends, in batches, by the same code as a council's recompute.

    with transaction.atomic(), ledger_deferred():
        for row in rows:
            contact_create(...)  # the ledger is not touched here
    # every young person the import touched has been recomputed once, before the transaction commits
"""
from contextlib import contextmanager
from contextvars import ContextVar

from casework.models import YoungPerson

from .recompute import BATCH_SIZE, recompute_people

# The young people touched inside the current ledger_deferred() block (None outside one).
_touched: ContextVar[set[int] | None] = ContextVar("ledger_touched", default=None)


def ledger_deferring(young_person_id: int) -> bool:
    """True (and the person noted) when a ledger_deferred() block is open: the signal then skips its recompute."""
    touched = _touched.get()
    if touched is None:
        return False
    touched.add(young_person_id)
    return True


@contextmanager
def ledger_deferred(*, progress=None):
    """Hold every per-save recompute until the block ends, then recompute each touched young person once.
    `progress(done, total)` is told after each batch. A block inside another adds to the outer one's set.
    If the block raises, nothing is recomputed (its writes are being rolled back)."""
    outer = _touched.get()
    if outer is not None:
        yield outer
        return
    touched: set[int] = set()
    token = _touched.set(touched)
    try:
        yield touched
    finally:
        _touched.reset(token)
    ledger_recompute_touched(young_person_ids=touched, progress=progress)


def ledger_recompute_touched(*, young_person_ids, progress=None) -> int:
    """Recompute these young people once each, a batch at a time (a list of ids, however long)."""
    ids = sorted(young_person_ids)
    done = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        done += recompute_people(YoungPerson.objects.filter(pk__in=chunk), batch_size=BATCH_SIZE)
        if progress is not None:
            progress(done, len(ids))
    return done
