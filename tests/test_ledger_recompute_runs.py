"""No request does a council's worth of work (issue 13): publishing a version or changing a measure writes a
LedgerRecomputeRun and enqueues a Celery task after commit; the task rebuilds the council in batches, resumes from
its last finished batch when killed, and the manager's pages show its progress."""
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.tasks import ledger_birthdays
from pledges.ledger import ledger_recompute_all
from pledges.ledger import recompute as recompute_module
from pledges.ledger.recompute import READ_FIELDS
from pledges.ledger.runs import ledger_recompute_catch_up, ledger_recompute_run, recompute_ledger
from pledges.models import LedgerEntry, LedgerRecomputeRun, Promise
from pledges.versions import measure_change, pledge_draft_start, pledge_publish

from .factories import YoungPersonFactory, contact_measures

pytestmark = pytest.mark.django_db
# What a row is, without its id: the same answers from one run or from a resumed one.
ANSWER_FIELDS = [name for name in READ_FIELDS if name != "pk"]


@pytest.fixture
def council(people, small_pledge):
    contact = Promise.objects.get(section__pledge=small_pledge, ref="1-1")
    return contact_measures(people.council, promise=contact)


def grow(people, n: int) -> None:
    for i in range(n):
        YoungPersonFactory(council=people.council, became_looked_after_on=date(2025, 1, 1 + i % 28))


def answers(people) -> list[tuple]:
    return sorted(LedgerEntry.objects.filter(young_person__council=people.council).values_list(*ANSWER_FIELDS))


def publish(people, *, weeks: int):
    draft = pledge_draft_start(council=people.council, by=people.manager)
    pledge_measure = people.council.measures.get(key="social-worker-contact")
    measure_change(draft=draft, measure=pledge_measure, by=people.manager, interval=weeks, steps=[],
                   name=f"Social worker in touch every {weeks} weeks")
    return pledge_publish(draft=draft, by=people.manager, today=date.today())


def publish_in_background(people, settings, django_capture_on_commit_callbacks, *, weeks: int):
    """Publish with the production setting; returns the queries it took and the callbacks it left to run."""
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as queries:
        publish(people, weeks=weeks)
    return len(queries), callbacks


def test_publishing_enqueues_the_rebuild_and_its_queries_do_not_grow_with_the_council(
        people, council, settings, django_capture_on_commit_callbacks):
    grow(people, 3)
    small, callbacks = publish_in_background(people, settings, django_capture_on_commit_callbacks, weeks=4)
    assert len(callbacks) == 1  # recompute_ledger.delay, once the manager's transaction commits
    LedgerRecomputeRun.objects.update(done=5, finished_at=timezone.now())  # the worker did it
    grow(people, 20)
    LedgerEntry.objects.all().delete()
    big, callbacks = publish_in_background(people, settings, django_capture_on_commit_callbacks, weeks=5)
    assert big == small
    assert LedgerEntry.objects.count() == 0  # nothing was recomputed in the request
    run = LedgerRecomputeRun.objects.order_by("pk").last()
    assert (run.reason, run.total, run.done, run.finished_at) == ("publish", 25, 0, None)


def test_the_task_finishes_the_rows_the_same_as_rebuilding_at_once(
        people, council, settings, django_capture_on_commit_callbacks, tasks_run_in_the_test):
    grow(people, 7)
    publish(people, weeks=4)  # at once (the tests' setting): the answers to compare with
    expected = answers(people)
    LedgerEntry.objects.all().delete()
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    run = LedgerRecomputeRun.objects.create(council=people.council, reason="publish", total=9)
    with mock.patch("pledges.ledger.runs.SECONDS_PER_TASK", 0):
        recompute_ledger.delay(run_id=run.pk, batch_size=3)  # one batch a task, each enqueuing the next
    run.refresh_from_db()
    assert answers(people) == expected and expected
    assert (run.done, run.total, run.finished_at is not None, run.started_at is not None) == (9, 9, True, True)


def test_a_run_killed_in_its_second_batch_resumes_from_the_first_and_gives_the_same_answers(people, council):
    grow(people, 5)
    ledger_recompute_all(council_id=people.council.pk)
    expected = answers(people)
    LedgerEntry.objects.all().delete()
    run = LedgerRecomputeRun.objects.create(council=people.council, reason="publish", total=7)
    first_two = sorted(people.council.young_people.values_list("pk", flat=True))[:2]
    real = recompute_module.recompute_batch
    calls = []

    def killed_in_the_second_batch(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(**kwargs)

    with mock.patch.object(recompute_module, "recompute_batch", killed_in_the_second_batch), \
            pytest.raises(SystemExit):
        ledger_recompute_run(run_id=run.pk, batch_size=2)
    run.refresh_from_db()
    assert (run.done, run.last_young_person_id, run.finished_at) == (2, first_two[-1], None)
    assert {row[0] for row in answers(people)} <= set(first_two)  # the second batch's rows were rolled back
    assert ledger_recompute_run(run_id=run.pk, batch_size=2) is True  # the redelivered task goes on
    run.refresh_from_db()
    assert answers(people) == expected and run.done == 7
    assert ledger_recompute_run(run_id=run.pk) is True  # delivered once more: nothing to do


def test_saving_measures_in_one_transaction_queues_one_run_for_their_counts(
        people, small_pledge, settings, django_capture_on_commit_callbacks):
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    with django_capture_on_commit_callbacks() as callbacks:
        contact_measures(people.council)
    run = LedgerRecomputeRun.objects.get()
    assert (len(callbacks), run.reason, run.counts, run.total) == (1, "measure", ["contact", "visit"], 2)


def test_the_birthday_job_queues_a_run_per_council_when_more_than_one_is_born_today(
        people, settings, django_capture_on_commit_callbacks):
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = True
    today = date.today()
    for young_person in [people.young_person, people.other_young_person, people.elsewhere_young_person]:
        young_person.date_of_birth = today.replace(year=today.year - 16)
        young_person.save()
    with django_capture_on_commit_callbacks() as callbacks:
        assert ledger_birthdays() == 3
    runs = LedgerRecomputeRun.objects.order_by("council_id")
    assert [(run.council_id, run.reason, run.total, run.birthday) for run in runs] == [
        (people.council.pk, "birthdays", 2, today), (people.elsewhere.pk, "birthdays", 1, today)]
    assert len(callbacks) == 2


@pytest.mark.parametrize("url", ["pledge_versions", "compliance_dashboard"])
def test_the_manager_sees_the_progress_while_a_run_is_going(client, people, council, url):
    run = LedgerRecomputeRun.objects.create(council=people.council, reason="publish", total=20000, done=4210)
    LedgerRecomputeRun.objects.create(council=people.elsewhere, reason="publish", total=9, done=1)
    client.force_login(people.manager.user)
    assert "Updating 4,210 of 20,000 young people" in client.get(reverse(url)).content.decode()
    run.done, run.finished_at = 20000, run.created_at
    run.save()
    assert "Updating" not in client.get(reverse(url)).content.decode()


def test_the_sweep_sends_again_a_run_that_has_stalled(people, tasks_run_in_the_test):
    stalled = LedgerRecomputeRun.objects.create(council=people.council, reason="publish", total=2)
    moving = LedgerRecomputeRun.objects.create(council=people.elsewhere, reason="publish", total=1)
    LedgerRecomputeRun.objects.filter(pk=stalled.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    assert ledger_recompute_catch_up(now=timezone.now()) == 1
    stalled.refresh_from_db()
    moving.refresh_from_db()
    assert (stalled.done, stalled.finished_at is not None) == (2, True)
    assert (moving.done, moving.finished_at) == (0, None)
