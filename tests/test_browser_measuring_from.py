"""The manager's page for the date the council measures promises from, in a browser: reached from the dashboard, a
date still to come gets the GOV.UK error summary, a good date goes back to the dashboard, which says so. axe on each."""
import pytest
from django.utils import timezone

from casework.models import Role

from .browser import assert_accessible, sign_in
from .conftest import PASSWORD
from .factories import CouncilFactory, TeamFactory, UserFactory, WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    return WorkerFactory(council=council, team=team, role=Role.MANAGER, name="Mo Manager",
                         user=UserFactory(email="mo@example.test"))


def fill_date(page, day, month, year):
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()


def test_a_manager_sets_the_date_the_council_measures_from(live_server, browser, manager):
    today = timezone.localdate()
    page = browser.new_context(viewport={"width": 1024, "height": 900}).new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="When we measure promises from").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="When we measure promises from").is_visible()
    assert_accessible(page)

    fill_date(page, "1", "1", str(today.year + 1))
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("The date must be today or in the past").first.is_visible()
    assert_accessible(page)

    fill_date(page, str(today.day), str(today.month), str(today.year))
    assert page.get_by_role("heading", name="Are we keeping our promises?").is_visible()
    assert page.get_by_text(f"We measure promises from {today.day} {today:%B %Y}.").is_visible()
    assert_accessible(page)
    manager.council.refresh_from_db()
    assert manager.council.measuring_from == today
