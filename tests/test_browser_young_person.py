"""A demo young person on a phone: signs in, sees their pledge and their social worker's number."""
import pytest
from django.core.management import call_command

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email

from .browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_pledges", stdout=open("/dev/null", "w"))
    call_command("load_demo_people", stdout=open("/dev/null", "w"))


def test_a_young_person_signs_in_on_a_phone_and_sees_their_pledge_and_people(live_server, phone_page, demo):
    page = phone_page
    page.goto(f"{live_server.url}/my-pledge/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)

    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/my-pledge/"
    assert page.get_by_role("heading", name="Our promises to you").is_visible()
    assert page.get_by_text("Your social worker will be in touch with you regularly, at least every 6 weeks").is_visible()
    assert page.locator(".govuk-service-navigation__service-name").inner_text().startswith("Bath and North East Somerset")
    # Nothing runs off the side of a 375px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="My people").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="My people").is_visible()
    card = page.locator("#main_worker")
    assert "Priya Shah" in card.inner_text()
    assert card.get_by_role("link", name="01632 960001").get_attribute("href") == "tel:01632960001"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_a_wrong_password_shows_the_error_summary_and_passes_axe(live_server, phone_page, demo):
    page = phone_page
    sign_in(page, live_server.url, demo_email("jade"), "not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "not correct" in summary.inner_text()
    assert_accessible(page)


def test_a_social_worker_signs_in_and_opens_a_young_persons_pages_from_their_list(live_server, phone_page, demo):
    page = phone_page
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/young-people/"
    assert page.get_by_role("heading", name="Jade Rivers").is_visible()
    assert page.get_by_role("heading", name="Leah Price").count() == 0  # on another worker's caseload
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.get_by_role("link", name="People for Jade Rivers").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Their people").is_visible()
    assert_accessible(page)
