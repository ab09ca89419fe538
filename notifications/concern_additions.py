"""A young person who adds to a worry they sent is heard at once: whoever they sent it to (notifications.recipients
.concern_readers, the one audience rule) gets a notification, in the portal then by email, in the same transaction as
what they added. Nobody it was not sent to is told.

The notification in the portal names the young person and links to the worry; its email names nobody
(notifications.email_words). Neither carries their words, which stay in the portal.
"""
import logging

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from casework.models import ConcernAddition
from casework.working_days import format_day

from .delivery import notification_create
from .models import CONCERN_KIND_WORDS, Stage
from .recipients import concern_readers

logger = logging.getLogger(__name__)


@receiver(post_save, sender=ConcernAddition, dispatch_uid="notify-concern-addition")
def concern_added_to(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        concern_addition_notify(addition=instance)


def concern_addition_notify(*, addition: ConcernAddition) -> int:
    """Tell whoever the worry was sent to. Returns how many were told."""
    concern = addition.concern
    young_person = concern.young_person
    readers = concern_readers(concern)
    if not readers:
        logger.warning("Nobody with a login to tell about an addition to concern %s.", concern.pk)
        return 0
    added_on = format_day(timezone.localtime(addition.written_at).date(), with_year=True)
    kind = CONCERN_KIND_WORDS.get(concern.kind, "worry")
    subject = f"{young_person.full_name} added to their {kind}"
    body = "\n\n".join([
        f"On {added_on} {young_person.full_name} added something to the {kind} they sent on "
        f"{format_day(timezone.localtime(concern.raised_at).date(), with_year=True)}.",
        f"Read it and reply: {settings.SITE_URL}{reverse('concern_detail', args=[concern.pk])}",
    ])
    for reader in readers:
        notification_create(recipient=reader.user, young_person=young_person, stage=Stage.CONCERN_ADDED,
                            concern=concern, subject=subject[:300], body=body)
    return len(readers)
