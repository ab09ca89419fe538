"""The council's SSDA903 return built from the portal's records: every table as {table: [ {DfE column: text} ]},
the form returns.ssda903.writing writes and cuts to a collection year.

Where each column comes from (README, "Where the SSDA903 return's facts live"):
- Header: the young person. CHILD is the council's child id; a young person added in the portal has none, and
  gets a stable one made from the portal's id (PORTAL_CHILD_PREFIX and the pk: no council id looks like it).
  SEX is U and ETHNIC NOBT (information not yet obtained) when the portal holds none. Which young people: every
  one with a child id (they came from the return), a placement or an OC3 row.
- Episodes: the placements (episodes.py says what a placement recorded in the portal becomes).
- Reviews: every held review (held_on, participation), from the return or recorded in the portal.
- UASC: young people flagged unaccompanied asylum-seeking, DUC their uasc_ceased_on.
- OC2 and OC3: the yearly outcomes, each year's under its 31 March; 0/1 for yes/no, blank where none was given. An
  OC2 row the return gave no SDQ for takes the latest SDQ recorded in the portal in its year (score, or reason).
- Missing: the missing episodes.
- SWEpisodes: the social worker allocations. SW_ID is the worker's council id (Worker.sw_id); a worker known only
  to the portal gets a stable one from the portal's id (PORTAL_SW_PREFIX and the pk: the DfE wants SW first).
  SW_REASON is the allocation's change_reason; for an allocation recorded in the portal it is FCONTA (first
  contact) for the young person's first social worker; after that, the reason the manager chose when they moved
  the young person to a new worker (casework.staffing), or blank where none was given (an invented reason would be
  a false return).
- AD1, PlacedAdoption, PrevPerm: the rows kept as they came (KeptReturnRow), with CHILD and DOB added back.

Set-based: one query a table for the whole council, never one a child.
"""
from collections import defaultdict
from datetime import date

from casework.health.models import HealthCheck, YearlyHealthOutcome
from casework.leaving_care.models import CareLeaverYearlyOutcome
from casework.models import Allocation, Role, YoungPerson
from casework.plans.models import Placement
from casework.worries.models import MissingEpisode
from returns.exporting.episodes import PLACEMENT_FIELDS, episode_rows
from returns.importing.people903 import year_ending_of
from returns.models import KeptReturnRow
from returns.ssda903.tables import TABLES
from returns.ssda903.writing import collection_year
from returns.values import format_date
from reviews.models import Review

PORTAL_CHILD_PREFIX = "PP"
PORTAL_SW_PREFIX = "SWPP"
FIRST_SOCIAL_WORKER = "FCONTA"
OC2_FLAGS = {"CONVICTED": "convicted", "HEALTH_CHECK": "health_check", "IMMUNISATIONS": "immunisations",
             "TEETH_CHECK": "teeth_check", "HEALTH_ASSESSMENT": "health_assessment",
             "SUBSTANCE_MISUSE": "substance_misuse", "INTERVENTION_RECEIVED": "intervention_received",
             "INTERVENTION_OFFERED": "intervention_offered"}

Tables = dict[str, list[dict[str, str]]]


def child_id_for(young_person_id: int, child_id: str) -> str:
    return child_id or f"{PORTAL_CHILD_PREFIX}{young_person_id:06d}"


def flag(value: bool | None) -> str:
    return "" if value is None else "1" if value else "0"


def year_end(year: int) -> date:
    return date(year, 3, 31)


def tables_903(*, council, year: int | None) -> tuple[Tables, dict[str, int]]:
    """The return's tables (a collection year's cut, or everything held for year None) and {CHILD: young person
    pk} of the children it holds."""
    people = {person["pk"]: person for person in YoungPerson.objects.filter(council=council).values(
        "pk", "child_id", "sex", "ethnicity", "upn", "mother", "mc_dob", "is_uasc", "uasc_ceased_on",
        "date_of_birth")}
    child = {pk: child_id_for(pk, person["child_id"]) for pk, person in people.items()}
    dob = {pk: format_date(person["date_of_birth"]) for pk, person in people.items()}
    mine = {"young_person__council": council}

    placements = defaultdict(list)
    for placement in Placement.objects.filter(**mine).values(*PLACEMENT_FIELDS):
        placements[placement["young_person_id"]].append(placement)
    outcomes_2 = YearlyHealthOutcome.objects.filter(**mine)
    outcomes_3 = CareLeaverYearlyOutcome.objects.filter(**mine)
    if year is not None:  # OC2 and OC3 rows carry no date: each year's is kept under its 31 March
        outcomes_2, outcomes_3 = (outcomes.filter(year_ending=year_end(year)) for outcomes in (outcomes_2, outcomes_3))
    outcomes_3 = list(outcomes_3.order_by("young_person_id", "year_ending").values(
        "young_person_id", "in_touch", "activity", "accommodation"))

    tables: Tables = {name: [] for name in TABLES}
    in_header = {pk for pk, person in people.items() if person["child_id"]} | set(placements) | {
        outcome["young_person_id"] for outcome in outcomes_3}
    for pk in sorted(in_header, key=lambda pk: child[pk]):
        person = people[pk]
        tables["Header"].append({"CHILD": child[pk], "SEX": person["sex"] or "U", "DOB": dob[pk],
                                 "ETHNIC": person["ethnicity"] or "NOBT", "UPN": person["upn"],
                                 "MOTHER": person["mother"], "MC_DOB": format_date(person["mc_dob"])})
        if person["is_uasc"]:
            tables["UASC"].append({"CHILD": child[pk], "SEX": person["sex"] or "U", "DOB": dob[pk],
                                   "DUC": format_date(person["uasc_ceased_on"])})
        tables["Episodes"] += episode_rows(child[pk], placements.get(pk, []))

    def rows(queryset, *fields):
        """values() of the council's records of those in Header, in CHILD order."""
        found = [row for row in queryset.values("young_person_id", *fields) if row["young_person_id"] in in_header]
        return sorted(found, key=lambda row: child[row["young_person_id"]])

    for review in rows(Review.objects.filter(**mine, held_on__isnull=False).order_by("held_on", "pk"),
                       "held_on", "participation"):
        pk = review["young_person_id"]
        tables["Reviews"].append({"CHILD": child[pk], "DOB": dob[pk], "REVIEW": format_date(review["held_on"]),
                                  "REVIEW_CODE": review["participation"]})
    sdqs = {}  # (young person, 31 March): the latest SDQ recorded in that year
    for sdq in HealthCheck.objects.filter(**mine, kind=HealthCheck.Kind.SDQ).order_by("checked_on", "pk").values(
            "young_person_id", "checked_on", "sdq_score", "sdq_reason"):
        sdqs[sdq["young_person_id"], year_ending_of(sdq["checked_on"])] = sdq
    for outcome in rows(outcomes_2.order_by("year_ending"), "year_ending", "sdq_score", "sdq_reason",
                        *OC2_FLAGS.values()):
        pk = outcome["young_person_id"]
        if outcome["sdq_score"] is None and not outcome["sdq_reason"]:
            outcome |= {key: value for key, value in sdqs.get((pk, outcome["year_ending"]), {}).items()
                        if key in ("sdq_score", "sdq_reason")}
        score = "" if outcome["sdq_score"] is None else str(outcome["sdq_score"])
        tables["OC2"].append({"CHILD": child[pk], "DOB": dob[pk], "SDQ_SCORE": score,
                              "SDQ_REASON": outcome["sdq_reason"],
                              **{column: flag(outcome[name]) for column, name in OC2_FLAGS.items()}})
    for outcome in outcomes_3:
        pk = outcome["young_person_id"]
        tables["OC3"].append({"CHILD": child[pk], "DOB": dob[pk], "IN_TOUCH": outcome["in_touch"],
                              "ACTIV": outcome["activity"], "ACCOM": outcome["accommodation"]})
    for episode in rows(MissingEpisode.objects.filter(**mine).order_by("started_on", "pk"),
                        "kind", "started_on", "ended_on"):
        pk = episode["young_person_id"]
        tables["Missing"].append({"CHILD": child[pk], "DOB": dob[pk], "MISSING": episode["kind"],
                                  "MIS_START": format_date(episode["started_on"]),
                                  "MIS_END": format_date(episode["ended_on"])})
    tables["SWEpisodes"] = social_worker_rows(rows(
        Allocation.objects.filter(**mine, role=Role.SOCIAL_WORKER).order_by("started_on", "pk"),
        "started_on", "ended_on", "change_reason", "worker_id", "worker__sw_id"), child, dob)
    for kept in rows(KeptReturnRow.objects.filter(**mine).order_by("pk"), "table", "columns"):
        pk = kept["young_person_id"]
        tables[kept["table"]].append({"CHILD": child[pk], "DOB": dob[pk], **kept["columns"]})

    if year is not None:
        tables = collection_year(tables, year)
    held = {row["CHILD"] for row in tables["Header"]}
    return tables, {child[pk]: pk for pk in in_header if child[pk] in held}


def social_worker_rows(allocations: list[dict], child: dict[int, str], dob: dict[int, str]) -> list[dict[str, str]]:
    rows, seen = [], set()
    for allocation in allocations:  # in CHILD order, then by start
        pk = allocation["young_person_id"]
        reason = allocation["change_reason"] or (FIRST_SOCIAL_WORKER if pk not in seen else "")
        seen.add(pk)
        rows.append({"CHILD": child[pk], "DOB": dob[pk],
                     "SW_ID": allocation["worker__sw_id"] or f"{PORTAL_SW_PREFIX}{allocation['worker_id']:06d}",
                     "SW_DECOM": format_date(allocation["started_on"]), "SW_DEC": format_date(allocation["ended_on"]),
                     "SW_REASON": reason})
    return rows
