"""The dashboard's repeated rows drawn in Python: each promise's table of measures (pledges/dashboard.html) and the
trend chart's bars and table of months (includes/trend_chart.html).

The templates wrote the same HTML, but every variable a row needs went through the template language's lookups and
filters: at Benchmarkshire, 8 measure rows and 13 months cost 5 ms of every dashboard, a third of drawing it. Here
each is one string. tests/test_dashboard_html.py holds the HTML to what the templates drew (only blank lines differ).

Measure names are council-entered text: every one is escaped. The numbers are written as str() writes them, as the
templates wrote them with USE_THOUSAND_SEPARATOR off (the SVG's never localised).
"""
from html import escape

from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .dashboard import PromiseGroup, chart_bars
from .models import Basis

# The figures after the measure's own cell: (its list, the words a screen reader hears before the measure's name).
FIGURE_CELLS = (("late", "kept late"), ("missed", "missed"), ("overdue", "overdue now"), ("due_soon", "due soon"))
CELL = '\n          <td class="govuk-table__cell govuk-table__cell--numeric">'  # in a measure's row
MONTH_CELL = '\n      <td class="govuk-table__cell govuk-table__cell--numeric">'  # in the chart's table


def with_rows_drawn(groups: list[PromiseGroup], *, filters: str) -> list[PromiseGroup]:
    """The groups, each with its measures' rows drawn (rows_html), every link carrying the filters' query string."""
    query = escape(filters)
    for group in groups:
        group.rows_html = mark_safe("".join(_measure_row(line, query) for line in group.lines))
    return groups


def _measure_row(line, query: str) -> str:
    """One measure: its name (to its list of everything due) and basis, then a cell for each figure, each a link to
    the list behind it."""
    measure, figures = line.measure, line.figures
    url = escape(reverse("dashboard_measure", args=[measure.pk]))
    name = escape(measure.name)
    tag = "govuk-tag--grey" if measure.basis == Basis.STATUTORY else "govuk-tag--blue"
    more = f"&amp;{query}" if query else ""
    kept = "–" if figures.kept_share is None else f"{figures.kept_share}%"
    cells = "".join(
        f'{CELL}<a class="govuk-link" href="{url}?show={show}{more}">{getattr(figures, show)}'
        f'<span class="govuk-visually-hidden"> {words}: {name}</span></a></td>' for show, words in FIGURE_CELLS)
    return (
        '\n        <tr class="govuk-table__row">\n'
        f'          <th scope="row" class="govuk-table__header"><a class="govuk-link" '
        f'href="{url}{"?" + query if query else ""}">{name}</a>\n'
        f'            <strong class="govuk-tag {tag}">{conditional_escape(measure.get_basis_display())}</strong></th>'
        f'{CELL}<a class="govuk-link" href="{url}?show=kept{more}">{kept}'
        f'<span class="govuk-visually-hidden"> kept on time: {name}</span></a><br>'
        f'<span class="govuk-body-s">{figures.kept} of {figures.due}</span></td>'
        f'{cells}\n        </tr>')


def trend_chart(series) -> dict:
    """chart_bars(series) with its bars (bars_svg) and its table's rows (month_rows) drawn, for
    includes/trend_chart.html."""
    chart = chart_bars(series)
    chart["bars_svg"] = mark_safe("".join(_bar(bar, chart) for bar in chart["bars"]))
    chart["month_rows"] = mark_safe("".join(
        '\n    <tr class="govuk-table__row">\n'
        f'      <th scope="row" class="govuk-table__header">{conditional_escape(dateformat.format(month, "F Y"))}</th>'
        f'{MONTH_CELL}{due}</td>{MONTH_CELL}{kept}</td>'
        f'{MONTH_CELL}{"Nothing due" if share is None else f"{share}%"}</td>\n    </tr>'
        for month, due, kept, share in series))
    return chart


def _bar(bar: dict, chart: dict) -> str:
    """A month's bar with its share above it, or the words "none due"; then the month's name under the axis."""
    x = bar["label_x"]
    if bar["share"] is None:
        shown = (f'<text x="{x}" y="{chart["none_y"]}" class="app-chart__none" text-anchor="middle">'
                 f'<tspan x="{x}">none</tspan><tspan x="{x}" dy="12">due</tspan></text>')
    else:
        zero = bar["zero"]
        shown = (f'<rect x="{bar["x"]}" y="{bar["y"]}" width="{chart["bar_width"]}" height="{bar["height"]}" '
                 f'class="app-chart__bar{" app-chart__bar--zero" if zero else ""}" data-share="{bar["share"]}"/>\n'
                 f'      <text x="{x}" y="{bar["text_y"]}" '
                 f'class="app-chart__share{" app-chart__share--zero" if zero else ""}" text-anchor="middle">'
                 f'{bar["share"]}%</text>')
    return (f'\n      {shown}\n      <text x="{x}" y="{chart["baseline"] + 16}" class="app-chart__label" '
            f'text-anchor="middle">{conditional_escape(dateformat.format(bar["month"], "M"))}</text>')
