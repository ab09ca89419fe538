"""The managers' CSV downloads carry the council's child id, the worker and the team, cost the same queries for 3 or
30 young people, and every download is logged against each young person in it (casework.audit)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.models import YoungPerson
from pledges.models import PromiseFeedback

from .factories import AllocationFactory, TeamFactory, WorkerFactory, YoungPersonFactory
from .test_dashboard import callback_rows_measure, row

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def ledger(people, small_pledge):
    promise = small_pledge.sections.get(order=3).promises.get()
    people.measure, people.promise = callback_rows_measure(people.council, promise=promise), promise
    # update(): no signal, so the rows written below are not rebuilt away
    YoungPerson.objects.filter(pk=people.young_person.pk).update(child_id="C-1001")
    return people


def add_young_people(ledger, count):
    """`count` more young people, each on a worker of a team of their own, with an overdue row and an answer."""
    for n in range(count):
        team = TeamFactory(council=ledger.council, name=f"Team {n}")
        worker = WorkerFactory(council=ledger.council, team=team, name=f"Worker {n}")
        young_person = YoungPersonFactory(council=ledger.council, first_name=f"Young{n}", last_name="Person")
        AllocationFactory(young_person=young_person, worker=worker)
        YoungPerson.objects.filter(pk=young_person.pk).update(child_id=f"C-{n}")
        row(ledger.measure, young_person, date(2026, 10, 1))
        answer(young_person, ledger.promise)


def answer(young_person, promise):
    return PromiseFeedback.objects.create(young_person=young_person, promise=promise, answer="not_really",
                                          comment="Sometimes", given_at=datetime(2026, 11, 2, 9, tzinfo=LONDON))


def download(client, url, params):
    response = client.get(url, params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content).decode().removeprefix("\ufeff").splitlines()


def test_the_measure_csv_has_child_id_worker_and_team(client, ledger):
    row(ledger.measure, ledger.young_person, date(2026, 10, 1))
    row(ledger.measure, ledger.other_young_person, date(2026, 10, 2))
    client.force_login(ledger.manager.user)
    lines = download(client, reverse("dashboard_measure", args=[ledger.measure.pk]), {"show": "overdue",
                                                                                      "format": "csv"})
    assert lines[0].startswith("Child id,Young person,Date of birth,Legal status,Worker,Team,Measure,")
    assert lines[1].startswith("C-1001,Robin Ash,2013-03-14,In care (looked after),Sita Worker,Children in Care Team,")
    assert lines[2].startswith(",Sky Birch,") and ",Olu Otherworker,Children in Care Team," in lines[2]


def test_a_young_person_with_no_worker_says_so(client, ledger):
    lonely = YoungPersonFactory(council=ledger.council, first_name="Ash", last_name="Alone")
    row(ledger.measure, lonely, date(2026, 10, 1))
    client.force_login(ledger.manager.user)
    lines = download(client, reverse("dashboard_measure", args=[ledger.measure.pk]), {"show": "overdue",
                                                                                      "format": "csv"})
    assert any(",Ash Alone," in line and ",Not allocated,," in line for line in lines)


def test_the_answers_csv_has_child_id_worker_and_team(client, ledger):
    answer(ledger.young_person, ledger.promise)
    client.force_login(ledger.manager.user)
    lines = download(client, reverse("dashboard_feedback", args=[ledger.promise.ref]), {"format": "csv"})
    assert lines[0] == "Child id,Young person,Worker,Team,Answer,Comment,Given,Reply,Replied"
    assert lines[1] == "C-1001,Robin Ash,Sita Worker,Children in Care Team,Not really,Sometimes,2026-11-02,,"


@pytest.mark.parametrize("url_name", ["dashboard_measure", "dashboard_feedback"])
def test_every_young_person_in_a_download_is_logged_as_exported(client, ledger, url_name):
    add_young_people(ledger, 3)
    client.force_login(ledger.manager.user)
    args = [ledger.measure.pk] if url_name == "dashboard_measure" else [ledger.promise.ref]
    lines = download(client, reverse(url_name, args=args), {"show": "overdue", "format": "csv"})
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, user=ledger.manager.user)
    assert len(lines) == 4
    assert sorted(exported.values_list("young_person__child_id", flat=True)) == ["C-0", "C-1", "C-2"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(queries)


# Session and user, the manager, the measure (or promise), the audit's ids and INSERT, the rows (one query, worker
# and team as subqueries); pinned so a query per row cannot creep in.
MEASURE_CSV_QUERIES, ANSWERS_CSV_QUERIES = 8, 7


@pytest.mark.parametrize("size", [3, 30])
def test_the_downloads_cost_the_same_queries_at_two_sizes(client, ledger, size):
    add_young_people(ledger, size)
    client.force_login(ledger.manager.user)
    measure_csv = reverse("dashboard_measure", args=[ledger.measure.pk]) + "?show=overdue&format=csv"
    answers_csv = reverse("dashboard_feedback", args=[ledger.promise.ref]) + "?format=csv"
    assert (queries_for(client, measure_csv), queries_for(client, answers_csv)) == (
        MEASURE_CSV_QUERIES, ANSWERS_CSV_QUERIES)
