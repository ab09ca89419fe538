"""Worries, complaints and asking for an advocate, through the services: a young person raises one; the people they
chose (and the council's managers) acknowledge it and reply. Bad input saves nothing."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.models import Concern, ConcernResponse
from casework.worries.services import concern_acknowledge, concern_raise, concern_respond

from .concern_helpers import ConcernFactory, NOW

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------------------------


def test_raising_a_concern_saves_it_as_sent(people):
    concern = concern_raise(young_person=people.young_person, kind="complaint", audience="complaints",
                            text="Nobody came to my review.", now=NOW)
    concern.refresh_from_db()
    assert (concern.kind, concern.audience, concern.status) == ("complaint", "complaints", Concern.Status.OPEN)
    assert concern.get_status_display() == "Sent"
    assert concern.raised_at == NOW
    assert concern.acknowledged_at is None and concern.acknowledged_by is None and concern.resolved_at is None


@pytest.mark.parametrize("overrides, field", [
    ({"text": ""}, "text"),
    ({"text": "   \n  "}, "text"),
    ({"text": "x" * 3001}, "text"),
    ({"kind": "moan"}, "kind"),
    ({"kind": ""}, "kind"),
    ({"audience": "everyone"}, "audience"),
    ({"audience": ""}, "audience"),
])
def test_raising_a_concern_refuses_bad_input_and_saves_nothing(people, overrides, field):
    arguments = {"kind": "worry", "audience": "worker", "text": "Something is wrong.", **overrides}
    with pytest.raises(ValidationError) as error:
        concern_raise(young_person=people.young_person, now=NOW, **arguments)
    assert field in error.value.message_dict
    assert Concern.objects.count() == 0


def test_a_concern_of_exactly_3000_characters_is_kept_whole(people):
    concern = concern_raise(young_person=people.young_person, kind="worry", audience="iro", text="y" * 3000, now=NOW)
    concern.refresh_from_db()
    assert len(concern.text) == 3000


def test_acknowledging_is_recorded_once_and_a_second_time_is_refused(people):
    concern = ConcernFactory(young_person=people.young_person)
    concern_acknowledge(concern=concern, worker=people.social_worker, now=NOW + timedelta(hours=1))
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ACKNOWLEDGED
    assert concern.get_status_display() == "Someone is looking at it"
    assert concern.acknowledged_by == people.social_worker
    assert concern.acknowledged_at == NOW + timedelta(hours=1)

    with pytest.raises(ValidationError, match="Sita Worker already acknowledged this on 2 March 2026"):
        concern_acknowledge(concern=concern, worker=people.manager, now=NOW + timedelta(hours=2))
    concern.refresh_from_db()
    assert concern.acknowledged_by == people.social_worker
    assert concern.acknowledged_at == NOW + timedelta(hours=1)


def test_a_worker_from_another_council_cannot_acknowledge(people):
    concern = ConcernFactory(young_person=people.young_person)
    with pytest.raises(PermissionDenied, match="Only the person the young person sent this to, or a manager"):
        concern_acknowledge(concern=concern, worker=people.elsewhere_manager, now=NOW)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and concern.acknowledged_by is None


def test_a_reply_acknowledges_a_concern_nobody_had_acknowledged(people):
    concern = ConcernFactory(young_person=people.young_person)
    response = concern_respond(concern=concern, worker=people.social_worker, text="I'll come round on Thursday.",
                               now=NOW + timedelta(hours=3), resolves=False)
    concern.refresh_from_db()
    assert response.concern == concern and response.written_at == NOW + timedelta(hours=3)
    assert concern.status == Concern.Status.ACKNOWLEDGED
    assert concern.acknowledged_by == people.social_worker
    assert concern.acknowledged_at == NOW + timedelta(hours=3)
    assert concern.resolved_at is None


def test_a_reply_that_answers_it_resolves_it_and_keeps_who_acknowledged_first(people):
    concern = ConcernFactory(young_person=people.young_person, audience=Concern.Audience.IRO)
    concern_acknowledge(concern=concern, worker=people.iro, now=NOW + timedelta(hours=1))
    concern_respond(concern=concern, worker=people.manager, text="We have moved your review to a Saturday.",
                    now=NOW + timedelta(days=1), resolves=True)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED
    assert concern.get_status_display() == "Answered"
    assert concern.resolved_at == NOW + timedelta(days=1)
    assert concern.acknowledged_by == people.iro
    assert concern.acknowledged_at == NOW + timedelta(hours=1)
    assert list(concern.responses.values_list("worker__name", "text")) == [
        ("Mo Manager", "We have moved your review to a Saturday.")]


def test_an_answered_concern_takes_no_more_replies(people):
    concern = ConcernFactory(young_person=people.young_person)
    concern_respond(concern=concern, worker=people.social_worker, text="Sorted.", now=NOW, resolves=True)
    with pytest.raises(ValidationError, match="It takes no more replies"):
        concern_respond(concern=concern, worker=people.social_worker, text="And another thing.", now=NOW,
                        resolves=False)
    assert concern.responses.count() == 1


@pytest.mark.parametrize("text", ["", "  ", "z" * 3001])
def test_a_bad_reply_saves_nothing_and_changes_nothing(people, text):
    concern = ConcernFactory(young_person=people.young_person)
    with pytest.raises(ValidationError):
        concern_respond(concern=concern, worker=people.social_worker, text=text, now=NOW, resolves=True)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and concern.acknowledged_at is None and concern.resolved_at is None
    assert ConcernResponse.objects.count() == 0


def test_a_worker_from_another_council_cannot_reply(people):
    concern = ConcernFactory(young_person=people.young_person)
    with pytest.raises(PermissionDenied, match="Only the person the young person sent this to, or a manager"):
        concern_respond(concern=concern, worker=people.elsewhere_manager, text="Hello", now=NOW, resolves=True)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN
    assert ConcernResponse.objects.count() == 0
