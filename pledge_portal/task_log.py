"""One log line per Celery task (JSON in production: settings.LOGGING): its name, id, final state, time taken and
retries so far. Never its arguments: they are ids today, but a line that never prints them cannot leak a name
tomorrow. Connected when the Celery app loads (pledge_portal.celery), in the worker and in eager runs alike.

task_prerun notes the start; task_postrun (sent after success, failure and retry alike) writes the line;
task_failure only adds the exception's class (never its message, which could quote a record) for that line.
"""
import logging
import time

from celery import signals

logger = logging.getLogger("pledge_portal.tasks")
_started: dict[str, float] = {}
_failed_with: dict[str, str] = {}


@signals.task_prerun.connect(weak=False)
def task_started(task_id=None, **kwargs):
    _started[task_id] = time.perf_counter()


@signals.task_failure.connect(weak=False)
def task_failed(task_id=None, exception=None, **kwargs):
    _failed_with[task_id] = type(exception).__name__


@signals.task_postrun.connect(weak=False)
def task_finished(task_id=None, task=None, state=None, **kwargs):
    started = _started.pop(task_id, None)
    extra = {
        "task": task.name if task is not None else None,
        "task_id": task_id,
        "state": state,
        "duration_ms": None if started is None else round((time.perf_counter() - started) * 1000, 1),
        "retries": getattr(getattr(task, "request", None), "retries", 0) or 0,
    }
    error = _failed_with.pop(task_id, None)
    if error is not None:
        extra["error"] = error
    logger.log(logging.ERROR if state == "FAILURE" else logging.INFO, "task", extra=extra)
