"""Barking and Dagenham's care leavers get the legal minimums beside their pledge, as Bath's do (issue 17): the
pathway plan reviewed at least every 6 months (in Bath too) and the needs assessment within 3 months of the 16th
birthday, on the promise about the pathway plan; on the ledger at the edges; and on upgrade (migration
care_leavers_legal_minimums) where a manager has published a later version, which load_pledges leaves alone."""
import importlib
import json
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from casework.leaving_care.services import pathway_plan_version_create
from casework.models import Council, LegalStatus, Role
from pledges.models import LedgerEntry, Measure, MeasureChange, Promise
from pledges.versions import pledge_draft_start, pledge_publish, promise_edit

from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory
from .leaving_care_helpers import SECTIONS

pytestmark = pytest.mark.django_db
BARKING = "barking-and-dagenham"
PATHWAY = "Young people are offered the opportunity to select independently from a range of options based on " \
          "information contained within their Pathway Plan"
State = LedgerEntry.State
upgrade = importlib.import_module("pledges.migrations.0018_care_leavers_legal_minimums")
PLEDGE_DATA = Path(__file__).resolve().parent.parent / "pledges" / "pledge_data"
BATH_FILE, BARKING_FILE = PLEDGE_DATA / "bath-and-north-east-somerset.json", PLEDGE_DATA / "barking-and-dagenham.json"


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def barking():
    call_command("load_pledges", stdout=StringIO())
    return Council.objects.get(slug=BARKING)


def by_key(council):
    return {measure.key: measure for measure in Measure.objects.filter(council=council).select_related("promise")}


def test_the_pathway_plan_promise_has_the_law_beside_the_councils_promise(barking):
    measures = by_key(barking)
    for key, basis in [("pathway-plan-review", "pledge"), ("statutory-pathway-plan-review", "statutory"),
                       ("needs-assessment", "statutory"), ("personal-adviser", "statutory")]:
        assert measures[key].basis == basis and measures[key].applies_to == "care_leaver"
    pathway = measures["pathway-plan-review"].promise
    assert pathway.text.startswith(PATHWAY)
    assert measures["statutory-pathway-plan-review"].promise == measures["needs-assessment"].promise == pathway
    assert measures["statutory-pathway-plan-review"].params == measures["pathway-plan-review"].params


def test_baths_pathway_plan_promise_has_the_law_beside_it_too(barking):
    measures = by_key(Council.objects.get(slug="bath-and-north-east-somerset"))
    law, ours = measures["statutory-pathway-plan-review"], measures["pathway-plan-review"]
    assert (law.basis, ours.basis, law.params, law.promise) == ("statutory", "pledge", ours.params, ours.promise)
    assert law.promise.text == "Your Pathway Plan will be reviewed every six months"


@pytest.fixture
def turned_16_at_a_month_end(barking):
    """Dami, a care leaver in Barking and Dagenham, turned 16 on 31 August 2025: a review is due 28 February 2026."""
    with at(date(2025, 9, 1)):
        return YoungPersonFactory(council=barking, date_of_birth=date(2009, 8, 31), became_looked_after_on=None,
                                  legal_status=LegalStatus.CARE_LEAVER)


def review_rows(young_person):
    return {row.measure.key: row for row in LedgerEntry.objects.filter(
        young_person=young_person, measure__key__in=["statutory-pathway-plan-review", "pathway-plan-review"],
        cycle_start=date(2025, 8, 31)).select_related("measure")}


@pytest.mark.parametrize(("day", "state"), [
    (date(2026, 2, 27), State.DUE_SOON), (date(2026, 2, 28), State.DUE_TODAY), (date(2026, 3, 1), State.OVERDUE),
])
def test_the_legal_minimum_is_due_6_months_after_the_16th_birthday_clamped_at_the_month_end(
    turned_16_at_a_month_end, day, state
):
    rows = review_rows(turned_16_at_a_month_end)
    assert set(rows) == {"statutory-pathway-plan-review", "pathway-plan-review"}
    assert {row.due_on for row in rows.values()} == {date(2026, 2, 28)}
    assert {row.state_on(day) for row in rows.values()} == {state}


@pytest.mark.parametrize(("agreed_on", "state"), [(date(2026, 2, 28), State.MET_ON_TIME),
                                                  (date(2026, 3, 2), State.MET_LATE)])
def test_a_pathway_plan_agreed_by_the_due_day_keeps_the_law_and_the_promise(turned_16_at_a_month_end, agreed_on,
                                                                             state):
    adviser = WorkerFactory(council=turned_16_at_a_month_end.council, role=Role.PERSONAL_ADVISER)
    AllocationFactory(young_person=turned_16_at_a_month_end, worker=adviser, started_on=date(2025, 9, 1))
    with at(agreed_on):
        pathway_plan_version_create(young_person=turned_16_at_a_month_end, written_by=adviser, agreed_on=agreed_on,
                                    **SECTIONS)
    rows = review_rows(turned_16_at_a_month_end)
    assert {row.state_on(date(2026, 3, 2)) for row in rows.values()} == {state}


# --- Upgrading a database where a manager has published a later version --------------------------------


def test_the_upgrade_adds_them_to_the_latest_published_versions_promise_once(barking):
    Measure.objects.filter(council=barking, key__in=["statutory-pathway-plan-review", "needs-assessment"]).delete()
    manager = WorkerFactory(council=barking, role=Role.MANAGER)
    with at(date(2026, 12, 1)):
        draft = pledge_draft_start(council=barking, by=manager)
        promise_edit(promise=Promise.objects.get(section__pledge=draft, ref="2-2"), by=manager, title="",
                     text="To celebrate your achievements every year.")
        pledge_publish(draft=draft, by=manager, today=date(2026, 12, 1))
    bath = Council.objects.get(slug="bath-and-north-east-somerset")
    Measure.objects.filter(council=bath, key="statutory-pathway-plan-review").delete()
    upgrade.add_legal_minimums(apps, None)
    upgrade.add_legal_minimums(apps, None)
    assert by_key(bath)["statutory-pathway-plan-review"].promise.ref == "10-3"
    assert Measure.objects.filter(council=bath).count() == len(json.loads(BATH_FILE.read_text())["measures"])
    measures = by_key(barking)
    for key in ("statutory-pathway-plan-review", "needs-assessment"):
        assert (measures[key].promise.ref, measures[key].promise.section.pledge_id) == ("1-4", draft.pk)
        assert measures[key].basis == "statutory" and measures[key].active
    in_file = len(json.loads(BARKING_FILE.read_text())["measures"])
    assert Measure.objects.filter(council=barking).count() == in_file
    call_command("load_pledges", stdout=StringIO())  # leaves a council with a later version alone
    assert Measure.objects.filter(council=barking).count() == in_file


def test_the_upgrade_takes_a_drafts_change_to_a_legal_minimum_out_of_it(barking):
    manager = WorkerFactory(council=barking, role=Role.MANAGER)
    measures = by_key(barking)
    with at(date(2026, 12, 1)):
        draft = pledge_draft_start(council=barking, by=manager)
    for key, months in [("statutory-pathway-plan-review", 12), ("pathway-plan-review", 4)]:
        measure = measures[key]
        MeasureChange.objects.create(measure=measure, pledge=draft, params_before=measure.params,
                                     params_after={**measure.params, "months": months}, name_before=measure.name,
                                     name_after=measure.name, changed_by=manager, changed_at="2026-12-01T12:00Z")
    upgrade.drop_draft_changes_to_legal_minimums(apps, None)
    assert list(MeasureChange.objects.values_list("measure__key", flat=True)) == ["pathway-plan-review"]


def test_the_upgrade_does_nothing_without_the_council():
    upgrade.add_legal_minimums(apps, None)
    assert not Measure.objects.exists()
