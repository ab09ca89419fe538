"""When a young person's next review is due, as the promise ledger says, for the prompt to book it.

The ledger belongs to pledges, which stands above reviews (reviews never imports it), so pledges tells reviews how
to ask when it starts (pledges.apps.PledgesConfig.ready). Without pledges the answer is "not known" (None) and the
prompt to book the next review simply gives no date.
"""
from collections.abc import Callable
from datetime import date

from casework.models import YoungPerson

_ledger_answer: list[Callable[[YoungPerson], date | None]] = []


def next_review_due_answered_by(answer: Callable[[YoungPerson], date | None]) -> None:
    """Called once by pledges when it starts: `answer(young_person)` gives the open review row's due date."""
    _ledger_answer[:] = [answer]


def next_review_due(young_person: YoungPerson) -> date | None:
    """The due date of the young person's next review, or None if the ledger does not know one."""
    return _ledger_answer[0](young_person) if _ledger_answer else None
