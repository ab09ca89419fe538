"""Logging contacts and call-backs through the pages, and the live states they show."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import CallbackRequest, Contact
from pledges.models import LedgerEntry

from .factories import PromiseFactory, WorkerFactory, callback_measure, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday


@pytest.fixture
def live(people, small_pledge):
    """The contact and call-back promises measured for the first council, clocks started 1 September."""
    contact_promise = small_pledge.sections.get(order=1).promises.get()
    worries = small_pledge.sections.get(order=3)
    callback_promise = PromiseFactory(section=worries, order=2, text="We will return your call within two working days")
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=LONDON)):
        people.young_person.became_looked_after_on = date(2026, 9, 1)
        people.young_person.save()
        contact_measures(people.council, promise=contact_promise)
        callback_measure(people.council, promise=callback_promise)
    return people


def contact_form(day, month, year, kind="visit_home", **extra):
    return {"happened_on_0": day, "happened_on_1": month, "happened_on_2": year, "kind": kind,
            "seen_alone": "yes", "note": "", **extra}


@time_machine.travel(TODAY, tick=False)
def test_a_worker_logs_a_visit_and_the_young_persons_clock_restarts(client, live):
    client.force_login(live.social_worker.user)
    response = client.post(reverse("contact_new", args=[live.young_person.pk]), contact_form("20", "11", "2026"))
    assert response.status_code == 302 and response["Location"] == reverse("caseload")
    html = client.get(reverse("young_person_overview", args=[live.young_person.pk])).content.decode()
    assert "due Friday 1 January 2027 (in 39 days)" in html

    client.force_login(live.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "Your social worker last saw you on Friday 20 November. They will be in touch again by Friday 1 January 2027." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (contact_form("24", "11", "2026"), "must be today or in the past"),
        (contact_form("1", "1", "2010"), "after the young person&#x27;s date of birth"),
        (contact_form("1", "8", "2026"), "on or after the day they came into care"),
        (contact_form("31", "2", "2026"), "The date must be a real date"),
        (contact_form("", "", ""), "Enter the date of the contact"),
        (contact_form("1", "11", "2026", kind=""), "Select how you were in touch"),
        (contact_form("1", "11", "2026", note="x" * 2001), "Ensure this value has at most 2000 characters"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_a_bad_contact_gets_a_clear_error_and_nothing_is_saved(client, live, data, message):
    client.force_login(live.social_worker.user)
    before = LedgerEntry.objects.count(), list(LedgerEntry.objects.values_list("pk", "due_on"))
    response = client.post(reverse("contact_new", args=[live.young_person.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html
    assert Contact.objects.count() == 0
    assert (LedgerEntry.objects.count(), list(LedgerEntry.objects.values_list("pk", "due_on"))) == before


def test_a_worker_cannot_log_a_contact_for_someone_not_on_their_caseload(client, live):
    client.force_login(live.social_worker.user)
    response = client.post(reverse("contact_new", args=[live.other_young_person.pk]), contact_form("1", "11", "2026"))
    assert response.status_code == 404
    assert Contact.objects.count() == 0


def test_a_young_person_cannot_log_contacts(client, live):
    client.force_login(live.young_person.user)
    assert client.get(reverse("contact_new", args=[live.young_person.pk])).status_code == 404


@time_machine.travel(datetime(2026, 12, 24, 15, tzinfo=LONDON), tick=False)
def test_a_young_person_asks_for_a_call_back_and_is_told_when_in_working_days(client, live):
    client.force_login(live.young_person.user)
    response = client.post(reverse("callback_request_new"), {"phone": "07700 900982", "message": "About my school",
                                                             "best_time": "After 4"},
                           follow=True)
    html = response.content.decode()
    assert "We will call you back by Wednesday 30 December." in html
    assert "25 and 28 December are bank holidays" in html


@time_machine.travel(TODAY, tick=False)
def test_asking_again_while_a_call_back_is_open_says_when_the_first_is_due(client, live):
    client.force_login(live.young_person.user)
    client.post(reverse("callback_request_new"), {"phone": "07700 900982", "message": "", "best_time": ""})
    response = client.post(reverse("callback_request_new"), {"phone": "07700 900982", "message": "again",
                                                             "best_time": ""}, follow=True)
    html = response.content.decode()
    assert "Your call back" in html and "We will call you back by Wednesday 25 November." in html
    assert CallbackRequest.objects.count() == 1


def test_a_too_long_call_back_message_is_refused_and_nothing_saved(client, live):
    client.force_login(live.young_person.user)
    response = client.post(reverse("callback_request_new"), {"message": "x" * 501, "best_time": ""})
    assert "Your message must be 500 characters or fewer" in response.content.decode()
    assert CallbackRequest.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_the_worker_sees_the_request_and_marks_it_called_back(client, live):
    client.force_login(live.young_person.user)
    client.post(reverse("callback_request_new"), {"phone": "07700 900982", "message": "Please ring",
                                                  "best_time": "Evening"})
    client.force_login(live.social_worker.user)
    html = client.get(reverse("young_person_overview", args=[live.young_person.pk])).content.decode()
    assert "Asked to be called back" in html and "Evening" in html
    client.post(reverse("callback_attempt_new", args=[live.young_person.pk]), {"outcome": "not_reached", "note": ""})
    assert CallbackRequest.objects.get().status == "open"
    client.post(reverse("callback_attempt_new", args=[live.young_person.pk]), {"outcome": "reached", "note": "ok"})
    assert CallbackRequest.objects.get().status == "called_back"
    entry = LedgerEntry.objects.get(measure__key="callback")
    assert entry.state_on(TODAY.date()) == LedgerEntry.State.MET_ON_TIME


@time_machine.travel(TODAY, tick=False)
def test_when_the_social_worker_is_away_the_duty_worker_sees_the_request(client, live):
    duty = WorkerFactory(council=live.council, team=live.team, name="Dee Duty")
    live.team.duty_worker = duty
    live.team.save()
    live.social_worker.away_until = date(2026, 11, 30)
    live.social_worker.save()
    client.force_login(live.young_person.user)
    client.post(reverse("callback_request_new"), {"phone": "07700 900982", "message": "", "best_time": ""})
    client.force_login(duty.user)
    assert live.young_person.full_name in client.get(reverse("caseload")).content.decode()
    assert client.get(reverse("callback_attempt_new", args=[live.young_person.pk])).status_code == 200
    # Once the call-back is done the duty worker no longer sees the young person.
    client.post(reverse("callback_attempt_new", args=[live.young_person.pk]), {"outcome": "reached", "note": ""})
    assert client.get(reverse("young_person_pledge", args=[live.young_person.pk])).status_code == 404


@time_machine.travel(datetime(2026, 12, 20, 10, tzinfo=LONDON), tick=False)
def test_an_overdue_promise_says_so_honestly_and_what_the_young_person_can_do(client, live):
    client.force_login(live.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert ">Late<" in html.replace(" ", "").replace("\n", "")
    assert "It is late, and we are sorry." in html
    assert "contact your Independent Reviewing Officer (IRO)" in html


@pytest.mark.parametrize("young_people", [1, 8])
@time_machine.travel(TODAY, tick=False)
def test_the_caseload_takes_a_fixed_number_of_queries_whatever_its_size(
    client, live, django_assert_num_queries, young_people
):
    from casework.models import Role

    from .factories import AllocationFactory, YoungPersonFactory

    for n in range(young_people):
        young_person = YoungPersonFactory(council=live.council, became_looked_after_on=date(2025, 1, 1))
        AllocationFactory(young_person=young_person, worker=live.social_worker, role=Role.SOCIAL_WORKER)
        for day in range(1, 6):
            Contact.objects.create(young_person=young_person, worker=live.social_worker, kind="phone",
                                   happened_on=date(2025, day, 1 + n))
    client.force_login(live.social_worker.user)
    # Session, user, savepoint, the count, the page of young people (each row's counts are subqueries), the page's
    # next-due rows, release, and one INSERT logging every young person listed (casework.audit). tests/test_worktray.py
    # pins it at 5 and 25 young people and for a manager's hundreds.
    with django_assert_num_queries(8):
        assert client.get(reverse("caseload")).status_code == 200
