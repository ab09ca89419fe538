"""The compliance dashboard in a browser: a manager reads the chart and its table, filters by team, opens the
young people behind a number, and a bad filter gets an error summary. An In Care Council member sees the
anonymised picture on a phone. axe on every page, the chart included."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework.models import Role

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
)
from .test_dashboard import callback_rows_measure, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def council(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    care_team = TeamFactory(council=council, name="Children in Care Team")
    other_team = TeamFactory(council=council, name="Leaving Care Team")
    manager = WorkerFactory(council=council, team=care_team, role=Role.MANAGER, name="Mo Manager",
                            user=UserFactory(email="mo@example.test"))
    worker = WorkerFactory(council=council, team=care_team, name="Sita Worker")
    adviser = WorkerFactory(council=council, team=other_team, name="Pat Adviser", role=Role.PERSONAL_ADVISER)
    pledge = PledgeFactory(council=council)
    section = SectionFactory(pledge=pledge, order=1, title="Worries", applies_to="both")
    promise = PromiseFactory(section=section, order=1, text="We will return your call within two working days")
    member = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash", in_care_council_member=True,
                                user=UserFactory(email="robin@example.test"))
    people = [member] + [YoungPersonFactory(council=council, first_name=f"Kid{n}") for n in range(6)]
    for n, person in enumerate(people):
        AllocationFactory(young_person=person, worker=worker if n % 2 else adviser)
    measure = callback_rows_measure(council, promise=promise)
    today = timezone.localdate()
    for n, person in enumerate(people):
        for months_ago in range(1, 6):
            due = today - timedelta(days=30 * months_ago)
            row(measure, person, due, met_on=due if (n + months_ago) % 3 else None)
    return manager, measure


def test_a_manager_reads_filters_and_drills_into_the_dashboard(live_server, browser, council):
    manager, measure = council
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    assert page.get_by_role("heading", name="Are we keeping our promises?").is_visible()
    assert page.get_by_role("img", name="Every promise: the share kept on time, month by month").is_visible()
    assert page.locator(".app-chart__bar").count() >= 5
    assert_accessible(page)

    page.get_by_text("Filter by period, team").click()
    page.get_by_label("Team").select_option(label="Leaving Care Team")
    # Before a team is chosen, the worker list offers none: it lists the workers of the team chosen.
    assert page.get_by_label("Worker").locator("option").all_inner_texts() == ["All workers"]
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "team=" in page.url
    assert_accessible(page)

    # Step two: the team's workers, one of them chosen.
    page.get_by_text("Filter by period, team").click()
    worker = page.get_by_label("Worker")
    assert worker.locator("option").all_inner_texts() == ["All workers", "Pat Adviser (Personal adviser)"]
    assert "choose the team and apply the filters first" in page.locator("#id_worker_hint").inner_text()
    worker.select_option(label="Pat Adviser (Personal adviser)")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "worker=" in page.url and "team=" in page.url
    assert page.get_by_text("worker Pat Adviser").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"overdue now: {measure.name}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=measure.name).is_visible()
    names = page.get_by_role("table").last.locator("tbody tr td:first-child").all_inner_texts()
    assert names and all(name.startswith(("Robin", "Kid")) for name in names)
    assert page.get_by_role("link", name="Download this list (CSV)").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/dashboard/?team=99999&period_from_0=31&period_from_1=2&period_from_2=2026")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Choose a team from the list" in summary.inner_text()
    assert_accessible(page)
    context.close()


def test_an_in_care_council_member_sees_the_picture_on_a_phone(live_server, phone_page, council):
    page = phone_page
    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="In Care Council").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="How well Testshire keeps its pledge").is_visible()
    text = page.locator("main").inner_text()
    assert "We will return your call within two working days" in text
    assert "Kid" not in text and "Robin" not in text
    assert_accessible(page)
