"""Faster recording and IROs landing on Reviews, in Chromium (issue 15), axe on every state; screenshots at desktop
and phone width go to /work/shots/recording/ for the lead to check by eye."""
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.management.commands.load_demo_people import DEMO_PASSWORD, demo_email
from casework.models import YoungPerson

from .browser import PHONE, assert_accessible, fits_a_phone, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("PLEDGE_SHOTS", "/work/shots/recording"))
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(transactional_db):
    for command in ("load_pledges", "load_demo_people", "load_demo_reviews"):
        call_command(command, stdout=open("/dev/null", "w"))


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def page(request, browser):
    context = browser.new_context(viewport=request.param, is_mobile=request.param is PHONE,
                                  has_touch=request.param is PHONE)
    page = context.new_page()
    page.width_name = "phone" if request.param is PHONE else "desktop"
    yield page
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.width_name}.png"), full_page=True)


def test_an_iro_lands_on_reviews_and_books_the_overdue_review(live_server, page, demo):
    sign_in(page, live_server.url, demo_email("tom"), DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/reviews/"
    assert page.get_by_role("heading", name="Reviews", exact=True).is_visible()
    noah = page.locator(".govuk-summary-card", has_text="Noah Bell")
    assert "No review is booked yet, and it is overdue." in noah.inner_text()
    # Jade's next review is booked: nothing to book beside her.
    assert page.locator(".govuk-summary-card", has_text="Jade").get_by_role("link", name="Book review").count() == 0
    assert_accessible(page)
    if page.width_name == "phone":
        assert fits_a_phone(page)
    shot(page, "iro-reviews")
    page.get_by_role("link", name="Book review for Noah Bell").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Book a review").is_visible()
    assert_accessible(page)
    shot(page, "review-new")


def test_after_holding_a_review_the_iro_is_asked_to_book_the_next(live_server, page, demo):
    noah = YoungPerson.objects.get(first_name="Noah")
    sign_in(page, live_server.url, demo_email("tom"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('review_list', args=[noah.pk])}")
    prompt = page.locator("#book-next-review")
    assert "The next review is not booked yet." in prompt.inner_text() and "which has passed" in prompt.inner_text()
    assert page.get_by_role("button", name="Book the next review").is_visible()
    assert_accessible(page)
    shot(page, "review-list-book-next")


def test_seen_alone_is_asked_only_for_a_visit_and_the_error_summary_focuses_it(live_server, page, demo):
    noah = YoungPerson.objects.get(first_name="Noah")
    sign_in(page, live_server.url, demo_email("priya"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('contact_new', args=[noah.pk])}?kind=phone")
    today = timezone.localdate()
    assert page.get_by_label("Day").input_value() == str(today.day)  # today, already filled in
    assert page.get_by_label("Phone call").is_checked()
    seen_alone = page.get_by_role("group", name="Did you see them on their own?")
    assert not seen_alone.is_visible()
    assert_accessible(page)
    shot(page, "contact-phone")
    for visit in ("Visit at home or placement", "Visit somewhere else (school, café, office)"):
        page.get_by_label(visit).check()
        assert seen_alone.is_visible(), visit
    assert_accessible(page)
    shot(page, "contact-visit-seen-alone")
    page.get_by_label("Video call").check()
    assert not seen_alone.is_visible()
    # A visit with no answer: the summary's link puts the cursor on the first answer.
    page.get_by_label("Visit at home or placement").check()
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Select whether you saw them on their own" in summary.inner_text()
    assert seen_alone.is_visible()  # the chosen visit's question is open again
    assert_accessible(page)
    shot(page, "contact-error")
    summary.get_by_role("link", name="Select whether you saw them on their own").click()
    assert page.evaluate("document.activeElement.id") == "id_seen_alone_1"
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_load_state()
    assert "Contact with Noah Bell saved." in page.content()
