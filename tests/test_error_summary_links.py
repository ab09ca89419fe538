"""Every link in every error summary focuses a real input (issue 15: `#id_kind` and `#id_answer` went nowhere).

The form pages are found, not listed: every URL tests/record_writes.py declares as taking a POST (which
tests/test_write_matrix.py already fails for an undeclared form), plus the sign-in page. Each is posted by
someone allowed to use it, twice: empty, and with every question of its form answered with nonsense (letters in
the dates, a choice that is not offered). Whatever error summary comes back, each of its links must point at an
id the same page has, and for radios and checkboxes the first of the question (GOV.UK: the link focuses the
first input). A new form is covered without anyone remembering to add it.
"""
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_access_matrix import PAGES, PEOPLE, SUBJECT_LOGIN, expected, login, world  # noqa: F401
from tests.test_write_matrix import request_and_roll_back, url_for

from .record_writes import OTHER_POSTS, RECORD_WRITES

REFUSED = {403, 404}


class FormPage(HTMLParser):
    """The ids on a page, the error summary's links, and the questions of its forms."""

    def __init__(self):
        super().__init__()
        self.ids, self.summary_links, self.questions = set(), [], {}
        self.not_first = set()  # the ids of radios and checkboxes after the first of their question
        self._in_summary = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        classes = (attrs.get("class") or "").split()
        if "govuk-error-summary__list" in classes:
            self._in_summary = 1
        elif self._in_summary and tag == "ul":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(attrs.get("href") or "")
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", tag)
            if kind in ("radio", "checkbox") and name in self.questions and attrs.get("id"):
                self.not_first.add(attrs["id"])
            self.questions[name] = "not-a-choice" if kind in ("radio", "checkbox", "select") else "xx"

    def handle_endtag(self, tag):
        if self._in_summary and tag == "ul":
            self._in_summary -= 1


def parsed(html):
    page = FormPage()
    page.feed(html)
    return page


def a_person_who_may_post(name):
    """Someone the access rule lets use this page: the young person whose page it is, else the manager of both
    demo councils' young people, else whoever the matrix allows first."""
    subject = PAGES[name][1]
    preferred = [SUBJECT_LOGIN.get(subject), "helen", *PEOPLE]
    return next(person for person in preferred
                if person and person != "anonymous" and expected(name, person, method="POST") not in REFUSED)


def broken_links(client, url):
    """Post the form empty, then with nonsense in every question; the summary links with no element to go to."""
    blank = client.get(url)
    form = parsed(blank.content.decode()) if blank.status_code == 200 else FormPage()
    broken, summaries = [], 0
    for data in ({}, form.questions):
        response = client.post(url, data)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = parsed(response.content.decode())
        summaries += bool(page.summary_links)
        broken += [href for href in page.summary_links
                   if not href.startswith("#") or href[1:] not in page.ids or href[1:] in page.not_first]
    return broken, summaries


@pytest.mark.django_db
def test_every_error_summary_link_on_every_form_page_goes_to_an_element_on_the_page(world):
    form_pages = sorted(set(RECORD_WRITES) | set(OTHER_POSTS))
    broken, with_summary, clients = {}, set(), {}
    for name in form_pages:
        person = a_person_who_may_post(name)
        client = clients.setdefault(person, login(person))
        url = url_for(name, world)
        links, summaries = broken_links(client, url)
        if links:
            broken[name] = links
        if summaries:
            with_summary.add(name)
    links, summaries = broken_links(login("anonymous"), reverse("account_login"))
    if links:
        broken["account_login"] = links
    assert broken == {}, "page: error summary links with no element of that id"
    # The walk really met error summaries, the ones issue 15 found among them.
    assert {"contact_new", "feedback_new", "review_new", "health_check_new", "placement_new"} <= with_summary
    assert summaries


@pytest.mark.django_db
def test_the_contact_forms_summary_links_focus_the_first_radio_and_the_day(world):
    response = login("priya").post(url_for("contact_new", world), {})
    links = re.findall(r'<a href="#([^"]+)">', response.content.decode().split("govuk-error-summary__list")[1])
    assert links[:2] == ["id_happened_on_0", "id_kind_1"] or "id_kind_1" in links
    assert 'id="id_kind_1"' in response.content.decode()


@pytest.mark.django_db
def test_every_error_summary_link_of_a_filter_form_goes_to_an_element_on_the_page(world):
    """Forms sent by GET (the dashboards' filters): each is sent with nonsense in every question."""
    broken, with_summary, clients = {}, set(), {}
    for name in sorted(PAGES):
        if PAGES[name][0] == "public":
            continue
        person = a_person_who_may_post(name)
        client = clients.setdefault(person, login(person))
        url = url_for(name, world)
        response = client.get(url)
        html = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        if response.status_code != 200 or 'method="get"' not in html:
            continue
        answer = client.get(url, parsed(html).questions)
        if answer.status_code != 200:
            continue
        page = parsed(answer.content.decode())
        if page.summary_links:
            with_summary.add(name)
        links = [href for href in page.summary_links
                 if not href.startswith("#") or href[1:] not in page.ids or href[1:] in page.not_first]
        if links:
            broken[name] = links
    assert broken == {}, "page: error summary links with no element of that id"
    assert "compliance_dashboard" in with_summary
