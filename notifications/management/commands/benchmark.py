"""`manage.py benchmark`: build a synthetic council and print how long the ledger's work takes.

It creates "Benchmarkshire" (2,000 young people by default, 3 years of visits and call-backs) in the
configured database, measures, then deletes it again (unless --keep). Numbers, not pass/fail: run it on
the machine you care about. With DATABASE_URL set it measures PostgreSQL.

With --dashboard-sizes (e.g. 2000,20000) it times the managers' compliance dashboard at each council size
instead (see notifications/dashboard_benchmark.py).
"""
import random
import statistics
import time
from argparse import ArgumentTypeError
from datetime import date, datetime, timedelta
from datetime import time as clock

from celery import current_app
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import (
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    Contact,
    LegalStatus,
    Role,
    YoungPerson,
)
from notifications import dashboard_benchmark
from notifications import notification_counts as counts_benchmark
from notifications.benchmark_council import CASELOAD, delete_benchmarkshire, simple_council
from notifications.sweep import sweep
from pledges.ledger import recompute_people
from pledges.ledger.recompute import BATCH_SIZE, Rules, recompute_batch
from pledges.models import LedgerEntry

BUILD_CHUNK = 2000  # young people built per transaction


class Command(BaseCommand):
    help = "Build a synthetic council, time the ledger recompute, one sweep and the caseload page; then clean up."

    def add_arguments(self, parser):
        parser.add_argument("--young-people", type=int, default=2000)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--requests", type=int, default=20, help="requests to time for each page")
        parser.add_argument("--keep", action="store_true", help="leave Benchmarkshire (with --dashboard-sizes, the last) in the database")
        parser.add_argument("--dashboard-sizes", type=_sizes, metavar="2000,20000",
                            help="instead, time the managers' dashboard for a council of each of these sizes")
        parser.add_argument("--dashboard-years", type=int, default=5, help="years of history for --dashboard-sizes")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="young people per recompute batch")
        parser.add_argument("--notification-counts", type=int, metavar="DAYS",
                            help="instead, play DAYS days and print emails per member of staff per day, before and "
                                 "after the morning digest (notifications/notification_counts.py)")
        parser.add_argument("--ledger-only", action="store_true",
                            help="time the ledger recompute only (no sweep, no caseload page): for England's size")

    def handle(self, *args, young_people, years, requests, keep, dashboard_sizes, dashboard_years, batch_size,
               ledger_only, notification_counts: int | None = None, **options):
        if notification_counts:
            current_app.conf.broker_url = "memory://"  # the emails' tasks are counted, not sent
            counts_benchmark.run(self.stdout, young_people=young_people, days=notification_counts, years=years)
            return
        if dashboard_sizes:
            dashboard_benchmark.run(self.stdout, sizes=dashboard_sizes, years=dashboard_years, requests=requests,
                                    keep=keep)
            return
        # Enqueueing the sweep's emails should not write thousands of broker messages to disk.
        current_app.conf.broker_url = "memory://"
        random.seed(2026)
        delete_benchmarkshire()
        started = time.perf_counter()
        council, worker = self._build(young_people, years)
        self.stdout.write(f"Built {young_people} young people with {years} years of history "
                          f"in {time.perf_counter() - started:.1f}s "
                          f"({Contact.objects.filter(young_person__council=council).count()} contacts, "
                          f"{CallbackRequest.objects.filter(young_person__council=council).count()} call-backs)")

        self._recompute(council, young_people, batch_size)
        if ledger_only:
            if not keep:
                delete_benchmarkshire()
            return

        started = time.perf_counter()
        sent = sweep(now=timezone.now())
        self.stdout.write(f"One sweep: {time.perf_counter() - started:.2f}s, {sent} notifications")
        started = time.perf_counter()
        sent_again = sweep(now=timezone.now())
        self.stdout.write(f"A second sweep (nothing new to send): {time.perf_counter() - started:.3f}s, {sent_again} notifications")

        self._caseload(worker, requests)
        if not keep:
            delete_benchmarkshire()

    def _recompute(self, council, young_people, batch_size):
        """The full recompute from empty, then again with the rows already there (nothing to write), and the
        queries one batch takes at two batch sizes (the same: each kind of record is read once per batch)."""
        people = YoungPerson.objects.filter(council=council)
        for label in ("from empty", "with the rows already there"):
            started = time.perf_counter()
            recompute_people(people, batch_size=batch_size, progress=self._progress(young_people, started))
            elapsed = time.perf_counter() - started
            rows = LedgerEntry.objects.filter(young_person__council=council).count()
            self.stdout.write(f"Recompute every ledger row {label}: {elapsed:.2f}s for {rows} rows "
                              f"({elapsed / young_people * 1000:.2f} ms per young person, batches of {batch_size})")
        rules = Rules.of(council_id=council.pk)
        for size in sorted({min(10, young_people), min(batch_size, young_people)}):
            batch = list(people.order_by("pk")[:size])
            LedgerEntry.objects.filter(young_person__in=batch).delete()
            # With DEBUG on, a big run fills the query log (9,000 at most), and a full log counts nothing new.
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                recompute_batch(young_people=batch, rules=rules)
            self.stdout.write(f"Queries for one batch of {size} young people (from empty): {len(queries)}")

    def _progress(self, total, started):
        """Every tenth of the way on a big council, how far and how fast (a run of 100,000 takes a while)."""
        step = max(total // 10, 1)
        marks = {"next": step}

        def report(done, last_id):
            if total >= 20000 and done >= marks["next"]:
                marks["next"] += step
                self.stdout.write(f"  {done} of {total} young people, {time.perf_counter() - started:.0f}s")
                self.stdout.flush()
        return report

    def _caseload(self, worker, requests):
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            client = Client()
            client.force_login(worker.user)
            url = reverse("caseload")
            client.get(url)  # warm up
            times, counts = [], []
            for _ in range(requests):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                counts.append(len(queries))
                assert response.status_code == 200
        self.stdout.write(f"Caseload page ({CASELOAD} young people): {counts[0]} queries, "
                          f"median {statistics.median(times):.1f} ms over {requests} requests")

    def _build(self, young_people, years):
        today = timezone.localdate()
        with transaction.atomic():
            council, _team, workers = simple_council(workers=young_people // CASELOAD + 1)
        # In chunks, each its own transaction: England's 100,000 young people's history does not fit in memory at once.
        for first in range(0, young_people, BUILD_CHUNK):
            with transaction.atomic():
                self._build_people(council, workers, range(first, min(first + BUILD_CHUNK, young_people)), years, today)
        return council, workers[0]

    def _build_people(self, council, workers, numbers, years, today):
        start = today - timedelta(days=365 * years)
        people = YoungPerson.objects.bulk_create([
            YoungPerson(council=council, first_name=f"Young{n}", last_name="Person", date_of_birth=date(2010, 1, 1),
                        legal_status=LegalStatus.LOOKED_AFTER, became_looked_after_on=start)
            for n in numbers
        ])
        Allocation.objects.bulk_create([
            Allocation(young_person=yp, worker=workers[n // CASELOAD], role=Role.SOCIAL_WORKER, started_on=start)
            for n, yp in zip(numbers, people)
        ])
        contacts, requests = [], []
        tz = timezone.get_current_timezone()
        for n, yp in zip(numbers, people):
            worker = workers[n // CASELOAD]
            day = start + timedelta(days=random.randint(1, 9))
            while day <= today:
                kind = random.choice(["visit_home", "visit_home", "visit_elsewhere", "phone"])
                contacts.append(Contact(young_person=yp, worker=worker, happened_on=day, kind=kind))
                day += timedelta(days=random.randint(20, 50))
            for _ in range(random.randint(0, 6)):
                asked = start + timedelta(days=random.randint(0, 365 * years - 1))
                requests.append(CallbackRequest(young_person=yp, status="called_back",
                                                requested_at=datetime.combine(asked, clock(10), tzinfo=tz)))
        Contact.objects.bulk_create(contacts, batch_size=5000)
        CallbackRequest.objects.bulk_create(requests, batch_size=5000)
        CallbackAttempt.objects.bulk_create([
            CallbackAttempt(request=r, worker=workers[0], outcome="reached",
                            attempted_at=r.requested_at + timedelta(days=random.choice([0, 1, 2, 3, 5])))
            for r in requests
        ], batch_size=5000)


def _sizes(text: str) -> list[int]:
    """Read "2000,20000" as [2000, 20000]."""
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise ArgumentTypeError(f"Sizes are whole numbers separated by commas, e.g. 2000,20000 (not {text!r})")
    if any(size < 1 for size in sizes):
        raise ArgumentTypeError("Each size needs at least one young person")
    return sizes
