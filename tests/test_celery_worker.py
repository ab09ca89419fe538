"""A real Celery worker, started as its own process against Redis, runs a task sent through the broker."""
import os
import subprocess
import sys
import uuid

import pytest
from celery import Celery

from .celery_workers import REDIS_URL, ROOT

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def worker_queue():
    """Start `celery worker` on a queue of its own (so no other worker can take the task); stop it after."""
    queue = f"test-{uuid.uuid4().hex}"
    env = {**os.environ, "CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pledge_portal", "worker", "--pool=solo", "--concurrency=1",
         f"--queues={queue}", f"--hostname={queue}@%h", "--without-gossip", "--without-mingle",
         "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield queue
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


def test_a_real_worker_runs_a_task_sent_through_redis(worker_queue):
    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)  # not the app shared_task uses
    result = client.send_task("notifications.ping", queue=worker_queue)
    assert result.get(timeout=60) == "pong"
    client.close()
