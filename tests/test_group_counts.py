"""The summary for each team and worker (pledges.group_counts, kept by triggers) holds exactly what the allocations
and the ledger rows say, after every kind of write either sees: ledger rows inserted, updated in bulk and deleted,
allocations opened, ended, handed to another worker (one by one and in bulk) and deleted, a worker moving team, a
young person's records deleted. The dashboard filtered by a team or a worker then gives the row-based figures
(pledges.dashboard, the oracle) without reading a ledger row, at the same cost for a small council and a larger one;
the nightly repair finds nothing to mend, and mends what was broken on purpose."""
import importlib
import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse

from casework.models import Allocation, Role, Team, Worker, YoungPerson
from notifications.benchmark_council import build
from pledges import dashboard, dashboard_summary
from pledges.group_counts import GroupDayCount, GroupMember, group_counts_repair
from pledges.ledger.snapshots import LedgerRows
from pledges.models import LedgerEntry

from .test_dashboard_summary import dashboard_queries, nonzero, periods, shake

pytestmark = pytest.mark.django_db


def members_now() -> set:
    """Whom each young person counts under, from the open allocations (the dashboard's filters' rule)."""
    members = set()
    for young_person_id, worker_id, team_id in Allocation.objects.filter(ended_on__isnull=True).values_list(
            "young_person_id", "worker_id", "worker__team_id"):
        members.add((young_person_id, "worker", worker_id))
        if team_id is not None:
            members.add((young_person_id, "team", team_id))
    return members


def recounted() -> dict:
    """The counts from the rows, one by one, for every group (zero days left out)."""
    groups_of = {}
    for young_person_id, kind, group_id in members_now():
        groups_of.setdefault(young_person_id, []).append((kind, group_id))
    counts = {}
    for row in LedgerEntry.objects.all():
        met = row.status == LedgerEntry.Status.MET
        parts = (int(met), int(met and row.met_on <= row.due_on), int(met and row.met_on > row.due_on), int(not met))
        for kind, group_id in groups_of.get(row.young_person_id, []):
            key = (kind, group_id, row.measure_id, row.due_on)
            counts[key] = tuple(a + b for a, b in zip(counts.get(key, (0, 0, 0, 0)), parts))
    return counts


def stored() -> dict:
    return {(row.kind, row.group_id, row.measure_id, row.due_on): (row.met, row.kept, row.late, row.open)
            for row in GroupDayCount.objects.all() if (row.met, row.kept, row.late, row.open) != (0, 0, 0, 0)}


def stored_members() -> set:
    return set(GroupMember.objects.values_list("young_person_id", "kind", "group_id"))


def shake_allocations(rng: random.Random, council) -> None:
    """Every kind of change to who holds whom, at random."""
    workers = list(Worker.objects.filter(council=council, role=Role.SOCIAL_WORKER))
    teams = list(Team.objects.filter(council=council)) + [Team.objects.create(council=council, name="Moved To")]
    open_allocations = list(Allocation.objects.filter(young_person__council=council, ended_on__isnull=True))
    # A young person handed to a worker in another team, as casework.people.services.allocation_change does: the
    # old allocation ended, a new one opened.
    for allocation in rng.sample(open_allocations, 6):
        allocation.ended_on = allocation.started_on + timedelta(days=1)
        allocation.save()
        Allocation.objects.create(young_person_id=allocation.young_person_id, worker=rng.choice(workers),
                                  role=allocation.role, started_on=allocation.ended_on)
    # Several handed over in one UPDATE (an import correcting the worker).
    still_open = Allocation.objects.filter(young_person__council=council, ended_on__isnull=True)
    Allocation.objects.filter(pk__in=[a.pk for a in rng.sample(list(still_open), 5)]).update(worker=rng.choice(workers))
    # An allocation entered by mistake, deleted; another ended with nobody after.
    rng.choice(list(still_open)).delete()
    Allocation.objects.filter(pk=rng.choice(list(still_open)).pk).update(ended_on=F("started_on"))
    # A worker moving team (one save), and two in one UPDATE.
    mover = rng.choice(workers)
    mover.team = rng.choice([team for team in teams if team.pk != mover.team_id])
    mover.save()
    Worker.objects.filter(pk__in=[w.pk for w in rng.sample(workers, 2)]).update(team=rng.choice(teams))
    # A worker changing anything else moves nobody.
    Worker.objects.filter(pk=mover.pk).update(name="Renamed Worker")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_team_and_worker_counts_follow_every_write_to_allocations_and_the_ledger(seed):
    rng = random.Random(seed)
    built = build(20 + 8 * seed, 2, rng)
    assert stored_members() == members_now()
    assert stored() == recounted()
    shake_allocations(rng, built["council"])
    assert stored_members() == members_now()
    assert stored() == recounted()
    shake(rng, list(built["measures"].values()))
    assert stored_members() == members_now()
    assert stored() == recounted()
    YoungPerson.objects.filter(pk__in=rng.sample(list(YoungPerson.objects.values_list("pk", flat=True)), 3)).delete()
    assert stored_members() == members_now()
    assert stored() == recounted()
    assert group_counts_repair() == {"members": 0, "counts": 0}


def _oracle(group, *, measures, period, today):
    kind, group_id = group
    allocations = Allocation.objects.filter(ended_on__isnull=True)
    allocations = allocations.filter(worker__team_id=group_id) if kind == "team" else allocations.filter(worker_id=group_id)
    rows = LedgerRows().of(YoungPerson.objects.filter(pk__in=allocations.values("young_person_id")))
    return (dashboard.figures_by_measure(rows, measures=measures, period=period, today=today),
            dashboard.months_by_measure(rows, measures=measures, period=period, today=today))


@pytest.mark.parametrize("seed", [4, 5])
def test_a_team_s_and_a_worker_s_figures_are_the_row_based_figures(seed):
    rng = random.Random(seed)
    built = build(30, 2, rng)
    shake_allocations(rng, built["council"])
    measures = list(built["measures"].values())
    groups = [("team", team.pk) for team in Team.objects.filter(council=built["council"])]
    groups += [("worker", pk) for pk in Worker.objects.filter(council=built["council"], role=Role.SOCIAL_WORKER)
               .values_list("pk", flat=True)]
    for today in (date.today(), date.today() - timedelta(days=rng.randint(1, 300))):
        for period in periods(rng, today):
            for group in groups:
                figures, months = _oracle(group, measures=measures, period=period, today=today)
                summed = dashboard_summary.figures_by_measure(measures, period=period, today=today, group=group)
                assert nonzero(summed) == nonzero(figures), (group, period)
                assert dashboard_summary.months_by_measure(measures, period=period, today=today, group=group) == months


@pytest.mark.parametrize("size", [10, 60])
def test_a_team_or_a_worker_on_the_dashboard_reads_no_ledger_row_and_costs_the_same_at_two_sizes(client, size):
    built = build(size, 1, random.Random(size))
    team = built["team"]
    worker = Worker.objects.filter(team=team, role=Role.SOCIAL_WORKER).first()
    for params in ({"team": team.pk}, {"worker": worker.pk}, {"team": team.pk, "worker": worker.pk}):
        sql = dashboard_queries(client, built["manager"], params)
        assert not [query for query in sql if "pledges_ledgerentry" in query], params
        assert len(sql) == 12 + len(params) - 1, params
        # Their answers are read by the young people's ids, listed first (one query): joined to the allocations, the
        # database read the whole council's answers and checked each (council_said says why).
        answers = [query for query in sql if "pledges_promisefeedback" in query]
        assert len(answers) == 1 and "casework_allocation" not in answers[0], params
    # Legal status with the team: those young people are not a group the summary holds, so their rows are counted.
    sql = dashboard_queries(client, built["manager"], {"team": team.pk, "legal_status": "care_leaver"})
    assert [query for query in sql if "pledges_ledgerentry" in query]


def test_the_team_s_figures_on_the_page_are_the_row_based_ones(client):
    built = build(25, 1, random.Random(11))
    client.force_login(built["manager"].user)
    team = built["team"]
    page = client.get(reverse("compliance_dashboard"), {"team": team.pk})
    assert page.context["form"].summary_group() == ("team", team.pk)
    lines = [line for group in page.context["groups"] for line in group.lines]
    figures, _ = _oracle(("team", team.pk), measures=[line.measure for line in lines],
                         period=page.context["period"], today=page.context["today"])
    assert any(line.figures != dashboard.Figures() for line in lines)
    for line in lines:
        assert line.figures == figures.get(line.measure.pk, dashboard.Figures())
    # What the team's young people said, read by their ids, is what the row-based count of the same young people says.
    their_young_people = YoungPerson.objects.filter(pk__in=Allocation.objects.filter(
        ended_on__isnull=True, worker__team=team).values("young_person_id"))
    said = {group.promise.ref: group.said for group in page.context["groups"] if group.promise}
    expected = dashboard.feedback_by_ref(their_young_people, council=built["council"], period=page.context["period"])
    assert any(said.values()) and said == {ref: expected.get(ref, {}) for ref in said}


def test_the_repair_finds_and_mends_what_was_broken():
    build(20, 1, random.Random(3))
    assert group_counts_repair() == {"members": 0, "counts": 0}
    # A count changed behind the triggers' back (an UPDATE of the summary fires nothing), and a member lost.
    GroupDayCount.objects.filter(pk=GroupDayCount.objects.filter(open__gt=0).first().pk).update(open=99)
    lost = GroupMember.objects.first()
    GroupMember.objects.filter(pk=lost.pk).delete()
    found = group_counts_repair()
    assert found["members"] == 1 and found["counts"] >= 1
    assert stored_members() == members_now()
    assert stored() == recounted()
    assert group_counts_repair() == {"members": 0, "counts": 0}


def test_the_upgrade_counts_the_allocations_and_rows_already_there():
    build(30, 2, random.Random(9))
    expected, expected_members = stored(), stored_members()
    migration = importlib.import_module("pledges.migrations.0021_group_day_counts")
    migration.fill(None, SimpleNamespace(connection=connection))
    assert stored() == expected == recounted()
    assert stored_members() == expected_members == members_now()


def test_the_nightly_repair_is_scheduled_and_its_command_says_what_it_found():
    from io import StringIO

    from django.core.management import call_command

    from pledge_portal.celery import app as celery_app

    entry = celery_app.conf.beat_schedule["repair-team-and-worker-counts"]
    assert entry["task"] == "notifications.repair_group_counts" and entry["task"] in celery_app.tasks
    build(8, 1, random.Random(2))
    GroupMember.objects.filter(pk=GroupMember.objects.first().pk).delete()
    out = StringIO()
    call_command("repair_group_counts", stdout=out)
    assert out.getvalue() == "Team and worker summary: 1 member row and 0 count rows wrong, now counted again.\n"
    assert stored() == recounted()


def test_the_repair_deletes_the_counts_that_have_gone_back_to_nothing(monkeypatch):
    rng = random.Random(6)
    built = build(30, 2, rng)
    shake_allocations(rng, built["council"])  # workers who handed young people on: their counts go to zero
    zero = GroupDayCount.objects.filter(met=0, kept=0, late=0, open=0)
    assert zero.exists()
    before = stored()
    monkeypatch.setattr("pledges.group_counts.ZEROS_PER_TRANSACTION", 7)  # several batches
    assert group_counts_repair() == {"members": 0, "counts": 0}
    assert not zero.exists()
    assert stored() == before == recounted()
