"""Ofsted's Annex A lists 8 and 9 from the portal's records (issue 14), as CSV and as XLSX."""
import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from casework.contacts.models import Contact, ContactKind
from casework.health.models import HealthCheck
from casework.leaving_care.models import CareLeaverYearlyOutcome, PathwayPlanVersion
from casework.models import Allocation, LegalStatus, Role
from casework.plans.models import Placement, PlacementKind
from casework.worries.models import MissingEpisode
from returns.annex_a.checking import annex_a_records, check_annex_a
from returns.annex_a.columns import LIST_8_COLUMNS, LIST_9_COLUMNS
from returns.annex_a.reading import read_annex_a
from returns.annex_a.synthetic import annex_a_rows, write_annex_a
from returns.exporting.service import returns_export_annex_a
from returns.importing.service import returns_import_903, returns_import_annex_a
from returns.ssda903.synthetic import write_903
from reviews.models import Consultation, Review

from .factories import CouncilFactory, WorkerFactory, YoungPersonFactory

TODAY = date(2026, 3, 31)


@pytest.fixture
def records(people):
    """Robin in care with a visit, a review and the IRO hearing them, checks and a move; Casey a care leaver with
    a personal adviser, a pathway plan and an OC3 outcome."""
    robin = people.young_person
    robin.child_id, robin.sex, robin.ethnicity, robin.date_of_birth = "0012345", "M", "WBRI", date(2012, 5, 20)
    robin.save()
    Placement.objects.create(young_person=robin, kind=PlacementKind.FOSTER, started_on=date(2024, 4, 1),
                             ended_on=date(2025, 10, 1), rne="S", legal_status_code="C1", cin="N1", place="U4",
                             place_provider="PR1", end_reason="X1", home_post="TW2 7HQ", pl_post="TW1 2NN",
                             urn="SC012345")
    Placement.objects.create(young_person=robin, kind=PlacementKind.FOSTER, started_on=date(2025, 10, 1),
                             ended_on=date(2025, 12, 1), rne="L", legal_status_code="C2", cin="N1", place="U4",
                             place_provider="PR1", end_reason="X1", home_post="TW2 7HQ", pl_post="TW1 2NN",
                             urn="SC012345")
    Placement.objects.create(young_person=robin, kind=PlacementKind.RESIDENTIAL, started_on=date(2025, 12, 1),
                             recorded_by=people.social_worker, is_move=True)
    Contact.objects.create(young_person=robin, worker=people.social_worker, happened_on=date(2026, 3, 2),
                           kind=ContactKind.VISIT_HOME)
    Contact.objects.create(young_person=robin, worker=people.social_worker, happened_on=date(2026, 3, 20),
                           kind=ContactKind.PHONE)  # a call is not a visit
    review = Review.objects.create(young_person=robin, iro=people.iro, scheduled_for=date(2026, 1, 10),
                                   held_on=date(2026, 1, 12), participation="PN1")
    Consultation.objects.create(review=review, iro=people.iro, consulted_on=date(2026, 1, 5), method="phone",
                                declined=True)
    HealthCheck.objects.create(young_person=robin, kind=HealthCheck.Kind.HEALTH_ASSESSMENT,
                               checked_on=date(2025, 9, 9))
    HealthCheck.objects.create(young_person=robin, kind=HealthCheck.Kind.DENTAL, checked_on=date(2025, 11, 11))
    HealthCheck.objects.create(young_person=robin, kind=HealthCheck.Kind.DENTAL, checked_on=date(2025, 2, 11))
    MissingEpisode.objects.create(young_person=robin, kind="M", started_on=date(2025, 6, 1))
    MissingEpisode.objects.create(young_person=robin, kind="A", started_on=date(2024, 6, 1),  # over 12 months ago
                                  ended_on=date(2024, 6, 2), return_interview_offered_on=date(2024, 6, 3),
                                  return_interview_accepted=False)

    casey = YoungPersonFactory(council=people.council, user=None, child_id="0099", sex="F", ethnicity="BAFR",
                               date_of_birth=date(2005, 1, 2), legal_status=LegalStatus.CARE_LEAVER, is_uasc=True)
    adviser = WorkerFactory(council=people.council, team=people.team, role=Role.PERSONAL_ADVISER, name="Pat Adviser")
    Allocation.objects.create(young_person=casey, worker=adviser, role=Role.PERSONAL_ADVISER,
                              started_on=date(2023, 1, 2))
    PathwayPlanVersion.objects.create(young_person=casey, version=1, agreed_on=date(2025, 11, 3), written_by=adviser,
                                      goals="g", home="h", education_and_work="e", money="m",
                                      health_and_wellbeing="w")
    Contact.objects.create(young_person=casey, worker=adviser, happened_on=date(2026, 2, 14), kind=ContactKind.PHONE)
    CareLeaverYearlyOutcome.objects.create(young_person=casey, year_ending=date(2025, 3, 31), in_touch="YES",
                                           activity="F2", accommodation="U1")
    return people


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_list_8_holds_the_latest_of_each_record(records):
    files = returns_export_annex_a(council=records.council, today=TODAY)
    assert set(files) == {"annex_a_list_8.csv", "annex_a_list_9.csv"}
    assert files["annex_a_list_8.csv"].decode().splitlines()[0] == ",".join(
        f'"{column}"' if "," in column else column for column in LIST_8_COLUMNS)
    rows = {row["Child Unique ID"]: row for row in read_csv(files["annex_a_list_8.csv"])}
    assert set(rows) == {"0012345", f"PP{records.other_young_person.pk:06d}"}
    robin = rows["0012345"]
    assert {column: robin[column] for column in [
        "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date Started to be Looked After",
        "Child's Category of Need", "Start date of current legal status", "Child's Legal Status",
        "Date of Latest Statutory Review", "Date of Last Social Work Visit",
        "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check",
        "Number of Placements in the Last 12 months", "Start Date of Most Recent Placement", "Placement Type",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        "Allocated Team", "Allocated Worker",
    ]} == {
        "Gender": "M", "Ethnicity": "WBRI", "Date of Birth": "20/05/2012", "Age of Child (Years)": "13",
        "Date Started to be Looked After": "01/04/2024", "Child's Category of Need": "N1",
        "Start date of current legal status": "01/10/2025", "Child's Legal Status": "C2",
        "Date of Latest Statutory Review": "12/01/2026", "Date of Last Social Work Visit": "02/03/2026",
        "Date of Last IRO Visit / Contact to the Child": "05/01/2026", "Date of Last Health Assessment": "09/09/2025",
        "Date of Last Dental Check": "11/11/2025", "Number of Placements in the Last 12 months": "2",
        "Start Date of Most Recent Placement": "01/12/2025", "Placement Type": "K2",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": "1",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": "0",
        # The last episode they came back from (the June 2025 one goes on): offered, refused.
        "Was the child offered a Return Interview after their last missing episode (Y/N)?": "Y",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?": "N",
        "Allocated Team": "Children in Care Team", "Allocated Worker": "Sita Worker",
    }


def test_list_9_holds_the_care_leavers(records):
    files = returns_export_annex_a(council=records.council, today=TODAY)
    rows = read_csv(files["annex_a_list_9.csv"])
    assert list(rows[0]) == LIST_9_COLUMNS
    assert [row["Child Unique ID"] for row in rows] == ["0099"]  # not another council's care leaver
    assert {column: value for column, value in rows[0].items() if value} == {
        "Child Unique ID": "0099", "Gender": "F", "Ethnicity": "BAFR", "Date of Birth": "02/01/2005",
        "Age of Child (Years)": "21", "Allocated Team": "Children in Care Team", "Allocated Worker": "Pat Adviser",
        "LA in Touch": "YES", "Type of Accommodation": "U", "Suitability of Accommodation": "Suitable",
        "Activity Status": "F2", "UASC": "Y", "Personal Adviser": "Pat Adviser",
        "Latest Pathway Plan Date": "03/11/2025", "Latest Contact Date": "14/02/2026",
    }


def test_xlsx_holds_the_same_rows_with_real_dates(records):
    files = returns_export_annex_a(council=records.council, today=TODAY, form="xlsx")
    assert set(files) == {"annex_a_list_8.xlsx", "annex_a_list_9.xlsx"}
    sheet = load_workbook(io.BytesIO(files["annex_a_list_8.xlsx"])).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == LIST_8_COLUMNS
    robin = dict(zip(rows[0], next(row for row in rows[1:] if row[0] == "0012345")))
    assert robin["Date of Last Social Work Visit"].date() == date(2026, 3, 2)
    assert robin["Allocated Worker"] == "Sita Worker"
    cell = sheet.cell(row=2, column=LIST_8_COLUMNS.index("Date of Birth") + 1)
    assert cell.number_format == "dd/mm/yyyy"
    care_leavers = list(load_workbook(io.BytesIO(files["annex_a_list_9.xlsx"])).active.iter_rows(values_only=True))
    assert care_leavers[1][LIST_9_COLUMNS.index("Latest Pathway Plan Date")].date() == date(2025, 11, 3)


def test_the_lists_read_back_as_the_portal_reads_annex_a(records):
    for form in ("csv", "xlsx"):
        lists = read_annex_a(list(returns_export_annex_a(council=records.council, today=TODAY, form=form).items()))
        assert [problem for annex in lists for problem in annex.problems] + check_annex_a(lists) == []
        robin = next(record for record in annex_a_records(lists) if record.child_id == "0012345")
        assert (robin.last_social_work_visit, robin.allocated_worker) == (date(2026, 3, 2), "Sita Worker")


def test_the_command_writes_either_form(records, tmp_path):
    call_command("export_annex_a", "--council", records.council.slug, "--form", "xlsx", str(tmp_path),
                 stdout=io.StringIO())
    assert {path.name for path in tmp_path.iterdir()} == {"annex_a_list_8.xlsx", "annex_a_list_9.xlsx"}
    with pytest.raises(ValueError):
        returns_export_annex_a(council=records.council, today=TODAY, form="pdf")


def test_the_lists_cost_the_same_queries_for_more_children(records):
    with CaptureQueriesContext(connection) as before:
        returns_export_annex_a(council=records.council, today=TODAY)
    for number in range(4):
        child = YoungPersonFactory(council=records.council, user=None, child_id=f"77{number}")
        Placement.objects.create(young_person=child, kind=PlacementKind.FOSTER, started_on=date(2025, 1, 1))
        Contact.objects.create(young_person=child, happened_on=date(2026, 1, 1), kind=ContactKind.VISIT_HOME)
        Allocation.objects.create(young_person=child, worker=records.social_worker, role=Role.SOCIAL_WORKER,
                                  started_on=date(2025, 1, 1))
    with CaptureQueriesContext(connection) as after:
        files = returns_export_annex_a(council=records.council, today=TODAY)
    assert len(read_csv(files["annex_a_list_8.csv"])) == 6
    assert len(after.captured_queries) == len(before.captured_queries) <= 12


def test_a_child_who_went_home_young_is_not_on_list_9(records):
    went_home = YoungPersonFactory(council=records.council, user=None, child_id="0555", date_of_birth=date(2015, 1, 1),
                                   legal_status=LegalStatus.LEFT_CARE)
    Placement.objects.create(young_person=went_home, kind=PlacementKind.FOSTER, started_on=date(2022, 1, 1),
                             ended_on=date(2023, 1, 1), rne="S", legal_status_code="V2", cin="N4", place="U6",
                             end_reason="E13")
    rows = read_csv(returns_export_annex_a(council=records.council, today=TODAY)["annex_a_list_9.csv"])
    assert [row["Child Unique ID"] for row in rows] == ["0099"]


@pytest.mark.django_db
def test_annex_a_lists_imported_come_back_in_the_export():
    """The synthetic council's 903, then its Annex A lists, imported; the lists exported give back each child's
    dates. The IRO's contact is kept only when a review on or after it is held to link it to (the importer's
    rule), so it comes back only then."""
    council, end = CouncilFactory(), date(2026, 3, 31)
    shape = {"children": 80, "years": 4, "seed": 5, "end": end}
    assert not returns_import_903(council=council, files=list(write_903(**shape).items()), dry_run=False).has_errors
    summary = returns_import_annex_a(council=council, files=list(write_annex_a(**shape).items()), dry_run=False)
    assert not summary.has_errors
    list_8, list_9 = annex_a_rows(**shape)
    files = returns_export_annex_a(council=council, today=end)
    exported = {row["Child Unique ID"]: row for name in files for row in read_csv(files[name])}
    dates_8 = ["Date of Latest Statutory Review", "Date of Last Social Work Visit", "Date of Last Health Assessment",
               "Date of Last Dental Check"]
    for row in list_8:
        got = exported[row["Child Unique ID"]]
        assert [got[column] for column in dates_8] == [row[column].strftime("%d/%m/%Y") for column in dates_8]
        review, iro = row["Date of Latest Statutory Review"], row["Date of Last IRO Visit / Contact to the Child"]
        kept = iro is not None and review is not None and iro <= review
        assert got["Date of Last IRO Visit / Contact to the Child"] == (iro.strftime("%d/%m/%Y") if kept else "")
    for row in list_9:
        got = exported[row["Child Unique ID"]]
        assert got["Latest Pathway Plan Date"] == row["Latest Pathway Plan Date"].strftime("%d/%m/%Y")
        assert got["Latest Contact Date"] == row["Latest Contact Date"].strftime("%d/%m/%Y")
        assert got["LA in Touch"] == row["LA in Touch"]
    assert list_8 and list_9
