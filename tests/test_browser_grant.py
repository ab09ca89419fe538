"""The leaving care grant in a phone's browser: a care leaver sees what has been paid and what is left; a worker
records a payment (first one over what is left, to see the error); a manager sees the national minimum flag and
approves a payment over the balance with a reason. axe on every page visited."""
from datetime import date

import pytest

from casework.models import GrantPayment, LegalStatus, Role
from casework.leaving_care.services import grant_payment_record

from .browser import assert_accessible, fits_a_phone, sign_in
from .conftest import PASSWORD
from .factories import AllocationFactory, CouncilFactory, TeamFactory, UserFactory, WorkerFactory, YoungPersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire", leaving_care_grant_pence=200000)
    team = TeamFactory(council=council, name="Leaving Care Team")
    adviser = WorkerFactory(council=council, team=team, name="Femi Adviser", role=Role.PERSONAL_ADVISER,
                            mobile="07700 900401", user=UserFactory(email="femi@example.test"))
    manager = WorkerFactory(council=council, team=team, name="Mo Manager", role=Role.MANAGER,
                            user=UserFactory(email="mo@example.test"))
    leaver = YoungPersonFactory(council=council, first_name="Amara", last_name="Oak",
                                legal_status=LegalStatus.CARE_LEAVER, date_of_birth=date(2006, 5, 1),
                                became_looked_after_on=date(2015, 1, 1), user=UserFactory(email="amara@example.test"))
    AllocationFactory(young_person=leaver, worker=adviser)
    for paid_on, pence, what_for in [(date(2025, 3, 1), 30000, "Bed and bedding"),
                                     (date(2025, 4, 2), 15000, "Pots, pans and a kettle")]:
        grant_payment_record(young_person=leaver, recorded_by=adviser, paid_on=paid_on, amount_pence=pence,
                             what_for=what_for)
    return adviser, manager, leaver


def fill_date(group, day: date):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def summary_value(page, key: str) -> str:
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=key))
    return row.locator("dd").inner_text().strip()


def test_a_care_leaver_on_a_phone_sees_what_has_been_paid_and_what_is_left(live_server, phone_page, cast):
    page = phone_page
    sign_in(page, live_server.url, "amara@example.test", PASSWORD)
    page.goto(f"{live_server.url}/my-grant/")
    assert page.get_by_role("heading", name="Your leaving care grant").is_visible()
    assert summary_value(page, "Your grant") == "£2,000.00"
    assert summary_value(page, "Paid to you so far") == "£450.00"
    assert summary_value(page, "Left for you") == "£1,550.00"
    rows = page.get_by_role("table").locator("tbody tr").all_inner_texts()
    assert [row.split("\t") for row in rows] == [
        ["1 Mar 2025", "Bed and bedding", "£300.00"], ["2 Apr 2025", "Pots, pans and a kettle", "£150.00"]]
    assert "Ask your personal adviser, Femi Adviser, about your grant" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="07700 900401").get_attribute("href") == "tel:07700900401"
    assert fits_a_phone(page)
    assert_accessible(page)


def test_a_worker_records_a_payment_after_first_trying_more_than_is_left(live_server, phone_page, cast):
    adviser, manager, leaver = cast
    page = phone_page
    sign_in(page, live_server.url, "femi@example.test", PASSWORD)
    page.goto(f"{live_server.url}/young-people/{leaver.pk}/grant/")
    assert page.get_by_role("heading", name="Leaving care grant").is_visible()
    assert summary_value(page, "Left") == "£1,550.00"
    assert page.get_by_text("national recommended minimum").count() == 0
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_role("button", name="Record a payment").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Record a payment from the leaving care grant").is_visible()
    assert_accessible(page)

    # More than is left: the error, and no way for a worker to approve it.
    fill_date(page.get_by_role("group", name="Date paid"), date(2025, 6, 3))
    page.get_by_label("Amount in pounds").fill("1600")
    page.get_by_label("What was it for?").fill("Sofa and washing machine")
    page.get_by_role("button", name="Save payment").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "This payment of £1,600.00 is more than what is left of the grant (£1,550.00)." in summary.inner_text()
    assert "ask a manager" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Why are you approving a payment over what is left of the grant?").count() == 0
    assert page.get_by_label("Amount in pounds").input_value() == "1600"
    assert GrantPayment.objects.count() == 2
    assert fits_a_phone(page)
    assert_accessible(page)

    # The error summary's link goes to the amount.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "amount"

    page.get_by_label("Amount in pounds").fill("149.99")
    page.get_by_label("What was it for?").fill("Curtains")
    page.get_by_role("button", name="Save payment").click()
    page.wait_for_load_state()
    assert "Payment of £149.99 for Amara Oak saved." in page.locator(".govuk-notification-banner").inner_text()
    assert summary_value(page, "Paid so far") == "£599.99"
    assert summary_value(page, "Left") == "£1,400.01"
    assert "Curtains" in page.get_by_role("table").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    payment = GrantPayment.objects.get(what_for="Curtains")
    assert (payment.paid_on, payment.amount_pence, payment.recorded_by_id) == (date(2025, 6, 3), 14999, adviser.pk)


def test_a_manager_sees_the_national_minimum_flag_and_approves_a_payment_over_the_balance(
    live_server, phone_page, cast
):
    adviser, manager, leaver = cast
    page = phone_page
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/young-people/{leaver.pk}/grant/")
    banner = page.locator(".govuk-notification-banner")
    assert banner.inner_text().strip().endswith(
        "Testshire's grant (£2,000.00) is below the national recommended minimum of £3,000.00 (from 1 April 2023).")
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_role("button", name="Record a payment").click()
    page.wait_for_load_state()
    fill_date(page.get_by_role("group", name="Date paid"), date(2025, 6, 3))
    page.get_by_label("Amount in pounds").fill("1,600")
    page.get_by_label("What was it for?").fill("Deposit for a flat")
    page.get_by_role("button", name="Save payment").click()
    page.wait_for_load_state()
    assert "To approve it, say why below and save again." in page.locator(".govuk-error-summary").inner_text()
    reason = page.get_by_label("Why are you approving a payment over what is left of the grant?")
    assert reason.is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    reason.fill("The flat needed a deposit; agreed at panel.")
    page.get_by_role("button", name="Save payment").click()
    page.wait_for_load_state()
    assert "saved (approved over the balance)" in page.locator(".govuk-notification-banner").first.inner_text()
    assert summary_value(page, "Left") == "£0.00"
    assert summary_value(page, "Paid over the grant") == "£50.00, approved by a manager"
    assert "approved by Mo Manager: “The flat needed a deposit; agreed at panel.”" in page.get_by_role(
        "table").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
