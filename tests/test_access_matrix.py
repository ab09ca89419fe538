"""Who may open which page: every URL of the project, for every kind of person, against records that are and
are not theirs.

The test walks the URL patterns itself, so a new page without an entry in PAGES fails it. Each page names
its kind (whose record it is about) and the test works out, from the one scoping rule, the status each
person should get: 302 to the sign-in page for anonymous people, 200 where they may look, 403 for staff
who may know the page exists but not use it, 404 everywhere else (another's id never confirms it exists).
Requests are GETs; pages that only take a POST answer 405 where the person may use them and 404 where not.

The people are the demo's (synthetic) cast, plus a designated teacher and an admin given logins here.
"""
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.management.commands.load_demo_people import demo_email
from casework.accounts.invitations import invitation_create
from casework.management.commands.load_demo_people import UNINVITED
from casework.models import (
    CarePlanVersion,
    Concern,
    CouncilAccommodation,
    ImportantPerson,
    MissingEpisode,
    PathwayPlanVersion,
    StayingCloseRequest,
    User,
    Worker,
    YoungPerson,
)
from pledges.models import Measure, Pledge, PromiseFeedback
from returns.importing.summary import ImportSummary
from returns.downloads.jobs import export_build_run
from returns.models import ExportJob, ImportJob, ImportKind
from reviews.models import Review

from .record_writes import may_write

# Third-party areas with their own tests: allauth's account pages (tests/test_accounts_and_errors.py) and the
# admin (tests/test_admin_scoping.py). Their entry points are in the matrix below as "admin" and "login".
SKIPPED_PREFIXES = ("admin/", "accounts/")

# Page kinds. "subject" is whose record: "in_care" (Jade, 13, Priya's caseload, Tom her IRO) or
# "leaver" (Leah, 19, Dan's caseload).
OWN = "own"                  # a young person's own page (/my-...)
RECORD = "record"            # a young person's record, for staff who may see them
STAFF = "staff"              # a staff list, scoped to what they may see
MANAGER = "manager"          # a manager's page about their council
MANAGER_RECORD = "manager_record"  # a manager's page about one thing in their council (another council: 404)
HOME = "home"
PUBLIC = "public"            # needs no sign-in: the link in a young person's invitation email
SIGNED_IN = "signed_in"      # the signed-in person's own settings, staff or young person (no id in the address)


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name


def project_urls():
    return sorted({name for route, name in walk(get_resolver().url_patterns) if not route.startswith(SKIPPED_PREFIXES)})


# name: (kind, subject, url kwargs from the world, what an allowed person gets)
def _yp(subject):
    return lambda w: {"pk": w.subject[subject].pk}


PAGES = {
    "home": (HOME, None, None, 302),
    "notifications": (STAFF, None, None, 200),
    "notifications_mark_read": (STAFF, None, None, 405),
    "message_preferences": (SIGNED_IN, None, None, 200),
    "caseload": (STAFF, None, None, 200),
    "iro_reviews": (STAFF, None, None, 200),
    "concern_list": (STAFF, None, None, 200),
    "feedback_list": (STAFF, None, None, 200),
    "my_record": (STAFF, None, None, 200),
    # A young person's own pages
    "my_pledge": (OWN, "in_care", None, 200),
    "my_people": (OWN, "in_care", None, 200),
    "callback_request_new": (OWN, "in_care", None, 200),  # Jade has asked already: she sees how it is going
    "my_care_plan": (OWN, "in_care", None, 200),
    "my_care_plan_print": (OWN, "in_care", None, 200),
    "my_concerns": (OWN, "in_care", None, 200),
    "concern_new": (OWN, "in_care", None, 200),
    "my_concern": (OWN, "in_care", lambda w: {"pk": w.concern.pk}, 200),
    "my_important_people": (OWN, "in_care", None, 200),
    "important_person_new": (OWN, "in_care", None, 200),
    "my_achievements": (OWN, "in_care", None, 200),
    "my_achievement_new": (OWN, "in_care", None, 200),
    "my_school": (OWN, "in_care", None, 200),
    "views_new": (OWN, "in_care", None, 200),
    "feedback_new": (OWN, "in_care", lambda w: {"promise_pk": w.promise.pk}, 200),
    "my_audit": (OWN, "in_care", None, 200),
    "my_grant": (OWN, "leaver", None, 200),
    "my_pathway_plan": (OWN, "leaver", None, 200),
    "my_pathway_plan_print": (OWN, "leaver", None, 200),
    "return_to_education_new": (OWN, "leaver", None, 200),
    "staying_close_new": (OWN, "leaver", None, 200),
    # A young person's record, for staff
    "young_person_overview": (RECORD, "in_care", _yp("in_care"), 200),
    "young_person_pledge": (RECORD, "in_care", _yp("in_care"), 200),
    "young_person_people": (RECORD, "in_care", _yp("in_care"), 200),
    "contact_new": (RECORD, "in_care", _yp("in_care"), 200),
    "callback_attempt_new": (RECORD, "in_care", _yp("in_care"), 200),
    "care_plan": (RECORD, "in_care", _yp("in_care"), 200),
    "care_plan_new": (RECORD, "in_care", _yp("in_care"), 200),
    "care_plan_version": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "version": w.care_plan.version}, 200),
    "care_plan_copy_given": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "version": w.care_plan.version}, 302),
    "placement_list": (RECORD, "in_care", _yp("in_care"), 200),
    "placement_new": (RECORD, "in_care", _yp("in_care"), 200),
    "missing_episode_new": (RECORD, "in_care", _yp("in_care"), 200),
    "missing_episode_return": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "episode_pk": w.missing.pk}, 200),
    "health_checks": (RECORD, "in_care", _yp("in_care"), 200),
    "health_check_new": (RECORD, "in_care", _yp("in_care"), 200),
    "family": (RECORD, "in_care", _yp("in_care"), 200),
    "family_new": (RECORD, "in_care", _yp("in_care"), 200),
    "important_person_confirm": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "person_pk": w.person.pk}, 405),
    "restriction_explained": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "person_pk": w.person.pk}, 200),
    "identity": (RECORD, "in_care", _yp("in_care"), 200),
    "identity_new": (RECORD, "in_care", _yp("in_care"), 200),
    "achievements": (RECORD, "in_care", _yp("in_care"), 200),
    "achievement_new": (RECORD, "in_care", _yp("in_care"), 200),
    "achievement_celebrated": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "a_pk": w.achievement.pk}, 200),
    "education": (RECORD, "in_care", _yp("in_care"), 200),
    "pep_new": (RECORD, "in_care", _yp("in_care"), 200),
    "work_experience_new": (RECORD, "in_care", _yp("in_care"), 200),
    "education_status_new": (RECORD, "in_care", _yp("in_care"), 200),
    "review_list": (RECORD, "in_care", _yp("in_care"), 200),
    "review_new": (RECORD, "in_care", _yp("in_care"), 200),
    "consultation_new": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "review_pk": w.review.pk}, 200),
    "review_held": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "review_pk": w.review.pk}, 200),
    "iro_change": (RECORD, "in_care", _yp("in_care"), 200),
    "concern_detail": (RECORD, "in_care", lambda w: {"pk": w.concern.pk}, 200),
    "concern_acknowledge": (RECORD, "in_care", lambda w: {"pk": w.concern.pk}, 405),
    "feedback_reply": (RECORD, "in_care", lambda w: {"pk": w.feedback.pk}, 200),
    "grant": (RECORD, "leaver", _yp("leaver"), 200),
    "grant_payment_new": (RECORD, "leaver", _yp("leaver"), 200),
    "pathway_plan": (RECORD, "leaver", _yp("leaver"), 200),
    "pathway_plan_new": (RECORD, "leaver", _yp("leaver"), 200),
    "pathway_plan_version": (RECORD, "leaver", lambda w: {"pk": w.leah.pk, "version": w.pathway_plan.version}, 200),
    "pathway_plan_copy_given": (RECORD, "leaver", lambda w: {"pk": w.leah.pk, "version": w.pathway_plan.version}, 302),
    "needs_assessment_new": (RECORD, "leaver", _yp("leaver"), 200),
    "careers_meeting_new": (RECORD, "leaver", _yp("leaver"), 200),
    "staying_close_answer": (RECORD, "leaver", lambda w: {"pk": w.leah.pk, "request_pk": w.staying_close.pk}, 200),
    "council_accommodation_new": (RECORD, "leaver", _yp("leaver"), 200),
    "council_accommodation_end": (RECORD, "leaver", lambda w: {"pk": w.leah.pk, "home_pk": w.home.pk}, 200),
    "in_touch_check_new": (RECORD, "leaver", _yp("leaver"), 200),
    # Jade has an account already: the page says so (with no form)
    "young_person_invite": (RECORD, "in_care", _yp("in_care"), 200),
    # Ellie's open invitation: the form to set a password, or for anyone signed in, a page saying they are
    "invitation_accept": (PUBLIC, None, lambda w: {"token": w.invitation_token}, 200),
    # The portal's icon: a redirect to the static file, for anyone
    "favicon": (PUBLIC, None, None, 302),
    # For a load balancer and monitoring (pledge_portal.health): the same for anyone, nothing about a person
    "healthz": (PUBLIC, None, None, 200),
    "readyz": (PUBLIC, None, None, 200),
    # Managers
    "compliance_dashboard": (MANAGER, None, None, 200),
    "dashboard_workers": (MANAGER, None, None, 200),
    "dashboard_stability": (MANAGER, None, None, 200),
    "dashboard_stability_list": (MANAGER, None, lambda w: {"measure": "three-or-more-placements"}, 200),
    "in_care_council": (MANAGER, None, None, 200),
    "pledge_versions": (MANAGER, None, None, 200),
    "measuring_from_edit": (MANAGER, None, None, 200),
    "pledge_draft_new": (MANAGER, None, None, 405),
    "pledge_draft": (MANAGER, None, None, 200),
    "pledge_draft_publish": (MANAGER, None, None, 200),
    "young_person_audit": (MANAGER_RECORD, None, lambda w: {"pk": w.jade.pk}, 200),
    "young_person_export": (MANAGER_RECORD, None, lambda w: {"pk": w.jade.pk}, 200),
    "dashboard_measure": (MANAGER_RECORD, None, lambda w: {"pk": w.measure.pk}, 200),
    "dashboard_feedback": (MANAGER_RECORD, None, lambda w: {"ref": w.measure.promise.ref}, 200),
    "dashboard_worker": (MANAGER_RECORD, None, lambda w: {"worker_pk": w.priya.pk}, 200),
    "dashboard_worker_rows": (MANAGER_RECORD, None, lambda w: {"worker_pk": w.priya.pk, "which": "overdue"}, 200),
    "worker_deactivate": (MANAGER_RECORD, None, lambda w: {"worker_pk": w.priya.pk}, 200),
    "pledge_version": (MANAGER_RECORD, None, lambda w: {"pk": w.version_1.pk}, 200),
    "pledge_draft_promise_edit": (MANAGER_RECORD, None, lambda w: {"pk": w.draft_promise.pk}, 200),
    "pledge_draft_promise_retire": (MANAGER_RECORD, None, lambda w: {"pk": w.draft_promise.pk}, 200),
    "pledge_draft_promise_add": (MANAGER_RECORD, None, lambda w: {"pk": w.draft_promise.section_id}, 200),
    "pledge_draft_measure_change": (MANAGER_RECORD, None, lambda w: {"pk": w.measure.pk}, 200),
    # The council's records in and out (returns.uploads)
    "returns_imports": (MANAGER, None, None, 200),
    "returns_exports": (MANAGER, None, None, 200),
    "returns_export_903": (MANAGER, None, None, 405),
    "returns_export_annex_a": (MANAGER, None, None, 405),
    "returns_export": (MANAGER_RECORD, None, lambda w: {"pk": w.export_job.pk}, 200),
    "returns_export_download": (MANAGER_RECORD, None, lambda w: {"pk": w.export_job.pk}, 200),
    "returns_import": (MANAGER_RECORD, None, lambda w: {"pk": w.import_job.pk}, 200),
    "returns_import_confirm": (MANAGER_RECORD, None, lambda w: {"pk": w.import_job.pk}, 405),
    # A manager's staffing pages (casework.staffing)
    "manage": (MANAGER, None, None, 200),
    "young_person_new": (MANAGER, None, None, 200),
    "team_duty": (MANAGER_RECORD, None, lambda w: {"team_pk": w.priya.team_id}, 200),
    "worker_absence": (MANAGER_RECORD, None, lambda w: {"worker_pk": w.priya.pk}, 200),
    "young_person_workers": (RECORD, "in_care", _yp("in_care"), 200),
    "allocation_move": (RECORD, "in_care", lambda w: {"pk": w.jade.pk, "role": "social_worker"}, 200),
}

PEOPLE = ["anonymous", "jade", "noah", "leah", "amir", "priya", "mark", "dan", "tom", "ruth", "helen", "grace", "admin"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo cast, loaded once for the module (read-only: every request here is a GET)."""
    from types import SimpleNamespace

    from pledges.versions import pledge_draft_start

    with django_db_blocker.unblock():
        for command in ("load_pledges", "load_demo_people", "load_demo_reviews", "load_demo_feedback"):
            call_command(command, stdout=open("/dev/null", "w"))
        jade = YoungPerson.objects.get(first_name="Jade")
        leah = YoungPerson.objects.get(first_name="Leah")
        helen = Worker.objects.get(email=demo_email("helen"))
        ruth = Worker.objects.get(name="Ruth Ellis")
        ruth.user = User.objects.create_user(email="ruth@demo.pledgeportal.test", password=None)
        ruth.save()
        User.objects.create_superuser(email="admin@demo.pledgeportal.test", password=None)
        draft = pledge_draft_start(council=helen.council, by=helen)
        priya = Worker.objects.get(email=demo_email("priya"))
        _invitation, invitation_token = invitation_create(
            young_person=YoungPerson.objects.get(user=None, first_name=UNINVITED.title()),
            email=demo_email(UNINVITED), by=priya, now=timezone.now())
        Concern.objects.create(young_person=jade, kind=Concern.Kind.choices[0][0], audience=Concern.Audience.WORKER,
                               text="A synthetic worry", raised_at=timezone.now())
        dan = Worker.objects.get(email=demo_email("dan"))
        world = SimpleNamespace(
            jade=jade, leah=leah, subject={"in_care": jade, "leaver": leah},
            priya=priya, invitation_token=invitation_token,
            care_plan=CarePlanVersion.objects.filter(young_person=jade).latest("version"),
            pathway_plan=PathwayPlanVersion.objects.filter(young_person=leah).latest("version"),
            review=Review.objects.filter(young_person=jade, held_on__isnull=True).first(),
            concern=Concern.objects.filter(young_person=jade, audience=Concern.Audience.WORKER).first(),
            person=ImportantPerson.objects.filter(young_person=jade).first(),
            achievement=jade.achievements.first(),
            missing=MissingEpisode.objects.create(young_person=jade, kind="M", started_on=date(2026, 11, 2)),
            staying_close=StayingCloseRequest.objects.create(young_person=leah, asked_on=date(2026, 11, 2)),
            home=CouncilAccommodation.objects.create(young_person=leah, kind="D", started_on=date(2026, 10, 1),
                                                     recorded_by=dan),
            feedback=PromiseFeedback.objects.get(young_person=jade, answer="no"),
            promise=PromiseFeedback.objects.get(young_person=jade, answer="no").promise,
            measure=Measure.objects.get(council=helen.council, key="social-worker-contact"),
            version_1=Pledge.objects.get(council=helen.council, version=1),
            draft_promise=draft.sections.order_by("order").first().promises.order_by("order").first(),
            # A checked import waiting for Helen to confirm it: the preview and its "Confirm and import" form.
            import_job=ImportJob.objects.create(
                council=helen.council, created_by=helen, kind=ImportKind.SSDA903, file_names=["header.csv"],
                status=ImportJob.Status.CHECKED,
                preview=ImportSummary(counts={"young_people_new": 2}, dry_run=True).as_dict()),
            # Annex A as Helen's download prepared it: the zip of her council's lists, ready to download.
            export_job=ExportJob.objects.create(council=helen.council, created_by=helen, kind=ImportKind.ANNEX_A,
                                                form="csv"),
        )
        export_build_run(world.export_job.pk)
        yield world
        # The module's data goes with the test database (module-scoped data outlives each test's rollback).
        call_command("flush", interactive=False, stdout=open("/dev/null", "w"))


def login(email_key):
    client = Client()
    if email_key != "anonymous":
        client.force_login(User.objects.get(email=f"{email_key}@demo.pledgeportal.test"))
    return client


def actual_matrix(world):
    clients = {person: login(person) for person in PEOPLE}
    matrix = {}
    for name, (kind, subject, kwargs, allowed) in PAGES.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        for person in PEOPLE:
            matrix[name, person] = clients[person].get(url).status_code
    return matrix


YOUNG_PEOPLE = {"jade", "noah", "leah", "amir"}
CASEHOLDERS = {"in_care": {"priya", "tom"}, "leaver": {"dan"}}  # Ruth teaches Jade but holds no caseload
SUBJECT_LOGIN = {"in_care": "jade", "leaver": "leah"}

# Cells that differ from the rule for their kind, each with its reason.
EXCEPTIONS = {
    ("my_record", "ruth"): 404,   # a designated teacher holds no caseload, so has no record
    ("my_record", "helen"): 302,  # managers are sent to the workers page
    ("my_record", "grace"): 302,
    ("feedback_new", "noah"): 200,  # a promise of the pledge in force for children in care in Jade's council
    ("my_grant", "jade"): 404,  # the grant is for care leavers
    ("my_grant", "noah"): 404,
    ("my_grant", "amir"): 200,
    ("views_new", "leah"): 404,  # a care leaver has no IRO to tell (issue 15)
    ("views_new", "amir"): 404,
    ("concern_detail", "tom"): 404,  # Jade sent this worry to her social worker, not her IRO
    ("in_care_council", "noah"): 200,  # Noah is on the In Care Council; Jade is not
    ("pledge_draft", "grace"): 302,  # Barking and Dagenham has no draft: sent to its versions page
    ("pledge_draft_publish", "grace"): 302,
    ("pledge_draft_measure_change", "grace"): 302,
    ("dashboard_feedback", "grace"): 200,  # refs are per council: "1-4" is also one of Barking and Dagenham's
    ("dashboard_worker", "priya"): 200,  # her own record
    ("dashboard_worker_rows", "priya"): 200,
}
for name in ("dashboard_worker", "dashboard_worker_rows"):  # another worker's record: not even confirmed
    for person in ("mark", "dan", "tom", "ruth"):
        EXCEPTIONS[name, person] = 404
# Pages that only take a POST refuse a GET before anything else: nothing about the record is revealed.
POST_ONLY = {"notifications_mark_read", "important_person_confirm",
             "concern_acknowledge", "pledge_draft_new", "returns_import_confirm", "returns_export_903",
             "returns_export_annex_a"}


def expected(name, person, method="GET"):
    """The status this person gets from this page. A page that writes a record answers 403 to staff who see the
    young person but may not write it (tests/record_writes.py). For a POST (tests/test_write_matrix.py), pages
    that only take a POST are judged like any other."""
    kind, subject, _kwargs, allowed = PAGES[name]
    if kind == PUBLIC:
        return allowed
    if person == "anonymous":
        return 302
    if (name, person) in EXCEPTIONS:
        return EXCEPTIONS[name, person]
    if name in POST_ONLY and method == "GET":
        return 405
    if kind == HOME:
        return 302
    if person == "admin":  # a superuser with no Worker record sees no young person's data
        return 404
    young = person in YOUNG_PEOPLE
    if kind == SIGNED_IN:
        return allowed
    if kind == STAFF:
        return 404 if young else allowed
    if kind == OWN:
        if young and (PAGES[name][2] is None or person == SUBJECT_LOGIN[subject]):
            return allowed
        return 404
    if kind == RECORD:
        if person not in CASEHOLDERS[subject] | {"helen"}:
            return 404
        return allowed if may_write(name, person, subject) else 403
    if young:
        return 404
    if kind == MANAGER:
        return allowed if person in {"helen", "grace"} else 403
    if kind == MANAGER_RECORD:
        return allowed if person == "helen" else 404 if person == "grace" else 403
    raise AssertionError(f"unknown kind {kind}")


def test_every_page_of_the_project_is_in_the_matrix():
    assert set(project_urls()) == set(PAGES), "add the new page to PAGES (or remove the old one)"


@pytest.mark.django_db
def test_each_person_gets_the_expected_answer_from_every_page(world):
    actual = actual_matrix(world)
    wrong = {cell: (status, expected(*cell)) for cell, status in actual.items() if status != expected(*cell)}
    print(f"\nAccess matrix: {len(actual)} cells ({len(PAGES)} pages x {len(PEOPLE)} people), {len(wrong)} wrong")
    assert wrong == {}, "cell: (actual, expected)"
