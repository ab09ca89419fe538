"""Health checks: recorded by workers, refused when impossible, and moving the health clocks."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import HealthCheck
from pledges.models import LedgerEntry

from .factories import MeasureFactory, PromiseFactory

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London"))


def form(day, month, year, kind="dental", **extra):
    return {"kind": kind, "checked_on_0": day, "checked_on_1": month, "checked_on_2": year, "sdq_score": "",
            "note": "", **extra}


@pytest.fixture
def dental(people, small_pledge):
    people.young_person.became_looked_after_on = date(2025, 1, 6)
    people.young_person.save()
    promise = PromiseFactory(section=small_pledge.sections.get(order=1), order=5,
                             text="We will make sure you get regular dental and optician check ups")
    return MeasureFactory(council=people.council, key="dental-check", name="Dental check every year", promise=promise,
                          params={"months": 12, "counts": "dental", "starts": "came_into_care"})


@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_a_dental_check_and_the_next_is_due_a_year_later(client, people, dental):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("health_check_new", args=[people.young_person.pk]), form("2", "11", "2026"))
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(measure=dental, status="open", young_person=people.young_person)
    assert entry.due_on == date(2027, 11, 2)
    assert "Dental check" in client.get(reverse("health_checks", args=[people.young_person.pk])).content.decode()

    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "Your last dental check was on Monday 2 November. Your next dental check is due by Tuesday 2 November 2027." \
        in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form("24", "11", "2026"), "must be today or in the past"),
        (form("1", "1", "2010"), "after the young person&#x27;s date of birth"),
        (form("1", "11", "2026", kind="sdq"), "Enter the SDQ total score"),
        (form("1", "11", "2026", kind="sdq", sdq_score="41"), "The SDQ total score must be from 0 to 40"),
        (form("1", "11", "2026", kind="sdq", sdq_score="ten"), "Enter the score as a whole number"),
        (form("1", "11", "2026", sdq_score="12"), "Only a Strengths and Difficulties Questionnaire has a score"),
        (form("30", "2", "2026"), "The date must be a real date"),
        (form("1", "11", "2026", kind=""), "Select what kind of check it was"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_check_gets_a_clear_error_and_nothing_is_saved(client, people, data, message):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("health_check_new", args=[people.young_person.pk]), data)
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert HealthCheck.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_the_sdq_is_only_for_ages_4_to_16(client, people):
    people.young_person.date_of_birth = date(2008, 1, 1)  # 18
    people.young_person.save()
    client.force_login(people.social_worker.user)
    html = client.post(reverse("health_check_new", args=[people.young_person.pk]),
                       form("1", "11", "2026", kind="sdq", sdq_score="14")).content.decode()
    assert "The SDQ is for children aged 4 to 16." in html
    assert HealthCheck.objects.count() == 0


def test_health_pages_are_404_for_someone_not_allowed(client, people):
    client.force_login(people.social_worker.user)
    assert client.get(reverse("health_checks", args=[people.other_young_person.pk])).status_code == 404
    client.force_login(people.young_person.user)
    assert client.get(reverse("health_checks", args=[people.young_person.pk])).status_code == 404
    assert client.post(reverse("health_check_new", args=[people.young_person.pk]), form("1", "11", "2026")).status_code == 404


@pytest.mark.parametrize("checks", [1, 10])
@time_machine.travel(TODAY, tick=False)
def test_the_health_checks_page_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, checks):
    for n in range(checks):
        HealthCheck.objects.create(young_person=people.young_person, recorded_by=people.social_worker,
                                   kind="dental", checked_on=date(2025, 1, 1 + n))
    client.force_login(people.social_worker.user)
    # Session, user, savepoint, the young person, their checks, release, the audit log's row, and the worker's
    # allocations (which actions they may take: casework.people.recording).
    with django_assert_num_queries(8):
        assert client.get(reverse("health_checks", args=[people.young_person.pk])).status_code == 200
