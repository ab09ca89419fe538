"""Stability for children in care over a period: how often they moved home, changed social worker or changed IRO.

Each young person gets their counts as correlated subqueries (one per measure), so the summary is one query and each
list behind a number is one more, however many young people, placements and allocations there are.

- placements: placements that overlap the period (started by its end, not ended before its start), but for an
  SSDA903 episode that changed only the legal status (RNE L);
- social worker changes: social worker allocations that started in the period, not counting a young person's very
  first one (getting a first social worker is not a change);
- IRO changes: reviews.models.IroChange records dated in the period.

"Children in care during the period" are those with a placement in the period, and those in care now who came into
care by the period's end (so a child whose placements are not yet recorded still counts in the share).
"""
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from casework.models import Allocation, LegalStatus, NewEpisodeReason, Placement, Role, YoungPerson
from reviews.models import IroChange

from .dashboard_filters import Period


def _count_per_young_person(records: QuerySet) -> Coalesce:
    """How many of `records` (each with a young_person) belong to the young person in the outer query."""
    counted = (records.filter(young_person=OuterRef("pk")).order_by().values("young_person")
               .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_stability(young_people: QuerySet[YoungPerson], period: Period) -> QuerySet[YoungPerson]:
    """Young people annotated with `placements_in_period`, `social_worker_changes` and `iro_changes_in_period`."""
    social_workers = Allocation.objects.filter(role=Role.SOCIAL_WORKER)
    first_social_worker_on = Subquery(
        social_workers.filter(young_person=OuterRef("pk")).order_by("started_on", "pk").values("started_on")[:1]
    )
    return young_people.annotate(
        # An SSDA903 episode for a change of legal status only (RNE L) is the same placement, not another.
        placements_in_period=_count_per_young_person(Placement.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=period.start), started_on__lte=period.end)
            .exclude(rne=NewEpisodeReason.LEGAL_STATUS)),
        new_social_workers=_count_per_young_person(
            social_workers.filter(started_on__gte=period.start, started_on__lte=period.end)),
        first_social_worker_on=first_social_worker_on,
        iro_changes_in_period=_count_per_young_person(
            IroChange.objects.filter(changed_on__gte=period.start, changed_on__lte=period.end)),
    ).annotate(
        social_worker_changes=F("new_social_workers") - Case(
            When(first_social_worker_on__gte=period.start, first_social_worker_on__lte=period.end, then=Value(1)),
            default=Value(0),
        ),
    )


def in_care_during(period: Period) -> Q:
    """On young people annotated by with_stability()."""
    return Q(placements_in_period__gte=1) | (
        Q(legal_status=LegalStatus.LOOKED_AFTER)
        & (Q(became_looked_after_on__isnull=True) | Q(became_looked_after_on__lte=period.end))
    )


@dataclass(frozen=True)
class StabilityList:
    """The young people behind one number: who they are (a Q on annotated young people) and what is counted."""

    title: str
    count_label: str
    count_field: str
    condition: Q
    of_children_in_care: bool = True


def _placements(title: str, condition: Q) -> StabilityList:
    return StabilityList(title, "Placements", "placements_in_period", condition)


def _social_worker_changes(title: str, condition: Q) -> StabilityList:
    return StabilityList(title, "Social worker changes", "social_worker_changes", condition)


LISTS = {
    "children-in-care": _placements("Children in care during the period", Q()),
    "three-or-more-placements": _placements("Children in care with 3 or more placements",
                                            Q(placements_in_period__gte=3)),
    "social-worker-changes": _social_worker_changes("Social worker changes for each child in care", Q()),
    "no-social-worker-change": _social_worker_changes("Children in care who kept their social worker",
                                                      Q(social_worker_changes=0)),
    "one-social-worker-change": _social_worker_changes("Children in care with 1 social worker change",
                                                       Q(social_worker_changes=1)),
    "two-social-worker-changes": _social_worker_changes("Children in care with 2 social worker changes",
                                                        Q(social_worker_changes=2)),
    "three-or-more-social-worker-changes": _social_worker_changes(
        "Children in care with 3 or more social worker changes", Q(social_worker_changes__gte=3)),
    "iro-changes": StabilityList("Young people whose IRO changed", "IRO changes", "iro_changes_in_period",
                                 Q(iro_changes_in_period__gte=1), of_children_in_care=False),
}
# The distribution of social worker changes, in the order the page shows it.
CHANGE_BUCKETS = [("0", "no-social-worker-change"), ("1", "one-social-worker-change"),
                  ("2", "two-social-worker-changes"), ("3 or more", "three-or-more-social-worker-changes")]


@dataclass(frozen=True)
class Stability:
    children_in_care: int
    three_or_more_placements: int
    social_worker_changes: int
    change_buckets: list[tuple[str, str, int]]  # (label, list key, children)
    iro_changes: int
    iro_changed_for: int

    @property
    def three_or_more_share(self) -> int | None:
        """A whole percentage, or None when nobody was in care (there is no share of nobody)."""
        if not self.children_in_care:
            return None
        return round(100 * self.three_or_more_placements / self.children_in_care)

    @property
    def average_social_worker_changes(self) -> float | None:
        if not self.children_in_care:
            return None
        return round(self.social_worker_changes / self.children_in_care, 1)


def stability(young_people: QuerySet[YoungPerson], period: Period) -> Stability:
    """Every stability number for these (already scoped and filtered) young people, in one query."""
    in_care = in_care_during(period)

    def children(key):
        return Count("pk", filter=in_care & LISTS[key].condition)

    totals = with_stability(young_people, period).aggregate(
        children_in_care=Count("pk", filter=in_care),
        three_or_more_placements=children("three-or-more-placements"),
        total_social_worker_changes=Coalesce(Sum("social_worker_changes", filter=in_care), Value(0)),
        total_iro_changes=Coalesce(Sum("iro_changes_in_period"), Value(0)),
        iro_changed_for=Count("pk", filter=LISTS["iro-changes"].condition),
        **{key.replace("-", "_"): children(key) for _, key in CHANGE_BUCKETS},
    )
    return Stability(
        children_in_care=totals["children_in_care"],
        three_or_more_placements=totals["three_or_more_placements"],
        social_worker_changes=totals["total_social_worker_changes"],
        change_buckets=[(label, key, totals[key.replace("-", "_")]) for label, key in CHANGE_BUCKETS],
        iro_changes=totals["total_iro_changes"],
        iro_changed_for=totals["iro_changed_for"],
    )


def stability_list(young_people: QuerySet[YoungPerson], period: Period, key: str) -> QuerySet[YoungPerson]:
    """The young people behind one number, with `count` and their current social worker or personal adviser (and
    team) as `worker_name` and `team_name`: one query. Highest count first."""
    chosen = LISTS[key]
    people = with_stability(young_people, period).filter(chosen.condition)
    if chosen.of_children_in_care:
        people = people.filter(in_care_during(period))
    # A child of 16 or 17 can have both: the social worker comes first ("social_worker" sorts after "personal_...").
    current = Allocation.objects.filter(
        young_person=OuterRef("pk"), ended_on__isnull=True, role__in=[Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER]
    ).order_by("-role")
    return people.annotate(
        count=F(chosen.count_field),
        worker_name=Subquery(current.values("worker__name")[:1]),
        team_name=Subquery(current.values("worker__team__name")[:1]),
    ).order_by("-count", "last_name", "first_name", "pk")
