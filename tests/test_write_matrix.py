"""Who may RECORD what (finding 9 of issue 12): every URL that takes a POST, for every person of the demo cast.

The URL patterns are walked (tests/test_access_matrix.py's PAGES, which already fails for an undeclared page):
every URL whose view accepts a POST must be declared in tests/record_writes.py, as a record kind or as not a
record write with why, so a new form fails here until someone decides who may use it. Each person then POSTs
an empty form to each: a refused person gets their 403 or 404 and NOTHING is written (every INSERT, UPDATE and
DELETE of the request is captured, and each request is rolled back so the next starts from the same world); an
allowed person gets the form back with its errors (200) or its normal answer (a redirect).

A second walk GETs every page each signed-in person may open and follows every link and form on it: none may
lead that person to a refusal, so pages show only the actions their reader may take.
"""
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from tests.test_access_matrix import PAGES, PEOPLE, SKIPPED_PREFIXES, expected, login, world  # noqa: F401

from .record_writes import OTHER_POSTS, POST_EXCEPTIONS, READS, RECORD_WRITES

# What a request may write without saving anything: the session it runs in and the audit log of who looked.
NOT_A_RECORD_TABLES = ("django_session", "casework_auditevent")
WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.I)
REFUSED = {403, 404}
SIGNED_IN = [person for person in PEOPLE if person != "anonymous"]


def url_for(name, world):
    _kind, _subject, kwargs, _allowed = PAGES[name]
    return reverse(name, kwargs=kwargs(world) if kwargs else None)


def request_and_roll_back(client, method, url):
    """The response, and the tables the request wrote to (other than its session and the audit log); whatever
    it wrote is rolled back."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    tables = {match.group(2) for query in queries.captured_queries if (match := WRITE.match(query["sql"]))}
    return response, tables - set(NOT_A_RECORD_TABLES)


def test_every_url_that_takes_a_post_is_declared_once():
    assert not set(RECORD_WRITES) & set(OTHER_POSTS) and not (set(RECORD_WRITES) | set(OTHER_POSTS)) & READS
    assert set(RECORD_WRITES) | set(OTHER_POSTS) | READS <= set(PAGES), "a declared URL no longer exists"


@pytest.mark.django_db
def test_each_staff_role_may_post_only_the_records_the_rule_allows_and_a_refusal_saves_nothing(world):
    clients = {person: login(person) for person in PEOPLE}
    wrong, undeclared = {}, set()
    for name in PAGES:
        url = url_for(name, world)
        declared = name in RECORD_WRITES or name in OTHER_POSTS
        for person in PEOPLE:
            response, written = request_and_roll_back(clients[person], "post", url)
            status = response.status_code
            if name in READS:
                if written:
                    wrong[name, person] = (status, sorted(written), "a page that reads writes nothing")
                continue
            if not declared:
                if status != 405 and person != "anonymous":  # anonymous people are sent to sign in first
                    undeclared.add(name)
                continue
            want = POST_EXCEPTIONS.get((name, person)) or expected(name, person, method="POST")
            if person == "anonymous" and PAGES[name][0] != "public":
                refused = True
            else:
                refused = want in REFUSED
            if refused and (status != want or written):
                wrong[name, person] = (status, sorted(written), f"refused: {want}, nothing written")
            elif not refused and (status in REFUSED or status >= 405):
                wrong[name, person] = (status, sorted(written), "allowed: the form with its errors, or its answer")
    assert undeclared == set(), f"these take a POST: declare them in tests/record_writes.py: {sorted(undeclared)}"
    print("\n".join(f"{cell}: {answer}" for cell, answer in sorted(wrong.items())))
    assert wrong == {}, "(name, person): (status, tables written, expected)"


@pytest.mark.django_db
def test_a_refused_write_is_a_plain_403_page_saying_who_can(world):
    response = login("priya").post(url_for("review_held", world), {"held_on_0": "1"})
    assert response.status_code == 403
    assert "Only the young person&#x27;s IRO or a manager can record this." in response.content.decode()
    assert "govuk-heading-l" in response.content.decode()


class Targets(HTMLParser):
    """Every link (GET) and form (its method) on a page."""

    def __init__(self):
        super().__init__()
        self.targets = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.add(("get", attrs["href"]))
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.targets.add((method, attrs.get("action") or ""))


def internal_targets(page_url, html):
    parser = Targets()
    parser.feed(html)
    for method, href in parser.targets:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#"):
            continue
        path = parts.path or page_url
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if path.lstrip("/").startswith(SKIPPED_PREFIXES) or match.url_name is None:
            continue
        yield method, path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.django_db
def test_no_page_offers_an_action_its_reader_would_be_refused(world):
    """Staff pages show only the actions their reader may take; a young person's pages never lead to a staff page
    (which is a 404 for them, even about themselves)."""
    refused = {}
    for person in SIGNED_IN:
        client = login(person)
        followed = set()
        for name in PAGES:
            if expected(name, person) != 200 or PAGES[name][0] == "public":
                continue
            page_url = url_for(name, world)
            response, _written = request_and_roll_back(client, "get", page_url)
            assert response.status_code == 200, (name, person)
            if not response["Content-Type"].startswith("text/"):
                continue  # a download (a zip) offers no links
            for method, target in internal_targets(page_url, response.content.decode()):
                if (method, target) in followed:
                    continue
                followed.add((method, target))
                answer, _written = request_and_roll_back(client, "post" if method == "post" else "get", target)
                if answer.status_code in REFUSED:
                    refused[person, method, target] = (name, answer.status_code)
    assert refused == {}, "(person, method, target): (the page offering it, what following it answers)"
