"""A young person on the narrowest phone the portal supports (320px wide, WCAG 1.4.10 reflow): nothing runs off
the side, and axe passes."""
import pytest
from django.core.management import call_command

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email

from .browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def demo(transactional_db):
    call_command("load_pledges", stdout=open("/dev/null", "w"))
    call_command("load_demo_people", stdout=open("/dev/null", "w"))


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_my_people_with_the_local_offer_link_fits_a_320px_screen(live_server, narrow_page, demo):
    page = narrow_page
    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/my-people/")
    link = page.locator("#local_offer a.govuk-link").first
    assert link.get_attribute("href").startswith("https://")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_accessible(page)
