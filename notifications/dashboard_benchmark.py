"""`manage.py benchmark --dashboard-sizes 2000,20000`: how long the managers' compliance dashboard takes.

For each size it builds Benchmarkshire (benchmark_council.py: a manager, teams, young people, 8 measures and
years of ledger rows and answers), then times through Django's test Client, as the caseload timing does: the
dashboard, the dashboard for one team and for one worker, one measure's drill-down, the workers page for one team
and one worker's record, and beside them a bare page (the notifications page: the login, the worker and one small
query), each with its median, 95th percentile and query count (time_interleaved says how). Then it deletes the
council again.
"""
import logging
import math
import random
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Allocation, Role, Worker, YoungPerson
from pledges.feedback_counts import FeedbackDayCount
from pledges.group_counts import GroupDayCount, GroupMember
from pledges.models import LedgerDayCount, LedgerEntry, PromiseFeedback

from .benchmark_council import build, delete_benchmarkshire


@dataclass
class Timing:
    median: float
    p95: float
    queries: str


# The pages about one team or one worker: the same team (and worker) at every size, so each should cost the same.
SAME_SIZE_PAGES = ["Dashboard, one team", "Dashboard, one worker", "Workers page, one team", "One worker's record"]


def run(stdout, *, sizes, years, requests, keep):
    by_size = []
    for size in sizes:
        delete_benchmarkshire()
        started = time.perf_counter()
        # Not DEBUG while building: Django would keep the SQL of every batch of rows in memory.
        with override_settings(DEBUG=False):
            built = build(size, years, random.Random(size))
        vacuum()
        rows = LedgerEntry.objects.filter(measure__council=built["council"]).count()
        stdout.write(f"Benchmarkshire, {size:,} young people, {years} year{'s' if years != 1 else ''}: built in "
                     f"{time.perf_counter() - started:.1f}s ({rows:,} ledger rows, "
                     f"{PromiseFeedback.objects.filter(young_person__council=built['council']).count():,} answers)")
        timings = {}
        for label, timing in time_pages(built, requests):
            timings[label.split(" (")[0]] = timing
            stdout.write(f"  {label}: median {timing.median:.1f} ms, p95 {timing.p95:.1f} ms, "
                         f"{timing.queries} queries ({requests} requests)")
        # Issue 16's targets: the dashboard's p95 at most 3 times the bare page's, and one team's view costing the
        # same whatever the council's size (the team is the same size).
        bare = timings["Bare page"].p95
        stdout.write(f"  Dashboard p95 / bare page p95: {timings['Dashboard, no filters'].p95 / bare:.1f} "
                     "(target: at most 3)")
        by_size.append((size, timings))
    if len(by_size) > 1:
        (first, smallest), (last, largest) = by_size[0], by_size[-1]
        for page in SAME_SIZE_PAGES:
            stdout.write(f"{page}, p95 at {last:,} / at {first:,}: {largest[page].p95 / smallest[page].p95:.1f}"
                         + (" (target: about 1)" if page == "Dashboard, one team" else ""))
    if not keep:
        delete_benchmarkshire()


def time_pages(built, requests):
    team = built["team"]
    in_team = Allocation.objects.filter(worker__team=team, ended_on__isnull=True).count()
    visit = built["measures"]["statutory-visit"]
    worker = Worker.objects.filter(team=team, role=Role.SOCIAL_WORKER).order_by("pk").first()
    pages = [
        ("Dashboard, no filters", reverse("compliance_dashboard"), {}),
        (f"Dashboard, one team ({in_team} young people)", reverse("compliance_dashboard"), {"team": team.pk}),
        ("Dashboard, one worker", reverse("compliance_dashboard"), {"worker": worker.pk}),
        (f"Measure drill-down ({visit.name})", reverse("dashboard_measure", args=[visit.pk]), {}),
        ("Workers page, one team", reverse("dashboard_workers"), {"team": team.pk}),
        ("One worker's record", reverse("dashboard_worker", args=[worker.pk]), {}),
        ("Bare page (notifications)", reverse("notifications"), {}),
    ]
    # The request log's line per request (pledge_portal.request_log) would bury the figures.
    with override_settings(ALLOWED_HOSTS=["testserver"]), _quiet(logging.getLogger("pledge_portal.requests")):
        client = Client()
        client.force_login(built["manager"].user)
        yield from time_interleaved(client, pages, requests)
        client.logout()


def time_interleaved(client, pages, requests):
    """Each page's (label, Timing). The pages are asked for in turn, a round at a time, so that whatever else the
    machine is doing falls on every page alike, not on whichever page was being timed then. The queries are counted
    on a request of their own; the timed ones run as a council's server runs them, DEBUG off (with DEBUG on Django
    keeps a record of every query, which costs the pages with more queries more)."""
    counts = {}
    for label, url, params in pages:
        client.get(url, params)  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = len(queries)
    times = {label: [] for label, _, _ in pages}
    with override_settings(DEBUG=False):
        for _ in range(requests):
            for label, url, params in pages:
                started = time.perf_counter()
                response = client.get(url, params)
                times[label].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
    for label, _, _ in pages:
        # p95 by nearest rank: the request 95% of requests were no slower than.
        p95 = sorted(times[label])[math.ceil(0.95 * requests) - 1]
        yield label, Timing(statistics.median(times[label]), p95, str(counts[label]))


@contextmanager
def _quiet(logger):
    was, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was


def vacuum():
    """On PostgreSQL, what the database does soon after a big load: autovacuum's statistics for the planner and the
    visibility map that lets the dashboard count rows from an index alone, and a checkpoint, which writes the load's
    pages to disk now rather than while the pages are timed. VACUUM cannot run in a transaction, so inside one (a
    test) it is left out."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        # The summaries too: the triggers updated their rows once per batch of rows written.
        for model in (LedgerEntry, LedgerDayCount, GroupDayCount, GroupMember, FeedbackDayCount, YoungPerson,
                      Allocation, PromiseFeedback):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError:  # only a superuser, or a member of pg_checkpoint, may ask for one
            pass


