"""The portal's logging: stdout, one JSON object a line (or readable text for the demo)."""
from pythonjsonlogger.core import RESERVED_ATTRS


# Logs go to stdout (the process manager or platform collects them). LOG_FORMAT=json (the default with DEBUG off):
# one JSON object a line, for a log store; text (the default with DEBUG on): readable in `make run`'s terminal.
# Every request and every Celery task writes one line (pledge_portal.request_log, pledge_portal.task_log): ids,
# roles, paths, statuses and times, never a name, an email, a query string or a task's arguments.
def logging_config(*, log_format: str, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                "timestamp": False,
                # Django's own lines (django.request's "Not Found", a 500's traceback) carry the request object, whose
                # text is the whole address with its query string (a search for a child's name): never written.
                "reserved_attrs": [*RESERVED_ATTRS, "request"],
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                                 "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
    }
