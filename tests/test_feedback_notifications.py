"""A young person's "no, this promise is not being kept" that says why reaches their worker and the team manager at
once: each gets one notification in the portal and by email. Other answers, and replies, tell nobody."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from casework.models import Role
from notifications.models import DeliveryAttempt, Notification
from pledges.models import Promise
from pledges.services import promise_feedback_give, promise_feedback_reply

from .factories import WorkerFactory, feedback_measure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_in_the_test")]
LONDON = ZoneInfo("Europe/London")
GIVEN = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday: the reply is due Monday 30 November
SHARED = "We will work hard to sort out any problems or worries"
COMMENT = "My foster carer shouts at me and nobody listens."


@pytest.fixture
def promise(people, small_pledge):
    feedback_measure(people.council)
    return Promise.objects.get(section__pledge=small_pledge, text=SHARED)


@pytest.fixture
def answer(people, promise, django_capture_on_commit_callbacks):
    """Give an answer as Robin, running the emails it enqueues once it commits."""
    def give(answer="no", comment=COMMENT):
        with django_capture_on_commit_callbacks(execute=True):
            return promise_feedback_give(young_person=people.young_person, promise=promise, answer=answer,
                                         comment=comment, now=GIVEN)
    return give


def told() -> list[str]:
    return sorted(Notification.objects.values_list("recipient__email", flat=True))


def test_the_worker_and_the_team_manager_each_get_one_notification_in_the_portal_and_by_email(people, answer):
    feedback = answer()
    assert told() == sorted([people.social_worker.user.email, people.manager.user.email])
    for notification in Notification.objects.all():
        assert (notification.stage, notification.feedback, notification.young_person) == (
            "feedback", feedback, people.young_person)
        assert notification.subject == ("Robin Ash says a promise is not being kept for them "
                                        "(reply by Monday 30 November)")
        assert SHARED in notification.body
        assert "Reply by Monday 30 November 2026" in notification.body
        assert f"http://127.0.0.1:8000{reverse('feedback_reply', args=[feedback.pk])}" in notification.body
        assert "Sita Worker is their worker." in notification.body
        # A child's own words stay in the portal: the email does not carry them.
        assert COMMENT not in notification.body
        assert [(a.channel, a.succeeded) for a in notification.attempts.all()] == [("in_app", True), ("email", True)]
    assert sorted(email.to[0] for email in mail.outbox) == told()


@pytest.mark.parametrize("answer_given, comment", [("yes", "All good"), ("not_really", ""), ("no", "")])
def test_an_answer_that_needs_no_reply_notifies_nobody(people, answer, answer_given, comment):
    answer(answer_given, comment)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_reply_notifies_nobody_more(people, answer):
    feedback = answer()
    promise_feedback_reply(feedback=feedback, worker=people.social_worker, reply="Sorry", now=GIVEN)
    assert Notification.objects.count() == 2


def test_with_no_manager_in_the_team_the_councils_managers_are_told(people, answer):
    people.manager.team = None
    people.manager.save()
    elsewhere_team_manager = WorkerFactory(council=people.council, role=Role.MANAGER)  # in a team of their own
    answer()
    assert told() == sorted([people.social_worker.user.email, people.manager.user.email,
                             elsewhere_team_manager.user.email])
    assert people.elsewhere_manager.user.email not in told()


def test_with_no_worker_allocated_the_managers_are_told_why_it_came_to_them(people, answer):
    people.young_person.allocations.filter(worker=people.social_worker).update(ended_on=date(2025, 1, 1))
    answer()
    assert told() == [people.manager.user.email]
    assert "They have no social worker or personal adviser" in Notification.objects.get().body


def test_a_worker_who_cannot_sign_in_is_not_sent_one(people, answer):
    people.social_worker.user.is_active = False
    people.social_worker.user.save()
    answer()
    assert told() == [people.manager.user.email]


def test_the_database_refuses_a_second_notification_for_the_same_answer_and_person(people, answer):
    feedback = answer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=people.manager.user, feedback=feedback,
                                    young_person=people.young_person, stage="feedback", subject="Again", body="Again")


def test_the_notification_links_to_the_reply_page(client, people, answer):
    feedback = answer()
    client.force_login(people.manager.user)
    html = client.get(reverse("notifications")).content.decode()
    assert reverse("feedback_reply", args=[feedback.pk]) in html
    assert DeliveryAttempt.objects.filter(channel="email", succeeded=True).count() == 2


def test_a_not_really_that_says_why_tells_the_same_people(people, answer):
    answer("not_really", "They come sometimes but never when they said.")
    assert told() == sorted([people.social_worker.user.email, people.manager.user.email])
