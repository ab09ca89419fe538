"""The pledge version pages and the law (issue 17): a legal minimum is shown as set by law and never offered for
change; a crafted POST gets the GOV.UK error summary and saves nothing; the publish page says which measures are
the law's and which are the council's own promises."""
import re

import pytest
import time_machine
from django.urls import reverse

from pledges.models import MeasureChange, Promise
from pledges.versions import measure_change, pledge_draft_start

from .factories import contact_measures

pytestmark = pytest.mark.django_db
REFUSAL = ("Visit within 1 week, then at most every 6 weeks is the legal minimum (regulation 28): the law sets "
           "its numbers, so they cannot be changed. You can change our own promise beside it")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 12:00 +00:00"):
        yield


@pytest.fixture
def measures(people, small_pledge):
    ours, statutory = contact_measures(people.council,
                                       promise=Promise.objects.get(section__pledge=small_pledge, ref="1-1"))
    pledge_draft_start(council=people.council, by=people.manager)
    return ours, statutory


def manager(client, people):
    client.force_login(people.manager.user)
    return client


def summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return " ".join(match.group(0).split()) if match else ""


def test_the_draft_shows_a_legal_minimum_as_set_by_law_with_no_change_link(client, people, measures):
    ours, statutory = measures
    html = manager(client, people).get(reverse("pledge_draft")).content.decode()
    assert "Set by law (regulation 28): it cannot be changed." in html
    assert reverse("pledge_draft_measure_change", args=[ours.pk]) in html
    assert reverse("pledge_draft_measure_change", args=[statutory.pk]) not in html


def test_opening_a_legal_minimums_change_page_goes_back_to_the_draft_saying_why(client, people, measures):
    _, statutory = measures
    response = manager(client, people).get(reverse("pledge_draft_measure_change", args=[statutory.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('pledge_draft')}#promise-1-1"
    assert f"{REFUSAL}." in response.content.decode()


@pytest.mark.parametrize("posted", [
    {"interval": "12", "step_1": "7", "name": "Visits every 12 weeks"},
    {"interval": "", "step_1": "x"},
    {},
])
def test_a_crafted_post_to_a_legal_minimum_gets_the_error_summary_and_saves_nothing(client, people, measures, posted):
    _, statutory = measures
    response = manager(client, people).post(reverse("pledge_draft_measure_change", args=[statutory.pk]), posted)
    assert response.status_code == 200
    assert REFUSAL in summary(response.content.decode())
    assert not MeasureChange.objects.exists()
    statutory.refresh_from_db()
    assert statutory.params["weeks"] == 6


def test_our_promise_made_looser_than_the_law_gets_the_error_on_its_number(client, people, measures):
    ours, _ = measures
    response = manager(client, people).post(reverse("pledge_draft_measure_change", args=[ours.pk]),
                                            {"interval": "7", "name": "In touch every 7 weeks"})
    found = summary(response.content.decode())
    assert 'href="#id_interval"' in found
    assert ("Our promise cannot be looser than the legal minimum beside it: regulation 28 says every 6 weeks "
            "(first 7 days). It can be the same as the law or stricter") in found
    assert not MeasureChange.objects.exists()


def test_the_publish_page_says_which_measures_are_the_law_and_which_our_promise(client, people, measures):
    ours, statutory = measures
    draft = pledge_draft_start(council=people.council, by=people.manager)
    measure_change(draft=draft, measure=ours, by=people.manager, interval=4, steps=[], name="In touch every 4 weeks")
    html = manager(client, people).get(reverse("pledge_draft_publish")).content.decode()
    legal, ours_part = html.split("Legal minimums: set by law, they cannot change", 1)[1].split(
        "Our own promises: the council chooses", 1)
    assert "Visit within 1 week, then at most every 6 weeks" in legal and "regulation 28" in legal
    assert "Every 6 weeks (first 7 days)" in legal
    assert "In touch every 4 weeks" in ours_part.split("When it starts")[0]
    assert "Every 4 weeks" in ours_part.split("When it starts")[0]


def test_the_admin_shows_a_legal_minimums_numbers_without_letting_them_be_edited(admin_client, measures):
    ours, statutory = measures
    html = admin_client.get(reverse("admin:pledges_measure_change", args=[statutory.pk])).content.decode()
    assert 'name="params"' not in html and 'name="name"' in html and "&quot;weeks&quot;: 6" in html
    assert 'name="params"' in admin_client.get(reverse("admin:pledges_measure_change", args=[ours.pk])).content.decode()
