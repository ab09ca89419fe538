"""Nobody changes their own sign-in address in the portal (a borrowed phone could add one and reset the password
to it): only the allauth pages the portal uses are reachable (pledge_portal.account_urls), and when staff change
a User's email, allauth's EmailAddress rows follow it (casework.accounts.sign_in_addresses)."""
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from pledge_portal.account_urls import ALLAUTH_URL_NAMES_IN_USE

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def allauth_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from allauth_patterns(pattern.url_patterns, prefix)
        else:
            yield pattern


def every_allauth_address():
    """(name, address) for each of allauth's own patterns, its arguments filled with made-up values."""
    full = get_resolver("tests.allauth_every_url")
    for pattern in allauth_patterns(full.url_patterns):
        arguments = {name: "a1" for name in pattern.pattern.regex.groupindex}
        yield pattern.name, reverse(pattern.name, kwargs=arguments, urlconf="tests.allauth_every_url")


def test_every_allauth_page_the_portal_does_not_use_answers_404_signed_in_or_not(people):
    signed_in = Client()
    signed_in.force_login(people.young_person.user)
    reachable = set()
    for name, address in every_allauth_address():
        answers = {client.get(address).status_code for client in (Client(), signed_in)}
        answers |= {client.post(address, {"email": "new@example.test"}).status_code for client in (Client(), signed_in)}
        if answers != {404}:
            reachable.add(name)
    assert reachable <= ALLAUTH_URL_NAMES_IN_USE, "an allauth page not in the allowlist can be reached"
    assert {"account_email", "account_signup", "account_set_password", "account_confirm_login_code",
            "account_email_verification_sent", "account_confirm_email"}.isdisjoint(reachable)
    assert ALLAUTH_URL_NAMES_IN_USE <= {name for name, _address in every_allauth_address()}, "a name allauth lacks"


def test_a_young_person_cannot_add_an_address_to_their_account(people):
    client = Client()
    client.force_login(people.young_person.user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "borrowed-phone@example.test"})
    assert response.status_code == 404
    assert not EmailAddress.objects.filter(email="borrowed-phone@example.test").exists()


def reset_links_sent_to(client, email):
    before = len(mail.outbox)
    client.post(reverse("account_reset_password"), {"email": email})
    return [message for message in mail.outbox[before:] if "/password/reset/key/" in message.body]


def test_when_staff_change_a_users_email_sign_in_and_password_reset_follow_it_and_never_the_old_one(client, people):
    user = people.young_person.user
    old = user.email
    EmailAddress.objects.create(user=user, email=old, verified=True, primary=True)  # as allauth may have made
    user.email = "robin.new@example.test"
    user.save()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == []
    assert reset_links_sent_to(client, old) == []
    assert len(reset_links_sent_to(client, "robin.new@example.test")) == 1
    assert not Client().login(email=old, password=PASSWORD)
    assert Client().login(email="robin.new@example.test", password=PASSWORD)


def test_an_address_left_on_another_account_never_reaches_it(client, people):
    """A verified row wins over User.email in allauth's look-ups: the address's owner must be the account found."""
    victim, owner = people.social_worker.user, people.young_person.user
    EmailAddress.objects.create(user=victim, email="shared@example.test", verified=True, primary=False)
    owner.email = "shared@example.test"
    owner.save()
    assert list(EmailAddress.objects.filter(email="shared@example.test").values_list("user", flat=True)) == []
    links = reset_links_sent_to(client, "shared@example.test")
    assert len(links) == 1 and links[0].to == ["shared@example.test"]
    assert Client().login(email="shared@example.test", password=PASSWORD)
    signed_in = Client()
    signed_in.post(reverse("account_login"), {"login": "shared@example.test", "password": PASSWORD})
    assert int(signed_in.session["_auth_user_id"]) == owner.pk
