"""The SSDA903 return's facts have a home in the portal's records (issue 14): the council's child id, unique in a
council when given; episodes on placements, where a legal-status-only episode (RNE L) moves no ledger clock; periods
of care; records from the council's own files with no worker or IRO."""
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casework.models import (
    CareLeaverYearlyOutcome,
    MissingEpisode,
    Placement,
    PlacementKind,
    Sex,
    Worker,
    YearlyHealthOutcome,
    YoungPerson,
    care_periods,
)
from pledges.dashboard_filters import Period
from pledges.models import LedgerEntry
from pledges.stability import with_stability
from returns.models import KeptReturnRow, KeptTable

from .factories import CouncilFactory, MeasureFactory, WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db
LATER = date(2027, 9, 1)


def child(council, child_id, **fields) -> YoungPerson:
    values = {"council": council, "child_id": child_id, "date_of_birth": date(2008, 3, 27),
              "legal_status": "looked_after", "sex": Sex.FEMALE, "ethnicity": "WROM", "upn": "D051910639385"} | fields
    young_person = YoungPerson(**values)
    young_person.full_clean()
    young_person.save()
    return young_person


# --- the council's child id ----------------------------------------------------------------------------------

def test_a_child_id_keeps_its_leading_zeros_and_two_councils_may_share_one():
    first, second = CouncilFactory(), CouncilFactory()
    kept = child(first, "0566910")
    child(second, "0566910")
    assert YoungPerson.objects.get(pk=kept.pk).child_id == "0566910"
    assert YoungPerson.objects.filter(child_id="0566910").count() == 2


def test_one_council_cannot_hold_a_child_id_twice():
    council = CouncilFactory()
    child(council, "566910")
    with pytest.raises(ValidationError) as raised:
        child(council, "566910")
    assert "child_id" in str(raised.value) or "__all__" in raised.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        YoungPerson.objects.create(council=council, child_id="566910", date_of_birth=date(2008, 1, 1),
                                   legal_status="looked_after")


def test_people_made_in_the_portal_have_no_child_id_and_any_number_of_them_coexist():
    council = CouncilFactory()
    YoungPersonFactory(council=council, child_id="")
    YoungPersonFactory(council=council, child_id="")
    assert council.young_people.filter(child_id="").count() == 2


def test_a_worker_id_from_the_return_is_unique_in_a_council_and_blank_ones_coexist():
    council = CouncilFactory()
    WorkerFactory(council=council, sw_id="")
    WorkerFactory(council=council, sw_id="")
    WorkerFactory(council=council, sw_id="SW0042")
    WorkerFactory(council=CouncilFactory(), sw_id="SW0042")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkerFactory(council=council, sw_id="SW0042")
    assert Worker.objects.filter(sw_id="SW0042").count() == 2


def test_a_child_with_no_name_is_called_by_the_councils_id():
    young_person = child(CouncilFactory(), "566910")
    assert young_person.full_name == "Child 566910"
    assert young_person.display_name == "Child 566910"
    assert str(young_person) == "Child 566910"
    named = YoungPersonFactory(first_name="Robin", last_name="", preferred_name="")
    assert (named.full_name, named.display_name) == ("Robin", "Robin")


def test_the_return_facts_check_themselves():
    young_person = YoungPerson(council=CouncilFactory(), child_id="1", date_of_birth=date(2008, 1, 1),
                               legal_status="looked_after", uasc_ceased_on=date(2020, 1, 1), mc_dob=date(2024, 1, 1))
    with pytest.raises(ValidationError) as raised:
        young_person.full_clean()
    assert {"uasc_ceased_on", "mc_dob"} <= raised.value.message_dict.keys()


# --- episodes, periods of care and the ledger ------------------------------------------------------------------

def episode(young_person, started_on, rne, ended_on=None, end_reason="", **fields) -> Placement:
    codes = {"legal_status_code": "C2", "cin": "N1", "place": "U4", "place_provider": "PR1", "is_move": rne in "PTUB"}
    placement = Placement(young_person=young_person, kind=PlacementKind.FOSTER, started_on=started_on,
                          ended_on=ended_on, rne=rne, end_reason=end_reason, **codes | fields)
    with time_machine.travel(LATER):
        placement.full_clean()
        placement.save()
    return placement


def rows(young_person, key):
    return list(LedgerEntry.objects.filter(young_person=young_person, measure__key=key).order_by("cycle_start"))


@pytest.fixture
def in_care():
    young_person = child(CouncilFactory(), "566910", date_of_birth=date(2012, 3, 27),
                         became_looked_after_on=date(2026, 10, 1))
    MeasureFactory(council=young_person.council, key="move-review", name="move-review", rule="within",
                   params={"weeks": 4, "counts": "move_review"})
    MeasureFactory(council=young_person.council, key="visit", name="visit", rule="every",
                   params={"weeks": 6, "steps": [{"days": 7}], "restarts": "placement", "counts": "visit",
                           "starts": "came_into_care"})
    return young_person


def test_an_imported_episode_with_no_worker_and_no_carer_name_is_a_placement(in_care):
    placement = episode(in_care, date(2026, 10, 1), "S", urn="SC123456", home_post="BA1 1", pl_post="BA2 3")
    assert placement.recorded_by is None
    assert placement.where == "Foster carer"
    assert placement.is_from_return


@pytest.mark.parametrize("marked_as_move", [False, True])  # even one an import marked as a move by mistake
def test_a_legal_status_change_moves_no_clock_while_a_placement_change_is_a_move(in_care, marked_as_move):
    episode(in_care, date(2026, 10, 1), "S", date(2027, 1, 10), "X1")
    episode(in_care, date(2027, 1, 10), "L", date(2027, 1, 31), "X1", legal_status_code="C1", is_move=marked_as_move)
    assert rows(in_care, "move-review") == []
    # The first placement is the day they came into care: only a later placement restarts the visits.
    assert [r for r in rows(in_care, "visit") if r.started_by == "new_placement"] == []
    episode(in_care, date(2027, 1, 31), "P", reason_place_change="CARPL")
    [move_review] = rows(in_care, "move-review")
    assert move_review.due_on == date(2027, 2, 28)
    assert [r.due_on for r in rows(in_care, "visit") if r.started_by == "new_placement"] == [date(2027, 2, 7)]


def test_periods_of_care_start_at_s_and_end_at_a_reason_other_than_x1(in_care):
    episodes = [
        episode(in_care, date(2020, 1, 6), "S", date(2020, 5, 1), "X1"),
        episode(in_care, date(2020, 5, 1), "L", date(2021, 2, 1), "E13"),
        episode(in_care, date(2026, 10, 1), "S"),
    ]
    periods = care_periods(episodes)
    assert [(p.started_on, p.ended_on, p.end_reason) for p in periods] == [
        (date(2020, 1, 6), date(2021, 2, 1), "E13"), (date(2026, 10, 1), None, "")]
    # became_looked_after_on stays the current period's start; records of an earlier period are still accepted.
    assert in_care.became_looked_after_on == date(2026, 10, 1)
    assert in_care.first_came_into_care_on == date(2020, 1, 6)


def test_a_portal_recorded_placement_with_no_rne_starts_a_period():
    placements = [Placement(started_on=date(2024, 1, 1), ended_on=date(2024, 6, 1)),
                  Placement(started_on=date(2024, 6, 1))]
    assert [(p.started_on, p.ended_on) for p in care_periods(placements)] == [(date(2024, 1, 1), None)]


# --- the other tables ------------------------------------------------------------------------------------------

def test_missing_oc2_oc3_and_kept_rows_have_their_homes(in_care):
    for record in (
        MissingEpisode(young_person=in_care, kind="M", started_on=date(2027, 2, 1), ended_on=date(2027, 2, 3)),
        YearlyHealthOutcome(young_person=in_care, year_ending=date(2027, 3, 31), sdq_score=14, convicted=False,
                            health_check=True, immunisations=True, teeth_check=True, health_assessment=True,
                            substance_misuse=False),
        CareLeaverYearlyOutcome(young_person=in_care, year_ending=date(2027, 3, 31), in_touch="YES", activity="F2",
                                accommodation="B1"),
        KeptReturnRow(young_person=in_care, table=KeptTable.PREV_PERM,
                      columns={"PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""}),
    ):
        record.full_clean()
        record.save()
    bad = YearlyHealthOutcome(young_person=in_care, year_ending=date(2027, 4, 1), sdq_score=41)
    with pytest.raises(ValidationError) as raised:
        bad.full_clean()
    assert {"year_ending", "sdq_score"} <= raised.value.message_dict.keys()
    with pytest.raises(ValidationError):
        MissingEpisode(young_person=in_care, kind="M", started_on=date(2027, 2, 3), ended_on=date(2027, 2, 1)).full_clean()


def test_a_legal_status_change_is_not_another_placement_in_the_stability_figures(in_care):
    episode(in_care, date(2026, 10, 1), "S", date(2027, 1, 10), "X1")
    episode(in_care, date(2027, 1, 10), "L", date(2027, 1, 31), "X1", legal_status_code="C1")
    episode(in_care, date(2027, 1, 31), "P", reason_place_change="CARPL")
    young_people = with_stability(YoungPerson.objects.filter(pk=in_care.pk), Period(date(2026, 4, 1), date(2027, 3, 31)))
    assert young_people.get().placements_in_period == 2
