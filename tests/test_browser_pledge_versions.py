"""A manager on a phone starts a new version of the pledge, rewords a promise, changes its measure from 6 weeks to 4
(first giving a bad number, then one looser than the law, to see the errors), sees which measures are the law's on
the publish page and publishes it; a young person then sees the new words and version on
My pledge. axe on every page visited."""
from datetime import date

import pytest
from django.utils import timezone

from casework.models import Role
from pledges.models import Measure, Pledge

from .browser import assert_accessible, sign_in
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
    contact_measures,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD_WORDS = "Your social worker will be in touch at least every 6 weeks"
NEW_WORDS = "Your social worker will see you at least every 4 weeks, and more often if you need it"


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    WorkerFactory(council=council, team=team, name="Mo Manager", role=Role.MANAGER,
                  user=UserFactory(email="mo@example.test"))  # password: conftest.PASSWORD
    worker = WorkerFactory(council=council, team=team, name="Sita Worker", role=Role.SOCIAL_WORKER)
    young_person = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash", preferred_name="Rob",
                                      became_looked_after_on=date(2022, 6, 1),
                                      user=UserFactory(email="robin@example.test"))
    AllocationFactory(young_person=young_person, worker=worker)
    pledge = PledgeFactory(council=council, title="Testshire's Pledge", in_force_from=date(2026, 4, 1))
    care = SectionFactory(pledge=pledge, order=1, title="Your Social Worker", applies_to="in_care")
    contact_measures(council, promise=PromiseFactory(section=care, order=1, text=OLD_WORDS))
    PromiseFactory(section=care, order=2, text="You will have a say in who your social worker is",
                   not_measured_reason="A way of working")
    return council


def sign_out(page):
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def click(page, role, name):
    page.get_by_role(role, name=name).click()
    page.wait_for_load_state()


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_manager_publishes_a_new_version_and_a_young_person_sees_it(live_server, phone_page, cast):
    page = phone_page
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)

    # Mo starts version 2 from the navigation.
    page.get_by_role("button", name="Menu").click()
    click(page, "link", "Pledge versions")
    assert page.get_by_role("heading", name="Pledge versions", exact=True).is_visible()
    assert "Loaded from the council's pledge document" in page.locator("main").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    click(page, "button", "Start a new version")
    assert page.get_by_role("heading", name="Version 2 (draft)").is_visible()
    banner = page.locator(".govuk-notification-banner")
    assert "Young people will not see it until you publish it." in banner.inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)

    # Rewords the contact promise.
    click(page, "link", "Edit promise 1 in Your Social Worker")
    assert page.get_by_role("heading", name="Edit a promise").is_visible()
    assert page.get_by_label("The promise").input_value() == OLD_WORDS
    assert_accessible(page)
    page.get_by_label("The promise").fill(NEW_WORDS)
    click(page, "button", "Save promise")
    assert "Promise saved in the draft." in page.locator(".govuk-notification-banner").inner_text()
    assert NEW_WORDS in page.locator("#promise-1-1").inner_text()
    # The law's visits beside it are shown as set by law, with nothing to change (issue 17).
    assert "Set by law (regulation 28): it cannot be changed." in page.locator("#promise-1-1").inner_text()
    assert page.get_by_role("link", name="Change Visit within 1 week, then at most every 6 weeks").count() == 0
    assert_accessible(page)

    # Changes its measure from 6 weeks to 4, first with a number that is not allowed.
    click(page, "link", "Change Social worker in touch at least every 6 weeks")
    assert page.get_by_role("heading", name="Change a measure").is_visible()
    assert page.get_by_label("Every how many weeks?").input_value() == "6"
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_label("Every how many weeks?").fill("0")
    click(page, "button", "Save change")
    summary = page.locator(".govuk-error-summary")
    assert "The number of weeks must be a whole number from 1 to 52" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Every how many weeks?").fill("7")  # a week looser than regulation 28's visits
    click(page, "button", "Save change")
    assert "cannot be looser than the legal minimum beside it: regulation 28 says every 6 weeks" in \
        page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Every how many weeks?").fill("4")
    page.get_by_label("The name staff see").fill("Social worker in touch at least every 4 weeks")
    click(page, "button", "Save change")
    card = page.locator("#promise-1-1").inner_text()
    assert "Every 4 weeks" in card and "Changed" in card and "Now: Every 6 weeks" in card
    assert_accessible(page)

    # Checks what changes and publishes.
    page.get_by_role("button", name="Check and publish version 2").first.click()  # at the top and the bottom
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Publish version 2?").is_visible()
    main = page.locator("main").inner_text()
    assert OLD_WORDS in main and NEW_WORDS in main and "Was: Every 6 weeks" in main and "Now: Every 4 weeks" in main
    law, ours = main.split("Legal minimums: set by law, they cannot change")[1].split(
        "Our own promises: the council chooses")
    assert "Visit within 1 week, then at most every 6 weeks" in law and "regulation 28" in law
    assert "Social worker in touch at least every 4 weeks" in ours.split("When it starts")[0]
    assert fits_a_phone(page)
    assert_accessible(page)
    click(page, "button", "Publish version 2")
    assert "Version 2 is published." in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    click(page, "link", "See version 2 and what changed in it")
    assert page.get_by_role("heading", name="Version 2", exact=True).is_visible()
    assert "By Mo Manager" in page.locator("main").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    measure = Measure.objects.get(key="social-worker-contact")
    assert measure.params["weeks"] == 4
    assert measure.promise.section.pledge == Pledge.objects.get(version=2)
    sign_out(page)

    # Rob sees the new words and the version on My pledge.
    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/my-pledge/")
    main = page.locator("main").text_content()  # the pledge's sections are folded (issue 15)
    assert f"Version 2, in force from {timezone.localdate():%-d %B %Y}" in main
    assert NEW_WORDS in main and OLD_WORDS not in main
    assert fits_a_phone(page)
    assert_accessible(page)
