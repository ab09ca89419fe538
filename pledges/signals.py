"""The ledger hears of saved events here. casework and reviews know nothing of the ledger: they save their
records, and these receivers recompute the young person's rows in the same transaction (or, inside
pledges.ledger.ledger_deferred(), note the young person to recompute once when the bulk write ends). Which
records move which measures is read from the ledger's registry (pledges.ledger.registry), not listed here."""
from operator import attrgetter

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casework.models import YoungPerson

from .ledger import ledger_recompute
from .ledger.deferred import ledger_deferring
from .ledger.registry import moved_by
from .ledger.runs import ledger_recompute_start
from .models import LedgerRecomputeRun, Measure, MeasureOverride

# Each model that moves a clock: how to reach its young person from a record, and the counts it moves.
EVENT_RECORDS = {model: (attrgetter(person), counts) for model, (person, counts) in moved_by().items()}


def cascaded(sender, kwargs) -> bool:
    """True when this delete is part of deleting something else (a young person and all their records):
    then there is no ledger left to keep true, and recomputing would recreate rows for a deleted person."""
    origin = kwargs.get("origin")
    if origin is None:
        return False
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model is not sender


def event_changed(sender, instance, raw=False, **kwargs):
    if raw or cascaded(sender, kwargs):
        return
    young_person_of, counts = EVENT_RECORDS[sender]
    young_person = young_person_of(instance)
    if not ledger_deferring(young_person.pk):
        ledger_recompute(young_person=young_person, counts=set(counts))


for model in EVENT_RECORDS:
    post_save.connect(event_changed, sender=model, dispatch_uid=f"ledger-save-{model.__name__}")
    post_delete.connect(event_changed, sender=model, dispatch_uid=f"ledger-delete-{model.__name__}")


@receiver(post_save, sender=YoungPerson)
def young_person_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not ledger_deferring(instance.pk):
        ledger_recompute(young_person=instance)


@receiver([post_save, post_delete], sender=MeasureOverride)
def override_changed(sender, instance, **kwargs):
    if not cascaded(sender, kwargs) and not ledger_deferring(instance.young_person_id):
        ledger_recompute(young_person=instance.young_person)


@receiver(post_save, sender=Measure)
def measure_changed(sender, instance, raw=False, **kwargs):
    """A new or changed rule: rebuild that measure's rows for every young person in the council, in the
    background (a council's worth of work is never done in the request)."""
    if raw:
        return
    ledger_recompute_start(council_id=instance.council_id, reason=LedgerRecomputeRun.Reason.MEASURE,
                           counts={instance.params.get("counts")})
