"""A social worker on a phone records a first placement and then a move, with GOV.UK conditional reveals; and
writes a care plan that the young person then reads and opens to print. axe on every page visited."""
from datetime import date

import pytest

from casework.models import Placement, Role

from .browser import assert_accessible, fits_a_phone, sign_in
from .conftest import PASSWORD
from .factories import AllocationFactory, CouncilFactory, TeamFactory, UserFactory, WorkerFactory, YoungPersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    worker = WorkerFactory(council=council, team=team, name="Sita Worker", role=Role.SOCIAL_WORKER,
                           user=UserFactory(email="sita@example.test"))  # password: conftest.PASSWORD
    young_person = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash",
                                      became_looked_after_on=date(2022, 6, 1),
                                      user=UserFactory(email="robin@example.test"))
    AllocationFactory(young_person=young_person, worker=worker)
    return worker, young_person


def fill_date(group, day: date):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_social_worker_records_a_first_placement_and_then_a_move(live_server, phone_page, cast):
    worker, young_person = cast
    page = phone_page
    sign_in(page, live_server.url, "sita@example.test", PASSWORD)
    page.goto(f"{live_server.url}/young-people/{young_person.pk}/placements/")
    assert page.get_by_role("heading", name="Placements").is_visible()
    assert_accessible(page)

    # The first placement.
    page.get_by_role("button", name="Record their first placement").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Record their first placement").is_visible()
    assert page.get_by_text("Were they offered an advocate").count() == 0
    assert_accessible(page)
    page.get_by_label("Foster carer").check()
    page.get_by_label("Name of the carer or home").fill("Pat and Sam Carer")
    fill_date(page.get_by_role("group", name="Start date"), date(2024, 1, 15))
    page.get_by_label("How far is it from their home area, in miles? (optional)").fill("4.5")
    page.get_by_role("group", name="Did they stay at the same school?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save placement").click()
    page.wait_for_load_state()
    assert "Placement for Robin Ash saved." in page.locator(".govuk-notification-banner").inner_text()
    assert "Pat and Sam Carer" in page.locator(".app-placement-card").inner_text()
    assert_accessible(page)

    # The move: first with nothing filled in, to see the errors.
    page.get_by_role("button", name="Record a move").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Record a move").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save move").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    for message in ("Select the type of placement", "Enter the name of the carer or home",
                    "Select whether they stayed at the same school"):  # the date they moved starts at today
        assert message in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert fits_a_phone(page)
    assert_accessible(page)
    assert Placement.objects.count() == 1

    # Now properly, opening the conditional questions.
    page.get_by_label("Children's home").check()
    page.get_by_label("Name of the carer or home").fill("Oak House")
    fill_date(page.get_by_role("group", name="Date they moved"), date(2025, 6, 2))
    page.get_by_role("group", name="Did they stay at the same school?").get_by_label("No").check()
    advocate = page.get_by_role("group", name="Were they offered an advocate before the move?", exact=True)
    offered_on = page.get_by_role("group", name="Date they were offered an advocate")
    reason = page.get_by_label("Why were they not offered an advocate?")
    assert offered_on.is_hidden() and reason.is_hidden()
    advocate.get_by_label("No, for another reason").check()
    assert reason.is_visible() and offered_on.is_hidden()
    advocate.get_by_label("Yes", exact=True).check()
    assert offered_on.is_visible() and reason.is_hidden()
    revealed = advocate.get_by_label("Yes", exact=True).get_attribute("aria-controls")
    assert page.locator(f"#{revealed}").get_by_role("group", name="Date they were offered an advocate").is_visible()
    wish = page.get_by_label("What did they want about school?")
    assert wish.is_hidden()
    page.get_by_role("group", name="Did you record what they wanted about school?").get_by_label("Yes").check()
    wish.fill("To stay at Hill School with my friends.")
    assert fits_a_phone(page)
    assert_accessible(page)
    # Saved without the revealed date: the page comes back with "Yes" chosen and its question open, in error.
    page.get_by_role("button", name="Save move").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").inner_text().count("Enter the date they were offered an advocate") == 1
    assert offered_on.is_visible() and reason.is_hidden()
    assert "Enter the date they were offered an advocate" in offered_on.inner_text()
    assert page.get_by_label("Name of the carer or home").input_value() == "Oak House"
    assert_accessible(page)
    assert Placement.objects.count() == 1

    fill_date(offered_on, date(2025, 5, 26))
    page.get_by_role("button", name="Save move").click()
    page.wait_for_load_state()

    assert "Move for Robin Ash saved." in page.locator(".govuk-notification-banner").inner_text()
    new, old = page.locator(".app-placement-card").all()
    assert "Oak House" in new.inner_text() and "Current" in new.inner_text()
    assert "Moved here on 2 June 2025 to now" in new.inner_text()
    assert "Yes, on 26 May 2025" in new.inner_text()
    assert "To stay at Hill School with my friends." in new.inner_text()
    assert "From 15 January 2024 to 2 June 2025" in old.inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    assert list(Placement.objects.order_by("started_on").values_list("carer_or_home", "ended_on", "is_move")) == [
        ("Pat and Sam Carer", date(2025, 6, 2), False), ("Oak House", None, True)]


def test_a_care_plan_is_written_by_the_worker_and_read_and_printed_by_the_young_person(live_server, phone_page, cast):
    worker, young_person = cast
    page = phone_page
    sign_in(page, live_server.url, "sita@example.test", PASSWORD)
    page.goto(f"{live_server.url}/young-people/{young_person.pk}/care-plan/")
    assert_accessible(page)
    page.get_by_role("button", name="Write the care plan").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_load_state()
    assert "Enter what they need" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    fill_date(page.get_by_role("group", name="Date this version was agreed"), date(2025, 3, 1))
    page.get_by_label("What they need").fill("To stay close to her brother.")
    page.get_by_label("What will happen").fill("Weekly contact with her brother.")
    page.get_by_label("Who does what, by when").fill("Sita arranges transport by 1 December.")
    considered = page.get_by_role("group", name="Your Care Plan will consider your age")
    for label in ("Age", "Gender identity", "Sexual orientation", "Disabled or non-disabled status",
                  "Religion or beliefs", "Ethnicity", "Cultural needs"):
        considered.get_by_label(label, exact=True).fill(f"Considered: {label.lower()}.")
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_load_state()
    assert "Care plan version 1 for Robin Ash saved." in page.locator(".govuk-notification-banner").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/my-care-plan/")
    assert page.get_by_role("heading", name="Your care plan").is_visible()
    assert "To stay close to her brother." in page.locator("main").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="Print or save your care plan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Care plan for Robin Ash").is_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator(".govuk-template__header").is_hidden()
    assert page.locator(".govuk-footer").is_hidden()
    assert page.get_by_text("Considered: cultural needs.").is_visible()
