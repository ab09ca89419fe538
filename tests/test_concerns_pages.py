"""Worries, complaints and asking for an advocate, through the pages: a young person raises one and sees how far it
has got; staff acknowledge it and reply. Bad input saves nothing; the lists take a fixed number of queries."""
from datetime import timedelta

import pytest
from django.urls import reverse

from casework.models import Concern, ConcernResponse, LegalStatus
from casework.worries.services import concern_acknowledge, concern_respond

from .factories import ContactPointFactory, YoungPersonFactory
from .concern_helpers import ConcernFactory, NOW, acknowledge_url, detail_url, login
from .concern_helpers import concerns  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def new_concern_form(**overrides) -> dict:
    return {"kind": "worry", "audience": "worker", "text": "I don't feel listened to at my placement.", **overrides}


# ---------------------------------------------------------------------------------------------------------------
# The young person's pages
# ---------------------------------------------------------------------------------------------------------------


def test_the_form_shows_the_councils_advocacy_and_complaints_contacts_and_999(client, people):
    ContactPointFactory(council=people.council, kind="advocacy", name="Speak Up Advocacy", phone="01632 960777")
    ContactPointFactory(council=people.council, kind="complaints", name="Complaints Officer",
                        email="complaints@testshire.test")
    ContactPointFactory(council=people.council, kind="in_care_council", name="Children in Care Council")
    ContactPointFactory(council=people.elsewhere, kind="advocacy", name="Otherborough Advocacy")
    ContactPointFactory(council=people.council, kind="advocacy", name="Advocacy for adults", min_age=18)
    page = login(client, people.young_person.user).get(reverse("concern_new")).content.decode()
    assert "If you are in danger right now, call 999." in page
    assert "Speak Up Advocacy" in page and 'href="tel:01632960777"' in page
    assert "Complaints Officer" in page and "mailto:complaints@testshire.test" in page
    assert "Children in Care Council" not in page
    assert "Otherborough Advocacy" not in page
    assert "Advocacy for adults" not in page  # Rob is 13
    for words in ("I&#x27;m worried about something", "I want to make a complaint", "I want an advocate",
                  "My social worker or personal adviser", "My Independent Reviewing Officer (IRO)",
                  "The complaints team"):
        assert words in page
    # The choices name their people.
    assert "Sita Worker" in page and "Ines Reviewer" in page


def test_the_form_says_who_reads_it_when_nobody_is_named(client, people):
    login(client, people.elsewhere_young_person.user)
    page = client.get(reverse("concern_new")).content.decode()
    # Jo is a care leaver: no personal adviser named, and no IRO to choose (care leavers have none; issue 15).
    assert page.count("You do not have one named here yet, so a manager will read it.") == 1
    assert "Call Otherborough Council" in page  # no complaints contact point: the council's number


def test_sending_a_worry_saves_it_and_says_when_someone_will_reply(client, people):
    login(client, people.young_person.user)
    response = client.post(reverse("concern_new"), new_concern_form(kind="advocate", audience="iro"), follow=True)
    assert response.redirect_chain == [(reverse("my_concerns"), 302)]
    page = response.content.decode()
    assert "We have your message. Someone will reply within 2 working days." in page
    concern = Concern.objects.get()
    assert (concern.young_person, concern.kind, concern.audience) == (people.young_person, "advocate", "iro")
    assert concern.text == "I don't feel listened to at my placement."
    assert concern.status == Concern.Status.OPEN
    assert "Sent" in page and "Ask for an advocate" in page


@pytest.mark.parametrize("data, messages", [
    ({}, ["Choose what you would like to do", "Choose who should see it", "Tell us what&#x27;s happening"]),
    (new_concern_form(text=""), ["Tell us what&#x27;s happening"]),
    (new_concern_form(text="   "), ["Tell us what&#x27;s happening"]),
    (new_concern_form(text="a" * 3001), ["What you write must be 3,000 characters or fewer"]),
    (new_concern_form(kind=""), ["Choose what you would like to do"]),
    (new_concern_form(audience=""), ["Choose who should see it"]),
    (new_concern_form(kind="moan"), ["Select a valid choice"]),
    (new_concern_form(audience="everyone"), ["Select a valid choice"]),
])
def test_bad_input_shows_govuk_errors_and_saves_nothing(client, people, data, messages):
    login(client, people.young_person.user)
    response = client.post(reverse("concern_new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "<title>Error: " in page
    for message in messages:
        assert message in page
    assert Concern.objects.count() == 0


def test_my_worries_shows_progress_and_replies(client, people):
    sent = ConcernFactory(young_person=people.young_person, text="Sent one")
    looking = ConcernFactory(young_person=people.young_person, text="Looking one", audience=Concern.Audience.IRO)
    answered = ConcernFactory(young_person=people.young_person, text="Answered one")
    concern_acknowledge(concern=looking, worker=people.iro, now=NOW)
    concern_respond(concern=answered, worker=people.social_worker, text="I have spoken to your carer.",
                    now=NOW, resolves=True)
    page = login(client, people.young_person.user).get(reverse("my_concerns")).content.decode()
    assert "Tell us about a worry" in page and reverse("concern_new") in page
    for concern, label in ((sent, "Sent"), (looking, "Someone is looking at it"), (answered, "Answered")):
        card = page.split(f'id="concern-{concern.pk}"')[1].split("govuk-summary-card app-concern-card")[0]
        assert concern.text in card
        assert f">{label}</strong>" in card
        assert reverse("my_concern", args=[concern.pk]) in card
    assert "Sita Worker replied" in page and "I have spoken to your carer." in page


def test_my_concern_shows_one_with_its_replies(client, people):
    concern = ConcernFactory(young_person=people.young_person, text="Line one\nLine two")
    concern_respond(concern=concern, worker=people.social_worker, text="Thanks for telling me.", now=NOW,
                    resolves=False)
    page = login(client, people.young_person.user).get(reverse("my_concern", args=[concern.pk])).content.decode()
    assert "Line one<br>Line two" in page
    assert "Someone is looking at it" in page and "Sita Worker, since 2 March 2026" in page
    assert "Thanks for telling me." in page


def test_my_worries_with_nothing_sent_yet(client, people):
    page = login(client, people.young_person.user).get(reverse("my_concerns")).content.decode()
    assert "You have not told us about any worries yet." in page


# ---------------------------------------------------------------------------------------------------------------
# The staff pages
# ---------------------------------------------------------------------------------------------------------------


def test_the_list_puts_waiting_concerns_first_oldest_first(client, people):
    answered = ConcernFactory(young_person=people.young_person, raised_at=NOW - timedelta(days=5))
    looking = ConcernFactory(young_person=people.young_person, raised_at=NOW - timedelta(days=3))
    newer_open = ConcernFactory(young_person=people.young_person, raised_at=NOW)
    older_open = ConcernFactory(young_person=people.young_person, raised_at=NOW - timedelta(days=1))
    concern_respond(concern=answered, worker=people.social_worker, text="Done", now=NOW, resolves=True)
    concern_acknowledge(concern=looking, worker=people.social_worker, now=NOW)
    page = login(client, people.social_worker.user).get(reverse("concern_list")).content.decode()
    positions = [page.index(detail_url(concern)) for concern in (older_open, newer_open, looking, answered)]
    assert positions == sorted(positions)
    assert page.index("Waiting for a reply") < positions[0]
    assert positions[2] < page.index(">Answered</h2>") < positions[3]
    assert "A worry from Robin Ash" in page


def test_acknowledging_twice_says_so_plainly(client, people, concerns):
    concern = concerns["complaints"]
    login(client, people.manager.user)
    response = client.post(acknowledge_url(concern), follow=True)
    assert response.redirect_chain == [(detail_url(concern), 302)]
    assert "Acknowledged. Rob can see that someone is looking at it." in response.content.decode()
    concern.refresh_from_db()
    assert concern.acknowledged_by == people.manager
    acknowledged_at = concern.acknowledged_at

    response = client.post(acknowledge_url(concern), follow=True)
    assert response.status_code == 200
    assert "Mo Manager already acknowledged this on" in response.content.decode()
    concern.refresh_from_db()
    assert concern.acknowledged_at == acknowledged_at


def test_acknowledge_is_a_post(client, people, concerns):
    login(client, people.social_worker.user)
    assert client.get(acknowledge_url(concerns["worker"])).status_code == 405
    concerns["worker"].refresh_from_db()
    assert concerns["worker"].status == Concern.Status.OPEN


def test_a_reply_that_answers_it_is_shown_to_the_young_person(client, people, concerns):
    concern = concerns["worker"]
    login(client, people.social_worker.user)
    page = client.get(detail_url(concern)).content.decode()
    assert concern.text in page and "Acknowledge" in page and "This answers it" in page
    response = client.post(detail_url(concern), {"text": "I'll talk to the school tomorrow.", "resolves": "on"},
                           follow=True)
    assert response.redirect_chain == [(detail_url(concern), 302)]
    page = response.content.decode()
    assert "Your reply to Robin Ash has been sent." in page
    assert "Send reply" not in page  # an answered concern takes no more replies
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED and concern.acknowledged_by == people.social_worker

    page = login(client, people.young_person.user).get(reverse("my_concerns")).content.decode()
    assert ">Answered</strong>" in page
    assert "I&#x27;ll talk to the school tomorrow." in page


def test_a_reply_that_does_not_answer_it_leaves_it_open_for_more(client, people, concerns):
    concern = concerns["iro"]
    login(client, people.iro.user)
    client.post(detail_url(concern), {"text": "I'm looking into it."})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ACKNOWLEDGED and concern.acknowledged_by == people.iro
    assert "Send reply" in client.get(detail_url(concern)).content.decode()


@pytest.mark.parametrize("data, message", [
    ({}, "Enter your reply"),
    ({"text": "  ", "resolves": "on"}, "Enter your reply"),
    ({"text": "b" * 3001, "resolves": "on"}, "Your reply must be 3,000 characters or fewer"),
])
def test_a_bad_reply_shows_govuk_errors_and_saves_nothing(client, people, concerns, data, message):
    concern = concerns["worker"]
    login(client, people.social_worker.user)
    response = client.post(detail_url(concern), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN
    assert ConcernResponse.objects.count() == 0


def test_replying_to_an_answered_concern_says_so_and_saves_nothing(client, people, concerns):
    concern = concerns["worker"]
    concern_respond(concern=concern, worker=people.social_worker, text="Done", now=NOW, resolves=True)
    login(client, people.manager.user)
    response = client.post(detail_url(concern), {"text": "One more thing"}, follow=True)
    assert "This has already been answered. It takes no more replies." in response.content.decode()
    assert concern.responses.count() == 1


# ---------------------------------------------------------------------------------------------------------------
# Query counts (ATOMIC_REQUESTS adds SAVEPOINT and RELEASE)
# ---------------------------------------------------------------------------------------------------------------

# Session, user (with young person and council), SAVEPOINT, their concerns (with who acknowledged), every reply with
# its writer, everything they added, RELEASE.
MY_CONCERNS_QUERIES = 7
# Session, user (with worker and council), SAVEPOINT, the concerns they may see (with young person and who
# acknowledged), RELEASE, and one INSERT logging the young people listed (casework.audit).
CONCERN_LIST_QUERIES = 6


@pytest.mark.parametrize("count", [1, 10])
def test_my_worries_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, count):
    writers = [people.social_worker, people.iro, people.manager]
    audiences = [Concern.Audience.WORKER, Concern.Audience.IRO, Concern.Audience.COMPLAINTS]  # whom each answers
    for n in range(count):
        concern = ConcernFactory(young_person=people.young_person, text=f"Concern {n}", audience=audiences[n % 3])
        concern_respond(concern=concern, worker=writers[n % 3], text=f"Reply {n}", now=NOW, resolves=n % 2 == 0)
    login(client, people.young_person.user)
    with django_assert_num_queries(MY_CONCERNS_QUERIES):
        page = client.get(reverse("my_concerns")).content.decode()
    assert page.count("app-concern-card") == count
    assert f"Reply {count - 1}" in page


@pytest.mark.parametrize("count", [1, 10])
def test_the_concern_list_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, count):
    young_people = [people.young_person, people.other_young_person,
                    YoungPersonFactory(council=people.council, legal_status=LegalStatus.CARE_LEAVER)]
    for n in range(count):
        concern = ConcernFactory(young_person=young_people[n % 3], audience=Concern.Audience.COMPLAINTS)
        if n % 2:
            concern_acknowledge(concern=concern, worker=people.manager, now=NOW)
    login(client, people.manager.user)
    with django_assert_num_queries(CONCERN_LIST_QUERIES):
        page = client.get(reverse("concern_list")).content.decode()
    assert page.count("govuk-task-list__item ") == count
