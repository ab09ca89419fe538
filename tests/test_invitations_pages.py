"""Young people's accounts by invitation, through the pages: the young person sets a password; a used, expired,
revoked or unknown link gets one page; the worker invites and sees the invitation on the record."""
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from casework.accounts.invitations import Invitation, invitation_accept, invitation_create
from casework.models import LegalStatus, Role, YoungPerson

from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory
from .invitation_helpers import (
    DEAD_PAGE, GOOD_PASSWORD, LONDON, SENT, accept_url, invite, nothing_saved, set_password,
)
from .invitation_helpers import sky  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


# The young person's page --------------------------------------------------------------------------------------------

def test_setting_a_password_signs_them_in_and_lands_on_my_pledge(sky, people, client, small_pledge):
    _invitation, token = invite(sky, people)
    with time_machine.travel(SENT + timedelta(days=1), tick=False):
        page = client.get(accept_url(token)).content.decode()
        assert "Set your password" in page and "sky@example.test" in page
        response = set_password(client, token)
        assert response["Location"] == reverse("my_pledge")
        pledge = client.get(response["Location"])
    assert pledge.status_code == 200
    assert "Hello Sky" in pledge.content.decode() and "Welcome to Pledge Portal" in pledge.content.decode()
    assert pledge.wsgi_request.user.young_person == sky


@pytest.mark.parametrize("first, second, message", [
    ("", "", "Enter a password"),
    (GOOD_PASSWORD, "", "Type the same password again"),
    (GOOD_PASSWORD, GOOD_PASSWORD + "x", "The passwords do not match"),
    ("short1", "short1", "This password is too short. It must contain at least 10 characters."),
    ("password123", "password123", "This password is too common."),
    ("sky-willow-", "sky-willow-", "The password is too similar to the"),
])
def test_a_bad_password_shows_the_error_summary_and_saves_nothing(sky, people, client, first, second, message):
    _invitation, token = invite(sky, people, now=datetime.now(LONDON))
    response = set_password(client, token, first, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "There is a problem" in html and message in html
    assert html.count(message) >= 2  # in the summary and beside the field
    assert "<title>Error: Set your password" in html
    assert nothing_saved(sky)
    assert "_auth_user_id" not in client.session


def test_used_expired_revoked_and_unknown_links_get_the_same_page(sky, people, client):
    now = datetime.now(LONDON)
    _used, used = invite(sky, people, now=now - timedelta(days=1))
    invitation_accept(token=used, password=GOOD_PASSWORD, now=now)
    other = YoungPersonFactory(council=people.council, user=None)
    _expired, expired = invitation_create(young_person=other, email="a@example.test", by=people.manager,
                                          now=now - timedelta(days=8))
    _revoked, revoked = invitation_create(young_person=other, email="a@example.test", by=people.manager,
                                          now=now - timedelta(days=1))
    invitation_create(young_person=other, email="a@example.test", by=people.manager, now=now)
    pages = set()
    for token in (used, expired, revoked, "not-a-token-we-ever-sent", "x" * 500):
        response = client.get(accept_url(token))
        assert response.status_code == 404
        assert DEAD_PAGE in response.content.decode()
        assert "Ask your worker to send a new one." in response.content.decode()
        pages.add(re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()))
    assert len(pages) == 1


def test_someone_already_signed_in_is_told_so_and_keeps_their_session(sky, people, client):
    _invitation, token = invite(sky, people, now=datetime.now(LONDON))
    client.force_login(people.young_person.user)
    for response in (client.get(accept_url(token)), set_password(client, token)):
        assert response.status_code == 200
        assert "You are already signed in" in response.content.decode()
        assert people.young_person.user.email in response.content.decode()
    assert client.session["_auth_user_id"] == str(people.young_person.user.pk)
    assert nothing_saved(sky)


# The worker's pages --------------------------------------------------------------------------------------------------

def invite_url(young_person):
    return reverse("young_person_invite", args=[young_person.pk])


@pytest.mark.parametrize("who", ["social_worker", "manager"])
def test_their_worker_or_a_manager_invites_and_sees_when_the_link_runs_out(
        sky, people, client, who, django_capture_on_commit_callbacks):
    client.force_login(getattr(people, who).user)
    pledge_page = client.get(reverse("young_person_pledge", args=[sky.pk])).content.decode()
    assert "Invite to Pledge Portal" in pledge_page and invite_url(sky) in pledge_page
    assert "Invite to Pledge Portal" in client.get(invite_url(sky)).content.decode()
    with time_machine.travel(SENT, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(sky), {"email": " sky@example.test "}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(invite_url(sky), 302)]
    assert "Invitation sent to sky@example.test. The link works until 5:00pm on Monday 9 March 2026." in html
    assert [email.to for email in mail.outbox] == [["sky@example.test"]]
    assert f"Your worker {getattr(people, who).name} has invited you" in mail.outbox[0].body


def test_an_email_another_account_uses_is_an_error_on_the_worker_page(sky, people, client):
    client.force_login(people.social_worker.user)
    html = client.post(invite_url(sky), {"email": people.manager.user.email}).content.decode()
    assert "govuk-error-summary" in html
    assert "This email address is already used by another Pledge Portal account in Testshire." in html
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_bad_email_address_is_an_error_on_the_worker_page(sky, people, client):
    client.force_login(people.social_worker.user)
    for email, message in [("", "Enter their email address"), ("sky at home", "Enter an email address in the "
                                                                                 "correct format")]:
        html = client.post(invite_url(sky), {"email": email}).content.decode()
        assert "govuk-error-summary" in html and message in html
    assert not Invitation.objects.exists()


def test_the_record_shows_whether_the_invitation_is_sent_expired_or_accepted(sky, people, client):
    client.force_login(people.social_worker.user)
    record = reverse("young_person_pledge", args=[sky.pk])
    _invitation, token = invite(sky, people)
    with time_machine.travel(SENT + timedelta(days=1), tick=False):
        html = client.get(record).content.decode()
        assert "Sent</strong>" in html and "The link works until 5:00pm on Monday 9 March 2026" in html
        assert "Send a new invitation" in html
    with time_machine.travel(SENT + timedelta(days=7), tick=False):
        html = client.get(record).content.decode()
        assert "Expired</strong>" in html and "ran out at 5:00pm on Monday 9 March 2026 without being used" in html
        _second, token = invite(sky, people, now=SENT + timedelta(days=7))
        invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=7, hours=1))
        html = client.get(record).content.decode()
        assert "Has an account</strong>" in html and "Sky set a password at 6:00pm on Monday 9 March 2026" in html
        assert "Send a new invitation" not in html
        assert "already has" not in client.get(invite_url(sky)).content.decode()  # no form, no error: a status
        assert 'name="email"' not in client.get(invite_url(sky)).content.decode()


def test_only_the_caseholder_and_managers_of_the_council_may_invite(sky, people):
    teacher = WorkerFactory(council=people.council, role=Role.DESIGNATED_TEACHER)
    AllocationFactory(young_person=sky, worker=teacher)
    duty = {"iro": people.iro, "other_worker": people.other_worker, "teacher": teacher,
            "elsewhere_manager": people.elsewhere_manager}
    for name, worker in duty.items():
        client = Client()
        client.force_login(worker.user)
        # The IRO sees the record, so is told who may invite (casework.people.recording); the others do not see Sky.
        refused = 403 if name == "iro" else 404
        assert client.get(invite_url(sky)).status_code == refused, name
        assert client.post(invite_url(sky), {"email": "sky@example.test"}).status_code == refused, name
        if name == "iro":  # the IRO sees the record, but not the invitation
            assert "Pledge Portal account" not in client.get(
                reverse("young_person_pledge", args=[sky.pk])).content.decode()
    young = Client()
    young.force_login(people.young_person.user)
    assert young.get(invite_url(sky)).status_code == 404
    assert young.get(invite_url(people.young_person)).status_code == 404
    assert not Invitation.objects.exists()


def test_a_worker_whose_allocation_ended_may_no_longer_invite(sky, people, client):
    sky.allocations.filter(worker=people.social_worker).update(ended_on=date(2025, 1, 1))
    client.force_login(people.social_worker.user)
    assert client.get(invite_url(sky)).status_code == 404


# Around the edges -----------------------------------------------------------------------------------------------------

def test_retention_replaces_the_addresses_invitations_went_to(sky, people):
    from casework.audit.retention import young_person_anonymise

    invite(sky, people)
    young_person_anonymise(young_person=sky, today=date(2100, 1, 1))
    assert list(sky.invitations.values_list("email", flat=True)) == [f"anonymised-{sky.pk}@anonymised.invalid"]


def test_the_demo_leaves_ellie_to_invite_and_keeps_her_account_once_she_has_one():
    for command in ("load_pledges", "load_demo_people"):
        call_command(command, stdout=open("/dev/null", "w"))
    ellie = YoungPerson.objects.get(first_name="Ellie", user=None)
    assert ellie.legal_status == LegalStatus.LOOKED_AFTER
    priya = ellie.allocations.get(role=Role.SOCIAL_WORKER).worker
    _invitation, token = invitation_create(young_person=ellie, email="ellie@example.test", by=priya, now=SENT)
    user = invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT)
    call_command("load_demo_people", stdout=open("/dev/null", "w"))
    ellie.refresh_from_db()
    assert ellie.user == user
