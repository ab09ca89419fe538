"""Texts to a young person who chose them (MessagePreferences.texts): when we have their call-back request (with the
day we promised to call by), and when there is a reply for them (pledges.right_now.replies and the reply beside a
promise): a reply to their answer about a promise, a response to their worry, a call that did not reach them.

Each is a Notification to the young person, sent by text only (Stage.CALLBACK_ASKED and Stage.REPLY): what they read
in the portal is the record itself. Written in the transaction that saved the record, texted once it commits
(notifications.texts). Never their name, nor their words, nor the worker's: what kind of thing, and a link.
"""
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from casework.models import CallbackAttempt, CallbackRequest, ConcernResponse, YoungPerson
from casework.working_days import format_day
from pledges.callback_views import callback_clock
from pledges.models import PromiseFeedback

from .models import CONCERN_KIND_WORDS, Notification, Stage
from .texts import text_enqueue, texts_chosen


def young_person_text_create(*, young_person: YoungPerson, stage: str, subject: str, body: str) -> Notification | None:
    """If the young person chose texts, record the text to them and send it once the caller's transaction commits."""
    if young_person.user_id is None or not texts_chosen(young_person.user_id):
        return None
    notification = Notification(recipient_id=young_person.user_id, young_person=young_person, stage=stage,
                                subject=subject, body=body)
    notification.full_clean()
    notification.save()
    text_enqueue(notification=notification)
    return notification


def _link(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


@receiver(post_save, sender=CallbackRequest, dispatch_uid="text-callback-asked")
def callback_asked(sender, instance, created, raw=False, **kwargs):
    """pledges.signals has already put the request's clock on the ledger (pledges' receivers are connected first)."""
    if not created or raw:
        return
    clock = callback_clock(instance)
    when = f"by {format_day(clock.due_on)}" if clock is not None else "as soon as we can"
    young_person_text_create(young_person=instance.young_person, stage=Stage.CALLBACK_ASKED,
                             subject="We have your call-back request",
                             body=f"We've got your request. We'll call you back {when}.")


@receiver(post_save, sender=CallbackAttempt, dispatch_uid="text-callback-missed")
def callback_missed(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.outcome == CallbackAttempt.Outcome.NOT_REACHED:
        young_person_text_create(
            young_person=instance.request.young_person, stage=Stage.REPLY, subject="We tried to call you back",
            body=f"We tried to call you back but couldn't reach you. We'll try again. "
                 f"See your call-back: {_link('callback_request_new')}")


@receiver(post_save, sender=ConcernResponse, dispatch_uid="text-concern-response")
def concern_responded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        concern = instance.concern
        what = CONCERN_KIND_WORDS.get(concern.kind, "worry")
        young_person_text_create(
            young_person=concern.young_person, stage=Stage.REPLY, subject=f"A reply to your {what}",
            body=f"There's a reply to your {what}. Sign in to read it: {_link('my_concern', concern.pk)}")


@receiver(post_save, sender=PromiseFeedback, dispatch_uid="text-feedback-reply")
def feedback_replied(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """pledges.services.promise_feedback_reply saves the reply with update_fields; each answer takes one reply."""
    if not raw and not created and update_fields and "replied_at" in update_fields and instance.replied_at:
        young_person_text_create(
            young_person=instance.young_person, stage=Stage.REPLY, subject="A reply about your promise",
            body=f"There's a reply to what you told us about a promise. Sign in to read it: {_link('my_pledge')}")
