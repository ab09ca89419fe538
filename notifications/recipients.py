"""Who hears about a young person's promise: whoever answers for it, and the managers over them. That is their
own worker, except for the IRO's promises (reviews, the consultation before each, a review after a move:
pledges.caseload_views.IRO_COUNTS, the same list that holds the IRO answerable on the workers page), which are their IRO's,
and for a worry whom the young person sent it to (casework.worries.scoping.concern_audience). So whoever is told a
promise is due is someone casework.people.recording lets record it. The deadline sweep and the answers young people give
about promises (notifications.feedback) both ask here."""
from casework.models import Allocation, Concern, Role, Worker
from casework.worries.scoping import concern_audience
from pledges.caseload_views import IRO_COUNTS

# The young person's own worker: their social worker, or for a care leaver their personal adviser.
MAIN_WORKER_ROLES = [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER]


def main_worker(young_person_id: int) -> Worker | None:
    """The young person's current social worker (else personal adviser), with their login and team's duty worker."""
    allocations = Allocation.objects.filter(
        young_person_id=young_person_id, ended_on__isnull=True, role__in=MAIN_WORKER_ROLES,
    ).select_related("worker__user", "worker__team__duty_worker__user")
    by_role = {allocation.role: allocation.worker for allocation in allocations}
    return next((by_role[role] for role in MAIN_WORKER_ROLES if role in by_role), None)


def is_iro_promise(entry) -> bool:
    """Is this ledger row one of the IRO's promises? Only their IRO (or a manager) may record it."""
    return entry.measure.params.get("counts") in IRO_COUNTS


def current_iro(young_person_id: int) -> Worker | None:
    """The young person's current Independent Reviewing Officer, with their login."""
    allocation = (Allocation.objects.filter(young_person_id=young_person_id, ended_on__isnull=True, role=Role.IRO)
                  .select_related("worker__user").order_by("-started_on", "-pk").first())
    return allocation.worker if allocation else None


def can_sign_in(worker: Worker | None) -> bool:
    return worker is not None and worker.user is not None and worker.user.is_active


def managers_over(worker: Worker | None, council_id: int) -> list[Worker]:
    """The managers of the worker's team; if there are none (or no worker, or no team), the council's managers.
    A young person with no worker (or a team with no manager) is exactly who must not fall through."""
    managers = Worker.objects.filter(role=Role.MANAGER, user__isnull=False, user__is_active=True)
    mine = list(managers.filter(team_id=worker.team_id).select_related("user")) if worker and worker.team_id else []
    return mine or list(managers.filter(council_id=council_id).select_related("user"))


def managers_over_each(workers: list[Worker], council_id: int) -> list[Worker]:
    """The managers over each of these workers (managers_over), once each; the council's managers if none."""
    managers = {manager.pk: manager for worker in workers for manager in managers_over(worker, council_id)}
    return list(managers.values()) or managers_over(None, council_id)


def concern_of(entry) -> Concern | None:
    """The worry a ledger row of the "concern" measure is about (its trigger); None for any other row."""
    if entry.measure.params.get("counts") != "concern":
        return None
    return Concern.objects.select_related("young_person").filter(
        pk=entry.trigger_id, young_person_id=entry.young_person_id).first()


def concern_readers(concern: Concern) -> list[Worker]:
    """Whom the young person sent a worry to (casework.worries.scoping.concern_audience, the one audience rule): told
    of its reminders (notifications.sweep) and of anything the young person adds to it (notifications.concern_additions).
    """
    return concern_audience(concern)
