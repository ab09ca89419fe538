"""Celery tasks of the returns app. The import and download tasks are defined beside the services that enqueue them
(returns.uploads.jobs, returns.downloads.jobs); this module is here so the worker, which loads each app's tasks
module, registers them."""
from .downloads.jobs import export_build, export_catch_up_task  # noqa: F401  (registered)
from .uploads.jobs import import_catch_up_task, import_check, import_files_clear_old_task, import_run  # noqa: F401  (registered)
