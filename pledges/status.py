"""Ledger rows in plain words: what a young person reads under a promise, and what a worker's list shows.

Every function takes `today` so a page reads the clock once.
"""
from dataclasses import dataclass
from datetime import date

from casework.working_days import format_day

from .models import LedgerEntry

State = LedgerEntry.State

# GOV.UK tag colours for each state, and how urgent it is (lower first on a caseload).
TAGS = {
    State.OVERDUE: ("Overdue", "govuk-tag--red", 0),
    State.DUE_TODAY: ("Due today", "govuk-tag--orange", 1),
    State.DUE_SOON: ("Due soon", "govuk-tag--yellow", 2),
    State.ON_TRACK: ("On track", "govuk-tag--green", 3),
    State.MET_ON_TIME: ("Kept", "govuk-tag--green", 4),
    State.MET_LATE: ("Kept late", "govuk-tag--grey", 4),
}


@dataclass
class LiveStatus:
    entry: LedgerEntry
    state: str
    label: str
    tag_class: str
    urgency: int
    sentence: str
    help: str = ""


def day_words(day: date, today: date) -> str:
    """"Wednesday 30 December", with the year only when it is not this year."""
    return format_day(day, with_year=day.year != today.year)


def for_young_person(entry: LedgerEntry, today: date, *, worker_word: str) -> LiveStatus:
    """What the young person reads under the promise."""
    state = entry.state_on(today)
    label, tag_class, urgency = TAGS[state]
    due = day_words(entry.due_on, today)
    if entry.measure.rule == "within_working_days":
        asked = day_words(entry.cycle_start, today)
        if state == State.OVERDUE:
            sentence = f"You asked us to call you back on {asked}. We promised to call you by {due}, and we have not yet. We are sorry."
        else:
            sentence = f"You asked us to call you back on {asked}. We will call you back by {due}."
    else:
        visit = entry.measure.params.get("counts") == "visit"
        thing = "visit" if visit else "time they are in touch"
        if entry.started_by in ("contact", "visit"):
            done = "saw you" if visit else "was in touch with you"
            before = f"Your {worker_word} last {done} on {day_words(entry.cycle_start, today)}."
        else:
            before = f"You came into care on {day_words(entry.cycle_start, today)}."
        if state == State.OVERDUE:
            sentence = f"{before} Your next {thing} was due by {due}. It is late, and we are sorry."
        elif state == State.DUE_TODAY:
            sentence = f"{before} Your next {thing} is due today."
        else:
            sentence = f"{before} Your next {thing} is due by {due}."
    help_text = ""
    if state == State.OVERDUE:
        help_text = ("You can ask for a call back, contact your Independent Reviewing Officer (IRO), "
                     "or ask for an advocate to help you.")
    return LiveStatus(entry, state, label, tag_class, urgency, sentence, help_text)


def for_worker(entry: LedgerEntry, today: date) -> LiveStatus:
    """A line on a worker's caseload: the measure, its due date, its state, and why that date."""
    state = entry.state_on(today)
    label, tag_class, urgency = TAGS[state]
    days = (entry.due_on - today).days
    when = "today" if days == 0 else (f"in {days} day{'s' if days != 1 else ''}" if days > 0
                                      else f"{-days} day{'s' if days != -1 else ''} ago")
    sentence = f"{entry.measure.name}: due {day_words(entry.due_on, today)} ({when})."
    return LiveStatus(entry, state, label, tag_class, urgency, sentence, help=entry.explanation)


def most_urgent_first(statuses: list[LiveStatus]) -> list[LiveStatus]:
    return sorted(statuses, key=lambda s: (s.urgency, s.entry.due_on))
