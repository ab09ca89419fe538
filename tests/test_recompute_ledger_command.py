"""`manage.py recompute_ledger`: after an upgrade changes a rule, every council's rows are rebuilt (in the background
in production), for every measure or only those counting the records named."""
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from pledges.models import LedgerEntry
from pledges.recompute_runs import LedgerRecomputeRun

from .factories import contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def measured(people):
    with time_machine.travel(datetime(2025, 1, 1, 9, tzinfo=LONDON)):
        contact_measures(people.council)
    people.young_person.became_looked_after_on = date(2025, 1, 1)
    people.young_person.save()
    return people


def test_rows_lost_or_stale_are_rebuilt_at_once_where_the_setting_says_so(measured):
    rows = LedgerEntry.objects.filter(young_person=measured.young_person)
    before = sorted(rows.values_list("measure_id", "due_on"))
    assert before
    rows.delete()
    out = StringIO()
    call_command("recompute_ledger", council=measured.council.slug, stdout=out)
    assert sorted(rows.values_list("measure_id", "due_on")) == before
    assert f"{measured.council.name}: rebuilt." in out.getvalue()


def test_in_production_each_council_gets_a_background_run_for_the_counts_named(measured, settings):
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    out = StringIO()
    call_command("recompute_ledger", counts=["feedback"], stdout=out)
    runs = LedgerRecomputeRun.objects.filter(reason=LedgerRecomputeRun.Reason.UPGRADE)
    assert sorted(runs.values_list("council_id", flat=True)) == sorted([measured.council.pk,
                                                                        measured.elsewhere_young_person.council_id])
    assert all(run.counts == ["feedback"] for run in runs)
    assert "in the background" in out.getvalue()


def test_a_council_or_count_that_does_not_exist_is_refused_with_what_to_choose(measured):
    with pytest.raises(CommandError, match="No council has the slug 'nowhere'"):
        call_command("recompute_ledger", council="nowhere")
    with pytest.raises(CommandError, match="No measure counts visits. Choose from: .*visit"):
        call_command("recompute_ledger", counts=["visits"])
