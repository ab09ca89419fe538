"""What every URL that takes a POST writes, for the access matrices (tests/test_access_matrix.py for GETs,
tests/test_write_matrix.py for POSTs). A new form fails tests/test_write_matrix.py until it is declared here.

RECORD_WRITES: the staff pages that save a record about a young person (or, for a manager, about the council's staff),
with the kind of record
(casework.people.recording.Record). WRITERS then says, independently of casework.people.recording.RULES, who of the demo
cast may write each kind: that is the rule of finding 9 of issue 12 written out for the people the tests use.
OTHER_POSTS: every other URL that takes a POST, with why it is not a staff record write.
"""
from casework.people.recording import Record

RECORD_WRITES = {
    "contact_new": Record.CONTACT,
    "callback_attempt_new": Record.CALLBACK_ATTEMPT,
    "care_plan_new": Record.CARE_PLAN,
    "care_plan_copy_given": Record.CARE_PLAN,
    "placement_new": Record.PLACEMENT,
    "missing_episode_new": Record.MISSING_EPISODE,
    "missing_episode_return": Record.MISSING_EPISODE,
    "health_check_new": Record.HEALTH_CHECK,
    "family_new": Record.FAMILY,
    "important_person_confirm": Record.FAMILY,
    "restriction_explained": Record.FAMILY,
    "identity_new": Record.IDENTITY,
    "achievement_new": Record.ACHIEVEMENT,
    "achievement_celebrated": Record.ACHIEVEMENT,
    "pep_new": Record.EDUCATION,
    "work_experience_new": Record.EDUCATION,
    "education_status_new": Record.EDUCATION,
    "pathway_plan_new": Record.PATHWAY_PLAN,
    "pathway_plan_copy_given": Record.PATHWAY_PLAN,
    "needs_assessment_new": Record.PATHWAY_PLAN,
    "careers_meeting_new": Record.PATHWAY_PLAN,
    "staying_close_answer": Record.PATHWAY_PLAN,
    "council_accommodation_new": Record.PATHWAY_PLAN,
    "council_accommodation_end": Record.PATHWAY_PLAN,
    "in_touch_check_new": Record.PATHWAY_PLAN,
    "grant_payment_new": Record.GRANT_PAYMENT,
    "young_person_invite": Record.INVITATION,
    "review_new": Record.REVIEW_BOOKING,
    "review_held": Record.REVIEW_OUTCOME,
    "consultation_new": Record.CONSULTATION,
    "iro_change": Record.IRO_CHANGE,
    "concern_detail": Record.CONCERN_REPLY,  # the reply form posts to the concern's page
    "concern_acknowledge": Record.CONCERN_REPLY,
    "feedback_reply": Record.FEEDBACK_REPLY,
    # casework.staffing: a manager's alone. Adding a young person, a team's duty worker and a worker's absence are
    # council records (no young person in the address): their pages are MANAGER or MANAGER_RECORD pages.
    "young_person_new": Record.YOUNG_PERSON_NEW,
    "allocation_move": Record.ALLOCATION,
    "team_duty": Record.TEAM_DUTY,
    "worker_absence": Record.WORKER_ABSENCE,
}

YOUNG_PERSONS_OWN = "a young person writes their own (their id comes from the login, never the URL): staff get a 404"
MANAGERS_ONLY = "the council's pledge, not a young person's record: managers only (pledges.version_views)"

OTHER_POSTS = {
    "callback_request_new": YOUNG_PERSONS_OWN,
    "concern_new": YOUNG_PERSONS_OWN,
    "my_concern": YOUNG_PERSONS_OWN,  # adding to a worry they sent: the form posts to the worry's page
    "important_person_new": YOUNG_PERSONS_OWN,
    "my_achievement_new": YOUNG_PERSONS_OWN,
    "views_new": YOUNG_PERSONS_OWN,
    "feedback_new": YOUNG_PERSONS_OWN,
    "return_to_education_new": YOUNG_PERSONS_OWN,
    "staying_close_new": YOUNG_PERSONS_OWN,
    "notifications_mark_read": "the signed-in person's own notifications, nobody's record",
    "message_preferences": "how the signed-in person (staff or young person) hears from us, nobody else's record",
    "invitation_accept": "the young person setting their password from their email's link, signed out",
    "worker_deactivate": "a worker's login, not a young person's record: managers only (casework.accounts)",
    "pledge_draft_new": MANAGERS_ONLY,
    "pledge_draft_promise_edit": MANAGERS_ONLY,
    "pledge_draft_promise_retire": MANAGERS_ONLY,
    "pledge_draft_promise_add": MANAGERS_ONLY,
    "pledge_draft_measure_change": MANAGERS_ONLY,
    "pledge_draft_publish": MANAGERS_ONLY,
    "measuring_from_edit": "the council's date it measures promises from, not a young person's record: managers only "
                           "(pledges.start_date_views)",
    "returns_imports": "the council's files to import, checked first and imported only once a manager confirms: "
                       "managers only (returns.uploads)",
    "returns_import_confirm": "a manager confirming the import of files already checked: managers only "
                              "(returns.uploads)",
    "returns_export_903": "a manager asking for the council's SSDA903 return to be prepared for download (a Celery "
                          "task builds it): managers only (returns.downloads)",
    "returns_export_annex_a": "a manager asking for the council's Annex A lists to be prepared for download: managers "
                              "only (returns.downloads)",
}

# Cells of the POST matrix that differ from tests/test_access_matrix.py's rule, with why.
POST_EXCEPTIONS = {
    ("concern_acknowledge", "tom"): 404,  # Jade sent this worry to her social worker, not her IRO
}

# Pages that only read but answer any method (no require_GET): the walk checks that a POST writes nothing there.
READS = {"home", "my_pledge", "my_people", "caseload", "iro_reviews", "young_person_overview", "young_person_pledge", "young_person_people",
         "notifications", "my_record", "compliance_dashboard", "dashboard_measure", "dashboard_feedback",
         "in_care_council", "dashboard_workers", "dashboard_worker", "dashboard_worker_rows", "dashboard_stability",
         "dashboard_stability_list", "health_checks", "review_list", "manage", "young_person_workers"}

# Who writes each kind, besides a manager of the young person's council (who may write every kind):
OWN_WORKER, IRO = "own worker", "iro"  # their allocated social worker or personal adviser; their allocated IRO
WRITERS = {
    Record.CONTACT: {OWN_WORKER},
    Record.CALLBACK_ATTEMPT: {OWN_WORKER},  # and the team's duty worker while they are away (not in the demo)
    Record.CARE_PLAN: {OWN_WORKER},
    Record.PLACEMENT: {OWN_WORKER},
    Record.MISSING_EPISODE: {OWN_WORKER},
    Record.HEALTH_CHECK: {OWN_WORKER},
    Record.FAMILY: {OWN_WORKER},
    Record.IDENTITY: {OWN_WORKER},
    Record.ACHIEVEMENT: {OWN_WORKER},
    Record.EDUCATION: {OWN_WORKER},
    Record.PATHWAY_PLAN: {OWN_WORKER},
    Record.GRANT_PAYMENT: {OWN_WORKER},
    Record.INVITATION: {OWN_WORKER},
    Record.REVIEW_BOOKING: {OWN_WORKER, IRO},
    Record.REVIEW_OUTCOME: {IRO},
    Record.CONSULTATION: {IRO},
    Record.IRO_CHANGE: set(),
    Record.CONCERN_REPLY: {OWN_WORKER, IRO},  # narrowed by the audience the young person chose
    Record.FEEDBACK_REPLY: {OWN_WORKER},
    Record.YOUNG_PERSON_NEW: set(),
    Record.ALLOCATION: set(),
    Record.TEAM_DUTY: set(),
    Record.WORKER_ABSENCE: set(),
}

# The demo cast by the part they play for each subject of tests/test_access_matrix.py.
CAST = {"in_care": {OWN_WORKER: {"priya"}, IRO: {"tom"}}, "leaver": {OWN_WORKER: {"dan"}, IRO: set()}}
MANAGER_OF_BOTH = "helen"


def may_write(name: str, person: str, subject: str) -> bool:
    """Whether this person of the demo cast may use this page (a page that writes nothing: whoever sees it)."""
    if name not in RECORD_WRITES:
        return True
    if person == MANAGER_OF_BOTH:
        return True
    return any(person in CAST[subject][part] for part in WRITERS[RECORD_WRITES[name]])
