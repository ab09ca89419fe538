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
        counts_visits = entry.measure.params.get("counts") == "visit"
        last = day_words(entry.cycle_start, today)
        if entry.started_by == "came_into_care":
            before = f"You came into care on {last}."
        elif entry.started_by == "visit":
            before = f"Your {worker_word} last saw you on {last}."
        else:
            before = f"Your {worker_word} was last in touch with you on {last} (a {entry.started_by})."
        if counts_visits:
            after = {State.OVERDUE: f"Your next visit was due by {due}. It is late, and we are sorry.",
                     State.DUE_TODAY: "Your next visit is due today."}.get(state, f"Your next visit is due by {due}.")
        else:
            after = {State.OVERDUE: f"They should have been in touch again by {due}. It is late, and we are sorry.",
                     State.DUE_TODAY: "They should be in touch again today."}.get(
                state, f"They will be in touch again by {due}.")
        sentence = f"{before} {after}"
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
