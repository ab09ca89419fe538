"""A manager's staffing writes: adding a young person, allocating or moving their worker, a team's duty worker, a
worker's absence. Keyword-only and typed; each asks casework.people.recording first and validates before it saves.
The promise ledger hears of a new young person and of a personal adviser's allocation through its own signals
(pledges.signals): nothing here knows of it."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casework.people.models import Allocation, Council, LegalStatus, Role, Team, Worker, YoungPerson
from casework.people.recording import Record, check_may_record, check_may_record_in_council
from casework.people.services import lock_young_person

# SSDA903 SWEpisodes SW_REASON: why a new worker took over (the DfE's fixed list, as returns.ssda903.tables has it;
# FCONTA, the first social worker, is given by the return itself). Kept on the new allocation, as the return does.
CHANGE_REASONS = {
    "MANAGE": "Management decision",
    "LEFTRL": "The worker left the role",
    "ORGRST": "Organisational restructure",
    "TSPROC": "Transfer between teams as part of the process",
    "ABSENC": "The worker is absent",
    "CHCHAN": "The young person asked for the change",
    "PCCHAN": "A parent or carer asked for the change",
    "SWDIED": "The worker died",
    "OTHERS": "Another reason",
}
# The roles a manager allocates here. An IRO is changed on the reviews page (reviews.services.iro_change), which
# also records why and hands over the reviews booked.
ALLOCATED_HERE = (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER)
# Who may be a team's duty worker: someone who holds a caseload (so sees the young people they cover), or a manager.
DUTY_ROLES = (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.MANAGER)
OLDEST = 25  # the portal is for children in care and care leavers up to their 26th birthday
CARE_LEAVER_FROM = 16
CHILD_ID_TAKEN = "Another young person in your council has this child id. Check it and try again"


def roles_for(young_person: YoungPerson, today: date) -> list[str]:
    """The workers a young person has, of those allocated here: a child in care a social worker (and from 16 a
    personal adviser too, as an eligible child); a care leaver a personal adviser; someone who left care before
    16, nobody."""
    if young_person.legal_status == LegalStatus.CARE_LEAVER:
        return [Role.PERSONAL_ADVISER]
    if young_person.legal_status == LegalStatus.LOOKED_AFTER:
        if young_person.age_on(today) >= CARE_LEAVER_FROM:
            return [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER]
        return [Role.SOCIAL_WORKER]
    return []


def role_for_status(legal_status: str) -> str:
    """The worker a new young person is allocated first."""
    return Role.PERSONAL_ADVISER if legal_status == LegalStatus.CARE_LEAVER else Role.SOCIAL_WORKER


def _age_errors(young_person: YoungPerson, today: date) -> dict[str, str]:
    born, status = young_person.date_of_birth, young_person.legal_status
    if born is None or born > today:
        return {}  # YoungPerson.clean says so
    age = young_person.age_on(today)
    if age > OLDEST:
        return {"date_of_birth": "Pledge Portal is for young people up to 25. Check the date of birth"}
    if status == LegalStatus.LOOKED_AFTER and age >= 18:
        return {"date_of_birth": "A child in care is under 18. For someone 18 or over, choose care leaver"}
    if status == LegalStatus.CARE_LEAVER and age < CARE_LEAVER_FROM:
        return {"date_of_birth": "A care leaver is 16 or over. For someone younger, choose in care"}
    came = young_person.became_looked_after_on
    if came and came > today:
        return {"became_looked_after_on": "The date they came into care must be today or in the past"}
    if came and status == LegalStatus.CARE_LEAVER and young_person.age_on(came) >= 18:
        return {"became_looked_after_on": "A care leaver came into care before they were 18"}
    return {}


def _check_worker_for_role(worker: Worker, council_id: int, role: str, field: str) -> None:
    if worker.council_id != council_id:
        raise ValidationError({field: "Choose a worker from your council"})
    if worker.role != role:
        raise ValidationError({field: f"Choose a {Role(role).label.lower()}"})
    if worker.user_id is not None and not worker.user.is_active:
        raise ValidationError({field: f"{worker.name}'s account is deactivated. Choose someone else"})


@transaction.atomic
def young_person_add(
    *, council: Council, by: Worker, today: date, first_name: str, last_name: str, preferred_name: str,
    date_of_birth: date, legal_status: str, became_looked_after_on: date, child_id: str,
    worker: Worker | None, allocated_on: date | None,
) -> YoungPerson:
    """Add a child in care or care leaver to the council, and allocate their first social worker or personal adviser
    when one is chosen. Both or neither are saved."""
    check_may_record_in_council(by, council.pk, Record.YOUNG_PERSON_NEW)
    young_person = YoungPerson(
        council=council, first_name=first_name, last_name=last_name, preferred_name=preferred_name,
        date_of_birth=date_of_birth, legal_status=legal_status, became_looked_after_on=became_looked_after_on,
        child_id=child_id,
    )
    errors = _age_errors(young_person, today)
    if child_id and YoungPerson.objects.filter(council=council, child_id=child_id).exists():
        errors["child_id"] = CHILD_ID_TAKEN
    if legal_status not in (LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER):
        errors["legal_status"] = "Select whether they are in care or a care leaver"
    started_on = allocated_on or today
    if worker is not None and started_on > today:
        errors["allocated_on"] = "The date the worker was allocated must be today or in the past"
    elif worker is not None and date_of_birth and started_on < date_of_birth:
        errors["allocated_on"] = "The date the worker was allocated must be after their date of birth"
    try:
        # Its one constraint, the child id unique in the council, is checked above in words a manager can act on.
        young_person.full_clean(validate_constraints=False)
    except ValidationError as error:  # the model's own checks, said beside ours
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    if worker is not None:
        _check_worker_for_role(worker, council.pk, role_for_status(legal_status), "worker")
    try:
        with transaction.atomic():
            young_person.save()
    except IntegrityError:  # another manager added this child id a moment ago
        raise ValidationError({"child_id": CHILD_ID_TAKEN}) from None
    if worker is not None:
        allocation = Allocation(young_person=young_person, worker=worker, role=role_for_status(legal_status),
                                started_on=started_on)
        allocation.full_clean()
        allocation.save()
    return young_person


@transaction.atomic
def allocation_move(
    *, young_person: YoungPerson, by: Worker, role: str, worker: Worker, started_on: date, change_reason: str,
    today: date,
) -> Allocation:
    """Allocate a social worker or personal adviser; when someone holds the role already, their allocation ends on
    the day the new one starts, and the new one says why (the SSDA903 SW_REASON). One transaction: never two
    open allocations, never none half-way."""
    check_may_record(by, young_person, Record.ALLOCATION)
    young_person = lock_young_person(young_person)
    if role not in ALLOCATED_HERE:
        raise ValidationError("Only a social worker or personal adviser is allocated here")
    _check_worker_for_role(worker, young_person.council_id, role, "worker")
    current = Allocation.objects.select_for_update().filter(
        young_person=young_person, role=role, ended_on__isnull=True).select_related("worker").first()
    errors = {}
    if current is not None:
        if current.worker_id == worker.pk:
            errors["worker"] = f"{worker.name} is already their {Role(role).label.lower()}. Choose someone else"
        elif started_on < current.started_on:
            errors["started_on"] = (f"The date must be on or after {current.worker.name} was allocated "
                                    f"({current.started_on:%-d %B %Y})")
        if change_reason not in CHANGE_REASONS:
            errors["change_reason"] = "Select why the worker is changing"
    elif change_reason and change_reason not in CHANGE_REASONS:
        errors["change_reason"] = "Select why the worker is changing"
    if started_on > today:
        # A move planned for later would end today's worker's allocation now: record it on the day.
        errors["started_on"] = "The date must be today or in the past"
    elif started_on < young_person.date_of_birth:
        errors["started_on"] = "The date must be after their date of birth"
    if errors:
        raise ValidationError(errors)
    if current is not None:
        current.ended_on = started_on
        current.full_clean()
        current.save(update_fields=["ended_on"])
    allocation = Allocation(young_person=young_person, worker=worker, role=role, started_on=started_on,
                            change_reason=change_reason if current is not None else "")
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def team_duty_set(
    *, team: Team, by: Worker, duty_worker: Worker | None, duty_phone: str, duty_email: str,
) -> Team:
    """Who covers the team's call-backs while a worker is away, and the number and email young people are given."""
    check_may_record_in_council(by, team.council_id, Record.TEAM_DUTY)
    team = Team.objects.select_for_update().get(pk=team.pk)
    if duty_worker is not None:
        if duty_worker.council_id != team.council_id:
            raise ValidationError({"duty_worker": "Choose a worker from your council"})
        if duty_worker.role not in DUTY_ROLES:
            raise ValidationError({"duty_worker": "Choose a social worker, personal adviser or manager"})
        if duty_worker.user_id is not None and not duty_worker.user.is_active:
            raise ValidationError({"duty_worker": f"{duty_worker.name}'s account is deactivated. Choose someone else"})
    team.duty_worker, team.duty_phone, team.duty_email = duty_worker, duty_phone, duty_email
    team.full_clean()
    team.save(update_fields=["duty_worker", "duty_phone", "duty_email"])
    return team


@transaction.atomic
def worker_absence_record(*, worker: Worker, by: Worker, away_until: date | None, today: date) -> Worker:
    """A worker is away until a day (their last day away), or back (None). While away, their team's duty worker
    covers their young people's call-backs (casework.people.scoping.covered_by_duty_worker)."""
    check_may_record_in_council(by, worker.council_id, Record.WORKER_ABSENCE)
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if away_until is not None and away_until < today:
        raise ValidationError({"away_until": "The last day away must be today or in the future"})
    worker.away_until = away_until
    worker.full_clean()
    worker.save(update_fields=["away_until"])
    return worker
