"""Regulation 28's visit schedule (Care Planning, Placement and Case Review (England) Regulations 2010): how often a
child in care must be visited follows the placement they are in on each day. Pure, like rules.py: the ledger
gathers the placements (each with its casework VisitSchedule) and the reviews held, and rules.every asks a
Schedule for the due date of each cycle a visit begins, when the measure's params have "placements".

- Within 1 week of the start of any placement: the measure's first step, begun again by every new placement
  (rules.every).
- Then at most every 6 weeks (the measure's own interval) in the placement's first year; after that at most every
  3 months if the placement is meant to last until they are 18, otherwise still every 6 weeks (28(2)).
- Placed with a parent before the assessment was finished: every week until the first review, then at most every
  6 weeks (28(3)). With family or friends (a connected person, SSDA903 PLACE U1 to U3): every week until the first
  review, then at most every 4 weeks (28(4)). The first review is the first held on or after the placement began.

A change that comes while a cycle is still running, on or before its due date (the first review, a long-term
placement's first anniversary, a move), can only make the cycle due later, never sooner: from that day the
schedule of the placement they are in applies, counted from the visit; after a move, the new placement's first
week (and the new placement's own cycle takes it from there). A cycle already late when the change comes stays late.

params["placements"] holds the law's numbers:
    {"long_term": {"months": 3},
     "connected_person": {"weeks": 1, "after_first_review": {"weeks": 4}},
     "with_parent_before_assessment": {"weeks": 1, "after_first_review": {"weeks": 6}}}
"""
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from casework.working_days import add_months, format_day

from .rules import Event, describe_interval, due_and_explanation, interval_of

# The law's numbers, as the councils' measures carry them (pledge_data/*.json, and migration 0015 for held ones).
REGULATION_28 = {
    "long_term": {"months": 3},
    "connected_person": {"weeks": 1, "after_first_review": {"weeks": 4}},
    "with_parent_before_assessment": {"weeks": 1, "after_first_review": {"weeks": 6}},
}
LONG_TERM = "long_term"
# Schedules that are weekly until the first review, and how an explanation says where the young person lives.
UNTIL_FIRST_REVIEW = {
    "connected_person": "they live with family or friends",
    "with_parent_before_assessment": "they live with their parents before the assessment is finished",
}


@dataclass(frozen=True)
class Spell:
    """One placement as the schedule needs it."""

    starts: date
    schedule: str  # casework VisitSchedule's value: "", "long_term", "connected_person", ...
    first_review: date | None  # the first review held on or after it started


def every_words(gap: dict) -> str:
    return "every week" if gap == {"weeks": 1} else f"every {describe_interval(gap)}"


class Schedule:
    """Regulation 28 for one young person: their placements (events whose tag is the placement's schedule) and the
    days their reviews were held."""

    def __init__(self, *, params: dict, placements: list[Event], reviews: list[date]):
        self.params = params
        self.numbers = params["placements"]
        self.first_step = (params.get("steps") or [interval_of(params)])[0]
        held = sorted(reviews)
        self.spells = []
        for placement in sorted(placements, key=lambda event: (event.on, event.id)):
            after = bisect_left(held, placement.on)
            self.spells.append(Spell(placement.on, placement.tag, held[after] if after < len(held) else None))
        self.starts = [spell.starts for spell in self.spells]
        self.moves = set(self.starts)
        # Every day the schedule may change, in order: each placement's start, and while it lasts the first review
        # of a weekly one or a long-term one's first anniversary.
        changes = set(self.starts)
        for spell, following in zip(self.spells, [*self.starts[1:], date.max]):
            if spell.schedule not in self.numbers:
                continue
            if spell.schedule in UNTIL_FIRST_REVIEW and spell.first_review and spell.first_review < following:
                changes.add(spell.first_review)
            elif spell.schedule == LONG_TERM and (year := add_months(spell.starts, 12)) < following:
                changes.add(year)
        self.changes = sorted(changes)
        self._rules: dict[tuple[Spell, bool], tuple[dict, str]] = {}

    def spell_on(self, day: date) -> Spell | None:
        """The placement they are in on `day` (the latest begun by then), or None before the first."""
        index = bisect_right(self.starts, day)
        return self.spells[index - 1] if index else None

    def gap_on(self, day: date) -> tuple[dict, str]:
        """The interval between visits that applies on `day`, and why in words ("" for the measure's own)."""
        spell = self.spell_on(day)
        if spell is None or spell.schedule not in self.numbers:  # params may leave a schedule out: the usual then
            return interval_of(self.params), ""
        if spell.schedule in UNTIL_FIRST_REVIEW:
            changed = spell.first_review is not None and day >= spell.first_review
        else:
            changed = spell.schedule == LONG_TERM and day >= add_months(spell.starts, 12)
        key = (spell, changed)
        if key not in self._rules:  # the same few words for every visit in a placement: worked out once
            self._rules[key] = self._rule(spell, changed)
        return self._rules[key]

    def _rule(self, spell: Spell, changed: bool) -> tuple[dict, str]:
        if spell.schedule in UNTIL_FIRST_REVIEW:
            numbers, where = self.numbers[spell.schedule], UNTIL_FIRST_REVIEW[spell.schedule]
            if not changed:
                gap = interval_of(numbers)
                return gap, f"{every_words(gap)} while {where}, until the first review"
            gap = interval_of(numbers["after_first_review"])
            return gap, (f"{every_words(gap)} while {where}, after the first review on "
                         f"{format_day(spell.first_review, with_year=True)}")
        if changed:
            gap, year = interval_of(self.numbers[LONG_TERM]), add_months(spell.starts, 12)
            return gap, (f"{every_words(gap)} after the first year of a placement meant to last until they are 18 "
                         f"(a year on {format_day(year, with_year=True)})")
        return interval_of(self.params), ""

    def next_change(self, day: date) -> date | None:
        """The first day after `day` on which the schedule may change: a new placement, the first review of a weekly
        one, or a long-term placement's first anniversary."""
        later = bisect_right(self.changes, day)
        return self.changes[later] if later < len(self.changes) else None

    def due(self, visit: Event) -> tuple[date, str]:
        """When the next visit after `visit` is due, and why in words."""
        due, explanation = self._counted_from(visit, *self.gap_on(visit.on))
        day = visit.on
        while (day := self.next_change(day)) is not None and day <= due:
            move = day in self.moves
            if move:  # the new placement's first week; its own cycle (rules.every) follows it from there
                later, words = due_and_explanation(self.first_step, Event(day, "new_placement"))
            else:
                later, words = self._counted_from(visit, *self.gap_on(day))
            if later > due:
                due, explanation = later, words
            if move:
                break
        return due, explanation

    @staticmethod
    def _counted_from(visit: Event, gap: dict, why: str) -> tuple[date, str]:
        due, explanation = due_and_explanation(gap, visit)
        return due, f"{explanation}: {why}" if why else explanation
