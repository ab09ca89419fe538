"""Sessions end after inactivity: staff after 30 minutes without opening a page, young people after 8 hours
(casework.accounts.security.IdleSessionMiddleware). Activity keeps a session going."""
import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

MINUTE = 60


def signed_in(client, user, url):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("idle_minutes, still_signed_in", [(29, True), (30, True), (31, False)])
def test_staff_are_signed_out_after_30_idle_minutes(client, people, idle_minutes, still_signed_in):
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        signed_in(client, people.social_worker.user, reverse("caseload"))
        clock.move_to(start + idle_minutes * MINUTE + 1 if not still_signed_in else start + idle_minutes * MINUTE)
        response = client.get(reverse("caseload"))
    assert (response.status_code == 200) is still_signed_in
    if not still_signed_in:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("idle_hours, still_signed_in", [(7.99, True), (8.01, False)])
def test_young_people_are_signed_out_after_8_idle_hours(client, people, idle_hours, still_signed_in):
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        signed_in(client, people.young_person.user, reverse("my_pledge"))
        clock.move_to(start + idle_hours * 60 * MINUTE)
        response = client.get(reverse("my_pledge"))
    assert (response.status_code == 200) is still_signed_in


def test_opening_pages_keeps_a_staff_session_going(client, people):
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        signed_in(client, people.social_worker.user, reverse("caseload"))
        for step in range(1, 7):  # two and a half hours, a page every 25 minutes
            clock.move_to(start + step * 25 * MINUTE)
            assert client.get(reverse("caseload")).status_code == 200


def test_signed_out_for_idleness_the_sign_in_page_says_why_and_comes_back(client, people):
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        signed_in(client, people.social_worker.user, reverse("caseload"))
        clock.move_to(start + 31 * MINUTE)
        response = client.get(reverse("caseload"), follow=True)
    html = response.content.decode()
    assert "You were signed out because you had not used the portal for a while" in html
    assert response.redirect_chain[0][0] == f"{reverse('account_login')}?next={reverse('caseload')}"


def test_a_page_within_a_minute_of_the_last_writes_nothing_to_the_session(client, people):
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        signed_in(client, people.young_person.user, reverse("my_pledge"))
        clock.move_to(start + 30)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("my_pledge"))
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_celery_beat_deletes_ended_sessions_every_night(client, people):
    from django.contrib.sessions.models import Session

    from pledge_portal.celery import app as celery_app

    assert celery_app.conf.beat_schedule["clear-expired-sessions"]["task"] == "notifications.clear_expired_sessions"
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        signed_in(client, people.young_person.user, reverse("my_pledge"))
        clock.move_to(start + 7 * 60 * MINUTE)
        assert celery_app.tasks["notifications.clear_expired_sessions"].apply().get() == 0
        clock.move_to(start + 9 * 60 * MINUTE)
        assert celery_app.tasks["notifications.clear_expired_sessions"].apply().get() == 1
    assert not Session.objects.exists()
