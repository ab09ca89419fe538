"""The SSDA903's SDQ (OC2) and in-touch check (OC3) on the ledger's clocks: an import makes an SDQ from OC2's score
or reason and dates each OC3 row on the birthday in its year; an export fills an OC2 row the return gave no SDQ
from the one recorded in the portal."""
from datetime import date

import pytest

from casework.leaving_care.in_touch import birthday_in_year
from casework.models import CareLeaverYearlyOutcome, HealthCheck, YearlyHealthOutcome, YoungPerson
from returns.exporting.ssda903 import tables_903
from returns.importing.service import returns_import_903
from returns.ssda903.synthetic import council_903
from returns.ssda903.writing import write_csv

from .import_helpers import after_the_year_ended  # noqa: F401 (pytestmark uses it)
from .import_helpers import END, as_files, council_with_measures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year_ended")]


@pytest.fixture
def imported():
    council = council_with_measures(slug="importshire", name="Importshire Council", short_name="Importshire")
    tables = council_903(children=40, years=2, seed=17, end=END)
    summary = returns_import_903(council=council, files=as_files(write_csv(tables)), dry_run=False)
    assert not summary.has_errors
    return council, tables, summary


def aged_4_to_16(row):
    return 4 <= YoungPerson.objects.get(child_id=row["CHILD"]).age_on(END) <= 16


def test_each_oc2_sdq_of_a_child_of_4_to_16_is_an_sdq_on_31_march(imported):
    council, tables, summary = imported
    wanted = {(row["CHILD"], int(row["SDQ_SCORE"]) if row["SDQ_SCORE"] else None, row["SDQ_REASON"])
              for row in tables["OC2"] if (row["SDQ_SCORE"] or row["SDQ_REASON"]) and aged_4_to_16(row)}
    assert wanted, "the synthetic council has SDQs"
    sdqs = HealthCheck.objects.filter(young_person__council=council, kind="sdq")
    assert {(check.young_person.child_id, check.sdq_score, check.sdq_reason) for check in sdqs} == wanted
    assert {(check.checked_on, check.recorded_by) for check in sdqs} == {(END, None)}
    assert summary.counts["sdqs"] == len(wanted)


def test_the_same_files_again_add_no_sdq(imported):
    council, tables, _ = imported
    again = returns_import_903(council=council, files=as_files(write_csv(tables)), dry_run=False)
    assert again.counts["sdqs"] == 0
    assert HealthCheck.objects.filter(kind="sdq").count() == len([
        row for row in tables["OC2"] if (row["SDQ_SCORE"] or row["SDQ_REASON"]) and aged_4_to_16(row)])


def test_each_oc3_row_is_checked_on_the_birthday_in_its_year(imported):
    council, tables, _ = imported
    assert tables["OC3"], "the synthetic council has care leavers around their birthdays"
    for outcome in CareLeaverYearlyOutcome.objects.filter(young_person__council=council).select_related(
            "young_person"):
        born = outcome.young_person.date_of_birth
        assert outcome.checked_on == birthday_in_year(born, date(2026, 3, 31))
        assert date(2025, 4, 1) <= outcome.checked_on <= END and 17 <= outcome.young_person.age_on(END) <= 21


def test_an_oc2_row_without_an_sdq_takes_the_years_latest_from_the_portal(people):
    robin = people.young_person  # born 14 March 2013
    robin.child_id = "0012345"
    robin.save()
    YearlyHealthOutcome.objects.create(young_person=robin, year_ending=date(2026, 3, 31), health_assessment=True)
    YearlyHealthOutcome.objects.create(young_person=robin, year_ending=date(2025, 3, 31), sdq_score=9)
    for day, score, reason in [(date(2025, 4, 1), 20, ""), (date(2026, 3, 31), None, "SDQ2"),
                               (date(2026, 4, 1), 30, "")]:
        HealthCheck.objects.create(young_person=robin, kind="sdq", checked_on=day, sdq_score=score, sdq_reason=reason,
                                   recorded_by=people.social_worker)
    tables, _ = tables_903(council=people.council, year=None)
    # The return's own score is kept; the year it gave none takes the portal's latest in that year.
    assert [row["SDQ_SCORE"] + "/" + row["SDQ_REASON"] for row in tables["OC2"]] == ["9/", "/SDQ2"]


def test_an_in_touch_check_recorded_in_the_portal_is_its_years_oc3_row(people):
    from casework.leaving_care.services import in_touch_check_record

    jo = people.elsewhere_young_person
    jo.date_of_birth = date(2008, 5, 10)  # 18 on 10 May 2026: the year to 31 March 2027
    jo.save()
    in_touch_check_record(young_person=jo, by=people.elsewhere_manager, checked_on=date(2026, 4, 20), in_touch="NREQ")
    tables, _ = tables_903(council=people.elsewhere, year=2027)
    assert [(row["IN_TOUCH"], row["ACTIV"], row["ACCOM"]) for row in tables["OC3"]] == [("NREQ", "", "")]
