"""The staff worktray (/young-people/): one row per young person, searched, filtered, sorted and paged in SQL, at
a fixed number of queries whatever the caseload; a duty worker's covered young people labelled as covered."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Allocation, CallbackRequest, Concern, Contact, LegalStatus, Role, YoungPerson
from pledges.models import LedgerEntry

from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 11, 23, 10, tzinfo=LONDON)


def caseload_of(people, size, *, worker=None):
    """`size` more young people on Sita's caseload (or `worker`'s), each with an overdue contact (the measures'
    clocks start when they came into care, 1 January 2025) and some history. Robin has no date he came into care,
    so nothing of his is measured."""
    people.young_person.became_looked_after_on = None
    people.young_person.save()
    with time_machine.travel(datetime(2025, 1, 1, 9, tzinfo=LONDON)):  # measured from before they came into care
        contact_measures(people.council)
    for n in range(size):
        young_person = YoungPersonFactory(council=people.council, first_name=f"Kid{n:03}", last_name="Caseload",
                                          became_looked_after_on=date(2025, 1, 1), child_id=f"C{n:05}")
        AllocationFactory(young_person=young_person, worker=worker or people.social_worker, role=Role.SOCIAL_WORKER)
        Contact.objects.create(young_person=young_person, worker=people.social_worker, kind="phone",
                               happened_on=date(2025, 3, 1 + n % 27))


def rows(response):
    return [young_person.full_name for young_person in response.context["page"].object_list]


# Session, user, savepoint, the count, the page of young people (every count a subquery), the page's next-due rows,
# release, and one INSERT logging every young person listed (casework.audit).
WORKER_QUERIES = 8


@pytest.mark.parametrize("size", [4, 24])
@time_machine.travel(TODAY, tick=False)
def test_a_workers_worktray_costs_the_same_queries_for_5_or_25_young_people(client, people, size,
                                                                            django_assert_num_queries):
    caseload_of(people, size)
    client.force_login(people.social_worker.user)
    with django_assert_num_queries(WORKER_QUERIES):
        response = client.get(reverse("caseload"))
    assert len(rows(response)) == size + 1  # and Robin: 5 or 25 young people


@pytest.mark.parametrize("size", [60, 200])
@time_machine.travel(TODAY, tick=False)
def test_a_managers_worktray_of_hundreds_costs_the_same_queries_a_page_at_a_time(client, people, size,
                                                                                 django_assert_num_queries):
    measures = contact_measures(people.council)
    YoungPerson.objects.bulk_create(
        YoungPerson(council=people.council, first_name=f"Many{n:04}", last_name="Bulk", child_id=f"B{n:05}",
                    date_of_birth=date(2012, 1, 1), legal_status=LegalStatus.LOOKED_AFTER) for n in range(size))
    bulk = list(YoungPerson.objects.filter(last_name="Bulk"))
    Allocation.objects.bulk_create(Allocation(young_person=young_person, worker=people.other_worker,
                                              role=Role.SOCIAL_WORKER, started_on=date(2025, 1, 1)) for young_person in bulk)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(young_person=young_person, measure=measure, cycle_start=date(2026, 10, 1), due_on=date(2026, 11, day),
                    started_by="came_into_care") for young_person in bulk for measure, day in zip(measures, (20, 30)))
    client.force_login(people.manager.user)
    # The worker's, and the teams and workers to filter by.
    with django_assert_num_queries(WORKER_QUERIES + 2):
        response = client.get(reverse("caseload"), {"team": people.team.pk, "sort": "name", "page": 2})
    assert response.context["page"].paginator.count == size + 2
    assert len(rows(response)) == 25
    assert all(young_person.overdue_count == 1 for young_person in response.context["page"].object_list)


@time_machine.travel(TODAY, tick=False)
def test_search_finds_a_name_or_the_councils_child_id(client, people):
    caseload_of(people, 3)
    client.force_login(people.social_worker.user)
    assert rows(client.get(reverse("caseload"), {"q": "robin"})) == ["Robin Ash"]
    assert rows(client.get(reverse("caseload"), {"q": "c00002"})) == ["Kid002 Caseload"]
    assert rows(client.get(reverse("caseload"), {"q": "kid001 caseload"})) == ["Kid001 Caseload"]
    assert rows(client.get(reverse("caseload"), {"q": "nobody"})) == []


@time_machine.travel(TODAY, tick=False)
def test_most_urgent_first_then_by_name_next_due_or_overdue(client, people):
    caseload_of(people, 2)
    CallbackRequest.objects.create(young_person=people.young_person, requested_at=TODAY)
    client.force_login(people.social_worker.user)
    # Both Kids have an overdue contact; Robin's call-back is not late yet.
    assert rows(client.get(reverse("caseload"))) == ["Kid000 Caseload", "Kid001 Caseload", "Robin Ash"]
    assert rows(client.get(reverse("caseload"), {"sort": "name"})) == ["Robin Ash", "Kid000 Caseload",
                                                                      "Kid001 Caseload"]
    assert rows(client.get(reverse("caseload"), {"sort": "overdue"}))[-1] == "Robin Ash"
    # The column headings sort too, keeping the filters.
    html = client.get(reverse("caseload"), {"has": "overdue", "page": "1", "sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in html and 'href="?has=overdue&amp;sort=next_due"' in html


@time_machine.travel(TODAY, tick=False)
def test_filters_for_overdue_call_backs_worries_and_legal_status(client, people):
    caseload_of(people, 2)
    CallbackRequest.objects.create(young_person=people.young_person, requested_at=TODAY)
    Concern.objects.create(young_person=people.young_person, kind="worry", audience="worker", text="Help",
                           raised_at=TODAY)
    client.force_login(people.social_worker.user)
    html = client.get(reverse("caseload"), {"has": "callback"}).content.decode()
    assert "Robin Ash" in html and "Kid000" not in html and "Waiting for a call-back" in html
    assert rows(client.get(reverse("caseload"), {"has": "worry"})) == ["Robin Ash"]
    assert rows(client.get(reverse("caseload"), {"has": "overdue"})) == ["Kid000 Caseload", "Kid001 Caseload"]
    assert rows(client.get(reverse("caseload"), {"status": "care_leaver"})) == []
    robin = client.get(reverse("caseload"), {"q": "robin"}).context["page"].object_list[0]
    assert (robin.open_callbacks, robin.open_worries, robin.overdue_count) == (1, 1, 0)


def test_a_filter_that_is_not_a_choice_is_an_error_and_the_rest_still_apply(client, people):
    client.force_login(people.manager.user)
    response = client.get(reverse("caseload"), {"team": "not-a-team", "sort": "<script>", "q": "sky"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem with the filters" in html
    assert 'href="#id_team"' in html and 'id="id_team"' in html
    assert rows(response) == ["Sky Birch"]
    assert "Search by name or child id" in client.get(reverse("caseload"), {"q": "\x00"}).content.decode()


def test_a_manager_narrows_to_one_workers_young_people(client, people):
    client.force_login(people.manager.user)
    assert rows(client.get(reverse("caseload"), {"worker": people.other_worker.pk})) == ["Sky Birch"]
    assert rows(client.get(reverse("caseload"))) == ["Robin Ash", "Sky Birch"]


@time_machine.travel(TODAY, tick=False)
def test_a_duty_workers_covered_young_person_is_labelled_as_covered_not_allocated(client, people):
    duty = WorkerFactory(council=people.council, team=people.team, name="Dee Duty")
    people.team.duty_worker = duty
    people.team.save()
    people.social_worker.away_until = date(2026, 11, 30)
    people.social_worker.save()
    CallbackRequest.objects.create(young_person=people.young_person, requested_at=TODAY)
    client.force_login(duty.user)
    html = client.get(reverse("caseload")).content.decode()
    assert "Covering for Sita Worker until Monday 30 November" in html
    html = client.get(reverse("young_person_overview", args=[people.young_person.pk])).content.decode()
    assert "Covering for Sita Worker until Monday 30 November" in html
    client.force_login(people.social_worker.user)
    assert "Covering for" not in client.get(reverse("caseload")).content.decode()
