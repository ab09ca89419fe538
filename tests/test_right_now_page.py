"""My pledge's "right now" summary and its stages, through the page: Leah's late call-back is on her page; the
summary's items are the page's; a first visit gets a welcome; replies are listed and marked new; fixed queries."""
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.contacts.services import callback_attempt_record, callback_request_create
from casework.models import LegalStatus
from casework.worries.services import concern_raise, concern_respond
from pledges.models import PledgePageVisit

from .factories import PromiseFactory, SectionFactory, callback_measure

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
ASKED = datetime(2026, 11, 16, 9, tzinfo=LONDON)  # a Monday
LATER = datetime(2026, 11, 20, 10, tzinfo=LONDON)  # Friday: the call back was due by Wednesday


def late_links(html) -> list[str]:
    """The promise anchors the summary lists as late."""
    late = html[html.index('id="right-now-late"'):html.index('id="right-now-coming-up"')]
    return re.findall(r'href="#(promise-\d+)"', late)


@pytest.fixture
def leahs_case(people, small_pledge):
    """As Bath's pledge was loaded before issue 15: the call-back promise in "Your Social Worker", a section (and
    promise) for children in care only, while its measure applies to everyone. A care leaver asked to be called
    back and nobody has."""
    people.young_person.legal_status = LegalStatus.CARE_LEAVER
    people.young_person.date_of_birth = date(2007, 5, 20)
    people.young_person.save()
    in_care = small_pledge.sections.get(order=1)
    callback = PromiseFactory(section=in_care, order=2, applies_to="in_care",
                              text="If you contact us, we will return your call within two working days")
    with time_machine.travel(ASKED, tick=False):
        callback_measure(people.council, promise=callback)
        callback_request_create(young_person=people.young_person, message="My bursary form", best_time="",
                                now=ASKED)
    PledgePageVisit.objects.create(young_person=people.young_person, first_at=ASKED, last_at=ASKED)  # not new here
    return callback


@time_machine.travel(LATER, tick=False)
def test_leahs_late_call_back_is_counted_and_shown_and_linked(client, people, leahs_case):
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "1 of our promises to you is late" in html
    assert late_links(html) == [f"promise-{leahs_case.pk}"]
    assert f'id="promise-{leahs_case.pk}"' in html
    assert "We promised to call you by Wednesday 18 November, and we have not yet." in html
    # The rest of the in-care section stays hidden from a care leaver.
    assert "Your social worker will be in touch at least every 6 weeks" not in html


@time_machine.travel(LATER, tick=False)
def test_her_worker_sees_the_same_late_promise(client, people, leahs_case):
    client.force_login(people.social_worker.user)
    html = client.get(reverse("young_person_pledge", args=[people.young_person.pk])).content.decode()
    assert "1 overdue." in html and late_links(html) == [f"promise-{leahs_case.pk}"]
    assert 'id="right-now-replies"' not in html  # replies to a young person are theirs to read


@time_machine.travel(LATER, tick=False)
def test_she_can_tell_us_whether_the_call_back_promise_is_kept(client, people, leahs_case):
    client.force_login(people.young_person.user)
    assert client.get(reverse("feedback_new", args=[leahs_case.pk])).status_code == 200


def test_the_migration_widens_a_promise_to_everyone_its_measure_applies_to(people, leahs_case):
    from importlib import import_module

    from django.apps import apps

    import_module("pledges.migrations.0012_pledge_page_visit").widen_promises_to_their_measures(apps, None)
    leahs_case.refresh_from_db()
    assert leahs_case.applies_to == "both"


def test_loading_a_pledge_refuses_a_measure_wider_than_its_promise(tmp_path, db):
    import json

    from pledges.loader import PLEDGE_DATA_DIR, pledge_load

    data = json.loads((PLEDGE_DATA_DIR / "bath-and-north-east-somerset.json").read_text())
    callback = next(p for s in data["pledge"]["sections"] for p in s["promises"] if "return your call" in p["text"])
    callback.pop("applies_to")  # back to its section's "in_care"
    path = tmp_path / "bath.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="measure callback applies to both but its promise only to in_care"):
        pledge_load(path=path)


@pytest.mark.parametrize(("born", "status", "open_", "folded", "hidden"), [
    (date(2013, 3, 14), LegalStatus.LOOKED_AFTER, ["every 6 weeks", "worries"], ["until you are 25"], []),
    (date(2010, 3, 14), LegalStatus.LOOKED_AFTER, ["every 6 weeks", "worries", "until you are 25"], [], []),
    (date(2007, 3, 14), LegalStatus.CARE_LEAVER, ["worries", "until you are 25"], [], ["every 6 weeks"]),
])
@time_machine.travel(LATER, tick=False)
def test_promises_are_grouped_by_the_young_persons_stage(client, people, small_pledge, born, status, open_, folded,
                                                         hidden):
    people.young_person.date_of_birth, people.young_person.legal_status = born, status
    people.young_person.save()
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    later = html.find('id="when-you-are-older"')
    assert (later == -1) == (not folded)
    for words in open_:
        assert 0 <= html.index(words) and (later == -1 or html.index(words) < later)
    for words in folded:
        assert html.index(words) > later
    assert "<details class=\"govuk-details app-later\" id=\"when-you-are-older\" open" not in html
    for words in hidden:
        assert words not in html


def test_a_first_visit_is_welcomed_and_the_welcome_stays_for_that_session_only(client, people, small_pledge):
    client.force_login(people.young_person.user)
    assert "Welcome, Rob" in client.get(reverse("my_pledge")).content.decode()
    assert "Welcome, Rob" in client.get(reverse("my_pledge")).content.decode()  # a refresh keeps it
    assert PledgePageVisit.objects.filter(young_person=people.young_person).count() == 1
    client.logout()
    client.force_login(people.young_person.user)
    assert "Welcome, Rob" not in client.get(reverse("my_pledge")).content.decode()


@time_machine.travel(LATER, tick=False)
def test_a_first_visit_leads_with_the_welcome_not_with_what_is_late(client, people, leahs_case):
    PledgePageVisit.objects.all().delete()
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "Welcome, Rob" in html and "of our promises to you is late" not in html
    assert late_links(html) == [f"promise-{leahs_case.pk}"]  # still listed, under "Late"


def test_staff_looking_at_the_page_neither_welcome_nor_record_a_visit(client, people, small_pledge):
    client.force_login(people.social_worker.user)
    html = client.get(reverse("young_person_pledge", args=[people.young_person.pk])).content.decode()
    assert "Welcome" not in html and not PledgePageVisit.objects.exists()


def _reply_to_worry(people, at):
    concern = concern_raise(young_person=people.young_person, kind="worry", audience="worker", text="School",
                            now=at - timedelta(hours=2))
    concern_respond(concern=concern, worker=people.social_worker, text="Let us talk", now=at, resolves=False)
    return concern


def test_replies_since_the_last_visit_are_marked_new_and_link_to_where_they_are(client, people, small_pledge):
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=LONDON), tick=False):
        client.force_login(people.young_person.user)
        client.get(reverse("my_pledge"))  # their first visit
    old = _reply_to_worry(people, datetime(2026, 11, 1, 16, 10, tzinfo=LONDON))
    new = _reply_to_worry(people, datetime(2026, 11, 19, 16, 10, tzinfo=LONDON))
    request = callback_request_create(young_person=people.young_person, message="", best_time="",
                                      now=datetime(2026, 11, 18, 9, tzinfo=LONDON))
    callback_attempt_record(request=request, worker=people.social_worker, outcome="not_reached", note="",
                            now=datetime(2026, 11, 18, 16, 10, tzinfo=LONDON))
    with time_machine.travel(LATER, tick=False):
        client.logout()
        client.force_login(people.young_person.user)
        html = client.get(reverse("my_pledge")).content.decode()
    replies = html[html.index('id="right-now-replies"'):html.index('id="our-pledge"')]
    assert "2 new" in replies
    assert "Sita replied to your worry (4:10pm on Thursday 19 November)." in replies
    assert "We tried to ring you at 4:10pm on Wednesday 18 November, but could not reach you." in replies
    assert replies.index(f'href="/my-worries/{new.pk}/"') < replies.index(f'href="/my-worries/{old.pk}/"')
    assert f'href="{reverse("callback_request_new")}"' in replies
    assert replies.count(">New</strong>") == 2  # the worry answered on 1 November was seen on 2 November


@pytest.mark.parametrize("history", [1, 12])
@time_machine.travel(LATER, tick=False)
def test_my_pledge_takes_a_fixed_number_of_queries_whatever_the_replies(client, people, small_pledge,
                                                                       django_assert_num_queries, history):
    from .test_pledge_pages import MY_PLEDGE_QUERIES

    for n in range(history):
        _reply_to_worry(people, datetime(2026, 11, 19, 9, tzinfo=LONDON) + timedelta(minutes=n))
        request = callback_request_create(young_person=people.young_person, message="", best_time="",
                                          now=datetime(2026, 11, 18, 9, tzinfo=LONDON))
        callback_attempt_record(request=request, worker=people.social_worker, outcome="reached", note="",
                                now=datetime(2026, 11, 18, 10, tzinfo=LONDON) + timedelta(minutes=n))
    client.force_login(people.young_person.user)
    client.get(reverse("my_pledge"))
    with django_assert_num_queries(MY_PLEDGE_QUERIES):
        html = client.get(reverse("my_pledge")).content.decode()
    assert html.count("Sita replied to your worry") == history


# The first page of a session also reads their visit and records it (a new row: full_clean's two checks, the
# insert, and the session's first save).
FIRST_VISIT_QUERIES = 19


@pytest.mark.parametrize("history", [1, 12])
def test_a_first_visit_takes_a_fixed_number_of_queries_too(client, people, small_pledge, django_assert_num_queries,
                                                            history):
    for n in range(history):
        _reply_to_worry(people, datetime(2026, 11, 19, 9, tzinfo=LONDON) + timedelta(minutes=n))
    client.force_login(people.young_person.user)
    with django_assert_num_queries(FIRST_VISIT_QUERIES):
        client.get(reverse("my_pledge"))
