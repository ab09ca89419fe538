"""In a real browser the portal's pages meet its own Content Security Policy: nothing is refused."""
import pytest

from .browser import sign_in
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_load_with_no_content_security_policy_violations(live_server, phone_page, people, small_pledge, settings):
    settings.REQUIRE_STAFF_MFA = False
    page = phone_page
    errors = []
    # Chromium asks for /favicon.ico by itself; the portal has none (GOV.UK's is the crown, which is not ours).
    page.on("console", lambda message: message.type == "error" and not message.location["url"].endswith(
        "/favicon.ico") and errors.append(message.text))
    page.add_init_script("document.addEventListener('securitypolicyviolation', "
                         "e => console.error('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI))")

    sign_in(page, live_server.url, people.young_person.user.email, PASSWORD)
    page.goto(f"{live_server.url}/my-people/")
    # GOV.UK Frontend started from the static module (it marks the body and wires up the menu button).
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    page.context.clear_cookies()
    sign_in(page, live_server.url, people.social_worker.user.email, PASSWORD)
    page.goto(f"{live_server.url}/young-people/{people.young_person.pk}/people/")
    assert errors == []
