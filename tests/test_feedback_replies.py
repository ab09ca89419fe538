"""Young people's voice on each promise: staff who may see the young people read their answers ("What young people
say") and reply once. Anyone else gets a 404, bad input saves nothing, and the pages take a fixed number of queries."""
from datetime import timedelta

import pytest
from django.urls import reverse

from casework.models import LegalStatus
from pledges.models import PromiseFeedback
from pledges.services import promise_feedback_reply

from .factories import PledgeFactory, PromiseFactory, SectionFactory, YoungPersonFactory
from .feedback_helpers import CARE, NOW, SHARED, give, login, reply_url, tell_us_url
from .feedback_helpers import measured, promises  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# Staff: "What young people say" and replying
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def answers(people, promises):
    """An answer from each young person: Robin (Sita's and Ines's), Sky (Olu's) and Jo (another council's)."""
    elsewhere = PromiseFactory(section=SectionFactory(pledge=PledgeFactory(council=people.elsewhere)))
    return {
        "robin": give(people, promises[SHARED], comment="Robin's worry"),
        "sky": give(people, promises[SHARED], young_person=people.other_young_person, comment="Sky's worry"),
        "jo": give(people, elsewhere, young_person=people.elsewhere_young_person, comment="Jo's worry"),
    }


@pytest.mark.parametrize("who, expected", [
    ("social_worker", {"robin"}),
    ("iro", {"robin"}),
    ("other_worker", {"sky"}),
    ("manager", {"robin", "sky"}),
    ("elsewhere_manager", {"jo"}),
])
def test_each_member_of_staff_sees_and_can_reply_to_exactly_the_answers_they_may_see(client, people, answers, who,
                                                                                     expected):
    """An IRO sees their young people's answers but does not reply to them: the promise is the worker's
    (casework.people.recording), so the reply page is a 403 for them and their list offers no "Reply"."""
    login(client, getattr(people, who).user)
    html = client.get(reverse("feedback_list")).content.decode()
    assert {name for name in answers if f"{name.capitalize()}&#x27;s worry" in html} == expected
    assert ("Reply<span" in html) == (who != "iro")
    for name, feedback in answers.items():
        replies = who != "iro"
        assert client.get(reply_url(feedback)).status_code == ((200 if replies else 403) if name in expected else 404)


def test_a_young_person_gets_404_on_the_staff_pages(client, people, answers):
    login(client, people.young_person.user)
    assert client.get(reverse("feedback_list")).status_code == 404
    assert client.get(reply_url(answers["robin"])).status_code == 404
    assert client.post(reply_url(answers["robin"]), {"reply": "Me"}).status_code == 404
    assert PromiseFeedback.objects.filter(replied_at__isnull=False).count() == 0


def test_a_worker_cannot_reply_to_another_caseloads_answer(client, people, answers):
    login(client, people.social_worker.user)
    assert client.post(reply_url(answers["sky"]), {"reply": "Hello Sky"}).status_code == 404
    answers["sky"].refresh_from_db()
    assert answers["sky"].replied_at is None


def test_a_logged_out_visitor_is_sent_to_sign_in(client, people, answers, promises):
    for url in [reverse("feedback_list"), reply_url(answers["robin"]), tell_us_url(promises[SHARED])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_list_puts_answers_waiting_for_a_reply_first_then_the_newest(client, people, promises, measured):
    oldest_waiting = give(people, promises[SHARED], comment="Oldest waiting", now=NOW)
    give(people, promises[CARE], answer="yes", comment="Newest yes", now=NOW + timedelta(days=3))
    newer_waiting = give(people, promises[CARE], comment="Newer waiting", now=NOW + timedelta(days=2))
    replied = give(people, promises[SHARED], comment="Replied", now=NOW + timedelta(days=1))
    promise_feedback_reply(feedback=replied, worker=people.social_worker, reply="Done", now=NOW + timedelta(days=1))
    html = login(client, people.manager.user).get(reverse("feedback_list")).content.decode()
    order = ["Newer waiting", "Oldest waiting", "Newest yes", "Replied"]
    assert [html.index(text) for text in order] == sorted(html.index(text) for text in order)
    assert html.index("Waiting for a reply") < html.index("Newer waiting")
    assert html.index("All other answers") < html.index("Newest yes")
    # Who, which promise, what they said and when the reply is due.
    assert "Robin Ash" in html and SHARED in html and "Monday 9 March 2026" in html
    assert reply_url(oldest_waiting) in html and reply_url(newer_waiting) in html and reply_url(replied) not in html


def test_the_staff_navigation_has_what_young_people_say_and_marks_it_as_the_page(client, people):
    html = login(client, people.social_worker.user).get(reverse("feedback_list")).content.decode()
    assert "What young people say" in html
    assert html.count("govuk-service-navigation__item--active") == 1
    active = html.split("govuk-service-navigation__item--active", 1)[1][:300]
    assert "What young people say" in active


def test_replying_shows_the_young_person_the_reply_beside_the_promise(client, people, answers, measured):
    login(client, people.social_worker.user)
    page = client.get(reply_url(answers["robin"])).content.decode()
    assert "Robin&#x27;s worry" in page and SHARED in page
    response = client.post(reply_url(answers["robin"]), {"reply": "I am sorry. Let's talk on Friday."}, follow=True)
    assert response.redirect_chain == [(reverse("feedback_list"), 302)]
    assert "Your reply to Robin Ash has been sent." in response.content.decode()
    answers["robin"].refresh_from_db()
    assert answers["robin"].replied_by == people.social_worker
    html = login(client, people.young_person.user).get(reverse("my_pledge")).content.decode()
    assert "Sita replied:</strong> I am sorry. Let&#x27;s talk on Friday." in html


@pytest.mark.parametrize("data, message", [
    ({}, "Enter your reply"),
    ({"reply": "   "}, "Enter your reply"),
    ({"reply": "x" * 2001}, "Your reply must be 2,000 characters or fewer"),
])
def test_a_bad_reply_shows_govuk_errors_and_saves_nothing(client, people, answers, data, message):
    response = login(client, people.social_worker.user).post(reply_url(answers["robin"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    answers["robin"].refresh_from_db()
    assert answers["robin"].replied_at is None


def test_replying_to_an_answer_already_replied_to_says_so_and_keeps_the_first(client, people, answers):
    promise_feedback_reply(feedback=answers["robin"], worker=people.manager, reply="First", now=NOW)
    response = login(client, people.social_worker.user).post(reply_url(answers["robin"]), {"reply": "Second"},
                                                             follow=True)
    html = response.content.decode()
    assert "Mo Manager already replied to this on 2 March 2026 at 10:30. A reply cannot be changed." in html
    assert "First" in html and "Send reply" not in html
    answers["robin"].refresh_from_db()
    assert answers["robin"].reply == "First"


# ---------------------------------------------------------------------------------------------------------------
# Query counts (ATOMIC_REQUESTS adds SAVEPOINT and RELEASE)
# ---------------------------------------------------------------------------------------------------------------

# Session, user (with young person and council), SAVEPOINT, the pledge in force, the promise, their last answer
# about it, RELEASE.
TELL_US_QUERIES = 7
# Session, user (with worker and council), SAVEPOINT, the answers they may see (with young person, promise and who
# replied), the open reply clocks, RELEASE, and one INSERT logging the young people shown (casework.audit).
FEEDBACK_LIST_QUERIES = 7
# Session, user, SAVEPOINT, the answer (with young person, promise and who replied), its reply clock, RELEASE, the
# audit log's row.
REPLY_QUERIES = 8  # +1: which actions the reader may take (casework.people.recording)


@pytest.mark.parametrize("count", [1, 10])
def test_the_tell_us_page_takes_a_fixed_number_of_queries(client, people, promises, django_assert_num_queries,
                                                           count):
    for n in range(count):
        give(people, promises[SHARED], now=NOW + timedelta(days=n))
    login(client, people.young_person.user)
    with django_assert_num_queries(TELL_US_QUERIES):
        assert "Last time, on" in client.get(tell_us_url(promises[SHARED])).content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_feedback_list_takes_a_fixed_number_of_queries(client, people, promises, measured,
                                                             django_assert_num_queries, count):
    young_people = [people.young_person, people.other_young_person,
                    YoungPersonFactory(council=people.council, legal_status=LegalStatus.CARE_LEAVER)]
    for n in range(count):
        feedback = give(people, promises[SHARED], young_person=young_people[n % 3], now=NOW + timedelta(hours=n),
                        answer=["no", "yes", "not_really"][n % 3])
        if n % 4 == 3:
            promise_feedback_reply(feedback=feedback, worker=people.manager, reply=f"Reply {n}", now=NOW)
    login(client, people.manager.user)
    with django_assert_num_queries(FEEDBACK_LIST_QUERIES):
        html = client.get(reverse("feedback_list")).content.decode()
    assert html.count("app-feedback-card") == count


def test_the_reply_page_takes_a_fixed_number_of_queries(client, people, answers, measured, django_assert_num_queries):
    login(client, people.social_worker.user)
    with django_assert_num_queries(REPLY_QUERIES):
        assert client.get(reply_url(answers["robin"])).status_code == 200
