"""A young person who says a promise is not being kept, and tells us what is happening, is heard at once: their
own worker and that worker's team manager each get a notification (in the portal, then by email), in the same
transaction as the answer. The reply clock it starts is on the ledger, so the sweep reminds them after.

The notification in the portal says who answered about which promise and links to the reply page; its email names
nobody (notifications.email_words). Neither carries the young person's own words, which stay in the portal.
"""
import logging

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from casework.models import Worker
from casework.working_days import format_day
from pledges.feedback import reply_clock
from pledges.models import PromiseFeedback

from .delivery import notification_create
from .models import Stage
from .recipients import can_sign_in, main_worker, managers_over

logger = logging.getLogger(__name__)


@receiver(post_save, sender=PromiseFeedback, dispatch_uid="notify-promise-feedback")
def feedback_given(sender, instance, created, raw=False, **kwargs):
    """Only a new answer that needs a reply: a "yes", or a "no" that does not say why, tells nobody at once (staff
    see every answer on "What young people say"), and a reply being saved is not news to its writer."""
    if created and not raw and instance.needs_reply and instance.replied_at is None:
        feedback_notify(feedback=instance)


def feedback_notify(*, feedback: PromiseFeedback) -> int:
    """Tell the young person's own worker and the managers over them. Returns how many were told. Even an answer
    about one of the IRO's promises goes to the worker: the reply is theirs to write (casework.people.recording,
    Record.FEEDBACK_REPLY) and its clock counts against them (pledges.worker_counts), so whoever is told may reply."""
    young_person = feedback.young_person
    worker = main_worker(young_person.pk)
    people = ([worker] if can_sign_in(worker) else []) + managers_over(worker, young_person.council_id)
    recipients = list({person.user_id: person.user for person in people}.values())  # a manager who is the worker
    if not recipients:
        logger.warning("Nobody with a login to tell about promise feedback %s.", feedback.pk)
        return 0
    message = _message(feedback, worker)
    for recipient in recipients:
        notification_create(recipient=recipient, young_person=young_person, stage=Stage.FEEDBACK, feedback=feedback,
                            **message)
    return len(recipients)


def _message(feedback: PromiseFeedback, worker: Worker | None) -> dict:
    young_person = feedback.young_person
    given_on = timezone.localtime(feedback.given_at).date()
    # pledges.signals has already recomputed the ledger in this transaction (pledges' receivers are connected
    # first: it comes before notifications in INSTALLED_APPS), so the reply clock is there to read.
    clock = reply_clock(feedback)
    subject = f"{young_person.full_name} says a promise is not being kept for them"
    lines = [f"On {format_day(given_on, with_year=True)} {young_person.full_name} answered “No” to “Is this "
             f"promise being kept for you?” and told us what is happening.",
             f"The promise: {feedback.promise.text}"]
    if clock is not None:
        subject += f" (reply by {format_day(clock.due_on)})"
        lines.append(f"Reply by {format_day(clock.due_on, with_year=True)}: {clock.explanation}.")
    lines.append(f"{worker.name} is their worker." if worker else
                 "They have no social worker or personal adviser, so this has come to the council's managers.")
    lines.append(f"Read what they said and reply: {settings.SITE_URL}{reverse('feedback_reply', args=[feedback.pk])}")
    return {"subject": subject[:300], "body": "\n\n".join(lines)}
