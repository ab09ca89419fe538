"""What every form a young person or a worker can send must do with whatever is sent (issue 7, "Bad input"),
as hypothesis strategies and one check. The forms themselves are described in tests/test_forms_properties_*.py.

A form is described by its fields, each with an answer that saves and the kind of hostile answers to try instead:
random, huge and script-laden text, text sent twice, letters, lists and overflowing numbers in number and date
fields, years 1, 9999 and 99999, 31 February, day 0, missing fields. For every submission:

- the answer is a page (200) or a redirect (302): never a server error;
- a page shows the GOV.UK error summary, and every table the form writes to is exactly as it was (nothing half-saved);
- a redirect saved the text and dates exactly as typed (less the spaces around text, which the forms strip);
- no page (the form sent back with its errors, the page redirected to, the pages that show the record) has the raw
  script in it: it is escaped.

Each example runs in a savepoint that is rolled back, so examples never build on one another's rows.
"""
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casework.models import LegalStatus, Role
from pledges.models import LedgerEntry

from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory

CASES = {"run": 0}  # how many submissions were sent; tests/conftest.py prints it at the end of the run
# More examples for a longer hunt (FORM_PROPERTIES_SCALE=20 sends twenty times as many); CI runs the default.
SCALE = float(os.environ.get("FORM_PROPERTIES_SCALE", "1"))
PAYLOADS = (
    "<script>alert('hi')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "<svg onload=alert(3)>",
)


class _Missing:
    def __repr__(self):
        return "MISSING"


MISSING = _Missing()  # the field is left out of the POST altogether


@dataclass(frozen=True)
class Ref:
    """A value known only once the test's records exist (an id): looked up in Target.refs."""

    name: str


# --- Hostile answers --------------------------------------------------------------------------------------------

SPACES = st.text(alphabet=" \t\r\n\xa0\u2003\u3000", max_size=4)
SCRIPT = st.builds(lambda before, payload, after: before + payload + after,
                   st.text(max_size=8), st.sampled_from(PAYLOADS), st.text(max_size=8))
# Not text at all: what a number, date or choice field may get instead of what it asks for.
ODD = st.one_of(
    st.text(max_size=8), st.sampled_from(PAYLOADS), st.just(""), st.just(MISSING),
    st.lists(st.text(max_size=4), min_size=2, max_size=2),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["None", "null", "true", "[]", "{}", "1.5", "NaN", "∞", "٣", "9" * 5000]),
)


def hostile_text(limit: int | None):
    sizes = ([limit - 1, limit, limit + 1] if limit else []) + [100_000]
    return st.one_of(
        st.text(max_size=40),
        SCRIPT,
        st.builds(lambda before, text, after: before + text + after, SPACES, st.one_of(st.text(max_size=20), SCRIPT),
                  SPACES),
        st.builds(operator.mul, st.sampled_from(["x", "é", "😀", "\u202e", " "]), st.sampled_from(sizes)),
        st.builds(lambda before, after: f"{before}\x00{after}", st.text(max_size=4), st.text(max_size=4)),
        st.lists(st.one_of(st.text(max_size=20), SCRIPT), min_size=2, max_size=3),  # the field sent more than once
        st.just(MISSING),
    )


def hostile_number():
    return st.one_of(
        ODD, st.integers().map(str), st.floats().map(str), st.decimals().map(str),
        st.sampled_from(["£1,200", "1,2,3", "1e5", "1E-7", "0x10", "1_000", "-0", " 12.5 ", "sNaN", "-Infinity",
                         "12.345", "99999.995", "100000", "0.001"]),
    )


DAY_PART = st.one_of(
    st.integers(-3, 40).map(str),
    st.sampled_from(["0", "00", "-1", "9999", "10000", "99999", "99999999999999999999", "1e3", " 7 ", "٣", "", "02"]),
    ODD,
)


def hostile_day():
    """(day, month, year), each as typed into the GOV.UK date input."""
    as_typed = operator.attrgetter("day", "month", "year")
    return st.one_of(
        st.dates(date(2000, 1, 1), date(2027, 12, 31)).map(lambda day: tuple(map(str, as_typed(day)))),
        st.dates().map(lambda day: tuple(map(str, as_typed(day)))),  # year 1 to 9999
        st.tuples(st.sampled_from(["31", "30", "29", "0", "-1", "1"]), st.sampled_from(["2", "13", "0", "12", "1"]),
                  st.sampled_from(["1", "0", "9999", "10000", "99999", "2026", "-2026", "26"])),
        st.tuples(DAY_PART, DAY_PART, DAY_PART),
    )


# --- Fields -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """Free text. `saved_as`: the record's attribute it is saved to ('' for the same name, None: not read back).
    `shown`: the target's shown_on pages show it, so a script in it must be there, escaped. `when`: a revealed
    question, kept only when this is true of the submission (otherwise saved empty)."""

    valid: str
    limit: int | None = None
    saved_as: str | None = ""
    shown: bool = False
    when: Callable[[dict], bool] | None = None

    def hostile(self):
        return hostile_text(self.limit)


@dataclass(frozen=True)
class Day:
    valid: date | _Missing  # MISSING: an optional date left empty
    saved_as: str | None = ""
    when: Callable[[dict], bool] | None = None

    def hostile(self):
        return hostile_day()


@dataclass(frozen=True)
class Choice:
    valid: str | Ref
    choices: tuple = ()

    def hostile(self):
        return st.one_of(st.sampled_from(self.choices), ODD) if self.choices else ODD


@dataclass(frozen=True)
class Number:
    valid: str

    def hostile(self):
        return hostile_number()


@dataclass(frozen=True)
class Tick:
    valid: bool

    def hostile(self):
        return st.one_of(st.sampled_from(["on", "true", "false", "0", "1", ""]), ODD)


def _as_sent(spec, value):
    if isinstance(spec, Day) and isinstance(value, date):
        return (str(value.day), str(value.month), str(value.year))
    if isinstance(spec, Tick) and isinstance(value, bool):
        return "on" if value else MISSING
    return value


def submissions(fields: dict):
    """One field, all the text, all the dates or any field hostile (the rest as they would be saved): so many are
    saved and read back, and many are refused."""
    def fixed(hostile_here):
        return st.fixed_dictionaries({
            name: spec.hostile().map(lambda v, spec=spec: _as_sent(spec, v)) if hostile_here(name, spec)
            else st.just(_as_sent(spec, spec.valid))
            for name, spec in fields.items()
        })

    def anything():
        return st.fixed_dictionaries({
            name: st.one_of(st.just(spec.valid), spec.hostile()).map(lambda v, spec=spec: _as_sent(spec, v))
            for name, spec in fields.items()
        })

    def one_field():
        return st.sampled_from(sorted(fields)).flatmap(lambda hostile: fixed(lambda name, spec: name == hostile))

    return st.one_of(one_field(), fixed(lambda name, spec: isinstance(spec, Text)),
                     fixed(lambda name, spec: isinstance(spec, Day)),
                     anything())


def encode(submission: dict, refs: dict) -> dict:
    """The submission as POST (or GET) data: a date as its three inputs, MISSING left out, a Ref as its value."""
    data = {}

    def put(key, value):
        if isinstance(value, Ref):
            value = refs[value.name]
        if value is not MISSING:
            data[key] = value

    for name, value in submission.items():
        if isinstance(value, tuple):
            for n, part in enumerate(value):
                put(f"{name}_{n}", part)
        else:
            put(name, value)
    return data


def _last(value):
    """What the form reads from a field sent more than once: the last value."""
    return value[-1] if isinstance(value, list) else value


def typed_text(value) -> str:
    value = _last(value)
    return "" if value is MISSING else value.strip()


def typed_day(parts) -> date | None:
    day, month, year = (_last(part) for part in parts)
    if MISSING in (day, month, year) or "" in (day.strip(), month.strip(), year.strip()):
        return None
    return date(int(year), int(month), int(day))


# --- The check ----------------------------------------------------------------------------------------------------

@dataclass
class Target:
    """Where a form is, who sends it and what it writes. `record`: (model, pk) of the record a redirect changes,
    or (model, None) for a form that makes a new one. `shown_on`: (user, url) of pages that show what was saved."""

    user: AbstractBaseUser | None
    url: str
    writes: tuple[type[models.Model], ...]
    record: tuple[type[models.Model], int | None] | None = None
    shown_on: list = field(default_factory=list)
    refs: dict = field(default_factory=dict)


def snapshot(tables) -> list:
    """Every row of every table the form writes to (and the promise ledger, which moves when they do)."""
    return [list(model.objects.order_by("pk").values()) for model in (*tables, LedgerEntry)]


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_escaped(pages: list[str], expected_shown: list[str]) -> None:
    for payload in PAYLOADS:
        assert not any(payload in page for page in pages), f"{payload} is in a page unescaped"
    for text in expected_shown:
        for payload in PAYLOADS:
            if payload in text:
                assert any(escape(payload) in page for page in pages), f"{payload} is not shown"


def check(client, target: Target, fields: dict, submission: dict, *, must_save: bool = False) -> None:
    """Send one submission and hold the form to the properties in the module docstring. `must_save`: it is one that
    must be saved (text at its limit), for a form that saves a record."""
    CASES["run"] += 1
    with transaction.atomic():
        if target.user is not None:
            client.force_login(target.user)
        else:  # the sign-in form: signed out, and allauth's count of failed sign-ins (in the cache) cleared
            client.logout()
            cache.clear()
        before = snapshot(target.writes)
        model, pk = target.record or (None, None)
        count = model.objects.count() if model else None
        response = client.post(target.url, encode(submission, target.refs))
        assert response.status_code in (200, 302)
        if must_save and model is not None:
            assert response.status_code == 302, "text at its limit was refused"
        if response.status_code == 200:
            page = response.content.decode()
            assert "govuk-error-summary" in page
            assert snapshot(target.writes) == before, "a refused form changed what is saved"
            assert_escaped([page], [])
        else:
            assert not response["Location"].startswith(reverse("account_login"))
            pages = [page_of(client.get(response["Location"], follow=True))]
            shown = []
            if model is not None:
                if pk is None:
                    assert model.objects.count() == count + 1
                record = model.objects.get(pk=pk) if pk else model.objects.latest("pk")
                shown = read_back(record, fields, submission)
            for user, url in target.shown_on:
                client.force_login(user)
                pages.append(page_of(client.get(url)))
            assert_escaped(pages, shown)
        transaction.set_rollback(True)


def read_back(record, fields: dict, submission: dict) -> list[str]:
    """Assert the record holds what was typed; the saved text the shown_on pages must show."""
    shown = []
    for name, spec in fields.items():
        if not isinstance(spec, Text | Day) or spec.saved_as is None:
            continue
        kept = spec.when is None or spec.when(submission)
        saved = getattr(record, spec.saved_as or name)
        if isinstance(spec, Text):
            expected = typed_text(submission[name]) if kept else ""
            assert saved == expected, f"{name} was saved as {saved[:80]!r}"
            if spec.shown:
                shown.append(saved)
        else:
            assert saved == (typed_day(submission[name]) if kept else None), f"{name} was saved as {saved}"
    return shown


def at_the_limit(fields: dict) -> list[dict]:
    """For each text field with a limit, a submission with it full to the limit (in a letter two bytes long in UTF-8)
    and everything else as it would be saved: always sent, so text cut short or refused at its limit is caught."""
    valid = {name: _as_sent(spec, spec.valid) for name, spec in fields.items()}
    return [{**valid, name: "é" * spec.limit} for name, spec in fields.items() if isinstance(spec, Text) and spec.limit]


def form_property(fields: dict, target: Callable[[SimpleNamespace], Target], *, max_examples: int = 20,
                  examples: tuple[dict, ...] = ()):
    """A test that sends `max_examples` hypothesis submissions (and each of `examples`, the regressions) to the
    form `target` builds from the `world` fixture."""
    limits = at_the_limit(fields)

    def test(client, world, submission):
        if target not in world.targets:
            world.targets[target] = target(world)
        check(client, world.targets[target], fields, submission, must_save=submission in limits)

    # Nothing sent at all: an empty POST was shown the blank form again, with no error and nothing saved.
    nothing = dict.fromkeys(fields, MISSING)
    for regression in (*examples, nothing, *limits):
        test = example(submission=regression)(test)
    return settings(
        max_examples=max(1, round(max_examples * SCALE)), deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )(given(submission=submissions(fields))(test))


def choices(text_choices) -> tuple[str, ...]:
    return tuple(text_choices.values)


def chosen(name: str, value: str = "yes") -> Callable[[dict], bool]:
    """For Text.when and Day.when: whether this answer was chosen (so the question it reveals is kept)."""
    return lambda submission: _last(submission[name]) == value


# --- The cast -----------------------------------------------------------------------------------------------------

@pytest.fixture
def frozen_today():
    with time_machine.travel("2026-12-01 12:00 +00:00"):
        yield


@pytest.fixture
def world(frozen_today, people, small_pledge):
    """`people` and their pledge, with a care leaver of 20 (Amara) and her personal adviser, the council's
    leaving care grant at £2,000 and a second IRO. `targets` keeps each form's Target for the test's examples."""
    people.council.leaving_care_grant_pence = 200_000
    people.council.save()
    people.adviser = WorkerFactory(council=people.council, team=people.team, name="Femi Adviser",
                                   role=Role.PERSONAL_ADVISER)
    people.leaver = YoungPersonFactory(council=people.council, first_name="Amara", last_name="Oak",
                                       legal_status=LegalStatus.CARE_LEAVER, date_of_birth=date(2006, 5, 1),
                                       became_looked_after_on=date(2015, 1, 1))
    AllocationFactory(young_person=people.leaver, worker=people.adviser)
    people.second_iro = WorkerFactory(council=people.council, team=None, name="Ira Second", role=Role.IRO)
    people.pledge = small_pledge
    for who, email in (("young_person", "robin@example.test"), ("social_worker", "sita@council.test")):
        user = getattr(people, who).user
        user.email = email
        user.save()
    people.targets = {}
    return people
