"""Young people's voice on each promise: a young person answers "Is this promise being kept for you?" about a
promise on their own pledge page and reads the reply beside the promise. Anyone else gets a 404, and bad input saves
nothing."""
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.urls import reverse

from casework.models import LegalStatus, Role
from pledges.models import PromiseFeedback
from pledges.services import promise_feedback_reply

from .factories import AllocationFactory, PledgeFactory, PromiseFactory, SectionFactory, WorkerFactory
from .feedback_helpers import CARE, NOW, SHARED, give, login, reply_url, tell_us_url
from .feedback_helpers import measured, promises  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LEAVING = "We will stay in touch with you until you are 25 years old"


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
    assert response.redirect_chain == [(reverse("my_pledge") + f"#promise-{promises[SHARED].pk}", 302)]
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
    ({"answer": "not_really", "comment": ""}, "Thank you for telling us. Your social worker will see your answer. If "
                                              "you tell us what is happening, they will reply to you."),
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
