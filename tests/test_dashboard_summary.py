"""The dashboard's summary (pledges.ledger_counts.LedgerDayCount, kept by triggers) gives exactly the figures the
row-based code gives (pledges.dashboard, kept as the oracle), on randomised councils after every kind of write the
ledger sees: bulk inserts, a recompute's bulk UPDATE, plain updates, deletes and a young person's records deleted."""
import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.benchmark_council import build
from pledges import dashboard, dashboard_summary
from pledges.dashboard_filters import Period
from pledges.ledger.snapshots import LedgerRows
from pledges.models import LedgerDayCount, LedgerEntry

pytestmark = pytest.mark.django_db


def recounted() -> dict:
    """The summary counted again from the rows, one by one (zero days left out)."""
    counts = {}
    for row in LedgerEntry.objects.all():
        met = row.status == LedgerEntry.Status.MET
        parts = (int(met), int(met and row.met_on <= row.due_on), int(met and row.met_on > row.due_on), int(not met))
        before = counts.get((row.measure_id, row.due_on), (0, 0, 0, 0))
        counts[row.measure_id, row.due_on] = tuple(a + b for a, b in zip(before, parts))
    return counts


def stored() -> dict:
    return {(row.measure_id, row.due_on): (row.met, row.kept, row.late, row.open)
            for row in LedgerDayCount.objects.all() if (row.met, row.kept, row.late, row.open) != (0, 0, 0, 0)}


def shake(rng: random.Random, measures) -> None:
    """Every kind of write, at random."""
    rows = list(LedgerEntry.objects.order_by("pk"))
    changed = []
    for row in rng.sample(rows, len(rows) // 5):
        if rng.random() < 0.5:
            row.status, row.met_on = LedgerEntry.Status.MET, row.due_on + timedelta(days=rng.randint(-20, 20))
        else:
            row.status, row.met_on = LedgerEntry.Status.OPEN, None
        row.due_on += timedelta(days=rng.randint(-40, 40))
        changed.append(row)
    # As a recompute writes changes: one bulk UPDATE.
    LedgerEntry.objects.bulk_update(changed, ["status", "met_on", "due_on"])
    LedgerEntry.objects.filter(pk__in=[row.pk for row in rng.sample(rows, 30)]).delete()
    # One UPDATE of many rows at once, as a version's change of rule would.
    LedgerEntry.objects.filter(measure=measures[0], status=LedgerEntry.Status.OPEN).update(
        due_on=F("due_on") + timedelta(days=1))
    one = rng.choice(rows)
    LedgerEntry.objects.filter(pk=one.pk).update(status=LedgerEntry.Status.MET, met_on=date(2026, 1, 1))
    LedgerEntry.objects.filter(pk=one.pk).update(next_alert_at=None)  # a stamp: no figure changes
    rng.choice(rows).young_person.delete()  # every one of their rows goes, by Django's cascade


def nonzero(figures: dict) -> dict:
    """A measure with no figure at all is shown as zeros either way (figures.get(pk, Figures()))."""
    return {pk: each for pk, each in figures.items() if each != dashboard.Figures()}


def periods(rng: random.Random, today: date):
    yield Period.last_twelve_months(today)
    yield Period(start=today - timedelta(days=rng.randint(30, 900)), end=today - timedelta(days=rng.randint(0, 29)))
    yield Period(start=date(2020, 1, 1), end=today)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_gives_the_row_based_figures_on_random_councils(seed):
    rng = random.Random(seed)
    built = build(12 + 8 * seed, 2, rng)
    measures = list(built["measures"].values())
    assert stored() == recounted()
    shake(rng, measures)
    assert stored() == recounted()
    everyone = LedgerRows()
    for today in (date.today(), date.today() - timedelta(days=rng.randint(1, 400))):
        for period in periods(rng, today):
            oracle = dashboard.figures_by_measure(everyone, measures=measures, period=period, today=today)
            summed = dashboard_summary.figures_by_measure(measures, period=period, today=today)
            assert nonzero(summed) == nonzero(oracle)
            assert dashboard_summary.months_by_measure(measures, period=period, today=today) == \
                dashboard.months_by_measure(everyone, measures=measures, period=period, today=today)


def dashboard_queries(client, manager, params=None) -> list[str]:
    client.force_login(manager.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("compliance_dashboard"), params or {}).status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("size", [10, 60])
def test_the_unfiltered_dashboard_never_reads_the_ledger_rows_and_costs_the_same_at_two_sizes(client, size):
    built = build(size, 1, random.Random(size))
    sql = dashboard_queries(client, built["manager"])
    assert len(sql) == 9
    assert not [query for query in sql if "pledges_ledgerentry" in query]
    # The measure's own page reads rows only for the list it shows.
    client.force_login(built["manager"].user)
    measure = built["measures"]["statutory-visit"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard_measure", args=[measure.pk])).status_code == 200
    assert len(queries) == 10


def test_the_quick_team_and_worker_lists_are_the_html_django_draws(people):
    """The filter form's lists are drawn in Python for speed; the HTML is exactly what Django's templates write."""
    from django import forms
    from django.forms.models import ModelChoiceIterator
    from django.http import QueryDict

    from pledges.dashboard_filters import DashboardFilterForm

    council = people.social_worker.council
    worker = people.social_worker
    for query in ("", f"worker={worker.pk}&team={worker.team_id or ''}", "worker=nonsense"):
        quick = DashboardFilterForm(QueryDict(query), council=council, today=date(2026, 11, 23))
        plain = DashboardFilterForm(QueryDict(query), council=council, today=date(2026, 11, 23))
        for name in ("team", "worker"):
            field = plain.fields[name]
            if name == "worker":
                field.queryset = field.listed  # the list offers the team's workers (and the worker chosen)
            field.iterator = ModelChoiceIterator
            field.widget = forms.Select(attrs=field.widget.attrs)
            field.widget.choices = field.choices
            assert str(quick[name]) == str(plain[name])
