"""What the leaving care tests share (tests/test_leaving_care_*.py): a frozen today, a care leaver, their date of
birth, a pathway plan's form and writing one."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.leaving_care.services import pathway_plan_version_create
from casework.models import LegalStatus, PathwayPlanVersion

NOW = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()

SECTIONS = {
    "goals": "To be a chef and have my own flat.",
    "home": "Staying put with Jan until summer, then a flat with floating support.",
    "education_and_work": "Level 2 catering at the college, 3 days a week.",
    "money": "Bursary of £1,200 a year; help to open a bank account.",
    "health_and_wellbeing": "Registered with the GP near the college.",
}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def leaver(people):
    """Robin, 19 today: a care leaver."""
    young_person = people.young_person
    young_person.date_of_birth = date(2007, 6, 1)
    young_person.legal_status = LegalStatus.CARE_LEAVER
    young_person.became_looked_after_on = date(2015, 1, 5)
    young_person.save()
    return young_person


def born(people, day: date):
    people.young_person.date_of_birth = day
    people.young_person.became_looked_after_on = None
    people.young_person.save()
    return people.young_person


def morning_of(day: date):
    """The clock stopped at 9 o'clock (London) on a day: a deadline's day before, day of and day after."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Europe/London")), tick=False)


def date_fields(name: str, day: date | None) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year} if day else {}


def write(people, agreed_on=date(2025, 3, 1), **overrides) -> PathwayPlanVersion:
    return pathway_plan_version_create(young_person=people.young_person, written_by=people.social_worker,
                                       agreed_on=agreed_on, **(SECTIONS | overrides))


def page(response) -> str:
    return response.content.decode()
