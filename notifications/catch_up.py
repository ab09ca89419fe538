"""What the catch-ups after each sweep share (notifications.delivery for emails, notifications.texts for texts): the
recent notifications a channel has never tried, and enqueueing each."""
import logging
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from .models import DeliveryAttempt, Notification

logger = logging.getLogger(__name__)


def never_tried(*, channel: str, now: datetime, after: timedelta, within: timedelta) -> QuerySet[Notification]:
    """Notifications written between `within` and `after` ago with no attempt on the channel: one that young has
    perhaps not left the queue yet; one that old is no longer news."""
    tried = DeliveryAttempt.objects.filter(notification=OuterRef("pk"), channel=channel)
    return (Notification.objects.filter(created_at__lte=now - after, created_at__gt=now - within)
            .filter(~Exists(tried)).order_by("pk"))


def enqueue_each(task, waiting: QuerySet[Notification], *, noun: str, level: int = logging.WARNING) -> int:
    """Enqueue the task for each notification. Returns how many."""
    enqueued = 0
    for notification_id in waiting.values_list("pk", flat=True):
        task.delay(notification_id=notification_id)
        enqueued += 1
    if enqueued:
        logger.log(level, "Enqueued %s %s%s that had never been tried.", enqueued, noun, "" if enqueued == 1 else "s")
    return enqueued
