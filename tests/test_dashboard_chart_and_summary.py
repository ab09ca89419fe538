"""The trend chart tells a month with 0% kept on time (a thin red bar, "0%") from a month with nothing due ("none
due", no bar), in words as well as colour; and the filters in use are summarised above the figures, each removable,
with "Clear filters"."""
from datetime import date

import pytest
from django.http import QueryDict
from django.urls import reverse

from pledges.dashboard import CHART_HEIGHT, CHART_TOP, ZERO_BAR, chart_bars
from pledges.dashboard_filters import DashboardFilterForm

from .factories import TeamFactory
from .test_dashboard import TODAY, callback_rows_measure, row, today  # noqa: F401 (today: autouse fixture)

BASELINE = CHART_TOP + CHART_HEIGHT


def test_zero_kept_is_a_thin_bar_and_nothing_due_is_no_bar():
    series = [(date(2026, 1, 1), 4, 0, 0), (date(2026, 2, 1), 0, 0, None), (date(2026, 3, 1), 4, 4, 100),
              (date(2026, 4, 1), 200, 1, 0)]
    zero, nothing, full, almost = chart_bars(series)["bars"]
    assert (zero["zero"], zero["height"], zero["y"]) == (True, ZERO_BAR, BASELINE - ZERO_BAR)
    assert (nothing["share"], nothing["height"]) == (None, 0)
    assert (full["height"], full["y"], full["text_y"]) == (CHART_HEIGHT, CHART_TOP, CHART_TOP - 5)
    assert full["text_y"] > 0  # "100%" fits above the tallest bar
    assert almost["zero"] and almost["height"] == ZERO_BAR  # 1 of 200 rounds to 0%: still a visible bar


@pytest.fixture
def months(people, small_pledge):
    """September: 2 due, none kept on time. October: nothing due. November (to today): 1 due, kept."""
    measure = callback_rows_measure(people.council, promise=small_pledge.sections.get(order=3).promises.get())
    row(measure, people.young_person, date(2026, 9, 10))
    row(measure, people.other_young_person, date(2026, 9, 12), met_on=date(2026, 9, 20))
    row(measure, people.young_person, date(2026, 11, 2), met_on=date(2026, 11, 1))
    people.measure = measure
    return people


@pytest.mark.parametrize("url_name", ["compliance_dashboard", "dashboard_measure"])
def test_the_page_draws_both_and_the_table_says_both_in_words(client, months, url_name):
    client.force_login(months.manager.user)
    args = [months.measure.pk] if url_name == "dashboard_measure" else []
    html = client.get(reverse(url_name, args=args)).content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count('class="app-chart__bar app-chart__bar--zero"') == 1  # September
    assert '>0%</text>' in svg and '>100%</text>' in svg
    assert svg.count("<tspan") == 2 * 11  # "none due" for the 11 other months of the year
    table = html[html.index("</svg>"):]
    assert "<th scope=\"row\" class=\"govuk-table__header\">September 2026</th>" in table
    assert table.count("Nothing due") == 11


def form(query, council):
    return DashboardFilterForm(QueryDict(query), council=council, today=TODAY)


def test_the_summary_says_the_period_and_each_filter(people):
    team = TeamFactory(council=people.council, name="Learn 2 Live")
    query = (f"team={team.pk}&worker={people.social_worker.pk}&legal_status=care_leaver&age_band=16-17"
             "&period_from_0=1&period_from_1=4&period_from_2=2026&period_to_0=30&period_to_1=9&period_to_2=2026"
             "&show=kept&page=2")
    summary = form(query, people.council).summary()
    assert summary["words"] == ("Team Learn 2 Live, worker Sita Worker, care leaver, aged 16 to 17, 1 April 2026 to "
                                "30 September 2026")
    removing = {chosen["words"]: QueryDict(chosen["remove"]) for chosen in summary["filters"]}
    assert "team" not in removing["Team Learn 2 Live"] and removing["Team Learn 2 Live"]["worker"]
    assert not any(key.startswith("period") for key in removing["1 April 2026 to 30 September 2026"])
    assert all(q["show"] == "kept" and "page" not in q for q in removing.values())


def test_with_no_filter_the_summary_is_just_the_period(people):
    summary = form("", people.council).summary()
    assert summary == {"words": "24 November 2025 to 23 November 2026", "filters": []}


def test_the_summary_is_above_the_figures_with_clear_filters(client, months):
    client.force_login(months.manager.user)
    html = client.get(reverse("compliance_dashboard"), {"worker": months.social_worker.pk}).content.decode()
    assert html.index('id="active-filters"') < html.index("Promise by promise")
    assert "<strong>Showing:</strong> worker Sita Worker, 24 November 2025 to 23 November 2026" in html
    assert '<a class="govuk-link" href="/dashboard/">Clear filters</a>' in html
    unfiltered = client.get(reverse("compliance_dashboard")).content.decode()
    assert "Clear filters" not in unfiltered and "<strong>Showing:</strong> 24 November 2025" in unfiltered
