"""`manage.py benchmark --dashboard-sizes 2000,20000`: how long the managers' compliance dashboard takes.

For each size it builds Benchmarkshire (benchmark_council.py: a manager, teams, young people, 8 measures and
years of ledger rows and answers), then times through Django's test Client, as the caseload timing does: the
dashboard, the dashboard for one team, one measure's drill-down, and beside them a bare page (the
notifications page: the login, the worker and one small query), each with its median, 95th percentile and
query count. Then it deletes the council again.
"""
import math
import random
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Allocation, YoungPerson
from pledges.models import LedgerDayCount, LedgerEntry, PromiseFeedback

from .benchmark_council import build, delete_benchmarkshire


@dataclass
class Timing:
    median: float
    p95: float
    queries: str


def run(stdout, *, sizes, years, requests, keep):
    team_p95 = []
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
        bare, team = timings["Bare page"].p95, timings["Dashboard, one team"].p95
        stdout.write(f"  Dashboard p95 / bare page p95: {timings['Dashboard, no filters'].p95 / bare:.1f} "
                     "(target: at most 3)")
        team_p95.append((size, team))
    if len(team_p95) > 1:
        (first, slowest), (last, latest) = team_p95[0], team_p95[-1]
        stdout.write(f"One team's view, p95 at {last:,} / at {first:,}: {latest / slowest:.1f} (target: about 1)")
    if not keep:
        delete_benchmarkshire()


def time_pages(built, requests):
    team = built["team"]
    in_team = Allocation.objects.filter(worker__team=team, ended_on__isnull=True).count()
    visit = built["measures"]["statutory-visit"]
    pages = [
        ("Dashboard, no filters", reverse("compliance_dashboard"), {}),
        (f"Dashboard, one team ({in_team} young people)", reverse("compliance_dashboard"), {"team": team.pk}),
        (f"Measure drill-down ({visit.name})", reverse("dashboard_measure", args=[visit.pk]), {}),
        ("Bare page (notifications)", reverse("notifications"), {}),
    ]
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(built["manager"].user)
        for label, url, params in pages:
            yield label, time_page(client, url, params, requests)
        client.logout()


def time_page(client, url, params, requests) -> Timing:
    client.get(url, params)  # warm up
    times, counts = [], set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(queries))
    # p95 by nearest rank: the request 95% of requests were no slower than.
    p95 = sorted(times)[math.ceil(0.95 * len(times)) - 1]
    return Timing(statistics.median(times), p95, "–".join(str(n) for n in sorted(counts)))


def vacuum():
    """On PostgreSQL, what autovacuum does soon after a big load: statistics for the planner, and the visibility
    map that lets the dashboard count rows from an index alone. VACUUM cannot run in a transaction, so inside one
    (a test) it is left out."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        # LedgerDayCount too: the triggers updated its few thousand rows once per batch of rows written.
        for model in (LedgerEntry, LedgerDayCount, YoungPerson, Allocation, PromiseFeedback):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


