"""A young person's call-back and worry pages in Chromium on phones (320 and 375 px): the call-back page with the
attempts and who is covering, the call-back form with a wrong number, My people, and a worry they add to. Each is
axe clean and fits the screen; screenshots (375 px and desktop) go to /work/shots/yp-contact/ for checking by eye."""
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.contacts.services import callback_attempt_record
from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import CallbackRequest, Concern, Team, Worker, YoungPerson
from casework.worries.services import concern_respond

from .browser import PHONE, check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/yp-contact")
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(transactional_db):
    """Jade's call-back tried once; Priya, her social worker, away until next week with Mark as the team's duty
    worker; a worry of Jade's with Priya's reply."""
    for command in ("load_pledges", "load_demo_people"):
        call_command(command, stdout=open("/dev/null", "w"))
    jade = YoungPerson.objects.get(first_name="Jade")
    jade.phone = "07700 900201"
    jade.save()
    priya, mark = Worker.objects.get(name="Priya Shah"), Worker.objects.get(name="Mark Fenwick")
    callback = CallbackRequest.objects.get(young_person=jade, status=CallbackRequest.Status.OPEN)
    callback.phone = "07700 900201"
    callback.save()
    callback_attempt_record(request=callback, worker=priya, outcome="not_reached", note="",
                            now=timezone.now() - timedelta(hours=2))
    Team.objects.filter(pk=priya.team_id).update(duty_worker=mark)
    Worker.objects.filter(pk=priya.pk).update(away_until=timezone.localdate() + timedelta(days=7))
    worry = Concern.objects.create(young_person=jade, kind=Concern.Kind.WORRY, audience=Concern.Audience.WORKER,
                                   text="I don't feel safe walking home from school.",
                                   raised_at=timezone.now() - timedelta(days=1))
    concern_respond(concern=worry, worker=priya, text="Thank you for telling me. Let's talk on Thursday.",
                    now=timezone.now() - timedelta(hours=20), resolves=False)
    return jade, worry


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 500, has_touch=True)
    return context, context.new_page()


def _check(page, width, name):
    check_page(page, width, SHOTS, name, DESKTOP["width"])


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=["320", "375", "desktop"])
def test_the_call_back_page_shows_the_attempts_and_who_is_covering(live_server, browser, demo, viewport):
    context, page = _page(browser, viewport)
    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/my-pledge/call-me/")
    assert page.get_by_role("heading", name="Your call back").is_visible()
    assert "We tried to ring you at" in page.locator("#attempts").inner_text()
    covering = page.locator("#covering").inner_text()
    assert "Priya Shah is away until" in covering and "Mark Fenwick, the duty worker in the Children in Care Team" \
        in covering
    assert "07700 900201" in page.content()
    _check(page, viewport["width"], "call-back-with-attempts")
    page.goto(f"{live_server.url}/my-people/")
    assert "Mark Fenwick" in page.locator("#covering").inner_text()
    assert "0800 1111" in page.locator("#help-now").inner_text()
    _check(page, viewport["width"], "my-people-covering")
    context.close()


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=["320", "375", "desktop"])
def test_the_call_back_form_offers_the_number_and_explains_a_wrong_one(live_server, browser, demo, viewport):
    jade, _worry = demo
    CallbackRequest.objects.filter(young_person=jade).update(status=CallbackRequest.Status.CALLED_BACK)
    context, page = _page(browser, viewport)
    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/my-pledge/call-me/")
    number = page.get_by_label("What number should we call you on?")
    assert number.input_value() == "07700 900201"
    _check(page, viewport["width"], "call-back-form")
    number.fill("12345")
    page.get_by_role("button", name="Ask for a call back").click()
    page.wait_for_load_state()
    summary_link = page.locator(".govuk-error-summary a").first
    assert "UK phone number" in summary_link.inner_text()
    _check(page, viewport["width"], "call-back-form-error")
    summary_link.click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    context.close()


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=["320", "375", "desktop"])
def test_a_young_person_adds_to_a_worry(live_server, browser, demo, viewport):
    _jade, worry = demo
    context, page = _page(browser, viewport)
    sign_in(page, live_server.url, demo_email("jade"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/my-worries/new/")
    assert "we may have to share it" in page.locator("#sharing").inner_text()
    _check(page, viewport["width"], "worry-new")
    page.goto(f"{live_server.url}/my-worries/{worry.pk}/")
    assert "0800 1111" in page.locator("#help-now").inner_text()
    page.get_by_label("Add to what you told us").fill("It happened again yesterday.")
    page.get_by_role("button", name="Add it").click()
    page.wait_for_load_state()
    assert page.get_by_text("We have added it.").is_visible()
    assert page.get_by_role("heading", name="You added", exact=True).is_visible()
    _check(page, viewport["width"], "worry-added-to")
    context.close()
