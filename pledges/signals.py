"""The ledger hears of saved events here. casework and reviews know nothing of the ledger: they save their
records, and these receivers recompute the young person's rows in the same transaction."""
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casework.models import (
    Achievement,
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    CarePlanVersion,
    Concern,
    Contact,
    CareersMeeting,
    EducationStatus,
    HealthCheck,
    IdentityReview,
    ImportantPerson,
    NeedsAssessment,
    PathwayPlanVersion,
    PersonalEducationPlan,
    Placement,
    ReturnToEducationRequest,
    WorkExperienceOffer,
    YoungPerson,
)
from reviews.models import Consultation, Review

from .ledger import COUNTS_MOVED_BY, ledger_recompute
from .models import Measure, MeasureOverride, PromiseFeedback

# Each record, how to find its young person, and which kind of event it is (see ledger.COUNTS_MOVED_BY).
EVENT_RECORDS = {
    Contact: (lambda record: record.young_person, "contact"),
    CallbackRequest: (lambda record: record.young_person, "callback"),
    CallbackAttempt: (lambda record: record.request.young_person, "callback"),
    Placement: (lambda record: record.young_person, "placement"),
    CarePlanVersion: (lambda record: record.young_person, "care_plan"),
    Review: (lambda record: record.young_person, "review"),
    Consultation: (lambda record: record.review.young_person, "review"),
    HealthCheck: (lambda record: record.young_person, "health"),
    Concern: (lambda record: record.young_person, "concern"),
    ImportantPerson: (lambda record: record.young_person, "important_person"),
    IdentityReview: (lambda record: record.young_person, "identity"),
    Achievement: (lambda record: record.young_person, "achievement"),
    PersonalEducationPlan: (lambda record: record.young_person, "education"),
    WorkExperienceOffer: (lambda record: record.young_person, "education"),
    EducationStatus: (lambda record: record.young_person, "education"),
    NeedsAssessment: (lambda record: record.young_person, "leaving_care"),
    PathwayPlanVersion: (lambda record: record.young_person, "leaving_care"),
    ReturnToEducationRequest: (lambda record: record.young_person, "leaving_care"),
    CareersMeeting: (lambda record: record.young_person, "leaving_care"),
    Allocation: (lambda record: record.young_person, "allocation"),
    PromiseFeedback: (lambda record: record.young_person, "feedback"),
}


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
    young_person_of, kind = EVENT_RECORDS[sender]
    ledger_recompute(young_person=young_person_of(instance), counts=COUNTS_MOVED_BY[kind])


for model in EVENT_RECORDS:
    post_save.connect(event_changed, sender=model, dispatch_uid=f"ledger-save-{model.__name__}")
    post_delete.connect(event_changed, sender=model, dispatch_uid=f"ledger-delete-{model.__name__}")


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
