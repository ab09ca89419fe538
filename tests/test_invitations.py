"""Young people's accounts by invitation: a worker invites, the email's link lets the young person set a password
once, within 7 days; only the token's hash is kept; a used, expired, revoked or unknown link gets one page."""
import hashlib
import re
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from casework.accounts.invitations import Invitation, InvitationNotUsable, invitation_accept, invitation_create
from casework.models import LegalStatus, Role, User, YoungPerson

from .conftest import PASSWORD
from .factories import AllocationFactory, UserFactory, WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 3, 2, 17, 0, tzinfo=LONDON)  # Monday 2 March 2026, 5pm
GOOD_PASSWORD = "purple-kettle-on-the-hill"
DEAD_PAGE = "This link has run out or has been used"


@pytest.fixture
def sky(people):
    """Sky has no account yet; Sita is her social worker (and the IRO reviews her care)."""
    sky = YoungPersonFactory(council=people.council, user=None, first_name="Sky", last_name="Willow")
    AllocationFactory(young_person=sky, worker=people.social_worker)
    AllocationFactory(young_person=sky, worker=people.iro)
    return sky


def invite(sky, people, *, email="sky@example.test", now=SENT):
    return invitation_create(young_person=sky, email=email, by=people.social_worker, now=now)


def accept_url(token):
    return reverse("invitation_accept", kwargs={"token": token})


def set_password(client, token, first=GOOD_PASSWORD, second=None):
    return client.post(accept_url(token), {"password1": first, "password2": first if second is None else second})


def nothing_saved(sky):
    sky.refresh_from_db()
    return sky.user_id is None and not User.objects.filter(email="sky@example.test").exists()


# The service ------------------------------------------------------------------------------------------------------

def test_only_the_hash_of_the_token_is_stored_and_the_link_works_for_7_days(sky, people):
    invitation, token = invite(sky, people)
    assert len(token) >= 43
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in [str(value) for value in stored.values()]
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert (invitation.email, invitation.created_by, invitation.accepted_at, invitation.revoked_at) == (
        "sky@example.test", people.social_worker, None, None)


def test_the_email_goes_once_the_invitation_is_saved_with_the_link_and_plain_words(
        sky, people, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://pledge.testshire.test"
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = invite(sky, people)
        assert mail.outbox == []  # not before the commit: the link must work when it arrives
    [email] = mail.outbox
    assert email.to == ["sky@example.test"]
    assert email.subject == "Sita Worker has invited you to Pledge Portal"
    assert "Hello Sky," in email.body
    assert "Your worker Sita Worker has invited you to see your council's pledge" in email.body
    assert f"https://pledge.testshire.test/invitation/{token}/" in email.body
    assert "until 5:00pm on Monday 9 March 2026" in email.body


def test_a_new_invitation_revokes_the_earlier_open_one(sky, people, client):
    first, first_token = invite(sky, people)
    second, second_token = invite(sky, people, now=SENT + timedelta(hours=1))
    first.refresh_from_db()
    assert first.revoked_at == SENT + timedelta(hours=1) and second.revoked_at is None
    with time_machine.travel(SENT + timedelta(hours=2), tick=False):
        assert client.get(accept_url(first_token)).status_code == 404
        assert client.get(accept_url(second_token)).status_code == 200


def test_a_young_person_who_has_an_account_is_not_invited(people):
    with pytest.raises(ValidationError, match="Robin Ash already has a Pledge Portal account"):
        invitation_create(young_person=people.young_person, email="new@example.test", by=people.social_worker,
                          now=SENT)
    assert not Invitation.objects.exists()


def test_an_email_address_another_account_uses_is_refused_in_plain_words(sky, people):
    with pytest.raises(ValidationError) as refused:
        invitation_create(young_person=sky, email=people.social_worker.user.email.upper(), by=people.social_worker,
                          now=SENT)
    assert refused.value.message_dict["email"] == [
        "This email address is already used by another Pledge Portal account in Testshire. Check the address with "
        "Sky, or ask your manager to look at the account that uses it."]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("elsewhere", ["elsewhere_manager", "elsewhere_young_person"])
def test_an_address_used_in_another_council_is_refused_without_saying_an_account_exists(sky, people, elsewhere):
    email = getattr(people, elsewhere).user.email
    with pytest.raises(ValidationError) as refused:
        invitation_create(young_person=sky, email=email, by=people.social_worker, now=SENT)
    message = refused.value.message_dict["email"]
    assert message == ["We cannot send an invitation to this address. Check it with Sky and use an address only they "
                       "read. If it is right, ask your manager to contact your council's Pledge Portal administrator."]
    assert "account" not in message[0] and "Otherborough" not in message[0]
    assert not Invitation.objects.exists()


def test_accepting_makes_the_account_with_the_invited_email_and_links_the_young_person(sky, people):
    invitation, token = invite(sky, people)
    user = invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=1))
    sky.refresh_from_db()
    invitation.refresh_from_db()
    assert sky.user == user and user.email == "sky@example.test" and user.check_password(GOOD_PASSWORD)
    assert (user.first_name, user.last_name, user.is_staff, user.is_active) == ("Sky", "Willow", False, True)
    assert invitation.accepted_at == SENT + timedelta(days=1)


def test_a_link_is_used_once(sky, people):
    _invitation, token = invite(sky, people)
    invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=1))
    with pytest.raises(InvitationNotUsable):
        invitation_accept(token=token, password="another-good-password-1", now=SENT + timedelta(days=1))
    assert User.objects.filter(email="sky@example.test").count() == 1


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890123", "sky-willow", "sky@example.test"])
def test_a_password_the_validators_refuse_saves_nothing_and_leaves_the_link_open(sky, people, password):
    invitation, token = invite(sky, people)
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=password, now=SENT + timedelta(days=1))
    invitation.refresh_from_db()
    assert nothing_saved(sky) and invitation.accepted_at is None
    invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=1))  # still usable


def test_an_invitation_whose_email_was_given_an_account_meanwhile_cannot_be_used(sky, people):
    _invitation, token = invite(sky, people)
    UserFactory(email="Sky@example.test")
    with pytest.raises(InvitationNotUsable):
        invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=1))
    sky.refresh_from_db()
    assert sky.user_id is None


# Expiry, at the edges -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("after, status", [
    (timedelta(days=6), 200),                       # the day before it runs out
    (timedelta(days=7) - timedelta(seconds=1), 200),
    (timedelta(days=7), 404),                       # the moment it runs out
    (timedelta(days=8), 404),                       # after 7 days
])
def test_the_link_works_for_7_days_to_the_second(sky, people, client, after, status):
    _invitation, token = invite(sky, people)
    with time_machine.travel(SENT + after, tick=False):
        response = client.get(accept_url(token))
        assert response.status_code == status
        if status == 200:
            assert set_password(client, token).status_code == 302
            assert not nothing_saved(sky)
        else:
            assert DEAD_PAGE in response.content.decode()
            assert set_password(client, token).status_code == 404
            assert nothing_saved(sky)


def test_the_form_sent_in_the_last_second_but_received_after_the_link_ran_out_is_refused(sky, people):
    _invitation, token = invite(sky, people)
    with pytest.raises(InvitationNotUsable):
        invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=7))
    assert nothing_saved(sky)


# Two tabs at once -----------------------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_two_tabs_using_one_link_at_once_make_one_account(sky, people):
    """The first tab accepts and holds its transaction open; the second accepts meanwhile. It waits on the lock
    (PostgreSQL's row lock; SQLite's write lock) and, once the first commits, finds the link used."""
    _invitation, token = invite(sky, people)
    first_done, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def tab(name, hold):
        try:
            with transaction.atomic():
                invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=1))
                if hold:
                    first_done.set()
                    release.wait(timeout=30)
            outcomes[name] = "accepted"
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            outcomes[name] = error
        finally:
            first_done.set()
            connections.close_all()

    first = threading.Thread(target=tab, args=("first", True))
    first.start()
    assert first_done.wait(timeout=30)
    second = threading.Thread(target=tab, args=("second", False))
    second.start()
    second.join(timeout=1)
    assert second.is_alive(), "the second tab should be waiting for the first"
    release.set()
    for thread in (first, second):
        thread.join(timeout=60)
    assert outcomes["first"] == "accepted"
    assert isinstance(outcomes["second"], InvitationNotUsable), outcomes["second"]
    assert User.objects.filter(email="sky@example.test").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_started_together_make_one_account(sky, people):
    _invitation, token = invite(sky, people)
    start = threading.Barrier(2)
    outcomes = []

    def tab():
        try:
            start.wait(timeout=30)
            invitation_accept(token=token, password=GOOD_PASSWORD, now=SENT + timedelta(days=1))
            outcomes.append("accepted")
        except Exception as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("accepted") == 1, outcomes
    refused = next(outcome for outcome in outcomes if outcome != "accepted")
    assert isinstance(refused, InvitationNotUsable if connection.vendor == "postgresql"
                      else (InvitationNotUsable, OperationalError)), refused
    assert User.objects.filter(email="sky@example.test").count() == 1


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
