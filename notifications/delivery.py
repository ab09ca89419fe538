"""Delivering a notification: in the portal at once, then by email. The in-app copy is recorded when the
notification is created, so nothing after can take that away: a failed email is one more DeliveryAttempt,
with its error."""
import logging
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from .models import DeliveryAttempt, Notification
from .tasks import deliver_email

logger = logging.getLogger(__name__)


def notification_create(*, recipient, young_person, stage: str, subject: str, body: str, entry=None,
                        feedback=None) -> Notification:
    """Record a notification in the portal, in the caller's transaction, and email it once that commits."""
    notification = Notification.objects.create(recipient=recipient, young_person=young_person, stage=stage,
                                               entry=entry, feedback=feedback, subject=subject, body=body)
    DeliveryAttempt.objects.create(notification=notification, channel=DeliveryAttempt.Channel.IN_APP, succeeded=True)
    # Email only once the notification is committed, so the worker can read it. robust: a broker that is down
    # loses the email (logged), never the in-app notification or the rest of the transaction's work.
    transaction.on_commit(partial(deliver_email.delay, notification_id=notification.pk), robust=True)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Email a notification to its recipient, recording the attempt. Returns False if nothing was sent.

    Raises whatever the mail backend raised (after recording it), so the Celery task can retry.
    """
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        logger.info("Notification %s was deleted before its email went; nothing to send.", notification_id)
        return False
    # A task can run twice (acks_late redelivers after a worker dies): send once.
    if notification.attempts.filter(channel=DeliveryAttempt.Channel.EMAIL, succeeded=True).exists():
        return False
    context = {"notification": notification}
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email/notification.txt", context),
        to=[notification.recipient.email],
    )
    message.attach_alternative(render_to_string("notifications/email/notification.html", context), "text/html")
    try:
        message.send()
    except Exception as error:
        DeliveryAttempt.objects.create(notification=notification, channel=DeliveryAttempt.Channel.EMAIL,
                                       succeeded=False, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    DeliveryAttempt.objects.create(notification=notification, channel=DeliveryAttempt.Channel.EMAIL, succeeded=True)
    return True
