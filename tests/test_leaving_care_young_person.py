"""Leaving care, for the care leaver: their own pathway plan in plain words, and a care leaver aged 18 to 25 asking
to go back into education."""
from datetime import date

import pytest
from django.urls import reverse

from casework.models import ReturnToEducationRequest

from .leaving_care_helpers import SECTIONS, TODAY, born, page, write
from .leaving_care_helpers import frozen_today, leaver  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# The young person's own pathway plan
# ---------------------------------------------------------------------------------------------------------------

def test_my_pathway_plan_shows_my_current_plan_in_plain_words(client, people, leaver):
    write(people, agreed_on=date(2025, 3, 1), goals="To be a baker.")
    write(people, agreed_on=date(2026, 3, 1))
    client.force_login(leaver.user)
    html = page(client.get(reverse("my_pathway_plan")))
    assert "Your hopes and goals" in html and SECTIONS["goals"] in html and "To be a baker." not in html
    assert "You agreed it on 1 March 2026. Sita Worker wrote it with you." in html
    assert reverse("my_pathway_plan_print") in html

    printed = page(client.get(reverse("my_pathway_plan_print")))
    assert "app-print-page" in printed and "app-no-print" in printed
    assert "Pathway plan for Robin Ash" in printed and SECTIONS["home"] in printed and "Version 2." in printed


def test_my_pathway_plan_before_there_is_one(client, people, leaver):
    client.force_login(leaver.user)
    for name in ("my_pathway_plan", "my_pathway_plan_print"):
        assert "Your personal adviser will write your pathway plan with you" in page(client.get(reverse(name)))


def test_a_care_leaver_asks_to_go_back_into_education(client, people, leaver):
    client.force_login(leaver.user)
    html = page(client.get(reverse("my_pathway_plan")))
    assert "Want to go back into education or training?" in html
    assert f'action="{reverse("return_to_education_new")}"' in html

    response = client.post(reverse("return_to_education_new"), {"what": "A Level 3 catering course."}, follow=True)

    assert response.redirect_chain == [(reverse("my_pathway_plan"), 302)]
    assert "Thanks. Your personal adviser will make a new plan with you." in page(response)
    request = ReturnToEducationRequest.objects.get()
    assert (request.young_person, request.asked_on, request.what) == (leaver, TODAY, "A Level 3 catering course.")
    client.force_login(people.social_worker.user)
    assert "A Level 3 catering course." in page(client.get(reverse("pathway_plan", args=[leaver.pk])))


@pytest.mark.parametrize(
    "dob", [date(2009, 1, 1), date(2000, 11, 22)], ids=["17", "26"])
def test_going_back_into_education_is_only_for_ages_18_to_25(client, people, dob):
    young_person = born(people, dob)
    client.force_login(young_person.user)
    assert "Want to go back into education or training?" not in page(client.get(reverse("my_pathway_plan")))

    response = client.post(reverse("return_to_education_new"), {"what": "University."})

    html = page(response)
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Help to go back into education or training is for ages 18 to 25." in html
    assert ReturnToEducationRequest.objects.count() == 0


@pytest.mark.parametrize("dob", [date(2008, 11, 23), date(2000, 11, 24)], ids=["18 today", "25 until tomorrow"])
def test_going_back_into_education_is_open_from_18_until_the_26th_birthday(client, people, dob):
    young_person = born(people, dob)
    client.force_login(young_person.user)
    assert client.post(reverse("return_to_education_new"), {"what": "University."}).status_code == 302
    assert ReturnToEducationRequest.objects.count() == 1


def test_asking_to_go_back_into_education_needs_what_they_want_to_do(client, people, leaver):
    client.force_login(leaver.user)
    response = client.post(reverse("return_to_education_new"), {"what": "  "})
    html = page(response)
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Tell us what you would like to do" in html
    assert ReturnToEducationRequest.objects.count() == 0


def test_the_back_into_education_address_answers_a_get_after_a_refused_form(client, people, leaver):
    """A refused form is shown at the form's own address; reloading it there (a GET, from the address bar or a
    bookmark) shows the pathway plan page again, not a 405 (issue 15)."""
    client.force_login(leaver.user)
    client.post(reverse("return_to_education_new"), {"what": "  "})
    response = client.get(reverse("return_to_education_new"))
    html = page(response)
    assert response.status_code == 200
    assert "Want to go back into education or training?" in html
    assert "govuk-error-summary" not in html
    assert ReturnToEducationRequest.objects.count() == 0
