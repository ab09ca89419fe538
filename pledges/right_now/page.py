"""The promises on a young person's pledge page, from one list: the sections shown open and those folded away for
later (pledges.right_now.stages), each promise with its live status and what the young person last told us.

A promise the ledger holds us to for this young person (an open clock) is always on the page, open, whatever its
section says: the page once counted Leah's late call-back from the ledger while hiding its promise in a section
for children in care. The summary (service.py) is then worked out from these promises only.
"""
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .. import status
from ..feedback import FEEDBACK_COUNTS, attach_feedback, promise_key, reply_clocks
from ..models import Basis, LedgerEntry, Promise
from .stages import stage_for


@dataclass
class PledgePromises:
    open_sections: list = field(default_factory=list)
    later_sections: list = field(default_factory=list)  # folded away, closed
    promises: list = field(default_factory=list)  # every promise shown, open or folded, in the pledge's order


def pledge_promises(*, young_person, pledge, today, worker_word: str) -> PledgePromises:
    """Sections (each with `shown`, its promises for this young person, and `applies`, whether its own words are
    for them) and every shown promise with `live`, `told`, `reply` and `reply_due`. Three queries."""
    if pledge is None:
        return PledgePromises()
    stage = stage_for(young_person, today)
    live, clocks = live_statuses_by_promise(young_person, today, worker_word=worker_word,
                                            measuring_from=young_person.council.measuring_from)
    page = PledgePromises()
    sections = pledge.sections.prefetch_related(
        Prefetch("promises", queryset=Promise.objects.order_by("order"))).order_by("order")
    for section in sections:
        section.applies = section.applies_to in stage.shown
        section.shown = []
        for promise in section.promises.all():
            promise.live = live.get(promise_key(promise))
            if promise.live is not None or promise.applies_to in stage.shown:
                section.shown.append(promise)
        if not section.shown and not (section.applies and (section.introduction or section.notes)):
            continue
        # Folded away only when nothing in it is open for them, and nothing in it is on the ledger.
        later = all(p.live is None and p.applies_to in stage.later for p in section.shown) and (
            section.shown or section.applies_to in stage.later)
        for promise in section.shown:
            promise.folded = bool(later)
        (page.later_sections if later else page.open_sections).append(section)
        page.promises.extend(section.shown)
    attach_feedback(page.promises, young_person, clocks, today)
    for section in page.open_sections + page.later_sections:
        section.late = sum(1 for promise in section.shown if _late(promise.live) or _late(promise.reply_due))
    return page


def _late(live) -> bool:
    return live is not None and live.state == LedgerEntry.State.OVERDUE


def live_statuses_by_promise(young_person, today, *, worker_word, measuring_from=None):
    """The open ledger row behind each measured promise (keyed by promise_key, so a row whose measure points at
    another version's copy of the promise still finds it), in words, and the open reply clocks of the young
    person's answers about promises (by answer), from one query. Where a promise has more than one open row (a
    legal minimum and the council's own promise; dental and eye checks), a late one is shown first, so a promise
    the ledger counts late is never shown on track (Mia's review: the legal minimum late while the council's own
    six-monthly promise was not yet due); otherwise the council's promise (the stricter one), earliest due first."""
    entries = (
        LedgerEntry.objects.filter(young_person=young_person, status=LedgerEntry.Status.OPEN)
        .filter(Q(measure__promise__isnull=False) | Q(measure__params__counts=FEEDBACK_COUNTS))
        .select_related("measure", "measure__promise")
        .order_by("measure__basis", "due_on")
    )
    live, answered = {}, []
    for entry in entries:
        if entry.measure.params.get("counts") == FEEDBACK_COUNTS:
            answered.append(entry)
            continue
        key = promise_key(entry.measure.promise)
        current = live.get(key)
        if current is None or _shown_first(entry, today) < _shown_first(current.entry, today):
            live[key] = status.for_young_person(entry, today, worker_word=worker_word, measuring_from=measuring_from)
    return live, reply_clocks(answered)


def _shown_first(entry, today):
    return (entry.state_on(today) != LedgerEntry.State.OVERDUE, entry.measure.basis != Basis.PLEDGE, entry.due_on)


def promises_open(*, young_person, pledge, today):
    """The promises of `pledge` that pledge_promises() shows this young person open, as a query (the same rule:
    theirs by their stage, or held open for them on the ledger). Those folded away for later are not asked about:
    "is this being kept for you?" means nothing to a 12-year-old about a pathway plan."""
    on_ledger = LedgerEntry.objects.filter(young_person=young_person, status=LedgerEntry.Status.OPEN,
                                           measure__promise__isnull=False).values("measure__promise__ref")
    return Promise.objects.filter(section__pledge=pledge).filter(
        Q(applies_to__in=stage_for(young_person, today).open) | Q(ref__in=on_ledger))
