"""The young people an SSDA903 import brings: matched by (council, CHILD id), created nameless ("Child 566910"),
their Header and UASC columns kept, and their legal status and the start of their latest period of care worked out
from every episode held, the file's and those an earlier import left.

Legal status (decided here, once): looked after while their latest period of care is open; a care leaver once it
ended on or after their 16th birthday (the law's eligible, relevant and former relevant children all were in care at
16 or over); left care before 16 (LegalStatus.LEFT_CARE: went home, adopted, special guardianship) when it ended
earlier. The return still needs those children, but the portal owes them no promise: neither the visits of a child
in care nor a care leaver's keeping in touch until 25. A child with no episode held at all (only in OC3, say) is a
care leaver. became_looked_after_on is the start of the latest period.
"""
from datetime import date

from casework.models import LegalStatus, Placement, YoungPerson, care_periods
from returns.importing.plan import TablePlan
from returns.ssda903.typed import ChildRecord

OLD_SEX = {"1": "M", "2": "F"}  # SEX was 1/2 until 2023-24
HEADER_FIELDS = ["date_of_birth", "sex", "ethnicity", "upn", "mother", "mc_dob", "is_uasc", "uasc_ceased_on"]
STATUS_FIELDS = ["legal_status", "became_looked_after_on"]


def header_values(child: ChildRecord, held: YoungPerson | None) -> dict:
    """What Header and UASC say. A blank the file leaves (UPN, MOTHER, no UASC row) keeps what is held: a later
    year's return leaves out what no longer applies to that year (MOTHER is only asked of children looked after in
    it; UASC rows stop once DUC is before the year), and an import deletes nothing because a file leaves it out."""
    values = {"date_of_birth": child.date_of_birth, "sex": OLD_SEX.get(child.sex, child.sex),
              "ethnicity": child.ethnicity}
    if child.upn or held is None:
        values["upn"] = child.upn or ""
    if child.mother is not None or held is None:
        values["mother"] = {True: "1", False: "0", None: ""}[child.mother]
        values["mc_dob"] = child.child_of_mother_dob if child.mother else None
    if child.uasc is not None:
        values["is_uasc"], values["uasc_ceased_on"] = True, child.uasc.ceased
    elif held is None:
        values["is_uasc"], values["uasc_ceased_on"] = False, None
    return values


def status_values(placements: list[Placement], date_of_birth: date) -> dict:
    """legal_status and became_looked_after_on from every episode held (see the module's note)."""
    periods = care_periods(placements)
    if not periods:
        return {"legal_status": LegalStatus.CARE_LEAVER, "became_looked_after_on": None}
    latest = periods[-1]
    if latest.ended_on is None:
        status = LegalStatus.LOOKED_AFTER
    elif age_on(date_of_birth, latest.ended_on) >= 16:
        status = LegalStatus.CARE_LEAVER
    else:
        status = LegalStatus.LEFT_CARE
    return {"legal_status": status, "became_looked_after_on": latest.started_on}


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def plan_young_people(*, council, children: list[ChildRecord], held: dict[str, YoungPerson]
                      ) -> tuple[TablePlan, dict[str, YoungPerson]]:
    """The plan for the young people's Header fields (new ones built with a provisional status, settled by
    plan_statuses once the placements are planned), and every child's YoungPerson (held or new) by CHILD id."""
    plan = TablePlan(YoungPerson, HEADER_FIELDS + STATUS_FIELDS)
    people = {}
    wanted = {}
    for child in children:
        wanted[child.child_id] = header_values(child, held.get(child.child_id))
    plan.sync(held=held, wanted=wanted, child_of=lambda key: key,
              build=lambda key, values: YoungPerson(council=council, child_id=key, legal_status=LegalStatus.CARE_LEAVER,
                                                    **values))
    for row in plan.create:
        people[row.child_id] = row
    for child_id, row in held.items():
        people.setdefault(child_id, row)
    return plan, people


def plan_statuses(*, plan: TablePlan, people: dict[str, YoungPerson], child_ids: list[str],
                  placements: dict[str, list[Placement]]) -> None:
    """Settle each imported child's legal status from their placements (held and planned): a changed held young
    person joins the plan's updates (once)."""
    updating = {id(row) for row in plan.update}
    created = {id(row) for row in plan.create}
    for child_id in child_ids:
        person = people[child_id]
        values = status_values(placements.get(child_id, []), person.date_of_birth)
        if all(getattr(person, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(person, name, value)
        if id(person) not in updating and id(person) not in created:
            plan.update.append(person)
            updating.add(id(person))
            plan.touched.add(child_id)


def count_people(plan: TablePlan, child_ids: list[str]) -> dict[str, int]:
    new, changed = len(plan.create), len(plan.update)
    return {"young_people_new": new, "young_people_changed": changed,
            "young_people_unchanged": len(set(child_ids)) - new - changed}


def latest_day(children: list[ChildRecord]) -> date | None:
    """The latest day the return's records reach (starts and ends of episodes, reviews, missing and social worker
    episodes; not DUC, which may be a birthday to come): it decides the collection year OC2 and OC3 belong to."""
    days = []
    for child in children:
        days += [day for item in child.episodes for day in (item.start, item.end) if day]
        days += [item.date for item in child.reviews]
        days += [day for item in child.missing for day in (item.start, item.end) if day]
        days += [day for item in child.social_workers for day in (item.start, item.end) if day]
    return max(days, default=None)


def year_ending_of(day: date) -> date:
    """The 31 March that closes the collection year `day` falls in."""
    return date(day.year + 1 if (day.month, day.day) > (3, 31) else day.year, 3, 31)
