"""The worktray's rows: the young people a member of staff may see, searched, filtered and sorted in SQL, with
each row's counts and next due date computed by the database for the current page only.

A page costs the same few queries for a caseload of 5 or a manager's 2,000: one count, one page of young people
(every count a correlated subquery), one read of the page's next-due rows.
"""
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from casework.models import Allocation, CallbackRequest, Concern, Role, Team, Worker, YoungPerson
from casework.people.scoping import visible_young_people
from casework.worries.scoping import concerns_visible_to

from .. import status
from ..models import LedgerEntry

PAGE_SIZE = 25

# The worker whose caseload a young person is on: their social worker, or a care leaver's personal adviser.
MAIN_ROLES = [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER]


class Sort:
    URGENT = "urgent"
    NAME = "name"
    NEXT_DUE = "next_due"
    OVERDUE = "overdue"
    CHOICES = [(URGENT, "Most urgent first"), (NAME, "Name"), (NEXT_DUE, "Next due"), (OVERDUE, "Most overdue")]


NAME_ORDER = ("last_name", "first_name", "child_id", "pk")
ORDERS = {
    # Anything overdue first (the longest overdue at the top), then anyone waiting for a call-back or an answer to
    # a worry, then by what is due next.
    Sort.URGENT: ("urgency", F("next_due_on").asc(nulls_last=True), *NAME_ORDER),
    Sort.NAME: NAME_ORDER,
    Sort.NEXT_DUE: (F("next_due_on").asc(nulls_last=True), *NAME_ORDER),
    Sort.OVERDUE: (F("overdue_count").desc(), F("next_due_on").asc(nulls_last=True), *NAME_ORDER),
}


# What the worktray's "Next due" column calls each kind of promise (the measure's params["counts"]): a few words, so
# a row stays one line. The measure's full name is the cell's hover text and is on the overview.
SHORT_NAMES = {
    "visit": "Visit", "contact": "Contact", "keep_in_touch": "Keep in touch", "callback": "Call back",
    "review": "Review", "consultation": "IRO consultation", "move_review": "Review after a move",
    "care_plan": "Care plan review", "care_plan_copy": "Copy of care plan", "health_assessment": "Health assessment",
    "dental": "Dental check", "optician": "Eye check", "stay_in_touch": "Stay-in-touch check",
    "restriction_explained": "Explain a contact restriction", "identity": "Identity conversation",
    "achievement_celebrated": "Celebrate an achievement", "celebration": "Celebrate achievements", "pep": "PEP",
    "work_experience": "Work experience offer", "eet": "Education check", "pathway_plan": "Pathway plan review",
    "pathway_plan_created": "Pathway plan", "pathway_plan_copy": "Copy of pathway plan",
    "return_to_education": "Plan for going back to learning", "needs_assessment": "Needs assessment",
    "personal_adviser": "Personal adviser", "careers": "Careers meeting", "advocate_offer": "Offer an advocate",
    "concern": "Answer a worry", "feedback": "Reply to what they told us",
    "initial_health_assessment": "Initial health assessment", "sdq": "SDQ", "in_touch": "In-touch check",
}


@dataclass(frozen=True)
class WorktrayFilters:
    """What the worktray is narrowed to (pledges.worktray.forms reads it from the query string)."""

    search: str = ""
    legal_statuses: tuple[str, ...] = ()
    has_overdue: bool = False
    has_callback: bool = False
    has_worry: bool = False
    team_id: int | None = None
    worker_id: int | None = None
    sort: str = Sort.URGENT


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of a queryset correlated to the young person (OuterRef), as a subquery."""
    counted = queryset.order_by().values("young_person_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def worktray_young_people(*, user, worker: Worker, filters: WorktrayFilters, today: date) -> QuerySet[YoungPerson]:
    """Every young person this member of staff may see, narrowed and ordered by `filters`, each annotated with
    overdue_count, next_due_on, next_entry_id, open_callbacks, open_worries, the main worker's name, id and
    away_until, and is_mine (an open allocation of their own: without one, a duty worker is covering)."""
    open_entries = LedgerEntry.objects.filter(
        young_person_id=OuterRef("pk"), status=LedgerEntry.Status.OPEN, measure__active=True
    )
    next_entry = open_entries.order_by("due_on", "pk")
    main = Allocation.objects.filter(young_person_id=OuterRef("pk"), ended_on__isnull=True,
                                     role__in=MAIN_ROLES).order_by("role", "-started_on")
    open_worries = concerns_visible_to(user).filter(young_person_id=OuterRef("pk")).exclude(
        status=Concern.Status.RESOLVED)
    young_people = visible_young_people(user).annotate(
        overdue_count=_count(open_entries.filter(due_on__lt=today)),
        next_due_on=Subquery(next_entry.values("due_on")[:1]),
        next_entry_id=Subquery(next_entry.values("pk")[:1]),
        open_callbacks=_count(CallbackRequest.objects.filter(young_person_id=OuterRef("pk"),
                                                             status=CallbackRequest.Status.OPEN)),
        open_worries=_count(open_worries),
        main_worker_id=Subquery(main.values("worker_id")[:1]),
        main_worker_name=Subquery(main.values("worker__name")[:1]),
        main_worker_away_until=Subquery(main.values("worker__away_until")[:1]),
        is_mine=Exists(Allocation.objects.filter(young_person_id=OuterRef("pk"), ended_on__isnull=True,
                                                 worker=worker)),
    ).annotate(urgency=Case(
        When(overdue_count__gt=0, then=Value(0)),
        When(Q(open_callbacks__gt=0) | Q(open_worries__gt=0), then=Value(1)),
        default=Value(2),
    ))
    young_people = _narrowed(young_people, filters)
    # Only the columns a row shows (ROW_FIELDS): a young person has some fifty, most of them the 903's, and building
    # a query of them all cost more than running it, on a page staff open all day.
    return young_people.order_by(*ORDERS.get(filters.sort, ORDERS[Sort.URGENT])).only(*ROW_FIELDS)


# What a worktray row reads of the young person: the name (full_name), child id, legal status and age.
ROW_FIELDS = ("council_id", "first_name", "last_name", "preferred_name", "child_id", "legal_status", "date_of_birth")


def _narrowed(young_people: QuerySet[YoungPerson], filters: WorktrayFilters) -> QuerySet[YoungPerson]:
    for term in filters.search.split():
        # Each word must match a name or the council's child id: "jade 566" finds Jade with child id 566910.
        young_people = young_people.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term)
                                           | Q(preferred_name__icontains=term) | Q(child_id__icontains=term))
    if filters.legal_statuses:
        young_people = young_people.filter(legal_status__in=filters.legal_statuses)
    if filters.has_overdue:
        young_people = young_people.filter(overdue_count__gt=0)
    if filters.has_callback:
        young_people = young_people.filter(open_callbacks__gt=0)
    if filters.has_worry:
        young_people = young_people.filter(open_worries__gt=0)
    held = Allocation.objects.filter(ended_on__isnull=True, role__in=[*MAIN_ROLES, Role.IRO])
    if filters.team_id is not None:
        young_people = young_people.filter(pk__in=held.filter(worker__team_id=filters.team_id).values("young_person_id"))
    if filters.worker_id is not None:
        young_people = young_people.filter(pk__in=held.filter(worker_id=filters.worker_id).values("young_person_id"))
    return young_people


def worktray_page(*, young_people: QuerySet[YoungPerson], number, worker: Worker, today: date) -> Page:
    """One page of the worktray (two queries: the count and the page), with each row's next-due line (one more
    query) and, for a duty worker, who they are covering for."""
    page = Paginator(young_people, PAGE_SIZE).get_page(number)
    rows = list(page.object_list)
    entries = LedgerEntry.objects.filter(pk__in=[yp.next_entry_id for yp in rows if yp.next_entry_id])
    next_due = {entry.pk: _next_due(entry, today) for entry in entries.select_related("measure")}
    for young_person in rows:
        young_person.next_due = next_due.get(young_person.next_entry_id)
        young_person.age = young_person.age_on(today)
        young_person.covering_for = covering_words(young_person, worker=worker, today=today)
    page.object_list = rows
    return page


def _next_due(entry: LedgerEntry, today: date) -> status.LiveStatus:
    """The row's next-due line, short enough for one line of a table: what, and the day."""
    live = status.for_worker(entry, today)
    live.what = SHORT_NAMES.get(entry.measure.params.get("counts"), entry.measure.name)
    live.when = status.short_day_words(entry.due_on, today)
    return live


def covering_words(young_person: YoungPerson, *, worker: Worker, today: date) -> str:
    """"Covering for Priya Shah until 12 December" for a young person a duty worker sees only because their own
    worker is away (casework.people.scoping.covered_by_duty_worker); "" otherwise. Needs the worktray's annotations
    (or the same attributes set by the overview)."""
    if worker.role == Role.MANAGER or young_person.is_mine or young_person.main_worker_away_until is None:
        return ""
    return f"Covering for {young_person.main_worker_name} until {status.day_words(young_person.main_worker_away_until, today)}"


def filter_choices(*, worker: Worker) -> dict:
    """The teams and workers a manager may narrow the worktray to (two queries); nothing for anyone else."""
    if worker.role != Role.MANAGER:
        return {"teams": [], "workers": []}
    teams = list(Team.objects.filter(council_id=worker.council_id).order_by("name").values_list("pk", "name"))
    workers = list(Worker.objects.filter(council_id=worker.council_id, role__in=[*MAIN_ROLES, Role.IRO])
                   .order_by("name").values_list("pk", "name"))
    return {"teams": teams, "workers": workers}
