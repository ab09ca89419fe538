"""A social worker opens a young person's health checks; the young person, on a phone, finds who has looked from
their people page; the manager reads the log and the printable copy of everything kept. axe on every page."""
import pytest

from .browser import assert_accessible, fits_a_phone, sign_in, sign_out
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_young_person_sees_who_looked_and_the_manager_reads_the_log_on_a_phone(live_server, phone_page, people):
    page = phone_page
    sign_in(page, live_server.url, people.social_worker.user.email, PASSWORD)
    page.goto(f"{live_server.url}/young-people/{people.young_person.pk}/health/")
    sign_out(page)

    sign_in(page, live_server.url, people.young_person.user.email, PASSWORD)
    page.goto(f"{live_server.url}/my-people/")
    page.get_by_role("link", name="See who has looked at your record").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Who has looked at my record").is_visible()
    # Signing in showed the caseload (Robin on it), then the health checks: one entry for the day, each thing listed.
    assert page.get_by_text("(Social worker) looked at your record 2 times that day").is_visible()
    assert page.get_by_role("listitem").filter(has_text="looked at your health checks").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, people.manager.user.email, PASSWORD)
    page.get_by_role("link", name="Robin Ash").click()  # the worktray's row opens Robin's overview
    page.wait_for_load_state()
    page.get_by_role("link", name="Who has looked").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Who has looked at or changed this record").is_visible()
    assert page.get_by_role("cell", name="Looked at their health checks").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Everything we keep about Rob").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Health checks (0)").is_visible()
    assert_accessible(page)
