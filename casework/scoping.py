"""The one scoping rule for young people's data. Every query for a young person goes through here.

- a young person sees only their own record;
- a manager sees every young person in their council;
- any other worker sees their caseload: the young people they hold an open allocation for;
- anybody else (including a staff account with no Worker record) sees nobody.

Another's id is a 404, never a 403, so a guessed URL does not even confirm that the record exists.
"""
from django.db.models import QuerySet
from django.http import Http404

from .models import Role, YoungPerson


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
    return young_people.filter(
        council_id=worker.council_id,
        pk__in=worker.allocations.filter(ended_on__isnull=True).values("young_person_id"),
    )


def get_visible_young_person(user, pk) -> YoungPerson:
    """The young person with this id if the user may see them; otherwise 404."""
    try:
        return visible_young_people(user).select_related("council").get(pk=pk)
    except (YoungPerson.DoesNotExist, ValueError):
        raise Http404("No such young person")
