"""The one registry of what moves a ledger clock. The ledger (recompute.py), the signals (pledges.signals) and the
explanations (each declaration's word) all read it.

RECORDS below: each kind of record that moves a clock, declared once: its model, the path to the young person,
which date is the event (and which the answer, for "within" rules) and the word an explanation uses.
COUNTS: what each measure's params["counts"] reads, and how: `Every` for "every" rules, `Within` for "within"
rules. Which measures a saved record moves follows from COUNTS (`moved_by`), so the signals need no table of
their own. Adding a kind of record is one declaration and its line in COUNTS, e.g. a yearly dentist letter:

    LETTERS = Records(DentistLetter, on="sent_on", word="letter")
    COUNTS["dentist_letter"] = Every(LETTERS)
"""
from django.db.models.functions import Coalesce

from casework.leaving_care.in_touch import IN_TOUCH_AGES, WINDOW_MONTHS_BEFORE
from casework.models import (
    Achievement,
    AdvocateOffer,
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    CareersMeeting,
    CarePlanVersion,
    CareLeaverYearlyOutcome,
    Concern,
    Contact,
    ContactKind,
    CouncilAccommodation,
    EducationStatus,
    HealthCheck,
    IdentityReview,
    ImportantPerson,
    MissingEpisode,
    LegalStatus,
    NeedsAssessment,
    NewEpisodeReason,
    PathwayPlanVersion,
    PersonalEducationPlan,
    Placement,
    ReturnToEducationRequest,
    Role,
    StayingCloseRequest,
    WorkExperienceOffer,
    visit_schedule_expression,
)
from reviews.models import Consultation, Review

from ..models import PromiseFeedback
from .sources import AroundBirthdays, Every, Records, Within

# --- RECORDS -----------------------------------------------------------------------------------------

# How each kind of contact is named in a ledger row's explanation ("6 weeks after the visit on …").
CONTACTS = Records(Contact, on="happened_on", tag="kind", word="contact",
                   words={"visit_home": "visit", "visit_elsewhere": "visit", "phone": "phone call", "video": "video call"})
CALLBACK_REQUESTS = Records(CallbackRequest, on="requested_at", word="request")
# The first call that reached them, in time order, answers the request.
CALLS_REACHED = Records(CallbackAttempt, on="attempted_at", word="call", person="request.young_person",
                        link="request_id", filters={"outcome": CallbackAttempt.Outcome.REACHED}, order=("attempted_at",))
# An SSDA903 episode for a change of legal status only (RNE "L") is neither a new placement nor a move: the young
# person stays where they are (casework.plans.episodes).
NOT_A_PLACEMENT_CHANGE = {"rne": NewEpisodeReason.LEGAL_STATUS}
# Tagged with the placement's visit schedule (regulation 28: pledges.visit_schedule).
PLACEMENTS = Records(Placement, on="started_on", word="new_placement", exclude=NOT_A_PLACEMENT_CHANGE,
                     tag=visit_schedule_expression())
# A move, kept (for advocate_offer) when an advocate was offered on or before it.
MOVES = Records(Placement, on="started_on", word="move", tag="advocate_offer", filters={"is_move": True},
                exclude=NOT_A_PLACEMENT_CHANGE, answered_on="advocate_offered_on", answer_word="advocate_offered",
                order=("started_on",))
CARE_PLANS = Records(CarePlanVersion, on="agreed_on", word="care_plan",
                     answered_on="copy_given_on", answer_word="copy_given")
REVIEWS_HELD = Records(Review, on="held_on", word="review")
# Each review, due on its date (held, or planned).
REVIEWS = Records(Review, on=Coalesce("held_on", "scheduled_for"), word="review")
# The IRO's consultation before a review. Its row names the review (the page that records it), not itself.
CONSULTATIONS = Records(Consultation, on="consulted_on", word="consultation", person="review.young_person",
                        link="review_id", ident="review_id")
# The kind of check is its own word ("health_assessment", "dental", "optician"): rules.PHRASES says it in full.
HEALTH_CHECKS = Records(HealthCheck, on="checked_on", tag="kind")
INITIAL_HEALTH_ASSESSMENTS = Records(HealthCheck, on="checked_on", word="initial_health_assessment", tag="kind",
                                     filters={"kind": HealthCheck.Kind.INITIAL_HEALTH_ASSESSMENT},
                                     order=("checked_on", "pk"))
# Each placement as a span (its start to its end): a birthday inside one was spent in care.
IN_CARE = Records(Placement, on="started_on", answered_on="ended_on", word="placement")
# The SSDA903 OC3 check (from the return, or recorded in the portal), on the day it was made.
IN_TOUCH_CHECKS = Records(CareLeaverYearlyOutcome, on="checked_on", word="in_touch_check", exclude={"in_touch": ""})
CONCERNS = Records(Concern, on="raised_at", word="concern", answered_on="acknowledged_at", answer_word="acknowledged")
# Each "no" or "not really" (this promise is not being kept) that says why (PromiseFeedback.needs_reply), answered by the
# reply. A later answer about the same promise does not stop the clock: what they told us is still owed a reply.
FEEDBACK = Records(PromiseFeedback, on="given_at", word="feedback", answered_on="replied_at", answer_word="reply",
                   filters={"answer__in": PromiseFeedback.OWED_A_REPLY}, exclude={"comment": ""})
LISTS_CHECKED = Records(ImportantPerson, on="confirmed_on", word="list_checked")
RESTRICTIONS = Records(ImportantPerson, on="restricted_on", word="contact_restricted", filters={"contact_restricted": True},
                       answered_on="restriction_explained_on", answer_word="explained")
IDENTITY_REVIEWS = Records(IdentityReview, on="reviewed_on", word="identity_review")
ACHIEVEMENTS = Records(Achievement, on="achieved_on", word="achievement",
                       answered_on="celebrated_on", answer_word="celebration")
CELEBRATIONS = Records(Achievement, on="celebrated_on", word="celebration")
PEPS = Records(PersonalEducationPlan, on="reviewed_on", word="pep")
WORK_EXPERIENCE = Records(WorkExperienceOffer, on="offered_on", word="work_experience_offer")
EDUCATION_CHECKS = Records(EducationStatus, on="recorded_on", word="education_check")
NEEDS_ASSESSMENTS = Records(NeedsAssessment, on="completed_on", word="needs_assessment")
PATHWAY_PLANS = Records(PathwayPlanVersion, on="agreed_on", word="pathway_plan",
                        answered_on="copy_given_on", answer_word="copy_given")
PLANS_FOR_EDUCATION = Records(PathwayPlanVersion, on="agreed_on", word="new_pathway_plan",
                              filters={"for_return_to_education": True})
RETURN_REQUESTS = Records(ReturnToEducationRequest, on="asked_on", word="request_to_return")
CAREERS_OFFERS = Records(CareersMeeting, on="offered_on", word="careers_offer")
# A missing episode (or time away without permission) is answered by the return interview offered after they came
# back: an episode still going on starts no clock.
RETURNS = Records(MissingEpisode, on="ended_on", word="return_from_missing", answered_on="return_interview_offered_on",
                  answer_word="return_interview_offered")
STAYING_CLOSE_REQUESTS = Records(StayingCloseRequest, on="asked_on", word="staying_close_request",
                                 answered_on="answered_on", answer_word="staying_close_answer")
# A care leaver's home the council provides (regulation 8), from the day they moved in to the day they moved out.
COUNCIL_HOMES = Records(CouncilAccommodation, on="started_on", word="council_accommodation", answered_on="ended_on")
ADVISER_VISITS = Records(Contact, on="happened_on", word="adviser_visit",
                         filters={"worker__role": Role.PERSONAL_ADVISER, "kind__in": sorted(ContactKind.visits())})
ADVISERS = Records(Allocation, on="started_on", word="personal_adviser_allocated", filters={"role": Role.PERSONAL_ADVISER})

# --- COUNTS ------------------------------------------------------------------------------------------

COUNTS: dict[str, Every | Within | AroundBirthdays] = {
    # "every" rules: each record meets the open cycle and starts the next.
    "contact": Every(CONTACTS),
    "keep_in_touch": Every(CONTACTS),
    "visit": Every(CONTACTS, tags=frozenset(ContactKind.visits()), restarts=PLACEMENTS, restarts_when="placement",
                   reviews=REVIEWS_HELD),
    "review": Every(REVIEWS_HELD),
    "care_plan": Every(CARE_PLANS),
    # The initial health assessment is the first health assessment: the review ones are due from it.
    "health_assessment": Every(HEALTH_CHECKS, tags=frozenset({"health_assessment", "initial_health_assessment"})),
    "sdq": Every(HEALTH_CHECKS, tags=frozenset({"sdq"})),  # a score, or the 903's reason there is none
    "dental": Every(HEALTH_CHECKS, tags=frozenset({"dental"})),
    "optician": Every(HEALTH_CHECKS, tags=frozenset({"optician"})),
    "stay_in_touch": Every(LISTS_CHECKED),
    "pep": Every(PEPS),
    "work_experience": Every(WORK_EXPERIENCE),
    "eet": Every(EDUCATION_CHECKS),
    "identity": Every(IDENTITY_REVIEWS),
    "celebration": Every(CELEBRATIONS),
    "pathway_plan": Every(PATHWAY_PLANS),
    "careers": Every(CAREERS_OFFERS),
    # Regulation 8: while the council provides their accommodation, their personal adviser visits.
    "adviser_visit": Every(ADVISER_VISITS, windows=COUNCIL_HOMES),
    # "within" rules: each trigger answered in time.
    "callback": Within(CALLBACK_REQUESTS, answer=CALLS_REACHED, how="linked"),
    "concern": Within(CONCERNS),
    "feedback": Within(FEEDBACK),
    "restriction_explained": Within(RESTRICTIONS),
    "achievement_celebrated": Within(ACHIEVEMENTS),
    "pathway_plan_copy": Within(PATHWAY_PLANS, word="new_pathway_plan"),
    "care_plan_copy": Within(CARE_PLANS, word="new_care_plan"),
    "needs_assessment": Within(age=16, answer=NEEDS_ASSESSMENTS, how="first"),
    "pathway_plan_created": Within(age=16, answer=PATHWAY_PLANS, how="first"),
    "personal_adviser": Within(age=16, answer=ADVISERS, how="first"),
    "return_to_education": Within(RETURN_REQUESTS, answer=PLANS_FOR_EDUCATION, how="on_or_after"),
    "move_review": Within(MOVES, answer=REVIEWS_HELD, how="on_or_after"),
    # Moves that were not emergencies: kept when an advocate was offered on or before the move.
    "advocate_offer": Within(MOVES, skip_tags=frozenset({AdvocateOffer.NOT_OFFERED_EMERGENCY})),
    "consultation": Within(REVIEWS, answer=CONSULTATIONS, how="linked"),
    "return_interview": Within(RETURNS),
    "staying_close": Within(STAYING_CLOSE_REQUESTS),
    "initial_health_assessment": Within(came_into_care=True, answer=INITIAL_HEALTH_ASSESSMENTS, how="on_or_after"),
    # SSDA903 OC3: the council's check whether it is in touch, around each of a care leaver's 17th to 21st birthdays.
    "in_touch": AroundBirthdays(IN_TOUCH_CHECKS, ages=tuple(IN_TOUCH_AGES), months_before=WINDOW_MONTHS_BEFORE,
                                not_while=IN_CARE, legal_status=LegalStatus.CARE_LEAVER),
}


def moved_by() -> dict[type, tuple[str, frozenset[str]]]:
    """Each model whose saving can move a clock: the path from a record to its young person, and the counts it
    moves (pledges.signals connects one receiver to each)."""
    moved: dict[type, tuple[str, set[str]]] = {}
    for counts, reads in COUNTS.items():
        for records in reads.reads():
            person, moves = moved.setdefault(records.model, (records.person, set()))
            if person != records.person:
                raise ValueError(f"{records.model.__name__} reaches its young person two ways")
            moves.add(counts)
    return {model: (person, frozenset(moves)) for model, (person, moves) in moved.items()}
