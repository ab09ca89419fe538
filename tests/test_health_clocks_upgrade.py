"""Existing councils' databases get the three clocks on upgrade (issue 17): the pledges data migration adds the
measures to every council (on Bath and North East Somerset's promises, as legal minimums elsewhere), leaving a
council's own alone; the casework one dates the OC3 rows already imported on the birthday in their year."""
import importlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from casework.models import CareLeaverYearlyOutcome, Council
from pledges.models import Measure

from .factories import CouncilFactory, MeasureFactory

pytestmark = pytest.mark.django_db
KEYS = {"initial-health-assessment", "sdq", "in-touch-check"}


def migration(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


def test_the_upgrade_adds_the_measures_the_pledge_files_have_to_every_council():
    call_command("load_pledges", stdout=StringIO())
    from_files = {(m.council.slug, m.key): (m.promise_id, m.params, m.basis)
                  for m in Measure.objects.filter(key__in=KEYS).select_related("council")}
    Measure.objects.filter(key__in=KEYS).delete()
    own = CouncilFactory(slug="ownshire")
    kept = MeasureFactory(council=own, key="sdq", params={"months": 6, "counts": "sdq"})
    upgrade = migration("pledges", "0019_health_and_in_touch_clocks").add_the_clocks
    upgrade(apps, None)
    upgrade(apps, None)  # twice changes nothing
    upgraded = {(m.council.slug, m.key): (m.promise_id, m.params, m.basis)
                for m in Measure.objects.filter(key__in=KEYS).exclude(council=own).select_related("council")}
    assert upgraded == from_files and len(upgraded) == 6
    assert {m.promise_id is not None for m in Measure.objects.filter(key__in=KEYS, council__slug__startswith="bath")} \
        == {True}
    kept.refresh_from_db()
    assert kept.params == {"months": 6, "counts": "sdq"}
    assert Measure.objects.filter(council=own, key__in=KEYS).count() == 3
    assert Council.objects.count() == 3


def test_the_upgrade_dates_each_imported_oc3_row_on_the_birthday_in_its_year(people):
    leaver = people.elsewhere_young_person
    leaver.date_of_birth = date(2008, 2, 29)
    leaver.save()
    past = CareLeaverYearlyOutcome.objects.create(young_person=leaver, year_ending=date(2026, 3, 31), in_touch="YES")
    recorded = CareLeaverYearlyOutcome.objects.create(young_person=leaver, year_ending=date(2025, 3, 31),
                                                      in_touch="NO", checked_on=date(2024, 12, 1))
    migration("casework", "0020_health_assessments_sdq_reasons_and_in_touch_checks").date_the_returns_in_touch_checks(
        apps, None)
    past.refresh_from_db()
    recorded.refresh_from_db()
    assert (past.checked_on, recorded.checked_on) == (date(2026, 2, 28), date(2024, 12, 1))
