"""'My pledge' and 'My people': what a young person sees, and in how many queries."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casework.models import LegalStatus, Role

from .factories import ContactPointFactory, PrincipleFactory, PromiseFactory, SectionFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def test_a_child_in_care_under_16_sees_care_and_shared_promises_and_leaving_care_ones_folded_away(
    client, people, small_pledge
):
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    folded = html.index('<details class="govuk-details app-later" id="when-you-are-older">')
    assert html.index("Your social worker will be in touch at least every 6 weeks") < folded
    assert html.index("We will work hard to sort out any problems or worries") < folded
    assert html.index("We will stay in touch with you until you are 25 years old") > folded
    assert "Hello Rob" in html


def test_a_care_leaver_sees_leaving_care_promises_and_shared_ones(client, people, small_pledge):
    people.young_person.legal_status = LegalStatus.CARE_LEAVER
    people.young_person.save()
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "We will stay in touch with you until you are 25 years old" in html
    assert "We will work hard to sort out any problems or worries" in html
    assert "Your social worker will be in touch at least every 6 weeks" not in html


def test_principles_are_shown_as_principles(client, people, small_pledge):
    PrincipleFactory(pledge=small_pledge, name="Dignity and Respect", text="Each young person is treated with respect.")
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "How we will work with you" in html
    assert "Dignity and Respect" in html


def test_the_pledge_in_force_is_the_latest_version_that_has_started(client, people, small_pledge):
    from .factories import PledgeFactory

    future = PledgeFactory(council=people.council, version=2, title="Next year's pledge", in_force_from=date(2099, 1, 1))
    SectionFactory(pledge=future, order=1, applies_to="both")
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "Testshire&#x27;s Pledge" in html
    assert "Next year&#x27;s pledge" not in html


def test_a_council_without_a_pledge_says_so_plainly(client, people):
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "has not put its pledge in Pledge Portal yet" in html


def test_my_people_shows_the_social_worker_with_phone_and_email_and_the_duty_line(client, people):
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_people")).content.decode()
    assert "Your social worker" in html
    assert "Sita Worker" in html
    assert 'href="tel:01632960301"' in html
    assert "07700 900301" in html
    assert people.social_worker.email in html
    assert "Call the Children in Care Team on" in html and "01632 960200" in html
    assert "Ines Reviewer" in html


def test_my_people_says_plainly_who_to_ask_when_nobody_is_allocated(client, people):
    client.force_login(people.other_young_person.user)
    people.other_young_person.allocations.all().delete()
    html = client.get(reverse("my_people")).content.decode()
    assert "You do not have a social worker yet" in html
    assert "call Testshire Council on 01632 960100" in html
    assert "Your IRO has not been named here yet" in html
    assert "Your designated teacher has not been named here yet" in html


def test_a_care_leaver_is_shown_their_personal_adviser(client, people):
    young_person = people.elsewhere_young_person
    adviser = WorkerFactory(council=people.elsewhere, role=Role.PERSONAL_ADVISER, name="Pat Adviser")
    young_person.allocations.create(worker=adviser, role=Role.PERSONAL_ADVISER, started_on=date(2025, 1, 1))
    client.force_login(young_person.user)
    html = client.get(reverse("my_people")).content.decode()
    assert "Your personal adviser" in html
    assert "Pat Adviser" in html
    assert "Independent Reviewing Officer" not in html


@pytest.mark.parametrize(
    ("today", "group"),
    [
        (date(2026, 3, 13), "Junior In Care Council"),  # the day before Robin turns 13
        (date(2027, 3, 13), "Junior In Care Council"),  # 13, the last day of the junior age range
        (date(2027, 3, 14), "Senior In Care Council"),  # the 14th birthday
    ],
)
def test_the_in_care_council_group_fits_the_young_persons_age(client, people, today, group):
    ContactPointFactory(council=people.council, kind="in_care_council", order=1, name="Junior In Care Council",
                        min_age=8, max_age=13)
    ContactPointFactory(council=people.council, kind="in_care_council", order=2, name="Senior In Care Council",
                        min_age=14, max_age=17)
    with time_machine.travel(today):
        client.force_login(people.young_person.user)
        html = client.get(reverse("my_people")).content.decode()
    assert group in html
    other = {"Junior In Care Council", "Senior In Care Council"} - {group}
    assert other.pop() not in html


def test_the_local_offer_link_is_shown(client, people):
    people.council.local_offer_url = "https://example.test/local-offer"
    people.council.save()
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_people")).content.decode()
    assert 'href="https://example.test/local-offer"' in html


def _grow_pledge(pledge, sections, promises_per_section):
    for s in range(sections):
        section = SectionFactory(pledge=pledge, order=100 + s, applies_to="both")
        for p in range(promises_per_section):
            PromiseFactory(section=section, order=p + 1)
        PrincipleFactory(pledge=pledge, order=100 + s)


# Session, user (with their young person and council), the request's savepoint and its release
# (ATOMIC_REQUESTS), pledge in force, sections, promises, principles, the open ledger rows (with the reply
# clocks of their answers), their answers about promises, responses to their worries, attempts to call them back.
# (After the first page of a session, which records their visit: pledges.right_now.visits.)
MY_PLEDGE_QUERIES = 12
# Session, user, savepoint, allocations, contact points, the next review, a recent IRO change, release.
MY_PEOPLE_QUERIES = 8


@pytest.mark.parametrize("size", [1, 20])
def test_my_pledge_takes_a_fixed_number_of_queries_whatever_the_pledge_size_and_answers(
    client, people, small_pledge, django_assert_num_queries, size
):
    from datetime import datetime, timezone as dt_timezone

    from pledges.models import Promise
    from pledges.services import promise_feedback_give, promise_feedback_reply

    _grow_pledge(small_pledge, sections=size, promises_per_section=size)
    for n, promise in enumerate(Promise.objects.filter(applies_to="both")[:size]):
        answer = promise_feedback_give(young_person=people.young_person, promise=promise, answer="no",
                                       comment=f"Not kept {n}", now=datetime(2026, 3, 2, tzinfo=dt_timezone.utc))
        if n % 2:
            promise_feedback_reply(feedback=answer, worker=people.social_worker, reply=f"Sorry {n}",
                                   now=datetime(2026, 3, 3, tzinfo=dt_timezone.utc))
    client.force_login(people.young_person.user)
    client.get(reverse("my_pledge"))  # the first visit of the session records it (tests/test_right_now_page.py)
    with django_assert_num_queries(MY_PLEDGE_QUERIES):
        html = client.get(reverse("my_pledge")).content.decode()
    assert html.count("You told us:") == size


@pytest.mark.parametrize("extra_people", [0, 10])
def test_my_people_takes_a_fixed_number_of_queries_whatever_the_history(
    client, people, django_assert_num_queries, extra_people
):
    for n in range(extra_people):
        worker = WorkerFactory(council=people.council, role=Role.SOCIAL_WORKER)
        people.young_person.allocations.create(worker=worker, role=Role.ADVOCATE, started_on=date(2020, 1, 1 + n),
                                               ended_on=date(2020, 1, 1 + n))
        ContactPointFactory(council=people.council, kind="advocacy", order=n + 10)
    client.force_login(people.young_person.user)
    with django_assert_num_queries(MY_PEOPLE_QUERIES):
        assert client.get(reverse("my_people")).status_code == 200
