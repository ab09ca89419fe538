"""Whatever is typed into a form a young person or a worker sends, the portal never crashes: either it is saved
exactly as typed (less the spaces around it) and shown escaped, or the page says what is wrong and nothing is saved.

A fixed table of hostile text (script, huge, NUL, emoji, right-to-left override, only spaces) sent to each form's
free-text field: the cases named here always run, and read plainly. The wider, property-based version is
tests/test_forms_properties_*.py: hypothesis sends random and hostile answers to every field of every form (dates,
numbers, choices and missing fields as well as text), and holds each to the same promise.
"""
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Achievement, CallbackRequest, Concern, Contact
from pledges.models import Promise, PromiseFeedback
from pledges.services import promise_feedback_give

from .factories import feedback_measure

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('hi')</script>"
HOSTILE = [
    pytest.param(SCRIPT, id="script"),
    pytest.param("x" * 100_000, id="huge"),
    pytest.param("a\x00b", id="nul"),
    pytest.param("😀🏳️‍🌈" * 100, id="emoji"),
    pytest.param("\u202eevil", id="right-to-left"),
    pytest.param("   ", id="only-spaces"),
    pytest.param("' OR 1=1 --", id="sql"),
]
SHARED = "We will work hard to sort out any problems or worries"
TODAY = date.today()


def today(name: str) -> dict:
    return {f"{name}_0": TODAY.day, f"{name}_1": TODAY.month, f"{name}_2": TODAY.year}


def promise(people, small_pledge) -> Promise:
    feedback_measure(people.council)
    return Promise.objects.get(section__pledge=small_pledge, text=SHARED)


def young_persons_no(people, small_pledge) -> PromiseFeedback:
    return promise_feedback_give(young_person=people.young_person, promise=promise(people, small_pledge),
                                 answer="no", comment="Nobody listens.", now=timezone.now())


# (who sends it, form's URL, the form's other fields, the text field, the model it saves, where it is shown)
FORMS = {
    "call-back request": lambda people, pledge: (
        people.young_person.user, reverse("callback_request_new"), {"best_time": "After 4"}, "message",
        CallbackRequest, []),
    "worry": lambda people, pledge: (
        people.young_person.user, reverse("concern_new"), {"kind": "worry", "audience": "worker"}, "text",
        Concern, [reverse("my_concerns")]),
    "answer about a promise": lambda people, pledge: (
        people.young_person.user, reverse("feedback_new", args=[promise(people, pledge).pk]), {"answer": "no"},
        "comment", PromiseFeedback, [reverse("my_pledge")]),
    "achievement": lambda people, pledge: (
        people.young_person.user, reverse("my_achievement_new"), today("achieved_on"), "title", Achievement,
        [reverse("my_achievements")]),
    "contact": lambda people, pledge: (
        people.social_worker.user, reverse("contact_new", args=[people.young_person.pk]),
        {**today("happened_on"), "kind": "visit_home", "seen_alone": "yes"}, "note", Contact, []),
}


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("form", FORMS)
def test_hostile_text_is_saved_exactly_and_shown_escaped_or_refused_with_nothing_saved(
    client, people, small_pledge, form, text,
):
    user, url, fields, field, model, shown_on = FORMS[form](people, small_pledge)
    client.force_login(user)
    before = model.objects.count()
    response = client.post(url, {**fields, field: text})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
        assert model.objects.count() == before
        return
    assert model.objects.count() == before + 1
    assert getattr(model.objects.latest("pk"), field) == text.strip()
    pages = [client.get(page).content.decode() for page in [response["Location"], *shown_on]]
    assert not any(SCRIPT in page for page in pages)
    if text == SCRIPT and shown_on:
        assert any("&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page for page in pages)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_reply_is_saved_exactly_and_shown_escaped_to_the_young_person_or_refused(
    client, people, small_pledge, text,
):
    feedback = young_persons_no(people, small_pledge)
    client.force_login(people.social_worker.user)
    response = client.post(reverse("feedback_reply", args=[feedback.pk]), {"reply": text})
    assert response.status_code in (200, 302)
    feedback.refresh_from_db()
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
        assert feedback.replied_at is None
        return
    assert feedback.reply == text.strip()
    client.force_login(people.young_person.user)
    page = client.get(reverse("my_pledge")).content.decode()
    assert SCRIPT not in page
    if text == SCRIPT:
        assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page
