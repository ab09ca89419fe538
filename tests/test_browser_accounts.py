"""In a real browser: a worker sets up two-step sign-in and signs in with a code; anyone resets a password; a
locked account says so. axe checks every page on the way, and nothing breaks the Content Security Policy."""
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from .browser import assert_accessible, fits_a_phone, sign_in
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at // 30)))


def watch_for_policy_violations(page) -> list[str]:
    refused = []
    page.on("console", lambda message: message.type == "error" and "CSP refused" in message.text
            and refused.append(message.text))
    page.add_init_script("document.addEventListener('securitypolicyviolation', "
                         "e => console.error('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI))")
    return refused


def test_a_worker_sets_up_two_step_sign_in_then_signs_in_with_a_code(live_server, phone_page, people, settings):
    settings.REQUIRE_STAFF_MFA = True
    page = phone_page
    refused = watch_for_policy_violations(page)
    user = people.social_worker.user

    sign_in(page, live_server.url, user.email, PASSWORD)
    assert page.get_by_role("heading", name="Confirm it is you").is_visible()  # sent to set up, password first
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    assert page.get_by_role("heading", name="Set up two-step sign-in").is_visible()
    assert page.locator(".app-qr-code svg").is_visible()  # the QR code is drawn (no data: image refused)
    assert_accessible(page)
    assert fits_a_phone(page)
    secret = page.get_by_label("If you cannot scan the code").input_value()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    assert page.get_by_text("That code is not right").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(code_for(secret, time.time()))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_load_state()
    assert page.locator("#recovery_codes").is_visible()  # shown once set up, to keep somewhere safe
    assert_accessible(page)

    page.goto(f"{live_server.url}/accounts/2fa/")  # allauth's own page, in the portal's GOV.UK elements
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/young-people/")
    assert page.url.endswith("/young-people/")
    page.context.clear_cookies()

    sign_in(page, live_server.url, user.email, PASSWORD)
    assert page.get_by_role("heading", name="Type the code from your app").is_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(code_for(secret, time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/young-people/")
    assert page.url.endswith("/young-people/")
    assert refused == []


def test_a_young_person_resets_their_password_in_gov_uk_pages(live_server, phone_page, people, settings):
    settings.SITE_URL = live_server.url  # the email's link, to this test's server
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send me a link").click()
    assert page.get_by_text("There is a problem").is_visible()  # an empty email says what is missing
    assert_accessible(page)
    page.get_by_label("Email").fill(people.young_person.user.email)
    page.get_by_role("button", name="Send me a link").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert_accessible(page)

    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line).strip()
    page.goto(link)
    assert page.get_by_role("heading", name="Choose a new password").is_visible()
    assert_accessible(page)
    page.get_by_label("New Password", exact=True).fill("a-brand-new-password-77")
    page.get_by_label("New Password (again)").fill("a-brand-new-password-77")
    page.get_by_role("button", name="Save my new password").click()
    assert page.get_by_role("heading", name="Your password has been changed").is_visible()
    assert_accessible(page)
    sign_in(page, live_server.url, people.young_person.user.email, "a-brand-new-password-77")
    assert page.url.endswith("/my-pledge/")


def test_a_locked_account_says_so_plainly(live_server, phone_page, people):
    page = phone_page
    for _ in range(5):
        sign_in(page, live_server.url, people.young_person.user.email, "not-the-password")
    sign_in(page, live_server.url, people.young_person.user.email, PASSWORD)
    assert page.get_by_text("For your safety it is locked for 15 minutes").first.is_visible()
    assert_accessible(page)
