"""The SSDA903 export from records made in the portal (issue 14): what workers recorded becomes the return's rows,
with the derivations returns/exporting/episodes.py and ssda903.py document."""
import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.health.models import YearlyHealthOutcome
from casework.leaving_care.models import CareLeaverYearlyOutcome
from casework.models import Allocation, LegalStatus, Role
from casework.plans.models import Placement, PlacementKind
from casework.worries.models import MissingEpisode
from returns.exporting.service import returns_export_903, returns_export_young_person_ids
from returns.models import KeptReturnRow
from reviews.models import Review

from .factories import WorkerFactory, YoungPersonFactory

FILES = {"header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv",
         "placedadoption.csv", "prevperm.csv", "missing.csv", "swepisodes.csv"}


def read(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def placement(young_person, kind, started_on, ended_on=None, **codes):
    return Placement.objects.create(young_person=young_person, kind=kind, started_on=started_on, ended_on=ended_on,
                                    **codes)


@pytest.fixture
def council_records(people):
    """Robin came from the return (child id with a leading zero, an imported first episode) and then moved in the
    portal; Sky was recorded only in the portal and has two periods of care."""
    robin, sky = people.young_person, people.other_young_person
    robin.child_id, robin.sex, robin.ethnicity, robin.upn = "0012345", "M", "WBRI", "A123456789012"
    robin.date_of_birth, robin.is_uasc, robin.uasc_ceased_on = date(2009, 3, 14), True, date(2027, 3, 14)
    robin.save()
    sky.date_of_birth = date(2012, 8, 1)
    sky.save()
    placement(robin, PlacementKind.FOSTER, date(2023, 5, 1), date(2024, 2, 10), rne="S", legal_status_code="C2",
              cin="N1", place="U4", place_provider="PR1", end_reason="X1", reason_place_change="CARPL",
              home_post="TW2 7HQ", pl_post="TW1 2NN", urn="SC012345")
    placement(robin, PlacementKind.RESIDENTIAL, date(2024, 2, 10), recorded_by=people.social_worker, is_move=True)
    placement(sky, PlacementKind.FOSTER, date(2021, 1, 4), date(2021, 6, 30), recorded_by=people.social_worker)
    placement(sky, PlacementKind.CONNECTED_PERSON, date(2022, 3, 1), date(2024, 9, 2), recorded_by=people.other_worker)
    placement(sky, PlacementKind.SEMI_INDEPENDENT, date(2024, 9, 2), recorded_by=people.other_worker, is_move=True)
    Review.objects.create(young_person=robin, iro=people.iro, scheduled_for=date(2024, 6, 1), held_on=date(2024, 6, 3),
                          participation="PN1")
    Review.objects.create(young_person=robin, iro=people.iro, scheduled_for=date(2026, 1, 5))  # booked, not held
    MissingEpisode.objects.create(young_person=robin, kind="M", started_on=date(2024, 7, 1), ended_on=date(2024, 7, 2))
    YearlyHealthOutcome.objects.create(young_person=robin, year_ending=date(2025, 3, 31), sdq_score=12,
                                       convicted=False, immunisations=True, health_assessment=True)
    KeptReturnRow.objects.create(young_person=robin, table="PrevPerm",
                                 columns={"PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""})
    # Robin's social worker changes: to a worker the council knows by its own SW_ID, for a reason it gave.
    Allocation.objects.filter(young_person=robin, role=Role.SOCIAL_WORKER).update(ended_on=date(2024, 8, 1))
    known = WorkerFactory(council=people.council, team=people.team, role=Role.SOCIAL_WORKER, sw_id="SW000123")
    Allocation.objects.create(young_person=robin, worker=known, role=Role.SOCIAL_WORKER, started_on=date(2024, 8, 1),
                              change_reason="LEFTRL")
    return people


def test_every_table_is_a_file_with_the_dfe_columns(council_records):
    files = returns_export_903(council=council_records.council, year=None)
    assert set(files) == FILES
    assert files["episodes.csv"].splitlines()[0] == (
        b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN")
    assert files["ad1.csv"].splitlines() == [b"CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"]


def test_header_keeps_the_child_id_and_gives_a_portal_child_a_stable_one(council_records):
    people = council_records
    header = read(returns_export_903(council=people.council, year=None), "header.csv")
    sky_id = f"PP{people.other_young_person.pk:06d}"
    assert header == [
        {"CHILD": "0012345", "SEX": "M", "DOB": "14/03/2009", "ETHNIC": "WBRI", "UPN": "A123456789012", "MOTHER": "",
         "MC_DOB": ""},
        {"CHILD": sky_id, "SEX": "U", "DOB": "01/08/2012", "ETHNIC": "NOBT", "UPN": "", "MOTHER": "", "MC_DOB": ""},
    ]
    assert people.elsewhere_young_person.pk not in returns_export_young_person_ids(council=people.council, year=None)
    assert returns_export_young_person_ids(council=people.council, year=None) == sorted(
        [people.young_person.pk, people.other_young_person.pk])


def test_a_move_recorded_by_a_worker_continues_the_imported_episode(council_records):
    episodes = [row for row in read(returns_export_903(council=council_records.council, year=None), "episodes.csv")
                if row["CHILD"] == "0012345"]
    assert episodes == [
        {"CHILD": "0012345", "DECOM": "01/05/2023", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U4",
         "PLACE_PROVIDER": "PR1", "DEC": "10/02/2024", "REC": "X1", "REASON_PLACE_CHANGE": "CARPL",
         "HOME_POST": "TW2 7HQ", "PL_POST": "TW1 2NN", "URN": "SC012345"},
        {"CHILD": "0012345", "DECOM": "10/02/2024", "RNE": "P", "LS": "C2", "CIN": "N1", "PLACE": "K2",
         "PLACE_PROVIDER": "", "DEC": "", "REC": "", "REASON_PLACE_CHANGE": "", "HOME_POST": "TW2 7HQ",
         "PL_POST": "", "URN": ""},
    ]


def test_a_child_recorded_in_the_portal_with_two_periods_of_care(council_records):
    sky_id = f"PP{council_records.other_young_person.pk:06d}"
    episodes = [(row["DECOM"], row["RNE"], row["PLACE"], row["DEC"], row["REC"])
                for row in read(returns_export_903(council=council_records.council, year=None), "episodes.csv")
                if row["CHILD"] == sky_id]
    assert episodes == [
        ("04/01/2021", "S", "U6", "30/06/2021", ""),  # ended with nothing after: why care ended is not known
        ("01/03/2022", "S", "U3", "02/09/2024", "X1"),  # after a gap: a new period
        ("02/09/2024", "P", "K3", "", ""),  # semi-independent from 2024-25 is K3, supported accommodation
    ]


def test_reviews_missing_outcomes_kept_rows_and_uasc(council_records):
    files = returns_export_903(council=council_records.council, year=None)
    assert read(files, "reviews.csv") == [{"CHILD": "0012345", "DOB": "14/03/2009", "REVIEW": "03/06/2024",
                                           "REVIEW_CODE": "PN1"}]
    assert read(files, "missing.csv") == [{"CHILD": "0012345", "DOB": "14/03/2009", "MISSING": "M",
                                           "MIS_START": "01/07/2024", "MIS_END": "02/07/2024"}]
    assert read(files, "oc2.csv") == [{"CHILD": "0012345", "DOB": "14/03/2009", "SDQ_SCORE": "12", "SDQ_REASON": "",
                                       "CONVICTED": "0", "HEALTH_CHECK": "", "IMMUNISATIONS": "1", "TEETH_CHECK": "",
                                       "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "", "INTERVENTION_RECEIVED": "",
                                       "INTERVENTION_OFFERED": ""}]
    assert read(files, "prevperm.csv") == [{"CHILD": "0012345", "DOB": "14/03/2009", "PREV_PERM": "Z1",
                                            "LA_PERM": "", "DATE_PERM": ""}]
    assert read(files, "uasc.csv") == [{"CHILD": "0012345", "SEX": "M", "DOB": "14/03/2009", "DUC": "14/03/2027"}]


def test_social_worker_allocations_are_sw_episodes(council_records):
    people = council_records
    rows = read(returns_export_903(council=people.council, year=None), "swepisodes.csv")
    assert [row for row in rows if row["CHILD"] == "0012345"] == [
        {"CHILD": "0012345", "DOB": "14/03/2009", "SW_ID": f"SWPP{people.social_worker.pk:06d}",
         "SW_DECOM": "01/01/2024", "SW_DEC": "01/08/2024", "SW_REASON": "FCONTA"},
        {"CHILD": "0012345", "DOB": "14/03/2009", "SW_ID": "SW000123", "SW_DECOM": "01/08/2024", "SW_DEC": "",
         "SW_REASON": "LEFTRL"},
    ]  # the IRO's allocation is not a social worker episode


def test_a_collection_year_holds_what_was_open_in_it(council_records):
    people = council_records
    files = returns_export_903(council=people.council, year=2025)
    episodes = [(row["CHILD"], row["DECOM"]) for row in read(files, "episodes.csv")]
    sky_id = f"PP{people.other_young_person.pk:06d}"
    assert episodes == [("0012345", "10/02/2024"), (sky_id, "01/03/2022"), (sky_id, "02/09/2024")]
    assert [row["REVIEW"] for row in read(files, "reviews.csv")] == ["03/06/2024"]
    assert len(read(files, "oc2.csv")) == 1  # kept under 31 March 2025
    assert read(returns_export_903(council=people.council, year=2026), "oc2.csv") == []
    assert read(files, "prevperm.csv") == []  # Robin's care began before 2024-25
    assert read(returns_export_903(council=people.council, year=2021), "header.csv")[0]["SEX"] == "U"


def test_the_export_costs_the_same_queries_for_more_children(council_records):
    people = council_records
    with CaptureQueriesContext(connection) as before:
        returns_export_903(council=people.council, year=None)
    for number in range(5):
        child = YoungPersonFactory(council=people.council, child_id=f"00{number}", user=None)
        placement(child, PlacementKind.FOSTER, date(2024, 1, 1), rne="S", legal_status_code="C2", cin="N1",
                  place="U4")
        Review.objects.create(young_person=child, scheduled_for=date(2024, 3, 1), held_on=date(2024, 3, 1),
                              participation="PN1")
        CareLeaverYearlyOutcome.objects.create(young_person=child, year_ending=date(2025, 3, 31), in_touch="YES",
                                               activity="F2", accommodation="U1")
    with CaptureQueriesContext(connection) as after:
        files = returns_export_903(council=people.council, year=None)
    assert len(read(files, "header.csv")) == 7
    assert len(after.captured_queries) == len(before.captured_queries) <= 12


def test_the_command_writes_the_files(council_records, tmp_path):
    call_command("export_903", "--council", council_records.council.slug, "--year", "2025", str(tmp_path),
                 stdout=io.StringIO())
    assert {path.name for path in tmp_path.iterdir()} == FILES
    assert b"0012345" in (tmp_path / "header.csv").read_bytes()
    with pytest.raises(CommandError, match="no council with the slug 'nowhere'"):
        call_command("export_903", "--council", "nowhere", str(tmp_path / "elsewhere"), stdout=io.StringIO())
    assert not (tmp_path / "elsewhere").exists()


def test_a_care_leaver_with_an_oc3_row_is_in_header(people):
    CareLeaverYearlyOutcome.objects.create(young_person=people.elsewhere_young_person, year_ending=date(2026, 3, 31),
                                           in_touch="YES", activity="F2", accommodation="U1")
    assert people.elsewhere_young_person.legal_status == LegalStatus.CARE_LEAVER
    files = returns_export_903(council=people.elsewhere, year=2026)
    assert [row["IN_TOUCH"] for row in read(files, "oc3.csv")] == ["YES"]
    assert len(read(files, "header.csv")) == 1


def test_an_imported_episode_a_portal_move_ended_continues_into_the_move(people):
    child = YoungPersonFactory(council=people.council, user=None, child_id="0777")
    placement(child, PlacementKind.FOSTER, date(2024, 1, 8), date(2025, 9, 1), rne="S", legal_status_code="V2",
              cin="N4", place="U6", place_provider="PR4", home_post="TW2 7HQ", pl_post="KT1 3JR", urn="SC123456")
    placement(child, PlacementKind.OTHER, date(2025, 9, 1), recorded_by=people.social_worker, is_move=True)
    episodes = read(returns_export_903(council=people.council, year=2026), "episodes.csv")
    assert [(row["DECOM"], row["RNE"], row["LS"], row["PLACE"], row["DEC"], row["REC"]) for row in episodes] == [
        ("08/01/2024", "S", "V2", "U6", "01/09/2025", "X1"), ("01/09/2025", "P", "V2", "Z14", "", "")]
