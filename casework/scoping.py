"""The one scoping rule for young people's data. Every query for a young person goes through here.

- a young person sees only their own record;
- a manager sees every young person in their council;
- a social worker, personal adviser or IRO sees their caseload: the young people they hold an open
  allocation for, and, as their team's duty worker, anyone with an open call-back request whose own worker
  is away;
- a designated teacher, nurse or advocate is someone the young person is told about, not a caseholder:
  should they have a login, they see nobody's records here;
- anybody else (including a staff account with no Worker record) sees nobody.

Another's id is a 404, never a 403, so a guessed URL does not even confirm that the record exists.
"""
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Allocation, CallbackRequest, Concern, Role, Worker, YoungPerson

# The roles that hold a caseload (see the module docstring).
CASEHOLDING_ROLES = [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.IRO]


def worker_for(user):
    """The active Worker behind a login, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.worker
    except AttributeError:  # RelatedObjectDoesNotExist subclasses AttributeError
        return None


def young_person_for(user):
    """The YoungPerson behind a login, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.young_person
    except AttributeError:
        return None


def visible_young_people(user) -> QuerySet[YoungPerson]:
    """Every young person this user may see, as a queryset to filter further."""
    young_people = YoungPerson.objects.all()
    if not user.is_authenticated or not user.is_active:
        return young_people.none()
    own = young_person_for(user)
    if own is not None:
        return young_people.filter(pk=own.pk)
    worker = worker_for(user)
    if worker is None:
        return young_people.none()
    if worker.role == Role.MANAGER:
        return young_people.filter(council_id=worker.council_id)
    if worker.role not in CASEHOLDING_ROLES:
        return young_people.none()
    caseload = worker.allocations.filter(ended_on__isnull=True, role__in=CASEHOLDING_ROLES).values("young_person_id")
    return young_people.filter(council_id=worker.council_id).filter(
        Q(pk__in=caseload) | Q(pk__in=covered_by_duty_worker(worker))
    )


def covered_by_duty_worker(worker):
    """Ids of young people with an open call-back whose main worker is away and whose team's duty worker
    is this worker."""
    return YoungPerson.objects.filter(
        callback_requests__status=CallbackRequest.Status.OPEN,
        allocations__ended_on__isnull=True,
        allocations__role__in=[Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER],
        allocations__worker__away_until__gte=timezone.localdate(),
        allocations__worker__team__duty_worker=worker,
    ).values("pk")


def get_visible_young_person(user, pk) -> YoungPerson:
    """The young person with this id if this member of staff may see them; otherwise 404. Every page that takes
    a young person's id is a staff page, so a young person gets a 404 even for their own id: their own pages
    (/my-...) find them through young_person_for."""
    if young_person_for(user) is not None:
        raise Http404("No such young person")
    try:
        return visible_young_people(user).select_related("council").get(pk=pk)
    except (YoungPerson.DoesNotExist, ValueError):
        raise Http404("No such young person")


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


def get_worker_or_404(user):
    """The Worker behind a staff login; anyone else (a young person included) gets a 404 on staff pages."""
    worker = worker_for(user)
    if worker is None:
        raise Http404("Only staff see this page")
    return worker
