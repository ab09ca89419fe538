"""The In Care Council's view: the council's promise-by-promise picture with no names, no ids, no dates of
birth, and no group of fewer than 5 young people, in the page and in the CSV."""
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from pledges.models import PromiseFeedback

from .factories import PromiseFactory, YoungPersonFactory
from .test_dashboard import LONDON, TODAY, callback_rows_measure, row, today  # noqa: F401 (today: autouse fixture)


@pytest.fixture
def council_picture(people, small_pledge):
    """Two promises: one due for 5 young people (shown), one due for 4 (hidden). 3 young people overdue."""
    people.young_person.in_care_council_member = True
    people.young_person.save()
    section = small_pledge.sections.get(order=3)
    shown_promise = section.promises.get()
    hidden_promise = PromiseFactory(section=section, order=2, text="We will reply to your letters")
    cohort = [YoungPersonFactory(council=people.council, first_name=f"Member{n}", last_name="Secretname",
                                 date_of_birth=date(2011, 2, 3 + n)) for n in range(5)]
    shown = callback_rows_measure(people.council, promise=shown_promise)
    hidden = callback_rows_measure(people.council, promise=hidden_promise, key="letters",
                                   params={"working_days": 5, "counts": "concern"})
    for n, person in enumerate(cohort):
        row(shown, person, date(2026, 9, 1), met_on=date(2026, 8, 30) if n < 4 else None)
        if n < 4:
            row(hidden, person, date(2026, 9, 1), met_on=date(2026, 9, 1))
    for person in cohort[:3]:
        row(shown, person, TODAY - timedelta(days=3))
    for n, person in enumerate(cohort):
        PromiseFeedback.objects.create(young_person=person, promise=shown_promise, answer="yes" if n else "no",
                                       comment="Secret comment", given_at=datetime(2026, 11, 1, tzinfo=LONDON))
    people.cohort, people.shown, people.hidden = cohort, shown, hidden
    return people


def lines_by_promise(response):
    return {line.promise.text: line for line in response.context["lines"]}


def test_a_group_of_5_is_shown_and_a_group_of_4_is_not(client, council_picture):
    client.force_login(council_picture.young_person.user)
    response = client.get(reverse("in_care_council"))
    assert response.status_code == 200
    lines = lines_by_promise(response)
    shown = lines["We will work hard to sort out any problems or worries"]
    assert (shown.young_people, shown.kept_share) == (5, 50)  # 4 of 5 on 1 September, and 3 overdue now: 4 of 8
    assert shown.overdue_suppressed and shown.overdue_young_people is None  # 3 young people waiting: hidden
    assert shown.said == {"yes": None, "not_really": 0, "no": None}  # 4 said yes, 1 no: both hidden
    hidden = lines["We will reply to your letters"]
    assert hidden.young_people is None and hidden.kept_share is None
    html = response.content.decode()
    assert "Not shown: fewer than 5 young people" in html


def test_the_page_and_the_csv_carry_no_name_no_id_and_no_date_of_birth(client, council_picture):
    client.force_login(council_picture.young_person.user)
    for response in (client.get(reverse("in_care_council")),
                     client.get(reverse("in_care_council"), {"format": "csv"})):
        text = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        for person in [*council_picture.cohort, council_picture.other_young_person]:
            assert person.first_name not in text and person.last_name not in text
            assert person.date_of_birth.isoformat() not in text
            assert person.date_of_birth.strftime("%-d %B %Y") not in text
        assert "Secret comment" not in text
        assert not re.search(r"young-people/\d+", text)
        assert "Robin" not in text  # nor the member's own name
    csv = b"".join(client.get(reverse("in_care_council"), {"format": "csv"}).streaming_content).decode()
    assert "We will reply to your letters,fewer than 5,," in csv
    assert "We will work hard to sort out any problems or worries,5,50,fewer than 5,fewer than 5,0,fewer than 5" in csv


def test_no_number_between_1_and_4_reaches_the_page(client, council_picture):
    client.force_login(council_picture.young_person.user)
    response = client.get(reverse("in_care_council"))
    for line in response.context["lines"]:
        for count in [line.young_people, line.overdue_young_people, *line.said.values()]:
            assert count is None or count == 0 or count >= 5


def test_members_and_managers_see_it_and_nobody_else(client, council_picture):
    client.force_login(council_picture.manager.user)
    assert client.get(reverse("in_care_council")).status_code == 200
    client.force_login(council_picture.other_young_person.user)  # not a member
    assert client.get(reverse("in_care_council")).status_code == 404
    client.force_login(council_picture.social_worker.user)
    assert client.get(reverse("in_care_council")).status_code == 403


def test_a_member_sees_their_own_councils_picture_only(client, council_picture):
    council_picture.elsewhere_young_person.in_care_council_member = True
    council_picture.elsewhere_young_person.save()
    client.force_login(council_picture.elsewhere_young_person.user)
    response = client.get(reverse("in_care_council"))
    assert response.context["lines"] == []  # Otherborough measures nothing


def test_members_find_it_in_their_navigation(client, council_picture):
    client.force_login(council_picture.young_person.user)
    assert "In Care Council" in client.get(reverse("my_pledge")).content.decode()
    client.force_login(council_picture.other_young_person.user)
    assert "In Care Council" not in client.get(reverse("my_pledge")).content.decode()


@pytest.mark.parametrize("extra", [0, 10])
def test_the_page_takes_a_fixed_number_of_queries(client, council_picture, django_assert_num_queries, extra):
    for n in range(extra):
        person = YoungPersonFactory(council=council_picture.council)
        row(council_picture.shown, person, date(2026, 10, 1 + n))
    client.force_login(council_picture.young_person.user)
    with django_assert_num_queries(9):  # 8, and the promises we do not measure
        assert client.get(reverse("in_care_council")).status_code == 200
