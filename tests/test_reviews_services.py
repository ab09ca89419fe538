"""Reviews chaired by the IRO, through the services: booking, the consultation before, recording the review held, a
young person's views sent from the portal, and changing IRO; bad input gives the error and saves nothing."""
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casework.models import Allocation, Role
from reviews.models import ConsultationMethod, IroChange, ParticipationCode
from reviews.services import consultation_record, iro_change, review_record_held, review_schedule, views_submit

from .factories import WorkerFactory, YoungPersonFactory
from .review_helpers import NEXT_REVIEW, NOW, ReviewFactory, TODAY, counts
from .review_helpers import booked, frozen_clock  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LAST_REVIEW = date(2026, 6, 10)


# --- services: the happy paths ---------------------------------------------------------------------------


def test_review_schedule_books_a_review_chaired_by_the_iro(people):
    review = review_schedule(by=people.iro, young_person=people.young_person, iro=people.iro, scheduled_for=NEXT_REVIEW)
    review.refresh_from_db()
    assert (review.young_person, review.iro, review.scheduled_for, review.held_on) == (
        people.young_person, people.iro, NEXT_REVIEW, None)


def test_a_review_can_be_booked_for_a_past_date_and_recorded_later(people):
    review = review_schedule(by=people.iro, young_person=people.young_person, iro=people.iro, scheduled_for=LAST_REVIEW)
    assert review.scheduled_for == LAST_REVIEW


def test_review_record_held_saves_who_came_how_they_took_part_and_the_decisions(people):
    review = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=LAST_REVIEW)
    review_record_held(by=people.iro, review=review, held_on=date(2026, 6, 12), attendees="Rob, foster carer, Sita",
                       participation=ParticipationCode.PN1, took_part_how="Chaired part of it",
                       decisions="Stay at current placement")
    review.refresh_from_db()
    assert (review.held_on, review.participation, review.attendees, review.took_part_how, review.decisions) == (
        date(2026, 6, 12), "PN1", "Rob, foster carer, Sita", "Chaired part of it", "Stay at current placement")


def test_a_review_already_held_cannot_be_recorded_again(people):
    review = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=LAST_REVIEW,
                           held_on=LAST_REVIEW, participation=ParticipationCode.PN1)
    with pytest.raises(ValidationError, match="already recorded as held on 10 June 2026"):
        review_record_held(by=people.iro, review=review, held_on=date(2026, 6, 11), attendees="", participation="PN7",
                           took_part_how="", decisions="")
    review.refresh_from_db()
    assert (review.held_on, review.participation) == (LAST_REVIEW, "PN1")


def test_consultation_record_keeps_the_young_persons_own_words(booked, people):
    consultation_record(by=people.iro, review=booked, iro=people.iro, consulted_on=TODAY, method=ConsultationMethod.FACE_TO_FACE,
                        views="  I like my school. I want to stay.  ", declined=False)
    consultation = booked.consultations.get()
    assert (consultation.iro, consultation.consulted_on, consultation.method, consultation.views,
            consultation.declined) == (people.iro, TODAY, "face_to_face", "I like my school. I want to stay.", False)


def test_a_young_person_may_choose_not_to_give_views(booked, people):
    consultation_record(by=people.iro, review=booked, iro=people.iro, consulted_on=TODAY, method=ConsultationMethod.PHONE,
                        views="", declined=True)
    assert list(booked.consultations.values_list("declined", "views")) == [(True, "")]


def test_views_submit_sends_the_young_persons_views_to_their_upcoming_review(booked, people):
    submission = views_submit(young_person=people.young_person, review=booked, text="Please can I have a phone.",
                              now=NOW)
    assert list(booked.views_submissions.values_list("pk", "young_person", "text", "submitted_at")) == [
        (submission.pk, people.young_person.pk, "Please can I have a phone.", NOW)]


def test_views_can_be_sent_on_the_day_of_the_review(people):
    review = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=TODAY)
    views_submit(young_person=people.young_person, review=review, text="See you later.", now=NOW)
    assert review.views_submissions.count() == 1


def test_iro_change_ends_the_old_iro_allocation_and_opens_the_new_one(booked, people):
    new_iro = WorkerFactory(council=people.council, team=None, role=Role.IRO, name="Nia Newiro")
    change = iro_change(by=people.manager, young_person=people.young_person, new_iro=new_iro, changed_on=TODAY,
                        reason="Ines has retired", met_before_next_review=None)
    change.refresh_from_db()
    assert (change.previous_iro, change.new_iro, change.changed_on, change.reason, change.met_before_next_review) == (
        people.iro, new_iro, TODAY, "Ines has retired", None)
    iro_history = Allocation.objects.filter(young_person=people.young_person, role=Role.IRO).order_by("started_on")
    assert [(a.worker, a.started_on, a.ended_on) for a in iro_history] == [
        (people.iro, date(2024, 1, 1), TODAY), (new_iro, TODAY, None)]
    # The social worker's allocation is untouched.
    assert people.young_person.allocations.get(role=Role.SOCIAL_WORKER).ended_on is None
    # The new IRO chairs the review booked after the change.
    booked.refresh_from_db()
    assert booked.iro == new_iro


def test_iro_change_leaves_reviews_already_held_with_the_iro_who_chaired_them(people):
    held = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=LAST_REVIEW,
                         held_on=LAST_REVIEW, participation=ParticipationCode.PN1)
    new_iro = WorkerFactory(council=people.council, role=Role.IRO)
    iro_change(by=people.manager, young_person=people.young_person, new_iro=new_iro, changed_on=TODAY, reason="Caseload",
               met_before_next_review=True)
    held.refresh_from_db()
    assert held.iro == people.iro


def test_a_first_iro_is_recorded_with_no_previous_iro(people):
    new_iro = WorkerFactory(council=people.council, role=Role.IRO)
    iro_change(by=people.manager, young_person=people.other_young_person, new_iro=new_iro, changed_on=TODAY, reason="First IRO",
               met_before_next_review=True)
    change = IroChange.objects.get()
    assert (change.previous_iro, change.new_iro) == (None, new_iro)
    assert people.other_young_person.allocations.get(role=Role.IRO).worker == new_iro


# --- services: bad input gives the error and saves nothing ------------------------------------------------


@pytest.mark.parametrize(
    ("scheduled_for", "iro", "field", "message"),
    [
        (date(2022, 5, 31), "iro", "scheduled_for",
         "The review date must be on or after the day they came into care (1 June 2022)"),
        (NEXT_REVIEW, "social_worker", "iro", "Choose an Independent Reviewing Officer"),
        (NEXT_REVIEW, "elsewhere_iro", "iro",
         "Choose an Independent Reviewing Officer from the young person's council"),
    ],
)
def test_a_bad_review_booking_is_refused_and_nothing_is_saved(people, scheduled_for, iro, field, message):
    people.elsewhere_iro = WorkerFactory(council=people.elsewhere, role=Role.IRO)
    before = counts()
    with pytest.raises(ValidationError) as raised:
        review_schedule(by=people.iro, young_person=people.young_person, iro=getattr(people, iro), scheduled_for=scheduled_for)
    assert raised.value.message_dict[field] == [message]
    assert counts() == before


@time_machine.travel(NOW, tick=False)
def test_a_review_can_be_booked_up_to_a_year_ahead_and_no_further(people):
    review_schedule(by=people.iro, young_person=people.young_person, iro=people.iro, scheduled_for=date(2027, 11, 24))  # 366 days
    before = counts()
    with pytest.raises(ValidationError) as raised:
        review_schedule(by=people.iro, young_person=people.young_person, iro=people.iro, scheduled_for=date(2027, 11, 25))
    assert raised.value.message_dict["scheduled_for"] == ["The review date must be within a year from today"]
    assert counts() == before


@pytest.mark.parametrize(
    ("held_on", "participation", "field", "message"),
    [
        (date(2026, 11, 24), "PN1", "held_on", "The date the review was held must be today or in the past"),
        (date(2022, 5, 31), "PN1", "held_on",
         "The date the review was held must be on or after the day they came into care (1 June 2022)"),
        (date(2026, 6, 10), "", "participation", "Select how they took part in their review"),
        (date(2026, 6, 10), "PN0", "participation", "PN0 is only for a child under 4 at the time of the review"),
    ],
)
def test_a_bad_held_review_is_refused_and_the_review_stays_booked(people, held_on, participation, field, message):
    review = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=LAST_REVIEW)
    with pytest.raises(ValidationError) as raised:
        review_record_held(by=people.iro, review=review, held_on=held_on, attendees="Rob", participation=participation,
                           took_part_how="", decisions="Carry on")
    assert raised.value.message_dict[field] == [message]
    review.refresh_from_db()
    assert (review.held_on, review.participation, review.attendees, review.decisions) == (None, "", "", "")


def test_a_child_under_4_at_their_review_is_recorded_as_pn0(people):
    toddler = YoungPersonFactory(council=people.council, date_of_birth=date(2024, 1, 5),
                                 became_looked_after_on=date(2025, 2, 1))
    review = ReviewFactory(young_person=toddler, iro=people.iro, scheduled_for=LAST_REVIEW)
    with pytest.raises(ValidationError, match="under 4 at the time of the review: select PN0"):
        review_record_held(by=people.manager, review=review, held_on=LAST_REVIEW, attendees="", participation="PN3",
                           took_part_how="", decisions="")
    review_record_held(by=people.manager, review=review, held_on=LAST_REVIEW, attendees="", participation="PN0",
                       took_part_how="", decisions="")
    review.refresh_from_db()
    assert review.participation == "PN0"


@pytest.mark.parametrize(
    ("scheduled_for", "held_on", "consulted_on", "iro", "views", "declined", "field", "message"),
    [
        (date(2026, 11, 10), None, date(2026, 11, 11), "iro", "Fine", False, "consulted_on",
         "The consultation must be on or before the review (10 November 2026)"),
        (date(2026, 11, 10), date(2026, 11, 20), date(2026, 11, 21), "iro", "Fine", False, "consulted_on",
         "The consultation must be on or before the review (20 November 2026)"),
        (NEXT_REVIEW, None, date(2026, 11, 24), "iro", "Fine", False, "consulted_on",
         "The date they were consulted must be today or in the past"),
        (NEXT_REVIEW, None, date(1, 1, 1), "iro", "Fine", False, "consulted_on",
         "The date they were consulted must be after their date of birth"),
        (NEXT_REVIEW, None, TODAY, "social_worker", "Fine", False, "iro", "Choose an Independent Reviewing Officer"),
        (NEXT_REVIEW, None, TODAY, "iro", "  ", False, "views",
         "Enter their views in their own words, or tick ‘They chose not to give views’"),
        (NEXT_REVIEW, None, TODAY, "iro", "Fine", True, "views",
         "Leave their views empty if they chose not to give views, or untick the box"),
    ],
)
def test_a_bad_consultation_is_refused_and_nothing_is_saved(
    people, scheduled_for, held_on, consulted_on, iro, views, declined, field, message
):
    review = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=scheduled_for,
                           held_on=held_on, participation="PN1" if held_on else "")
    before = counts()
    with pytest.raises(ValidationError) as raised:
        consultation_record(by=people.iro, review=review, iro=getattr(people, iro), consulted_on=consulted_on,
                            method=ConsultationMethod.VIDEO, views=views, declined=declined)
    assert raised.value.message_dict[field] == [message]
    assert counts() == before


@pytest.mark.parametrize(
    ("which", "text", "message"),
    [
        ("held", "Hello", "This review has already happened"),
        ("past", "Hello", "This review has already happened"),
        ("another_young_persons", "Hello", "Choose one of your own reviews"),
        ("upcoming", "   ", "Write what you would like your IRO to know"),
        ("upcoming", "x" * 3001, "What you write must be 3,000 characters or fewer"),
    ],
)
def test_views_go_only_to_the_young_persons_own_upcoming_review(people, which, text, message):
    review = {
        "held": lambda: ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=TODAY,
                                      held_on=TODAY, participation="PN1"),
        "past": lambda: ReviewFactory(young_person=people.young_person, iro=people.iro,
                                      scheduled_for=date(2026, 11, 22)),
        "another_young_persons": lambda: ReviewFactory(young_person=people.other_young_person, iro=people.iro),
        "upcoming": lambda: ReviewFactory(young_person=people.young_person, iro=people.iro),
    }[which]()
    before = counts()
    with pytest.raises(ValidationError, match=message):
        views_submit(young_person=people.young_person, review=review, text=text, now=NOW)
    assert counts() == before


@pytest.mark.parametrize(
    ("new_iro", "changed_on", "reason", "field", "message"),
    [
        ("social_worker", TODAY, "Retired", "new_iro", "Choose an Independent Reviewing Officer"),
        ("elsewhere_iro", TODAY, "Retired", "new_iro",
         "Choose an Independent Reviewing Officer from the young person's council"),
        ("iro", TODAY, "Retired", "new_iro", "Ines Reviewer is already their IRO: choose a different IRO"),
        ("second_iro", TODAY, "  ", "reason", "Enter why their IRO is changing"),
        ("second_iro", date(2023, 12, 31), "Retired", "changed_on",
         "The date of the change must be on or after Ines Reviewer became their IRO (1 January 2024)"),
        # A change takes effect when saved: a date in the future would hand the record to the new IRO early.
        ("second_iro", date(2026, 11, 24), "Retired", "changed_on", "The date of the change must be today or in the past"),
        ("second_iro", date(9999, 12, 31), "Retired", "changed_on", "The date of the change must be today or in the past"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_iro_change_is_refused_and_the_allocations_stay_as_they_were(
    people, booked, new_iro, changed_on, reason, field, message
):
    people.elsewhere_iro = WorkerFactory(council=people.elsewhere, role=Role.IRO)
    people.second_iro = WorkerFactory(council=people.council, role=Role.IRO)
    before = counts()
    with pytest.raises(ValidationError) as raised:
        iro_change(by=people.manager, young_person=people.young_person, new_iro=getattr(people, new_iro), changed_on=changed_on,
                   reason=reason, met_before_next_review=None)
    assert raised.value.message_dict[field] == [message]
    assert counts() == before
    booked.refresh_from_db()
    assert booked.iro == people.iro
