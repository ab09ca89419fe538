"""The dashboard's worker filter, two steps: choose a team (and apply), then one of its workers. The list offers the
workers of the team chosen and the worker chosen, never every worker of the council (some 1,400 at 20,000 young
people), so the page costs the same queries however many workers the council has. A worker chosen by a link or a
bookmark without a team still filters, and stays shown as chosen."""
import re

import pytest
from django.urls import reverse

from casework.models import Allocation, Role

from .factories import AllocationFactory, TeamFactory, WorkerFactory, YoungPersonFactory
from .test_dashboard import today  # noqa: F401 (today: autouse fixture)

pytestmark = pytest.mark.django_db


def worker_options(html: str) -> list[str]:
    select = re.search(r'<select name="worker".*?</select>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


@pytest.fixture
def teams(people):
    """A second team of the same council, with a personal adviser and a young person of theirs."""
    people.leaving = TeamFactory(council=people.council, name="Leaving Care Team")
    people.adviser = WorkerFactory(council=people.council, team=people.leaving, name="Pat Adviser",
                                   role=Role.PERSONAL_ADVISER)
    AllocationFactory(young_person=YoungPersonFactory(council=people.council), worker=people.adviser)
    return people


def test_without_a_team_the_list_offers_no_worker_and_says_to_choose_a_team_first(client, teams):
    client.force_login(teams.manager.user)
    html = client.get(reverse("compliance_dashboard")).content.decode()
    assert worker_options(html) == ["All workers"]
    assert "The workers of the team chosen. For another team’s worker, choose the team and apply the filters first." \
        in html
    assert 'aria-describedby="id_worker_hint"' in html


def test_a_team_chosen_offers_its_own_workers_only(client, teams):
    client.force_login(teams.manager.user)
    html = client.get(reverse("compliance_dashboard"), {"team": teams.team.pk}).content.decode()
    # The team's caseworkers by name (the manager holds no cases); another team's adviser is not offered.
    assert worker_options(html) == ["All workers", "Olu Otherworker (Social worker)", "Sita Worker (Social worker)"]
    html = client.get(reverse("compliance_dashboard"), {"team": teams.leaving.pk}).content.decode()
    assert worker_options(html) == ["All workers", "Pat Adviser (Personal adviser)"]


def test_a_worker_chosen_without_a_team_still_filters_and_is_shown_chosen(client, teams):
    client.force_login(teams.manager.user)
    response = client.get(reverse("compliance_dashboard"), {"worker": teams.adviser.pk})
    html = response.content.decode()
    assert not response.context["form"].errors
    assert worker_options(html) == ["All workers", "Pat Adviser (Personal adviser)"]
    assert f'<option value="{teams.adviser.pk}" selected>' in html
    assert "worker Pat Adviser" in html  # the summary of the filters in use
    # With another team chosen, the worker chosen is still offered beside that team's workers.
    html = client.get(reverse("compliance_dashboard"), {"worker": teams.adviser.pk, "team": teams.team.pk}).content.decode()
    assert worker_options(html) == ["All workers", "Olu Otherworker (Social worker)", "Pat Adviser (Personal adviser)",
                                    "Sita Worker (Social worker)"]


@pytest.mark.parametrize("query", [{"worker": "nonsense"}, {"team": "²"}, {"worker": "99999999999999999999"},
                                   {"team": "-1", "worker": "-1"}])
def test_a_worker_or_team_that_is_not_one_is_an_error_on_the_page_not_a_crash(client, teams, query):
    client.force_login(teams.manager.user)
    response = client.get(reverse("compliance_dashboard"), query)
    assert response.status_code == 200
    assert "Choose a worker from the list" in response.content.decode() or \
        "Choose a team from the list" in response.content.decode()


def test_another_councils_worker_is_not_a_choice(client, teams):
    stranger = WorkerFactory(council=teams.elsewhere, name="Nat Stranger")
    client.force_login(teams.manager.user)
    html = client.get(reverse("compliance_dashboard"), {"worker": stranger.pk}).content.decode()
    assert "Choose a worker from the list" in html and "Nat Stranger" not in html


@pytest.mark.parametrize("size", [2, 30])
def test_a_team_chosen_costs_the_same_queries_whatever_its_number_of_workers(client, teams, size,
                                                                            django_assert_num_queries):
    for n in range(size):
        worker = WorkerFactory(council=teams.council, team=teams.leaving, name=f"Adviser {n:02}",
                               role=Role.PERSONAL_ADVISER)
        AllocationFactory(young_person=YoungPersonFactory(council=teams.council), worker=worker)
    client.force_login(teams.manager.user)
    with django_assert_num_queries(11):  # no measure here: test_dashboard pins a council with measures
        html = client.get(reverse("compliance_dashboard"), {"team": teams.leaving.pk}).content.decode()
    assert len(worker_options(html)) == size + 2
    assert Allocation.objects.filter(worker__team=teams.leaving).count() == size + 1


def test_the_workers_page_offers_the_workers_of_the_team_it_shows(client, teams):
    client.force_login(teams.manager.user)
    html = client.get(reverse("dashboard_workers")).content.decode()  # the manager's own team until another is chosen
    assert worker_options(html) == ["All workers", "Olu Otherworker (Social worker)", "Sita Worker (Social worker)"]
    html = client.get(reverse("dashboard_workers"), {"team": teams.leaving.pk}).content.decode()
    assert worker_options(html) == ["All workers", "Pat Adviser (Personal adviser)"]
