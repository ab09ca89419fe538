"""The managers' compliance dashboard: figures counted in the database, filters, drill-downs, CSV, access.

Ledger rows here are written directly (the ledger's own tests prove how events become rows); each is one
cycle due on a known day, so the figures can be checked by hand. "Today" is Monday 23 November 2026, so the
default period runs from 24 November 2025 to 23 November 2026.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import LegalStatus
from pledges.models import LedgerEntry, PromiseFeedback

from .factories import AllocationFactory, MeasureFactory, PromiseFactory, TeamFactory, WorkerFactory, YoungPersonFactory

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        yield


def callback_rows_measure(council, promise=None, **kwargs):
    """A measure that computes no rows of its own (nobody asks for a call back here), so the rows written
    below are the only ones, and saving a young person does not rebuild them away."""
    defaults = dict(council=council, promise=promise, key="call-back", name="Call returned within 2 working days",
                    rule="within", params={"working_days": 2, "counts": "callback"}, applies_to="both",
                    warn_days_before=7)
    return MeasureFactory(**{**defaults, **kwargs})


def row(measure, young_person, due_on, met_on=None):
    return LedgerEntry.objects.create(
        measure=measure, young_person=young_person, cycle_start=due_on - timedelta(days=10), started_by="request",
        trigger_id=LedgerEntry.objects.count() + 1, due_on=due_on, met_on=met_on,
        status=LedgerEntry.Status.MET if met_on else LedgerEntry.Status.OPEN,
    )


@pytest.fixture
def ledger(people, small_pledge):
    promise = small_pledge.sections.get(order=3).promises.get()
    measure = callback_rows_measure(people.council, promise=promise)
    yp = people.young_person
    rows = {
        "kept": row(measure, yp, date(2026, 6, 1), met_on=date(2026, 5, 30)),
        "late": row(measure, yp, date(2026, 6, 1), met_on=date(2026, 6, 3)),
        "missed_and_overdue": row(measure, yp, date(2026, 10, 1)),
        "due_the_day_before_the_period": row(measure, yp, date(2025, 11, 23), met_on=date(2025, 11, 20)),
        "due_the_first_day_of_the_period": row(measure, yp, date(2025, 11, 24), met_on=date(2025, 11, 24)),
        "due_today": row(measure, yp, TODAY),
        "due_at_the_end_of_the_warning": row(measure, people.other_young_person, TODAY + timedelta(days=7)),
        "due_after_the_warning": row(measure, people.other_young_person, TODAY + timedelta(days=8)),
        "overdue_yesterday": row(measure, people.other_young_person, TODAY - timedelta(days=1)),
    }
    elsewhere = callback_rows_measure(people.elsewhere)
    row(elsewhere, people.elsewhere_young_person, date(2026, 10, 1))
    people.measure, people.promise, people.rows = measure, promise, rows
    return people


def figures_on_page(response, measure):
    return next(line.figures for group in response.context["groups"] for line in group.lines
                if line.measure == measure)


def test_the_dashboard_counts_each_kind_of_row_at_the_edges_of_the_period_and_the_warning(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"))
    assert response.status_code == 200
    figures = figures_on_page(response, ledger.measure)
    # Due in the period and decided: kept, late, missed (1 October), first day of the period, yesterday.
    assert (figures.due, figures.kept, figures.late, figures.missed) == (5, 2, 1, 2)
    assert figures.kept_share == 40
    assert figures.overdue == 2  # 1 October and yesterday; today's is not overdue yet
    assert figures.due_soon == 2  # today, and the last day of the 7-day warning


def test_another_councils_rows_are_never_counted(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"))
    assert response.context["total"].overdue == 2


def test_the_trend_has_a_month_for_each_month_of_the_period_with_the_numbers(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"))
    series = {month: (due, kept, share) for month, due, kept, share in response.context["series"]}
    assert list(series)[0] == date(2025, 11, 1) and list(series)[-1] == date(2026, 11, 1)
    assert series[date(2026, 6, 1)] == (2, 1, 50)
    assert series[date(2026, 11, 1)] == (1, 0, 0)  # yesterday's, missed
    assert series[date(2026, 3, 1)] == (0, 0, None)
    html = response.content.decode()
    assert 'role="img"' in html and "June 2026" in html  # the chart, and the same numbers in the table


def test_a_chosen_period_counts_only_rows_due_in_it(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"), {
        "period_from_0": "1", "period_from_1": "6", "period_from_2": "2026",
        "period_to_0": "30", "period_to_1": "6", "period_to_2": "2026",
    })
    figures = figures_on_page(response, ledger.measure)
    assert (figures.due, figures.kept, figures.late) == (2, 1, 1)
    assert [month for month, *_ in response.context["series"]] == [date(2026, 6, 1)]


def test_overdue_and_due_soon_count_open_rows_due_outside_the_chosen_period(client, ledger):
    row(ledger.measure, ledger.young_person, date(2024, 2, 1))  # open since before the period: overdue, not missed
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"), {
        "period_from_0": "1", "period_from_1": "6", "period_from_2": "2026",
        "period_to_0": "30", "period_to_1": "6", "period_to_2": "2026",
    })
    figures = figures_on_page(response, ledger.measure)
    assert (figures.due, figures.missed) == (2, 0)
    assert (figures.overdue, figures.due_soon) == (3, 2)  # 2024, 1 October and yesterday; today and a week on


def test_filtering_by_worker_counts_only_their_caseload(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"), {"worker": ledger.other_worker.pk})
    figures = figures_on_page(response, ledger.measure)
    assert (figures.due, figures.overdue, figures.due_soon) == (1, 1, 1)


def test_filtering_by_team_legal_status_and_age(client, ledger):
    second_team = TeamFactory(council=ledger.council, name="Leaving Care Team")
    adviser = WorkerFactory(council=ledger.council, team=second_team, role="personal_adviser")
    leaver = YoungPersonFactory(council=ledger.council, legal_status=LegalStatus.CARE_LEAVER,
                                date_of_birth=date(2006, 11, 24))  # 19
    AllocationFactory(young_person=leaver, worker=adviser)
    row(ledger.measure, leaver, date(2026, 9, 1))
    client.force_login(ledger.manager.user)

    def overdue(**params):
        return figures_on_page(client.get(reverse("compliance_dashboard"), params), ledger.measure).overdue

    assert overdue() == 3
    assert overdue(team=second_team.pk) == 1
    assert overdue(legal_status="care_leaver") == 1
    assert overdue(legal_status="looked_after") == 2
    assert overdue(age_band="18-21") == 1
    assert overdue(age_band="10-15") == 2  # Robin and Sky were born 14 March 2013: 13


@pytest.mark.parametrize("params, message", [
    ({"team": "999999"}, "Choose a team from the list"),
    ({"worker": "not-a-number"}, "Choose a worker from the list"),
    ({"age_band": "99-100"}, "Choose an age band from the list"),
    ({"period_from_0": "31", "period_from_1": "2", "period_from_2": "2026"}, "The date must be a real date"),
    ({"period_from_0": "1", "period_from_1": "6", "period_from_2": "2026",
      "period_to_0": "1", "period_to_1": "5", "period_to_2": "2026"}, "The end of the period must be on or after its start"),
    ({"period_to_0": "1", "period_to_1": "1", "period_to_2": "2030"}, "must be today or in the past"),
    ({"period_to_0": "1", "period_to_1": "1", "period_to_2": "1"}, "The end of the period must be on or after 1 January 2000"),
    ({"period_from_0": "1", "period_from_1": "1", "period_from_2": "1"},
     "The start of the period must be on or after 1 January 2000"),
])
def test_bad_filters_get_a_clear_message_and_the_default_figures_never_a_500(client, ledger, params, message):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert figures_on_page(response, ledger.measure).overdue == 2


def test_another_councils_team_is_an_unknown_team(client, ledger):
    other_team = TeamFactory(council=ledger.elsewhere)
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"), {"team": other_team.pk})
    assert "Choose a team from the list" in response.content.decode()


def test_only_managers_see_the_dashboard(client, ledger):
    client.force_login(ledger.social_worker.user)
    assert client.get(reverse("compliance_dashboard")).status_code == 403
    client.force_login(ledger.young_person.user)
    assert client.get(reverse("compliance_dashboard")).status_code == 404
    client.logout()
    assert client.get(reverse("compliance_dashboard")).status_code == 302


def test_a_manager_of_another_council_gets_404_for_this_councils_drill_downs(client, ledger):
    client.force_login(ledger.elsewhere_manager.user)
    assert client.get(reverse("dashboard_measure", args=[ledger.measure.pk])).status_code == 404
    assert client.get(reverse("dashboard_measure", args=[ledger.measure.pk]), {"format": "csv"}).status_code == 404
    assert client.get(reverse("dashboard_feedback", args=[ledger.promise.ref])).status_code == 404


@pytest.mark.parametrize("show, expected", [
    ("overdue", {"Robin Ash", "Sky Birch"}),
    ("due_soon", {"Robin Ash", "Sky Birch"}),
    ("kept", {"Robin Ash"}),
])
def test_every_number_opens_the_young_people_behind_it(client, ledger, show, expected):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("dashboard_measure", args=[ledger.measure.pk]), {"show": show})
    names = {entry.young_person.full_name for entry in response.context["page"].object_list}
    assert names == expected


def test_the_list_follows_the_filters(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("dashboard_measure", args=[ledger.measure.pk]),
                          {"show": "overdue", "worker": ledger.other_worker.pk})
    assert [e.young_person.full_name for e in response.context["page"].object_list] == ["Sky Birch"]
    assert f"worker={ledger.other_worker.pk}" in response.context["filters"]


def test_an_unknown_list_says_so_and_shows_the_rows_due(client, ledger):
    client.force_login(ledger.manager.user)
    response = client.get(reverse("dashboard_measure", args=[ledger.measure.pk]), {"show": "everything"}, follow=True)
    assert response.status_code == 200
    assert response.context["show"] == "due"
    assert "That list does not exist" in response.content.decode()


def test_every_list_downloads_as_csv_with_spreadsheet_formulas_defused(client, ledger):
    # update() sends no signal, so the ledger is not rebuilt (which would drop the rows written above)
    type(ledger.other_young_person).objects.filter(pk=ledger.other_young_person.pk).update(first_name="=HYPERLINK(1)")
    client.force_login(ledger.manager.user)
    response = client.get(reverse("dashboard_measure", args=[ledger.measure.pk]), {"show": "overdue", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="call-back-overdue-2026-11-23.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # the byte order mark, so Excel reads accented names as UTF-8
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("Child id,Young person,Date of birth,Legal status,Worker,Team,Measure")
    assert len(lines) == 3
    assert any(",'=HYPERLINK(1) Birch," in line for line in lines)
    assert any("Robin Ash,2013-03-14" in line and ",Overdue," in line for line in lines)


def test_what_young_people_say_is_shown_beside_the_ledger_and_opens_their_answers(client, ledger):
    for person, answer in [(ledger.young_person, "no"), (ledger.other_young_person, "yes"),
                           (ledger.elsewhere_young_person, "no")]:
        PromiseFeedback.objects.create(young_person=person, promise=ledger.promise, answer=answer,
                                       comment="Nobody rang back", given_at=datetime(2026, 11, 2, 9, tzinfo=LONDON))
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"))
    group = next(g for g in response.context["groups"] if g.promise == ledger.promise)
    assert group.said == {"no": 1, "yes": 1}
    answers = client.get(reverse("dashboard_feedback", args=[ledger.promise.ref]))
    assert {a.young_person.full_name for a in answers.context["page"].object_list} == {"Robin Ash", "Sky Birch"}
    csv = b"".join(client.get(reverse("dashboard_feedback", args=[ledger.promise.ref]),
                              {"format": "csv"}).streaming_content).decode()
    assert "Robin Ash,Sita Worker,Children in Care Team,No,Nobody rang back,2026-11-02" in csv and "Jo Cedar" not in csv


def test_statutory_minimum_and_council_promise_are_side_by_side_legal_minimum_first(client, ledger):
    statutory = callback_rows_measure(ledger.council, promise=ledger.promise, key="call-back-law", basis="statutory",
                                      name="The law's call-back")
    client.force_login(ledger.manager.user)
    response = client.get(reverse("compliance_dashboard"))
    group = next(g for g in response.context["groups"] if g.promise == ledger.promise)
    assert [line.measure for line in group.lines] == [statutory, ledger.measure]


@pytest.mark.parametrize("extra_people", [0, 12])
def test_the_dashboard_and_a_list_take_a_fixed_number_of_queries(client, ledger, django_assert_num_queries,
                                                                  extra_people):
    more = PromiseFactory(section=ledger.promise.section, order=9, text="Another promise")
    # Counting worries, not call-backs: creating it rebuilds only worry rows, so the call-back rows stay.
    other = callback_rows_measure(ledger.council, promise=more, key="another",
                                  params={"working_days": 2, "counts": "concern"})
    for n in range(extra_people):
        person = YoungPersonFactory(council=ledger.council)
        AllocationFactory(young_person=person, worker=ledger.social_worker)
        for month in range(1, 11):
            row(ledger.measure, person, date(2026, month, 3), met_on=date(2026, month, 2))
            row(other, person, date(2026, month, 5))
    client.force_login(ledger.manager.user)
    # No team chosen, the worker list is not read (it lists the workers of the team chosen).
    # The figures and months by measure are one query of the summary.
    with django_assert_num_queries(9):  # 8, and the promises we do not measure
        assert client.get(reverse("compliance_dashboard")).status_code == 200
    # 9 (the figure is the list's count: no COUNT query), and one INSERT logging the page's young people.
    with django_assert_num_queries(10):
        assert client.get(reverse("dashboard_measure", args=[ledger.measure.pk]), {"show": "kept"}).status_code == 200
    # A team chosen: its workers, its summary (pledges.group_counts), its young people and their answers.
    team = {"team": ledger.social_worker.team_id}
    with django_assert_num_queries(12):
        assert client.get(reverse("compliance_dashboard"), team).status_code == 200
