"""The pledge version pages: only the council's managers (another worker gets the 403 page, a young person and
another council's ids a 404), GOV.UK errors that save nothing, and a fixed number of queries per page."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from pledges.models import MeasureChange, Pledge, Promise
from pledges.versions import measure_change, pledge_draft_start, pledge_publish, promise_edit, promise_retire

from .factories import MeasureFactory, PromiseFactory, SectionFactory, contact_measures

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 12:00 +00:00"):
        yield


@pytest.fixture
def draft(people, small_pledge):
    """Version 2 of Testshire's pledge as a draft, its contact promise measured."""
    contact_measures(people.council, promise=Promise.objects.get(section__pledge=small_pledge, ref="1-1"))
    return pledge_draft_start(council=people.council, by=people.manager)


def draft_promise(draft, ref="1-1"):
    return Promise.objects.get(section__pledge=draft, ref=ref)


def pledge_measure(people):
    return people.council.measures.get(key="social-worker-contact")


def page_urls(draft, small_pledge, people):
    promise = draft_promise(draft)
    return {
        "versions": reverse("pledge_versions"),
        "draft": reverse("pledge_draft"),
        "edit": reverse("pledge_draft_promise_edit", args=[promise.pk]),
        "retire": reverse("pledge_draft_promise_retire", args=[promise.pk]),
        "add": reverse("pledge_draft_promise_add", args=[promise.section_id]),
        "measure": reverse("pledge_draft_measure_change", args=[pledge_measure(people).pk]),
        "publish": reverse("pledge_draft_publish"),
        "version": reverse("pledge_version", args=[small_pledge.pk]),
    }


def login(client, worker_or_young_person):
    client.force_login(worker_or_young_person.user)
    return client


# --- Who may see them ---------------------------------------------------------------------------


PAGES = ["versions", "draft", "edit", "retire", "add", "measure", "publish", "version"]


@pytest.mark.parametrize("page", PAGES)
def test_the_councils_manager_sees_every_page(client, people, small_pledge, draft, page):
    response = login(client, people.manager).get(page_urls(draft, small_pledge, people)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["social_worker", "iro"])
def test_other_workers_get_the_403_page(client, people, small_pledge, draft, page, who):
    response = login(client, getattr(people, who)).get(page_urls(draft, small_pledge, people)[page])
    assert response.status_code == 403
    assert "You cannot use this page" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_young_person_gets_a_404(client, people, small_pledge, draft, page):
    assert login(client, people.young_person).get(page_urls(draft, small_pledge, people)[page]).status_code == 404


@pytest.mark.parametrize("page", ["edit", "retire", "add", "measure", "version"])
def test_another_councils_ids_are_a_404_for_a_manager(client, people, small_pledge, draft, page):
    elsewhere = Pledge.objects.create(council=people.elsewhere, title="Theirs", in_force_from=date(2024, 1, 1),
                                      published_at="2024-01-01T00:00Z")
    SectionFactory(pledge=elsewhere, order=1)
    pledge_draft_start(council=people.elsewhere, by=people.elsewhere_manager)
    response = login(client, people.elsewhere_manager).get(page_urls(draft, small_pledge, people)[page])
    assert response.status_code == 404


def test_a_published_versions_promise_cannot_be_edited_through_its_id(client, people, small_pledge, draft):
    url = reverse("pledge_draft_promise_edit", args=[Promise.objects.get(section__pledge=small_pledge, ref="1-1").pk])
    assert login(client, people.manager).post(url, {"text": "Changed"}).status_code == 404


def test_only_a_manager_can_start_a_new_version(client, people, small_pledge):
    assert login(client, people.social_worker).post(reverse("pledge_draft_new")).status_code == 403
    assert not Pledge.objects.filter(published_at__isnull=True).exists()
    response = login(client, people.manager).post(reverse("pledge_draft_new"))
    assert response.url == reverse("pledge_draft")
    assert Pledge.objects.get(published_at__isnull=True).version == 2


def test_the_draft_pages_send_a_manager_without_a_draft_to_the_versions(client, people, small_pledge):
    response = login(client, people.manager).get(reverse("pledge_draft"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pledge_versions")
    assert "There is no new version in progress" in response.content.decode()


def test_only_managers_have_pledge_versions_in_their_navigation(client, people, small_pledge):
    assert "Pledge versions" in login(client, people.manager).get(reverse("caseload")).content.decode()
    assert "Pledge versions" not in login(client, people.social_worker).get(reverse("caseload")).content.decode()


# --- Bad input ----------------------------------------------------------------------------------


def errors_in(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    return html


def test_an_empty_promise_gets_an_error_and_saves_nothing(client, people, small_pledge, draft):
    promise = draft_promise(draft)
    html = errors_in(login(client, people.manager).post(reverse("pledge_draft_promise_edit", args=[promise.pk]),
                                                        {"title": "", "text": "  "}))
    assert "Enter the promise" in html and "<title>Error: " in html
    promise.refresh_from_db()
    assert promise.text == "Your social worker will be in touch at least every 6 weeks"


def test_an_empty_new_promise_gets_both_errors_and_saves_nothing(client, people, small_pledge, draft):
    section = draft_promise(draft).section
    html = errors_in(login(client, people.manager).post(reverse("pledge_draft_promise_add", args=[section.pk]), {}))
    assert "Enter the promise" in html and "Say why this promise is not measured" in html
    assert section.promises.count() == 1


@pytest.mark.parametrize(("weeks", "message"), [
    ("", "Enter the number of weeks"),
    ("four", "The number of weeks must be a whole number from 1 to 52"),
    ("4.5", "The number of weeks must be a whole number from 1 to 52"),
    ("0", "The number of weeks must be a whole number from 1 to 52"),
    ("53", "The number of weeks must be a whole number from 1 to 52"),
])
def test_bad_numbers_get_an_error_and_save_nothing(client, people, small_pledge, draft, weeks, message):
    url = reverse("pledge_draft_measure_change", args=[pledge_measure(people).pk])
    html = errors_in(login(client, people.manager).post(url, {"interval": weeks, "name": "In touch"}))
    assert message in html
    assert not MeasureChange.objects.exists()


def test_a_measure_with_steps_asks_for_each_step(client, people, small_pledge, draft):
    stepped = MeasureFactory(council=people.council, promise=draft_promise(small_pledge), key="first-week",
                             params={"weeks": 6, "steps": [{"days": 7}], "counts": "keep_in_touch"})
    url = reverse("pledge_draft_measure_change", args=[stepped.pk])
    html = login(client, people.manager).get(url).content.decode()
    assert "First: within how many days?" in html and "Then: every how many weeks?" in html
    assert "Enter the number of days" in errors_in(client.post(url, {"interval": "6", "name": "Visits"}))


def test_publishing_an_unchanged_draft_says_so_and_keeps_the_draft(client, people, small_pledge, draft):
    html = errors_in(login(client, people.manager).post(reverse("pledge_draft_publish")))
    assert "Nothing has changed since version 1. Change a promise or a measure before you publish it." in html
    draft.refresh_from_db()
    assert draft.is_draft


# --- The flow -----------------------------------------------------------------------------------


def test_a_manager_rewords_a_promise_changes_its_measure_and_publishes(client, people, small_pledge, draft):
    login(client, people.manager)
    promise = draft_promise(draft)
    response = client.post(reverse("pledge_draft_promise_edit", args=[promise.pk]),
                           {"title": "", "text": "Your social worker will see you at least every 4 weeks"})
    assert response.url == f"{reverse('pledge_draft')}#promise-1-1"
    measure = pledge_measure(people)
    client.post(reverse("pledge_draft_measure_change", args=[measure.pk]),
                {"interval": "4", "name": "Social worker in touch at least every 4 weeks"})
    html = client.get(reverse("pledge_draft_publish")).content.decode()
    assert "Your social worker will see you at least every 4 weeks" in html
    assert "Was: Every 6 weeks" in html and "Now: Every 4 weeks" in html
    response = client.post(reverse("pledge_draft_publish"), follow=True)
    assert "Version 2 is published. Young people see it from today." in response.content.decode()
    measure.refresh_from_db()
    assert (measure.params["weeks"], measure.promise_id) == (4, promise.pk)

    my_pledge = login(client, people.young_person).get(reverse("my_pledge")).content.decode()
    assert "Version 2, in force from 1 December 2026" in my_pledge
    assert "Your social worker will see you at least every 4 weeks" in my_pledge


def test_a_past_version_shows_what_changed_in_it(client, people, small_pledge, draft):
    promise_edit(promise=draft_promise(draft, "3-1"), by=people.manager, title="", text="We will sort out worries fast")
    pledge_publish(draft=draft, by=people.manager, today=TODAY)
    html = login(client, people.manager).get(reverse("pledge_version", args=[draft.pk])).content.decode()
    assert "What changed from version 1" in html
    assert "We will work hard to sort out any problems or worries" in html and "We will sort out worries fast" in html
    assert "By Mo Manager, 1 December 2026" in html
    first = client.get(reverse("pledge_version", args=[small_pledge.pk])).content.decode()
    assert "This is the first version in Pledge Portal." in first and "kept as it was published" in first


def test_the_versions_page_lists_the_version_in_force_the_draft_and_earlier_ones(client, people, small_pledge):
    first = pledge_draft_start(council=people.council, by=people.manager)
    promise_edit(promise=draft_promise(first, "3-1"), by=people.manager, title="", text="Version 2's words")
    pledge_publish(draft=first, by=people.manager, today=TODAY)
    pledge_draft_start(council=people.council, by=people.manager)
    html = login(client, people.manager).get(reverse("pledge_versions")).content.decode()
    in_force, rest = html.split("New version", 1)
    assert "Version 2" in in_force and "By Mo Manager, 1 December 2026" in in_force
    assert "Carry on with version 3" in rest and "Start a new version" not in rest
    assert "Version 1" in rest and "Loaded from the council's pledge document" in rest


# --- Query counts (ATOMIC_REQUESTS adds SAVEPOINT and RELEASE) -------------------------------------


def grow(pledge, size):
    """`size` more sections of `size` promises, the first of each measured."""
    for s in range(size):
        section = SectionFactory(pledge=pledge, order=10 + s, applies_to="both")
        for p in range(size):
            promise = PromiseFactory(section=section, order=p + 1)
            if p == 0:
                MeasureFactory(council=pledge.council, promise=promise, params={"weeks": 6, "counts": "visit"})


# Session, user (with worker and council), SAVEPOINT, then the page's own, RELEASE:
QUERIES = {
    "versions": 5,  # every version with who published it
    "draft": 10,  # the draft, its sections, their promises, its measure changes, the measures, the version before
    "version": 11,  # the version, the one before and the one in force, measure changes, promises of both, sections,
                    # their promises
    "publish": 9,  # the draft, the version before, measure changes, promises of both, the measures that would stop
    "edit": 5,  # the promise with its section and draft
    "measure": 7,  # the draft, the measure with its promise, the draft's change to it
}


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("page", list(QUERIES))
def test_each_page_takes_a_fixed_number_of_queries_however_long_the_pledge(
    client, people, small_pledge, django_assert_num_queries, size, page
):
    grow(small_pledge, size)
    draft = pledge_draft_start(council=people.council, by=people.manager)
    for n, promise in enumerate(Promise.objects.filter(section__pledge=draft, section__order__gte=10)[:size]):
        promise_edit(promise=promise, by=people.manager, title="", text=f"Reworded {n}")
    promise_retire(promise=draft_promise(draft, "2-1"), by=people.manager)
    contact_measures(people.council, promise=Promise.objects.get(section__pledge=small_pledge, ref="1-1"))
    measure_change(draft=draft, measure=pledge_measure(people), by=people.manager, interval=4, steps=[], name="4 weeks")
    url = page_urls(draft, small_pledge, people)[page]
    if page == "version":  # the new version once published, with what changed in it
        pledge_publish(draft=draft, by=people.manager, today=TODAY)
        url = reverse("pledge_version", args=[draft.pk])
    login(client, people.manager)
    with django_assert_num_queries(QUERIES[page]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("versions", [1, 6])
def test_the_versions_page_takes_a_fixed_number_of_queries_however_many_versions(
    client, people, small_pledge, django_assert_num_queries, versions
):
    for n in range(versions - 1):
        draft = pledge_draft_start(council=people.council, by=people.manager)
        promise_edit(promise=draft_promise(draft, "3-1"), by=people.manager, title="", text=f"Words {n}")
        pledge_publish(draft=draft, by=people.manager, today=TODAY)
    login(client, people.manager)
    with django_assert_num_queries(QUERIES["versions"]):
        html = client.get(reverse("pledge_versions")).content.decode()
    assert html.count('class="govuk-summary-card__title"') == versions
