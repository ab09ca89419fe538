"""A social worker opens a young person's health checks; the young person, on a phone, finds who has looked from
their people page; the manager reads the log. axe on every page visited."""
import pytest

from casework.models import Role

from .browser import assert_accessible, fits_a_phone, sign_in, sign_out
from .conftest import PASSWORD
from .factories import AllocationFactory, CouncilFactory, TeamFactory, UserFactory, WorkerFactory, YoungPersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    worker = WorkerFactory(council=council, team=team, name="Sita Worker", role=Role.SOCIAL_WORKER,
                           user=UserFactory(email="sita@example.test"))
    WorkerFactory(council=council, team=team, name="Mo Manager", role=Role.MANAGER,
                  user=UserFactory(email="mo@example.test"))
    young_person = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash", preferred_name="Rob",
                                      user=UserFactory(email="robin@example.test"))
    AllocationFactory(young_person=young_person, worker=worker)
    return young_person


def test_a_young_person_sees_who_looked_and_the_manager_reads_the_log_on_a_phone(live_server, phone_page, cast):
    page = phone_page
    sign_in(page, live_server.url, "sita@example.test", PASSWORD)
    page.goto(f"{live_server.url}/young-people/{cast.pk}/health/")
    sign_out(page)

    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/my-people/")
    page.get_by_role("link", name="See who has looked at your record").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Who has looked at my record").is_visible()
    assert page.get_by_text("(Social worker) looked at your health checks.").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.get_by_role("link", name="Who has looked at Robin Ash's record").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Who has looked at or changed this record").is_visible()
    assert page.get_by_role("cell", name="Looked at their health checks").is_visible()
    assert_accessible(page)
