"""Young people's accounts by invitation, through the service: a worker invites, the email's link lets the young
person set a password once, within 7 days to the second; only the token's hash is kept; two tabs make one account."""
import hashlib
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections, transaction

from casework.accounts.invitations import Invitation, InvitationNotUsable, invitation_accept, invitation_create
from casework.models import User

from .factories import UserFactory
from .invitation_helpers import DEAD_PAGE, GOOD_PASSWORD, SENT, accept_url, invite, nothing_saved, set_password
from .invitation_helpers import sky  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


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
