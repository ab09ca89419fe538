"""How the registry's declarations are read: each kind of record in one query for a whole batch of young people,
then turned into one young person's events (for "every" rules) or triggers (for "within" rules) in memory.

The registry (registry.py) says what to read; nothing here knows any particular kind of record.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F

from casework.models import YoungPerson
from casework.working_days import add_months

from ..rules import Event, Trigger, birthday


class Row(NamedTuple):
    """One record as the ledger needs it."""

    id: int
    on: date
    tag: str | None  # the value of the declaration's `tag` field (a contact's kind), or None
    answered_on: date | None  # the declaration's `answered_on`, for a record that carries its own answer
    link: int | None  # the declaration's `link`: the record this one answers (a call's request)


@dataclass(frozen=True, eq=False)
class Records:
    """One kind of record that moves a clock, declared once (registry.py).

    `on` is the field (or expression) whose date is the event; a date-time is read as its local date. `word` is
    what an explanation calls it ("6 weeks after the visit on …"), or `words` chooses it by the `tag` field's value
    (with `word` for the rest; with neither, the tag's value is the word). `person` is the path from the record to
    its young person. `tag` may be an expression too (a placement's visit schedule, worked out in SQL). Identity,
    not value, tells declarations apart: each is read once per batch."""

    model: type[models.Model]
    on: str | models.Expression
    word: str = ""
    words: dict[str, str] | None = None
    tag: str | models.Expression | None = None
    answered_on: str | None = None
    answer_word: str = ""
    link: str | None = None
    ident: str = "pk"  # which id the event carries (a consultation is known by its review's id)
    person: str = "young_person"
    filters: dict = field(default_factory=dict)
    exclude: dict = field(default_factory=dict)
    order: tuple[str, ...] = ()  # the model's own ordering unless given: it decides which answer comes first

    def word_for(self, row: Row) -> str:
        if self.words is not None:
            return self.words.get(row.tag, self.word)
        return self.word or row.tag

    def read(self, person_ids: list[int]) -> dict[int, list[Row]]:
        """One query: these young people's records of this kind, grouped by young person."""
        person_id = f"{self.person.replace('.', '__')}_id"
        on = F(self.on) if isinstance(self.on, str) else self.on
        annotations = {"event_on": on}
        if self.tag is not None:
            annotations["event_tag"] = self.tag_expression()
        records = (self.model.objects.annotate(**annotations)
                   .filter(**{f"{person_id}__in": person_ids, "event_on__isnull": False}, **self.filters)
                   .exclude(**self.exclude))
        if self.order:
            records = records.order_by(*self.order)
        # Every kind is read in the same shape: a column the declaration does not have is read as the pk, unused.
        columns = [person_id, self.ident, "event_on", "event_tag" if self.tag is not None else None, self.answered_on, self.link]
        rows = defaultdict(list)
        for person, ident, on_, tag, answered, link in records.values_list(*[c or "pk" for c in columns]):
            rows[person].append(Row(ident, local_date(on_), tag if self.tag is not None else None,
                                    local_date(answered) if self.answered_on and answered else None,
                                    link if self.link else None))
        return rows

    def tag_expression(self) -> models.Expression | None:
        if self.tag is None:
            return None
        return F(self.tag) if isinstance(self.tag, str) else self.tag

    def event(self, row: Row, word: str | None = None) -> Event:
        return Event(row.on, word or self.word_for(row), row.id, row.tag or "")


def local_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return moment


class Batch:
    """The records read for one batch of young people: each kind read at its first use, in one query."""

    def __init__(self, person_ids: list[int]):
        self.person_ids = person_ids
        self._read: dict[int, dict[int, list[Row]]] = {}

    def rows(self, records: Records, young_person: YoungPerson) -> list[Row]:
        key = id(records)
        if key not in self._read:
            self._read[key] = records.read(self.person_ids)
        return self._read[key].get(young_person.pk, [])


# --- What a measure's "counts" reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Every:
    """For "every" rules: each record is an event that meets the open cycle and starts the next. `tags` keeps
    only records with these tag values (a visit is a contact of a visiting kind). `restarts` start the steps
    again when the measure's params say so ("restarts": "placement"). `reviews` are read when the params have a
    visit schedule by placement ("placements": regulation 28, pledges.visit_schedule), whose first review after a
    placement starts ends its weekly visits."""

    records: Records
    tags: frozenset[str] | None = None
    restarts: Records | None = None
    restarts_when: str = ""  # the value of params["restarts"] that makes `restarts` count
    reviews: Records | None = None
    # The promise holds only while each of these lasts (its `on` to its `answered_on`, the day it ended): each
    # starts the steps (rules.every_while).
    windows: Records | None = None

    def reads(self) -> list[Records]:
        return [r for r in (self.records, self.restarts, self.reviews, self.windows) if r is not None]

    def window_events(self, batch: Batch, young_person: YoungPerson) -> list[tuple[Event, date | None]]:
        return [(self.windows.event(row), row.answered_on) for row in batch.rows(self.windows, young_person)]

    def events(self, batch: Batch, young_person: YoungPerson) -> list[Event]:
        return [self.records.event(row) for row in batch.rows(self.records, young_person)
                if self.tags is None or row.tag in self.tags]

    def restart_events(self, batch: Batch, young_person: YoungPerson, params: dict) -> list[Event]:
        if self.restarts is None or params.get("restarts") != self.restarts_when:
            return []
        return [self.restarts.event(row) for row in batch.rows(self.restarts, young_person)]

    def review_days(self, batch: Batch, young_person: YoungPerson, params: dict) -> list[date]:
        if self.reviews is None or "placements" not in params:
            return []
        return [row.on for row in batch.rows(self.reviews, young_person)]


@dataclass(frozen=True)
class Within:
    """For "within" rules: each record (or the birthday at `age`, or coming into care: the current period's start)
    must be answered. The answer is the record's own `answered_on` (answer=None), or the first record of `answer`
    that is linked to it (`how="linked"`), falls on or after it (`how="on_or_after"`), or comes at all
    (`how="first"`, for a birthday)."""

    records: Records | None = None
    age: int | None = None
    came_into_care: bool = False  # the trigger is coming into care (the current period's start), not a record
    answer: Records | None = None
    how: str = "own"  # "own", "linked", "on_or_after" or "first"
    skip_tags: frozenset[str] = frozenset()  # records with these tag values start no clock (an emergency move)
    word: str = ""  # what the trigger is called here, when not the record's own word

    def reads(self) -> list[Records]:
        return [r for r in (self.records, self.answer) if r is not None]

    def triggers(self, batch: Batch, young_person: YoungPerson, today: date) -> list[Trigger]:
        if self.age is not None:
            day = birthday(young_person.date_of_birth, self.age)
            if day > today:
                return []  # a birthday still to come: the daily birthday recompute picks it up
            return [Trigger(Event(day, f"birthday_{self.age}"), self._first(batch, young_person, day, None, any_day=True))]
        if self.came_into_care:
            day = young_person.became_looked_after_on
            if day is None:
                return []
            return [Trigger(Event(day, "came_into_care"), self._first(batch, young_person, day, None, any_day=False))]
        triggers = []
        for row in batch.rows(self.records, young_person):
            if row.tag in self.skip_tags:
                continue
            if self.how == "own":
                answer = (Event(row.answered_on, self.records.answer_word, row.id)
                          if row.answered_on else None)
            else:
                answer = self._first(batch, young_person, row.on, row.id, any_day=False)
            triggers.append(Trigger(self.records.event(row, self.word), answer))
        return triggers

    def _first(self, batch: Batch, young_person: YoungPerson, on: date, ident: int | None, *,
               any_day: bool) -> Event | None:
        rows = batch.rows(self.answer, young_person)
        if self.how == "linked":
            # In the declaration's order (a call-back's attempts by time): the first one answers.
            found = next((r for r in rows if r.link == ident), None)
        else:
            found = min((r for r in rows if any_day or r.on >= on), key=lambda r: (r.on, r.id), default=None)
        return self.answer.event(found) if found else None


@dataclass(frozen=True)
class AroundBirthdays:
    """For "within" rules: each birthday at `ages` that has come is a trigger, answered by the first record of
    `answer` from `months_before` it until that many months before the next (the SSDA903 OC3 in-touch check around
    the 17th to 21st birthdays). A birthday inside one of `not_while`'s spans (its date to its answered_on: a
    placement, while they were still in care) starts nothing."""

    answer: Records
    ages: tuple[int, ...]
    months_before: int
    not_while: Records | None = None
    legal_status: str = ""  # only a young person of this legal status (a care leaver, not one still in care at 17)

    def reads(self) -> list[Records]:
        return [r for r in (self.answer, self.not_while) if r is not None]

    def triggers(self, batch: Batch, young_person: YoungPerson, today: date) -> list[Trigger]:
        if self.legal_status and young_person.legal_status != self.legal_status:
            return []
        born = young_person.date_of_birth
        spans = batch.rows(self.not_while, young_person) if self.not_while else []
        answers = sorted(batch.rows(self.answer, young_person), key=lambda r: (r.on, r.id))
        triggers = []
        for age in self.ages:
            day = birthday(born, age)
            if day > today:
                break  # still to come: the daily birthday recompute picks it up
            if any(span.on <= day and (span.answered_on is None or day < span.answered_on) for span in spans):
                continue
            opens = add_months(day, -self.months_before)
            closes = add_months(birthday(born, age + 1), -self.months_before)
            found = next((row for row in answers if opens <= row.on < closes), None)
            triggers.append(Trigger(Event(day, f"birthday_{age}"), self.answer.event(found) if found else None))
        return triggers
