"""Importing a council's SSDA903 return (returns.importing): a fresh import makes the right rows, the same files
again change nothing, a later year adds and updates and deletes nothing, and a dry run writes nothing."""
from datetime import date

import pytest

from casework.models import (
    Allocation,
    CareLeaverYearlyOutcome,
    LegalStatus,
    MissingEpisode,
    Placement,
    PlacementKind,
    Role,
    Worker,
    YearlyHealthOutcome,
    YoungPerson,
)
from pledges.models import LedgerEntry
from returns.importing.service import returns_import_903
from returns.importing.summary import ImportSummary
from returns.models import KeptReturnRow
from returns.ssda903.spoiling import set_cell
from returns.ssda903.synthetic import council_903, write_903
from returns.ssda903.writing import write_csv
from reviews.models import Review

from .import_helpers import after_the_year_ended  # noqa: F401 (pytestmark uses it)
from .import_helpers import END, NOW, as_at_year_end, as_files, council_with_measures, fingerprint, row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year_ended")]
CHILDREN, YEARS, SEED = 40, 3, 12


@pytest.fixture
def council():
    return council_with_measures(slug="importshire", name="Importshire Council", short_name="Importshire")


@pytest.fixture
def tables():
    return council_903(children=CHILDREN, years=YEARS, seed=SEED, end=END)


def run(council, files, dry_run=False, **kwargs) -> ImportSummary:
    summary = returns_import_903(council=council, files=as_files(files), dry_run=dry_run, **kwargs)
    assert not summary.has_errors, [str(item) for item in summary.problems]
    return summary


def children_where(tables, test) -> list[str]:
    by_child: dict[str, list[dict]] = {}
    for row in tables["Episodes"]:
        by_child.setdefault(row["CHILD"], []).append(row)
    return [child for child, rows in by_child.items() if test(rows)]


@pytest.mark.parametrize("form", ["csv", "xml"])
def test_a_fresh_import_makes_a_young_person_for_each_child_and_a_row_for_each_record(council, tables, form):
    files = write_903(children=CHILDREN, years=YEARS, seed=SEED, end=END, form=form)
    summary = run(council, files)
    assert summary.written and summary.counts["young_people_new"] == CHILDREN
    assert summary.counts["young_people_changed"] == summary.counts["young_people_unchanged"] == 0
    people = YoungPerson.objects.filter(council=council)
    assert sorted(people.values_list("child_id", flat=True)) == sorted(row["CHILD"] for row in tables["Header"])
    assert Placement.objects.filter(young_person__council=council).count() == len(tables["Episodes"]) \
        == summary.counts["placements"]
    assert Review.objects.filter(young_person__council=council, iro=None).count() == len(tables["Reviews"]) \
        == summary.counts["reviews"]
    assert YearlyHealthOutcome.objects.filter(year_ending=date(2026, 3, 31)).count() == len(tables["OC2"])
    assert CareLeaverYearlyOutcome.objects.filter(year_ending=date(2026, 3, 31)).count() == len(tables["OC3"])
    assert MissingEpisode.objects.count() == len(tables["Missing"]) == summary.counts["missing_episodes"]
    assert summary.counts["social_worker_episodes"] == len(tables["SWEpisodes"])
    kept = sum(len(tables.get(name, [])) for name in ("AD1", "PlacedAdoption", "PrevPerm"))
    assert KeptReturnRow.objects.count() == kept == summary.counts["kept_rows"]
    # A worker for each SW_ID, with no account, named after the id.
    sw_ids = {row["SW_ID"] for row in tables["SWEpisodes"]}
    workers = Worker.objects.filter(council=council, sw_id__in=sw_ids)
    assert workers.count() == len(sw_ids) and not workers.filter(user__isnull=False).exists()
    assert {worker.name for worker in workers} == {f"Social worker {sw_id}" for sw_id in sw_ids}
    assert set(workers.values_list("role", flat=True)) == {Role.SOCIAL_WORKER}
    # Nameless, called by the council's id; every imported young person has ledger rows.
    person = people.first()
    assert person.full_name == f"Child {person.child_id}" and person.first_name == ""
    in_care = people.filter(legal_status=LegalStatus.LOOKED_AFTER)
    assert in_care.exists()
    assert set(LedgerEntry.objects.filter(young_person__in=in_care).values_list("young_person", flat=True)) \
        == set(in_care.values_list("pk", flat=True))
    # The first import sets the day the council measures from: the import's day.
    council.refresh_from_db()
    assert council.measuring_from == NOW.date()


def test_header_facts_are_kept_and_child_ids_keep_their_leading_zeros(council, tables):
    run(council, write_csv(tables))
    zeros = [row["CHILD"] for row in tables["Header"] if row["CHILD"].startswith("0")]
    assert zeros and set(zeros) <= set(YoungPerson.objects.values_list("child_id", flat=True))
    header = tables["Header"][0]
    person = YoungPerson.objects.get(council=council, child_id=header["CHILD"])
    assert person.date_of_birth.strftime("%d/%m/%Y") == header["DOB"]
    assert (person.sex, person.ethnicity, person.upn) == (header["SEX"], header["ETHNIC"], header["UPN"])
    uasc = {row["CHILD"] for row in tables.get("UASC", [])}
    assert set(YoungPerson.objects.filter(is_uasc=True).values_list("child_id", flat=True)) == uasc


def test_sex_written_1_or_2_before_2024_25_is_kept_as_m_or_f(council, tables):
    files = write_csv(tables)
    files = set_cell(files, "header.csv", 2, "SEX", "2")
    run(council, files)
    assert YoungPerson.objects.get(child_id=tables["Header"][0]["CHILD"]).sex == "F"


def test_a_child_who_left_care_and_came_back_has_two_periods(council, tables):
    twice = children_where(tables, lambda rows: sum(row["RNE"] == "S" for row in rows) == 2)
    assert twice, "the synthetic council has a child with two periods of care"
    run(council, write_csv(tables))
    person = YoungPerson.objects.get(council=council, child_id=twice[0])
    periods = person.placements.filter(rne="S").order_by("started_on")
    assert periods.count() == 2
    assert person.became_looked_after_on == periods.last().started_on
    assert person.first_came_into_care_on == periods.first().started_on


def test_legal_status_follows_the_latest_period(council, tables):
    run(council, write_csv(tables))
    for person in YoungPerson.objects.filter(council=council):
        last = person.placements.order_by("-started_on").first()
        if last.ended_on is None:
            assert person.legal_status == LegalStatus.LOOKED_AFTER
        elif person.age_on(last.ended_on) >= 16:
            assert person.legal_status == LegalStatus.CARE_LEAVER
        else:  # went home, adopted...: no promise is owed them
            assert person.legal_status == LegalStatus.LEFT_CARE
            assert not LedgerEntry.objects.filter(young_person=person).exists()
    assert {LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER, LegalStatus.LEFT_CARE} == set(
        YoungPerson.objects.values_list("legal_status", flat=True))


def test_a_legal_status_change_is_kept_but_is_no_move_and_a_placement_change_is(council, tables):
    run(council, write_csv(tables))
    legal = Placement.objects.filter(rne="L")
    moves = Placement.objects.filter(rne="P")
    assert legal.exists() and moves.exists()
    assert not legal.filter(is_move=True).exists() and not moves.filter(is_move=False).exists()
    assert not Placement.objects.filter(rne="S", is_move=True).exists()
    foster = Placement.objects.filter(place__in=["U4", "U5", "U6"])
    assert foster.exists() and set(foster.values_list("kind", flat=True)) == {PlacementKind.FOSTER}
    assert set(Placement.objects.filter(place="K2").values_list("kind", flat=True)) <= {PlacementKind.RESIDENTIAL}


def test_reviews_keep_their_pn_codes_and_come_from_the_councils_records(council, tables):
    run(council, write_csv(tables))
    row = tables["Reviews"][0]
    review = Review.objects.get(young_person__child_id=row["CHILD"], held_on=date(*reversed(
        [int(part) for part in row["REVIEW"].split("/")])))
    assert review.participation == row["REVIEW_CODE"] and review.iro is None
    assert review.scheduled_for == review.held_on


def test_the_same_files_again_change_nothing(council, tables):
    files = write_csv(tables)
    run(council, files)
    counts, before = row_counts(), fingerprint()
    again = run(council, files)
    assert row_counts() == counts and fingerprint() == before
    assert again.counts["young_people_unchanged"] == CHILDREN
    assert again.counts["young_people_new"] == again.counts["young_people_changed"] == 0
    assert not any(count for name, count in again.counts.items() if not name.startswith("young_people"))
    assert again.headline().startswith(f"0 young people new, 0 changed, {CHILDREN} unchanged")


def test_a_later_year_updates_what_changed_adds_what_is_new_and_deletes_nothing(council, tables):
    first = as_at_year_end(tables, 2025)
    run(council, write_csv(first))
    held = set(Placement.objects.values_list("young_person__child_id", "started_on", "ended_on"))
    still_open = Placement.objects.filter(ended_on=None).count()
    second = as_at_year_end(tables, 2026)
    summary = run(council, write_csv(second))
    assert summary.counts["placements"] > 0 and summary.counts["young_people_new"] > 0
    now = set(Placement.objects.values_list("young_person__child_id", "started_on", "ended_on"))
    # Nothing held was deleted: a placement open last year is now closed (changed), or held as it was.
    kept = {(child, started) for child, started, _ in held}
    assert kept <= {(child, started) for child, started, _ in now}
    assert Placement.objects.filter(ended_on=None).count() <= still_open + summary.counts["young_people_new"]
    # Both years together hold every episode either year's files had.
    everything = {(row["CHILD"], row["DECOM"]) for year in (first, second) for row in year["Episodes"]}
    assert len(now) == len(everything)
    assert YearlyHealthOutcome.objects.filter(year_ending=date(2026, 3, 31)).count() == len(second["OC2"])
    # Social worker and missing episodes likewise: one row each, closed when the later year closed them.
    social_workers = {(row["CHILD"], row["SW_ID"], row["SW_DECOM"]) for year in (first, second)
                      for row in year["SWEpisodes"]}
    assert Allocation.objects.filter(young_person__council=council).count() == len(social_workers)
    missing = {(row["CHILD"], row["MISSING"], row["MIS_START"]) for year in (first, second) for row in year["Missing"]}
    assert MissingEpisode.objects.count() == len(missing)
    closed_later = [row for row in second["SWEpisodes"] if row["SW_DEC"]
                    and (row["CHILD"], row["SW_ID"], row["SW_DECOM"]) in
                    {(old["CHILD"], old["SW_ID"], old["SW_DECOM"]) for old in first["SWEpisodes"] if not old["SW_DEC"]}]
    assert closed_later and not Allocation.objects.filter(
        young_person__child_id=closed_later[0]["CHILD"], worker__sw_id=closed_later[0]["SW_ID"], ended_on=None).exists()


def test_a_dry_run_counts_what_it_would_write_and_writes_nothing(council, tables):
    files = write_csv(tables)
    counts, before = row_counts(), fingerprint()
    preview = run(council, files, dry_run=True)
    assert not preview.written and preview.dry_run
    assert row_counts() == counts and fingerprint() == before
    council.refresh_from_db()
    assert council.measuring_from is None
    assert LedgerEntry.objects.count() == counts["LedgerEntry"]
    real = run(council, files)
    assert real.counts == preview.counts and real.written


def test_an_explicit_year_and_start_date_are_used(council, tables):
    run(council, write_csv(tables), year_ending=date(2025, 3, 31), measuring_from=date(2025, 4, 1))
    assert set(YearlyHealthOutcome.objects.values_list("year_ending", flat=True)) == {date(2025, 3, 31)}
    council.refresh_from_db()
    assert council.measuring_from == date(2025, 4, 1)


def test_a_set_start_date_is_never_changed_by_an_import(council, tables):
    council.measuring_from = date(2026, 1, 5)
    council.save()
    run(council, write_csv(tables))
    council.refresh_from_db()
    assert council.measuring_from == date(2026, 1, 5)


def test_the_summary_round_trips_through_json_and_says_what_happened(council, tables):
    import json

    summary = run(council, write_csv(tables), dry_run=True)
    back = ImportSummary.from_dict(json.loads(json.dumps(summary.as_dict())))
    assert back == summary
    assert summary.headline().startswith(f"{CHILDREN} young people new, 0 changed; ")
    assert summary.headline().endswith("; 0 errors")


def test_progress_is_told_each_stage(council, tables):
    stages = []
    returns_import_903(council=council, files=as_files(write_csv(tables)), dry_run=False,
                       progress=lambda stage, done, total: stages.append(stage))
    assert ["Checking the files", "Writing young people", "Writing their records", "Updating promises"] == \
        list(dict.fromkeys(stages))


def test_a_legal_status_change_starts_no_new_placement_cycle_but_a_move_does(council, tables):
    """The statutory visit restarts at a new placement (RNE P, T, U, B), never at a change of legal status only (L)."""
    run(council, write_csv(tables))
    restarts = LedgerEntry.objects.filter(measure__key="statutory-visit", started_by="new_placement")
    legal = Placement.objects.filter(rne="L", young_person__legal_status=LegalStatus.LOOKED_AFTER)
    moves = Placement.objects.filter(rne="P", young_person__legal_status=LegalStatus.LOOKED_AFTER)
    assert legal.exists() and moves.exists()
    assert any(restarts.filter(young_person=move.young_person, cycle_start=move.started_on).exists() for move in moves)
    assert not any(restarts.filter(young_person=change.young_person, cycle_start=change.started_on).exists()
                   for change in legal)


def test_a_review_booked_in_the_portal_is_recorded_held_by_the_return_not_doubled(council, tables):
    held_review, *others = tables["Reviews"]
    run(council, write_csv({**tables, "Reviews": others}))
    person = YoungPerson.objects.get(council=council, child_id=held_review["CHILD"])
    day = date(*reversed([int(part) for part in held_review["REVIEW"].split("/")]))
    booked = Review.objects.create(young_person=person, scheduled_for=day, attendees="Booked in the portal")
    summary = run(council, write_csv(tables))
    assert summary.counts["reviews"] == 1
    booked.refresh_from_db()
    assert (booked.held_on, booked.participation) == (day, held_review["REVIEW_CODE"])
    assert person.reviews.filter(scheduled_for=day).count() == 1
