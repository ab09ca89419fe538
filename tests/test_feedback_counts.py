"""The summary of young people's answers (pledges.feedback_counts.FeedbackDayCount, kept by triggers) gives exactly the
counts the row-based code gives (pledges.dashboard.feedback_by_ref, kept as the oracle): on random councils, after
every kind of write answers see (new answers, a changed answer, a reply, retention emptying the words, deletes, a
young person's records deleted), on the right day in London at midnight in summer and winter, and again when the
upgrade's migration counts the answers already there. The unfiltered dashboard then reads no answer."""
import importlib
import random
import threading
import time
from datetime import date, datetime, timedelta, timezone as dt_timezone
from types import SimpleNamespace

import pytest
from django.db import connection, connections, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from casework.audit.retention import young_person_anonymise
from casework.models import YoungPerson
from notifications.benchmark_council import build
from pledges import dashboard, dashboard_summary
from pledges.dashboard_filters import Period
from pledges.models import FeedbackDayCount, PromiseFeedback

from .test_dashboard_summary import dashboard_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_counts_left_by_earlier_tests():
    """On SQLite, an earlier transactional test's flush empties the summary before the answers (DELETE, table by
    table), and the answers' triggers then leave -1s behind. PostgreSQL's flush is one TRUNCATE, which fires no row
    trigger; a council's own database is never flushed."""
    FeedbackDayCount.objects.all().delete()
UTC = dt_timezone.utc


def recounted() -> dict:
    """The summary counted again from the answers, one by one, by their day in London (zero days left out)."""
    counts = {}
    for answer in PromiseFeedback.objects.select_related("young_person"):
        key = (answer.promise_id, answer.young_person.council_id, timezone.localtime(answer.given_at).date())
        before = counts.get(key, (0, 0, 0))
        counts[key] = tuple(n + (answer.answer == which) for n, which in zip(before, PromiseFeedback.Answer.values))
    return counts


def stored() -> dict:
    return {(row.promise_id, row.council_id, row.given_on): (row.yes, row.not_really, row.no)
            for row in FeedbackDayCount.objects.all() if (row.yes, row.not_really, row.no) != (0, 0, 0)}


def shake(rng: random.Random, council) -> None:
    """Every kind of write answers see, at random."""
    answers = list(PromiseFeedback.objects.filter(young_person__council=council).order_by("pk"))
    people = list(YoungPerson.objects.filter(council=council).order_by("pk"))
    promises = sorted({answer.promise for answer in answers}, key=lambda promise: promise.pk)
    # Given a minute either side of midnight in London, in summer (23:00 UTC) and in winter (00:00 UTC).
    for moment in (datetime(2026, 6, 30, 22, 59, tzinfo=UTC), datetime(2026, 6, 30, 23, 1, tzinfo=UTC),
                   datetime(2026, 1, 31, 23, 59, tzinfo=UTC), datetime(2026, 2, 1, 0, 1, tzinfo=UTC)):
        PromiseFeedback.objects.create(young_person=rng.choice(people), promise=rng.choice(promises),
                                       answer=rng.choice(PromiseFeedback.Answer.values), given_at=moment)
    changed = rng.sample(answers, len(answers) // 4)
    for answer in changed:
        answer.answer = rng.choice(PromiseFeedback.Answer.values)
        answer.given_at += timedelta(hours=rng.randint(-60, 60))
        answer.promise = rng.choice(promises)
    PromiseFeedback.objects.bulk_update(changed, ["answer", "given_at", "promise"])  # one UPDATE of many answers
    replied = rng.choice(answers)
    PromiseFeedback.objects.filter(pk=replied.pk).update(reply="We will visit on Monday", replied_at=F("given_at"))
    PromiseFeedback.objects.filter(pk__in=[answer.pk for answer in rng.sample(answers, 5)]).delete()
    young_person_anonymise(young_person=rng.choice(people), today=date(2026, 12, 6))  # the words go, the answer stays
    rng.choice([answer.young_person for answer in answers]).delete()  # their answers go, by Django's cascade


def periods(rng: random.Random, today: date):
    yield Period.last_twelve_months(today)
    yield Period(start=date(2026, 7, 1), end=date(2026, 7, 31))  # starts at midnight in summer
    yield Period(start=date(2026, 1, 1), end=date(2026, 1, 31))  # ends at midnight in winter
    yield Period(start=today - timedelta(days=rng.randint(30, 900)), end=today - timedelta(days=rng.randint(0, 29)))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_summary_gives_the_row_based_answers_after_every_kind_of_write(seed):
    rng = random.Random(seed)
    built = build(30 + 20 * seed, 2, rng)
    council = built["council"]
    assert stored() == recounted() and stored()
    shake(rng, council)
    assert stored() == recounted()
    everyone = YoungPerson.objects.filter(council=council)
    for period in periods(rng, timezone.localdate()):
        assert dashboard_summary.feedback_by_ref(council=council, period=period) == \
            dashboard.feedback_by_ref(everyone, council=council, period=period)


def test_an_answer_at_a_minute_past_midnight_in_summer_counts_on_the_day_in_london():
    built = build(3, 1, random.Random(1))
    promise = built["measures"]["statutory-visit"].promise
    person = YoungPerson.objects.filter(council=built["council"]).first()
    PromiseFeedback.objects.create(young_person=person, promise=promise, answer="no",
                                   given_at=datetime(2026, 6, 30, 23, 1, tzinfo=UTC))  # 00:01 on 1 July in London
    assert FeedbackDayCount.objects.get(promise=promise, given_on=date(2026, 7, 1)).no == 1
    assert not FeedbackDayCount.objects.filter(promise=promise, given_on=date(2026, 6, 30), no__gt=0).exists()


def test_the_upgrade_counts_the_answers_already_there():
    build(40, 2, random.Random(7))
    expected = stored()
    FeedbackDayCount.objects.all().delete()
    migration = importlib.import_module("pledges.migrations.0017_feedback_day_count")
    migration.fill_counts(None, SimpleNamespace(connection=connection))
    assert stored() == expected == recounted()


@pytest.mark.parametrize("size", [10, 60])
def test_the_unfiltered_dashboard_reads_no_answer_and_the_filtered_one_counts_them(client, size):
    built = build(size, 1, random.Random(size))
    sql = dashboard_queries(client, built["manager"])
    assert len(sql) == 9
    assert not [query for query in sql if "pledges_promisefeedback" in query]
    filtered = dashboard_queries(client, built["manager"], {"legal_status": "care_leaver"})
    assert [query for query in filtered if "pledges_promisefeedback" in query]


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_answers_about_the_same_promise_on_the_same_day_at_once_are_both_counted():
    """The first answer's transaction is held open while a second young person answers about the same promise on the
    same day: on PostgreSQL the second waits for the first's count and adds to it once the first commits (neither is
    lost). SQLite locks the whole database instead: the second is refused or waits. Either way the counts are the
    answers'."""
    built = build(4, 1, random.Random(3))
    promise = built["measures"]["statutory-visit"].promise
    first_person, second_person = YoungPerson.objects.filter(council=built["council"]).order_by("pk")[:2]
    given = datetime(2026, 11, 2, 10, tzinfo=UTC)
    before = FeedbackDayCount.objects.filter(promise=promise, given_on=date(2026, 11, 2)).first()
    first_saved, release, outcomes = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                PromiseFeedback.objects.create(young_person=first_person, promise=promise, answer="no", given_at=given)
                first_saved.set()
                release.wait(timeout=30)
            outcomes["first"] = "saved"
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            outcomes["first"] = error
        finally:
            first_saved.set()
            connections.close_all()

    def second():
        first_saved.wait(timeout=30)
        try:
            PromiseFeedback.objects.create(young_person=second_person, promise=promise, answer="no", given_at=given)
            outcomes["second"] = "saved"
        except Exception as error:
            outcomes["second"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_saved.wait(timeout=30)
    if connection.vendor == "postgresql":
        deadline = time.monotonic() + 20
        while not _waiting_on_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_a_lock(), "the second answer's count should wait for the first's"
    else:
        time.sleep(0.5)
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes["first"] == "saved"
    if connection.vendor == "postgresql":
        assert outcomes["second"] == "saved"
        assert FeedbackDayCount.objects.get(promise=promise, given_on=date(2026, 11, 2)).no == \
            (before.no if before else 0) + 2
    assert stored() == recounted()
