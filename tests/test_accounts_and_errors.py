"""Signing in and out, and the designed error pages."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

from .conftest import PASSWORD


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_young_person_signs_in_with_email_and_password_and_lands_on_my_pledge(client, people):
    response = sign_in(client, people.young_person.user.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("my_pledge")


def test_a_wrong_password_shows_the_gov_uk_error_summary(client, people):
    response = sign_in(client, people.young_person.user.email, "wrong-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert "The email address or password is not right. Check them and try again." in html


def test_an_unknown_email_gets_exactly_the_same_message_as_a_wrong_password(client, people):
    known = sign_in(client, people.young_person.user.email, "wrong-password").content.decode()
    unknown = sign_in(client, "nobody@example.test", "wrong-password").content.decode()
    summary = lambda html: re.sub(r'value="[^"]*"', "", html[html.index("govuk-error-summary"):html.index("</form>")])  # noqa: E731
    assert summary(known).replace(people.young_person.user.email, "nobody@example.test") == summary(unknown)


def test_an_empty_form_says_what_is_missing(client, people):
    html = sign_in(client, "", "").content.decode()
    assert "govuk-error-summary" in html
    assert "This field is required." in html


def test_nobody_can_sign_themselves_up(client):
    assert client.get("/accounts/signup/").status_code == 404


def test_signing_out_ends_the_session(client, people):
    client.force_login(people.young_person.user)
    client.post(reverse("account_logout"))
    assert client.get(reverse("my_pledge")).status_code == 302


def test_an_unknown_address_gets_the_designed_404_page(client, people):
    client.force_login(people.young_person.user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.urls("tests.error_urls")
def test_a_server_error_gets_the_designed_500_page(client, people):
    client.raise_request_exception = False
    client.force_login(people.young_person.user)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "RuntimeError" not in html
