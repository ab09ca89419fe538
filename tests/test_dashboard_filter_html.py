"""The dashboard's filter form, drawn in Python (pledges.dashboard_filter_html), says what crispy_forms_gds says from
the form's helper (which drew it before): the same elements and attributes, hints, error messages,
aria-describedby and aria-invalid, whatever was typed. Only the spaces between tags may differ, and the class of the
team and worker lists: crispy classes a widget by its class's name, so QuickSelect was "quickselect", never styled as
a GOV.UK select nor marked in error; they are GOV.UK selects like the others."""
import re
from datetime import date

import pytest
from crispy_forms.utils import render_crispy_form
from django.http import QueryDict

from pledges.dashboard_filters import DashboardFilterForm

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)

QUERIES = [
    "",
    "team={team}",
    "team={team}&worker={worker}",
    "worker={worker}&legal_status=care_leaver&age_band=16-17",
    "period_from_0=1&period_from_1=4&period_from_2=2026&period_to_0=31&period_to_1=10&period_to_2=2026",
    # Every filter wrong at once: an impossible date, unknown team and worker, values no list offers.
    "period_from_0=40&period_from_1=4&period_from_2=2026&team=999999&worker=abc&legal_status=x&age_band=zz",
    # Letters in one part of a date mark that part only; a date after today marks the whole date.
    "period_from_0=abc&period_from_1=4&period_from_2=20x6&period_to_1=zz",
    "period_to_0=1&period_to_1=1&period_to_2=2030",
    "period_from_0=%22%3E%3Cscript%3E&team=%3Cb%3E",
]


def normalised(html: str) -> str:
    html = re.sub(r"\s*/>", ">", html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r'\s+(?=[<>"])|(?<=>)\s+', "", html)


def crispy_html(form) -> str:
    html = render_crispy_form(form)
    html = re.sub(r'(<select name="(?:team|worker)"[^>]*)class="quickselect"( aria-invalid="true")',
                  r'\1class="govuk-select govuk-input--error"\2', html)
    return html.replace('class="quickselect"', 'class="govuk-select"')


@pytest.mark.parametrize("query", QUERIES)
def test_the_filter_form_is_drawn_as_crispy_draws_it(people, query):
    data = QueryDict(query.format(team=people.team.pk, worker=people.social_worker.pk))
    ours = DashboardFilterForm(data, council=people.council, today=TODAY)
    theirs = DashboardFilterForm(data, council=people.council, today=TODAY)  # crispy changes the widgets it draws
    assert normalised(ours.html()) == normalised(crispy_html(theirs))
    assert 'class="govuk-select' in ours.html() and "quickselect" not in ours.html()


def test_the_hint_says_when_the_council_measures_from(people):
    people.council.measuring_from = date(2026, 4, 1)
    form = DashboardFilterForm(QueryDict(), council=people.council, today=TODAY)
    assert "We measure promises from 1 April 2026" in form.html()
    assert normalised(form.html()) == normalised(
        crispy_html(DashboardFilterForm(QueryDict(), council=people.council, today=TODAY)))


def test_a_form_without_team_and_worker_draws_the_rest(people):
    """As the workers' pages take team and worker out of the form (pledges.team_views)."""
    form = DashboardFilterForm(QueryDict("legal_status=x"), council=people.council, today=TODAY)
    for name in ("team", "worker"):
        del form.fields[name]
    html = form.html()
    assert 'name="team"' not in html and 'name="worker"' not in html
    assert '<select name="legal_status" aria-describedby="id_legal_status_1_error" ' \
           'class="govuk-select govuk-input--error" aria-invalid="true" id="id_legal_status">' in html
    assert 'name="period_from_0"' in html and 'name="age_band"' in html


@pytest.mark.parametrize("chosen", ["", "team", "team&worker", "worker"])
def test_long_lists_with_names_that_need_escaping_are_drawn_as_crispy_draws_them(people, chosen):
    """A large council's lists (select_html walks the choices itself, not through Django's optgroups): every option,
    the one chosen selected, and names with &, <, > and quotes escaped as Django's option template escapes them."""
    from casework.models import Role
    from tests.factories import TeamFactory, WorkerFactory

    teams = [TeamFactory(council=people.council, name=f"Team {n:03d} <b>&amp; \"North\" 'East'</b>") for n in range(60)]
    workers = [WorkerFactory(council=people.council, team=teams[7], name=f"Al & <i>\"O'Neil\"</i> {n}",
                             role=Role.PERSONAL_ADVISER) for n in range(40)]
    query = {"": "", "team": f"team={teams[7].pk}", "team&worker": f"team={teams[7].pk}&worker={workers[3].pk}",
             "worker": f"worker={workers[3].pk}"}[chosen]
    ours = DashboardFilterForm(QueryDict(query), council=people.council, today=TODAY)
    html = ours.html()
    assert normalised(html) == normalised(
        crispy_html(DashboardFilterForm(QueryDict(query), council=people.council, today=TODAY)))
    team_list, worker_list = (re.search(f'<select name="{name}".*?</select>', html, re.S).group()
                              for name in ("team", "worker"))
    assert team_list.count("<option") == 1 + 61  # "All teams", the team people had and the 60
    # "All workers", then the team's 40, or only the worker chosen
    assert worker_list.count("<option") == 1 + (40 if "team" in chosen else 1 if chosen else 0)
    assert html.count(" selected>") == 4
    assert "&lt;b&gt;&amp;amp; &quot;North&quot; &#x27;East&#x27;&lt;/b&gt;" in html and "<b>" not in html
    if chosen:
        assert f'<option value="{teams[7].pk}" selected>' in html or "team" not in chosen
        assert f'<option value="{workers[3].pk}" selected>' in html or "worker" not in chosen
