"""allauth's emails (the password reset) come from the council, in plain words, with links to SITE_URL: never
"Hello from 127.0.0.1:8102!" and a link to whichever host the request reached."""
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SITE = "https://pledges.testshire.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]


def reset_email(email, host="127.0.0.1:8102"):
    before = len(mail.outbox)
    response = Client(HTTP_HOST=host).post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    [message] = mail.outbox[before:]
    return message


def reset_link(message):
    [link] = re.findall(r"https?://\S+", message.body)
    return link


@pytest.mark.parametrize("whose", ["young_person", "social_worker", "elsewhere_young_person"])
def test_a_password_reset_is_signed_by_the_persons_council_and_links_to_site_url(people, whose):
    person = getattr(people, whose)
    message = reset_email(person.user.email)
    assert message.subject == "Reset your Pledge Portal password"
    assert message.body.startswith("Hello,\n\nSomeone asked to reset the password of your Pledge Portal account.")
    assert message.body.rstrip().endswith(person.council.name)
    assert reset_link(message).startswith(f"{SITE}/accounts/password/reset/key/")
    for leftover in ("127.0.0.1", "8102", "Hello from", "Thank you for using", "["):
        assert leftover not in message.subject + message.body


def test_the_link_in_the_email_lets_them_choose_a_new_password(people):
    path = reset_link(reset_email(people.young_person.user.email)).removeprefix(SITE)
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new_password = "a-new-and-long-password"
    done = client.post(form.redirect_chain[-1][0] if form.redirect_chain else path,
                       {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    assert Client().login(email=people.young_person.user.email, password=new_password)
    assert not Client().login(email=people.young_person.user.email, password=PASSWORD)


def test_an_address_with_no_account_is_told_by_pledge_portal_not_a_council(people):
    message = reset_email("nobody@example.test")
    assert message.subject == "Someone asked to reset a Pledge Portal password"
    assert "no account uses it" in message.body
    assert message.body.rstrip().endswith("Pledge Portal")
    assert "127.0.0.1" not in message.body + message.subject


def test_the_invitation_link_starts_with_site_url(people):
    from casework.accounts.invitations import invitation_link

    assert invitation_link("abc").startswith(f"{SITE}/invitation/")
