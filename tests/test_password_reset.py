"""Password reset in the portal's GOV.UK pages. It answers the same whether or not an email has an account, so
nobody can use it to learn who is a child in care or who works for the council."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def ask_for_a_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def without_tokens(html: str) -> str:
    return re.sub(r'value="[^"]*"', "", html)


def test_a_known_and_an_unknown_email_get_exactly_the_same_answer(client, people):
    known = ask_for_a_reset(client, people.young_person.user.email)
    unknown = ask_for_a_reset(client, "nobody@example.test")
    assert known.redirect_chain == unknown.redirect_chain
    assert without_tokens(known.content.decode()) == without_tokens(unknown.content.decode())


def test_only_the_owner_of_an_account_gets_a_link(client, people):
    ask_for_a_reset(client, people.young_person.user.email)
    ask_for_a_reset(client, "nobody@example.test")
    to_owner, to_stranger = mail.outbox
    assert "/password/reset/key/" in to_owner.body
    assert "/password/reset/key/" not in to_stranger.body  # told only that someone asked


def reset_link(client, user) -> str:
    ask_for_a_reset(client, user.email)
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line).strip()
    response = client.get(link)
    return response["Location"] if response.status_code == 302 else link


def test_the_link_sets_a_new_password_and_the_old_one_stops_working(client, people):
    user = people.young_person.user
    form_url = reset_link(client, user)
    assert "Choose a new password" in client.get(form_url).content.decode()
    response = client.post(form_url, {"password1": "a-brand-new-password-77", "password2": "a-brand-new-password-77"})
    assert response.status_code == 302
    assert not client.login(email=user.email, password=PASSWORD)
    assert client.login(email=user.email, password="a-brand-new-password-77")


def test_a_weak_new_password_is_refused_with_a_gov_uk_error_and_the_old_one_still_works(client, people):
    user = people.young_person.user
    form_url = reset_link(client, user)
    response = client.post(form_url, {"password1": "short", "password2": "short"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "govuk-error-message" in html
    assert client.login(email=user.email, password=PASSWORD)


def test_a_used_link_does_not_work_twice(client, people):
    user = people.young_person.user
    form_url = reset_link(client, user)
    client.post(form_url, {"password1": "a-brand-new-password-77", "password2": "a-brand-new-password-77"})
    again = client.post(form_url, {"password1": "another-new-password-88", "password2": "another-new-password-88"})
    assert again.status_code == 200
    assert not client.login(email=user.email, password="another-new-password-88")


def test_the_reset_pages_are_the_portals_gov_uk_pages(client, people):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "govuk-template" in html and "Menu:" not in html
    assert '<h1 class="govuk-heading-l">' in html


def test_a_used_link_says_it_has_run_out_in_plain_words(client, people):
    user = people.young_person.user
    form_url = reset_link(client, user)
    client.post(form_url, {"password1": "a-brand-new-password-77", "password2": "a-brand-new-password-77"})
    assert "This link has run out" in client.get(form_url).content.decode()


def test_the_sign_in_page_links_to_the_reset(client):
    assert reverse("account_reset_password") in client.get(reverse("account_login")).content.decode()
