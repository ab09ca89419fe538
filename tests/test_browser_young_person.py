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
    call_command("load_demo_reviews", stdout=open("/dev/null", "w"))


def test_a_young_person_signs_in_on_a_phone_and_sees_their_pledge_and_people(live_server, phone_page, demo):
    page = phone_page
    page.goto(f"{live_server.url}/my-pledge/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)

    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/my-pledge/"
    assert page.get_by_role("heading", name="Our promises to you").is_visible()
    page.locator("#section-1 + details > summary").click()  # the pledge's sections are folded (issue 15)
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
    assert "email address or password is not right" in summary.inner_text()
    assert_accessible(page)


def test_a_social_worker_signs_in_and_opens_a_young_persons_pages_from_their_list(live_server, phone_page, demo):
    page = phone_page
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/young-people/"
    assert page.get_by_role("link", name="Jade Rivers", exact=True).is_visible()
    assert page.get_by_role("link", name="Leah Price", exact=True).count() == 0  # on another worker's caseload
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.get_by_role("link", name="Jade Rivers", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Jade Rivers", level=1).is_visible()
    page.get_by_role("navigation", name="About Jade Rivers").get_by_role("link", name="People").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Their people").is_visible()
    assert_accessible(page)


def test_asking_for_a_call_back_end_to_end(live_server, phone_page, demo):
    """Kai asks for a call back on his phone; Priya sees it on her caseload and records the call."""
    page = phone_page
    sign_in(page, live_server.url, demo_email("kai"), DEMO_PASSWORD)
    page.get_by_role("button", name="Ask my social worker to call me").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ask your social worker to call you").is_visible()
    assert_accessible(page)
    page.get_by_label("What number should we call you on?").fill("07700 900333")
    page.get_by_label("What would you like to talk about? (optional)").fill("My new school")
    page.get_by_label("When is a good time to call you? (optional)").fill("After 4pm")
    page.get_by_role("button", name="Ask for a call back").click()
    page.wait_for_load_state()
    banner = page.locator(".govuk-notification-banner")
    assert "We will call you back by" in banner.inner_text()
    # The call-back page now shows the request: when we will call by, and the number we will ring.
    assert page.get_by_text("You asked us to call you at").is_visible()
    assert "07700 900333" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + "/my-pledge/")
    assert page.get_by_text("You asked us to call you back on").first.is_visible()  # in "right now"

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    row = page.locator("tbody tr", has_text="Kai Morgan")
    assert row.get_by_role("link", name="1 call-back waiting for Kai Morgan").is_visible()
    assert_accessible(page)
    row.get_by_role("link", name="Kai Morgan", exact=True).click()
    page.wait_for_load_state()
    assert "After 4pm" in page.locator(".govuk-inset-text").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Record the call back to Kai Morgan").click()
    page.wait_for_load_state()
    assert "My new school" in page.locator("main").inner_text()
    assert "Number to ring: 07700 900333" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("We spoke").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Call-back for Kai Morgan saved." in page.locator(".govuk-notification-banner").inner_text()
    page.locator("tbody tr", has_text="Kai Morgan").get_by_role("link", name="Kai Morgan", exact=True).click()
    page.wait_for_load_state()
    assert "Asked to be called back" not in page.locator("main").inner_text()


def test_a_social_worker_logs_a_visit_in_the_browser(live_server, phone_page, demo):
    page = phone_page
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    page.get_by_role("link", name="Noah Bell", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Log a visit or contact with Noah Bell").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_load_state()
    assert "Select how you were in touch" in page.locator(".govuk-error-summary").inner_text()  # the date starts at today
    assert_accessible(page)
    from django.utils import timezone

    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Visit at home or placement").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/young-people/")
    page.get_by_role("link", name="Noah Bell", exact=True).click()
    page.wait_for_load_state()
    for promise in ["Social worker in touch at least every 6 weeks", "Visit within 1 week"]:
        row = page.locator(".app-due-list__item", has_text=promise)
        assert row.locator(".govuk-tag").inner_text() == "On track"
    assert_accessible(page)


def test_a_social_worker_reads_their_notifications_after_a_sweep(live_server, phone_page, demo):
    call_command("sweep_ledger", stdout=open("/dev/null", "w"))
    page = phone_page
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/notifications/")
    assert page.get_by_role("heading", name="Notifications").is_visible()
    assert "Overdue" in page.locator("main").inner_text()
    assert "Noah Bell" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
