"""Ofsted's Annex A lists 8 (children in care) and 9 (care leavers) from the portal's records, as they stand on a
day, with the columns as returns.annex_a.columns names them.

Who is on which list: list 8 holds the young people the portal has as looked after, list 9 its care leavers under
26 (those whose care ended at 16 or over; a child who left care younger is LegalStatus.LEFT_CARE, on neither).
Where each column comes from (a column the portal holds nothing for is left blank, never guessed):
- Child Unique ID, Gender, Ethnicity: the 903 CHILD id, SEX and ETHNIC (ssda903.py: a stable id for a young person
  added in the portal); Age: whole years on the day.
- Date Started to be Looked After: the start of the current period of care (casework.plans.episodes.care_periods
  over the placements), else became_looked_after_on. Second period within 12 months: Y when an earlier period
  ended in the 12 months before the current one started.
- Category of Need, Legal Status: the latest episode's CIN and LS (episodes.py derives them for a placement
  recorded in the portal); Start date of current legal status: the first episode of the latest run with that LS.
- Latest Statutory Review: the latest held review. Last Social Work Visit: the latest visit (ContactKind.visits).
  Last IRO Visit / Contact: the latest IRO consultation before a review, or contact recorded by an IRO.
  Last Health Assessment / Dental Check: the latest HealthCheck of that kind (an initial health assessment is one).
- Number of Placements in the Last 12 months: episodes that began a placement (RNE other than L) and were open at
  some time in the 12 months. Most Recent Placement's start, type (PLACE), provider, postcode and URN: the latest
  episode that began a placement. Missing / Absent: missing episodes (M / A) that began in the 12 months. Return
  Interview offered / accepted: Y or N for the episode they came back from last (blank if none).
- Allocated Team and Worker: the current social worker and their team (list 9: the current personal adviser, or
  the social worker when there is none). Personal Adviser: the current personal adviser.
- LA in Touch, Type and Suitability of Accommodation, Activity Status: the latest OC3 outcome (IN_TOUCH, the letter
  and digit of ACCOM, ACTIV). UASC: Y or N. Latest Pathway Plan Date: the latest pathway plan agreed. Latest
  Contact Date: the latest contact of any kind.
"""
import io
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Max
from openpyxl import Workbook

from casework.contacts.models import Contact, ContactKind
from casework.health.models import HealthCheck
from casework.leaving_care.models import CareLeaverYearlyOutcome, PathwayPlanVersion
from casework.models import Allocation, LegalStatus, Role, YoungPerson
from casework.plans.episodes import EPISODE_CONTINUES, CarePeriod, care_periods
from casework.plans.models import Placement
from casework.worries.models import MissingEpisode
from returns.annex_a.columns import LIST_8_COLUMNS, LIST_9_COLUMNS
from returns.annex_a.synthetic import write_list
from returns.exporting.episodes import PLACEMENT_FIELDS, episode_rows
from returns.exporting.ssda903 import child_id_for
from returns.values import parse_date
from reviews.models import Consultation, Review

DATE_FORMAT = "dd/mm/yyyy"
HEALTH_ASSESSMENTS = (HealthCheck.Kind.HEALTH_ASSESSMENT, HealthCheck.Kind.INITIAL_HEALTH_ASSESSMENT)


def latest(queryset, person: str = "young_person_id", field: str = "") -> dict[int, date]:
    """{young person pk: the latest `field`} over a queryset, in one query."""
    return {row[person]: row["latest"] for row in queryset.values(person).annotate(latest=Max(field))}


def years_between(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class _Records:
    """Everything the lists need for the whole council, a fixed number of queries."""

    def __init__(self, council, today: date):
        mine = {"young_person__council": council}
        self.people = list(YoungPerson.objects.filter(council=council).order_by("child_id", "pk").values(
            "pk", "child_id", "sex", "ethnicity", "date_of_birth", "legal_status", "became_looked_after_on",
            "is_uasc"))
        self.placements = defaultdict(list)
        for placement in Placement.objects.filter(**mine).values(*PLACEMENT_FIELDS):
            self.placements[placement["young_person_id"]].append(placement)
        self.review = latest(Review.objects.filter(**mine, held_on__isnull=False), field="held_on")
        self.visit = latest(Contact.objects.filter(**mine, kind__in=ContactKind.visits()), field="happened_on")
        self.contact = latest(Contact.objects.filter(**mine), field="happened_on")
        iro_contact = latest(Contact.objects.filter(**mine, worker__role=Role.IRO), field="happened_on")
        consulted = latest(Consultation.objects.filter(review__young_person__council=council),
                           person="review__young_person_id", field="consulted_on")
        self.iro = {pk: max(day for day in (iro_contact.get(pk), consulted.get(pk)) if day)
                    for pk in iro_contact.keys() | consulted.keys()}
        self.checks = defaultdict(dict)
        for row in HealthCheck.objects.filter(**mine).values("young_person_id", "kind").annotate(
                latest=Max("checked_on")):
            self.checks[row["young_person_id"]][row["kind"]] = row["latest"]
        self.pathway_plan = latest(PathwayPlanVersion.objects.filter(**mine), field="agreed_on")
        self.allocated = defaultdict(dict)
        for row in Allocation.objects.filter(**mine, ended_on__isnull=True).values(
                "young_person_id", "role", "worker__name", "worker__team__name"):
            self.allocated[row["young_person_id"]][row["role"]] = (row["worker__team__name"] or "",
                                                                   row["worker__name"])
        self.outcome = {}
        for row in CareLeaverYearlyOutcome.objects.filter(**mine).order_by("year_ending").values(
                "young_person_id", "in_touch", "activity", "accommodation"):
            self.outcome[row["young_person_id"]] = row  # the latest year's wins
        # One read of the episodes: the count of those that began in the 12 months, and the return interview after
        # each one's last episode that has ended (the latest return wins).
        self.missing = defaultdict(lambda: {"M": 0, "A": 0})
        self.last_return = {}
        year_ago = today - timedelta(days=365)
        for row in MissingEpisode.objects.filter(**mine, started_on__lte=today).order_by("ended_on", "pk").values(
                "young_person_id", "kind", "started_on", "ended_on", "return_interview_offered_on",
                "return_interview_accepted"):
            if row["started_on"] > year_ago:
                self.missing[row["young_person_id"]][row["kind"]] += 1
            if row["ended_on"] is not None and row["ended_on"] <= today:
                self.last_return[row["young_person_id"]] = row


def annex_a_list_of(person: dict, today: date) -> int | None:
    """Which list a young person is on: 8 (in care), 9 (a care leaver under 26) or neither."""
    if person["legal_status"] == LegalStatus.LOOKED_AFTER:
        return 8
    if person["legal_status"] == LegalStatus.CARE_LEAVER and years_between(person["date_of_birth"], today) <= 25:
        return 9
    return None


def annex_a_rows(*, council, today: date) -> tuple[list[dict], list[dict], list[int]]:
    """Lists 8 and 9 as rows of {Ofsted heading: date, number or text}, and the young people on them (for the
    audit trail: each is told their record was downloaded)."""
    records = _Records(council, today)
    list_8, list_9, young_people = [], [], []
    for person in records.people:
        pk, number = person["pk"], annex_a_list_of(person, today)
        if number is None:
            continue
        common = {"Child Unique ID": child_id_for(pk, person["child_id"]), "Gender": person["sex"],
                  "Ethnicity": person["ethnicity"], "Date of Birth": person["date_of_birth"],
                  "Age of Child (Years)": years_between(person["date_of_birth"], today)}
        if number == 8:
            list_8.append(common | in_care_columns(records, person, today))
        else:
            list_9.append(common | care_leaver_columns(records, person))
        young_people.append(pk)
    return list_8, list_9, young_people


def allocated(records: _Records, pk: int, *roles: str) -> tuple[str, str]:
    return next((records.allocated[pk][role] for role in roles if role in records.allocated[pk]), ("", ""))


def in_care_columns(records: _Records, person: dict, today: date) -> dict:
    pk = person["pk"]
    episodes = episode_rows("", records.placements.get(pk, []))
    periods = care_periods([_Episode(number, episode) for number, episode in enumerate(episodes)])
    current = periods[-1] if periods else CarePeriod(person["became_looked_after_on"], None)
    year_ago = today - timedelta(days=365)
    again = any(period.ended_on and year_ago <= period.ended_on <= (current.started_on or today)
                for period in periods[:-1])
    moves = [episode for episode in episodes if episode["RNE"] != "L"]
    last = episodes[-1] if episodes else {}
    placement = moves[-1] if moves else {}
    legal_since = None
    for episode in reversed(episodes):
        if episode["LS"] != last.get("LS"):
            break
        legal_since = episode["DECOM"]
    team, worker = allocated(records, pk, Role.SOCIAL_WORKER)
    missing = records.missing[pk]
    return {
        "Date Started to be Looked After": current.started_on, "Child's Category of Need": last.get("CIN", ""),
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)":
            "Y" if again else "N",
        "Start date of current legal status": parse_date(legal_since), "Child's Legal Status": last.get("LS", ""),
        "Date of Latest Statutory Review": records.review.get(pk),
        "Date of Last Social Work Visit": records.visit.get(pk),
        "Date of Last IRO Visit / Contact to the Child": records.iro.get(pk),
        "Date of Last Health Assessment": max(
            filter(None, (records.checks[pk].get(kind) for kind in HEALTH_ASSESSMENTS)), default=None),
        "Date of Last Dental Check": records.checks[pk].get(HealthCheck.Kind.DENTAL),
        "Number of Placements in the Last 12 months": sum(
            1 for episode in moves if parse_date(episode["DECOM"]) <= today
            and (not episode["DEC"] or parse_date(episode["DEC"]) >= year_ago)),
        "Date Ceased to be Looked After": current.ended_on, "Reason Ceased to be Looked After": current.end_reason,
        "Start Date of Most Recent Placement": parse_date(placement.get("DECOM")),
        "Placement Type": placement.get("PLACE", ""), "Placement Provider": placement.get("PLACE_PROVIDER", ""),
        "Placement postcode": placement.get("PL_POST", ""), "URN of Placement": placement.get("URN", ""),
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": missing["M"],
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": missing["A"],
        **return_interview_columns(records.last_return.get(pk)),
        "Allocated Team": team, "Allocated Worker": worker,
    }


def return_interview_columns(last: dict | None) -> dict:
    """Y or N for the return interview after their last missing episode; blank when they have come back from none."""
    if last is None:
        return {}
    offered = last["return_interview_offered_on"] is not None
    return {"Was the child offered a Return Interview after their last missing episode (Y/N)?": "Y" if offered else "N",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?":
                "Y" if last["return_interview_accepted"] else "N"}


def care_leaver_columns(records: _Records, person: dict) -> dict:
    pk = person["pk"]
    team, worker = allocated(records, pk, Role.PERSONAL_ADVISER, Role.SOCIAL_WORKER)
    outcome = records.outcome.get(pk, {})
    accommodation = outcome.get("accommodation", "")
    return {
        "Allocated Team": team, "Allocated Worker": worker, "LA in Touch": outcome.get("in_touch", ""),
        "Type of Accommodation": accommodation[:1] if accommodation != "0" else "",
        "Suitability of Accommodation": {"1": "Suitable", "2": "Not suitable"}.get(accommodation[1:], ""),
        "Activity Status": outcome.get("activity", ""), "UASC": "Y" if person["is_uasc"] else "N",
        "Personal Adviser": allocated(records, pk, Role.PERSONAL_ADVISER)[1],
        "Latest Pathway Plan Date": records.pathway_plan.get(pk), "Latest Contact Date": records.contact.get(pk),
    }


class _Episode:
    """An Episodes row as care_periods reads an episode (so a placement recorded in the portal counts with the RNE
    and REC episodes.py gives it)."""

    def __init__(self, number: int, row: dict):
        self.pk, self.rne, self.end_reason = number, row["RNE"], row["REC"]
        self.started_on, self.ended_on = parse_date(row["DECOM"]), parse_date(row["DEC"])

    @property
    def ends_period(self) -> bool:
        return self.ended_on is not None and bool(self.end_reason) and self.end_reason != EPISODE_CONTINUES


def annex_a_files(*, council, today: date, form: str) -> dict[str, bytes]:
    list_8, list_9, _ = annex_a_rows(council=council, today=today)
    lists = {8: (LIST_8_COLUMNS, list_8), 9: (LIST_9_COLUMNS, list_9)}
    if form == "xlsx":
        return {f"annex_a_list_{number}.xlsx": workbook(number, *columns_rows)
                for number, columns_rows in lists.items()}
    # write_list leaves out what is falsy; a count of 0 is a fact, so it goes as text
    return {f"annex_a_list_{number}.csv": write_list(columns, [
        {column: str(value) if isinstance(value, int) else value for column, value in row.items()} for row in rows])
        for number, (columns, rows) in lists.items()}


def workbook(number: int, columns: list[str], rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"List {number}"
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
