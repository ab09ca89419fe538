"""Every job on the beat schedule names a task a worker has: a job added with a misspelt or unregistered task would
otherwise be dropped by the worker, every night, in silence."""
import pytest

from pledge_portal.celery import app as celery_app


@pytest.mark.parametrize("name", sorted(celery_app.conf.beat_schedule))
def test_each_scheduled_job_is_a_task_the_worker_runs(name):
    assert celery_app.conf.beat_schedule[name]["task"] in celery_app.tasks
