"""Reading the audit log: a manager for any young person in their council; a young person, in plain words, who has
looked at their own record and never anyone else's."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def audit_url(young_person):
    return reverse("young_person_audit", args=[young_person.pk])


def look(worker, young_person, page="health_checks", times=1):
    """A member of staff opens one of the young person's pages, as the portal logs it."""
    client = Client()
    client.force_login(worker.user)
    for _ in range(times):
        assert client.get(reverse(page, args=[young_person.pk])).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_manager_sees_who_looked_at_a_young_persons_record_when_and_from_where(client, people):
    look(people.social_worker, people.young_person)
    client.force_login(people.manager.user)
    html = client.get(audit_url(people.young_person)).content.decode()
    assert "Sita Worker" in html and "Social worker" in html and "23 Nov 2026<br>10:30" in html
    assert "Looked at their health checks" in html and "from 127.0.0.1" in html


@pytest.mark.parametrize(("who", "status"), [("social_worker", 403), ("iro", 403), ("young_person", 404),
                                             ("elsewhere_manager", 404)])
def test_only_a_manager_of_the_young_persons_council_sees_their_log(client, people, who, status):
    look(people.social_worker, people.young_person)
    client.force_login(getattr(people, who).user)
    response = client.get(audit_url(people.young_person))
    assert response.status_code == status
    assert "Sita Worker" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_young_person_sees_in_plain_words_who_looked_at_their_record_and_when(client, people):
    look(people.social_worker, people.young_person)
    look(people.other_worker, people.other_young_person)
    look(people.manager, people.other_young_person, page="young_person_people")
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_audit")).content.decode()
    assert "Monday 23 November 2026 at 10:30 a.m." in html
    assert "<strong>Sita Worker</strong> (Social worker) looked at your health checks." in html
    assert html.count('class="govuk-summary-card__title"') == 1  # the looks at Sky's record are not theirs to see
    for name in (people.other_young_person.first_name, people.other_young_person.last_name, "Olu Otherworker", "Mo Manager"):
        assert name not in html


def test_a_young_person_sees_one_line_for_each_person_and_day_with_a_count(client, people):
    """Repeated looks by one person on one day are one entry (issue 15), another day or another person apart."""
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        look(people.social_worker, people.young_person)
    with time_machine.travel(NOW, tick=False):
        look(people.social_worker, people.young_person, times=2)
        look(people.social_worker, people.young_person, page="care_plan")
        look(people.iro, people.young_person, page="care_plan")
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_audit")).content.decode()
    assert html.count('class="govuk-summary-card__title"') == 3
    assert html.count("<strong>Sita Worker</strong>") == 2  # today and yesterday
    assert ("<strong>Sita Worker</strong> (Social worker) looked at your record 3 times that day, "
            "the last one at this time.") in html
    assert "<li>looked at your health checks (2 times)</li><li>looked at your care plan</li>" in html
    assert "<strong>Ines Reviewer</strong> (Independent Reviewing Officer) looked at your care plan." in html
    assert "Sunday 22 November 2026" in html  # yesterday's single look keeps its own line
    assert "<strong>Sita Worker</strong> (Social worker) looked at your health checks." in html


def test_a_young_person_finds_the_page_from_their_people_and_staff_do_not_have_one(client, people):
    client.force_login(people.young_person.user)
    assert reverse("my_audit") in client.get(reverse("my_people")).content.decode()
    client.force_login(people.manager.user)
    assert client.get(reverse("my_audit")).status_code == 404


def test_a_young_person_with_no_looks_is_told_so(client, people):
    client.force_login(people.young_person.user)
    assert "Nobody has looked at your record here yet." in client.get(reverse("my_audit")).content.decode()


def test_the_log_is_split_into_pages_newest_first(client, people):
    for day in range(1, 52):  # a look a day: one line each (repeats on one day are one line)
        with time_machine.travel(datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Europe/London")) + timedelta(days=day)):
            look(people.social_worker, people.young_person)
    look(people.social_worker, people.young_person, page="care_plan")
    client.force_login(people.young_person.user)
    first = client.get(reverse("my_audit")).content.decode()
    assert "looked at your care plan" in first and "Page 1 of 2" in first
    second = client.get(reverse("my_audit") + "?page=2").content.decode()
    assert second.count('class="govuk-summary-card__title"') == 2


# Session, user (with young person and council), SAVEPOINT, how many looks, one page of them with each login and
# worker, RELEASE.
MY_AUDIT_QUERIES = 6
# Session, user (with worker and council), SAVEPOINT, the young person (scoping), how many, one page with each
# worker, RELEASE, and this look's own audit row.
YOUNG_PERSON_AUDIT_QUERIES = 8


@pytest.mark.parametrize("looks", [1, 60])
def test_the_log_pages_take_a_fixed_number_of_queries(client, people, django_assert_num_queries, looks):
    AuditEvent.objects.bulk_create(
        AuditEvent(user=people.iro.user, worker=people.iro, role="iro", young_person=people.young_person,
                   action="view", method="GET", url_name="review_list", path="/", ip_address=None)
        for _ in range(looks)
    )
    client.force_login(people.young_person.user)
    with django_assert_num_queries(MY_AUDIT_QUERIES):
        assert client.get(reverse("my_audit")).status_code == 200
    client.force_login(people.manager.user)
    with django_assert_num_queries(YOUNG_PERSON_AUDIT_QUERIES):
        assert client.get(audit_url(people.young_person)).status_code == 200
