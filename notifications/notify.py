"""Sending one text message: through GOV.UK Notify (notifications-python-client) when NOTIFY_API_KEY is set, else to
the log, as the console mailer prints emails. One Notify template carries every text: its whole message is ((body)).

Notify's answers sort into two: a refusal that asking again would only repeat (400: a number it cannot text, a
template that is wrong; 403: a key it does not know) is TextRefused, recorded and not tried again; anything else
(429 too many at once, 5xx, no answer at all) is raised as it is, for the Celery task to try again later.
"""
import logging

from django.conf import settings
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

# What DeliveryAttempt.reference says of a text that went to the log.
TO_THE_LOG = "log"
# Notify answers in well under a second; a worker must not wait long on one that has stopped answering.
TIMEOUT_SECONDS = 10


class TextRefused(Exception):
    """Notify said no, and would say no again."""


def sms_send(*, phone_number: str, body: str, reference: str) -> str:
    """Send one text. Returns Notify's id for it, or TO_THE_LOG. Raises TextRefused, or whatever failed on the way."""
    if not settings.NOTIFY_API_KEY:
        # The number is half hidden: a log is read by more people than a text is.
        logger.info("Text message (no NOTIFY_API_KEY, so to the log) to %s: %s", masked(phone_number), body)
        return TO_THE_LOG
    client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL,
                                    timeout=TIMEOUT_SECONDS)
    try:
        response = client.send_sms_notification(phone_number=phone_number, template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                                                personalisation={"body": body}, reference=reference)
    except HTTPError as error:
        if error.status_code in (400, 403):
            raise TextRefused(str(error)) from error
        raise
    return str(response["id"])


def masked(phone_number: str) -> str:
    """07700900982 -> 07700****82."""
    return phone_number[:5] + "*" * max(len(phone_number) - 7, 0) + phone_number[-2:]
