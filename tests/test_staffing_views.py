"""A manager's staffing pages (casework.staffing.views): what they show, what a form sent does, who may use them,
the audit trace of a young person added or allocated, and their query counts."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.models import Allocation, Role, Team, Worker, YoungPerson

from .factories import AllocationFactory, TeamFactory, WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-12-01 12:00 +00:00"):
        yield


def day(name, value):
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def signed_in(client, worker):
    client.force_login(worker.user)
    return client


def test_the_manage_page_lists_the_councils_teams_workers_and_the_young_people_with_no_worker(client, people):
    waiting = YoungPersonFactory(council=people.council, first_name="Wren", last_name="Hazel")
    YoungPersonFactory(council=people.elsewhere, first_name="Far", last_name="Away")
    people.social_worker.away_until = date(2026, 12, 5)
    people.social_worker.save()
    page = signed_in(client, people.manager).get(reverse("manage")).content.decode()
    assert "Children in Care Team" in page and "Sita Worker" in page and "Away until 5 Dec 2026" in page
    assert "Wren Hazel" in page and "Far Away" not in page and "Eve Elsewhere" not in page
    assert "Robin Ash" not in page  # Robin has a social worker
    assert reverse("young_person_workers", args=[waiting.pk]) in page
    assert AuditEvent.objects.filter(young_person=waiting, url_name="manage").exists()
    assert 'href="/manage/"' in page  # the Manage item of the navigation


def test_the_manage_page_costs_the_same_queries_for_a_bigger_council(client, people, django_assert_num_queries):
    YoungPersonFactory(council=people.council)  # one young person waiting for a worker: the audit's INSERT
    signed_in(client, people.manager).get(reverse("manage"))  # warm the session
    with django_assert_num_queries(9) as small:
        client.get(reverse("manage"))
    for n in range(30):
        team = TeamFactory(council=people.council, name=f"Extra team {n}",
                           duty_worker=WorkerFactory(council=people.council, role=Role.SOCIAL_WORKER))
        WorkerFactory(council=people.council, team=team, role=Role.PERSONAL_ADVISER)
        YoungPersonFactory(council=people.council)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("manage"))


def test_a_manager_adds_a_young_person_and_goes_on_to_their_workers(client, people):
    data = {"first_name": " Alex ", "last_name": "Fern", "preferred_name": "", **day("date_of_birth", date(2014, 2, 3)),
            "legal_status": "looked_after", **day("became_looked_after_on", date(2026, 11, 2)), "child_id": "C77",
            "worker": str(people.social_worker.pk)}
    response = signed_in(client, people.manager).post(reverse("young_person_new"), data)
    alex = YoungPerson.objects.get(child_id="C77")
    assert response.status_code == 302 and response["Location"] == reverse("young_person_workers", args=[alex.pk])
    assert (alex.first_name, alex.council) == ("Alex", people.council)
    assert alex.allocations.get().worker == people.social_worker
    event = AuditEvent.objects.get(young_person=alex, url_name="young_person_new")
    assert event.action == AuditEvent.Action.CHANGE
    page = client.get(response["Location"]).content.decode()
    assert "Alex Fern is added" in page and "Sita Worker" in page


def test_a_young_person_with_errors_gets_the_summary_linked_to_each_field(client, people):
    YoungPersonFactory(council=people.council, child_id="C77")
    data = {"first_name": "", "last_name": "Fern", **day("date_of_birth", date(2005, 2, 3)),
            "legal_status": "looked_after", **day("became_looked_after_on", date(2026, 11, 2)), "child_id": "C77",
            "worker": str(WorkerFactory(council=people.elsewhere, role=Role.SOCIAL_WORKER).pk)}
    response = signed_in(client, people.manager).post(reverse("young_person_new"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert 'href="#id_first_name"' in page and "Enter their first name" in page
    assert "Choose a worker from the list" in page  # another council's worker is not on it
    data |= {"first_name": "Alex", "worker": ""}
    page = client.post(reverse("young_person_new"), data).content.decode()
    assert "A child in care is under 18" in page and "Another young person in your council has this child id" in page
    assert YoungPerson.objects.filter(child_id="C77").count() == 1


def test_the_workers_page_offers_changes_only_to_a_manager(client, people):
    url = reverse("young_person_workers", args=[people.young_person.pk])
    page = signed_in(client, people.manager).get(url).content.decode()
    assert reverse("allocation_move", args=[people.young_person.pk, "social_worker"]) in page
    assert reverse("iro_change", args=[people.young_person.pk]) in page
    page = signed_in(client, people.social_worker).get(url).content.decode()
    assert "Sita Worker" in page and "Ines Reviewer" in page and "/workers/social_worker/" not in page
    assert signed_in(client, people.elsewhere_manager).get(url).status_code == 404


def test_a_manager_moves_a_young_person_to_another_social_worker(client, people):
    url = reverse("allocation_move", args=[people.young_person.pk, "social_worker"])
    page = signed_in(client, people.manager).get(url).content.decode()
    assert "Change social worker" in page and "Why is the worker changing?" in page
    assert 'name="started_on_2" value="2026"' in page  # today, to start with
    response = client.post(url, {"worker": str(people.other_worker.pk), **day("started_on", date(2026, 12, 1)),
                                 "change_reason": "CHCHAN"})
    assert response.status_code == 302
    current = Allocation.objects.get(young_person=people.young_person, role=Role.SOCIAL_WORKER, ended_on=None)
    assert (current.worker, current.change_reason) == (people.other_worker, "CHCHAN")
    assert AuditEvent.objects.filter(young_person=people.young_person, url_name="allocation_move",
                                     action=AuditEvent.Action.CHANGE).exists()


def test_a_move_without_a_reason_is_refused_with_the_error_at_the_reason(client, people):
    url = reverse("allocation_move", args=[people.young_person.pk, "social_worker"])
    page = signed_in(client, people.manager).post(url, {"worker": str(people.other_worker.pk),
                                                        **day("started_on", date(2026, 12, 1))}).content.decode()
    assert "Select why the worker is changing" in page and 'href="#id_change_reason' in page
    assert Allocation.objects.get(young_person=people.young_person, role=Role.SOCIAL_WORKER).worker == \
        people.social_worker


@pytest.mark.parametrize("role", ["iro", "personal_adviser", "manager", "nonsense"])
def test_a_role_not_allocated_here_is_a_404(client, people, role):
    url = reverse("allocation_move", args=[people.young_person.pk, role])  # Robin is 13: no adviser yet
    assert signed_in(client, people.manager).get(url).status_code == 404


def test_staff_who_are_not_managers_get_a_403_and_another_councils_manager_a_404(client, people):
    team_url = reverse("team_duty", args=[people.team.pk])
    absence_url = reverse("worker_absence", args=[people.social_worker.pk])
    move_url = reverse("allocation_move", args=[people.young_person.pk, "social_worker"])
    for url in (reverse("manage"), reverse("young_person_new"), team_url, absence_url, move_url):
        assert signed_in(client, people.social_worker).post(url).status_code == 403, url
    for url in (team_url, absence_url, move_url):
        assert signed_in(client, people.elsewhere_manager).post(url).status_code == 404, url
    client.force_login(people.young_person.user)
    assert client.get(reverse("manage")).status_code == 404


def test_a_manager_sets_the_duty_worker_and_the_manage_page_shows_them(client, people):
    url = reverse("team_duty", args=[people.team.pk])
    response = signed_in(client, people.manager).post(url, {"duty_worker": str(people.other_worker.pk),
                                                            "duty_phone": "01632 960555", "duty_email": ""})
    assert response.status_code == 302
    page = client.get(reverse("manage")).content.decode()
    assert "Olu Otherworker" in page and "01632 960555" in page
    page = client.post(url, {"duty_worker": str(people.iro.pk), "duty_email": "nope"}).content.decode()
    assert "Choose a social worker, personal adviser or manager" not in page  # an IRO is not on the list
    assert "Choose a worker from the list" in page and "Enter an email address in the correct format" in page
    assert Team.objects.get(pk=people.team.pk).duty_worker == people.other_worker


def test_recording_an_absence_says_who_covers_and_a_return_clears_it(client, people):
    people.team.duty_worker = people.other_worker
    people.team.save()
    url = reverse("worker_absence", args=[people.social_worker.pk])
    page = signed_in(client, people.manager).get(url).content.decode()
    assert "Olu Otherworker, Children in Care Team’s duty worker, answers call-backs" in page
    response = client.post(url, {"away": "yes", **day("away_until", date(2026, 12, 24))})
    assert response.status_code == 302
    assert Worker.objects.get(pk=people.social_worker.pk).away_until == date(2026, 12, 24)
    assert "Sita Worker is away until 24 December 2026" in client.get(url).content.decode()
    page = client.post(url, {"away": "yes"}).content.decode()
    assert "Enter the last day they are away" in page
    response = client.post(url, {"away": "no", "away_until_0": "99"})
    assert response.status_code == 302
    assert Worker.objects.get(pk=people.social_worker.pk).away_until is None


def test_an_absent_duty_worker_is_told_to_choose_another(client, people):
    people.team.duty_worker = people.social_worker
    people.team.save()
    page = signed_in(client, people.manager).get(reverse("worker_absence", args=[people.social_worker.pk]))
    assert "Choose another duty worker" in page.content.decode()
    no_team = WorkerFactory(council=people.council, team=None, role=Role.SOCIAL_WORKER, name="Nia Loner")
    AllocationFactory(young_person=YoungPersonFactory(council=people.council), worker=no_team)
    page = client.get(reverse("worker_absence", args=[no_team.pk])).content.decode()
    assert "Nia Loner is in no team" in page


def test_each_form_page_costs_the_same_queries_for_a_bigger_council(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [reverse("young_person_new"), reverse("team_duty", args=[people.team.pk]),
            reverse("worker_absence", args=[people.social_worker.pk]),
            reverse("young_person_workers", args=[people.young_person.pk]),
            reverse("allocation_move", args=[people.young_person.pk, "social_worker"])]
    signed_in(client, people.manager).get(urls[0])  # warm the session

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    small = counts()
    for n in range(25):
        worker = WorkerFactory(council=people.council, team=people.team, role=Role.SOCIAL_WORKER)
        AllocationFactory(young_person=YoungPersonFactory(council=people.council), worker=worker)
        AllocationFactory(young_person=people.young_person, worker=worker, started_on=date(2020, 1, 1),
                          ended_on=date(2020, 2, 1))  # a past social worker of Robin's
    assert counts() == small
