"""Email delivery of a notification. The in-app copy was recorded when the sweep created it, so nothing
here can take that away: a failed email is one more DeliveryAttempt, with its error."""
import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import DeliveryAttempt, Notification

logger = logging.getLogger(__name__)


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
