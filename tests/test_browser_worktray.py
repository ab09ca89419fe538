"""The worktray and a child's overview in Chromium: filter, search and sort with the GET form (no JavaScript
needed), one screen for a caseload of 25 at a desktop width, axe clean at desktop and phone widths. Screenshots for
the lead go to /work/shots/worktray/."""
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import Allocation, Role, Worker, YoungPerson

from .browser import assert_accessible, fits_a_phone, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots/worktray")
DESKTOP = {"width": 1280, "height": 800}
# Priya's worktray with 25 young people, measured at 1280px wide (see test below for the number).
HEIGHT_CEILING = 1600


@pytest.fixture
def demo(transactional_db):
    call_command("load_pledges", stdout=open("/dev/null", "w"))
    call_command("load_demo_people", stdout=open("/dev/null", "w"))
    call_command("load_demo_reviews", stdout=open("/dev/null", "w"))


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill_caseload(worker_name, total):
    """Priya's caseload made up to `total` young people (each saved on its own, so their clocks start)."""
    priya = Worker.objects.get(name__startswith=worker_name)
    council = priya.council
    have = Allocation.objects.filter(worker=priya, ended_on__isnull=True).count()
    for n in range(total - have):
        young_person = YoungPerson.objects.create(
            council=council, first_name=f"Alex{n:02}", last_name="Example", child_id=f"9{n:05}",
            date_of_birth=date(2012, 1 + n % 12, 1 + n % 28), legal_status="looked_after",
            became_looked_after_on=date(2025, 1 + n % 12, 1))
        Allocation.objects.create(young_person=young_person, worker=priya, role=Role.SOCIAL_WORKER,
                                  started_on=date(2025, 1, 1))


def test_a_caseload_of_25_fits_one_desktop_screen_and_filters_searches_and_sorts(live_server, desktop_page,
                                                                                  phone_page, demo):
    fill_caseload("Priya", 25)
    page = desktop_page
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/young-people/")
    assert page.locator("tbody tr").count() == 25
    # Measured at 1,389px (issue 15: 9,200px for five children as a card each).
    assert page.evaluate("document.documentElement.scrollHeight") <= HEIGHT_CEILING
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert_accessible(page)
    shot(page, "worktray-desktop-1280")

    page.get_by_label("Search by name or child id").fill("900003")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert page.locator("tbody th a").all_inner_texts() == ["Alex03 Example"]
    assert "Search: 900003" in page.locator(".moj-filter__selected").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Clear filters").first.click()
    page.wait_for_load_state()

    page.get_by_label("Waiting for a call-back").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert page.locator("tbody th a.app-nowrap").all_inner_texts() == ["Jade Rivers"]
    assert page.get_by_label("Waiting for a call-back").is_checked()
    page.get_by_label("Waiting for a call-back").uncheck()

    page.get_by_label("Sort by").select_option("name")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    names = page.locator("tbody th a.app-nowrap").all_inner_texts()
    assert names[:2] == ["Noah Bell", "Mia Clarke"]  # by surname: Bell, Clarke, Example...
    assert_accessible(page)

    phone = phone_page
    sign_in(phone, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/young-people/")
    assert fits_a_phone(phone)
    assert_accessible(phone)
    shot(phone, "worktray-phone-375")


def test_a_manager_pages_through_everyone_and_narrows_to_a_worker(live_server, desktop_page, demo):
    fill_caseload("Priya", 40)
    page = desktop_page
    sign_in(page, live_server.url, demo_email("helen"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/young-people/?sort=name")
    assert page.locator("tbody tr").count() == 25
    page.get_by_role("link", name="Next page").click()
    page.wait_for_load_state()
    assert "sort=name" in page.url and "page=2" in page.url
    assert_accessible(page)
    page.get_by_label("Worker").select_option(label="Priya Shah")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "40 young people match the filters" in page.locator("main").inner_text()
    assert_accessible(page)
    shot(page, "worktray-manager-desktop-1280")


def test_the_child_overview_on_a_desk_and_a_phone(live_server, desktop_page, phone_page, demo):
    for page, name in ((desktop_page, "desktop-1280"), (phone_page, "phone-375")):
        sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
        page.goto(f"{live_server.url}/young-people/")
        page.get_by_role("link", name="Noah Bell", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Noah Bell", level=1).is_visible()
        assert "Priya Shah (you)" in page.locator(".moj-identity-bar").inner_text()
        assert page.locator(".moj-timeline__item").count() > 0
        assert page.get_by_role("navigation", name="About Noah Bell").get_by_role("link", name="Care plan").is_visible()
        assert fits_a_phone(page) or name.startswith("desktop")
        assert_accessible(page)
        shot(page, f"overview-{name}")
    page = desktop_page
    page.locator(".app-due-list__item").first.get_by_role("link").click()
    page.wait_for_load_state()
    assert_accessible(page)
