"""The managers' figures in a browser (issue 15): the filters in use summarised above the figures and cleared in one
click, a month with 0% kept on time as a visible bar beside months with nothing due, figures that add up on the
drill-down, and answers about promises we do not measure on the dashboard and the In Care Council's view (phone, 320
and 375 px). axe on every page; screenshots to /work/shots/dashboards/ for the lead to check by eye."""
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from casework.models import Role
from casework.working_days import add_months
from pledges.models import PromiseFeedback

from .browser import assert_accessible, fits_a_phone, sign_in
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
from .test_dashboard import callback_rows_measure, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots/dashboards")
IN_TOUCH = "We will talk to you about your plans in a way that makes sense to you"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def council(transactional_db):
    """Learn 2 Live's call-backs: two months ago none kept on time, last month all kept, nothing due in the other
    months. Six young people said "not really" about a promise nobody measures, and one said yes."""
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Learn 2 Live")
    WorkerFactory(council=council, team=team, role=Role.MANAGER, name="Mo Manager",
                  user=UserFactory(email="mo@example.test"))
    priya = WorkerFactory(council=council, team=team, name="Priya Shah", role=Role.PERSONAL_ADVISER)
    pledge = PledgeFactory(council=council)
    section = SectionFactory(pledge=pledge, order=1, title="Our promises", applies_to="both")
    measured = PromiseFactory(section=section, order=1, text="We will return your call within two working days")
    unmeasured = PromiseFactory(section=section, order=2, text=IN_TOUCH)
    member = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash", in_care_council_member=True,
                                user=UserFactory(email="robin@example.test"))
    people = [member] + [YoungPersonFactory(council=council, first_name=f"Kid{n}") for n in range(6)]
    for person in people:
        AllocationFactory(young_person=person, worker=priya)
    measure = callback_rows_measure(council, promise=measured)
    today = timezone.localdate()
    two_months_ago, last_month = add_months(today, -2).replace(day=10), add_months(today, -1).replace(day=10)
    for n, person in enumerate(people):
        row(measure, person, two_months_ago)
        row(measure, person, last_month, met_on=last_month)
    given = timezone.make_aware(datetime.combine(today - timedelta(days=3), datetime.min.time().replace(hour=10)))
    for n, person in enumerate(people[1:]):
        PromiseFeedback.objects.create(young_person=person, promise=unmeasured, given_at=given,
                                       answer="yes" if n == 5 else "not_really", comment="")
    PromiseFeedback.objects.create(young_person=member, promise=unmeasured, answer="not_really", given_at=given,
                                   comment="Sometimes")
    return team, priya, measure


def test_the_filters_summary_and_the_zero_bar_on_the_dashboard(live_server, browser, council):
    team, priya, measure = council
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?team={team.pk}&worker={priya.pk}")
    summary = page.locator("#active-filters")
    assert summary.inner_text().startswith("Showing: Team Learn 2 Live, worker Priya Shah, ")
    assert page.locator(".app-chart__bar--zero").count() == 1
    assert page.locator(".app-chart__bar--zero").first.bounding_box()["height"] >= 2
    assert page.locator("#trend-all-title").count() == 1
    chart = page.get_by_role("img", name="Every promise: the share kept on time, month by month")
    assert chart.is_visible()
    assert "Nothing due" in page.get_by_role("table").first.inner_text()
    assert page.locator("#not-measured-answers").get_by_role("link").first.inner_text().startswith("7")
    assert_accessible(page)
    shoot(page, "dashboard-filtered-desktop")
    page.locator(".app-chart").first.screenshot(path=str(SHOTS / "dashboard-chart-zero-bar.png"))

    summary.get_by_role("link", name="Remove this filter: worker Priya Shah").click()
    page.wait_for_load_state()
    assert "worker=" not in page.url and "team=" in page.url
    assert page.locator("#active-filters").get_by_role("link", name="Clear filters").is_visible()
    page.locator("#active-filters").get_by_role("link", name="Clear filters").click()
    page.wait_for_load_state()
    assert page.url.endswith("/dashboard/")
    assert "Clear filters" not in page.locator("#active-filters").inner_text()
    context.close()


def test_the_drill_down_adds_up(live_server, browser, council):
    team, priya, measure = council
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/measures/{measure.pk}/?team={team.pk}")
    period = page.locator("#figures-period").inner_text()
    assert "Kept on time\t7" in period and "Missed\nNot kept, and its due date has passed\t7" in period
    assert "Due in the period\nKept on time + kept late + missed\t14" in period
    assert "Overdue now\nMissed in the period + due before it + due after it\t7" in page.locator(
        "#figures-now").inner_text()
    assert_accessible(page)
    shoot(page, "measure-drill-down-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    assert_accessible(page)
    shoot(page, "measure-drill-down-375")
    context.close()


def test_the_dashboard_at_phone_width(live_server, phone_page, council):
    team, priya, measure = council
    page = phone_page
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?team={team.pk}&worker={priya.pk}")
    assert page.locator("#active-filters").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    shoot(page, "dashboard-filtered-375")


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_in_care_council_sees_answers_about_promises_not_measured(live_server, browser, council, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 1000,
                                  has_touch=width < 1000)
    page = context.new_page()
    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/in-care-council/")
    assert page.get_by_role("heading", name="Promises we do not measure: what young people say").is_visible()
    card = page.locator(".govuk-summary-card", has_text=IN_TOUCH)
    said = " ".join(card.inner_text().split())  # a row on a desktop, two lines on a phone
    assert "Said not really 6" in said and "Said yes Fewer than 5" in said
    assert "Kid" not in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    shoot(page, f"in-care-council-{width}")
    context.close()
