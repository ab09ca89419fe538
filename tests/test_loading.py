"""Both councils' pledges and the demo people load in full, and loading again changes nothing."""
import json
from datetime import date
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from casework.models import (
    Allocation,
    CallbackRequest,
    CarePlanVersion,
    Contact,
    Council,
    Placement,
    User,
    Worker,
    YoungPerson,
)
from notifications.models import Notification
from reviews.models import Consultation, Review
from pledges.loader import pledge_data_files
from pledges.models import ContactPoint, LedgerEntry, Measure, Pledge, Principle, Promise, PromiseFeedback, Section
from pledges.versions import measure_change, pledge_draft_start, pledge_publish, promise_edit

pytestmark = pytest.mark.django_db

MODELS = [Council, ContactPoint, Pledge, Section, Promise, Principle, User, Worker, YoungPerson, Allocation,
          Contact, CallbackRequest, Placement, CarePlanVersion, Review, Consultation, LedgerEntry, PromiseFeedback,
          Notification]


def snapshot():
    """Every row of every loaded model, as JSON: any change at all shows up as a difference."""
    return {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in MODELS}


def load_everything():
    call_command("load_pledges", stdout=StringIO())
    call_command("load_demo_people", stdout=StringIO())
    call_command("load_demo_reviews", stdout=StringIO())
    call_command("load_demo_feedback", stdout=StringIO())


def test_every_promise_in_the_pledge_files_is_loaded_in_order():
    load_everything()
    for path in pledge_data_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        pledge = Pledge.objects.get(council__slug=data["council"]["slug"])
        expected = [p["text"] for s in data["pledge"]["sections"] for p in s["promises"]]
        loaded = list(Promise.objects.filter(section__pledge=pledge)
                      .order_by("section__order", "order").values_list("text", flat=True))
        assert loaded == expected
    assert Promise.objects.filter(section__pledge__council__slug="bath-and-north-east-somerset").count() == 57
    assert Promise.objects.filter(section__pledge__council__slug="barking-and-dagenham").count() == 20
    assert Principle.objects.filter(pledge__council__slug="barking-and-dagenham").count() == 10


def test_loading_twice_changes_nothing():
    load_everything()
    first = snapshot()
    load_everything()
    assert snapshot() == first


def test_reloading_restores_an_edited_promise_to_the_councils_words():
    load_everything()
    promise = Promise.objects.filter(section__pledge__council__slug="barking-and-dagenham").first()
    original = promise.text
    promise.text = "Something else"
    promise.save()
    call_command("load_pledges", stdout=StringIO())
    promise.refresh_from_db()
    assert promise.text == original


def test_demo_young_people_each_have_a_login_and_a_main_worker_but_one_left_to_invite():
    load_everything()
    for young_person in YoungPerson.objects.all():
        assert (young_person.user is None) == (young_person.first_name == "Ellie")
        assert young_person.allocations.filter(ended_on__isnull=True, role__in=["social_worker", "personal_adviser"]).exists()


def test_the_in_care_council_groups_have_bath_and_north_east_somersets_age_ranges():
    load_everything()
    groups = ContactPoint.objects.filter(council__slug="bath-and-north-east-somerset", kind="in_care_council")
    assert [(g.name, g.min_age, g.max_age) for g in groups] == [
        ("Junior In Care Council", 8, 13), ("Senior In Care Council", 14, 17), ("Care Experienced Council", 18, 25),
    ]


def test_the_demo_shows_every_state_a_promise_can_be_in():
    from django.utils import timezone

    load_everything()
    today = timezone.localdate()
    states = {entry.state_on(today) for entry in LedgerEntry.objects.select_related("measure")}
    assert states == set(LedgerEntry.State.values)


def test_the_demo_has_an_answer_waiting_for_a_reply_one_replied_and_some_yes():
    load_everything()
    waiting = [f for f in PromiseFeedback.objects.all() if f.needs_reply and f.replied_at is None]
    assert [f.young_person.first_name for f in waiting] == ["Jade"]
    assert list(PromiseFeedback.objects.filter(replied_at__isnull=False).values_list("young_person__first_name",
                                                                                      flat=True)) == ["Leah"]
    assert PromiseFeedback.objects.filter(answer="yes").count() == 3
    # Jade's waiting answer is on the ledger, and Priya and her manager were told; Leah's came with its reply.
    assert LedgerEntry.objects.get(trigger_id=waiting[0].pk, measure__key="reply-to-feedback").status == "open"
    assert sorted(Notification.objects.filter(stage="feedback").values_list("recipient__email", flat=True)) == [
        "helen@demo.pledgeportal.test", "priya@demo.pledgeportal.test",
    ]


def banes_version_2(*, publish: bool):
    """Helen's version 2 of Bath and North East Somerset's pledge: the contact promise reworded and its measure at
    4 weeks, published on 1 December 2026 (or left a draft)."""
    helen = Worker.objects.get(name="Helen Marsh")
    draft = pledge_draft_start(council=helen.council, by=helen)
    measure = Measure.objects.get(council=helen.council, key="social-worker-contact")
    promise_edit(promise=Promise.objects.get(section__pledge=draft, ref=measure.promise.ref), by=helen, title="",
                 text="Your social worker will see you at least every 4 weeks")
    measure_change(draft=draft, measure=measure, by=helen, interval=4, steps=[], name="In touch every 4 weeks")
    if publish:
        pledge_publish(draft=draft, by=helen, today=date(2026, 12, 1))
    return draft


@pytest.mark.parametrize("publish", [True, False])
def test_loading_again_leaves_a_council_alone_once_it_has_a_later_version(publish):
    load_everything()
    draft = banes_version_2(publish=publish)
    pledges_before = serializers.serialize("json", Pledge.objects.order_by("pk"))
    promises_before = serializers.serialize("json", Promise.objects.order_by("pk"))
    measures_before = serializers.serialize("json", Measure.objects.order_by("pk"))
    output = StringIO()
    call_command("load_pledges", stdout=output)
    assert ("Bath and North East Somerset: version 2 was made in Pledge Portal, so its pledge and measures are left "
            "as they are") in output.getvalue()
    assert "Barking and Dagenham: " in output.getvalue() and "20 promises" in output.getvalue()
    assert serializers.serialize("json", Pledge.objects.order_by("pk")) == pledges_before
    assert serializers.serialize("json", Promise.objects.order_by("pk")) == promises_before
    assert serializers.serialize("json", Measure.objects.order_by("pk")) == measures_before
    measure = Measure.objects.get(council__slug="bath-and-north-east-somerset", key="social-worker-contact")
    if publish:  # the measure stays on version 2's words, with its new numbers
        assert measure.promise.section.pledge == draft and measure.params["weeks"] == 4
        assert measure.promise.text == "Your social worker will see you at least every 4 weeks"
    else:
        assert measure.promise.section.pledge.version == 1 and measure.params["weeks"] == 6

