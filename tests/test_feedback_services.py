"""Young people's voice on each promise, through the services: a young person answers "Is this promise being kept
for you?"; staff who may see them reply once. Bad input saves nothing."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pledges.models import PromiseFeedback
from pledges.services import promise_feedback_reply

from .factories import PledgeFactory, PromiseFactory, SectionFactory
from .feedback_helpers import NOW, SHARED, give
from .feedback_helpers import promises  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


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
