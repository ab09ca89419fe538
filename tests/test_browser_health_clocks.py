"""The in-touch check and an SDQ with no score, recorded in Chromium at desktop and phone width (issue 17), axe on
every state; screenshots go to /work/shots/health-clocks/ for the lead to check by eye."""
import os
from pathlib import Path

import pytest
from django.urls import reverse

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import CareLeaverYearlyOutcome, HealthCheck, YoungPerson

from .browser import assert_accessible, fits_a_phone, sign_in
from .test_browser_recording import demo, page  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("PLEDGE_SHOTS", "/work/shots/health-clocks"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.width_name}.png"), full_page=True)


def test_a_personal_adviser_records_an_in_touch_check_from_the_pathway_plan(live_server, page, demo):  # noqa: F811
    amir = YoungPerson.objects.get(first_name="Amir")
    CareLeaverYearlyOutcome.objects.filter(young_person=amir).delete()  # the demo's checks: Femi records the first
    sign_in(page, live_server.url, demo_email("femi"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('pathway_plan', args=[amir.pk])}")
    page.get_by_role("button", name="Record an in-touch check").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Save the check").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Select whether we are in touch with them" in summary.inner_text()
    assert_accessible(page)
    assert page.width_name == "desktop" or fits_a_phone(page)
    shot(page, "in-touch-error")
    summary.get_by_role("link", name="Select whether we are in touch with them").click()
    assert page.evaluate("document.activeElement.id") == "id_in_touch_1"
    page.get_by_label("Year").fill(str(page.evaluate("new Date().getFullYear()")))
    page.get_by_label("Yes, we are in touch").check()
    page.get_by_role("button", name="Save the check").click()
    page.wait_for_load_state()
    assert "In-touch check for Amir Hassan saved." in page.content()
    assert CareLeaverYearlyOutcome.objects.get(young_person=amir, recorded_by__isnull=False).in_touch == "YES"


def test_a_social_worker_records_an_sdq_the_child_refused(live_server, page, demo):  # noqa: F811
    jade = YoungPerson.objects.get(first_name="Jade")
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('health_check_new', args=[jade.pk])}?kind=sdq")
    assert page.get_by_role("radio", name="Strengths and Difficulties Questionnaire").is_checked()
    page.get_by_label("Or, if there is no SDQ score, why not").select_option("SDQ5")
    assert_accessible(page)
    assert page.width_name == "desktop" or fits_a_phone(page)
    shot(page, "sdq-no-score")
    page.get_by_role("button", name="Save check").click()
    page.wait_for_load_state()
    assert "no score: the child or young person refused" in page.content()
    assert HealthCheck.objects.filter(young_person=jade, kind="sdq", sdq_reason="SDQ5", sdq_score=None).exists()
