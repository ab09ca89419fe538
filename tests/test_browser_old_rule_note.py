"""The note a cycle begun under an earlier rule carries (issue 15), as the young person reads it on a phone and as
their worker reads it at a desk, on the day after the old rule's due date: axe clean, screenshots for the lead."""
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from pledges.models import Promise

from .browser import PHONE, assert_accessible, fits_a_phone, sign_in
from .conftest import PASSWORD
from .test_browser_recording import DESKTOP, SHOTS
from .factories import contact_measures
from .test_ledger_versions import CHANGE_DAY, LONDON, publish_version, visit
from .test_old_rule_note import NOTE, VISIT_DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def changed(people, small_pledge):
    people.young_person.became_looked_after_on = date(2026, 9, 1)
    people.young_person.save()
    pledge_measure, _ = contact_measures(people.council,
                                         promise=Promise.objects.get(section__pledge=small_pledge, ref="1-1"))
    visit(people, VISIT_DAY)
    publish_version(people, on=CHANGE_DAY, weeks=4, measure=pledge_measure)
    return people


def test_the_young_person_and_their_worker_read_which_rule_set_the_date(live_server, browser, changed):
    people = changed
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=LONDON)):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        sign_in(page, live_server.url, people.young_person.user.email, PASSWORD)
        page.goto(f"{live_server.url}{reverse('my_pledge')}")
        assert f"This date was {NOTE}." in page.content()
        assert_accessible(page)
        assert fits_a_phone(page)
        page.screenshot(path=str(SHOTS / "old-rule-note-my-pledge-phone.png"), full_page=True)
        context.close()

        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        sign_in(page, live_server.url, people.social_worker.user.email, PASSWORD)
        page.goto(f"{live_server.url}{reverse('young_person_pledge', args=[people.young_person.pk])}")
        assert NOTE in page.content()
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / "old-rule-note-young-person-pledge-desktop.png"), full_page=True)
        context.close()
