"""After a pledge version changes a promise, a cycle begun under the old rule says so (issue 15): "set when the
promise was every 6 weeks", in the one explanation (pledges.rules.OLD_RULE_WORDS) every page and email shows."""
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Notification
from notifications.sweep import entry_notify
from pledges import status
from pledges.rules import old_rule_note

from .test_ledger_versions import CHANGE_DAY, LONDON, at_noon, measures, publish_version, row, visit  # noqa: F401

pytestmark = pytest.mark.django_db
NOTE = "set when the promise was every 6 weeks"
VISIT_DAY = date(2026, 9, 30)  # under version 1: due 6 weeks later, 11 November
DUE = date(2026, 11, 11)


@pytest.fixture
def changed(people, measures):
    """A visit the day before version 2 changes "every 6 weeks" to "every 4 weeks"."""
    pledge_measure, _statutory = measures
    visit(people, VISIT_DAY)
    assert NOTE not in row(people, pledge_measure, VISIT_DAY).explanation
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    return pledge_measure


def test_on_the_day_the_version_changes_the_open_cycle_says_which_rule_set_its_date(people, changed):
    cycle = row(people, changed, VISIT_DAY)
    assert (cycle.due_on, cycle.pledge_version) == (DUE, 1)
    assert cycle.explanation == f"6 weeks after the visit on Wednesday 30 September 2026 ({NOTE})"
    assert cycle.old_rule_note == NOTE == old_rule_note(cycle.explanation)


def test_a_cycle_begun_under_the_new_rule_or_one_a_version_did_not_change_says_nothing(people, measures):
    pledge_measure, statutory = measures
    visit(people, VISIT_DAY)
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    visit(people, date(2026, 10, 2))
    assert row(people, pledge_measure, date(2026, 10, 2)).explanation == "4 weeks after the visit on Friday 2 October 2026"
    # The statutory visit measure kept its 6 weeks: nothing to say.
    assert "set when" not in row(people, statutory, VISIT_DAY).explanation
    # The 30 September cycle, met on 2 October, still says which rule it was measured against.
    assert row(people, pledge_measure, VISIT_DAY).old_rule_note == NOTE


def test_a_version_that_only_rewords_the_promise_adds_no_note(people, measures):
    pledge_measure, _ = measures
    visit(people, VISIT_DAY)
    publish_version(people, on=CHANGE_DAY, text="Your social worker will visit you at least every 6 weeks")
    assert row(people, pledge_measure, VISIT_DAY).old_rule_note == ""


def test_the_young_person_the_worker_and_the_manager_all_read_it(client, people, changed):
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=LONDON), tick=False):  # a day late
        cycle = row(people, changed, VISIT_DAY)
        today = date(2026, 11, 12)
        assert f"This date was {NOTE}." in status.for_young_person(cycle, today, worker_word="social worker").sentence
        assert NOTE in status.for_worker(cycle, today).help
        client.force_login(people.young_person.user)
        assert f"This date was {NOTE}." in client.get(reverse("my_pledge")).content.decode()
        client.force_login(people.social_worker.user)
        assert NOTE in client.get(reverse("young_person_pledge", args=[people.young_person.pk])).content.decode()
        client.force_login(people.manager.user)
        html = client.get(reverse("dashboard_measure", args=[changed.pk]) + "?show=overdue").content.decode()
        assert people.young_person.full_name in html and NOTE.capitalize() in html


def test_the_overdue_notification_and_its_email_say_it(people, changed):
    now = datetime(2026, 11, 12, 9, tzinfo=LONDON)
    with time_machine.travel(now, tick=False):
        assert entry_notify(entry=row(people, changed, VISIT_DAY), now=now) >= 1
    told = Notification.objects.get(recipient=people.social_worker.user, stage="overdue")
    assert "Wednesday 11 November 2026" in told.body
    assert f"How the date was worked out: 6 weeks after the visit on Wednesday 30 September 2026 ({NOTE})." in told.body
