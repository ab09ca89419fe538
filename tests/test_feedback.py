"""Young people's voice on each promise: "Is this promise being kept for you?". A young person answers about a
promise on their own pledge page; staff who may see them read the answers and reply once; the young person reads the
reply beside the promise. Anyone else gets a 404, and bad input saves nothing."""
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.models import LegalStatus, Role
from pledges.models import Promise, PromiseFeedback
from pledges.services import promise_feedback_give, promise_feedback_reply

from .factories import (
    AllocationFactory,
    PledgeFactory,
    PromiseFactory,
    SectionFactory,
    WorkerFactory,
    YoungPersonFactory,
    feedback_measure,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=dt_timezone.utc)  # a Monday: a reply is due by Monday 9 March
CARE = "Your social worker will be in touch at least every 6 weeks"
SHARED = "We will work hard to sort out any problems or worries"
LEAVING = "We will stay in touch with you until you are 25 years old"


@pytest.fixture
def promises(small_pledge):
    return {p.text: p for p in Promise.objects.filter(section__pledge=small_pledge)}


@pytest.fixture
def measured(people):
    return feedback_measure(people.council)


def give(people, promise, answer="no", comment="Nobody has been in touch since Christmas.", *, young_person=None,
         now=NOW):
    return promise_feedback_give(young_person=young_person or people.young_person, promise=promise, answer=answer,
                                 comment=comment, now=now)


def tell_us_url(promise):
    return reverse("feedback_new", args=[promise.pk])


def reply_url(feedback):
    return reverse("feedback_reply", args=[feedback.pk])


def login(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------------------------


def test_an_answer_is_saved_with_when_it_was_given(people, promises):
    feedback = give(people, promises[SHARED], answer="not_really", comment="Sometimes.")
    feedback.refresh_from_db()
    assert (feedback.answer, feedback.comment, feedback.given_at) == ("not_really", "Sometimes.", NOW)
    assert feedback.reply == "" and feedback.replied_at is None and feedback.replied_by is None


def test_answering_again_adds_an_answer_and_keeps_the_first(people, promises):
    first = give(people, promises[SHARED], answer="no")
    give(people, promises[SHARED], answer="yes", comment="", now=NOW + timedelta(days=3))
    assert list(people.young_person.promise_feedback.values_list("answer", flat=True)) == ["yes", "no"]
    first.refresh_from_db()
    assert first.answer == "no"


@pytest.mark.parametrize("answer, comment, field", [
    ("", "", "answer"),
    ("maybe", "", "answer"),
    ("no", "x" * 1001, "comment"),
])
def test_a_bad_answer_is_refused_and_nothing_is_saved(people, promises, answer, comment, field):
    with pytest.raises(ValidationError) as error:
        give(people, promises[SHARED], answer=answer, comment=comment)
    assert field in error.value.message_dict
    assert PromiseFeedback.objects.count() == 0


def test_a_comment_of_exactly_1000_characters_is_kept_whole(people, promises):
    feedback = give(people, promises[SHARED], comment="y" * 1000)
    feedback.refresh_from_db()
    assert len(feedback.comment) == 1000


def test_a_comment_of_only_spaces_is_no_comment_and_needs_no_reply(people, promises):
    feedback = give(people, promises[SHARED], comment="   \n ")
    feedback.refresh_from_db()
    assert feedback.comment == "" and not feedback.needs_reply


def test_an_answer_about_another_councils_promise_is_refused(people):
    elsewhere = PromiseFactory(section=SectionFactory(pledge=PledgeFactory(council=people.elsewhere)))
    with pytest.raises(ValidationError) as error:
        give(people, elsewhere)
    assert "promise" in error.value.message_dict
    assert PromiseFeedback.objects.count() == 0


def test_a_reply_is_saved_with_who_and_when(people, promises):
    feedback = give(people, promises[SHARED])
    promise_feedback_reply(feedback=feedback, worker=people.social_worker, reply="I will visit on Friday.",
                           now=NOW + timedelta(days=1))
    feedback.refresh_from_db()
    assert (feedback.reply, feedback.replied_at, feedback.replied_by) == (
        "I will visit on Friday.", NOW + timedelta(days=1), people.social_worker)


def test_replying_twice_is_refused_and_the_first_reply_is_kept(people, promises):
    feedback = give(people, promises[SHARED])
    promise_feedback_reply(feedback=feedback, worker=people.social_worker, reply="First", now=NOW)
    with pytest.raises(ValidationError, match="Sita Worker already replied to this on 2 March 2026 at 10:30. "
                                              "A reply cannot be changed."):
        promise_feedback_reply(feedback=feedback, worker=people.manager, reply="Second", now=NOW + timedelta(hours=1))
    feedback.refresh_from_db()
    assert (feedback.reply, feedback.replied_by) == ("First", people.social_worker)


@pytest.mark.parametrize("reply", ["", "   ", "z" * 2001])
def test_a_bad_reply_is_refused_and_nothing_changes(people, promises, reply):
    feedback = give(people, promises[SHARED])
    with pytest.raises(ValidationError) as error:
        promise_feedback_reply(feedback=feedback, worker=people.social_worker, reply=reply, now=NOW)
    assert "reply" in error.value.message_dict
    feedback.refresh_from_db()
    assert feedback.reply == "" and feedback.replied_at is None


def test_a_worker_from_another_council_cannot_reply(people, promises):
    feedback = give(people, promises[SHARED])
    with pytest.raises(PermissionDenied, match="Only the young person's social worker or personal adviser"):
        promise_feedback_reply(feedback=feedback, worker=people.elsewhere_manager, reply="Hello", now=NOW)
    feedback.refresh_from_db()
    assert feedback.replied_at is None


# ---------------------------------------------------------------------------------------------------------------
# The young person: My pledge and "Is this promise being kept for you?"
# ---------------------------------------------------------------------------------------------------------------


def test_each_promise_shown_has_the_question_and_only_those(client, people, promises):
    html = login(client, people.young_person.user).get(reverse("my_pledge")).content.decode()
    assert html.count("Is this promise being kept for you?") == 2
    assert tell_us_url(promises[CARE]) in html and tell_us_url(promises[SHARED]) in html
    assert tell_us_url(promises[LEAVING]) not in html


def test_the_page_quotes_the_promise_and_asks_yes_not_really_or_no(client, people, promises):
    html = login(client, people.young_person.user).get(tell_us_url(promises[CARE])).content.decode()
    assert CARE in html
    assert "Is this promise being kept for you?" in html
    for value, label in PromiseFeedback.Answer.choices:
        assert f'value="{value}"' in html and label in html
    assert "Tell us more (optional)" in html
    assert "your social worker will reply to you" in html


def test_saying_yes_goes_back_to_my_pledge_with_thanks_and_shows_the_answer(client, people, promises):
    response = login(client, people.young_person.user).post(tell_us_url(promises[SHARED]), {"answer": "yes"},
                                                             follow=True)
    assert response.redirect_chain == [(reverse("my_pledge"), 302)]
    html = response.content.decode()
    assert "Thank you for telling us. We are glad this promise is being kept for you." in html
    feedback = PromiseFeedback.objects.get()
    assert (feedback.young_person, feedback.promise, feedback.answer) == (people.young_person, promises[SHARED], "yes")
    assert "You told us:</strong> Yes (" in html


def test_saying_no_with_a_comment_says_who_will_reply_and_by_when(client, people, promises, measured):
    with time_machine.travel(NOW, tick=False):
        html = login(client, people.young_person.user).post(
            tell_us_url(promises[SHARED]), {"answer": "no", "comment": "Nobody listens to me."}, follow=True,
        ).content.decode()
    assert "Thank you for telling us. Your social worker will reply by Monday 9 March." in html
    assert "You told us:</strong> No (2 March)" in html
    assert "“Nobody listens to me.”" in html
    assert "Your social worker will reply to what you told us by Monday 9 March." in html


def test_a_care_leaver_is_told_their_personal_adviser_will_reply(client, people, promises, measured):
    young_person = people.young_person
    young_person.legal_status = LegalStatus.CARE_LEAVER
    young_person.save()
    young_person.allocations.all().delete()
    AllocationFactory(young_person=young_person,
                      worker=WorkerFactory(council=people.council, role=Role.PERSONAL_ADVISER))
    with time_machine.travel(NOW, tick=False):
        html = login(client, young_person.user).post(
            tell_us_url(promises[LEAVING]), {"answer": "no", "comment": "Nobody calls me."}, follow=True,
        ).content.decode()
    assert "Your personal adviser will reply by Monday 9 March." in html


def test_with_nobody_allocated_someone_from_the_team_will_reply(client, people, promises, measured):
    people.young_person.allocations.all().delete()
    with time_machine.travel(NOW, tick=False):
        html = login(client, people.young_person.user).post(
            tell_us_url(promises[SHARED]), {"answer": "no", "comment": "Who is my worker?"}, follow=True,
        ).content.decode()
    assert "Someone from the team will reply by Monday 9 March." in html


def test_without_a_reply_promise_on_the_ledger_the_reply_comes_as_soon_as_they_can(client, people, promises):
    html = login(client, people.young_person.user).post(
        tell_us_url(promises[SHARED]), {"answer": "no", "comment": "Nobody listens."}, follow=True,
    ).content.decode()
    assert "Your social worker will reply to you as soon as they can." in html


@pytest.mark.parametrize("data, message", [
    ({"answer": "not_really", "comment": "Sometimes."}, "Thank you for telling us. Your social worker will see your "
                                                         "answer."),
    ({"answer": "no"}, "Your social worker will see your answer. If you tell us what is happening, they will reply "
                       "to you."),
])
def test_an_answer_that_needs_no_reply_says_who_will_see_it(client, people, promises, measured, data, message):
    html = login(client, people.young_person.user).post(tell_us_url(promises[SHARED]), data,
                                                         follow=True).content.decode()
    assert message in html
    assert "will reply by" not in html


@pytest.mark.parametrize("data, message", [
    ({}, "Select whether this promise is being kept for you"),
    ({"answer": "", "comment": ""}, "Select whether this promise is being kept for you"),
    ({"answer": "perhaps"}, "Select a valid choice"),
    ({"answer": "no", "comment": "x" * 1001}, "What you tell us must be 1,000 characters or fewer"),
])
def test_bad_input_shows_govuk_errors_and_saves_nothing(client, people, promises, data, message):
    response = login(client, people.young_person.user).post(tell_us_url(promises[SHARED]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: " in html
    assert PromiseFeedback.objects.count() == 0


def test_my_pledge_shows_the_latest_answer_and_the_reply(client, people, promises):
    first = give(people, promises[SHARED], answer="no", comment="I never see anyone.")
    promise_feedback_reply(feedback=first, worker=people.social_worker, reply="I am sorry. I will visit on Friday.",
                           now=NOW + timedelta(days=1))
    give(people, promises[SHARED], answer="not_really", comment="", now=NOW + timedelta(days=5))
    html = login(client, people.young_person.user).get(reverse("my_pledge")).content.decode()
    assert "You told us:</strong> Not really (7 March" in html
    assert "No (2 March" not in html
    assert "Sita replied:</strong> I am sorry. I will visit on Friday." in html


def test_when_the_reply_is_late_my_pledge_says_sorry(client, people, promises, measured):
    give(people, promises[SHARED])
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=dt_timezone.utc), tick=False):
        html = login(client, people.young_person.user).get(reverse("my_pledge")).content.decode()
    assert ("Your social worker should have replied to what you told us by Monday 9 March, and we are sorry they "
            "have not yet.") in html


def test_an_answer_about_last_years_version_shows_beside_the_same_promise_this_year(client, people):
    old = PledgeFactory(council=people.council, version=1, in_force_from=date(2025, 1, 1))
    old_promise = PromiseFactory(section=SectionFactory(pledge=old, order=1), order=1, ref="1-1", text="Old words")
    give(people, old_promise, answer="not_really", comment="")
    new = PledgeFactory(council=people.council, version=2, in_force_from=date(2026, 1, 1))
    PromiseFactory(section=SectionFactory(pledge=new, order=1), order=1, ref="1-1", text="New words")
    html = login(client, people.young_person.user).get(reverse("my_pledge")).content.decode()
    assert "New words" in html and "Old words" not in html
    assert "You told us:</strong> Not really" in html


def test_staff_see_what_the_young_person_told_us_beside_the_promise(client, people, promises, measured):
    give(people, promises[SHARED])
    html = login(client, people.social_worker.user).get(
        reverse("young_person_pledge", args=[people.young_person.pk])).content.decode()
    assert "They told us:</strong> No" in html
    assert "Is this promise being kept for you?" not in html
    assert reply_url(PromiseFeedback.objects.get()) in html


# ---------------------------------------------------------------------------------------------------------------
# Who may answer about which promise
# ---------------------------------------------------------------------------------------------------------------


def test_a_promise_that_does_not_apply_to_them_is_a_404(client, people, promises):
    assert login(client, people.young_person.user).get(tell_us_url(promises[LEAVING])).status_code == 404
    assert client.post(tell_us_url(promises[LEAVING]), {"answer": "no"}).status_code == 404
    assert PromiseFeedback.objects.count() == 0


def test_another_councils_promise_is_a_404(client, people, small_pledge):
    elsewhere = PromiseFactory(section=SectionFactory(pledge=PledgeFactory(council=people.elsewhere)))
    assert login(client, people.young_person.user).get(tell_us_url(elsewhere)).status_code == 404


def test_a_promise_of_a_pledge_not_in_force_is_a_404(client, people, small_pledge):
    future = PledgeFactory(council=people.council, version=2, in_force_from=date(2099, 1, 1))
    promise = PromiseFactory(section=SectionFactory(pledge=future, order=1, applies_to="both"))
    assert login(client, people.young_person.user).get(tell_us_url(promise)).status_code == 404


def test_an_unknown_promise_or_no_pledge_at_all_is_a_404(client, people):
    assert login(client, people.young_person.user).get(reverse("feedback_new", args=[99999])).status_code == 404


@pytest.mark.parametrize("who", ["social_worker", "manager"])
def test_staff_have_no_tell_us_page(client, people, promises, who):
    assert login(client, getattr(people, who).user).get(tell_us_url(promises[SHARED])).status_code == 404


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
