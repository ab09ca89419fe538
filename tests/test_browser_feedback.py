"""A young person on a phone says a promise is not being kept for them and why (first sending nothing, to see the
error); their social worker reads it on "What young people say" and replies; the young person sees the reply beside
the promise. axe on every page visited."""
import pytest
from django.utils import timezone

from casework.working_days import add_working_days
from pledges.models import Promise, PromiseFeedback
from pledges.status import day_words

from .browser import assert_accessible, fits_a_phone, sign_in, sign_out
from .conftest import PASSWORD
from .factories import feedback_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROMISE = "We will work hard to sort out any problems or worries"
COMMENT = "I was meant to see my brother every month but it has been two months now."
REPLY = "I am sorry, Rob. I have booked a visit with your brother for this Saturday."


@pytest.fixture
def cast(people, small_pledge):
    """conftest's Robin (Rob), his social worker Sita and her team's manager, with the reply promise measured."""
    feedback_measure(people.council)
    return people.social_worker, people.young_person, Promise.objects.get(section__pledge=small_pledge, text=PROMISE)


def checked(page):
    assert fits_a_phone(page)
    assert_accessible(page)


def test_a_young_person_says_a_promise_is_not_kept_and_reads_the_workers_reply(live_server, phone_page, cast):
    worker, young_person, promise = cast
    page = phone_page
    due = day_words(add_working_days(timezone.localdate(), 5), timezone.localdate())

    # Rob says the promise is not being kept for him, and why.
    sign_in(page, live_server.url, young_person.user.email, PASSWORD)
    assert page.url == f"{live_server.url}/my-pledge/"
    checked(page)
    page.locator(f"details:has(#promise-{promise.pk}) > summary").click()  # its section is folded (issue 15)
    page.locator(f"#promise-{promise.pk}").get_by_role("link", name="Is this promise being kept for you?").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Tell us about this promise").is_visible()
    assert PROMISE in page.locator("blockquote").inner_text()
    checked(page)

    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Select whether this promise is being kept for you" in summary.inner_text()
    assert page.title().startswith("Error: ")
    checked(page)
    assert PromiseFeedback.objects.count() == 0

    page.get_by_label("No", exact=True).check()
    page.get_by_label("Tell us more (optional)").fill(COMMENT)
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/my-pledge/#promise-{promise.pk}"
    banner = page.locator(".govuk-notification-banner")
    assert f"Thank you for telling us. Your social worker will reply by {due}." in banner.inner_text()
    voice = page.locator(f"#promise-{promise.pk}")
    assert "You told us: No" in voice.inner_text() and COMMENT in voice.inner_text()
    checked(page)
    sign_out(page)

    # Sita finds it on "What young people say" and replies.
    sign_in(page, live_server.url, worker.user.email, PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="What young people say").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="What young people say", level=1).is_visible()
    card = page.locator(".app-feedback-card")
    assert card.count() == 1 and COMMENT in card.inner_text() and PROMISE in card.inner_text()
    checked(page)
    card.get_by_role("link", name="Reply to Robin Ash").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Reply to Rob").is_visible()
    checked(page)

    page.get_by_role("button", name="Send reply").click()
    page.wait_for_load_state()
    assert "Enter your reply" in page.locator(".govuk-error-summary").inner_text()
    checked(page)

    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/young-people/feedback/"
    assert "Your reply to Robin Ash has been sent." in page.locator(".govuk-notification-banner").inner_text()
    assert "Nothing is waiting for a reply." in page.locator("main").inner_text()
    checked(page)
    feedback = PromiseFeedback.objects.get()
    assert feedback.replied_by_id == worker.pk
    page.goto(f"{live_server.url}/young-people/feedback/{feedback.pk}/reply/")  # now read only
    assert REPLY in page.locator("main").inner_text() and "A reply cannot be changed." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Send reply").count() == 0
    checked(page)
    sign_out(page)

    # Rob sees the reply under "Replies for you" (issue 15) and reads it beside the promise.
    sign_in(page, live_server.url, young_person.user.email, PASSWORD)
    replies = page.locator(".app-right-now-list", has_text="Sita replied to what you told us.")
    assert "New" in replies.inner_text()
    replies.get_by_role("link", name="Read the reply").click()
    voice = page.locator(f"#promise-{promise.pk}")
    assert f"Sita replied: {REPLY}" in voice.inner_text()
    checked(page)
