"""The managers' workers page, a worker's record and the lists behind their numbers: the counts against hand-built
ledger rows at the edges of each window, who may see which worker, bad filters, and fixed query counts."""
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Allocation, LegalStatus, Role
from pledges.models import LedgerEntry

from .factories import (
    AllocationFactory,
    MeasureFactory,
    PromiseFactory,
    TeamFactory,
    WorkerFactory,
    YoungPersonFactory,
    callback_measure,
    contact_measures,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)  # a Monday; the default period is 24 November 2025 to 23 November 2026
NOW = datetime(2026, 11, 23, 10, tzinfo=LONDON)
OPEN, MET = LedgerEntry.Status.OPEN, LedgerEntry.Status.MET


def row(measure, young_person, due_on, *, met_on=None):
    """A hand-built ledger row: open, or met on `met_on`."""
    return LedgerEntry.objects.create(
        measure=measure, young_person=young_person, cycle_start=due_on - timedelta(days=42), started_by="test",
        trigger_id=LedgerEntry.objects.count() + 1, due_on=due_on, status=MET if met_on else OPEN, met_on=met_on,
    )


@pytest.fixture
def ledger(people):
    """Sita (social worker) holds Robin; Olu took Kim over from Sita on 31 March 2026; Ines is Robin's IRO; Pat, a
    personal adviser in another team, holds Lee, a care leaver. Every ledger row is built by hand."""
    promise = PromiseFactory(text="Your social worker will be in touch at least every 6 weeks")
    contact, visit = contact_measures(people.council, promise=promise)
    callback = callback_measure(people.council)
    review = MeasureFactory(council=people.council, key="review", name="Review every 6 months",
                            params={"months": 6, "counts": "review", "starts": "came_into_care"}, warn_days_before=14)
    kim = YoungPersonFactory(council=people.council, first_name="Kim", last_name="Elm")
    AllocationFactory(young_person=kim, worker=people.social_worker, started_on=date(2025, 1, 1),
                      ended_on=date(2026, 3, 31))
    AllocationFactory(young_person=kim, worker=people.other_worker, started_on=date(2026, 3, 31))
    Allocation.objects.filter(young_person=people.other_young_person).delete()
    leaving = TeamFactory(council=people.council, name="Leaving Care Team")
    adviser = WorkerFactory(council=people.council, team=leaving, name="Pat Adviser", role=Role.PERSONAL_ADVISER)
    lee = YoungPersonFactory(council=people.council, first_name="Lee", last_name="Oak", date_of_birth=date(2006, 5, 1),
                             legal_status=LegalStatus.CARE_LEAVER)
    AllocationFactory(young_person=lee, worker=adviser)
    LedgerEntry.objects.all().delete()  # only the rows below

    robin = people.young_person
    row(contact, robin, date(2026, 11, 20))  # overdue
    row(visit, robin, TODAY + timedelta(days=7))  # due soon: the last day of its 7-day warning
    row(visit, robin, TODAY + timedelta(days=8))  # not yet due soon
    row(callback, robin, TODAY)  # due soon: due today, with no warning days
    row(callback, robin, TODAY + timedelta(days=1))  # not due soon (warned on the day only)
    row(contact, robin, date(2026, 6, 1), met_on=date(2026, 5, 30))  # kept on time
    row(contact, robin, date(2026, 7, 1), met_on=date(2026, 7, 5))  # kept late
    row(contact, robin, date(2025, 11, 23), met_on=date(2025, 11, 20))  # due the day before the period
    row(review, robin, date(2026, 11, 1))  # overdue: the IRO's

    row(contact, kim, date(2026, 2, 1), met_on=date(2026, 2, 9))  # Sita's: kept late
    row(contact, kim, date(2026, 3, 31), met_on=date(2026, 3, 31))  # the handover day: both kept it on time
    row(contact, kim, date(2026, 6, 1))  # Olu's: overdue
    row(visit, kim, date(2026, 10, 1))  # Olu's: overdue

    row(contact, lee, date(2026, 9, 1), met_on=date(2026, 8, 1))  # Pat's: kept on time
    return SimpleNamespace(people=people, kim=kim, lee=lee, adviser=adviser, contact=contact, visit=visit,
                           review=review, promise=promise)


def counts_on_page(response):
    return {w.name: (w.caseload, w.overdue, w.due_soon, w.kept_on_time, w.due, w.kept_share)
            for w in response.context["workers"]}


@time_machine.travel(NOW, tick=False)
def test_the_workers_page_counts_each_workers_rows_most_overdue_first(client, ledger):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_workers"), {"team": ""})
    assert response.status_code == 200
    assert counts_on_page(response) == {
        "Olu Otherworker": (1, 2, 0, 1, 3, 33),
        "Ines Reviewer": (1, 1, 0, 0, 1, 0),
        "Sita Worker": (1, 1, 2, 2, 6, 33),
        "Pat Adviser": (1, 0, 0, 1, 1, 100),
    }
    assert [w.name for w in response.context["workers"]] == [
        "Olu Otherworker", "Ines Reviewer", "Sita Worker", "Pat Adviser"]


@time_machine.travel(NOW, tick=False)
def test_the_workers_page_starts_with_the_managers_own_team_and_can_show_every_team(client, ledger):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_workers"))
    assert list(counts_on_page(response)) == ["Olu Otherworker", "Sita Worker"]
    assert "Everyone with a caseload in Children in Care Team" in response.content.decode()
    assert '<a class="govuk-link" href="?team=">See every team</a>' in response.content.decode()
    leaving = ledger.adviser.team
    response = client.get(reverse("dashboard_workers"), {"team": leaving.pk})
    assert list(counts_on_page(response)) == ["Pat Adviser"]


@time_machine.travel(NOW, tick=False)
def test_legal_status_and_age_choose_whose_rows_count(client, ledger):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_workers"), {"team": "", "legal_status": "care_leaver"})
    counted = counts_on_page(response)
    assert counted["Pat Adviser"] == (1, 0, 0, 1, 1, 100)
    assert counted["Sita Worker"] == (0, 0, 0, 0, 0, None)
    assert "Nothing was due" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_shorter_period_counts_only_the_rows_due_in_it(client, ledger):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_workers"), {
        "team": "", "period_from_0": "1", "period_from_1": "6", "period_from_2": "2026",
        "period_to_0": "1", "period_to_1": "6", "period_to_2": "2026"})
    counted = counts_on_page(response)
    assert counted["Sita Worker"][3:] == (1, 1, 100)  # only Robin's contact due 1 June, kept on 30 May
    assert counted["Olu Otherworker"][3:] == (0, 1, 0)  # Kim's contact due 1 June, still open
    assert counted["Sita Worker"][1] == 1  # what is overdue now does not depend on the period


@pytest.mark.parametrize(("which", "expected"), [
    ("overdue", [("Robin Ash", date(2026, 11, 20))]),
    ("due-soon", [("Robin Ash", TODAY), ("Robin Ash", TODAY + timedelta(days=7))]),
    ("due", [("Kim Elm", date(2026, 2, 1)), ("Kim Elm", date(2026, 3, 31)), ("Robin Ash", date(2026, 6, 1)),
             ("Robin Ash", date(2026, 7, 1)), ("Robin Ash", date(2026, 11, 20)), ("Robin Ash", TODAY)]),
])
@time_machine.travel(NOW, tick=False)
def test_each_number_lists_the_rows_behind_it(client, ledger, which, expected):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_worker_rows", args=[ledger.people.social_worker.pk, which]))
    assert response.status_code == 200
    assert [(s.entry.young_person.full_name, s.entry.due_on) for s in response.context["statuses"]] == expected


@time_machine.travel(NOW, tick=False)
def test_the_caseload_number_lists_the_young_people_allocated_now(client, ledger):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_worker_rows", args=[ledger.people.social_worker.pk, "caseload"]))
    assert [yp.full_name for yp in response.context["young_people"]] == ["Robin Ash"]


@time_machine.travel(NOW, tick=False)
def test_a_workers_record_puts_the_legal_minimum_beside_the_councils_promise(client, ledger):
    client.force_login(ledger.people.manager.user)
    response = client.get(reverse("dashboard_worker", args=[ledger.people.social_worker.pk]))
    assert response.status_code == 200
    promises = {group["heading"]: group for group in response.context["promises"]}
    contact = promises[ledger.promise.text]
    assert [m.basis for m in contact["measures"]] == ["statutory", "pledge"]
    # Sita's visits: nothing due in the period (one due soon); her contacts: 5 due, 2 on time, 2 late, 1 overdue.
    assert contact["rows"] == [("Due", [0, 5]), ("Kept on time", [0, 2]), ("Kept late", [0, 2]),
                               ("Not kept yet", [0, 1])]
    # The call-back due today is due, not yet kept; the review is the IRO's, not Sita's.
    assert promises["Call returned within 2 working days"]["rows"] == [
        ("Due", [1]), ("Kept on time", [0]), ("Kept late", [0]), ("Not kept yet", [1])]
    assert set(promises) == {ledger.promise.text, "Call returned within 2 working days"}
    html = response.content.decode()
    assert "Legal minimum" in html and "Our promise" in html
    assert [(s.entry.young_person.full_name, s.entry.due_on) for s in response.context["overdue"]] == [
        ("Robin Ash", date(2026, 11, 20))]  # overdue now: only the young people Sita holds now


# --- Who may see which worker ---------------------------------------------------------------------------------


def test_only_managers_see_the_workers_page(client, people):
    url = reverse("dashboard_workers")
    for user, expected in [(people.manager.user, 200), (people.social_worker.user, 403), (people.iro.user, 403),
                           (people.young_person.user, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_a_manager_sees_any_worker_in_their_council_and_no_other_councils(client, people):
    own = reverse("dashboard_worker", args=[people.social_worker.pk])
    client.force_login(people.manager.user)
    assert client.get(own).status_code == 200
    assert client.get(reverse("dashboard_worker", args=[people.iro.pk])).status_code == 200
    assert client.get(reverse("dashboard_worker", args=[people.manager.pk])).status_code == 404  # no caseload
    assert client.get(reverse("my_record")).url == reverse("dashboard_workers")
    client.force_login(people.elsewhere_manager.user)
    assert client.get(own).status_code == 404
    assert client.get(reverse("dashboard_worker_rows", args=[people.social_worker.pk, "overdue"])).status_code == 404


def test_a_worker_sees_only_their_own_record(client, people):
    client.force_login(people.social_worker.user)
    assert client.get(reverse("my_record")).status_code == 200
    assert client.get(reverse("dashboard_worker", args=[people.social_worker.pk])).status_code == 200
    assert client.get(reverse("dashboard_worker_rows", args=[people.social_worker.pk, "due"])).status_code == 200
    for other in (people.other_worker, people.iro):
        assert client.get(reverse("dashboard_worker", args=[other.pk])).status_code == 404
        assert client.get(reverse("dashboard_worker_rows", args=[other.pk, "caseload"])).status_code == 404
    assert client.get(reverse("dashboard_worker_rows", args=[people.social_worker.pk, "nonsense"])).status_code == 404


def test_young_people_get_a_404_on_every_workers_page(client, people):
    client.force_login(people.young_person.user)
    for url in (reverse("my_record"), reverse("dashboard_worker", args=[people.social_worker.pk]),
                reverse("dashboard_worker_rows", args=[people.social_worker.pk, "caseload"])):
        assert client.get(url).status_code == 404, url


def test_my_record_is_in_a_workers_navigation_and_the_workers_page_on_a_managers_dashboard(client, people):
    client.force_login(people.social_worker.user)
    html = client.get(reverse("caseload")).content.decode()
    assert f'href="{reverse("my_record")}"' in html and f'href="{reverse("compliance_dashboard")}"' not in html
    client.force_login(people.manager.user)
    html = client.get(reverse("caseload")).content.decode()
    assert f'href="{reverse("compliance_dashboard")}"' in html and f'href="{reverse("my_record")}"' not in html
    html = client.get(reverse("compliance_dashboard")).content.decode()
    assert f'href="{reverse("dashboard_workers")}"' in html and f'href="{reverse("dashboard_stability")}"' in html


@time_machine.travel(NOW, tick=False)
def test_a_worker_lists_only_the_young_people_they_hold_now(client, ledger):
    """Sita's numbers count Kim's rows from while she held Kim, but Kim is Olu's now: Sita's list does not name her."""
    client.force_login(ledger.people.social_worker.user)
    response = client.get(reverse("dashboard_worker_rows", args=[ledger.people.social_worker.pk, "due"]))
    assert {s.entry.young_person.full_name for s in response.context["statuses"]} == {"Robin Ash"}
    assert "Kim Elm" not in response.content.decode()


# --- Bad filters are errors on the page, never a 500 ----------------------------------------------------------

BAD_FILTERS = [
    ({"team": "999999"}, "Choose a team from the list"),
    ({"team": "not-a-number"}, "Choose a team from the list"),
    ({"worker": "999999"}, "Choose a worker from the list"),
    ({"period_from_0": "31", "period_from_1": "2", "period_from_2": "2026"}, "The date must be a real date"),
    ({"period_to_0": "1", "period_to_1": "1", "period_to_2": "2099"}, "The end of the period must be today or in the past"),
    ({"age_band": "100-120"}, "Choose an age band from the list"),
]


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_a_bad_filter_on_the_workers_page_is_an_error_not_a_crash(client, people, query, message):
    client.force_login(people.manager.user)
    response = client.get(reverse("dashboard_workers"), query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: Workers" in html
    assert [w.name for w in response.context["workers"]] == ["Olu Otherworker", "Sita Worker"]  # the defaults


@pytest.mark.parametrize(("query", "message"), [BAD_FILTERS[3], BAD_FILTERS[5]])
@pytest.mark.parametrize("which", [None, "caseload", "overdue", "due-soon", "due"])
def test_a_bad_filter_on_a_workers_record_is_an_error_not_a_crash(client, people, query, message, which):
    client.force_login(people.social_worker.user)
    url = (reverse("dashboard_worker", args=[people.social_worker.pk]) if which is None
           else reverse("dashboard_worker_rows", args=[people.social_worker.pk, which]))
    response = client.get(url, query)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode() and message in response.content.decode()


def test_another_councils_team_or_worker_is_not_a_choice(client, people):
    client.force_login(people.manager.user)
    response = client.get(reverse("dashboard_workers"), {"team": people.elsewhere_manager.team_id})
    assert "Choose a team from the list" in response.content.decode()
    response = client.get(reverse("dashboard_workers"), {"team": "", "worker": people.elsewhere_manager.pk})
    assert "Choose a worker from the list" in response.content.decode()
    assert "Eve Elsewhere" not in [w.name for w in response.context["workers"]]


def test_a_team_or_worker_in_the_query_string_of_a_record_is_ignored(client, people):
    """The record is about one worker; links from the workers page carry the team, which means nothing here."""
    client.force_login(people.manager.user)
    response = client.get(reverse("dashboard_worker", args=[people.social_worker.pk]), {"team": "999999"})
    assert response.status_code == 200 and "govuk-error-summary" not in response.content.decode()


# --- A fixed number of queries --------------------------------------------------------------------------------


def _busy_team(people, size):
    """`size` social workers in the manager's team, each with `size` young people with a row in every state."""
    contact, _ = contact_measures(people.council)
    callback_measure(people.council)
    for n in range(size):
        worker = WorkerFactory(council=people.council, team=people.team, role=Role.SOCIAL_WORKER)
        for _ in range(size):
            young_person = YoungPersonFactory(council=people.council)
            AllocationFactory(young_person=young_person, worker=worker, started_on=date(2025, 1, 1))
            young_person.ledger_entries.all().delete()  # only the rows below
            row(contact, young_person, date(2026, 11, 1))
            row(contact, young_person, TODAY + timedelta(days=3))
            row(contact, young_person, date(2026, 6, 1), met_on=date(2026, 6, 1))
            row(contact, young_person, date(2026, 7, 1), met_on=date(2026, 7, 9))
    return worker


# Session, user, savepoint; the measures' warning windows; the workers with their counts; the team and worker
# choices drawn in the filters; release.
WORKERS_QUERIES = 8
# Session, user, savepoint; the worker; each measure's counts; the measures and their promises; the overdue rows;
# release; one INSERT logging the overdue rows' young people (casework.audit).
RECORD_QUERIES = 9
# Session, user, savepoint; the worker; the rows (the warning windows first, for "due soon") or the young people;
# release; one INSERT logging the young people listed.
ROWS_QUERIES = {"caseload": 7, "overdue": 7, "due-soon": 8, "due": 7}


@pytest.mark.parametrize("size", [1, 6])
@time_machine.travel(NOW, tick=False)
def test_the_workers_page_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, size):
    busiest = _busy_team(people, size)
    client.force_login(people.manager.user)
    with django_assert_num_queries(WORKERS_QUERIES):
        response = client.get(reverse("dashboard_workers"))
    assert len(response.context["workers"]) == size + 2  # and Sita and Olu
    assert {w.pk: w.overdue for w in response.context["workers"]}[busiest.pk] == size


@pytest.mark.parametrize("size", [1, 6])
@time_machine.travel(NOW, tick=False)
def test_a_workers_record_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, size):
    worker = _busy_team(people, size)
    client.force_login(people.manager.user)
    with django_assert_num_queries(RECORD_QUERIES):
        response = client.get(reverse("dashboard_worker", args=[worker.pk]))
    assert len(response.context["overdue"]) == size


@pytest.mark.parametrize("which", list(ROWS_QUERIES))
@pytest.mark.parametrize("size", [1, 6])
@time_machine.travel(NOW, tick=False)
def test_the_lists_behind_a_workers_numbers_take_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, size, which
):
    worker = _busy_team(people, size)
    client.force_login(people.manager.user)
    with django_assert_num_queries(ROWS_QUERIES[which]):
        response = client.get(reverse("dashboard_worker_rows", args=[worker.pk, which]))
    listed = response.context["young_people"] if which == "caseload" else response.context["statuses"]
    assert len(listed) == size * (3 if which == "due" else 1)  # due: overdue, kept on time, kept late
