"""/healthz and /readyz, for a load balancer and monitoring.

/healthz: the process answers (no query, nothing else checked). /readyz: the portal can do its work: the database
answers, every migration is applied, Celery's broker answers (within BROKER_TIMEOUT_SECONDS), and beat's deadline
sweep finished recently (notifications.sweep_clock). 200 {"status": "ok", "checks": {...}}, or 503 with the failing
checks named. Neither says anything about a person: only the checks' names and short reasons (an exception's class,
never its message, which could hold a host or a password).

Open to anyone (login_not_required), GET or HEAD only, outside the request's transaction (a database that is down
must give a 503 from here, not a 500 from ATOMIC_REQUESTS), never cached (NoStoreMiddleware), not audited (no young
person), and skipped by the idle sign-out and two-step middleware (settings.HEALTH_CHECK_PATHS) so a signed-in
browser opening one is not signed out, and a probe never touches a session.
"""
import os
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from notifications.sweep_clock import sweep_clock_first_asked, sweep_clock_last

from .celery import app as celery_app

OK = "ok"
BROKER_TIMEOUT_SECONDS = 2
# Migrations once found applied stay applied for this process's life: loading every migration file again on each
# probe would cost more than the rest of the checks together.
_migrations_applied = False


def problem(error: Exception) -> str:
    return f"failing: {type(error).__name__}"


def check_database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001  (any database error means not ready)
        return problem(error)
    return OK


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001
        return problem(error)
    if unapplied:
        return f"failing: {len(unapplied)} migration(s) not applied"
    _migrations_applied = True
    return OK


def check_broker() -> str:
    """Filesystem broker (out of the box): its folders exist and can be written. Anything else (Redis): a
    connection opens within BROKER_TIMEOUT_SECONDS, with no retry."""
    options = celery_app.conf.broker_transport_options or {}
    try:
        with celery_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
            if connection.transport_cls == "filesystem":
                folders = [options[key] for key in ("data_folder_in", "data_folder_out", "processed_folder")
                           if key in options]
                missing = [folder for folder in folders if not os.access(folder, os.W_OK)]
                return "failing: a broker folder is missing or read-only" if missing else OK
            connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
            connection.default_channel  # noqa: B018  (opens a channel: Redis answers, not only a socket)
    except Exception as error:  # noqa: BLE001
        return problem(error)
    return OK


def sweep_stale_after() -> timedelta:
    return timedelta(minutes=settings.READY_SWEEP_STALE_MINUTES)


def check_beat() -> str:
    """The last sweep finished within READY_SWEEP_STALE_MINUTES. A fresh install that has never swept is ready
    (beat's first sweep comes one interval after it starts) until that same time has passed since the first
    readiness check that found no sweep: then beat is not running."""
    now = timezone.now()
    try:
        last = sweep_clock_last()
        if last is None:
            since = sweep_clock_first_asked(now=now)
            if now - since > sweep_stale_after():
                return "failing: no sweep has ever finished"
            return "ok: waiting for the first sweep"
    except Exception as error:  # noqa: BLE001  (the cache is down)
        return problem(error)
    if now - last > sweep_stale_after():
        return f"failing: last sweep {int((now - last).total_seconds() // 60)} minutes ago"
    return OK


@login_not_required
@require_safe
@transaction.non_atomic_requests  # not even a BEGIN: the process answers, whatever the database does
def healthz(request):
    return JsonResponse({"status": OK})


@login_not_required
@require_safe
@transaction.non_atomic_requests
def readyz(request):
    database = check_database()
    checks = {
        "database": database,
        "migrations": check_migrations() if database == OK else "not checked: no database",
        "broker": check_broker(),
        "beat": check_beat(),
    }
    failing = sorted(name for name, result in checks.items() if not result.startswith(OK))
    if failing:
        return JsonResponse({"status": "failing", "failing": failing, "checks": checks}, status=503)
    return JsonResponse({"status": OK, "checks": checks})
