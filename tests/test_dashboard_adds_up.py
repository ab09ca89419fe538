"""Drill-down counts add up, for every measure of a council with years of varied history (Benchmarkshire: every kind
of cadence, rows kept early, late, missed, still open, due today and coming up):

- due in the period = kept on time + kept late + missed;
- a row due today and still open is "due today, not counted yet", shown on its own;
- overdue now = missed in the period + due before the period (which holds what was due before the council's
  measuring-from date) + due after the period (when it ends before today).

Before issue 15 the drill-down listed "overdue now" beside "due in the period" as if it were a part of it, and a row
due today was counted nowhere. Every figure here is also counted again in Python from the rows themselves.
"""
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Council
from notifications.benchmark_council import build
from pledges.dashboard import Figures
from pledges.models import LedgerEntry

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


@pytest.fixture
def council():
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        built = build(40, 2, random.Random(15))
        measures = list(built["measures"].values())
        # Something due today, still open, for every measure: the case that used to be counted nowhere.
        for measure in measures:
            row = LedgerEntry.objects.filter(measure=measure).first()
            LedgerEntry.objects.create(measure=measure, young_person=row.young_person, cycle_start=TODAY - timedelta(3),
                                       started_by="test", trigger_id=10**6 + measure.pk, due_on=TODAY)
        yield built


def by_hand(measure, start, end) -> Figures:
    """The figures counted from the rows, one by one."""
    counted = Figures()
    for row in LedgerEntry.objects.filter(measure=measure):
        is_open = row.status == LedgerEntry.Status.OPEN
        if start <= row.due_on <= end:
            if not is_open:
                counted.kept += row.met_on <= row.due_on
                counted.late += row.met_on > row.due_on
            elif row.due_on < TODAY:
                counted.missed += 1
            else:
                counted.not_yet_due += 1
        if is_open and row.due_on < TODAY:
            counted.overdue += 1
            counted.overdue_before += row.due_on < start
            counted.overdue_after += row.due_on > end
    counted.due = counted.kept + counted.late + counted.missed
    return counted


def check(figures: Figures, measure, start, end):
    assert figures.due == figures.kept + figures.late + figures.missed, measure.name
    assert figures.overdue == figures.missed + figures.overdue_before + figures.overdue_after, measure.name
    expected = by_hand(measure, start, end)
    assert (figures.due, figures.kept, figures.late, figures.missed, figures.not_yet_due, figures.overdue,
            figures.overdue_before, figures.overdue_after) == (
        expected.due, expected.kept, expected.late, expected.missed, expected.not_yet_due, expected.overdue,
        expected.overdue_before, expected.overdue_after), measure.name


@pytest.mark.parametrize(("query", "start", "end"), [
    ({}, date(2025, 11, 24), TODAY),  # the last 12 months
    # A period that ends before today: overdue rows due after it are their own part.
    ({"period_from_0": "1", "period_from_1": "2", "period_from_2": "2026", "period_to_0": "31", "period_to_1": "7",
      "period_to_2": "2026"}, date(2026, 2, 1), date(2026, 7, 31)),
])
def test_every_measure_adds_up_on_the_dashboard_and_its_drill_down(client, council, query, start, end):
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        client.force_login(council["manager"].user)
        response = client.get(reverse("compliance_dashboard"), query)
        assert response.context["period"].start == start and response.context["period"].end == end
        lines = [line for group in response.context["groups"] for line in group.lines]
        assert len(lines) == len(council["measures"])
        for line in lines:
            check(line.figures, line.measure, start, end)
        for measure in council["measures"].values():
            page = client.get(reverse("dashboard_measure", args=[measure.pk]), query)
            check(page.context["figures"], measure, start, end)
            html = page.content.decode()
            assert "Kept on time + kept late + missed" in html
            assert "Missed in the period + due before it + due after it" in html


def test_rows_before_the_measuring_from_date_are_not_counted_but_their_overdue_ones_are_said(client, council):
    measuring_from = date(2026, 8, 1)
    # update(): no signal, so the written rows stay as they are (the ledger's own tests cover the rebuild)
    Council.objects.filter(pk=council["council"].pk).update(measuring_from=measuring_from)
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        client.force_login(council["manager"].user)
        for measure in council["measures"].values():
            page = client.get(reverse("dashboard_measure", args=[measure.pk]))
            assert page.context["period"].start == measuring_from
            check(page.context["figures"], measure, measuring_from, TODAY)
            assert "We measure promises from 1 August 2026" in page.content.decode()


def test_each_part_opens_the_rows_it_counts(client, council):
    measure = council["measures"]["statutory-visit"]
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=LONDON), tick=False):
        client.force_login(council["manager"].user)
        figures = client.get(reverse("dashboard_measure", args=[measure.pk])).context["figures"]
        for show in ("kept", "late", "missed", "due", "not_yet_due", "overdue", "overdue_before", "overdue_after"):
            page = client.get(reverse("dashboard_measure", args=[measure.pk]), {"show": show})
            # The rows the list's own query finds (the page's paginator is given the figure as its count).
            assert page.context["page"].paginator.object_list.count() == getattr(figures, show), show
