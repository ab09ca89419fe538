"""Promises the portal does not measure (no deadline to count): young people's answers are their only measure, so
they are shown on the managers' dashboard (counts per answer, linking to the answers) and, anonymised, on the In Care
Council's view. Both pages cost the same queries with 3 or 20 young people answering."""
from datetime import datetime

import pytest
from django.urls import reverse

from pledges.models import Promise, PromiseFeedback

from .factories import PromiseFactory, YoungPersonFactory
from .test_dashboard import LONDON, callback_rows_measure, today  # noqa: F401 (today: autouse fixture)

WORRIES = "We will work hard to sort out any problems or worries"
IN_TOUCH = "Your social worker will be in touch at least every 6 weeks"
UNTIL_25 = "We will stay in touch with you until you are 25 years old"


@pytest.fixture
def council(people, small_pledge):
    """The worries promise is measured; the two others are not. Six young people say "not really" about keeping in
    touch, one says yes; nobody answers about staying in touch until 25."""
    people.young_person.in_care_council_member = True
    people.young_person.save()
    callback_rows_measure(people.council, promise=Promise.objects.get(section__pledge=small_pledge, text=WORRIES))
    people.in_touch = Promise.objects.get(section__pledge=small_pledge, text=IN_TOUCH)
    answer_about(people, people.in_touch, "not_really", 6)
    answer_about(people, people.in_touch, "yes", 1)
    answer(people.young_person, people.in_touch, "no", given=datetime(2025, 1, 5, 9, tzinfo=LONDON))  # too long ago
    return people


def answer(young_person, promise, said, given=None):
    PromiseFeedback.objects.create(young_person=young_person, promise=promise, answer=said, comment="",
                                   given_at=given or datetime(2026, 11, 2, 9, tzinfo=LONDON))


def answer_about(people, promise, said, count):
    for _ in range(count):
        answer(YoungPersonFactory(council=people.council), promise, said)


def test_the_dashboard_shows_what_young_people_said_about_each_promise_not_measured(client, council):
    client.force_login(council.manager.user)
    response = client.get(reverse("compliance_dashboard"))
    lines = response.context["unmeasured"]
    assert [(line.promise.text, line.said) for line in lines] == [
        (IN_TOUCH, {"yes": 1, "not_really": 6, "no": 0})]
    assert response.context["unanswered"] == 1  # staying in touch until 25: nobody answered
    html = response.content.decode()
    assert "Promises we do not measure: what young people say" in html
    assert f'href="{reverse("dashboard_feedback", args=[council.in_touch.ref])}"' in html
    assert "1 other promise we do not measure had no answers in this period." in html


def test_the_answers_follow_the_filters(client, council):
    client.force_login(council.manager.user)
    response = client.get(reverse("compliance_dashboard"), {"legal_status": "care_leaver"})
    assert response.context["unmeasured"] == [] and response.context["unanswered"] == 2


def test_a_measure_on_an_earlier_versions_promise_still_counts_as_measured(client, council, small_pledge):
    moved = PromiseFactory(section=small_pledge.sections.get(order=2), order=2, text="Another way of saying it",
                           ref=council.in_touch.ref)
    callback_rows_measure(council.council, promise=moved, key="in-touch-again",
                          params={"working_days": 2, "counts": "concern"})
    client.force_login(council.manager.user)
    assert client.get(reverse("compliance_dashboard")).context["unmeasured"] == []


def test_the_in_care_council_sees_the_answers_with_small_groups_hidden(client, council):
    client.force_login(council.young_person.user)
    response = client.get(reverse("in_care_council"))
    assert [(line.promise.text, line.said) for line in response.context["unmeasured"]] == [
        (IN_TOUCH, {"yes": None, "not_really": 6, "no": 0})]
    html = response.content.decode()
    assert "Promises we do not measure: what young people say" in html
    assert "Fewer than 5" in html
    csv = b"".join(client.get(reverse("in_care_council"), {"format": "csv"}).streaming_content).decode()
    assert f"{IN_TOUCH},Not measured,,,fewer than 5,6,0" in csv


@pytest.mark.parametrize("answering", [3, 20])
def test_both_pages_take_a_fixed_number_of_queries(client, council, django_assert_num_queries, answering):
    answer_about(council, Promise.objects.get(text=UNTIL_25), "no", answering)
    client.force_login(council.manager.user)
    with django_assert_num_queries(9):
        assert len(client.get(reverse("compliance_dashboard")).context["unmeasured"]) == 2
    client.force_login(council.young_person.user)
    with django_assert_num_queries(9):
        assert len(client.get(reverse("in_care_council")).context["unmeasured"]) == 2
