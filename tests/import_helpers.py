"""What the import tests share: a synthetic council's files, a council with measures to build a ledger from, and a
fingerprint of every table an import writes."""
import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import (
    Allocation,
    CareLeaverYearlyOutcome,
    Contact,
    HealthCheck,
    MissingEpisode,
    PathwayPlanVersion,
    Placement,
    Worker,
    YearlyHealthOutcome,
    YoungPerson,
)
from pledges.models import LedgerEntry
from returns.ssda903.writing import collection_year
from returns.values import parse_date
from returns.models import KeptReturnRow
from reviews.models import Consultation, Review

from .factories import CouncilFactory, MeasureFactory, contact_measures

LONDON = ZoneInfo("Europe/London")
END = date(2026, 3, 31)  # the synthetic council's files end with the 2025-26 collection year
NOW = datetime(2026, 4, 20, 10, tzinfo=LONDON)  # soon after, when the council imports them
REVIEWS = {"months": 6, "steps": [{"working_days": 20}, {"months": 3}], "counts": "review", "starts": "came_into_care"}
HEALTH = {"months": 12, "counts": "health_assessment", "starts": "came_into_care"}
# Every model an import writes, and the fields that say what it holds (not when it was written).
TABLES = {
    YoungPerson: ["child_id", "date_of_birth", "sex", "ethnicity", "upn", "mother", "mc_dob", "is_uasc",
                  "uasc_ceased_on", "legal_status", "became_looked_after_on", "first_name", "last_name"],
    Placement: ["young_person_id", "started_on", "ended_on", "kind", "is_move", "rne", "legal_status_code", "cin",
                "place", "place_provider", "end_reason", "reason_place_change", "home_post", "pl_post", "urn"],
    Review: ["young_person_id", "scheduled_for", "held_on", "participation", "iro_id"],
    YearlyHealthOutcome: ["young_person_id", "year_ending", "sdq_score", "sdq_reason", "health_check", "teeth_check"],
    CareLeaverYearlyOutcome: ["young_person_id", "year_ending", "in_touch", "activity", "accommodation"],
    MissingEpisode: ["young_person_id", "kind", "started_on", "ended_on"],
    Allocation: ["young_person_id", "worker_id", "role", "started_on", "ended_on", "change_reason"],
    Worker: ["name", "sw_id", "role"],
    KeptReturnRow: ["young_person_id", "table", "columns"],
    Contact: ["young_person_id", "worker_id", "happened_on", "kind"],
    HealthCheck: ["young_person_id", "kind", "checked_on"],
    PathwayPlanVersion: ["young_person_id", "version", "agreed_on"],
    Consultation: ["review_id", "consulted_on", "method"],
    LedgerEntry: ["young_person_id", "measure_id", "cycle_start", "due_on", "status", "met_on", "explanation"],
}


@pytest.fixture
def after_the_year_ended():
    """The import tests run soon after the synthetic council's year ended (each file uses it in pytestmark)."""
    with time_machine.travel(NOW, tick=False):
        yield


def council_with_measures(**kwargs):
    council = CouncilFactory(**kwargs)
    contact_measures(council)
    MeasureFactory(council=council, key="statutory-review", name="Reviews", basis="statutory", params=REVIEWS)
    MeasureFactory(council=council, key="health-assessment", name="Health assessment", basis="statutory",
                   params=HEALTH)
    return council


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def fingerprint() -> str:
    """A hash of every row of every table an import writes (ordered, so the same rows give the same hash)."""
    digest = hashlib.sha256()
    for model, fields in TABLES.items():
        for row in model.objects.order_by("pk").values_list("pk", *fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def as_at_year_end(tables: dict, year_ending: int) -> dict:
    """The collection year's rows as that year's return gives them: what had not ended by its 31 March is open
    (DEC, REC and REASON_PLACE_CHANGE blank; MIS_END and SW_DEC too). OC2 and OC3 only for the last year."""
    year = collection_year(tables, year_ending)
    last = date(year_ending, 3, 31)

    def opened(row, end, *also):
        if row[end] and parse_date(row[end]) > last:
            return {**row, end: "", **{column: "" for column in also}}
        return row
    year["Episodes"] = [opened(row, "DEC", "REC", "REASON_PLACE_CHANGE") for row in year["Episodes"]]
    year["Missing"] = [opened(row, "MIS_END") for row in year["Missing"]]
    year["SWEpisodes"] = [opened(row, "SW_DEC") for row in year["SWEpisodes"]]
    if year_ending < END.year:
        year["OC2"], year["OC3"] = [], []
    return year


def as_files(files: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return sorted(files.items())
