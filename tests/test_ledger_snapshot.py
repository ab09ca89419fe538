"""While a council's ledger is rebuilt, the manager sees its progress and the figures as they were until it is done
(issue 13): the run's first slice copies the rows it will rebuild (pledges.ledger.snapshots), every dashboard page,
list and download reads the copies for those measures, and the last slice deletes them.

"Today" is Monday 23 November 2026. Four young people came into care on 20 October 2026: under "in touch every 6
weeks" their first contact is due on 1 December (not yet due soon); under 4 weeks it was due on 17 November (overdue).
"""
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import YoungPerson
from pledges import dashboard
from pledges.dashboard_filters import Period
from pledges.ledger import recompute as recompute_module
from pledges.ledger.runs import ledger_recompute_run
from pledges.ledger.snapshots import LedgerRows, ledger_rows_for
from pledges.models import LedgerEntry, LedgerRecomputeRun, LedgerSnapshotEntry, Promise

from .factories import AllocationFactory, MeasureFactory, YoungPersonFactory, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)
CAME_INTO_CARE = date(2026, 10, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def council(people, small_pledge):
    contact = Promise.objects.get(section__pledge=small_pledge, ref="1-1")
    people.contact, people.visit = contact_measures(people.council, promise=contact)  # rebuilt at once
    # A measure the run does not rebuild, with rows written by hand (nobody asks for a call back, so no rebuild
    # computes any of its own).
    people.callback = MeasureFactory(council=people.council, key="call-back", rule="within", applies_to="both",
                                     params={"working_days": 2, "counts": "callback"}, warn_days_before=7)
    for n in range(4):
        young_person = YoungPersonFactory(council=people.council, last_name=f"Newcomer{n}",
                                          became_looked_after_on=CAME_INTO_CARE)
        AllocationFactory(young_person=young_person, worker=people.social_worker)
    return people


def change_contact_to_four_weeks(people, settings) -> LedgerRecomputeRun:
    """The manager changes the measure; the web request only writes the run (the worker has not started)."""
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    people.contact.params = {**people.contact.params, "weeks": 4}
    people.contact.save()
    return LedgerRecomputeRun.objects.get(finished_at__isnull=True)


def figures(people, rows: LedgerRows | None = None) -> dict:
    """The figures functions themselves, over the council's rows as the dashboard reads them."""
    measures = dashboard.council_measures(people.council)
    young_people = YoungPerson.objects.filter(council=people.council)
    rows = (rows or ledger_rows_for(measures[0])).of(young_people)
    return dashboard.figures_by_measure(rows, measures=measures, period=Period.last_twelve_months(TODAY),
                                        today=TODAY)


def pages(client, people) -> dict:
    """What the manager sees on every page that counts ledger rows, and in the downloads."""
    client.force_login(people.manager.user)
    board = client.get(reverse("compliance_dashboard"))
    measure = reverse("dashboard_measure", args=[people.contact.pk])
    listed = client.get(measure, {"show": "overdue"})
    download = client.get(measure, {"show": "due", "format": "csv"})
    workers = client.get(reverse("dashboard_workers"), {"team": ""})
    record = client.get(reverse("dashboard_worker", args=[people.social_worker.pk]))
    due = client.get(reverse("dashboard_worker_rows", args=[people.social_worker.pk, "due"]))
    soon = client.get(reverse("dashboard_worker_rows", args=[people.social_worker.pk, "due-soon"]))
    young_council = client.get(reverse("in_care_council"), {"format": "csv"})
    return {
        "figures": {line.measure.pk: line.figures for group in board.context["groups"] for line in group.lines},
        "series": board.context["series"],
        "measure": (listed.context["figures"], listed.context["series"],
                    [(entry.young_person_id, entry.due_on) for entry in listed.context["page"].object_list]),
        "csv": b"".join(download.streaming_content if download.streaming else [download.content]),
        "workers": {w.pk: (w.caseload, w.overdue, w.due_soon, w.due, w.kept_on_time) for w in workers.context["workers"]},
        "record": (record.context["promises"], [s.entry.due_on for s in record.context["overdue"]]),
        "lists": [[(s.entry.young_person_id, s.entry.due_on) for s in page.context["statuses"]] for page in (due, soon)],
        "in_care_council": b"".join(young_council.streaming_content if young_council.streaming
                                    else [young_council.content]),
    }


def test_mid_run_every_figure_list_and_download_is_from_before_the_change_and_after_it_the_new_ones(
        client, council, settings):
    before, before_figures = pages(client, council), figures(council)
    overdue = before_figures[council.contact.pk].overdue  # Robin's and Sky's
    run = change_contact_to_four_weeks(council, settings)
    assert pages(client, council) == before  # not started: the live rows are still the old ones
    # Batches of one young person, in id order: Robin and Sky (whose rows the change leaves as they were), then
    # the first newcomer.
    assert ledger_recompute_run(run_id=run.pk, batches=1, batch_size=1) is False
    assert figures(council) == before_figures and pages(client, council) == before
    assert ledger_recompute_run(run_id=run.pk, batches=2, batch_size=1) is False
    run.refresh_from_db()
    assert run.done == 3 and run.snapshot_measures == [council.contact.pk]
    # The live rows are half rebuilt: counted as they are, the figures would mix the old rule and the new.
    assert figures(council, LedgerRows())[council.contact.pk] != before_figures[council.contact.pk]
    assert figures(council) == before_figures
    assert pages(client, council) == before
    client.force_login(council.manager.user)
    assert ("Updating 3 of 6 young people. Until it is done, these figures are from before the change."
            in client.get(reverse("compliance_dashboard")).content.decode())

    assert ledger_recompute_run(run_id=run.pk) is True
    after = pages(client, council)
    assert figures(council)[council.contact.pk].overdue == overdue + 4
    assert after["figures"][council.contact.pk].overdue == overdue + 4 and after["workers"] != before["workers"]
    assert after["csv"] != before["csv"] and len(after["lists"][0]) == len(before["lists"][0]) + 4
    assert after["figures"][council.visit.pk] == before["figures"][council.visit.pk]
    assert not LedgerSnapshotEntry.objects.exists()
    assert "Updating" not in client.get(reverse("compliance_dashboard")).content.decode()


def test_measures_outside_the_run_stay_live(client, council, settings):
    run = change_contact_to_four_weeks(council, settings)
    ledger_recompute_run(run_id=run.pk, batches=1, batch_size=1)
    assert set(LedgerSnapshotEntry.objects.values_list("measure_id", flat=True)) == {council.contact.pk}
    LedgerEntry.objects.create(measure=council.callback, young_person=council.young_person, started_by="request",
                               cycle_start=TODAY - timedelta(days=5), due_on=TODAY - timedelta(days=1), trigger_id=1)
    LedgerEntry.objects.filter(measure=council.visit, young_person__last_name="Newcomer3").delete()
    now = pages(client, council)
    assert now["figures"][council.callback.pk].overdue == 1
    assert now["figures"][council.visit.pk] == figures(council, LedgerRows())[council.visit.pk]
    assert [due for due in now["record"][1] if due == TODAY - timedelta(days=1)]  # the worker's record too


def test_a_redelivered_first_slice_copies_once(council, settings):
    run = change_contact_to_four_weeks(council, settings)
    rows = LedgerEntry.objects.filter(measure=council.contact, young_person__council=council.council).count()
    real = recompute_module.recompute_batch

    def killed(**kwargs):
        raise SystemExit("worker killed")

    with mock.patch.object(recompute_module, "recompute_batch", killed), pytest.raises(SystemExit):
        ledger_recompute_run(run_id=run.pk, batch_size=1)
    assert not LedgerSnapshotEntry.objects.exists()  # the copy is rolled back with the batch
    run.refresh_from_db()
    assert run.snapshot_measures is None
    with mock.patch.object(recompute_module, "recompute_batch", real):
        ledger_recompute_run(run_id=run.pk, batches=1, batch_size=1)  # redelivered
        ledger_recompute_run(run_id=run.pk, batches=1, batch_size=1)  # and its next part
    assert LedgerSnapshotEntry.objects.filter(run=run).count() == rows > 0


def test_a_run_starting_while_another_goes_on_keeps_the_first_ones_copies(client, council, settings):
    before = figures(council)
    first = change_contact_to_four_weeks(council, settings)
    ledger_recompute_run(run_id=first.pk, batches=1, batch_size=1)
    council.visit.params = {**council.visit.params, "weeks": 3}
    council.visit.save()
    second = LedgerRecomputeRun.objects.get(finished_at__isnull=True, started_at__isnull=True)
    ledger_recompute_run(run_id=second.pk, batches=1, batch_size=1)
    second.refresh_from_db()
    assert second.snapshot_measures == sorted([council.contact.pk, council.visit.pk])
    assert figures(council) == before
    ledger_recompute_run(run_id=first.pk)
    assert figures(council) == before  # the second still goes on, and holds the contact rows from before
    ledger_recompute_run(run_id=second.pk)
    assert figures(council)[council.contact.pk].overdue == before[council.contact.pk].overdue + 4
    assert not LedgerSnapshotEntry.objects.exists()


def test_a_birthday_run_takes_no_copy(council, settings):
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    run = LedgerRecomputeRun.objects.create(council=council.council, reason="birthdays", birthday=TODAY, total=0)
    ledger_recompute_run(run_id=run.pk, batches=1, batch_size=1)
    run.refresh_from_db()
    assert run.snapshot_measures is None and not LedgerSnapshotEntry.objects.exists()


@pytest.mark.parametrize("size", [0, 5])
def test_with_a_run_the_pages_take_a_fixed_number_of_queries(client, council, settings, django_assert_num_queries,
                                                              size):
    for n in range(size):
        young_person = YoungPersonFactory(council=council.council, became_looked_after_on=CAME_INTO_CARE)
        AllocationFactory(young_person=young_person, worker=council.social_worker)
    client.force_login(council.manager.user)
    # Each page as without a run (their counts are pinned in tests/test_dashboard.py and test_dashboard_workers.py),
    # and one more for each count that reads the snapshot's rows beside the live ones.
    pages = [
        # The measures being rebuilt: their figures and their months from the snapshot's rows (two queries), beside
        # the summary's one query for the others.
        (reverse("compliance_dashboard"), {}, 2),
        (reverse("dashboard_measure", args=[council.contact.pk]), {"show": "due"}, 1),  # the summary's 1 becomes 2
        (reverse("dashboard_workers"), {"team": ""}, 1),
        (reverse("dashboard_worker", args=[council.social_worker.pk]), {}, 2),  # each measure's counts, the overdue
        (reverse("dashboard_worker_rows", args=[council.social_worker.pk, "due"]), {}, 1),
        (reverse("in_care_council"), {}, 0),  # it shows one measure a promise: here the contact one, all copies
    ]
    without = []
    for url, params, _ in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        without.append(len(queries))
    run = change_contact_to_four_weeks(council, settings)
    ledger_recompute_run(run_id=run.pk, batches=1, batch_size=1)
    for (url, params, more), queries in zip(pages, without):
        with django_assert_num_queries(queries + more):
            assert client.get(url, params).status_code == 200
