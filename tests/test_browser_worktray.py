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
            date_of_birth=date(2012, 1 + n % 12, 1 + n), legal_status="looked_after",
            became_looked_after_on=date(2025, 1 + n % 12, 1))
        Allocation.objects.create(young_person=young_person, worker=priya, role=Role.SOCIAL_WORKER,
                                  started_on=date(2025, 1, 1))


def test_peek(live_server, desktop_page, phone_page, demo):
    fill_caseload("Priya", 25)
    for page, width in ((desktop_page, "desktop"), (phone_page, "phone")):
        sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
        page.goto(f"{live_server.url}/young-people/")
        print(width, page.evaluate("document.documentElement.scrollHeight"), page.evaluate("document.documentElement.scrollWidth"))
        shot(page, f"peek-{width}")
