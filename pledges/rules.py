"""The registry of deadline rules. Each rule turns a young person's events into cycles: from a start to a
due date, met (by which event, when) or still open. Rules are pure: the ledger gathers the events.

- "every": at most N days, weeks or months after the last qualifying event (calendar). An optional
  `first_within_days` sets the first deadline after the start (regulation 28: a visit within 1 week of a
  placement starting, then at most every 6 weeks).
- "within_working_days": each trigger (a call-back request) must be answered within N England and Wales
  working days, counted from the day after the trigger.
"""
from dataclasses import dataclass
from datetime import date

from casework.working_days import add_days, add_months, add_weeks, add_working_days, explain_working_days, format_day


@dataclass(frozen=True)
class Event:
    on: date
    kind: str  # in plain words, as the young person would say it: "visit", "contact", "request"
    id: int = 0


@dataclass(frozen=True)
class Cycle:
    cycle_start: date
    started_by: str
    trigger_id: int
    due_on: date
    explanation: str
    met_on: date | None = None
    met_by: str = ""
    met_by_id: int | None = None


# How an event that starts a clock reads in an explanation, where "the <kind>" would not.
PHRASES = {"came_into_care": "coming into care"}


def add_interval(day: date, params: dict) -> date:
    """Add the calendar interval a measure's params name: {"days": n}, {"weeks": n} or {"months": n}."""
    if "months" in params:
        return add_months(day, params["months"])
    if "weeks" in params:
        return add_weeks(day, params["weeks"])
    return add_days(day, params["days"])


def describe_interval(params: dict) -> str:
    for unit in ("months", "weeks", "days"):
        if unit in params:
            n = params[unit]
            return f"{n} {unit if n != 1 else unit[:-1]}"
    raise ValueError(f"No interval in {params}")


def every(*, start: Event | None, events: list[Event], params: dict) -> list[Cycle]:
    """Cycles for "at most every N": each qualifying event meets the open cycle and starts the next."""
    events = sorted(events, key=lambda e: (e.on, e.id))
    if start is None:
        if not events:
            return []
        start, events = events[0], events[1:]
    events = [e for e in events if e.on >= start.on]
    cycles = []
    begun_by, first = start, True
    for event in events + [None]:
        if first and "first_within_days" in params:
            gap = {"days": params["first_within_days"]}
        else:
            gap = params
        due = add_interval(begun_by.on, gap)
        explanation = f"{describe_interval(gap)} after {PHRASES.get(begun_by.kind, 'the ' + begun_by.kind)} on " \
                      f"{format_day(begun_by.on, with_year=True)}"
        cycles.append(Cycle(
            cycle_start=begun_by.on, started_by=begun_by.kind, trigger_id=begun_by.id, due_on=due,
            explanation=explanation,
            met_on=event.on if event else None, met_by=event.kind if event else "", met_by_id=event.id if event else None,
        ))
        begun_by, first = event, False
    return cycles


def within_working_days(*, triggers: list[tuple[Event, Event | None]], params: dict) -> list[Cycle]:
    """One cycle per trigger: due N working days after it, met by its answer (if any)."""
    n = params["working_days"]
    return [
        Cycle(
            cycle_start=trigger.on, started_by=trigger.kind, trigger_id=trigger.id,
            due_on=add_working_days(trigger.on, n), explanation=explain_working_days(trigger.on, n),
            met_on=answer.on if answer else None, met_by=answer.kind if answer else "",
            met_by_id=answer.id if answer else None,
        )
        for trigger, answer in triggers
    ]


RULES = {"every": every, "within_working_days": within_working_days}
