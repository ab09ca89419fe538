"""Login throttling and lockout (settings.ACCOUNT_RATE_LIMITS, counted by allauth in the shared cache): after 5
failed sign-ins for one email in 15 minutes the account is locked for the rest of those 15 minutes, with a
clear message that says the same whether or not the email has an account."""
import time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "There have been too many attempts to sign in to this account"


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def fail_five_times(client, email):
    for _ in range(5):
        response = sign_in(client, email, "not-the-password")
        assert LOCKED not in response.content.decode()


def test_four_wrong_passwords_then_the_right_one_signs_in(client, people):
    email = people.young_person.user.email
    for _ in range(4):
        sign_in(client, email, "not-the-password")
    assert sign_in(client, email, PASSWORD)["Location"] == "/"


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_message(client, people):
    email = people.young_person.user.email
    fail_five_times(client, email)
    response = sign_in(client, email, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert LOCKED in html and "locked for 15 minutes" in html
    assert client.get(reverse("my_pledge")).status_code == 302  # not signed in


def test_the_lock_lifts_after_15_minutes_not_before(client, people):
    email = people.young_person.user.email
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        fail_five_times(client, email)
        clock.move_to(start + 14 * 60 + 59)
        assert LOCKED in sign_in(client, email, PASSWORD).content.decode()
        clock.move_to(start + 15 * 60 + 1)
        assert sign_in(client, email, PASSWORD)["Location"] == "/"


def test_an_email_with_no_account_gets_the_same_lockout_message(client, people):
    fail_five_times(client, "nobody@example.test")
    assert LOCKED in sign_in(client, "nobody@example.test", "anything").content.decode()


def test_one_locked_account_does_not_lock_another(client, people):
    fail_five_times(client, people.young_person.user.email)
    assert sign_in(client, people.social_worker.user.email, PASSWORD)["Location"] == "/"


def test_one_address_trying_many_emails_is_stopped_after_20_failures(client, people):
    for n in range(20):
        sign_in(client, f"guess{n}@example.test", "not-the-password")
    assert LOCKED in sign_in(client, people.young_person.user.email, PASSWORD).content.decode()


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_behind_the_councils_proxy_each_person_is_counted_at_their_own_address(client, people, settings, behind_proxy):
    """Behind the council's reverse proxy every request comes from the proxy's address: counted by that, 20 people
    mistyping a password would lock out the whole council. The proxy's X-Forwarded-For is believed only when the
    council says it is there (settings.BEHIND_TRUSTED_PROXY), else a browser could send any address to dodge it."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0  # what settings.BEHIND_TRUSTED_PROXY sets
    for n in range(20):  # 20 different people (addresses, as the proxy reports them) each mistype once
        client.post(reverse("account_login"), {"login": f"guess{n}@example.test", "password": "not-the-password"},
                    REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}")
    someone_else = client.post(reverse("account_login"), {"login": people.young_person.user.email, "password": PASSWORD},
                               REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert (LOCKED in someone_else.content.decode()) is not behind_proxy


def test_resetting_the_password_lifts_the_lock(client, people):
    user = people.young_person.user
    fail_five_times(client, user.email)
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line).strip()
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                {"password1": "a-brand-new-password-77", "password2": "a-brand-new-password-77"})
    assert sign_in(client, user.email, "a-brand-new-password-77")["Location"] == "/"
