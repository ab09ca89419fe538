"""Catch the JSON lines a logger writes, formatted exactly as production formats them (settings.LOGGING's json
formatter), so a test reads what a council's log store would get."""
import io
import json
import logging
from contextlib import contextmanager

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter


def json_formatter() -> JsonFormatter:
    spec = {key: value for key, value in settings.LOGGING["formatters"]["json"].items() if key != "()"}
    return JsonFormatter(**spec)


@contextmanager
def json_lines(logger_name: str):
    """Yields a list that fills, on leaving the block, with each line's text and parsed JSON."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    lines: list[tuple[str, dict]] = []
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        lines.extend((text, json.loads(text)) for text in stream.getvalue().splitlines())
