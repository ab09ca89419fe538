"""Who a worry, complaint or request for an advocate is addressed to, who may open it and who may answer it.
The rest of the scoping rule (who sees which young person) is casework.people.scoping; this part sits with the
worries because it reads them."""
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from casework.people.models import Allocation, Role, Worker
from casework.people.recording import RULES, Record, check_may_record
from casework.people.scoping import worker_for, young_person_for

from .models import Concern

# Whom each choice of "who should see it?" (Concern.audience) is addressed to, by the role of their open
# allocation to the young person. The complaints team is the council's managers, who hold no allocation.
CONCERN_AUDIENCE_ROLES = {
    Concern.Audience.WORKER: [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER],
    Concern.Audience.IRO: [Role.IRO],
    Concern.Audience.COMPLAINTS: [],
}


def concerns_addressed_to(worker: Worker) -> Q:
    """THE audience rule for worries, complaints and requests for an advocate, as a filter on Concern: the ones
    this member of staff is told about. concerns_visible_to (who may open one) and concern_audience (who the
    reminders go to) both ask here, so nobody is told about a concern they cannot open, and nobody the young person
    chose goes untold.

    - "worker": their current social worker or personal adviser (an open allocation in either role);
    - "iro": their current Independent Reviewing Officer;
    - "complaints": the council's managers, who also read any concern whose chosen person the young person does
      not have (or who cannot sign in): the form tells them "a manager will read it".
    Only ever within the worker's own council.
    """
    held = Allocation.objects.filter(ended_on__isnull=True)
    mine = held.filter(worker=worker)
    addressed = [Q(audience=audience, young_person_id__in=mine.filter(role__in=roles).values("young_person_id"))
                 for audience, roles in CONCERN_AUDIENCE_ROLES.items() if roles]
    if worker.role == Role.MANAGER:
        addressed.append(Q(audience=Concern.Audience.COMPLAINTS))
        # Nobody with a login holds an allocation in the roles the young person chose.
        addressed += [Q(audience=audience) & ~Q(young_person_id__in=held.filter(
                          role__in=roles, worker__user__isnull=False, worker__user__is_active=True
                      ).values("young_person_id"))
                      for audience, roles in CONCERN_AUDIENCE_ROLES.items() if roles]
    return Q(young_person__council_id=worker.council_id) & reduce(or_, addressed)


def concerns_visible_to(user) -> QuerySet[Concern]:
    """Every worry, complaint or request for an advocate this member of staff may see: those addressed to them
    (concerns_addressed_to), and for a manager every concern in their council, whoever it was sent to. Nobody sees
    another council's. A young person (who reads their own through young_person.concerns) and anyone without a
    Worker record see none here, so every staff concern page is a 404 for them.
    """
    concerns = Concern.objects.all()
    if not user.is_authenticated or not user.is_active or young_person_for(user) is not None:
        return concerns.none()
    worker = worker_for(user)
    if worker is None:
        return concerns.none()
    if worker.role == Role.MANAGER:
        return concerns.filter(young_person__council_id=worker.council_id)
    return concerns.filter(concerns_addressed_to(worker))


def concern_audience(concern: Concern) -> list[Worker]:
    """The staff with a login that a concern is addressed to (concerns_addressed_to): who is reminded about it.
    Asked of the few who could be (the young person's allocated workers and the council's managers), one query
    each, so the rule is written once."""
    candidates = (
        Worker.objects.filter(council_id=concern.young_person.council_id, user__isnull=False, user__is_active=True)
        .filter(Q(role=Role.MANAGER)
                | Q(pk__in=concern.young_person.allocations.filter(ended_on__isnull=True).values("worker_id")))
        .select_related("user", "team").order_by("pk")
    )
    this_concern = Concern.objects.filter(pk=concern.pk)
    return [worker for worker in candidates if this_concern.filter(concerns_addressed_to(worker)).exists()]


def check_may_answer_concern(worker: Worker | None, concern: Concern) -> None:
    """A concern is answered by whoever the young person sent it to, or a manager: exactly those who may see it."""
    check_may_record(worker, concern.young_person, Record.CONCERN_REPLY)
    user = worker.user if worker is not None else None
    if user is None or not concerns_visible_to(user).filter(pk=concern.pk).exists():
        raise PermissionDenied(RULES[Record.CONCERN_REPLY].refusal)
