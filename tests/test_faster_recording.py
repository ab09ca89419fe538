"""Faster recording (issue 15): a date the worker records starts at today, a link can say what kind of contact
it is (`?kind=phone` from an overdue row), and "seen alone" is asked only for a visit."""
import re
from datetime import date, datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.contacts.services import contact_log
from casework.models import Contact, ContactKind
from tests.test_access_matrix import world  # noqa: F401 (a fixture)
from tests.test_error_summary_links import a_person_who_may_post, parsed
from tests.test_write_matrix import url_for

from .record_writes import OTHER_POSTS, RECORD_WRITES
from .test_access_matrix import login

# Dates that are not "when it happened": a review being booked is for a day to come; a date revealed under an
# answer ("Date contact was restricted", "Date they met the careers adviser (if they did)", the day an advocate
# was offered before a move) is only given when it applies; the year a return ends and the council's start date
# are not recorded as they happen.
NOT_TODAY = {("review_new", "scheduled_for"), ("family_new", "restricted_on"),
             ("family_new", "restriction_explained_on"), ("careers_meeting_new", "met_on"),
             ("placement_new", "advocate_offered_on"), ("measuring_from_edit", "measuring_from"),
             # A manager adding a young person gives their birthday and the day they came into care (facts, not
             # today); the allocation's date is left empty and means today (the hint says so); a worker's last
             # day away is a day to come.
             ("young_person_new", "date_of_birth"), ("young_person_new", "became_looked_after_on"),
             ("young_person_new", "allocated_on"), ("worker_absence", "away_until"),
             # A missing episode's return and return interview are given once they are known (the walk's episode
             # is still going on: its return starts at today, the interview not yet offered).
             ("missing_episode_new", "ended_on"), ("missing_episode_new", "return_interview_offered_on"),
             ("missing_episode_return", "return_interview_offered_on")}
DATE_PART = re.compile(r'<input[^>]*class="govuk-input govuk-date-input__input[^"]*"[^>]*>')


def date_inputs(html):
    """{date field: (day, month, year)} as the page's date inputs are filled in."""
    dates = {}
    for tag in DATE_PART.findall(html):
        name = re.search(r'name="([^"]+)_(\d)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        dates.setdefault(name.group(1), ["", "", ""])[int(name.group(2))] = value.group(1) if value else ""
    return {name: tuple(parts) for name, parts in dates.items()}


@pytest.mark.django_db
def test_every_recording_form_starts_at_today_asked_at_the_time_of_the_request(world):
    """Two days after the server started, at 23:30 UTC on a summer night: it is already the next day in England."""
    late = (datetime.now(dt_timezone.utc) + timedelta(days=2)).replace(hour=23, minute=30)
    london_day = late.date() + timedelta(days=1) if late.month in range(4, 11) else late.date()
    with time_machine.travel(late, tick=False):
        clients, checked, wrong = {}, set(), {}
        for name in sorted(set(RECORD_WRITES) | set(OTHER_POSTS)):
            person = a_person_who_may_post(name)
            client = clients.setdefault(person, login(person))
            response = client.get(url_for(name, world))
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            for field, parts in date_inputs(response.content.decode()).items():
                want = ("", "", "") if (name, field) in NOT_TODAY else (
                    str(london_day.day), str(london_day.month), str(london_day.year))
                checked.add((name, field))
                if parts != want:
                    wrong[name, field] = (parts, want)
    assert wrong == {}, "(page, date field): (as shown, expected)"
    assert {("contact_new", "happened_on"), ("health_check_new", "checked_on"), ("review_held", "held_on"),
            ("consultation_new", "consulted_on"), ("pep_new", "reviewed_on"), ("identity_new", "reviewed_on"),
            ("care_plan_new", "agreed_on"), ("needs_assessment_new", "completed_on"),
            ("grant_payment_new", "paid_on")} <= checked


def checked_kind(html):
    return re.findall(r'name="kind"[^>]*value="(\w+)"\s*checked', html.replace("\n", " "))


@pytest.mark.django_db
def test_a_link_can_choose_the_kind_of_contact_and_a_wrong_one_is_ignored(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("contact_new", args=[people.young_person.pk])
    assert checked_kind(client.get(url + "?kind=phone").content.decode()) == ["phone"]
    assert checked_kind(client.get(url + "?kind=visit_home").content.decode()) == ["visit_home"]
    for wrong in ("?kind=carrier_pigeon", "?kind=", "?kind=<script>", ""):
        assert checked_kind(client.get(url + wrong).content.decode()) == []
    # A posted form keeps what was sent, whatever the link said.
    response = client.post(url + "?kind=phone", {"kind": "video"})
    assert checked_kind(response.content.decode()) == ["video"]


@pytest.mark.django_db
def test_a_health_check_link_can_choose_the_kind_of_check(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("health_check_new", args=[people.young_person.pk])
    assert re.search(r'value="dental"\s*checked', client.get(url + "?kind=dental").content.decode())
    assert "checked" not in client.get(url + "?kind=nope").content.decode().split('name="kind"')[1][:200]


def contact(day, **answers):
    return {"happened_on_0": str(day.day), "happened_on_1": str(day.month), "happened_on_2": str(day.year),
            "note": "", **answers}


@pytest.mark.django_db
def test_seen_alone_is_revealed_under_the_visits_and_asked_only_for_a_visit(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("contact_new", args=[people.young_person.pk])
    html = client.get(url).content.decode()
    # Both visit radios open the one reveal that holds the question, which sits under "Visit somewhere else".
    assert re.search(r'id="id_kind_1"[^>]*aria-controls="conditional_kind_2"', html.replace("\n", " "))
    reveal = html.split('id="conditional_kind_2"')[1].split("</fieldset>")[0]
    assert "Did you see them on their own?" in reveal and 'name="seen_alone"' in reveal
    assert "app-revealing-radios__shared" in html.split('id="conditional_kind_2"')[0][-200:]
    assert html.count('name="seen_alone"') == 2  # yes and no, once

    today = date.today()
    before = Contact.objects.count()
    # A visit must say.
    response = client.post(url, contact(today, kind="visit_home"))
    assert response.status_code == 200
    assert 'href="#id_seen_alone_1">Select whether you saw them on their own' in response.content.decode()
    assert Contact.objects.count() == before
    # A phone call answered "yes" before the kind was changed: the hidden answer is not kept.
    assert client.post(url, contact(today, kind="phone", seen_alone="yes")).status_code == 302
    assert Contact.objects.get(kind="phone", worker=people.social_worker).seen_alone is None
    assert client.post(url, contact(today, kind="visit_elsewhere", seen_alone="no")).status_code == 302
    assert Contact.objects.get(kind="visit_elsewhere").seen_alone is False


@pytest.mark.django_db
def test_a_record_of_a_call_saying_who_was_seen_alone_is_refused_outside_the_form(people):
    call = Contact(young_person=people.young_person, worker=people.social_worker, happened_on=date.today(),
                   kind=ContactKind.PHONE, seen_alone=True)
    with pytest.raises(ValidationError, match="only recorded for a visit"):
        call.full_clean()
    # The service drops it rather than refusing: its callers pass the form's answer.
    saved = contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=date.today(),
                        kind=ContactKind.PHONE, seen_alone=True, note="")
    assert saved.seen_alone is None
