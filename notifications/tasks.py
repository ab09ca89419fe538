"""Celery tasks. Tasks call services; the services do the work and can be tested without Celery."""
from celery import shared_task


@shared_task(name="notifications.ping")
def ping() -> str:
    """A health check a monitor (or a test) can send through the broker to see a worker answer."""
    return "pong"
