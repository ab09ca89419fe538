"""No browser or proxy keeps a copy of a page: every answer the portal gives (pages, downloads, redirects, sign-in
pages) says Cache-Control: no-store (casework.accounts.security.NoStoreMiddleware). Walked over every page of the
access matrix, every allauth page in use and the admin, so a new page is covered without anyone remembering."""
import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from casework.models import User

from .test_access_matrix import PAGES, PEOPLE, expected, login, world  # noqa: F401

pytestmark = pytest.mark.django_db


def says_no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_page_of_the_portal_that_answers_says_no_store(world):  # noqa: F811
    clients, answered, missing = {}, 0, []
    for name, (_kind, _subject, kwargs, _allowed) in PAGES.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        people = [person for person in PEOPLE if expected(name, person) == 200] or ["anonymous"]
        client = clients.setdefault(people[0], login(people[0]))
        response = client.get(url)
        answered += response.status_code == 200
        if not says_no_store(response):
            missing.append((name, people[0], response.status_code))
    assert missing == []
    assert answered > 80


def admin_pages(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from admin_pages(pattern.url_patterns, inner)
        elif namespace == "admin:" and pattern.name and not pattern.pattern.regex.groupindex:
            yield f"admin:{pattern.name}"


def test_every_admin_page_and_sign_in_page_says_no_store(world):  # noqa: F811
    admin = Client()
    admin.force_login(User.objects.get(email="admin@demo.pledgeportal.test"))
    missing = [name for name in admin_pages(get_resolver().url_patterns) if not says_no_store(admin.get(reverse(name)))]
    for name in ("account_login", "account_reset_password", "account_reset_password_done", "mfa_authenticate",
                 "account_reset_password_from_key_done", "invitation_accept_dead"):
        url = reverse(name) if name != "invitation_accept_dead" else reverse("invitation_accept", args=["no-such"])
        if not says_no_store(Client().get(url)):
            missing.append(name)
    assert missing == []
