"""Staying Close (Children's Wellbeing and Schools Act 2026 s7): a care leaver under 25 asks from their own pathway
plan page; their personal adviser records the assessment and the decision. Neither pledge gives a timescale, so the
council's own default is an answer within 20 working days (the "staying-close-answer" measure, basis "pledge")."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.leaving_care.close import staying_close_answer, staying_close_request
from casework.models import LegalStatus, StayingCloseRequest
from pledges.models import LedgerEntry

from .factories import MeasureFactory
from .leaving_care_helpers import date_fields, morning_of as at

pytestmark = pytest.mark.django_db
State = LedgerEntry.State



@pytest.fixture
def leaver(people):
    """Robin, a care leaver who turns 25 on 15 January 2027."""
    young_person = people.young_person
    young_person.date_of_birth = date(2002, 1, 15)
    young_person.legal_status = LegalStatus.CARE_LEAVER
    young_person.became_looked_after_on = None
    young_person.save()
    return young_person


@pytest.fixture
def measure(people):
    return MeasureFactory(council=people.council, key="staying-close-answer", basis="pledge", rule="within",
                          applies_to="care_leaver", params={"working_days": 20, "counts": "staying_close"},
                          name="A Staying Close assessment answered within 20 working days", warn_days_before=5)


@pytest.mark.parametrize(("day", "allowed"), [
    (date(2027, 1, 14), True),   # the day before the 25th birthday
    (date(2027, 1, 15), False),  # the 25th birthday
    (date(2027, 1, 16), False),
])
def test_a_care_leaver_can_ask_until_their_25th_birthday(leaver, day, allowed):
    with at(day):
        if allowed:
            staying_close_request(young_person=leaver, what="", asked_on=day)
        else:
            with pytest.raises(ValidationError, match="until you are 25"):
                staying_close_request(young_person=leaver, what="", asked_on=day)
    assert StayingCloseRequest.objects.exists() is allowed


def test_a_child_in_care_cannot_ask_and_a_second_request_waits_for_the_first(people, leaver):
    with at(date(2026, 12, 1)):
        people.other_young_person.legal_status = LegalStatus.LOOKED_AFTER
        with pytest.raises(ValidationError, match="left care"):
            staying_close_request(young_person=people.other_young_person, what="", asked_on=date(2026, 12, 1))
        staying_close_request(young_person=leaver, what="Near Oak House", asked_on=date(2026, 12, 1))
        with pytest.raises(ValidationError, match="You asked on 1 December 2026"):
            staying_close_request(young_person=leaver, what="", asked_on=date(2026, 12, 1))
    assert StayingCloseRequest.objects.count() == 1


@pytest.mark.parametrize(("answered_on", "state"), [
    (date(2027, 1, 18), State.MET_ON_TIME),  # the day before it is due
    (date(2027, 1, 19), State.MET_ON_TIME),  # 20 working days after 17 December, past 3 bank holidays
    (date(2027, 1, 20), State.MET_LATE),
])
def test_the_answer_is_due_20_working_days_after_asking_past_the_christmas_bank_holidays(
        people, leaver, measure, answered_on, state):
    """Asked on 17 December 2026, answered after their 25th birthday (15 January): the council still owes the answer
    to a request made in time."""
    with at(date(2026, 12, 17)):
        asked = staying_close_request(young_person=leaver, what="", asked_on=date(2026, 12, 17))
    [entry] = LedgerEntry.objects.filter(young_person=leaver, measure=measure)
    assert entry.due_on == date(2027, 1, 19)
    assert "25 December, 28 December and 1 January are bank holidays" in entry.explanation
    assert entry.state_on(date(2027, 1, 19)) == State.DUE_TODAY and entry.state_on(date(2027, 1, 20)) == State.OVERDUE
    with at(answered_on):
        staying_close_answer(request=asked, by=people.social_worker, answered_on=answered_on,
                             decision="not_offered", answer="You are settled where you are.")
    entry.refresh_from_db()
    assert entry.state_on(date(2027, 2, 1)) == state and entry.met_by == "staying_close_answer"


def test_only_their_own_worker_answers_once_and_not_before_they_asked(people, leaver):
    with at(date(2026, 12, 1)):
        asked = staying_close_request(young_person=leaver, what="", asked_on=date(2026, 12, 1))
        with pytest.raises(PermissionDenied):
            staying_close_answer(request=asked, by=people.iro, answered_on=date(2026, 12, 1), decision="offered",
                                 answer="Yes")
        with pytest.raises(ValidationError, match="on or after the day they asked"):
            staying_close_answer(request=asked, by=people.social_worker, answered_on=date(2026, 11, 30),
                                 decision="offered", answer="Yes")
        staying_close_answer(request=asked, by=people.social_worker, answered_on=date(2026, 12, 1),
                             decision="offered", answer="Yes")
        with pytest.raises(ValidationError, match="answered on 1 December 2026"):
            staying_close_answer(request=asked, by=people.social_worker, answered_on=date(2026, 12, 1),
                                 decision="not_offered", answer="No")



def test_they_ask_from_their_own_page_and_read_the_answer_there(client, people, leaver, measure):
    with at(date(2026, 12, 1)):
        client.force_login(leaver.user)
        assert "Ask for a Staying Close assessment" in client.get(reverse("my_pathway_plan")).content.decode()
        response = client.post(reverse("staying_close_new"), {"close-what": "To live near Oak House"})
        assert response.status_code == 302
        page = client.get(reverse("my_pathway_plan")).content.decode()
        assert "You asked on 1 December 2026" in page and "Ask for a Staying Close assessment" not in page
        asked = StayingCloseRequest.objects.get(what="To live near Oak House")
        client.force_login(people.social_worker.user)
        staff = client.get(reverse("young_person_overview", args=[leaver.pk])).content.decode()
        assert "A Staying Close assessment answered within 20 working days" in staff
        assert "Asked for a Staying Close assessment" in staff  # the timeline
        response = client.post(reverse("staying_close_answer", args=[leaver.pk, asked.pk]), {
            **date_fields("answered_on", date(2026, 12, 1)), "decision": "offered",
            "answer": "Yes: we will help you find a flat near Oak House."})
        assert response.status_code == 302
        client.force_login(leaver.user)
        page = client.get(reverse("my_pathway_plan")).content.decode()
    assert "Staying Close support offered" in page and "a flat near Oak House" in page
    assert LedgerEntry.objects.get(young_person=leaver, measure=measure).status == "met"


def test_asking_again_while_one_waits_shows_the_reason_in_the_error_summary(client, leaver):
    with at(date(2026, 12, 1)):
        staying_close_request(young_person=leaver, what="", asked_on=date(2026, 12, 1))
        client.force_login(leaver.user)
        response = client.post(reverse("staying_close_new"), {"close-what": "Again"})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and "You asked on 1 December 2026" in html
    assert StayingCloseRequest.objects.count() == 1
