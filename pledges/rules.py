"""The registry of deadline rules. Each rule turns a young person's events into cycles: from a start to a
due date, met (by which event, when) or still open. Rules are pure: the ledger gathers the events.

- "every": at most an interval after the last qualifying event ("in touch at least every 6 weeks").
  `steps` gives different gaps for the first cycles after a start: reviews are due 20 working days after
  coming into care, then 3 months after the first, then every 6 months (regulation 33); a visit is due
  within 1 week of a placement starting, then every 6 weeks (regulation 28). A restart (a new placement)
  begins the steps again without meeting anything. After the steps, a `schedule` (pledges.visit_schedule) may
  set each due date instead: regulation 28 in full, following the placement the young person is in each day.
  `every_while` holds "every" only while something lasts (accommodation the council provides a care leaver).
- "within": each trigger must be answered within an interval of it ("call back within 2 working days",
  "review within 4 weeks of a move"), or by the trigger's own date when params say {"due": "at_trigger"}
  ("an advocate offered before the move", "the IRO talks to you before the review").

`until_age` ends the promise on a birthday: no cycle is owed after it ("until you are 25"). `below_age` ends it
the day before: nothing is owed on or after that birthday (the SDQ is for ages 4 to 16, so {"below_age": 17}).
`once` (for "within" rules): one answer a trigger, and one never given before the council measured from is history
with nothing owed now (an initial health assessment for a child in care for years: the review ones take over).
`younger_than` makes the interval depend on age at the start of a cycle: review health assessments
are due every 6 months before the 5th birthday and every 12 months after, so params
{"months": 12, "younger_than": {"age": 5, "months": 6}}.

Intervals are {"working_days": n} (England and Wales), {"days": n}, {"weeks": n} or {"months": n}
(calendar months, clamped at month end).
"""
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from casework.working_days import (
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    explain_working_days,
    format_day,
)


@dataclass(frozen=True)
class Event:
    on: date
    kind: str  # what happened, as the explanation names it: "visit", "request", "came_into_care", …
    id: int = 0
    tag: str = ""  # the record's declared tag, where a rule needs it (a placement's visit schedule)


@dataclass(frozen=True)
class Trigger:
    """Something that must be answered ("a move"), and the answer if there is one ("the review")."""

    event: Event
    answer: Event | None = None


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


# How an event reads in an explanation where "the <kind>" would not.
PHRASES = {"came_into_care": "coming into care", "request": "your request", "concern": "your message",
           "feedback": "what you told us",
           "return_from_missing": "coming back", "council_accommodation": "moving in",
           "adviser_visit": "the visit", "staying_close_request": "the request for a Staying Close assessment",
           "health_assessment": "the health assessment", "dental": "the dental check", "optician": "the eye check",
           "initial_health_assessment": "the initial health assessment",
           "sdq": "the Strengths and Difficulties Questionnaire", "in_touch_check": "the in-touch check"}
UNITS = ("working_days", "months", "weeks", "days")


ORDINALS = {14: "14th", 16: "16th", 18: "18th", 21: "21st", 25: "25th"}


def phrase(kind: str) -> str:
    if kind.startswith("birthday_"):
        age = int(kind.removeprefix("birthday_"))
        return f"your {ORDINALS.get(age, f'{age}th')} birthday"
    return PHRASES.get(kind, f"the {kind.replace('_', ' ')}")


def birthday(born: date, age: int) -> date:
    """The day someone turns `age` (29 February birthdays fall on 28 February in other years)."""
    return add_months(born, 12 * age)


def add_interval(day: date, gap: dict) -> date:
    """Add one interval: {"working_days": n}, {"months": n}, {"weeks": n} or {"days": n}."""
    if "working_days" in gap:
        return add_working_days(day, gap["working_days"])
    if "months" in gap:
        return add_months(day, gap["months"])
    if "weeks" in gap:
        return add_weeks(day, gap["weeks"])
    return add_days(day, gap["days"])


def describe_interval(gap: dict) -> str:
    for unit in UNITS:
        if unit in gap:
            n = gap[unit]
            word = unit.replace("_", " ")
            return f"{n} {word if n != 1 else word[:-1]}"
    raise ValueError(f"No interval in {gap}")


def explain(gap: dict, event: Event) -> str:
    if "working_days" in gap:
        return explain_working_days(event.on, gap["working_days"])
    return f"{describe_interval(gap)} after {phrase(event.kind)} on {format_day(event.on, with_year=True)}"


def due_and_explanation(gap: dict, event: Event) -> tuple[date, str]:
    """When a cycle begun by `event` is due and why. Pure and asked again and again with the same few intervals,
    kinds and days (a council's recompute builds millions of cycles over a few thousand days), so remembered."""
    return _due_and_explanation(tuple(gap.items()), event.kind, event.on)


@lru_cache(maxsize=65536)
def _due_and_explanation(gap: tuple, kind: str, on: date) -> tuple[date, str]:
    gap, event = dict(gap), Event(on=on, kind=kind)
    return add_interval(on, gap), explain(gap, event)


def interval_of(params: dict) -> dict:
    """The repeating interval in a measure's params (ignoring its other keys)."""
    return {unit: params[unit] for unit in UNITS if unit in params}


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def every(*, start: Event | None, events: list[Event], params: dict, restarts: list[Event] = (),
          born: date | None = None, schedule=None) -> list[Cycle]:
    """Cycles for "at most every N": each qualifying event meets every open cycle and starts the next. A `schedule`
    (pledges.visit_schedule.Schedule: regulation 28) says when a cycle an event begins is due, after the steps."""
    steps = params.get("steps", [])
    younger = params.get("younger_than")
    timeline = sorted([(e, False) for e in events] + [(r, True) for r in restarts], key=lambda x: (x[0].on, x[0].id))
    if start is None:
        firsts = [e for e, is_restart in timeline if not is_restart]
        if not firsts:
            return []
        start = firsts[0]
        timeline = [(e, r) for e, r in timeline if e is not start]
    cycles: list[Cycle] = []
    pending: list[tuple[Event, int]] = [(start, 0)]  # (what began the cycle, its step number)

    def cycle(begun_by: Event, step: int, met: Event | None) -> Cycle:
        if step < len(steps):
            due_on, explanation = due_and_explanation(steps[step], begun_by)
        elif schedule is not None:
            due_on, explanation = schedule.due(begun_by)
        elif younger and born and age_on(born, begun_by.on) < younger["age"]:
            due_on, explanation = due_and_explanation(interval_of(younger), begun_by)
        else:
            due_on, explanation = due_and_explanation(interval_of(params), begun_by)
        return Cycle(
            cycle_start=begun_by.on, started_by=begun_by.kind, trigger_id=begun_by.id,
            due_on=due_on, explanation=explanation,
            met_on=met.on if met else None, met_by=met.kind if met else "", met_by_id=met.id if met else None,
        )

    for event, is_restart in timeline:
        if event.on < start.on:
            continue
        if is_restart:
            # A new placement starts the steps again; the open cycle still waits for the next visit.
            if all(begun.on != event.on for begun, _ in pending):
                pending.append((event, 0))
            continue
        step = max(s for _, s in pending) + 1
        cycles.extend(cycle(begun, s, event) for begun, s in pending)
        pending = [(event, step)]
    cycles.extend(cycle(begun, s, None) for begun, s in pending)
    end = promise_ends(params, born)
    if end is not None:
        # The promise ends on a birthday ("we will stay in touch until you are 25"): nothing is owed after it.
        cycles = [c for c in cycles if c.cycle_start < end and (c.met_on is not None or c.due_on <= end)]
    return cycles


def every_while(*, windows: list[tuple[Event, date | None]], events: list[Event], params: dict,
                born: date | None = None, start: date | None = None) -> list[Cycle]:
    """"every" while something lasts: each window (what began it, and the day it ended or None) starts the steps
    again ("a personal adviser visit within 7 days of the council's accommodation starting, then at most every 2
    months": Care Leavers (England) Regulations 2010 reg 8); the events inside it meet its cycles. Each window's
    cycles are measured from the council's `start` (measured_from), then nothing is owed after it ends: a cycle begun
    on or after the end, or due after it and not met, is dropped (so is one re-owed from a start after the end). A
    cycle due before the end and not met stays late."""
    cycles: list[Cycle] = []
    for begun, ends in windows:
        inside = [e for e in events if e.on >= begun.on and (ends is None or e.on <= ends)]
        owed = measured_from(every(start=begun, events=inside, params=params, born=born), start=start, params=params,
                             born=born)
        cycles.extend(cycle for cycle in owed
                      if ends is None or (cycle.cycle_start < ends and (cycle.met_on is not None or cycle.due_on <= ends)))
    return cycles


def promise_ends(params: dict, born: date | None) -> date | None:
    """The last day a cycle may fall due: the `until_age` birthday, or the day before the `below_age` one."""
    if born and "until_age" in params:
        return birthday(born, params["until_age"])
    if born and "below_age" in params:
        return add_days(birthday(born, params["below_age"]), -1)
    return None


def within(*, triggers: list[Trigger], params: dict) -> list[Cycle]:
    """One cycle per trigger: due an interval after it (or on its own date), met by its answer (if any)."""
    cycles = []
    for trigger in triggers:
        event, answer = trigger.event, trigger.answer
        if params.get("due") == "at_trigger":
            due, explanation = event.on, f"by {phrase(event.kind)} on {format_day(event.on, with_year=True)}"
        else:
            gap = interval_of(params)
            due, explanation = due_and_explanation(gap, event)
        cycles.append(Cycle(
            cycle_start=event.on, started_by=event.kind, trigger_id=event.id, due_on=due, explanation=explanation,
            met_on=answer.on if answer else None, met_by=answer.kind if answer else "",
            met_by_id=answer.id if answer else None,
        ))
    return cycles


# How an explanation says a cycle is owed from the start date (pledges.status finds it there to tell the young person).
MEASURED_FROM_WORDS = "when we started measuring this promise"


def measured_from(cycles: list[Cycle], *, start: date | None, params: dict, born: date | None = None) -> list[Cycle]:
    """The council measures promises from `start` (Council.measuring_from; None: everything held is measured).

    The portal cannot say a promise was broken years before it existed, so a cycle due before the start is history:
    - met before the start: kept as it was, and its explanation says it is history (the dashboards count from the
      start, so it is never counted as kept or late);
    - still open at the start (or met on or after it): it is owed from the start, due one of the measure's usual
      intervals after it ("6 weeks after 4 December 2026"). The steps are history too: a child in care since 2021
      with one review on record owes a review every 6 months from the start, not "a second review within 3 months";
    - a cycle due by its event's own day (an advocate offered before a move), or a one-off (params "once": an
      initial health assessment), not met before the start: that day has passed and the answer would no longer be
      what was promised, so it is history with nothing owed, and is not kept.
    A cycle due on or after the start is measured as the rules say, whenever it started."""
    if start is None:
        return cycles
    gap = interval_of(params)
    younger = params.get("younger_than")
    if younger and born and age_on(born, start) < younger["age"]:
        gap = interval_of(younger)
    end = promise_ends(params, born)
    taken = []
    for cycle in cycles:
        if cycle.due_on >= start:
            taken.append(cycle)
        elif cycle.met_on is not None and cycle.met_on < start:
            taken.append(replace(cycle, explanation=f"{cycle.explanation}. History: due before "
                                                    f"{format_day(start, with_year=True)}, when we started measuring"))
        elif gap and not params.get("once"):
            due_on = add_interval(start, gap)
            if end is not None and cycle.met_on is None and due_on > end:
                continue  # the promise ends before anything could be owed under it
            taken.append(replace(cycle, due_on=due_on, explanation=(
                f"{describe_interval(gap)} after {format_day(start, with_year=True)}, {MEASURED_FROM_WORDS} "
                f"(it was due on {format_day(cycle.due_on, with_year=True)}, before then)")))
    return taken


# How an explanation says its cycle's due date was set under an earlier rule than today's, after a pledge version
# changed the promise ("6 weeks after the visit on 30 September 2026 (set when the promise was every 6 weeks)").
# pledges.ledger.periods adds it; every page and email that shows the explanation shows it; pledges.status finds
# it (old_rule_note) to tell the young person too.
OLD_RULE_WORDS = "set when the promise was"
EXPLANATION_MAX_LENGTH = 300  # LedgerEntry.explanation


def rule_words(rule: str, params: dict) -> str:
    """The promise's rule in a few words ("every 6 weeks", "within 2 working days"); "" for one due on its
    trigger's own day, which no version can change."""
    gap = interval_of(params)
    if not gap or params.get("due") == "at_trigger":
        return ""
    return f"{'every' if rule == 'every' else 'within'} {describe_interval(gap)}"


def set_under_old_rule(cycle: Cycle, old_words: str) -> Cycle:
    """The cycle, its explanation saying which rule set its due date (the note is kept whole within the 300
    characters an explanation is stored in)."""
    note = f" ({OLD_RULE_WORDS} {old_words})"
    return replace(cycle, explanation=cycle.explanation[:EXPLANATION_MAX_LENGTH - len(note)] + note)


def old_rule_note(explanation: str) -> str:
    """"set when the promise was every 6 weeks", from an explanation that says so; otherwise ""."""
    start = explanation.rfind(f"({OLD_RULE_WORDS} ")
    return explanation[start + 1:].removesuffix(")") if start >= 0 else ""


def describe_params(rule: str, params: dict) -> str:
    """A measure's numbers in words: "Every 6 weeks (first 7 days)", "Within 2 working days"."""
    gap = interval_of(params)
    if not gap:
        return "By the day itself"
    words = f"{'Every' if rule == 'every' else 'Within'} {describe_interval(gap)}"
    steps = [describe_interval(step) for step in params.get("steps", [])]
    if steps:
        words += f" (first {', then '.join(steps)})"
    if younger := params.get("younger_than"):
        words += f"; every {describe_interval(interval_of(younger))} before age {younger['age']}"
    return words


RULES = {"every": every, "within": within}
