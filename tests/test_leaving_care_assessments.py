"""Leaving care: needs assessments and careers meetings, recorded by a worker."""
from datetime import date

import pytest
from django.urls import reverse

from casework.models import CareersMeeting, NeedsAssessment

from .leaving_care_helpers import date_fields, page
from .leaving_care_helpers import frozen_today, leaver  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# Needs assessments and careers meetings
# ---------------------------------------------------------------------------------------------------------------

def test_a_worker_records_a_needs_assessment(client, people, leaver):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("needs_assessment_new", args=[leaver.pk]),
                           {**date_fields("completed_on", date(2023, 8, 1)), "summary": "Needs help with budgeting."})
    assert response.status_code == 302
    assessment = NeedsAssessment.objects.get()
    assert (assessment.completed_on, assessment.recorded_by) == (date(2023, 8, 1), people.social_worker)
    html = page(client.get(reverse("pathway_plan", args=[leaver.pk])))
    assert "Needs help with budgeting." in html and "1 August 2023" in html


@pytest.mark.parametrize(
    ("completed_on", "summary", "message"),
    [
        (date(2022, 6, 1), "Found", "Pathway planning starts at 16. Robin Ash was 15 on that day."),
        (date(2026, 12, 1), "Found", "The date the assessment was completed must be today or in the past."),
        (date(2023, 8, 1), "", "Enter what the assessment found"),
    ],
    ids=["under 16", "in the future", "no summary"],
)
def test_a_bad_needs_assessment_shows_a_govuk_error_and_saves_nothing(client, people, leaver, completed_on,
                                                                     summary, message):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("needs_assessment_new", args=[leaver.pk]),
                           {**date_fields("completed_on", completed_on), "summary": summary})
    html = page(response)
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    assert NeedsAssessment.objects.count() == 0


@pytest.mark.parametrize(
    ("taken_up", "met_on", "expected", "shown"),
    [("yes", date(2026, 10, 9), True, "9 Oct 2026"), ("no", None, False, "No"), ("not_yet", None, None, "Not yet")],
)
def test_a_worker_records_a_careers_meeting(client, people, leaver, taken_up, met_on, expected, shown):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("careers_meeting_new", args=[leaver.pk]), {
        **date_fields("offered_on", date(2026, 10, 1)), "taken_up": taken_up, **date_fields("met_on", met_on)})
    assert response.status_code == 302
    meeting = CareersMeeting.objects.get()
    assert (meeting.offered_on, meeting.taken_up, meeting.met_on) == (date(2026, 10, 1), expected, met_on)
    assert shown in page(client.get(reverse("pathway_plan", args=[leaver.pk])))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**date_fields("offered_on", date(2026, 12, 1)), "taken_up": "not_yet"},
         "The date the meeting was offered must be today or in the past."),
        ({**date_fields("offered_on", date(2026, 10, 1)), "taken_up": "yes"}, "Enter the date they met"),
        ({**date_fields("offered_on", date(2026, 10, 1)), "taken_up": "no", **date_fields("met_on", date(2026, 10, 2))},
         "Only enter the date they met if they took up the meeting."),
        ({**date_fields("offered_on", date(2026, 10, 1)), "taken_up": "yes", **date_fields("met_on", date(2026, 9, 1))},
         "must be on or after the day it was offered (1 October 2026)."),
        ({**date_fields("offered_on", date(2026, 10, 1))}, "Select whether they took up the meeting"),
    ],
    ids=["offered in the future", "taken up with no date", "date but not taken up", "met before offered",
         "no answer"],
)
def test_a_bad_careers_meeting_shows_a_govuk_error_and_saves_nothing(client, people, leaver, data, message):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("careers_meeting_new", args=[leaver.pk]), data)
    html = page(response)
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    assert CareersMeeting.objects.count() == 0
