"""Importing Annex A lists 8 and 9 (returns.importing.annex): a date newer than what the portal holds becomes an
event from the council's records and moves the ledger; an older or equal one adds nothing; an unknown child is an
error and nothing is written."""
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework.models import Contact, ContactKind, HealthCheck, PathwayPlanVersion, YoungPerson
from pledges.models import LedgerEntry
from returns.annex_a.columns import LIST_8_COLUMNS, LIST_9_COLUMNS
from returns.annex_a.synthetic import annex_a_rows, write_annex_a, write_list
from returns.importing.service import returns_import_903, returns_import_annex_a
from returns.ssda903.synthetic import write_903
from reviews.models import Consultation, Review

from .import_helpers import after_the_year_ended  # noqa: F401 (pytestmark uses it)
from .import_helpers import END, NOW, as_files, council_with_measures, fingerprint, row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year_ended")]
SIZE = dict(children=40, years=3, seed=12, end=END)
VISIT = "Date of Last Social Work Visit"


@pytest.fixture
def council():
    """A council whose 903 return is imported: its children are known to the portal."""
    council = council_with_measures(slug="annexshire", name="Annexshire Council", short_name="Annexshire")
    assert not returns_import_903(council=council, files=as_files(write_903(**SIZE)), dry_run=False).has_errors
    return council


def lists(change_8=None, change_9=None) -> dict[str, bytes]:
    list_8, list_9 = annex_a_rows(**SIZE)
    for row in list_8:
        row.update(change_8(row) if change_8 else {})
    for row in list_9:
        row.update(change_9(row) if change_9 else {})
    return {"list_8.csv": write_list(LIST_8_COLUMNS, list_8), "list_9.csv": write_list(LIST_9_COLUMNS, list_9)}


def first_only(change):
    """A change for the first row of a list only."""
    seen = []

    def changing(row):
        seen.append(row)
        return change if len(seen) == 1 else {}
    return changing


def run(council, files, dry_run=False):
    summary = returns_import_annex_a(council=council, files=as_files(files), dry_run=dry_run)
    assert not summary.has_errors, [str(item) for item in summary.problems]
    return summary


def test_newer_dates_become_events_from_the_councils_records(council):
    list_8, list_9 = annex_a_rows(**SIZE)
    summary = run(council, lists())
    assert summary.written
    assert summary.counts["visits"] == len(list_8) == Contact.objects.filter(kind=ContactKind.VISIT_HOME).count()
    assert summary.counts["contacts"] == len(list_9) == Contact.objects.filter(kind=ContactKind.OTHER).count()
    assert not Contact.objects.exclude(worker=None).exists()
    assert summary.counts["health_assessments"] == len(list_8) == \
        HealthCheck.objects.filter(kind=HealthCheck.Kind.HEALTH_ASSESSMENT, recorded_by=None).count()
    assert summary.counts["dental_checks"] == HealthCheck.objects.filter(kind=HealthCheck.Kind.DENTAL).count()
    plans = PathwayPlanVersion.objects.all()
    assert summary.counts["pathway_plans"] == len(list_9) == plans.count()
    assert not plans.exclude(written_by=None).exists() and set(plans.values_list("version", flat=True)) == {1}
    # The latest review is the 903's already: nothing new. An IRO's contact hangs off the review it prepared for.
    assert summary.counts["reviews"] == 0
    for consultation in Consultation.objects.select_related("review"):
        assert consultation.iro is None and consultation.consulted_on <= consultation.review.due_on
    row = list_8[0]
    person = YoungPerson.objects.get(council=council, child_id=row["Child Unique ID"])
    assert person.contacts.get().happened_on == row[VISIT]


def test_a_newer_visit_moves_the_ledger(council):
    list_8, _ = annex_a_rows(**SIZE)
    child = list_8[0]["Child Unique ID"]
    person = YoungPerson.objects.get(council=council, child_id=child)
    visit = LedgerEntry.objects.filter(young_person=person, measure__key="statutory-visit")
    assert not visit.filter(met_on__isnull=False).exists()
    run(council, lists())
    assert visit.filter(met_on=list_8[0][VISIT]).exists()
    open_row = visit.get(status=LedgerEntry.Status.OPEN)
    assert open_row.due_on == list_8[0][VISIT] + timedelta(weeks=6)


def test_the_same_lists_again_add_nothing(council):
    files = lists()
    run(council, files)
    counts, before = row_counts(), fingerprint()
    again = run(council, files)
    assert not any(again.counts.values()) and again.written
    assert row_counts() == counts and fingerprint() == before


def test_an_older_or_equal_date_adds_nothing_and_a_newer_one_adds_one(council):
    run(council, lists())
    counts = row_counts()
    older = run(council, lists(change_8=lambda row: {VISIT: row[VISIT] - timedelta(days=3)}))
    assert older.counts["visits"] == 0 and row_counts() == counts
    newer = run(council, lists(change_8=lambda row: {VISIT: row[VISIT] + timedelta(days=3)}))
    list_8, _ = annex_a_rows(**SIZE)
    assert newer.counts["visits"] == len(list_8) and sum(newer.counts.values()) == len(list_8)
    assert Contact.objects.filter(kind=ContactKind.VISIT_HOME).count() == 2 * len(list_8)


def test_a_newer_review_is_held_and_a_newer_pathway_plan_is_the_next_version(council):
    run(council, lists())
    summary = run(council, lists(change_8=lambda row: {"Date of Latest Statutory Review": date(2026, 4, 1)},
                                 change_9=lambda row: {"Latest Pathway Plan Date": date(2026, 4, 2)}))
    assert summary.counts["reviews"] == len(annex_a_rows(**SIZE)[0])
    assert Review.objects.filter(held_on=date(2026, 4, 1), iro=None, scheduled_for=date(2026, 4, 1)).exists()
    assert set(PathwayPlanVersion.objects.filter(agreed_on=date(2026, 4, 2)).values_list("version", flat=True)) \
        == {2}


def test_an_iro_contact_after_every_review_adds_nothing_and_says_so(council):
    summary = run(council, lists(change_8=lambda row: {"Date of Last IRO Visit / Contact to the Child":
                                                       date(2026, 4, 10)}))
    assert summary.counts["iro_contacts"] == 0 and not Consultation.objects.exists()
    assert summary.warnings and "no review is booked" in summary.warnings[0].message


def test_an_unknown_child_is_an_error_naming_where_and_nothing_is_written(council):
    files = lists(change_8=first_only({"Child Unique ID": "0999999"}))
    counts, before = row_counts(), fingerprint()
    summary = returns_import_annex_a(council=council, files=as_files(files), dry_run=False)
    assert summary.has_errors and not summary.written
    error = summary.errors[0]
    assert (error.file, error.line, error.column, error.value) == ("list_8.csv", 2, "Child Unique ID", "0999999")
    assert "not a child of this council" in error.message
    assert row_counts() == counts and fingerprint() == before


def test_a_dry_run_counts_and_writes_nothing(council):
    counts, before = row_counts(), fingerprint()
    preview = run(council, lists(), dry_run=True)
    assert preview.counts["visits"] > 0 and not preview.written
    assert row_counts() == counts and fingerprint() == before


def test_the_workbook_form_imports_the_same(council):
    summary = run(council, write_annex_a(**SIZE, form="xlsx"))
    assert summary.counts["visits"] == len(annex_a_rows(**SIZE)[0])


def test_the_command_prints_the_headline_and_errors(council, tmp_path):
    paths = []
    for name, content in lists(change_8=first_only({"Child Unique ID": "0999999"})).items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_annex_a", "--council", council.slug, *paths, stdout=out)
    assert "ERROR (list_8.csv, line 2, column Child Unique ID, value '0999999')" in out.getvalue()
