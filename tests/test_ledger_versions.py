"""The ledger keeps history honest across pledge versions: each cycle is measured against the rules of the version
in force on the day it started, and keeps that version's number."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import ContactKind
from casework.contacts.services import callback_request_create, contact_log
from pledges.ledger import ledger_recompute
from pledges.models import LedgerEntry, Promise
from pledges.versions import measure_change, pledge_draft_start, pledge_publish, promise_edit

from .factories import callback_measure, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
CHANGE_DAY = date(2026, 10, 1)  # version 2 (4 weeks instead of 6) comes into force


def at_noon(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=LONDON))


@pytest.fixture
def measures(people, small_pledge):
    people.young_person.became_looked_after_on = date(2026, 9, 1)
    people.young_person.save()
    contact = Promise.objects.get(section__pledge=small_pledge, ref="1-1")
    return contact_measures(people.council, promise=contact)


def publish_version(people, *, on, weeks=None, measure=None, text=None):
    """Publish the next version on a day: the measure's weeks changed, or (with text) only a promise reworded."""
    with at_noon(on):
        draft = pledge_draft_start(council=people.council, by=people.manager)
        if weeks is not None:
            measure_change(draft=draft, measure=measure, by=people.manager, interval=weeks, steps=[],
                           name=f"Social worker in touch at least every {weeks} weeks")
        if text is not None:
            promise_edit(promise=Promise.objects.get(section__pledge=draft, ref="1-1"), by=people.manager, title="",
                         text=text)
        return pledge_publish(draft=draft, by=people.manager, today=on)


def visit(people, on, *, recorded_on=None):
    with at_noon(recorded_on or on):
        contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=on,
                    kind=ContactKind.VISIT_HOME, seen_alone=True, note="")


def row(people, measure, cycle_start):
    return LedgerEntry.objects.get(young_person=people.young_person, measure=measure, cycle_start=cycle_start)


@pytest.mark.parametrize(("visit_on", "due_on", "version"), [
    (date(2026, 9, 30), date(2026, 11, 11), 1),  # the day before: 6 weeks, version 1
    (date(2026, 10, 1), date(2026, 10, 29), 2),  # the day itself: 4 weeks, version 2
    (date(2026, 10, 2), date(2026, 10, 30), 2),  # the day after
])
def test_a_cycle_keeps_the_rules_of_the_version_in_force_on_the_day_it_started(people, measures, visit_on, due_on,
                                                                              version):
    pledge_measure, _ = measures
    if visit_on < CHANGE_DAY:
        visit(people, visit_on)
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    if visit_on >= CHANGE_DAY:
        visit(people, visit_on)
    cycle = row(people, pledge_measure, visit_on)
    assert (cycle.due_on, cycle.pledge_version, cycle.status) == (due_on, version, "open")
    weeks = 6 if version == 1 else 4
    assert cycle.explanation.startswith(f"{weeks} weeks after the visit on")


def test_a_visit_recorded_after_publishing_but_made_the_day_before_keeps_the_old_rules(people, measures):
    pledge_measure, _ = measures
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    visit(people, date(2026, 9, 30), recorded_on=date(2026, 10, 3))
    cycle = row(people, pledge_measure, date(2026, 9, 30))
    assert (cycle.due_on, cycle.pledge_version) == (date(2026, 11, 11), 1)


def test_history_met_before_a_new_version_keeps_its_version_and_due_date(people, measures):
    pledge_measure, _ = measures
    visit(people, date(2026, 9, 20))
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    visit(people, date(2026, 10, 10))
    first = row(people, pledge_measure, date(2026, 9, 1))  # coming into care, met by the visit on 20 September
    assert (first.due_on, first.pledge_version, first.status, first.met_on) == (
        date(2026, 10, 13), 1, "met", date(2026, 9, 20))
    second = row(people, pledge_measure, date(2026, 9, 20))
    assert (second.due_on, second.pledge_version, second.met_on) == (date(2026, 11, 1), 1, date(2026, 10, 10))
    assert row(people, pledge_measure, date(2026, 10, 10)).due_on == date(2026, 11, 7)


def test_a_version_that_only_rewords_promises_keeps_the_numbers_and_counts_as_a_new_version(people, measures):
    pledge_measure, statutory = measures
    visit(people, date(2026, 9, 30))
    publish_version(people, on=CHANGE_DAY, text="Your social worker will visit you at least every 6 weeks")
    visit(people, date(2026, 10, 2))
    assert row(people, pledge_measure, date(2026, 9, 30)).pledge_version == 1
    after = row(people, statutory, date(2026, 10, 2))
    assert (after.due_on, after.pledge_version) == (date(2026, 11, 13), 2)


def test_numbers_edited_in_the_admin_after_a_change_apply_from_that_change_on(people, measures):
    pledge_measure, _ = measures
    visit(people, date(2026, 9, 30))
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    visit(people, date(2026, 10, 2))
    pledge_measure.refresh_from_db()
    pledge_measure.params = {**pledge_measure.params, "weeks": 3}
    with at_noon(date(2026, 10, 3)):
        pledge_measure.save()  # the admin's save recomputes the council's rows for this measure
    assert row(people, pledge_measure, date(2026, 9, 30)).due_on == date(2026, 11, 11)  # still 6 weeks
    assert row(people, pledge_measure, date(2026, 10, 2)).due_on == date(2026, 10, 23)  # 3 weeks


@pytest.mark.parametrize(("asked_on", "due_on", "version"), [
    # 25 December 2026 is a Friday and Boxing Day's holiday moves to Monday 28 December.
    (date(2026, 12, 23), date(2026, 12, 29), 1),  # the day before: 2 working days
    (date(2026, 12, 24), date(2026, 12, 31), 2),  # the day: 3 working days
])
def test_a_call_back_asked_for_across_a_change_keeps_its_working_days_over_christmas(people, small_pledge, asked_on,
                                                                                     due_on, version):
    measure = callback_measure(people.council, promise=Promise.objects.get(section__pledge=small_pledge, ref="3-1"))
    with at_noon(date(2026, 12, 24)):
        draft = pledge_draft_start(council=people.council, by=people.manager)
        measure_change(draft=draft, measure=measure, by=people.manager, interval=3, steps=[],
                       name="Call returned within 3 working days")
        pledge_publish(draft=draft, by=people.manager, today=date(2026, 12, 24))
    with at_noon(asked_on):
        callback = callback_request_create(young_person=people.young_person, message="", best_time="",
                                           now=datetime(asked_on.year, asked_on.month, asked_on.day, 12, tzinfo=LONDON))
    cycle = LedgerEntry.objects.get(measure=measure, trigger_id=callback.pk)
    assert (cycle.due_on, cycle.pledge_version) == (due_on, version)


# SAVEPOINT, the active measures, their published changes, the council's published versions, overrides, both
# measures' rows, each kind of record they read once (contacts; placements for the statutory visit's restarts);
# RELEASE. (11 before the ledger read each kind of record once for both measures.)
RECOMPUTE_QUERIES = 9


@pytest.mark.parametrize("versions", [1, 4])
def test_recomputing_takes_a_fixed_number_of_queries_however_many_versions(people, measures, django_assert_num_queries,
                                                                          versions):
    pledge_measure, _ = measures
    for n in range(versions - 1):
        publish_version(people, on=date(2026, 10, 1 + n), weeks=5 - n, measure=pledge_measure)
    for day in (date(2026, 9, 20), date(2026, 10, 2), date(2026, 10, 9)):
        visit(people, day)
    with at_noon(date(2026, 10, 10)), django_assert_num_queries(RECOMPUTE_QUERIES):
        ledger_recompute(young_person=people.young_person)
