"""Every form a young person can send, and the sign-in form, held to tests/form_properties.py's properties: never a
500; refused with the GOV.UK error summary and nothing saved, or saved exactly as typed and shown escaped."""
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from casework.models import (
    Achievement,
    CallbackRequest,
    Concern,
    ConcernAddition,
    ImportantPerson,
    ReturnToEducationRequest,
    User,
)
from pledges.models import Promise, PromiseFeedback
from notifications.models import MessagePreferences
from reviews.models import ViewsSubmission
from reviews.services import review_schedule

from .conftest import PASSWORD
from .factories import feedback_measure
from .form_properties import (  # noqa: F401 (world and frozen_today are fixtures)
    Choice,
    Day,
    Target,
    Text,
    Tick,
    choices,
    form_property,
    frozen_today,
    world,
)

pytestmark = pytest.mark.django_db


def _own(world, url, writes, model, *shown, young_person=None):
    young_person = young_person or world.young_person
    return Target(young_person.user, url, writes, record=(model, None),
                  shown_on=[(young_person.user, page) for page in dict.fromkeys([*shown, reverse("my_pledge")])])


test_asking_for_a_call_back = form_property(
    # The number is written the usual way when saved (casework.phone), so it is not read back as typed.
    {"phone": Text("07700 900982", saved_as=None), "message": Text("Please call me about school", 500, shown=True),
     "best_time": Text("After 4", 100, shown=True)},
    lambda world: _own(world, reverse("callback_request_new"), (CallbackRequest,), CallbackRequest,
                       reverse("callback_request_new")),
)

test_telling_us_about_a_worry = form_property(
    {"kind": Choice("worry", choices(Concern.Kind)), "audience": Choice("worker", choices(Concern.Audience)),
     "text": Text("Nobody listens to me at home", 3000, shown=True)},
    lambda world: _own(world, reverse("concern_new"), (Concern,), Concern, reverse("my_concerns")),
    max_examples=30,
)



def _add_to_a_worry(world):
    concern = Concern.objects.create(young_person=world.young_person, kind=Concern.Kind.WORRY,
                                     audience=Concern.Audience.WORKER, text="Nobody listens", raised_at=timezone.now())
    url = reverse("my_concern", args=[concern.pk])
    return _own(world, url, (ConcernAddition,), ConcernAddition, url, reverse("my_concerns"))


test_adding_to_a_worry = form_property({"text": Text("It happened again", 3000, shown=True)}, _add_to_a_worry,
                                       max_examples=30)


def _answer_a_promise(world):
    feedback_measure(world.council)
    promise = Promise.objects.get(section__pledge=world.pledge, text__startswith="We will work hard")
    return _own(world, reverse("feedback_new", args=[promise.pk]), (PromiseFeedback,), PromiseFeedback,
                reverse("my_pledge"))


test_saying_whether_a_promise_is_kept = form_property(
    {"answer": Choice("no", choices(PromiseFeedback.Answer)), "comment": Text("Nobody listens.", 1000, shown=True)},
    _answer_a_promise, max_examples=30,
)

test_adding_my_achievement = form_property(
    {"title": Text("Learned to swim", 200, shown=True), "achieved_on": Day(date(2026, 11, 20))},
    lambda world: _own(world, reverse("my_achievement_new"), (Achievement,), Achievement, reverse("my_achievements")),
)

test_adding_someone_who_matters_to_me = form_property(
    {"name": Text("Nan", 100, shown=True), "relationship": Text("My nan", 100, shown=True)},
    lambda world: _own(world, reverse("important_person_new"), (ImportantPerson,), ImportantPerson,
                       reverse("my_important_people")),
)


def _views(world):
    review_schedule(young_person=world.young_person, by=world.iro, iro=world.iro, scheduled_for=date(2026, 12, 15))
    target = _own(world, reverse("views_new"), (ViewsSubmission,), ViewsSubmission)
    target.shown_on.append((world.iro.user, reverse("review_list", args=[world.young_person.pk])))
    return target


test_telling_my_iro_what_i_think = form_property(
    {"text": Text("I want to see my brother more", 3000, shown=True)}, _views,
)


def _back_to_education(world):
    target = _own(world, reverse("return_to_education_new"), (ReturnToEducationRequest,), ReturnToEducationRequest,
                  young_person=world.leaver)
    target.shown_on.append((world.adviser.user, reverse("pathway_plan", args=[world.leaver.pk])))
    return target


test_asking_to_go_back_into_education = form_property(
    {"what": Text("A catering course at the college", 300, shown=True)}, _back_to_education,
)


def _sign_in(world):
    """Anonymous: check() signs out and clears allauth's count of failed sign-ins before each example."""
    return Target(None, reverse("account_login"), (User, Session))


def _sign_in_fields(email):
    return {"login": Text(email, 200, saved_as=None), "password": Text(PASSWORD, saved_as=None),
            "remember": Tick(False)}


test_signing_in_as_a_young_person = form_property(_sign_in_fields("robin@example.test"), _sign_in)
test_signing_in_as_a_worker = form_property(_sign_in_fields("sita@council.test"), _sign_in)


def _set_my_password(world):
    """Anonymous, from an invitation's link: a young person with no account yet (Kit), invited by Sita."""
    from casework.accounts.invitations import invitation_create

    from .factories import AllocationFactory, YoungPersonFactory

    kit = YoungPersonFactory(council=world.council, first_name="Kit", last_name="Rowan", user=None)
    AllocationFactory(young_person=kit, worker=world.social_worker)
    _, token = invitation_create(young_person=kit, email="kit@example.test", by=world.social_worker,
                                 now=timezone.now())
    return Target(None, reverse("invitation_accept", args=[token]), (User, Session))


test_setting_my_password_from_an_invitation = form_property(
    {"password1": Text("a-long-enough-password-7", 200, saved_as=None),
     "password2": Text("a-long-enough-password-7", 200, saved_as=None)},
    _set_my_password, max_examples=25,
)


test_asking_for_a_password_reset = form_property(
    {"email": Text("robin@example.test", saved_as=None)},
    lambda world: Target(None, reverse("account_reset_password"), (User, Session)), max_examples=25,
)


def _how_we_contact(world, user):
    url = reverse("message_preferences")
    return Target(user, url, (MessagePreferences,), record=(MessagePreferences, None), shown_on=[(user, url)])


# The number is written the usual way when saved (casework.phone), so it is not read back as typed.
test_choosing_texts = form_property(
    {"texts": Choice("yes", ("yes", "no")), "mobile": Text("07700 900982", saved_as=None)},
    lambda world: _how_we_contact(world, world.young_person.user),
)

test_choosing_how_staff_hear = form_property(
    {"how_often": Choice("each", ("digest", "each")), "texts": Choice("yes", ("yes", "no")),
     "mobile": Text("07700 900301", saved_as=None)},
    lambda world: _how_we_contact(world, world.social_worker.user),
)
