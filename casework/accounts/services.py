"""A worker who leaves loses access at once.

`worker_deactivate` closes their login (User.is_active = False) and deletes every session they are signed in
with. Closing the login alone already shuts them out on their next request, because the authentication backend
(casework.accounts.backends) turns an inactive user into nobody; deleting the sessions as well means nothing kept in one
outlives them, and it does not depend on that backend.

Sessions are Django's database sessions, which do not record whose they are: we read the unexpired ones and
delete those whose `_auth_user_id` is the worker's. That is one pass over the live sessions for a rare act, and
it needs no table of our own kept in step with every sign-in and sign-out (allauth's user sessions would be
that table; it is not installed).

Their allocations stay open, as history and so a manager can see whose caseload needs moving; "My people" no
longer names a deactivated worker (pledges.people). The act is written to the admin's history of the worker
(django.contrib.admin's LogEntry): casework.audit's log is of looks at one young person's record, and every row
there needs one.
"""
from datetime import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.people.models import Role, User, Worker
from casework.people.scoping import worker_for


def may_deactivate(by: User, worker: Worker) -> bool:
    """A superuser, or a manager of the worker's council (not themselves: someone else must close a manager's
    account, so a council is never left without one by a slip)."""
    if by.is_superuser:
        return True
    manager = worker_for(by)
    return (manager is not None and manager.role == Role.MANAGER and manager.council_id == worker.council_id
            and manager.pk != worker.pk)


def sessions_of(user: User, now: datetime):
    """The unexpired database sessions this user is signed in with."""
    user_id = str(user.pk)
    return [session for session in Session.objects.filter(expire_date__gt=now).iterator()
            if session.get_decoded().get("_auth_user_id") == user_id]


@transaction.atomic
def worker_deactivate(*, worker: Worker, by: User, now: datetime) -> int:
    """Close the worker's login and sign them out everywhere. Returns how many sessions were ended."""
    if not may_deactivate(by, worker):
        raise PermissionDenied("Only a manager of the worker's council can deactivate them")
    if worker.user_id is None:
        raise ValidationError(f"{worker.name} has no login to deactivate.", code="no_login")
    user = User.objects.select_for_update().get(pk=worker.user_id)
    if not user.is_active:
        raise ValidationError(f"{worker.name}'s account is already deactivated.", code="already")
    user.is_active = False
    user.full_clean()
    user.save(update_fields=["is_active"])
    ended = sessions_of(user, now)
    Session.objects.filter(session_key__in=[session.session_key for session in ended]).delete()
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[worker], action_flag=CHANGE,
        change_message=f"Deactivated {worker.name}'s login on {timezone.localtime(now):%Y-%m-%d %H:%M} and ended "
                       f"{len(ended)} signed-in session{'' if len(ended) == 1 else 's'}.",
        single_object=True,
    )
    return len(ended)
