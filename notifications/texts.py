"""Text messages, for those who chose them (MessagePreferences.texts): staff get the urgent notifications (call-backs
and worries) by text as well as in the portal and by email; young people get theirs (notifications.young_person_texts).

A text never carries a child's name or their words: it says what kind of thing is waiting and links to the portal,
where they sign in to read it. Like the email, a text is sent by a Celery task once the notification is committed,
and each try is a DeliveryAttempt (channel SMS): a failed text never costs the notification in the portal.

Staff texts wait for the day: the sweep's reminders fall due at midnight, and nobody is woken by one. One that falls
due between TEXT_HOURS is not enqueued; the catch-up after each sweep sends it from 8am.
"""
import logging
import re
from datetime import datetime, timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from casework.models import Concern
from casework.phone import uk_phone_normalise

from .catch_up import enqueue_each, never_tried
from .models import CONCERN_KIND_WORDS, YOUNG_PERSON_STAGES, DeliveryAttempt, MessagePreferences, Notification, Stage
from .notify import TextRefused, sms_send

logger = logging.getLogger(__name__)

# The measures ("counts") whose reminders are urgent: a young person waiting for a call, or for a reply to a worry.
URGENT_COUNTS = ("callback", "concern")
# Staff are texted from 8am until 9pm (the council's time).
TEXT_HOURS = (8, 21)
# UK mobiles: 071-075, 077-079 and the Isle of Man's 07624. Not 070 (personal numbers) or 076 (pagers).
MOBILE = re.compile(r"07([1-57-9]\d|624)\d+")
# A text not tried this long after its notification was written was never enqueued (or waited for the morning).
TEXT_CATCH_UP_AFTER = timedelta(minutes=15)
# Older than this a text is no longer news (a night is 11 hours): the notification waits in the portal.
TEXT_CATCH_UP_FOR = timedelta(hours=12)


def is_urgent(notification: Notification) -> bool:
    """Is this a notification to staff about a call-back or a worry?"""
    if notification.stage in YOUNG_PERSON_STAGES:
        return False
    if notification.concern_id is not None:
        return True
    return notification.entry is not None and notification.entry.measure.params.get("counts") in URGENT_COUNTS


def texting_hours(now: datetime) -> bool:
    return TEXT_HOURS[0] <= timezone.localtime(now).hour < TEXT_HOURS[1]


def texts_chosen(user_id: int) -> bool:
    return MessagePreferences.objects.filter(user_id=user_id, texts=True).exists()


def text_enqueue(*, notification: Notification, now: datetime | None = None) -> bool:
    """In the caller's transaction: if the recipient wants this notification by text, send it once that commits.
    robust, as the email's: a broker that is down costs nothing here, and the catch-up enqueues it later."""
    if notification.stage not in YOUNG_PERSON_STAGES:
        if not is_urgent(notification) or not texting_hours(now or timezone.now()):
            return False
        if not texts_chosen(notification.recipient_id):
            return False
    transaction.on_commit(partial(deliver_text.delay, notification_id=notification.pk), robust=True)
    return True


def mobile_number(value: str) -> str | None:
    """The number as Notify takes it (07700900982), if it is a UK mobile; else None."""
    try:
        digits = re.sub(r"\D", "", uk_phone_normalise(value))
    except ValidationError:
        return None
    return digits if MOBILE.fullmatch(digits) and len(digits) == 11 else None


def text_number(notification: Notification) -> tuple[bool, str | None]:
    """Does the recipient (still) want texts, and to which mobile: the one they gave, else a young person's own."""
    preferences = MessagePreferences.objects.filter(user_id=notification.recipient_id).first()
    if preferences is None or not preferences.texts:
        return False, None
    number = preferences.mobile
    if not number and notification.young_person.user_id == notification.recipient_id:
        number = notification.young_person.phone
    return True, mobile_number(number)


def notification_text_send(*, notification_id: int) -> bool:
    """Text a notification to its recipient, recording the attempt. Returns False if nothing was sent.

    A number that is not a mobile, or Notify refusing, is recorded and not tried again; anything else is recorded
    and raised (after the record commits), so the Celery task can retry. Locked as the email is
    (notifications.delivery.notification_email_send): run twice, at once or not, it texts once.
    """
    with transaction.atomic():
        Notification.objects.filter(pk=notification_id).update(read_at=F("read_at"))
        notification = (Notification.objects.select_related("young_person", "entry__measure")
                        .filter(pk=notification_id).first())
        if notification is None:
            return False
        if notification.attempts.filter(channel=DeliveryAttempt.Channel.SMS, succeeded=True).exists():
            return False
        wanted, number = text_number(notification)
        if not wanted:
            logger.info("Notification %s: its recipient no longer wants texts; none sent.", notification_id)
            return False
        reference, error, retry = "", None, None
        if number is None:
            error = "No UK mobile number to text."
        else:
            try:
                reference = sms_send(phone_number=number, body=text_body(notification),
                                     reference=f"notification-{notification_id}")
            except TextRefused as refused:
                error = f"Refused by GOV.UK Notify: {refused}"
            except Exception as failed:
                error, retry = f"{type(failed).__name__}: {failed}", failed
        DeliveryAttempt.objects.create(notification=notification, channel=DeliveryAttempt.Channel.SMS,
                                       succeeded=error is None, error=(error or "")[:2000], reference=reference)
    if retry is not None:
        raise retry
    return error is None


# Notify down for a while must not lose the text: as the email, retried with jittered backoff for about 45 minutes.
@shared_task(
    name="notifications.deliver_text", autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=600,
    max_retries=8,
)
def deliver_text(*, notification_id: int) -> bool:
    return notification_text_send(notification_id=notification_id)


def notification_texts_catch_up(*, now: datetime) -> int:
    """Enqueue the text of each recent notification its recipient wants by text and that has never been tried: a
    broker that was down, or staff texts that waited for the morning. Run after each sweep. Returns how many."""
    textable = Q(stage__in=YOUNG_PERSON_STAGES)
    if texting_hours(now):
        textable |= Q(concern__isnull=False) | Q(entry__measure__params__counts__in=URGENT_COUNTS)
    waiting = (never_tried(channel=DeliveryAttempt.Channel.SMS, now=now, after=TEXT_CATCH_UP_AFTER,
                           within=TEXT_CATCH_UP_FOR)
               .filter(textable, recipient__message_preferences__texts=True))
    return enqueue_each(deliver_text, waiting, noun="text", level=logging.INFO)


def text_body(notification: Notification) -> str:
    """The words of the text. A young person's were written with the notification; staff's say what kind of thing
    is waiting, never who it is about."""
    if notification.stage in YOUNG_PERSON_STAGES:
        return notification.body
    link = f"Sign in to see it: {settings.SITE_URL}{notification.link}"
    return f"Pledge Portal: {staff_words(notification)} {link}"


def staff_words(notification: Notification) -> str:
    entry, stage = notification.entry, notification.stage
    if notification.concern_id is not None and stage == Stage.CONCERN_ADDED:
        return f"a young person has added to their {_kind(notification.concern_id)}."
    if entry is None:
        return "a young person needs you."
    counts = entry.measure.params.get("counts")
    if counts == "concern":
        what = f"a reply to a young person's {_kind(entry.trigger_id)}"
        if stage == Stage.DUE_SOON:
            return f"a young person has sent you a {_kind(entry.trigger_id)}."
    else:
        what = "a call-back a young person asked for"
        if stage == Stage.DUE_SOON:
            return "a young person on your caseload has asked for a call-back."
    if stage == Stage.ESCALATION:
        return f"{what} is still overdue."
    return f"{what} is overdue."


def _kind(concern_id: int | None) -> str:
    kind = Concern.objects.filter(pk=concern_id).values_list("kind", flat=True).first()
    return CONCERN_KIND_WORDS.get(kind, "worry")
