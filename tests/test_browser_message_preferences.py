""""How we contact you" in Chromium: a young person on phones (320 and 375 px) and a desktop, choosing texts (the mobile
revealed under "Yes", offered from their record), a landline refused with the error summary; a worker choosing an
email for each and texts. Each state is axe clean and fits the screen; screenshots go to /work/shots/contact-us/."""
from pathlib import Path

import pytest
from django.core.management import call_command

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import YoungPerson
from notifications.models import MessagePreferences

from .browser import PHONE, check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/contact-us")
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
URL = "/notifications/how-we-contact-you/"


@pytest.fixture
def demo(transactional_db):
    for command in ("load_pledges", "load_demo_people"):
        call_command(command, stdout=open("/dev/null", "w"))
    YoungPerson.objects.filter(first_name="Jade").update(phone="07700 900201")


def _check(page, width, name):
    check_page(page, width, SHOTS, name, DESKTOP["width"])


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=["320", "375", "desktop"])
def test_a_young_person_chooses_texts_on_the_number_they_gave_us(live_server, browser, demo, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 500, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}{URL}")
    assert page.get_by_role("heading", name="How we contact you").is_visible()
    mobile = page.get_by_label("Mobile number")
    assert not mobile.is_visible()  # "No" is chosen until they choose texts
    _check(page, viewport["width"], "young-person")
    page.get_by_label("Yes").check()
    assert mobile.is_visible() and mobile.input_value() == "07700 900201"
    mobile.fill("01632 960001")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    summary_link = page.locator(".govuk-error-summary a").first
    assert "UK mobile number" in summary_link.inner_text()
    _check(page, viewport["width"], "young-person-error")
    summary_link.click()
    assert page.evaluate("document.activeElement.id") == "id_mobile"
    page.get_by_label("Mobile number").fill("07700 900201")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("We have saved how we contact you.").is_visible()
    saved = MessagePreferences.objects.get(user__email=demo_email("jade"))
    assert (saved.texts, saved.mobile) == (True, "07700 900201")
    context.close()


def test_a_worker_chooses_an_email_for_each_and_texts(live_server, browser, demo):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name="Choose how we contact you").click()
    page.wait_for_load_state()
    assert page.get_by_label("One email each morning").is_checked()
    _check(page, DESKTOP["width"], "worker")
    page.get_by_label("An email for each reminder").check()
    page.get_by_label("Yes").check()
    page.get_by_label("Mobile number").fill("07700 900301")
    _check(page, DESKTOP["width"], "worker-texts")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("We have saved how we contact you.").is_visible()
    saved = MessagePreferences.objects.get(user__email=demo_email("priya"))
    assert (saved.daily_digest, saved.texts, saved.mobile) == (False, True, "07700 900301")
    context.close()
