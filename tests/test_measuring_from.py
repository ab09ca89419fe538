"""A council measures promises from a start date (Council.measuring_from, pledges.start_date): what was due before it
is history, not lateness. The rule (pledges.rules.measured_from) at its edges, a Noah-like young person's page on day
one, the dashboard starting there, the recompute's cost unchanged, and the manager's page that sets it."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import QueryDict
from django.urls import reverse

from casework.contacts.services import contact_log
from casework.models import Contact, ContactKind
from pledges import dashboard
from pledges.dashboard_filters import DashboardFilterForm
from pledges.ledger import ledger_recompute
from pledges.ledger.runs import ledger_recompute_run
from pledges.ledger.snapshots import LedgerRows
from pledges.models import LedgerEntry
from pledges.recompute_runs import LedgerRecomputeRun
from pledges.rules import Cycle, Event, Trigger, every, measured_from, within
from pledges.start_date import council_set_measuring_from

from .factories import MeasureFactory, contact_measures
from .test_ledger_batches import VISIT_LOGGED_QUERIES

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
START = date(2026, 12, 4)  # a Friday: the day the council starts measuring
NOW = datetime(2026, 12, 4, 10, tzinfo=LONDON)
VISITS = {"weeks": 6, "steps": [{"days": 7}], "counts": "visit", "starts": "came_into_care"}
REVIEWS = {"months": 6, "steps": [{"working_days": 20}, {"months": 3}], "counts": "review", "starts": "came_into_care"}


def open_cycle(due_on: date, met_on: date | None = None) -> Cycle:
    return Cycle(cycle_start=date(2026, 10, 1), started_by="visit", trigger_id=1, due_on=due_on,
                 explanation="6 weeks after the visit on 1 October 2026", met_on=met_on, met_by="visit" if met_on else "")


# --- The rule, at its edges ------------------------------------------------------------------------------------

def test_a_cycle_due_the_day_before_the_start_is_owed_one_usual_interval_after_the_start():
    [cycle] = measured_from([open_cycle(date(2026, 12, 3))], start=START, params=VISITS)
    assert cycle.due_on == date(2027, 1, 15)  # 6 weeks after 4 December
    assert cycle.met_on is None
    assert cycle.explanation == ("6 weeks after Friday 4 December 2026, when we started measuring this promise "
                                 "(it was due on Thursday 3 December 2026, before then)")


@pytest.mark.parametrize("due_on", [START, date(2026, 12, 5)])
def test_a_cycle_due_on_or_after_the_start_is_measured_as_the_rules_say(due_on):
    cycle = open_cycle(due_on)
    assert measured_from([cycle], start=START, params=VISITS) == [cycle]


def test_no_start_date_measures_everything_as_before():
    cycle = open_cycle(date(2021, 9, 7))
    assert measured_from([cycle], start=None, params=VISITS) == [cycle]


def test_a_cycle_met_before_the_start_stays_as_history_and_says_so():
    [cycle] = measured_from([open_cycle(date(2026, 11, 1), met_on=date(2026, 11, 20))], start=START, params=VISITS)
    assert (cycle.due_on, cycle.met_on) == (date(2026, 11, 1), date(2026, 11, 20))  # as it was: met late, history
    assert cycle.explanation.endswith("History: due before Friday 4 December 2026, when we started measuring")


def test_a_cycle_due_before_the_start_and_met_after_it_is_kept_on_time_against_the_start():
    [cycle] = measured_from([open_cycle(date(2026, 11, 1), met_on=date(2026, 12, 10))], start=START, params=VISITS)
    assert cycle.due_on == date(2027, 1, 15) and cycle.met_on == date(2026, 12, 10)


def test_the_steps_before_the_start_are_history_a_second_review_is_not_owed_within_3_months_years_later():
    cycles = every(start=Event(date(2021, 2, 1), "came_into_care"), events=[Event(date(2021, 3, 1), "review", 7)],
                   params=REVIEWS)
    assert cycles[-1].due_on == date(2021, 6, 1)  # the law's "second review within 3 months of the first"
    owed = measured_from(cycles, start=START, params=REVIEWS)
    assert (owed[0].due_on, owed[0].met_on) == (cycles[0].due_on, cycles[0].met_on)  # the first review: history
    assert owed[-1].due_on == date(2027, 6, 4)  # the usual 6 months, from the start
    assert owed[-1].explanation.startswith("6 months after Friday 4 December 2026")


def test_something_due_by_an_event_of_its_own_day_before_the_start_is_history_with_nothing_owed():
    move = Trigger(Event(date(2021, 5, 1), "move", 3))
    assert measured_from(within(triggers=[move], params={"due": "at_trigger"}), start=START,
                         params={"due": "at_trigger"}) == []


def test_a_call_back_never_answered_before_the_start_is_owed_its_working_days_from_the_start():
    request = Trigger(Event(date(2021, 5, 1), "request", 3))
    params = {"working_days": 2}
    [cycle] = measured_from(within(triggers=[request], params=params), start=START, params=params)
    assert cycle.due_on == date(2026, 12, 8)  # Friday + 2 working days


def test_a_promise_that_ended_before_anything_could_be_owed_owes_nothing():
    params = {"weeks": 8, "until_age": 25}
    cycle = open_cycle(date(2021, 1, 1))
    assert measured_from([cycle], start=START, params=params, born=date(2001, 12, 20)) == []


# --- Noah on day one --------------------------------------------------------------------------------------------

@pytest.fixture
def noah(people, small_pledge):
    """In care since 2021, his last visit recorded in July 2021: the portal's first day."""
    promise = small_pledge.sections.get(order=1).promises.get()
    with time_machine.travel(NOW, tick=False):
        people.young_person.became_looked_after_on = date(2021, 3, 1)
        people.young_person.save()
        contact_measures(people.council, promise=promise)
        Contact.objects.create(young_person=people.young_person, worker=people.social_worker,
                               happened_on=date(2021, 7, 27), kind=ContactKind.VISIT_HOME)
        ledger_recompute(young_person=people.young_person)
    return people


@time_machine.travel(NOW, tick=False)
def test_before_a_start_date_noah_is_told_sorry_for_2021(client, noah):
    client.force_login(noah.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "2021. It is late, and we are sorry." in html  # what issue 14 found: the reason for a start date


@time_machine.travel(NOW, tick=False)
def test_from_the_start_date_noah_is_told_what_is_owed_now_not_sorry_for_2021(client, noah):
    council_set_measuring_from(council=noah.council, measuring_from=START, worker=noah.manager, today=START)
    rows = list(LedgerEntry.objects.filter(young_person=noah.young_person, status="open"))
    assert rows and all(row.due_on >= START for row in rows)
    client.force_login(noah.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "sorry" not in html.lower()
    assert "2021. It is late" not in html
    assert "15 January" in html  # the visit owed 6 weeks after the start
    assert "We started keeping track of this promise here on Friday 4 December, so it is counted from then." in html
    client.force_login(noah.social_worker.user)
    caseload = client.get(reverse("caseload")).content.decode()
    assert "days ago" not in caseload


@time_machine.travel(NOW, tick=False)
def test_a_visit_after_the_start_keeps_the_promise_on_time(noah):
    council_set_measuring_from(council=noah.council, measuring_from=START, worker=noah.manager, today=START)
    contact_log(young_person=noah.young_person, worker=noah.social_worker, happened_on=START,
                kind=ContactKind.VISIT_HOME, seen_alone=True, note="")
    met = LedgerEntry.objects.filter(young_person=noah.young_person, cycle_start=date(2021, 7, 27))
    assert {row.state_on(START) for row in met} == {LedgerEntry.State.MET_ON_TIME}


# --- The dashboard starts there -------------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
def test_the_dashboard_counts_from_the_start_and_a_met_late_cycle_before_it_is_not_counted(noah):
    measure = MeasureFactory(council=noah.council, params={"weeks": 6, "counts": "contact"})
    Contact.objects.bulk_create([
        Contact(young_person=noah.young_person, worker=noah.social_worker, happened_on=day, kind=ContactKind.PHONE)
        for day in (date(2026, 6, 1), date(2026, 9, 1))  # the second came 6 weeks late
    ])
    noah.council.measuring_from = date(2026, 9, 15)
    noah.council.save()
    ledger_recompute(young_person=noah.young_person)
    form = DashboardFilterForm(QueryDict(), council=noah.council, today=START)
    period = form.period()
    assert period.start == date(2026, 9, 15) and period.months()[0] == date(2026, 9, 1)
    figures = dashboard.figures_by_measure(LedgerRows(), measures=[measure], period=period, today=START)
    # The cycle met late before the start (due 13 July, met 1 September) is history; the one due 13 October,
    # missed, counts.
    assert (figures[measure.pk].due, figures[measure.pk].late, figures[measure.pk].missed) == (1, 0, 1)
    early = DashboardFilterForm(QueryDict("period_from_0=1&period_from_1=1&period_from_2=2026"), council=noah.council,
                                today=START)
    assert early.period().start == date(2026, 9, 15)
    assert "We measure promises from 15 September 2026" in str(early["period_from"].help_text)
    before = DashboardFilterForm(QueryDict("period_to_0=1&period_to_1=7&period_to_2=2026"), council=noah.council,
                                 today=START)
    assert not before.is_valid() and "when we started measuring" in before.errors["period_to"][0]


# --- What it costs ----------------------------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
def test_logging_a_visit_costs_the_same_queries_with_a_start_date(noah, django_assert_num_queries):
    noah.council.measuring_from = START
    noah.council.save()
    with django_assert_num_queries(VISIT_LOGGED_QUERIES):
        contact_log(young_person=noah.young_person, worker=noah.social_worker, happened_on=START,
                    kind=ContactKind.VISIT_HOME, seen_alone=True, note="")


# --- The manager's page ----------------------------------------------------------------------------------------

def date_form(day, month, year):
    return {"measuring_from_0": day, "measuring_from_1": month, "measuring_from_2": year}


@time_machine.travel(NOW, tick=False)
def test_a_manager_sets_the_date_and_the_ledger_is_rebuilt_in_the_background(client, noah, settings):
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    client.force_login(noah.manager.user)
    page = client.get(reverse("measuring_from_edit")).content.decode()
    assert "Anything due before it is history: it is not counted as kept or late." in page
    before = list(LedgerEntry.objects.values_list("due_on", flat=True).order_by("pk"))
    response = client.post(reverse("measuring_from_edit"), date_form("4", "12", "2026"))
    assert response.status_code == 302 and response["Location"] == reverse("compliance_dashboard")
    noah.council.refresh_from_db()
    assert noah.council.measuring_from == START
    assert list(LedgerEntry.objects.values_list("due_on", flat=True).order_by("pk")) == before  # not in the request
    run = LedgerRecomputeRun.objects.get(council=noah.council)
    assert run.reason == LedgerRecomputeRun.Reason.MEASURING_FROM and run.finished_at is None
    assert ledger_recompute_run(run_id=run.pk)  # what the Celery task does
    assert all(row.due_on >= START for row in LedgerEntry.objects.filter(status="open"))
    assert "We measure promises from 4 December 2026" in client.get(reverse("compliance_dashboard")).content.decode()


@pytest.mark.parametrize("data, message", [
    (date_form("5", "12", "2026"), "The date must be today or in the past"),
    (date_form("31", "2", "2026"), "The date must be a real date"),
    (date_form("1", "1", "1999"), "The date must be on or after 1 January 2000"),
])
@time_machine.travel(NOW, tick=False)
def test_a_bad_date_gets_a_gov_uk_error_and_nothing_changes(client, noah, data, message):
    client.force_login(noah.manager.user)
    response = client.post(reverse("measuring_from_edit"), data)
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    noah.council.refresh_from_db()
    assert noah.council.measuring_from is None


@time_machine.travel(NOW, tick=False)
def test_clearing_the_date_measures_everything_again(client, noah):
    council_set_measuring_from(council=noah.council, measuring_from=START, worker=noah.manager, today=START)
    client.force_login(noah.manager.user)
    assert client.post(reverse("measuring_from_edit"), date_form("", "", "")).status_code == 302
    noah.council.refresh_from_db()
    assert noah.council.measuring_from is None
    assert LedgerEntry.objects.filter(young_person=noah.young_person, status="open", due_on__lt=START).exists()


def test_only_the_councils_managers_may_set_it(client, noah):
    client.force_login(noah.social_worker.user)
    assert client.get(reverse("measuring_from_edit")).status_code == 403
    client.force_login(noah.young_person.user)
    assert client.get(reverse("measuring_from_edit")).status_code == 404
    with pytest.raises(Exception, match="Only a manager of the council"):
        council_set_measuring_from(council=noah.council, measuring_from=START, worker=noah.elsewhere_manager,
                                   today=START)


@pytest.mark.parametrize("visit_on, due_on", [
    (date(2026, 10, 22), date(2027, 1, 15)),  # due 3 December, the day before the start: owed 6 weeks after it
    (date(2026, 10, 23), START),  # due on the start: measured as the rules say, due today
    (date(2026, 10, 24), date(2026, 12, 5)),  # due the day after
])
@time_machine.travel(NOW, tick=False)
def test_the_stored_row_at_the_edges_of_the_start_date(people, visit_on, due_on):
    measure = MeasureFactory(council=people.council, params={"weeks": 6, "counts": "contact"})
    people.council.measuring_from = START
    people.council.save()
    Contact.objects.create(young_person=people.young_person, worker=people.social_worker, happened_on=visit_on,
                           kind=ContactKind.PHONE)
    ledger_recompute(young_person=people.young_person)
    row = LedgerEntry.objects.get(young_person=people.young_person, measure=measure)
    assert (row.status, row.due_on) == ("open", due_on)
    assert row.state_on(START) != LedgerEntry.State.OVERDUE
