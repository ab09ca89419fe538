"""A young person on a phone tells us about a worry (first sending an empty form to see the errors); their social
worker acknowledges it and replies, saying it answers it; the young person sees it answered, with the reply. axe on
every page visited."""
from datetime import date

import pytest

from casework.models import Concern, ConcernResponse, Role

from .browser import assert_accessible, fits_a_phone, sign_in, sign_out
from .conftest import PASSWORD
from .factories import (
    AllocationFactory,
    ContactPointFactory,
    CouncilFactory,
    TeamFactory,
    UserFactory,
    WorkerFactory,
    YoungPersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORRY = "My new foster carer won't let me see my brother at weekends."
REPLY = "Thank you for telling me. I have spoken to your carer: you will see your brother every Saturday."


@pytest.fixture
def cast(transactional_db):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    worker = WorkerFactory(council=council, team=team, name="Sita Worker", role=Role.SOCIAL_WORKER,
                           user=UserFactory(email="sita@example.test"))  # password: conftest.PASSWORD
    young_person = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash", preferred_name="Rob",
                                      became_looked_after_on=date(2022, 6, 1),
                                      user=UserFactory(email="robin@example.test"))
    AllocationFactory(young_person=young_person, worker=worker)
    ContactPointFactory(council=council, kind="advocacy", name="Speak Up Advocacy", phone="01632 960777")
    ContactPointFactory(council=council, kind="complaints", name="Complaints Officer", phone="",
                        email="complaints@testshire.test")
    return worker, young_person


def test_a_worry_is_raised_on_a_phone_answered_by_the_social_worker_and_seen_answered(live_server, phone_page, cast):
    worker, young_person = cast
    page = phone_page

    # Rob tells us about a worry.
    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/my-worries/")
    assert page.get_by_role("heading", name="Your worries and complaints").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Tell us about a worry").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Tell us about a worry").is_visible()
    assert page.get_by_text("If you are in danger right now, call 999.").is_visible()
    help_box = page.get_by_role("complementary")
    assert "Speak Up Advocacy" in help_box.inner_text() and "Complaints Officer" in help_box.inner_text()
    assert help_box.get_by_role("link", name="01632 960777").get_attribute("href") == "tel:01632960777"
    assert fits_a_phone(page)
    assert_accessible(page)

    # First with nothing filled in.
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    for message in ("Choose what you would like to do", "Choose who should see it", "Tell us what's happening"):
        assert message in summary.inner_text()
    assert page.title().startswith("Error: ")
    summary.get_by_role("link", name="Tell us what's happening").click()
    assert page.get_by_label("What's happening?").evaluate("element => element === document.activeElement")
    assert fits_a_phone(page)
    assert_accessible(page)
    assert Concern.objects.count() == 0

    page.get_by_label("I'm worried about something").check()
    page.get_by_label("My social worker or personal adviser").check()
    page.get_by_label("What's happening?").fill(WORRY)
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/my-worries/"
    banner = page.locator(".govuk-notification-banner")
    assert "We have your message. Someone will reply within 2 working days." in banner.inner_text()
    card = page.locator(".app-concern-card")
    assert card.count() == 1
    assert card.locator(".app-concern-status").inner_text() == "Sent"
    assert WORRY in card.inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    concern = Concern.objects.get()
    assert (concern.young_person_id, concern.kind, concern.audience) == (young_person.pk, "worry", "worker")
    sign_out(page)

    # Sita acknowledges it and replies, answering it.
    sign_in(page, live_server.url, "sita@example.test", PASSWORD)
    page.goto(f"{live_server.url}/concerns/")
    assert page.get_by_role("heading", name="Worries and complaints").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="A worry from Robin Ash").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="A worry").is_visible()
    assert WORRY in page.locator("main").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge").click()
    page.wait_for_load_state()
    assert "Rob can see that someone is looking at it." in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(".app-concern-status").inner_text() == "Someone is looking at it"
    assert page.get_by_role("button", name="Acknowledge").count() == 0
    assert_accessible(page)

    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_label("This answers it").check()
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_load_state()
    assert "Your reply to Robin Ash has been sent." in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(".app-concern-status").inner_text() == "Answered"
    assert REPLY in page.locator(".app-concern-response").inner_text()
    assert page.get_by_role("button", name="Send reply").count() == 0
    assert fits_a_phone(page)
    assert_accessible(page)
    assert ConcernResponse.objects.get().worker_id == worker.pk
    sign_out(page)

    # Rob sees it answered, with Sita's reply.
    sign_in(page, live_server.url, "robin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/my-worries/")
    card = page.locator(".app-concern-card")
    assert card.locator(".app-concern-status").inner_text() == "Answered"
    assert "Sita Worker replied" in card.inner_text() and REPLY in card.inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
    card.get_by_role("link", name="See all of it").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="A worry").is_visible()
    assert page.locator(".app-concern-status").inner_text() == "Answered"
    assert REPLY in page.locator("main").inner_text()
    assert fits_a_phone(page)
    assert_accessible(page)
