"""Every form a social worker, personal adviser or IRO can send about a young person, held to
tests/form_properties.py's properties: never a 500; refused with the GOV.UK error summary and nothing saved (or
half-saved), or saved exactly as typed and shown escaped, to staff and to the young person."""
from datetime import date, datetime, timezone

import pytest
from django.urls import reverse

from casework.family.services import achievement_add, important_person_add
from casework.leaving_care.services import pathway_plan_version_create
from casework.models import (
    CARE_PLAN_CONSIDERED_NOTES,
    CARE_PLAN_SECTIONS,
    Achievement,
    AdvocateOffer,
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    CarePlanVersion,
    CareersMeeting,
    CareLeaverYearlyOutcome,
    Concern,
    ConcernResponse,
    Contact,
    ContactKind,
    EducationStatus,
    GrantPayment,
    HealthCheck,
    IdentityReview,
    ImportantPerson,
    InTouch,
    NeedsAssessment,
    PathwayPlanVersion,
    PersonalEducationPlan,
    Placement,
    PlacementKind,
    WorkExperienceOffer,
)
from casework.contacts.services import callback_request_create
from casework.plans.services import care_plan_version_create, placement_start
from casework.worries.services import concern_raise
from pledges.models import Promise, PromiseFeedback
from pledges.services import promise_feedback_give
from reviews.models import Consultation, ConsultationMethod, IroChange, ParticipationCode, Review
from reviews.services import review_schedule

from .factories import feedback_measure
from .form_properties import (  # noqa: F401 (world and frozen_today are fixtures)
    Choice,
    Day,
    Number,
    Ref,
    Target,
    Text,
    Tick,
    choices,
    chosen,
    form_property,
    frozen_today,
    world,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
DAY = date(2026, 11, 30)
YES_NO = ("yes", "no")
TAKEN_UP = ("yes", "no", "not_yet")


def _staff(world, url_name, young_person, writes, *, record=None, args=(), shown=(), worker=None):
    """A form about `young_person` sent by their worker (Amara's personal adviser, Robin's social worker, or the
    `worker` casework.people.recording lets write it). After a save, their caseload and the young person's promises
    (whose clocks the record may move) must still show."""
    worker = worker or (world.adviser if young_person == world.leaver else world.social_worker)
    ledger_pages = [(worker.user, reverse("caseload")),
                    (worker.user, reverse("young_person_pledge", args=[young_person.pk]))]
    return Target(worker.user, reverse(url_name, args=[young_person.pk, *args]), writes,
                  record=record or (writes[0], None), shown_on=[*shown, *ledger_pages])


# --- Contacts, call-backs, care plans and placements -----------------------------------------------------------

test_logging_a_visit_or_contact = form_property(
    {"happened_on": Day(DAY), "kind": Choice("visit_home", choices(ContactKind)), "seen_alone": Choice("yes", YES_NO),
     "note": Text("We went for a walk and talked about school", 2000)},
    lambda world: _staff(world, "contact_new", world.young_person, (Contact,)),
)


def _call_back(world):
    callback_request_create(young_person=world.young_person, message="Call me", best_time="", now=NOW)
    return _staff(world, "callback_attempt_new", world.young_person, (CallbackAttempt, CallbackRequest))


test_recording_a_call_back = form_property(
    {"outcome": Choice("reached", choices(CallbackAttempt.Outcome)), "note": Text("Talked about school", 1000)},
    _call_back,
)

PLAN_WORDS = [*CARE_PLAN_SECTIONS, *CARE_PLAN_CONSIDERED_NOTES]

test_writing_a_care_plan = form_property(
    {"agreed_on": Day(DAY), **{name: Text("A settled home", shown=True) for name in CARE_PLAN_SECTIONS},
     **{name: Text("Talked about with them", 1000) for name in CARE_PLAN_CONSIDERED_NOTES}},
    lambda world: _staff(world, "care_plan_new", world.young_person, (CarePlanVersion,),
                         shown=[(world.young_person.user, reverse("my_care_plan"))]),
    max_examples=30,
)


def _care_plan_copy(world):
    plan = care_plan_version_create(young_person=world.young_person, written_by=world.social_worker,
                                    agreed_on=date(2026, 11, 1), **{name: "Written" for name in PLAN_WORDS})
    return _staff(world, "care_plan_copy_given", world.young_person, (CarePlanVersion,),
                  record=(CarePlanVersion, plan.pk), args=[plan.version])


test_recording_a_copy_of_the_care_plan_given = form_property(
    {"given_on": Day(DAY, saved_as="copy_given_on"), "how": Choice("in_person", choices(CarePlanVersion.CopyGivenHow))},
    _care_plan_copy,
)

PLACEMENT = {
    "kind": Choice("foster", choices(PlacementKind)), "carer_or_home": Text("Sam and Alex Smith", 200, shown=True),
    "started_on": Day(DAY), "distance_miles": Number("12.5"), "school_stayed_same": Choice("yes", YES_NO),
}

test_recording_a_first_placement = form_property(
    PLACEMENT, lambda world: _staff(world, "placement_new", world.young_person, (Placement,)),
)


def _move(world):
    placement_start(young_person=world.young_person, recorded_by=world.social_worker, kind="foster",
                    carer_or_home="First carers", started_on=date(2024, 1, 1), distance_miles=None,
                    school_stayed_same=True)
    return _staff(world, "placement_new", world.young_person, (Placement,))


test_recording_a_move = form_property(
    {**PLACEMENT, "advocate_offer": Choice("offered", choices(AdvocateOffer)),
     "advocate_offered_on": Day(date(2026, 11, 25), when=chosen("advocate_offer", "offered")),
     "advocate_not_offered_reason": Text("", when=chosen("advocate_offer", "not_offered")),
     "school_wish_recorded": Choice("yes", YES_NO),
     "school_wish": Text("To stay at Oak School", when=chosen("school_wish_recorded"))},
    _move, max_examples=30,
)


def _reply_to_worry(world):
    concern = concern_raise(young_person=world.young_person, kind="worry", audience="worker", text="I am worried",
                            now=NOW)
    return Target(world.social_worker.user, reverse("concern_detail", args=[concern.pk]), (ConcernResponse, Concern),
                  record=(ConcernResponse, None),
                  shown_on=[(world.young_person.user, reverse("my_concern", args=[concern.pk]))])


test_replying_to_a_worry = form_property(
    {"text": Text("We will sort it out this week", 3000, shown=True), "resolves": Tick(False)}, _reply_to_worry,
)

GRANT = {"paid_on": Day(DAY), "amount": Number("150"), "what_for": Text("Bed and bedding", 200, shown=True)}


def _grant(world, by):
    return Target(by.user, reverse("grant_payment_new", args=[world.leaver.pk]), (GrantPayment,),
                  record=(GrantPayment, None), shown_on=[(world.leaver.user, reverse("my_grant"))])


test_recording_a_grant_payment = form_property(GRANT, lambda world: _grant(world, world.adviser))
test_approving_a_grant_payment_over_the_balance = form_property(
    # The reason is only kept for a payment over what is left, so it is not read back.
    {**GRANT, "amount": Number("2500"),
     "over_balance_reason": Text("A deposit for her first flat", 1000, saved_as=None)},
    lambda world: _grant(world, world.manager),
)

test_recording_a_health_check = form_property(
    {"kind": Choice("sdq", choices(HealthCheck.Kind)), "checked_on": Day(DAY), "sdq_score": Number("12"),
     "note": Text("Doing well", 1000)},
    lambda world: _staff(world, "health_check_new", world.young_person, (HealthCheck,)),
)

# --- Education --------------------------------------------------------------------------------------------------

test_recording_a_pep = form_property(
    {"reviewed_on": Day(DAY), "school": Text("Oak Academy", 200, shown=True),
     "young_person_involved": Choice("yes", YES_NO), "targets": Text("Read every day", 3000, shown=True)},
    lambda world: _staff(world, "pep_new", world.young_person, (PersonalEducationPlan,)),
)
test_recording_work_experience = form_property(
    {"offered_on": Day(DAY), "description": Text("A week at a garage", 300, shown=True),
     "taken_up": Choice("yes", TAKEN_UP)},
    lambda world: _staff(world, "work_experience_new", world.young_person, (WorkExperienceOffer,)),
)
test_recording_education_employment_or_training = form_property(
    {"recorded_on": Day(DAY), "status": Choice("education", choices(EducationStatus.Status)),
     "where": Text("Oak College", 200, shown=True)},
    lambda world: _staff(world, "education_status_new", world.leaver, (EducationStatus,)),
)

# --- The people who matter, identity and achievements -----------------------------------------------------------

test_adding_someone_who_matters_to_them = form_property(
    {"name": Text("Jay", 100, shown=True), "relationship": Text("Brother", 100, shown=True),
     "contact_restricted": Choice("yes", YES_NO),
     "restriction_reason": Text("To keep you safe while the court decides", 2000, when=chosen("contact_restricted")),
     "restricted_on": Day(date(2026, 10, 1), when=chosen("contact_restricted")),
     "restriction_explained_on": Day(date(2026, 10, 2), when=chosen("contact_restricted"))},
    lambda world: _staff(world, "family_new", world.young_person, (ImportantPerson,),
                         shown=[(world.young_person.user, reverse("my_important_people"))]),
    max_examples=30,
)


def _restricted(world):
    person = important_person_add(young_person=world.young_person, name="Dad", relationship="Dad",
                                  added_by_young_person=False, by=world.social_worker, contact_restricted=True,
                                  restriction_reason="To keep you safe", restricted_on=date(2026, 10, 1))
    return _staff(world, "restriction_explained", world.young_person, (ImportantPerson,),
                  record=(ImportantPerson, person.pk), args=[person.pk])


test_recording_that_a_restriction_was_explained = form_property(
    {"restriction_explained_on": Day(date(2026, 11, 1))}, _restricted,
)
test_recording_an_identity_review = form_property(
    {"reviewed_on": Day(DAY), "religion_and_culture": Text("Goes to the mosque on Fridays", 2000, shown=True),
     "meeting_others": Text("A youth club", 2000), "talents_and_hobbies": Text("Football", 2000)},
    lambda world: _staff(world, "identity_new", world.young_person, (IdentityReview,)),
)
test_adding_their_achievement = form_property(
    {"title": Text("Swimming badge", 200, shown=True), "achieved_on": Day(date(2026, 11, 20))},
    lambda world: _staff(world, "achievement_new", world.young_person, (Achievement,),
                         shown=[(world.young_person.user, reverse("my_achievements"))]),
)


def _achievement(world):
    achievement = achievement_add(young_person=world.young_person, title="Swimming badge",
                                  achieved_on=date(2026, 11, 1), added_by_young_person=True)
    return _staff(world, "achievement_celebrated", world.young_person, (Achievement,),
                  record=(Achievement, achievement.pk), args=[achievement.pk])


test_recording_a_celebration = form_property(
    {"celebrated_on": Day(date(2026, 11, 20)), "how_celebrated": Text("A trip to the cinema", 300, shown=True)},
    _achievement,
)

# --- Leaving care ---------------------------------------------------------------------------------------------

PATHWAY_WORDS = ("goals", "home", "education_and_work", "money", "health_and_wellbeing")

test_writing_a_pathway_plan = form_property(
    {"agreed_on": Day(DAY), **{name: Text("To be a chef", 3000, shown=True) for name in PATHWAY_WORDS},
     "for_return_to_education": Tick(False)},
    lambda world: _staff(world, "pathway_plan_new", world.leaver, (PathwayPlanVersion,),
                         shown=[(world.leaver.user, reverse("my_pathway_plan"))]),
)


def _pathway_plan_copy(world):
    plan = pathway_plan_version_create(young_person=world.leaver, written_by=world.adviser,
                                       agreed_on=date(2026, 11, 1), **{name: "Written" for name in PATHWAY_WORDS})
    return _staff(world, "pathway_plan_copy_given", world.leaver, (PathwayPlanVersion,),
                  record=(PathwayPlanVersion, plan.pk), args=[plan.version])


test_recording_a_copy_of_the_pathway_plan_given = form_property(
    {"given_on": Day(DAY, saved_as="copy_given_on")}, _pathway_plan_copy,
)
test_recording_a_needs_assessment = form_property(
    {"completed_on": Day(DAY), "summary": Text("Needs help with money", 3000, shown=True)},
    lambda world: _staff(world, "needs_assessment_new", world.leaver, (NeedsAssessment,)),
)
test_recording_a_careers_meeting = form_property(
    {"offered_on": Day(date(2026, 11, 1)), "taken_up": Choice("yes", TAKEN_UP), "met_on": Day(date(2026, 11, 10))},
    lambda world: _staff(world, "careers_meeting_new", world.leaver, (CareersMeeting,)),
)
test_recording_an_in_touch_check = form_property(
    {"checked_on": Day(DAY), "in_touch": Choice("REFU", choices(InTouch))},
    lambda world: _staff(world, "in_touch_check_new", world.leaver, (CareLeaverYearlyOutcome,)),
)

# --- Reviews --------------------------------------------------------------------------------------------------

WORKERS = (Ref("iro"), Ref("second_iro"), Ref("social_worker"), Ref("elsewhere_manager"), "0", "-1")


# Who sends each review form (casework.people.recording): the IRO records their own consultation and the review's
# outcome, a manager changes the IRO; the social worker books a review.
REVIEW_WRITER = {"review_held": "iro", "consultation_new": "iro", "iro_change": "manager"}


def _reviews(world, url_name, writes, *, booked_for=None, record=None):
    review = booked_for and review_schedule(young_person=world.young_person, by=world.iro, iro=world.iro,
                                            scheduled_for=booked_for)
    target = _staff(world, url_name, world.young_person, writes, args=[review.pk] if review else [],
                    record=(Review, review.pk) if record == "review" else None,
                    worker=getattr(world, REVIEW_WRITER.get(url_name, "social_worker")))
    target.refs = {name: str(getattr(world, name).pk) for name in ("iro", "second_iro", "social_worker",
                                                                    "elsewhere_manager")}
    return target


test_booking_a_review = form_property(
    {"scheduled_for": Day(date(2026, 12, 15)), "iro": Choice(Ref("iro"), WORKERS)},
    lambda world: _reviews(world, "review_new", (Review,)),
)
test_recording_a_review_held = form_property(
    {"held_on": Day(date(2026, 11, 20)), "attendees": Text("Robin, Sita and Ines", 2000, shown=True),
     "participation": Choice("PN1", choices(ParticipationCode)),
     "took_part_how": Text("Spoke up for themselves", 2000),
     "decisions": Text("Stay with their carers", 10000, shown=True)},
    lambda world: _reviews(world, "review_held", (Review,), booked_for=date(2026, 11, 20), record="review"),
)
test_recording_a_consultation = form_property(
    {"consulted_on": Day(DAY), "method": Choice("face_to_face", choices(ConsultationMethod)),
     "views": Text("Wants to see her brother more", 10000, shown=True), "declined": Tick(False)},
    lambda world: _reviews(world, "consultation_new", (Consultation,), booked_for=date(2026, 12, 15)),
)
test_changing_their_iro = form_property(
    {"new_iro": Choice(Ref("second_iro"), WORKERS), "changed_on": Day(DAY),
     "reason": Text("Ines is moving to another team", 2000, shown=True), "met_before_next_review": Choice("yes", TAKEN_UP)},
    lambda world: _reviews(world, "iro_change", (IroChange, Allocation, Review)),
)

# --- Replying to what a young person says about a promise -----------------------------------------------------


def _their_no(world):
    feedback_measure(world.council)
    promise = Promise.objects.get(section__pledge=world.pledge, text__startswith="We will work hard")
    feedback = promise_feedback_give(young_person=world.young_person, promise=promise, answer="no",
                                     comment="Nobody listens.", now=NOW)
    return Target(world.social_worker.user, reverse("feedback_reply", args=[feedback.pk]), (PromiseFeedback,),
                  record=(PromiseFeedback, feedback.pk), shown_on=[(world.young_person.user, reverse("my_pledge"))])


test_replying_to_what_they_said_about_a_promise = form_property(
    {"reply": Text("I am sorry. I will call you today.", 2000, shown=True)}, _their_no,
)


# --- Accounts ------------------------------------------------------------------------------------------------------

def _invite(world):
    """Sita invites Kit, a young person on her caseload with no account yet."""
    from casework.accounts.invitations import Invitation

    from .factories import AllocationFactory, YoungPersonFactory

    kit = YoungPersonFactory(council=world.council, first_name="Kit", last_name="Rowan", user=None)
    AllocationFactory(young_person=kit, worker=world.social_worker)
    return _staff(world, "young_person_invite", kit, (Invitation,))


test_inviting_a_young_person_to_the_portal = form_property(
    {"email": Text("kit@example.test")}, _invite, max_examples=25,
)
