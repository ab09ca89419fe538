"""A manager on a phone and at a desk uses the staffing screens (casework.staffing): Manage, add a young person,
allocate and move their worker, a team's duty worker, a worker's absence. Every screen passes axe and fits a
phone. With SHOTS_DIR set, each screen is saved there at 375 px (…-phone.png) and 1280 px (…-desktop.png)."""
import os
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import Allocation, Role, Team, Worker, YoungPerson

from .browser import assert_accessible, fits_a_phone, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS_DIR = os.environ.get("SHOTS_DIR")
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(transactional_db):
    for command in ("load_pledges", "load_demo_people", "load_demo_reviews"):
        call_command(command, stdout=open("/dev/null", "w"))


def check(page, name: str):
    """The page as it is now passes axe and fits the phone; saved as a screenshot when asked."""
    assert fits_a_phone(page), f"{name} is wider than the phone"
    assert_accessible(page)
    if SHOTS_DIR:
        Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS_DIR}/{name}-phone.png", full_page=True)


def fill_date(page, field: str, day: date):
    for part, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{field}_{part}", str(value))


def submit(page, name: str):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_manager_adds_a_young_person_and_allocates_then_moves_their_social_worker(live_server, phone_page, demo):
    page = phone_page
    sign_in(page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Manage").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Manage teams and workers").is_visible()
    check(page, "manage")

    page.get_by_role("button", name="Add a young person").click()
    page.wait_for_load_state()
    check(page, "young-person-new")
    submit(page, "Add young person")
    summary = page.locator(".govuk-error-summary")
    assert "Enter their first name" in summary.inner_text()
    check(page, "young-person-new-errors")
    # Every summary link's target (radios' included) is checked for every form by the recording branch's
    # tests/test_error_summary_links.py, which finds this form through tests/record_writes.py.
    assert summary.get_by_role("link", name="Enter their first name").get_attribute("href") == "#id_first_name"

    page.fill("#id_first_name", "Zara")
    page.fill("#id_last_name", "Quill")
    page.fill("#id_preferred_name", "Z")
    fill_date(page, "date_of_birth", date(2014, 4, 1))
    page.get_by_label("In care (looked after)").check()
    fill_date(page, "became_looked_after_on", date(2025, 10, 6))
    page.fill("#id_child_id", "ZQ1")
    page.select_option("#id_worker", label="Mark Fenwick (Children in Care Team)")
    submit(page, "Add young person")
    assert page.get_by_role("heading", name="Their workers").is_visible()
    assert "Zara Quill is added" in page.content()
    zara = YoungPerson.objects.get(child_id="ZQ1")
    assert zara.allocations.get(ended_on=None).worker.name == "Mark Fenwick"
    assert zara.ledger_entries.exists()  # the ledger picked her up
    check(page, "young-person-workers")

    page.get_by_role("link", name="Change social worker").click()
    page.wait_for_load_state()
    check(page, "allocation-move")
    page.select_option("#id_worker", label="Priya Shah (Children in Care Team)")
    fill_date(page, "started_on", date.today())
    page.get_by_label("The worker left the role").check()
    submit(page, "Save worker")
    assert "Priya Shah is now Zara Quill’s social worker" in page.content()
    current = Allocation.objects.get(young_person=zara, role=Role.SOCIAL_WORKER, ended_on=None)
    assert (current.worker.name, current.change_reason) == ("Priya Shah", "LEFTRL")
    assert page.get_by_role("link", name="Allocate an IRO").is_visible()


def test_a_manager_sets_a_duty_worker_and_records_an_absence(live_server, phone_page, demo):
    page = phone_page
    sign_in(page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/manage/")
    page.get_by_role("link", name="Change duty details for Children in Care Team").click()
    page.wait_for_load_state()
    check(page, "team-duty")
    page.select_option("#id_duty_worker", label="Mark Fenwick (Children in Care Team)")
    page.fill("#id_duty_email", "duty@example")
    submit(page, "Save duty details")
    assert "Enter an email address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    check(page, "team-duty-errors")
    page.fill("#id_duty_email", "cic.duty@bathnes.example")
    submit(page, "Save duty details")
    assert Team.objects.get(name="Children in Care Team").duty_worker.name == "Mark Fenwick"

    page.get_by_role("link", name="Record absence for Priya Shah").click()
    page.wait_for_load_state()
    assert "Mark Fenwick, Children in Care Team’s duty worker, answers call-backs" in page.content()
    check(page, "worker-absence")
    page.get_by_label("Yes").check()
    assert page.locator("#id_away_until_0").is_visible()  # the date is revealed
    fill_date(page, "away_until", date.today().replace(year=date.today().year + 1))
    check(page, "worker-absence-yes")
    submit(page, "Save")
    assert page.get_by_text("Away until").first.is_visible()
    assert Worker.objects.get(name="Priya Shah").away_until is not None
    check(page, "manage-with-absence")


def test_the_staffing_screens_at_a_desk(live_server, browser, demo):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    jade = YoungPerson.objects.get(first_name="Jade").pk
    team = Team.objects.get(name="Children in Care Team").pk
    priya = Worker.objects.get(name="Priya Shah").pk
    pages = {"manage": "/manage/", "young-person-new": "/manage/young-people/new/",
             "young-person-workers": f"/young-people/{jade}/workers/",
             "allocation-move": f"/young-people/{jade}/workers/social_worker/",
             "team-duty": f"/manage/teams/{team}/duty/", "worker-absence": f"/manage/workers/{priya}/absence/"}
    for name, path in pages.items():
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        assert_accessible(page)
        if SHOTS_DIR:
            page.screenshot(path=f"{SHOTS_DIR}/{name}-desktop.png", full_page=True)
    context.close()
