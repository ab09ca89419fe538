"""Every page a young person or a worker can reach from the demo, on a phone, checked by axe."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import CouncilAccommodation, MissingEpisode, StayingCloseRequest, Worker, YoungPerson
from pledges.models import Measure, Pledge, PromiseFeedback
from pledges.stability import LISTS
from pledges.versions import pledge_draft_start

from .browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YOUNG_PERSON_PAGES = ["/my-pledge/", "/my-people/", "/my-care-plan/", "/my-school/", "/my-people-who-matter/",
                      "/my-achievements/", "/my-worries/", "/my-worries/new/", "/my-pledge/call-me/",
                      "/my-record/who-has-looked/"]
CARE_LEAVER_PAGES = ["/my-pledge/", "/my-pathway-plan/", "/my-grant/", "/my-worries/"]
STAFF_PAGES = ["care-plan", "placements", "reviews", "health", "education", "family", "identity", "achievements",
               "contacts/new", "health/new", "education/pep/new", "family/new", "missing/new"]


@pytest.fixture
def demo(transactional_db):
    for command in ("load_pledges", "load_demo_people", "load_demo_reviews", "load_demo_feedback"):
        call_command(command, stdout=open("/dev/null", "w"))
    # Issue 17's records, so their parts of the pages are checked too: Jade came back from being missing and waits
    # for her return interview; Amir lives in a foyer we provide and has had his Staying Close request answered.
    today = timezone.localdate()
    jade, amir = YoungPerson.objects.get(first_name="Jade"), YoungPerson.objects.get(first_name="Amir")
    MissingEpisode.objects.create(young_person=jade, kind="M", started_on=today - timedelta(days=2),
                                  ended_on=today - timedelta(days=1))
    CouncilAccommodation.objects.create(young_person=amir, kind="T", started_on=today - timedelta(days=30),
                                        recorded_by=Worker.objects.get(email=demo_email("femi")))
    StayingCloseRequest.objects.create(young_person=amir, asked_on=today - timedelta(days=20), what="Near Oak House",
                                       answered_on=today, decision="offered", answer="Yes: we will find you a flat.")


def visit_all(page, base_url, paths):
    for path in paths:
        response = page.goto(f"{base_url}{path}")
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{path} is wider than the phone"
        assert_accessible(page)


def tell_us(first_name: str) -> str:
    """"Is this promise being kept for you?" for a promise the demo young person has answered about."""
    feedback = PromiseFeedback.objects.filter(young_person__first_name=first_name).first()
    return f"/my-pledge/promises/{feedback.promise_id}/tell-us/"


def test_a_child_in_cares_pages_pass_axe_on_a_phone(live_server, phone_page, demo):
    sign_in(phone_page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, YOUNG_PERSON_PAGES + [tell_us("Jade")])


def test_a_care_leavers_pages_pass_axe_on_a_phone(live_server, phone_page, demo):
    sign_in(phone_page, live_server.url, demo_email("amir"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, CARE_LEAVER_PAGES + [tell_us("Amir")])


def test_a_social_workers_pages_pass_axe_on_a_phone(live_server, phone_page, demo):
    jade = YoungPerson.objects.get(first_name="Jade").pk
    ellie = YoungPerson.objects.get(first_name="Ellie").pk  # no account yet: the invitation pages
    answer = PromiseFeedback.objects.get(young_person_id=jade, answer="no").pk
    sign_in(phone_page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, ["/young-people/", "/concerns/", "/notifications/", "/dashboard/my-record/",
                                            "/young-people/feedback/", f"/young-people/feedback/{answer}/reply/"]
              + [f"/young-people/{jade}/{page}/" for page in STAFF_PAGES]
              + [f"/young-people/{ellie}/pledge/", f"/young-people/{ellie}/invite/"])


def test_a_personal_advisers_and_an_iros_pages_pass_axe_on_a_phone(live_server, phone_page, demo):
    amir = YoungPerson.objects.get(first_name="Amir").pk
    sign_in(phone_page, live_server.url, demo_email("femi"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, [f"/young-people/{amir}/pathway-plan/", f"/young-people/{amir}/grant/",
                                            f"/young-people/{amir}/council-accommodation/new/"])
    phone_page.context.clear_cookies()
    sign_in(phone_page, live_server.url, demo_email("tom"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, ["/reviews/"])


def test_a_managers_dashboard_and_the_in_care_councils_view_pass_axe_on_a_phone(live_server, phone_page, demo):
    measure = Measure.objects.get(council__slug="bath-and-north-east-somerset", key="social-worker-contact")
    jade = YoungPerson.objects.get(first_name="Jade").pk
    sign_in(phone_page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, ["/dashboard/", f"/dashboard/measures/{measure.pk}/?show=overdue",
                                            f"/dashboard/promises/{measure.promise.ref}/answers/", "/in-care-council/",
                                            f"/young-people/{jade}/export/?format=html", f"/young-people/{jade}/audit/"])
    phone_page.context.clear_cookies()
    sign_in(phone_page, live_server.url, demo_email("noah"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, ["/in-care-council/"])


def test_a_managers_dashboards_pass_axe_on_a_phone(live_server, phone_page, demo):
    priya = Worker.objects.get(email=demo_email("priya")).pk
    sign_in(phone_page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, ["/dashboard/workers/", "/dashboard/workers/?team=",
                                            f"/dashboard/workers/{priya}/", "/dashboard/stability/",
                                            f"/workers/{priya}/deactivate/"]
              + [f"/dashboard/workers/{priya}/{which}/" for which in ("caseload", "overdue", "due-soon", "due")]
              + [f"/dashboard/stability/{measure}/" for measure in LISTS])


def test_a_managers_pledge_version_pages_pass_axe_on_a_phone(live_server, phone_page, demo):
    helen = Worker.objects.get(name="Helen Marsh")
    version_1 = Pledge.objects.get(council=helen.council, version=1)
    sign_in(phone_page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, ["/pledge/versions/", f"/pledge/versions/{version_1.pk}/"])
    draft = pledge_draft_start(council=helen.council, by=helen)
    review = Measure.objects.get(council=helen.council, key="statutory-review")  # steps in working days and months
    promise = draft.sections.get(order=1).promises.first()
    visit_all(phone_page, live_server.url, [
        "/pledge/versions/draft/", "/pledge/versions/draft/publish/",
        f"/pledge/versions/draft/measures/{review.pk}/change/",
        f"/pledge/versions/draft/promises/{promise.pk}/edit/", f"/pledge/versions/draft/promises/{promise.pk}/retire/",
        f"/pledge/versions/draft/sections/{promise.section_id}/add-promise/"])


def test_a_managers_staffing_pages_pass_axe_on_a_phone(live_server, phone_page, demo):
    helen = Worker.objects.get(name="Helen Marsh")
    jade = YoungPerson.objects.get(first_name="Jade").pk
    leah = YoungPerson.objects.get(first_name="Leah").pk
    sign_in(phone_page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    visit_all(phone_page, live_server.url, [
        "/manage/", "/manage/young-people/new/", f"/manage/teams/{helen.team_id}/duty/",
        f"/manage/workers/{helen.pk}/absence/", f"/young-people/{jade}/workers/",
        f"/young-people/{jade}/workers/social_worker/", f"/young-people/{leah}/workers/personal_adviser/"])
