"""Issue 12, finding 7: lists and downloads that show a young person's name are in their audit log, and the young
person reads them in plain words, a list seen many times a day as one line."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.models import User

from tests.test_access_matrix import world  # noqa: F401

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def test_the_answers_download_logs_each_young_person_in_it_as_a_download(world):
    client = Client()
    client.force_login(User.objects.get(email="helen@demo.pledgeportal.test"))
    response = client.get(reverse("dashboard_feedback", kwargs={"ref": world.promise.ref}), {"format": "csv"})
    assert world.jade.full_name in b"".join(response.streaming_content).decode()
    event = AuditEvent.objects.get(young_person=world.jade)
    assert (event.worker.name, event.action, event.url_name) == ("Helen Marsh", "export", "dashboard_feedback")


@time_machine.travel(NOW, tick=False)
def test_a_young_person_reads_lists_and_downloads_in_plain_words_with_a_days_repeats_as_one_line(client, people):
    worker = Client()
    worker.force_login(people.social_worker.user)
    for _ in range(3):
        assert worker.get(reverse("caseload")).status_code == 200
    assert worker.get(reverse("health_checks", args=[people.young_person.pk])).status_code == 200
    AuditEvent.objects.create(user=people.manager.user, worker=people.manager, role="manager",
                              young_person=people.young_person, action="export", method="GET",
                              url_name="dashboard_stability_list", path="/dashboard/stability/moves/")
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_audit")).content.decode()
    # One person's looks on one day are one line, with what they looked at beneath it (issue 15).
    assert ("<strong>Sita Worker</strong> (Social worker) looked at your record 4 times that day, "
            "the last one at this time.") in html
    assert "<li>saw your name on their list of young people (3 times)</li><li>looked at your health checks</li>" in html
    assert "<strong>Mo Manager</strong> (Manager) downloaded a list with your details." in html
    assert html.count('class="govuk-summary-card__title"') == 2
