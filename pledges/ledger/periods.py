"""The rules over time: each cycle is measured against the rules in force on the day it started.

History stays honest when a manager publishes a new version of the pledge: each cycle is measured against
the rules in force on the day it started (its measure's params then, after every MeasureChange up to that
day) and keeps the number of the pledge version in force then.
"""
import json
from dataclasses import dataclass
from datetime import date

from casework.models import YoungPerson

from ..models import Measure
from ..rules import Cycle, Event, birthday, every, every_while, measured_from, rule_words, set_under_old_rule, within
from ..visit_schedule import Schedule
from .registry import COUNTS
from .sources import Batch


@dataclass(frozen=True)
class Period:
    """From a day (None: from the beginning) until the next period starts, a measure has these params and
    the pledge in force is this version (None for a measure that belongs to no promise)."""

    starts: date | None
    params: dict
    version: int | None


def periods_for(measure: Measure, versions: list[tuple[date, int]]) -> list[Period]:
    """The measure's periods, oldest first: a new one each day a version of the pledge came into force or the
    measure's numbers changed. `versions` are the council's published (in_force_from, version), oldest first;
    `measure.changes` are its published changes, oldest first (prefetched by measures_for). Before the first
    version came into force a cycle is measured against the first version's rules."""
    changes = list(measure.changes.all())
    days = sorted({day for day, _ in versions} | {change.effective_from for change in changes})
    # The params after each change; after the last, the measure's own (the same, unless edited in the admin since).
    afters = [change.params_after for change in changes[:-1]] + [measure.params]
    periods: list[Period] = []
    for starts in [None, *days]:
        params = changes[0].params_before if changes else measure.params
        for change, after in zip(changes, afters):
            if starts is not None and change.effective_from <= starts:
                params = after
        version = versions[0][1] if versions else None
        for day, number in versions:
            if starts is not None and day <= starts:
                version = number
        if measure.promise_id is None:
            version = None
        if not periods or (periods[-1].params, periods[-1].version) != (params, version):
            periods.append(Period(starts=starts, params=params, version=version))
    return periods


def start_event(young_person: YoungPerson, measure: Measure, today: date) -> Event | None:
    """What starts a measure's clock: coming into care, or a birthday that has come ("starts": "birthday",
    "age": 16). A birthday still to come starts nothing: the daily birthday recompute picks it up. With "from_age"
    coming into care starts it only from that birthday: a child in care since they were 2 owes their first SDQ
    a year after their 4th birthday ("starts": "came_into_care", "from_age": 4)."""
    starts = measure.params.get("starts")
    if starts == "came_into_care" and young_person.became_looked_after_on:
        if "from_age" in measure.params:
            day = birthday(young_person.date_of_birth, measure.params["from_age"])
            if day > today:
                return None
            if day > young_person.became_looked_after_on:
                return Event(day, f"birthday_{measure.params['from_age']}")
        return Event(young_person.became_looked_after_on, "came_into_care")
    if starts == "birthday":
        day = birthday(young_person.date_of_birth, measure.params["age"])
        if day <= today:
            return Event(day, f"birthday_{measure.params['age']}")
    return None


def cycles_for(young_person: YoungPerson, measure: Measure, periods: list[Period], overrides: dict,
               today: date, batch: Batch, measuring_from: date | None = None) -> list[tuple[Cycle, int | None]]:
    """Each cycle with its pledge version. The events are read once (from the batch); the rule runs once for each
    set of params, and each cycle comes from the run of the period its cycle_start falls in. What was due before
    the council's `measuring_from` is history (rules.measured_from), under the rules of the cycle's own period."""
    reads = COUNTS[measure.params.get("counts")]
    if measure.rule == "within":
        triggers = reads.triggers(batch, young_person, today)

        def run(params):
            return measured_from(within(triggers=triggers, params=params), start=measuring_from, params=params,
                                 born=young_person.date_of_birth)
    elif reads.windows is not None:
        windows, events = reads.window_events(batch, young_person), reads.events(batch, young_person)

        def run(params):
            return every_while(windows=windows, events=events, params=params, born=young_person.date_of_birth,
                               start=measuring_from)
    else:
        start, events = start_event(young_person, measure, today), reads.events(batch, young_person)
        restarts = reads.restart_events(batch, young_person, measure.params)
        reviews = reads.review_days(batch, young_person, measure.params)

        def run(params):
            # Regulation 28: how often visits are due follows the placement they are in on each day.
            schedule = (Schedule(params=params, placements=restarts, reviews=reviews) if "placements" in params
                        else None)
            cycles = every(start=start, events=events, restarts=restarts, params=params,
                           born=young_person.date_of_birth, schedule=schedule)
            return measured_from(cycles, start=measuring_from, params=params, born=young_person.date_of_birth)

    if len(periods) == 1 and not overrides:
        return [(cycle, periods[0].version) for cycle in run(periods[0].params)]  # the usual case: one set of rules
    runs: dict[str, list[Cycle]] = {}
    taken = []
    now_params = {**periods[-1].params, **overrides}
    now_words = rule_words(measure.rule, now_params)
    for period, following in zip(periods, [*periods[1:], None]):
        params = {**period.params, **overrides}
        key = json.dumps(params, sort_keys=True)
        if key not in runs:
            runs[key] = run(params)
        cycles = [cycle for cycle in runs[key]
                  if (period.starts is None or cycle.cycle_start >= period.starts)
                  and (following is None or cycle.cycle_start < following.starts)]
        if following is not None and (words := rule_words(measure.rule, params)) != now_words and words:
            cycles = _noted(cycles, words, run, now_params, runs)
        taken.extend((cycle, period.version) for cycle in cycles)
    return taken


def _noted(cycles: list[Cycle], old_words: str, run, now_params: dict, runs: dict) -> list[Cycle]:
    """Cycles begun under an earlier rule (a version since changed the promise, "every 6 weeks" to "every 4
    weeks"): each whose due date today's rule would have set differently says which rule set it."""
    key = json.dumps(now_params, sort_keys=True)
    if key not in runs:
        runs[key] = run(now_params)
    due_now = {(c.cycle_start, c.started_by, c.trigger_id): c.due_on for c in runs[key]}
    return [set_under_old_rule(cycle, old_words)
            if due_now.get((cycle.cycle_start, cycle.started_by, cycle.trigger_id)) != cycle.due_on else cycle
            for cycle in cycles]
