"""A manager on a phone looks at their workers, opens one worker's record and the rows behind a number, tries a
period that cannot be, then looks at stability and the children behind a number. axe on every page visited."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import Placement, Role
from pledges.models import LedgerEntry

from .browser import assert_accessible, sign_in
from .conftest import PASSWORD
from .factories import (
    AllocationFactory,
    CouncilFactory,
    PromiseFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    YoungPersonFactory,
    contact_measures,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = date(2026, 11, 23)


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    WorkerFactory(council=council, team=team, name="Mo Manager", role=Role.MANAGER,
                  user=UserFactory(email="mo@example.test"))  # password: conftest.PASSWORD
    sita = WorkerFactory(council=council, team=team, name="Sita Worker", role=Role.SOCIAL_WORKER)
    contact, _ = contact_measures(council, promise=PromiseFactory(
        text="Your social worker will be in touch at least every 6 weeks"))
    robin = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash")
    AllocationFactory(young_person=robin, worker=sita)
    for started_on, ended_on in [(date(2026, 1, 1), date(2026, 4, 1)), (date(2026, 4, 1), date(2026, 8, 1)),
                                 (date(2026, 8, 1), None)]:
        Placement.objects.create(young_person=robin, kind="foster", carer_or_home="A foster family",
                                 started_on=started_on, ended_on=ended_on, recorded_by=sita)
    LedgerEntry.objects.all().delete()
    for number, (due_on, met_on) in enumerate([(date(2026, 11, 1), None), (date(2026, 6, 1), date(2026, 5, 28))]):
        LedgerEntry.objects.create(measure=contact, young_person=robin, cycle_start=due_on - timedelta(days=42),
                                   started_by="visit", trigger_id=number + 1, due_on=due_on,
                                   status="met" if met_on else "open", met_on=met_on)
    return sita


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def check(page):
    assert fits_a_phone(page), f"{page.url} is wider than the phone"
    assert_accessible(page)


def follow(link, page, heading):
    """Click a link and land on the page with this heading."""
    link.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=heading, exact=True).is_visible()


@time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London")), tick=True)
def test_a_manager_looks_at_workers_a_record_and_stability_on_a_phone(live_server, phone_page, cast):
    page = phone_page
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)

    page.goto(f"{live_server.url}/dashboard/workers/")
    assert page.get_by_role("heading", name="Workers", exact=True).is_visible()
    card = page.locator(f"#worker-{cast.pk}")
    assert "Overdue today" in card.inner_text() and "(1 of 2)" in card.inner_text()
    check(page)

    # A period that cannot be: an error, and the page still works.
    page.get_by_text("Change the period or filters").click()
    page.locator("#id_period_from_0").fill("31")
    page.locator("#id_period_from_1").fill("2")
    page.locator("#id_period_from_2").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert "The date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    check(page)

    page.goto(f"{live_server.url}/dashboard/workers/")
    card = page.locator(f"#worker-{cast.pk}")
    follow(card.get_by_role("link", name="1 overdue for Sita Worker"), page, "Overdue today")
    assert "Robin Ash" in page.locator("main").inner_text()
    check(page)

    follow(page.get_by_role("link", name="Back to Sita Worker"), page, "Sita Worker")
    table = page.locator("table").first
    assert "Legal minimum" in table.inner_text() and "Our promise" in table.inner_text()
    assert "Robin Ash" in page.locator("main").inner_text()
    check(page)

    page.get_by_role("button", name="Menu").click()
    follow(page.get_by_role("link", name="Dashboard", exact=True), page, "Are we keeping our promises?")
    follow(page.get_by_role("link", name="Stability: moves and changes of worker"), page, "Stability")
    assert "(100% of children in care)" in page.locator("main").inner_text()
    check(page)

    follow(page.get_by_role("link", name="1 child in care with 3 or more placements"), page,
           "Children in care with 3 or more placements")
    row = page.locator("tbody tr")
    assert row.count() == 1 and "Robin Ash" in row.inner_text() and "Sita Worker" in row.inner_text()
    assert page.get_by_role("link", name="Download this list as a spreadsheet (CSV)").is_visible()
    check(page)
