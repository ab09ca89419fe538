"""The dashboard's rows drawn in Python (pledges.dashboard_html) are the HTML the templates drew before: the measures'
rows of dashboard.html and the bars and months of includes/trend_chart.html, written here as they were. Only blank
lines differ. Names are council-entered text, so they are escaped wherever they appear."""
from datetime import date

import pytest
from django.template import Context, Template

from pledges.dashboard import Figures, MeasureLine, PromiseGroup, chart_bars
from pledges.dashboard_html import trend_chart, with_rows_drawn
from pledges.models import Basis, Measure

MEASURE_ROWS = """<tbody>
      {% for line in group.lines %}
        {% url 'dashboard_measure' line.measure.pk as measure_url %}
        <tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{{ measure_url }}{% if filters %}?{{ filters }}{% endif %}">{{ line.measure.name }}</a>
            <strong class="govuk-tag {% if line.measure.basis == 'statutory' %}govuk-tag--grey{% else %}govuk-tag--blue{% endif %}">{{ line.measure.get_basis_display }}</strong></th>
          <td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" href="{{ measure_url }}?show=kept{% if filters %}&amp;{{ filters }}{% endif %}">{% if line.figures.kept_share is None %}–{% else %}{{ line.figures.kept_share }}%{% endif %}<span class="govuk-visually-hidden"> kept on time: {{ line.measure.name }}</span></a><br><span class="govuk-body-s">{{ line.figures.kept }} of {{ line.figures.due }}</span></td>
          <td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" href="{{ measure_url }}?show=late{% if filters %}&amp;{{ filters }}{% endif %}">{{ line.figures.late }}<span class="govuk-visually-hidden"> kept late: {{ line.measure.name }}</span></a></td>
          <td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" href="{{ measure_url }}?show=missed{% if filters %}&amp;{{ filters }}{% endif %}">{{ line.figures.missed }}<span class="govuk-visually-hidden"> missed: {{ line.measure.name }}</span></a></td>
          <td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" href="{{ measure_url }}?show=overdue{% if filters %}&amp;{{ filters }}{% endif %}">{{ line.figures.overdue }}<span class="govuk-visually-hidden"> overdue now: {{ line.measure.name }}</span></a></td>
          <td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" href="{{ measure_url }}?show=due_soon{% if filters %}&amp;{{ filters }}{% endif %}">{{ line.figures.due_soon }}<span class="govuk-visually-hidden"> due soon: {{ line.measure.name }}</span></a></td>
        </tr>
      {% endfor %}
      </tbody>"""

CHART = """{% load l10n %}{% localize off %}<svg>
    {% for bar in chart.bars %}
      {% if bar.share is None %}<text x="{{ bar.label_x }}" y="{{ chart.none_y }}" class="app-chart__none" text-anchor="middle"><tspan x="{{ bar.label_x }}">none</tspan><tspan x="{{ bar.label_x }}" dy="12">due</tspan></text>
      {% else %}<rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ chart.bar_width }}" height="{{ bar.height }}" class="app-chart__bar{% if bar.zero %} app-chart__bar--zero{% endif %}" data-share="{{ bar.share }}"/>
      <text x="{{ bar.label_x }}" y="{{ bar.text_y }}" class="app-chart__share{% if bar.zero %} app-chart__share--zero{% endif %}" text-anchor="middle">{{ bar.share }}%</text>{% endif %}
      <text x="{{ bar.label_x }}" y="{{ chart.baseline|add:16 }}" class="app-chart__label" text-anchor="middle">{{ bar.month|date:"M" }}</text>
    {% endfor %}
  </svg>{% endlocalize %}
  <tbody class="govuk-table__body">
    {% for month, due, kept, share in series %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{ month|date:"F Y" }}</th>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ due }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ kept }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{% if share is None %}Nothing due{% else %}{{ share }}%{% endif %}</td>
    </tr>
    {% endfor %}
  </tbody>"""


def without_blank_lines(html: str) -> str:
    return "\n".join(line for line in html.splitlines() if line.strip())


@pytest.mark.parametrize("filters", ["", "team=3&worker=14&age_band=16-17"])
def test_the_measures_rows_are_the_html_the_template_drew(filters):
    lines = [
        MeasureLine(Measure(pk=7, name='Visit <b>&amp; "review"</b> \'soon\'', basis=Basis.STATUTORY),
                    Figures(due=1234, kept=1000, late=100, missed=134, overdue=2001, due_soon=45)),
        MeasureLine(Measure(pk=12, name="Pathway plan", basis=Basis.PLEDGE), Figures()),  # nothing due: "–"
        MeasureLine(Measure(pk=13, name="Health & dental", basis=Basis.PLEDGE), Figures(due=3, kept=0, missed=3)),
    ]
    expected = Template(MEASURE_ROWS).render(Context({"group": PromiseGroup(None, lines), "filters": filters}))
    group, = with_rows_drawn([PromiseGroup(None, lines)], filters=filters)
    ours = f"<tbody>\n      {group.rows_html}\n      </tbody>"
    assert without_blank_lines(ours) == without_blank_lines(expected)
    assert "<b>" not in ours and "Visit &lt;b&gt;&amp;amp; &quot;review&quot;&lt;/b&gt; &#x27;soon&#x27;" in ours


def test_the_chart_s_bars_and_months_are_the_html_the_template_drew():
    shares = [(40, 30), (0, 0), (12, 0), (5, 5), (200, 1), (3, 2)]  # nothing due, all kept, none kept, 1 in 200
    series = [(date(2026, month, 1), due, kept, round(100 * kept / due) if due else None)
              for month, (due, kept) in enumerate(shares * 2, start=1)]
    series[0] = (date(2025, 12, 1), 0, 0, None)
    expected = Template(CHART).render(Context({"chart": chart_bars(series), "series": series}))
    chart = trend_chart(series)
    ours = (f'<svg>\n    {chart["bars_svg"]}\n  </svg>\n  <tbody class="govuk-table__body">\n'
            f'    {chart["month_rows"]}\n  </tbody>')
    assert without_blank_lines(ours) == without_blank_lines(expected)
    assert {key: value for key, value in chart.items() if key not in ("bars_svg", "month_rows")} == chart_bars(series)
    assert "none</tspan>" in ours and "app-chart__bar--zero" in ours and "Nothing due" in ours
