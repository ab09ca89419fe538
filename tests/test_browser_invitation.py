"""A social worker invites a young person from their record; the young person opens the emailed link on a phone,
first tries a password that is too short, then sets one and lands on My pledge, signed in. axe on every page."""
import re
from datetime import date

import pytest
from django.core import mail

from casework.models import Role, User

from .browser import assert_accessible, fits_a_phone, sign_in, sign_out
from .conftest import PASSWORD
from .factories import (
    AllocationFactory,
    CouncilFactory,
    PledgeFactory,
    PromiseFactory,
    SectionFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    YoungPersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    worker = WorkerFactory(council=council, team=team, name="Priya Worker", role=Role.SOCIAL_WORKER,
                           user=UserFactory(email="priya@example.test"))  # password: conftest.PASSWORD
    young_person = YoungPersonFactory(council=council, user=None, first_name="Sky", last_name="Willow",
                                      became_looked_after_on=date(2022, 6, 1))
    AllocationFactory(young_person=young_person, worker=worker)
    pledge = PledgeFactory(council=council, title="Testshire's Pledge")
    section = SectionFactory(pledge=pledge, order=1, title="Your Social Worker", applies_to="both")
    PromiseFactory(section=section, order=1, text="Your social worker will be in touch at least every 6 weeks")
    return worker, young_person


def test_a_worker_invites_and_the_young_person_sets_a_password_and_lands_on_my_pledge(
        live_server, phone_page, cast, settings):
    settings.SITE_URL = live_server.url  # the email's link, to this test's server
    worker, young_person = cast
    page = phone_page

    sign_in(page, live_server.url, "priya@example.test", PASSWORD)
    page.goto(f"{live_server.url}/young-people/{young_person.pk}/pledge/")
    assert page.get_by_text("Sky does not have a Pledge Portal account yet.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Invite to Pledge Portal").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Invite to Pledge Portal").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send invitation").click()  # nothing filled in
    page.wait_for_load_state()
    assert "Enter their email address" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Their email address").fill("sky@example.test")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    banner = page.locator(".govuk-notification-banner--success").inner_text()
    assert "Invitation sent to sky@example.test. The link works until" in banner
    assert page.locator(".govuk-tag", has_text="Sent").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    sign_out(page)

    [email] = mail.outbox
    assert email.to == ["sky@example.test"] and "Your worker Priya Worker has invited you" in email.body
    link = re.search(r"http\S+/invitation/\S+/", email.body).group(0)
    page.goto(link)
    assert page.get_by_role("heading", name="Set your password").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_label("Create a password").fill("short1")
    page.get_by_label("Type your password again").fill("short1")
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_load_state()
    assert "This password is too short" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert not User.objects.filter(email="sky@example.test").exists()

    page.get_by_label("Create a password").fill("purple-kettle-on-the-hill")
    page.get_by_label("Type your password again").fill("purple-kettle-on-the-hill")
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/my-pledge/"
    assert page.get_by_role("heading", name="Our promises to you").is_visible()
    assert page.get_by_text("Your password is set. Welcome to Pledge Portal.").is_visible()
    assert page.get_by_text("Welcome, Sky").is_visible()  # her first sign-in (issue 15)
    page.locator("#section-1 + details > summary").click()  # the pledge's sections are folded (issue 15)
    assert page.get_by_text("Your social worker will be in touch at least every 6 weeks").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.goto(link)  # signed in: told so, and her session is left alone
    assert page.get_by_role("heading", name="You are already signed in").is_visible()
    assert_accessible(page)
    page.locator("#main-content").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(link)  # used
    assert page.get_by_role("heading", name="This link has run out or has been used").is_visible()
    assert_accessible(page)
