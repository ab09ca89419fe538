"""A young person's overview (/young-people/<pk>/): the identity bar, what is due with the action that meets it, and
recent events as a timeline read from the ledger registry, at a fixed number of queries whatever the history."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.contacts.services import callback_request_create
from casework.models import Allocation, CallbackRequest, Concern, Contact, HealthCheck, Placement
from reviews.models import Review

from .factories import contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 11, 23, 10, tzinfo=LONDON)


@pytest.fixture
def measured(people):
    """Robin came into care on 1 January 2025; the contact and visit promises are measured from then."""
    with time_machine.travel(datetime(2025, 1, 1, 9, tzinfo=LONDON)):
        contact_measures(people.council)
    people.young_person.became_looked_after_on = date(2025, 1, 1)
    people.young_person.save()
    return people


def history(people, months):
    """A contact in each of `months` months of 2025, a health check and a review."""
    for month in range(1, months + 1):
        Contact.objects.create(young_person=people.young_person, worker=people.social_worker, kind="phone",
                               happened_on=date(2025, month, 3))
    HealthCheck.objects.create(young_person=people.young_person, kind="dental", checked_on=date(2025, 6, 1))
    Review.objects.create(young_person=people.young_person, scheduled_for=date(2025, 7, 1), held_on=date(2025, 7, 1))


def overview(client, people):
    return client.get(reverse("young_person_overview", args=[people.young_person.pk]))


@time_machine.travel(TODAY, tick=False)
def test_the_overview_shows_who_they_are_what_is_due_and_what_happened(client, measured):
    history(measured, 3)
    client.force_login(measured.social_worker.user)
    html = overview(client, measured).content.decode()
    assert "Robin Ash" in html and "Sita Worker (you)" in html and "Ines Reviewer" in html
    assert "In care (looked after)" in html
    # The overdue visit, with the link that logs one (the recording form reads ?kind=).
    assert "Overdue" in html and f'{reverse("contact_new", args=[measured.young_person.pk])}?kind=visit_home' in html
    # Newest first: the review (July), the dental check (June), the phone calls (March, February, January).
    titles = ["Review", "Dental check", "Phone call"]
    positions = [html.index(f'<h3 class="moj-timeline__title">{title}</h3>') for title in titles]
    assert positions == sorted(positions)
    assert html.count('<h3 class="moj-timeline__title">Phone call</h3>') == 3
    # The nine pages, once each, in the side navigation.
    assert html.count(reverse("care_plan", args=[measured.young_person.pk])) == 1


@time_machine.travel(TODAY, tick=False)
def test_a_move_is_one_event_and_a_worry_shows_only_to_whom_it_was_sent(client, measured):
    Placement.objects.create(young_person=measured.young_person, started_on=date(2026, 10, 1), is_move=True)
    Concern.objects.create(young_person=measured.young_person, kind="worry", audience="iro", text="Help",
                           raised_at=TODAY)
    client.force_login(measured.social_worker.user)
    html = overview(client, measured).content.decode()
    assert html.count(">Moved</h3>") == 1 and ">Placement started</h3>" not in html
    assert "Sent a worry" not in html
    client.force_login(measured.iro.user)
    assert "Sent a worry" in overview(client, measured).content.decode()


@pytest.mark.parametrize("months", [2, 11])
@time_machine.travel(TODAY, tick=False)
def test_the_overview_costs_the_same_queries_whatever_the_history(client, measured, months,
                                                                  django_assert_num_queries):
    history(measured, months)
    CallbackRequest.objects.create(young_person=measured.young_person, requested_at=TODAY, best_time="Evening")
    client.force_login(measured.social_worker.user)
    client.get(reverse("caseload"))  # warm the session
    # Session, user, savepoint, the young person, their allocations, the open call-back, the open ledger rows, the
    # worker's own allocations (what they may record), the timeline (one UNION over every kind of record), release
    # and the audit INSERT.
    with django_assert_num_queries(11):
        response = overview(client, measured)
    assert "best time: Evening" in response.content.decode()


def test_another_workers_young_person_is_a_404_and_a_look_is_audited(client, people):
    client.force_login(people.other_worker.user)
    assert overview(client, people).status_code == 404
    assert not AuditEvent.objects.exists()
    client.force_login(people.manager.user)
    html = overview(client, people).content.decode()
    assert reverse("young_person_audit", args=[people.young_person.pk]) in html
    assert AuditEvent.objects.get().url_name == "young_person_overview"
    client.force_login(people.elsewhere_manager.user)
    assert overview(client, people).status_code == 404
    client.force_login(people.young_person.user)
    assert overview(client, people).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_an_open_call_back_on_the_overview_gives_the_number_to_ring(client, measured):
    callback_request_create(young_person=measured.young_person, message="", best_time="After school",
                            now=TODAY, phone="07700 900982")
    client.force_login(measured.social_worker.user)
    html = overview(client, measured).content.decode()
    assert "Asked to be called back" in html and "(best time: After school)" in html
    assert 'Number to ring: <a class="govuk-link" href="tel:07700900982">07700 900982</a>' in html


def test_the_timeline_built_once_per_worker_is_each_young_persons_own_on_each_day(client, measured):
    """The timeline's SQL is built once per member of staff (pledges.worktray.overview._timeline_sql) and the young
    person and the day swapped in: the same worker's next young person, and the next day, get their own events."""
    other = measured.other_young_person
    Allocation.objects.filter(young_person=other).update(ended_on=date(2025, 1, 1))  # Sita takes Sky over
    Allocation.objects.create(young_person=other, worker=measured.social_worker, role="social_worker",
                              started_on=date(2025, 1, 2))
    Contact.objects.create(young_person=measured.young_person, worker=measured.social_worker, kind="phone",
                           happened_on=date(2026, 11, 2))
    HealthCheck.objects.create(young_person=other, kind="dental", checked_on=date(2026, 11, 3))
    client.force_login(measured.social_worker.user)
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=LONDON), tick=False):
        first = overview(client, measured).content.decode()
        second = client.get(reverse("young_person_overview", args=[other.pk])).content.decode()
    assert ">Phone call</h3>" in first and ">Dental check</h3>" not in first
    assert ">Phone call</h3>" not in second and ">Dental check</h3>" not in second  # the check is tomorrow
    with time_machine.travel(datetime(2026, 11, 3, 12, tzinfo=LONDON), tick=False):
        assert ">Dental check</h3>" in client.get(reverse("young_person_overview", args=[other.pk])).content.decode()
