"""The Celery app, configured from Django settings under the CELERY_ namespace.

Out of the box the broker is Celery's filesystem transport under var/celery/ (no Redis needed to try
the portal). In production CELERY_BROKER_URL points at Redis. The beat schedule lives in settings.
"""
import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pledge_portal.settings")

app = Celery("pledge_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One log line per task, wherever a task runs (pledge_portal.task_log).
from . import task_log  # noqa: E402,F401

# The filesystem transport needs its folders to exist before a worker or a producer touches them.
for folder in (app.conf.broker_transport_options or {}).values():
    if isinstance(folder, str) and folder.startswith("/"):
        Path(folder).mkdir(parents=True, exist_ok=True)
