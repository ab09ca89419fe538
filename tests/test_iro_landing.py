"""IROs land on Reviews (issue 15): "Book review" beside a young person whose review is due and not booked, a
prompt to book the next one once a review is held, and no "Tell your IRO" page for a care leaver, who has none."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import LegalStatus
from reviews.services import review_schedule

from .test_iro_reviews_page import reviews_measured  # noqa: F401 (a fixture)
from .test_reviews_pages import date_fields, messages_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_an_iro_signing_in_lands_on_their_reviews_and_a_social_worker_on_their_caseload(client, people):
    client.force_login(people.iro.user)
    assert client.get(reverse("home"))["Location"] == reverse("iro_reviews")
    client.force_login(people.social_worker.user)
    assert client.get(reverse("home"))["Location"] == reverse("caseload")
    client.force_login(people.manager.user)
    assert client.get(reverse("home"))["Location"] == reverse("caseload")


def book_review_link(html, young_person):
    return f'href="{reverse("review_new", args=[young_person.pk])}">Book review' in html


@time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False)
def test_book_review_shows_beside_a_review_due_soon_and_goes_once_it_is_booked(client, reviews_measured):  # noqa: F811
    people = reviews_measured  # came into care 2 November: first review due Monday 30 November (due soon)
    client.force_login(people.iro.user)
    html = client.get(reverse("iro_reviews")).content.decode()
    assert book_review_link(html, people.young_person)
    assert "No review is booked yet, and it is due Monday 30 November." in html
    assert client.get(reverse("review_new", args=[people.young_person.pk])).status_code == 200
    review_schedule(by=people.iro, young_person=people.young_person, iro=people.iro, scheduled_for=date(2026, 11, 27))
    html = client.get(reverse("iro_reviews")).content.decode()
    assert not book_review_link(html, people.young_person)
    assert "Next review booked for <strong>Friday 27 November 2026</strong>" in html


def test_book_review_says_overdue_and_is_not_offered_while_the_review_is_weeks_away(client, reviews_measured):  # noqa: F811
    people = reviews_measured
    client.force_login(people.iro.user)
    with time_machine.travel(datetime(2026, 12, 2, 10, tzinfo=LONDON), tick=False):  # two days late
        html = client.get(reverse("iro_reviews")).content.decode()
        assert book_review_link(html, people.young_person)
        assert "No review is booked yet, and it is overdue." in html
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=LONDON), tick=False):  # four weeks to go: on track
        html = client.get(reverse("iro_reviews")).content.decode()
        assert not book_review_link(html, people.young_person)
        assert "No review is booked yet." in html


@time_machine.travel(datetime(2026, 11, 27, 15, tzinfo=LONDON), tick=False)
def test_after_a_review_is_held_the_iro_is_asked_to_book_the_next_with_its_due_date(client, reviews_measured):  # noqa: F811
    people = reviews_measured
    review = review_schedule(by=people.iro, young_person=people.young_person, iro=people.iro,
                             scheduled_for=date(2026, 11, 27))
    client.force_login(people.iro.user)
    response = client.post(reverse("review_held", args=[people.young_person.pk, review.pk]), {
        **date_fields("held_on", date(2026, 11, 27)), "participation": "PN1", "attendees": "", "decisions": ""})
    assert response.status_code == 302 and response["Location"] == reverse("review_list", args=[people.young_person.pk])
    # The second review comes 3 months after the first (REVIEWS' steps).
    assert messages_of(response) == ["Review held on 27 November 2026 saved. Now book the next review: it is due by "
                                     "27 February 2027."]
    html = client.get(response["Location"]).content.decode()
    prompt = html.split('id="book-next-review"')[1].split("</div>")[0]
    assert "The next review is not booked yet." in prompt and "Saturday 27 February 2027" in prompt
    assert f'href="{reverse("review_new", args=[people.young_person.pk])}"' in html.split('id="book-next-review"')[1]
    assert "Book the next review" in html


def test_a_care_leaver_has_no_page_to_tell_an_iro_and_is_not_offered_one(client, people):
    leaver = people.young_person
    leaver.legal_status = LegalStatus.CARE_LEAVER
    leaver.save()
    client.force_login(leaver.user)
    assert client.get(reverse("views_new")).status_code == 404
    assert client.post(reverse("views_new"), {"text": "Hello"}).status_code == 404
    assert reverse("views_new") not in client.get(reverse("my_people")).content.decode()
