"""While a young person's worker is away (Worker.away_until, the last day away), My people and the call-back page say
who is covering: their team's duty worker, by name, exactly when the call-back goes to them (the scoping rule and the
sweep: casework.people.scoping.covered_by_duty_worker, notifications.sweep); otherwise their team."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.contacts.services import callback_request_create

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AWAY_UNTIL = date(2026, 11, 30)  # a Monday
COVERING = "Olu Otherworker, the duty worker in the Children in Care Team,"


@pytest.fixture
def away(people):
    people.team.duty_worker = people.other_worker
    people.team.save()
    people.social_worker.away_until = AWAY_UNTIL
    people.social_worker.save()
    return people


def _pages(client, young_person):
    client.force_login(young_person.user)
    return {name: client.get(reverse(name)).content.decode() for name in ("my_people", "callback_request_new")}


@pytest.mark.parametrize("day, covered", [(29, True), (30, True), (1, False)])
def test_covering_is_shown_the_day_before_and_the_last_day_away_and_not_the_day_after(client, away, day, covered):
    moment = datetime(2026, 11 if day > 1 else 12, day, 10, tzinfo=LONDON)
    with time_machine.travel(moment, tick=False):
        for name, html in _pages(client, away.young_person).items():
            assert ("Sita Worker is away until Monday 30 November." in html) is covered, name
            assert (f"While they are away, {COVERING} will call you back if you ask." in html) is covered, name
            assert ("You can also call the Children in Care Team on" in html) is covered, name
        # The same days the duty worker may open their page (with a call-back open): the words and the routing agree.
        if day == 30 or day == 1:
            callback_request_create(young_person=away.young_person, message="", best_time="", now=moment)
            client.force_login(away.other_worker.user)
            status = client.get(reverse("young_person_pledge", args=[away.young_person.pk])).status_code
            assert status == (200 if covered else 404)


@time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=LONDON), tick=False)
def test_with_no_duty_worker_who_can_sign_in_the_team_is_named(client, away):
    away.other_worker.user.is_active = False
    away.other_worker.user.save()
    for html in _pages(client, away.young_person).values():
        assert "Sita Worker is away until Monday 30 November." in html
        assert "While they are away, someone in the Children in Care Team will call you back if you ask." in html
        assert "Olu Otherworker" not in html


@time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=LONDON), tick=False)
def test_when_the_worker_is_not_away_my_people_says_who_to_call_if_they_are(client, people):
    html = _pages(client, people.young_person)["my_people"]
    assert "When Sita Worker is away" in html and "is away until" not in html


@time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=LONDON), tick=False)
def test_my_people_gives_childline_and_the_out_of_hours_number(client, people):
    people.council.out_of_hours_phone = "01632 960999"
    people.council.save()
    html = _pages(client, people.young_person)["my_people"]
    assert 'href="tel:08001111"' in html and "It is free, and you can call any time" in html
    assert "Testshire's out-of-hours team on" in html and 'href="tel:01632960999"' in html
