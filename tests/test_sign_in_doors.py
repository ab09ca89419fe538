"""Every address that can sign a person in, walked from the URL patterns so that a new one fails here until it is
declared in casework.public_urls; each that signs in is rate limited and, for staff under REQUIRE_STAFF_MFA,
ends in the code step. The admin has no sign-in of its own."""
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.accounts.security import is_staff_user
from casework.accounts.invitations import invitation_create
from casework.models import User
from casework.accounts.public_urls import PUBLIC_URLS

from .conftest import PASSWORD
from .factories import AllocationFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

LOCKED = "There have been too many attempts to sign in to this account"


def public_views(patterns=None, namespace=""):
    """(name as reverse() takes it, route) of every view that answers without signing in (login_not_required)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_views(pattern.url_patterns, inner)
        elif not getattr(pattern.callback, "login_required", True):
            yield f"{namespace}{pattern.name}", str(pattern.pattern)


def test_every_address_open_without_signing_in_is_declared_with_whether_it_signs_a_person_in():
    found = dict(public_views())
    undeclared = set(found) - set(PUBLIC_URLS)
    assert not undeclared, f"declare these in casework.public_urls (do they sign a person in?): {undeclared}"
    assert set(PUBLIC_URLS) - set(found) == set(), "casework.public_urls names an address that is not public"


def test_every_address_that_signs_in_is_exercised_here():
    assert {name for name, door in PUBLIC_URLS.items() if door.signs_in} == set(SIGN_IN_CHECKS)


def staff_with_an_app(people):
    user = people.manager.user
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def code_for(secret, at=None):
    return format_hotp_value(hotp_value(secret, int((at or time.time()) // 30)))


def password(client, email, typed):
    return client.post(reverse("account_login"), {"login": email, "password": typed})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def check_account_login(people, settings):
    email = people.young_person.user.email
    client = Client()
    for _ in range(5):
        assert LOCKED not in password(client, email, "not-the-password").content.decode()
    assert LOCKED in password(client, email, PASSWORD).content.decode()
    assert not signed_in(client)

    settings.REQUIRE_STAFF_MFA = True
    user, _secret = staff_with_an_app(people)
    staff = Client()
    assert password(staff, user.email, PASSWORD)["Location"] == reverse("mfa_authenticate")
    assert not signed_in(staff)
    no_app = Client()
    password(no_app, people.social_worker.user.email, PASSWORD)
    assert no_app.get(reverse("caseload"))["Location"] == reverse("mfa_activate_totp")  # the code step, set up first


def check_mfa_authenticate(people, settings):
    settings.REQUIRE_STAFF_MFA = True
    user, secret = staff_with_an_app(people)
    client = Client()
    password(client, user.email, PASSWORD)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    locked = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert "too many attempts" in locked.content.decode()
    assert not signed_in(client)


def sky_invited(people) -> str:
    """Sky has no account yet; her social worker has invited her. The link's token."""
    sky = YoungPersonFactory(council=people.council, user=None, first_name="Sky")
    AllocationFactory(young_person=sky, worker=people.social_worker)
    return invitation_create(young_person=sky, email="sky@example.test", by=people.social_worker,
                             now=timezone.now())[1]


def check_invitation_accept(people, settings):
    url = reverse("invitation_accept", args=[sky_invited(people)])
    client = Client()
    for _ in range(10):  # one link: passwords that do not match
        assert client.post(url, {"password1": "purple-kettle-on-the-hill", "password2": "x"}).status_code == 200
    good = {"password1": "purple-kettle-on-the-hill", "password2": "purple-kettle-on-the-hill"}
    locked = client.post(url, good)
    assert locked.status_code == 429 and "Too many tries" in locked.content.decode()
    assert not signed_in(client) and not User.objects.filter(email="sky@example.test").exists()


def check_invitation_accept_from_one_address(people, settings):
    token = sky_invited(people)
    client = Client()
    for guess in range(20):  # made-up links
        client.post(reverse("invitation_accept", args=[f"guess-{guess}"]), {"password1": "a", "password2": "a"})
    good = {"password1": "purple-kettle-on-the-hill", "password2": "purple-kettle-on-the-hill"}
    assert client.post(reverse("invitation_accept", args=[token]), good).status_code == 429

    later = Client(REMOTE_ADDR="192.0.2.7")  # another address, the link untouched: it works, for a young person
    assert later.post(reverse("invitation_accept", args=[token]), good)["Location"] == reverse("my_pledge")
    assert not is_staff_user(User.objects.get(email="sky@example.test"))


SIGN_IN_CHECKS = {
    "account_login": check_account_login,
    "mfa_authenticate": check_mfa_authenticate,
    "invitation_accept": check_invitation_accept,
}


@pytest.mark.parametrize("name", sorted(SIGN_IN_CHECKS))
def test_each_address_that_signs_in_locks_after_wrong_tries_and_staff_end_at_the_code_step(name, people, settings):
    SIGN_IN_CHECKS[name](people, settings)


def test_an_invitation_link_is_limited_per_address_too_and_only_ever_signs_in_a_young_person(people, settings):
    check_invitation_accept_from_one_address(people, settings)


def test_the_admins_login_address_sends_to_the_one_sign_in_page_keeping_next(client):
    response = client.post(reverse("admin:login") + "?next=/admin/", {"username": "x", "password": "y"})
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
    assert client.get(reverse("admin:login"))["Location"] == reverse("account_login")


def test_a_new_password_from_a_reset_link_does_not_sign_anyone_in(client, people):
    from django.core import mail

    assert settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET is False
    client.post(reverse("account_reset_password"), {"email": people.social_worker.user.email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line).strip()
    form_url = client.get(link)["Location"]
    new = "a-brand-new-password-77"
    assert client.post(form_url, {"password1": new, "password2": new}).status_code == 302
    assert not signed_in(client)


def test_someone_signed_in_who_is_not_an_administrator_gets_a_404_from_the_admin_not_a_loop(people):
    for user in (people.young_person.user, people.social_worker.user):
        client = Client()
        client.force_login(user)
        response = client.get("/admin/", follow=True)
        assert response.status_code == 404 and "_auth_user_id" in client.session
