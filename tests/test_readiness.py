"""/healthz and /readyz (pledge_portal.health): open to a load balancer, never cached or audited, 200 when the
portal can work and 503 naming the check that failed: database, migrations, broker, beat's sweep."""
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from casework.models import AuditEvent
from notifications.sweep_clock import sweep_clock_record
from notifications.tasks import sweep_ledger
from pledge_portal import health
from pledge_portal.celery import app as celery_app

from .celery_workers import REDIS_URL
from .test_broker_down import point_celery_at

pytestmark = pytest.mark.django_db
NOW = timezone.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.UTC)


@pytest.fixture
def broker_at(monkeypatch):
    """Points Celery at another broker for one test, and back."""
    before = celery_app.conf.broker_url, celery_app.conf.broker_transport_options

    def point(url: str, options: dict) -> None:
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        point_celery_at(url, options)

    yield point
    point_celery_at(*before)


@pytest.fixture
def swept_just_now():
    sweep_clock_record(now=timezone.now())


def ready(client):
    response = client.get("/readyz")
    return response.status_code, response.json()


def test_healthz_answers_without_a_query_or_a_sign_in(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_200_with_every_check_named_when_all_is_well(client, swept_just_now):
    status, body = ready(client)
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "broker": "ok", "beat": "ok"}}


def test_readyz_is_never_cached_nor_audited_and_leaves_a_staff_session_alone(client, people, swept_just_now):
    client.force_login(people.social_worker.user)
    session_before = dict(client.session)
    response = client.get("/readyz")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert not AuditEvent.objects.exists()
    assert dict(client.session) == session_before  # the idle clock neither started nor moved


def test_a_signed_in_person_idle_too_long_is_not_signed_out_by_a_health_check(client, people, swept_just_now):
    client.force_login(people.social_worker.user)
    client.get("/young-people/")
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.STAFF_IDLE_MINUTES + 5)):
        sweep_clock_record(now=timezone.now())
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert "_auth_user_id" in client.session


def test_readyz_is_503_naming_the_database_when_it_does_not_answer(client, swept_just_now, monkeypatch):
    def refuse(self, sql, params=None):
        raise health.connections["default"].Database.OperationalError("could not connect")
    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    status, body = ready(client)
    assert status == 503 and "database" in body["failing"]
    assert body["checks"]["database"] == "failing: OperationalError"
    assert body["checks"]["migrations"] == "not checked: no database"


def test_readyz_is_503_naming_migrations_when_one_is_not_applied(client, swept_just_now, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    MigrationRecorder.Migration.objects.filter(app="notifications").order_by("-id").first().delete()
    status, body = ready(client)
    assert status == 503 and body["failing"] == ["migrations"]
    assert body["checks"]["migrations"] == "failing: 1 migration(s) not applied"


def test_readyz_is_503_naming_the_broker_when_redis_is_down_within_two_seconds(client, swept_just_now, broker_at):
    broker_at("redis://127.0.0.1:1/0", {"socket_connect_timeout": 1, "socket_timeout": 1})
    started = timezone.now()
    status, body = ready(client)
    assert status == 503 and body["failing"] == ["broker"]
    assert body["checks"]["broker"].startswith("failing: ")
    assert "127.0.0.1" not in str(body)  # an exception's class only, never its message
    assert timezone.now() - started < timedelta(seconds=health.BROKER_TIMEOUT_SECONDS + 1)


def test_readyz_is_200_with_redis_up(client, swept_just_now, broker_at):
    broker_at(REDIS_URL, {"socket_connect_timeout": 2, "socket_timeout": 5})
    status, body = ready(client)
    assert status == 200, body


def test_readyz_is_503_naming_the_broker_when_the_filesystem_brokers_folder_is_missing(
    client, swept_just_now, broker_at, tmp_path,
):
    missing = str(tmp_path / "gone")
    broker_at("filesystem://", {"data_folder_in": missing, "data_folder_out": missing, "processed_folder": missing})
    status, body = ready(client)
    assert status == 503 and body["failing"] == ["broker"]


def test_beat_is_stale_after_three_sweep_intervals_without_a_sweep(client, tasks_run_in_the_test):
    stale_after = timedelta(minutes=settings.READY_SWEEP_STALE_MINUTES)
    assert stale_after == 3 * timedelta(minutes=settings.PLEDGE_SWEEP_EVERY_MINUTES)
    with time_machine.travel(NOW, tick=False):
        sweep_ledger.delay()  # as beat sends it: the task records when it finished
    with time_machine.travel(NOW + stale_after, tick=False):
        assert ready(client)[0] == 200
    with time_machine.travel(NOW + stale_after + timedelta(seconds=1), tick=False):
        status, body = ready(client)
    assert status == 503 and body["failing"] == ["beat"]
    assert body["checks"]["beat"] == "failing: last sweep 45 minutes ago"


def test_a_fresh_install_that_has_never_swept_is_ready_until_a_sweep_is_overdue(client):
    """Beat's first sweep comes one interval after it starts: a new site is ready meanwhile. If no sweep has come
    three intervals after the first readiness check, beat is not running: not ready."""
    stale_after = timedelta(minutes=settings.READY_SWEEP_STALE_MINUTES)
    with time_machine.travel(NOW, tick=False):
        status, body = ready(client)
        assert status == 200 and body["checks"]["beat"] == "ok: waiting for the first sweep"
    with time_machine.travel(NOW + stale_after, tick=False):
        assert ready(client)[0] == 200
    with time_machine.travel(NOW + stale_after + timedelta(seconds=1), tick=False):
        status, body = ready(client)
        assert status == 503 and body["checks"]["beat"] == "failing: no sweep has ever finished"
        sweep_clock_record(now=timezone.now())
        assert ready(client)[0] == 200


def test_the_health_checks_are_exempt_from_the_https_redirect(settings):
    from django.test import Client
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/young-people/").status_code == 301


def test_a_load_balancer_may_ask_often_and_with_head(client, swept_just_now):
    """No sign-in rate limit touches them: a probe every second from one address is always answered."""
    assert all(client.get("/readyz").status_code == 200 for _ in range(30))
    assert client.head("/healthz").status_code == 200 and client.head("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405
