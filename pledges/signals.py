"""The ledger hears of saved events here. casework and reviews know nothing of the ledger: they save their
records, and these receivers recompute the young person's rows in the same transaction."""
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casework.models import CallbackAttempt, CallbackRequest, Contact, YoungPerson

from .ledger import ledger_recompute
from .models import Measure, MeasureOverride


def cascaded(sender, kwargs) -> bool:
    """True when this delete is part of deleting something else (a young person and all their records):
    then there is no ledger left to keep true, and recomputing would recreate rows for a deleted person."""
    origin = kwargs.get("origin")
    if origin is None:
        return False
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model is not sender


@receiver([post_save, post_delete], sender=Contact)
def contact_changed(sender, instance, **kwargs):
    if not cascaded(sender, kwargs):
        ledger_recompute(young_person=instance.young_person, counts={"contact", "visit"})


@receiver([post_save, post_delete], sender=CallbackRequest)
def callback_request_changed(sender, instance, **kwargs):
    if not cascaded(sender, kwargs):
        ledger_recompute(young_person=instance.young_person, counts={"callback"})


@receiver([post_save, post_delete], sender=CallbackAttempt)
def callback_attempt_changed(sender, instance, **kwargs):
    if not cascaded(sender, kwargs):
        ledger_recompute(young_person=instance.request.young_person, counts={"callback"})


@receiver(post_save, sender=YoungPerson)
def young_person_changed(sender, instance, created, raw=False, **kwargs):
    if not raw:
        ledger_recompute(young_person=instance)


@receiver([post_save, post_delete], sender=MeasureOverride)
def override_changed(sender, instance, **kwargs):
    if not cascaded(sender, kwargs):
        ledger_recompute(young_person=instance.young_person)


@receiver(post_save, sender=Measure)
def measure_changed(sender, instance, raw=False, **kwargs):
    """A new or changed rule: rebuild that measure's rows for every young person in the council."""
    if raw:
        return
    for young_person in YoungPerson.objects.filter(council_id=instance.council_id).iterator():
        ledger_recompute(young_person=young_person, counts={instance.params.get("counts")})
