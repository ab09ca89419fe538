"""Stability for children in care: placements, social worker changes and IRO changes in a period, counted against
hand-built records at the period's edges; the lists behind each number and their CSV; who may see them; bad filters;
fixed query counts."""
import csv
import io
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Allocation, Placement, Role
from pledges.dashboard_filters import Period
from pledges.stability import stability
from pledges.csv_export import safe_cell
from reviews.models import IroChange

from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London"))
PERIOD = Period(start=date(2025, 11, 24), end=date(2026, 11, 23))  # the default on 23 November 2026


def placements(people, young_person, *spans):
    for started_on, ended_on in spans:
        Placement.objects.create(young_person=young_person, kind="foster", carer_or_home="A foster family",
                                 started_on=started_on, ended_on=ended_on, recorded_by=people.social_worker)


def social_workers(young_person, *spans):
    for worker, started_on, ended_on in spans:
        Allocation.objects.create(young_person=young_person, worker=worker, role=Role.SOCIAL_WORKER,
                                  started_on=started_on, ended_on=ended_on)


@pytest.fixture
def moves(people):
    """Robin and Sky (in care, no placements recorded, one social worker since 2024) and three more children in care:
    Ava moved twice (her third home from the period's last day), Eli's first home ended the day before the period,
    Fay changed social worker twice. Dates are at the edges of the period, 24 November 2025 to 23 November 2026."""
    sita, olu = people.social_worker, people.other_worker
    ava = YoungPersonFactory(council=people.council, first_name="Ava", last_name="Alder", date_of_birth=date(2012, 1, 1))
    placements(people, ava, (date(2025, 6, 1), date(2026, 2, 1)), (date(2026, 2, 1), date(2026, 11, 23)),
               (date(2026, 11, 23), None))
    social_workers(ava, (olu, date(2026, 1, 10), date(2026, 5, 1)), (sita, date(2026, 5, 1), None))

    eli = YoungPersonFactory(council=people.council, first_name="Eli", last_name="Beech")
    placements(people, eli, (date(2025, 1, 1), date(2025, 11, 23)), (date(2025, 11, 23), date(2026, 6, 1)),
               (date(2026, 6, 1), None))
    social_workers(eli, (olu, date(2024, 1, 1), date(2025, 11, 24)), (sita, date(2025, 11, 24), date(2026, 3, 1)),
                   (olu, date(2026, 3, 1), date(2026, 8, 1)), (sita, date(2026, 8, 1), None))

    fay = YoungPersonFactory(council=people.council, first_name="Fay", last_name="Cherry")
    social_workers(fay, (olu, date(2023, 1, 1), date(2025, 11, 23)), (sita, date(2025, 11, 23), date(2026, 1, 1)),
                   (olu, date(2026, 1, 1), date(2026, 9, 1)), (sita, date(2026, 9, 1), None))

    new_iro = WorkerFactory(council=people.council, role=Role.IRO, name="Nia Newiro")
    for young_person, changed_on in [(people.young_person, date(2025, 11, 23)),  # the day before: not counted
                                     (people.young_person, date(2026, 1, 5)), (ava, date(2026, 11, 23))]:
        IroChange.objects.create(young_person=young_person, previous_iro=people.iro, new_iro=new_iro,
                                 changed_on=changed_on, reason="Caseloads were rebalanced")
    return SimpleNamespace(people=people, ava=ava, eli=eli, fay=fay)


def test_stability_counts_at_the_edges_of_the_period(moves):
    from casework.models import YoungPerson

    counted = stability(YoungPerson.objects.filter(council=moves.people.council), PERIOD)
    assert counted.children_in_care == 5  # Robin, Sky, Ava, Eli, Fay
    assert counted.three_or_more_placements == 1  # Ava; Eli's first home ended the day before the period
    assert counted.three_or_more_share == 20
    # Robin 0, Sky 0, Ava 1 (her first social worker is not a change), Fay 2 (not Sita from the day before), Eli 3.
    assert [(label, n) for label, _, n in counted.change_buckets] == [("0", 2), ("1", 1), ("2", 1), ("3 or more", 1)]
    assert counted.social_worker_changes == 6 and counted.average_social_worker_changes == 1.2
    assert (counted.iro_changes, counted.iro_changed_for) == (2, 2)


def test_a_shorter_period_counts_only_what_overlaps_it(moves):
    from casework.models import YoungPerson

    counted = stability(YoungPerson.objects.filter(council=moves.people.council),
                        Period(start=date(2025, 11, 24), end=date(2026, 11, 22)))
    assert counted.three_or_more_placements == 0  # Ava's third home starts the day after this period
    assert counted.iro_changes == 1


def test_nobody_in_care_means_no_share_rather_than_a_division_by_zero(people):
    from casework.models import YoungPerson

    counted = stability(YoungPerson.objects.none(), PERIOD)
    assert counted.children_in_care == 0
    assert counted.three_or_more_share is None and counted.average_social_worker_changes is None


@time_machine.travel(NOW, tick=False)
def test_the_stability_page_shows_each_number_with_a_link_to_who_is_behind_it(client, moves):
    client.force_login(moves.people.manager.user)
    response = client.get(reverse("dashboard_stability"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["period"] == PERIOD
    assert "(20% of children in care)" in html
    for measure in ("children-in-care", "three-or-more-placements", "social-worker-changes", "iro-changes",
                    "no-social-worker-change", "three-or-more-social-worker-changes"):
        assert f'href="{reverse("dashboard_stability_list", args=[measure])}"' in html


@pytest.mark.parametrize(("measure", "expected"), [
    ("three-or-more-placements", [("Ava Alder", 3)]),
    ("children-in-care", [("Ava Alder", 3), ("Eli Beech", 2), ("Robin Ash", 0), ("Sky Birch", 0),
                          ("Fay Cherry", 0)]),
    ("social-worker-changes", [("Eli Beech", 3), ("Fay Cherry", 2), ("Ava Alder", 1), ("Robin Ash", 0),
                               ("Sky Birch", 0)]),
    ("no-social-worker-change", [("Robin Ash", 0), ("Sky Birch", 0)]),
    ("two-social-worker-changes", [("Fay Cherry", 2)]),
    ("three-or-more-social-worker-changes", [("Eli Beech", 3)]),
    ("iro-changes", [("Ava Alder", 1), ("Robin Ash", 1)]),
])
@time_machine.travel(NOW, tick=False)
def test_each_list_holds_the_young_people_behind_its_number(client, moves, measure, expected):
    client.force_login(moves.people.manager.user)
    response = client.get(reverse("dashboard_stability_list", args=[measure]))
    assert response.status_code == 200
    assert [(yp.full_name, yp.count) for yp in response.context["young_people"]] == expected


@time_machine.travel(NOW, tick=False)
def test_a_list_shows_each_young_persons_age_team_and_social_worker(client, moves):
    client.force_login(moves.people.manager.user)
    response = client.get(reverse("dashboard_stability_list", args=["three-or-more-placements"]))
    (ava,) = response.context["young_people"]
    assert (ava.age, ava.team_name, ava.worker_name) == (14, "Children in Care Team", "Sita Worker")
    assert "Download this list as a spreadsheet (CSV)" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_filters_narrow_the_young_people_counted(client, moves):
    client.force_login(moves.people.manager.user)
    response = client.get(reverse("dashboard_stability"), {"worker": moves.people.social_worker.pk})
    assert response.context["stability"].children_in_care == 4  # Sky is Olu's
    assert response.context["stability"].three_or_more_placements == 1
    response = client.get(reverse("dashboard_stability"), {"age_band": "10-15", "legal_status": "looked_after"})
    assert response.context["stability"].children_in_care == 5


# --- CSV ---------------------------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_list_downloads_as_a_csv_named_for_the_measure_and_period(client, moves):
    client.force_login(moves.people.manager.user)
    response = client.get(reverse("dashboard_stability_list", args=["social-worker-changes"]),
                          {"format": "csv", "worker": moves.people.social_worker.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="social-worker-changes-2025-11-24-to-2026-11-23.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["Name", "Age", "Team", "Social worker or personal adviser", "Social worker changes"],
        ["Eli Beech", "13", "Children in Care Team", "Sita Worker", "3"],
        ["Fay Cherry", "13", "Children in Care Team", "Sita Worker", "2"],
        ["Ava Alder", "14", "Children in Care Team", "Sita Worker", "1"],
        ["Robin Ash", "13", "Children in Care Team", "Sita Worker", "0"],
    ]


@time_machine.travel(NOW, tick=False)
def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(client, moves):
    moves.ava.first_name = "=HYPERLINK(\"http://example.test\")"
    moves.ava.save()
    client.force_login(moves.people.manager.user)
    response = client.get(reverse("dashboard_stability_list", args=["three-or-more-placements"]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(\"http://example.test\") Alder"


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+44 1632", "'+44 1632"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("Robin Ash", "Robin Ash"), ("a=b", "a=b"), (3, "3"), ("", ""),
])
def test_only_cells_a_spreadsheet_would_run_get_a_quote(value, cell):
    assert safe_cell(value) == cell


# --- Who may see it ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [reverse("dashboard_stability"),
                                 reverse("dashboard_stability_list", args=["iro-changes"]),
                                 reverse("dashboard_stability_list", args=["iro-changes"]) + "?format=csv"])
def test_only_managers_see_stability(client, people, url):
    for user, expected in [(people.manager.user, 200), (people.social_worker.user, 403), (people.iro.user, 403),
                           (people.young_person.user, 404), (people.elsewhere_young_person.user, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user


@time_machine.travel(NOW, tick=False)
def test_another_councils_manager_sees_only_their_own_councils_young_people(client, moves):
    theirs = YoungPersonFactory(council=moves.people.elsewhere, first_name="Max", last_name="Yew")
    client.force_login(moves.people.elsewhere_manager.user)
    response = client.get(reverse("dashboard_stability_list", args=["children-in-care"]))
    assert [yp.pk for yp in response.context["young_people"]] == [theirs.pk]
    assert response.context["young_people"][0].worker_name is None


def test_an_unknown_measure_is_a_404(client, people):
    client.force_login(people.manager.user)
    assert client.get(reverse("dashboard_stability_list", args=["happiness"])).status_code == 404


# --- Bad filters -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "message"), [
    ({"team": "999999"}, "Choose a team from the list"),
    ({"worker": "abc"}, "Choose a worker from the list"),
    ({"period_from_0": "31", "period_from_1": "2", "period_from_2": "2026"}, "The date must be a real date"),
    ({"period_from_0": "1", "period_from_1": "6", "period_from_2": "2026",
      "period_to_0": "1", "period_to_1": "1", "period_to_2": "2026"}, "The end of the period must be on or after"),
    ({"legal_status": "orphan"}, "Choose in care, care leaver or both"),
])
@pytest.mark.parametrize("url", [reverse("dashboard_stability"),
                                 reverse("dashboard_stability_list", args=["three-or-more-placements"])])
@time_machine.travel(NOW, tick=False)
def test_a_bad_filter_is_an_error_on_the_page_not_a_crash(client, moves, url, query, message):
    client.force_login(moves.people.manager.user)
    response = client.get(url, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: " in html
    assert response.context["period"] == PERIOD  # the default, unfiltered


# --- A fixed number of queries -----------------------------------------------------------------------------------


def _many_moves(people, size):
    for _ in range(size):
        young_person = YoungPersonFactory(council=people.council)
        AllocationFactory(young_person=young_person, worker=people.social_worker, started_on=date(2026, 1, 1))
        placements(people, young_person, (date(2026, 1, 1), date(2026, 3, 1)), (date(2026, 3, 1), None))
        IroChange.objects.create(young_person=young_person, new_iro=people.iro, changed_on=date(2026, 2, 1),
                                 reason="Caseloads were rebalanced")


# Session, user, savepoint; every number in one query; the team choices drawn in the filters (the worker list is read
# only for a team chosen); release.
STABILITY_QUERIES = 6
# The same, with the list instead of the numbers; the CSV draws no form; each logs the young people listed in one
# INSERT (casework.audit).
LIST_QUERIES, CSV_QUERIES = 7, 6


@pytest.mark.parametrize("size", [1, 12])
@time_machine.travel(NOW, tick=False)
def test_the_stability_page_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, size):
    _many_moves(people, size)
    client.force_login(people.manager.user)
    with django_assert_num_queries(STABILITY_QUERIES):
        response = client.get(reverse("dashboard_stability"))
    assert response.context["stability"].iro_changes == size


@pytest.mark.parametrize(("query", "queries"), [({}, LIST_QUERIES), ({"format": "csv"}, CSV_QUERIES)])
@pytest.mark.parametrize("size", [1, 12])
@time_machine.travel(NOW, tick=False)
def test_a_stability_list_takes_a_fixed_number_of_queries(
    client, people, django_assert_num_queries, size, query, queries
):
    _many_moves(people, size)
    client.force_login(people.manager.user)
    with django_assert_num_queries(queries):
        response = client.get(reverse("dashboard_stability_list", args=["iro-changes"]), query)
    assert response.status_code == 200
