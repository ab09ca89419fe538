"""Celery tasks of the returns app. The import tasks are defined beside the service that enqueues them
(returns.uploads.jobs); this module is here so the worker, which loads each app's tasks module, registers them."""
from .uploads.jobs import import_catch_up_task, import_check, import_files_clear_old_task, import_run  # noqa: F401  (registered)
