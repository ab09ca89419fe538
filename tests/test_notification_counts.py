"""`manage.py benchmark --notification-counts DAYS` (notifications/notification_counts.py): plays days of a synthetic
council and prints emails per member of staff per day before and after the morning digest, then removes the council."""
import io
import re

import pytest
from django.core.management import call_command

from casework.models import Council
from notifications import notification_counts
from notifications.models import DigestEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_in_the_test")]


def test_the_digest_sends_fewer_emails_than_it_replaces_and_the_council_is_removed():
    out = io.StringIO()
    result = notification_counts.run(out, young_people=30, days=14)
    before, after = result["before"], result["after"]
    assert before["total"] > 0
    # Each digest carries at least one reminder that was an email of its own before.
    assert after["total"] <= before["total"] and after["max"] <= before["max"]
    assert not Council.objects.filter(slug="benchmarkshire").exists() and not DigestEmail.objects.exists()
    assert "over 14 simulated days (30 young people, 3 staff" in out.getvalue()


def test_the_command_prints_both_lines():
    out = io.StringIO()
    call_command("benchmark", "--young-people", "15", "--notification-counts", "3", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.match(r"  before the digest \(an email for each reminder\): mean [\d.]+, busiest day \d+", lines[-2])
    assert re.match(r"  after \(one each working morning, urgent ones at once\): mean [\d.]+", lines[-1])
