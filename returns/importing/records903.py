"""Planning each SSDA903 table's rows against what the portal holds (plan.TablePlan): one query a table reads the
council's held rows, each matched by its natural key:

| table | model | key |
|---|---|---|
| Episodes | Placement | CHILD, DECOM (started_on) |
| Reviews | Review (held, no IRO: from the council's records) | CHILD, REVIEW (held_on) |
| OC2 / OC3 | YearlyHealthOutcome / CareLeaverYearlyOutcome | CHILD, the collection year |
| OC2's SDQ | HealthCheck (an SDQ, from the council's records) | CHILD, the year's 31 March |
| Missing | MissingEpisode | CHILD, MIS_START, MISSING |
| SWEpisodes | Allocation (social worker; a Worker per SW_ID) | CHILD, SW_ID, SW_DECOM |
| AD1, PlacedAdoption, PrevPerm | KeptReturnRow | CHILD, table, the row's columns |
"""
import json
from collections import defaultdict
from datetime import date

from django.db.models import F

from casework.leaving_care.in_touch import birthday_in_year
from casework.models import (
    Allocation,
    CareLeaverYearlyOutcome,
    HealthCheck,
    MissingEpisode,
    Placement,
    PlacementKind,
    Role,
    Worker,
    YearlyHealthOutcome,
)
from returns.importing.people903 import year_ending_of
from returns.importing.plan import TablePlan
from returns.models import KeptReturnRow
from returns.ssda903.typed import ChildRecord, Episode
from reviews.models import Review

# PLACE to the portal's kind of placement; anything else (adoption, secure, hospital, custody, temporary) is "other".
KIND_BY_PLACE = {
    **dict.fromkeys(["U1", "U2", "U3"], PlacementKind.CONNECTED_PERSON),
    **dict.fromkeys(["U4", "U5", "U6"], PlacementKind.FOSTER),
    **dict.fromkeys(["K1", "K2", "R1", "S1"], PlacementKind.RESIDENTIAL),
    **dict.fromkeys(["H5", "K3", "P2"], PlacementKind.SEMI_INDEPENDENT),
    "P1": PlacementKind.WITH_PARENTS,
}
# Foster placements say whether they are long-term (regulation 28's "meant to last until 18"); no other PLACE does, so
# another placement keeps what the portal holds.
LONG_TERM_BY_PLACE = {**dict.fromkeys(["U1", "U4"], True), **dict.fromkeys(["U2", "U3", "U5", "U6"], False)}
PLACEMENT_FIELDS = ["kind", "meant_to_last_until_18", "ended_on", "is_move", "rne", "legal_status_code", "cin",
                    "place", "place_provider", "end_reason", "reason_place_change", "home_post", "pl_post", "urn"]
HEALTH_FIELDS = ["sdq_score", "sdq_reason", "convicted", "health_check", "immunisations", "teeth_check",
                 "health_assessment", "substance_misuse", "intervention_received", "intervention_offered"]
KEPT_TABLES = {"AD1": "ad1", "PlacedAdoption": "placed_for_adoption", "PrevPerm": "previous_permanence"}


def held(model, council, key, **filters) -> dict:
    """The council's rows of a model by key(row), each annotated with its young person's CHILD id (`child`)."""
    rows = model.objects.filter(young_person__council=council, **filters).annotate(child=F("young_person__child_id"))
    return {key(row): row for row in rows}


def placement_values(item: Episode) -> dict:
    long_term = LONG_TERM_BY_PLACE.get(item.placement)
    return {"kind": KIND_BY_PLACE.get(item.placement, PlacementKind.OTHER), "ended_on": item.end,
            **({} if long_term is None else {"meant_to_last_until_18": long_term}),
            "is_move": item.is_move, "rne": item.reason_new, "legal_status_code": item.legal_status,
            "cin": item.category_of_need, "place": item.placement, "place_provider": item.provider or "",
            "end_reason": item.reason_ended or "", "reason_place_change": item.reason_place_change or "",
            "home_post": item.home_postcode or "", "pl_post": item.placement_postcode or "", "urn": item.urn or ""}


def close_superseded(rows: list, plan: TablePlan) -> None:
    """Only one placement (or social worker) is open at a time. When the portal holds an open one the file does not
    close (recorded in the portal, or left open by an earlier year's file) and another starts after it, it ended the
    day the next began, as a move or a change of worker in the portal ends it (casework.plans.services)."""
    rows = sorted(rows, key=lambda row: row.started_on)
    for row, following in zip(rows, rows[1:]):
        if row.ended_on is None and following.started_on >= row.started_on:
            row.ended_on = following.started_on
            if row.pk is not None and row not in plan.update:
                plan.update.append(row)


def plan_placements(*, council, children: list[ChildRecord], people: dict) -> tuple[TablePlan, dict[str, list]]:
    """The placements' plan, and every imported child's placements (held and planned) by CHILD id."""
    plan = TablePlan(Placement, PLACEMENT_FIELDS)
    rows = held(Placement, council, lambda row: (row.child, row.started_on))
    wanted = {(child.child_id, item.start): placement_values(item) for child in children for item in child.episodes}
    plan.sync(held=rows, wanted=wanted, child_of=lambda key: key[0],
              build=lambda key, values: Placement(young_person=people[key[0]], started_on=key[1], **values))
    by_child = defaultdict(list)
    for (child_id, _), row in rows.items():
        by_child[child_id].append(row)
    for row in plan.create:
        by_child[row.young_person.child_id].append(row)
    imported = {child.child_id for child in children}
    for child_id in imported:
        close_superseded(by_child[child_id], plan)
    return plan, by_child


def plan_reviews(*, council, children: list[ChildRecord], people: dict) -> TablePlan:
    """A review is matched by the day it was held, or else by a review booked in the portal for that day and not
    yet recorded as held, which the return's REVIEW now says was (no second review for the same day)."""
    plan = TablePlan(Review, ["participation", "held_on"])
    rows = held(Review, council, lambda row: (row.child, row.scheduled_for), held_on__isnull=True)
    rows |= held(Review, council, lambda row: (row.child, row.held_on), held_on__isnull=False)
    wanted = {(child.child_id, item.date): {"participation": item.participation, "held_on": item.date}
              for child in children for item in child.reviews}
    plan.sync(held=rows, wanted=wanted, child_of=lambda key: key[0],
              build=lambda key, values: Review(young_person=people[key[0]], scheduled_for=key[1], iro=None, **values))
    return plan


def plan_yearly(*, council, children: list[ChildRecord], people: dict, year_ending: date) -> list[TablePlan]:
    """OC2 and OC3 for the collection year (they carry no year of their own: service.py says which)."""
    health = TablePlan(YearlyHealthOutcome, HEALTH_FIELDS)
    wanted = {(child.child_id, year_ending): {name: getattr(item, name) for name in HEALTH_FIELDS}
              | {"sdq_reason": item.sdq_reason or ""} for child in children for item in child.health}
    health.sync(held=held(YearlyHealthOutcome, council, lambda row: (row.child, row.year_ending)), wanted=wanted,
                child_of=lambda key: key[0],
                build=lambda key, values: YearlyHealthOutcome(young_person=people[key[0]], year_ending=key[1],
                                                              **values))
    leaving = TablePlan(CareLeaverYearlyOutcome, ["in_touch", "activity", "accommodation"])
    wanted = {(child.child_id, year_ending): {"in_touch": item.in_touch, "activity": item.activity or "",
                                              "accommodation": item.accommodation or ""}
              for child in children for item in child.care_leaver}
    # The return gives no day: a new row's check is on the birthday in its year (never a day still to come), where
    # the ledger's in-touch clock finds it; a held row keeps its own (a check recorded in the portal).
    leaving.sync(held=held(CareLeaverYearlyOutcome, council, lambda row: (row.child, row.year_ending)), wanted=wanted,
                 child_of=lambda key: key[0],
                 build=lambda key, values: CareLeaverYearlyOutcome(
                     young_person=people[key[0]], year_ending=key[1], **values,
                     checked_on=min(birthday_in_year(people[key[0]].date_of_birth, key[1]), date.today())))
    return [health, leaving, plan_sdqs(council=council, children=children, people=people, year_ending=year_ending)]


def plan_sdqs(*, council, children: list[ChildRecord], people: dict, year_ending: date) -> TablePlan:
    """OC2's SDQ (its score, or the reason there is none) as an SDQ the ledger's yearly clock counts. The return
    gives no day: the SDQ is on the year's 31 March (today, for a year not yet over), for a child of 4 to 16 then."""
    day = min(year_ending, date.today())
    plan = TablePlan(HealthCheck, ["sdq_score", "sdq_reason"])
    wanted = {(child.child_id, year_ending): {"sdq_score": item.sdq_score,
                                              "sdq_reason": "" if item.sdq_score is not None else item.sdq_reason or ""}
              for child in children for item in child.health
              if (item.sdq_score is not None or item.sdq_reason) and 4 <= people[child.child_id].age_on(day) <= 16}
    # One from the return a year: a year's files imported again later (the year not over then) find it.
    rows = held(HealthCheck, council, lambda row: (row.child, year_ending_of(row.checked_on)),
                kind=HealthCheck.Kind.SDQ, recorded_by__isnull=True)
    plan.sync(held=rows, wanted=wanted, child_of=lambda key: key[0],
              build=lambda key, values: HealthCheck(young_person=people[key[0]], kind=HealthCheck.Kind.SDQ,
                                                    checked_on=day, **values))
    return plan


def plan_missing(*, council, children: list[ChildRecord], people: dict) -> TablePlan:
    plan = TablePlan(MissingEpisode, ["ended_on"])
    rows = held(MissingEpisode, council, lambda row: (row.child, row.started_on, row.kind))
    wanted = {(child.child_id, item.start, item.kind): {"ended_on": _return_day(rows.get(
        (child.child_id, item.start, item.kind)), item.end)} for child in children for item in child.missing}
    plan.sync(held=rows, wanted=wanted, child_of=lambda key: key[0],
              build=lambda key, values: MissingEpisode(young_person=people[key[0]], started_on=key[1], kind=key[2],
                                                       **values))
    return plan


def _return_day(row: MissingEpisode | None, end):
    """MIS_END, unless the portal holds a return interview offered after its own return day that MIS_END would put
    before the return (or undo): then the portal's day stands, the interview's clock with it."""
    offered = row.return_interview_offered_on if row is not None else None
    if offered is not None and (end is None or end > offered):
        return row.ended_on
    return end


def plan_workers(*, council, children: list[ChildRecord]) -> tuple[list[Worker], dict[str, Worker]]:
    """A Worker for every SW_ID: the council's own when its sw_id is known, else a new one named after the id, with
    no account ("Social worker SW123"), until someone links them to a person."""
    workers = {worker.sw_id: worker for worker in Worker.objects.filter(council=council).exclude(sw_id="")}
    new = []
    for child in children:
        for item in child.social_workers:
            if item.worker_id not in workers:
                workers[item.worker_id] = Worker(council=council, role=Role.SOCIAL_WORKER, sw_id=item.worker_id,
                                                 name=f"Social worker {item.worker_id}")
                new.append(workers[item.worker_id])
    return new, workers


def plan_social_workers(*, council, children: list[ChildRecord], people: dict, workers: dict) -> TablePlan:
    plan = TablePlan(Allocation, ["ended_on", "change_reason"])
    rows = Allocation.objects.filter(young_person__council=council, role=Role.SOCIAL_WORKER).annotate(
        child=F("young_person__child_id"), sw_id=F("worker__sw_id"))
    held_rows = {(row.child, row.sw_id, row.started_on): row for row in rows if row.sw_id}
    wanted = {(child.child_id, item.worker_id, item.start): {"ended_on": item.end, "change_reason": item.reason}
              for child in children for item in child.social_workers}
    plan.sync(held=held_rows, wanted=wanted, child_of=lambda key: key[0],
              build=lambda key, values: Allocation(young_person=people[key[0]], worker=workers[key[1]],
                                                   role=Role.SOCIAL_WORKER, started_on=key[2], **values))
    by_child = defaultdict(list)
    for row in list(rows) + plan.create:
        by_child[row.young_person.child_id if row.pk is None else row.child].append(row)
    for child in children:
        close_superseded(by_child[child.child_id], plan)
    return plan


def kept_key(table: str, columns: dict) -> str:
    return f"{table}:{json.dumps(columns, sort_keys=True)}"


def plan_kept_rows(*, council, children: list[ChildRecord], people: dict) -> TablePlan:
    """AD1, PlacedAdoption and PrevPerm rows as they came (CHILD and DOB left out: they are the young person's)."""
    plan = TablePlan(KeptReturnRow, [])
    rows = held(KeptReturnRow, council, lambda row: (row.child, kept_key(row.table, row.columns)))
    wanted = {}
    for child in children:
        for table, attribute in KEPT_TABLES.items():
            for row in getattr(child, attribute):
                columns = {name: value for name, value in row.values.items() if name not in ("CHILD", "DOB")}
                wanted[(child.child_id, kept_key(table, columns))] = {"table": table, "columns": columns}
    plan.sync(held=rows, wanted={key: {} for key in wanted}, child_of=lambda key: key[0],
              build=lambda key, values: KeptReturnRow(young_person=people[key[0]], **wanted[key]))
    return plan
