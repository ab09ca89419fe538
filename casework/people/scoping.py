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

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Role, YoungPerson

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
    return YoungPerson.objects.filter(visible_young_people_q(user))


NOBODY = Q(pk__in=[])  # Django runs no query for it: an empty result


def visible_young_people_q(user, prefix: str = "") -> Q:
    """The same rule as a Q on young people reached through `prefix` (e.g. "allocations__young_person__"), for a
    query that counts across young people it has already joined: a manager's condition is then a column of the row
    joined (council), not a subquery over every young person in the council run again inside each count."""
    if not user.is_authenticated or not user.is_active:
        return NOBODY
    own = young_person_for(user)
    if own is not None:
        return Q(**{f"{prefix}pk": own.pk})
    worker = worker_for(user)
    if worker is None:
        return NOBODY
    if worker.role == Role.MANAGER:
        return Q(**{f"{prefix}council_id": worker.council_id})
    if worker.role not in CASEHOLDING_ROLES:
        return NOBODY
    caseload = worker.allocations.filter(ended_on__isnull=True, role__in=CASEHOLDING_ROLES).values("young_person_id")
    return Q(**{f"{prefix}council_id": worker.council_id}) & (
        Q(**{f"{prefix}pk__in": caseload}) | Q(**{f"{prefix}pk__in": covered_by_duty_worker(worker)}))


def covered_by_duty_worker(worker):
    """Ids of young people with an open call-back whose main worker is away and whose team's duty worker
    is this worker."""
    return YoungPerson.objects.filter(
        # CallbackRequest.Status.OPEN, written out: call-backs (casework.contacts) sit above people.
        callback_requests__status="open",
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


def get_worker_or_404(user):
    """The Worker behind a staff login; anyone else (a young person included) gets a 404 on staff pages."""
    worker = worker_for(user)
    if worker is None:
        raise Http404("Only staff see this page")
    return worker


def get_manager_or_403(user):
    """The manager behind a login, for the pages about their council (its staff, adding a young person). Other
    staff know such pages exist: 403; a young person or anyone without a Worker record: 404."""
    worker = get_worker_or_404(user)
    if worker.role != Role.MANAGER:
        raise PermissionDenied("Only a manager can use this page.")
    return worker


def get_council_object_or_404(manager, queryset, pk):
    """One of the manager's council's records (a team, a worker) by id; another council's id is a 404."""
    try:
        return queryset.filter(council_id=manager.council_id).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404("Not found in your council")


def own_young_person_or_404(user) -> YoungPerson:
    """For a young person's own pages ("my care plan", "my worries", "my grant"): their record; anyone else a 404."""
    young_person = young_person_for(user)
    if young_person is None:
        raise Http404("Only a young person has this page")
    return young_person
