"""For every demo young person: each promise the ledger says is late for them is counted, listed in "right now"
and shown on their page. Walked from the ledger rather than listed, so new promises, measures and demo people are
covered without anyone remembering them (Leah's call-back was counted and hidden, issue 15)."""
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.models import YoungPerson
from pledges.models import LedgerEntry, Pledge, PledgePageVisit, PromiseFeedback

from .test_right_now_page import late_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    for command in ("load_pledges", "load_demo_people", "load_demo_reviews", "load_demo_feedback"):
        call_command(command, stdout=open("/dev/null", "w"))


def late_on_the_ledger(young_person, today) -> set[str]:
    """The anchors of the promises (in the pledge in force) behind the young person's overdue open ledger rows:
    the promise a measure is about, or the promise an answer waiting for a reply was about."""
    pledge = Pledge.objects.in_force(young_person.council, today)
    by_ref = {promise.ref: promise.pk for section in pledge.sections.all() for promise in section.promises.all()}
    anchors = set()
    for entry in LedgerEntry.objects.filter(young_person=young_person, status=LedgerEntry.Status.OPEN,
                                            due_on__lt=today).select_related("measure__promise"):
        if entry.measure.params.get("counts") == "feedback":
            promise = PromiseFeedback.objects.get(pk=entry.trigger_id).promise
        else:
            promise = entry.measure.promise
        if promise is not None:
            anchors.add(f"promise-{by_ref[promise.ref]}")
    return anchors


def test_every_late_promise_of_every_demo_young_person_is_counted_listed_and_shown(client, demo):
    today = timezone.localdate()
    young_people = list(YoungPerson.objects.filter(user__isnull=False).select_related("council", "user"))
    assert {"Leah", "Jade", "Noah", "Amir"} <= {person.first_name for person in young_people}
    someone_late = False
    for young_person in young_people:
        PledgePageVisit.objects.get_or_create(young_person=young_person,
                                              defaults={"first_at": timezone.now(), "last_at": timezone.now()})
        client.force_login(young_person.user)
        html = client.get(reverse("my_pledge")).content.decode()
        expected = late_on_the_ledger(young_person, today)
        listed = late_links(html)
        assert set(listed) == expected, young_person.first_name
        for anchor in listed:
            assert f'id="{anchor}"' in html, (young_person.first_name, anchor)
        if listed:
            someone_late = True
            count = len(listed)
            assert f"{count} of our promises to you {'is' if count == 1 else 'are'} late" in html
        else:
            assert not re.search(r"of our promises to you (is|are) late", html)
    assert someone_late  # the demo has late promises (Leah's call-back, Noah's visits), so this checks something


def test_leah_in_the_demo_sees_her_late_call_back(client, demo):
    leah = YoungPerson.objects.get(first_name="Leah")
    client.force_login(leah.user)
    html = client.get(reverse("my_pledge")).content.decode()
    assert "If you contact us, your social worker, or someone else in the team, will return your call" in html
    assert "We promised to call you by" in html
