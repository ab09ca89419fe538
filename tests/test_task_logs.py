"""One JSON line per Celery task (pledge_portal.task_log): name, id, state, time and retries, never its
arguments; in an eager run and in a real worker process alike."""
import json
import os
import subprocess
import sys
import uuid

import pytest
from celery import Celery

from pledge_portal.celery import app as celery_app

from .celery_workers import REDIS_URL, ROOT
from .log_capture import json_lines

FIELDS = {"time", "level", "logger", "message", "task", "task_id", "state", "duration_ms", "retries"}


@celery_app.task(name="tests.task_log.echo")
def echo(text: str) -> str:
    return text


@celery_app.task(name="tests.task_log.fails")
def fails(text: str) -> None:
    raise ValueError(f"could not do it for {text}")


def test_a_task_logs_one_line_without_its_arguments():
    with json_lines("pledge_portal.tasks") as lines:
        result = echo.apply(args=["Robin Ash"], kwargs={})
    assert result.get() == "Robin Ash"
    assert len(lines) == 1
    text, line = lines[0]
    assert set(line) == FIELDS
    assert (line["message"], line["task"], line["state"], line["retries"]) == ("task", echo.name, "SUCCESS", 0)
    assert line["task_id"] == result.id and line["duration_ms"] >= 0 and line["level"] == "INFO"
    assert "Robin" not in text


def test_a_failing_task_logs_one_error_line_with_the_exceptions_class_not_its_message():
    with json_lines("pledge_portal.tasks") as lines:
        result = fails.apply(args=["Robin Ash"])
    assert result.failed()
    assert len(lines) == 1
    text, line = lines[0]
    assert (line["state"], line["level"], line["error"]) == ("FAILURE", "ERROR", "ValueError")
    assert "Robin" not in text and "could not" not in text


@pytest.mark.django_db
def test_the_sweep_as_beat_sends_it_logs_one_line(tasks_run_in_the_test):
    with json_lines("pledge_portal.tasks") as lines:
        celery_app.tasks["notifications.sweep_ledger"].delay()
    assert [line["task"] for _text, line in lines] == ["notifications.sweep_ledger"]


@pytest.mark.celery_worker
def test_a_real_worker_writes_one_json_line_per_task_to_stdout():
    queue = f"test-{uuid.uuid4().hex}"
    env = {**os.environ, "CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL, "LOG_FORMAT": "json"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pledge_portal", "worker", "--pool=solo", "--concurrency=1",
         f"--queues={queue}", f"--hostname={queue}@%h", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)  # not the app shared_task uses
        result = client.send_task("notifications.ping", queue=queue)
        assert result.get(timeout=60) == "pong"
        client.close()
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    task_lines = [json.loads(text) for text in output.splitlines()
                  if text.startswith("{") and '"logger": "pledge_portal.tasks"' in text]
    assert len(task_lines) == 1, output
    assert (task_lines[0]["task"], task_lines[0]["task_id"], task_lines[0]["state"]) == (
        "notifications.ping", result.id, "SUCCESS")
