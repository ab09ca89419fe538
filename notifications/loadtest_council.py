"""The load test's council (loadtest/): Benchmarkshire (notifications.benchmark_council) with accounts people sign in to.

Every young person gets an account, and every worker and manager an account with two-step sign-in already set up
(an authenticator app, as staff must have when DEBUG is off), so the load test signs in through the same door as a
council's staff: password, then a code worked out from the app's secret. Everyone shares one password (from the
environment) and one password hash: hashing 2,200 passwords one by one would take many minutes for nothing.

Synthetic people only, in a database of its own (the command refuses a database whose name lacks "loadtest"). The
accounts (email, role, ids, the authenticator's secret) are written to a JSON file for locust to read.
"""
import json
import random
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from casework.models import Allocation, Role, User, Worker, YoungPerson
from pledges.models import Pledge

from . import benchmark_council
from .dashboard_benchmark import vacuum

EMAIL_DOMAIN = "loadtest.invalid"
MANAGERS = 40  # more than the run's managers (10% of 200 users), so no two simulated managers share an account


def build_loadtest_council(*, size: int, years: int, password: str, seed: int = 2026) -> dict:
    """Replace any earlier Benchmarkshire with a new one of `size` young people, and return its accounts."""
    _delete_earlier()
    with transaction.atomic():
        built = benchmark_council.build(size, years, random.Random(seed))
        council = built["council"]
        # The benchmark's pledge is left a draft (the dashboard does not mind); young people see only published ones.
        Pledge.objects.filter(council=council).update(published_at=timezone.now())
        hashed = make_password(password)
        young_people = _young_people_accounts(council, hashed)
        _extra_managers(council, built["manager"])
        staff = _staff_accounts(council, hashed)
    vacuum()
    return {"council": council.name, "young_people": young_people, "staff": staff}


def _delete_earlier():
    """Benchmarkshire goes with its staff's accounts; its young people's accounts are removed here."""
    users = list(User.objects.filter(young_person__council__slug=benchmark_council.SLUG).values_list("pk", flat=True))
    benchmark_council.delete_benchmarkshire()
    User.objects.filter(pk__in=users).delete()


def _young_people_accounts(council, hashed: str) -> list[dict]:
    people = list(YoungPerson.objects.filter(council=council).order_by("pk"))
    users = User.objects.bulk_create([User(email=f"young-{n}@{EMAIL_DOMAIN}", password=hashed)
                                      for n in range(len(people))], batch_size=benchmark_council.BATCH)
    for young_person, user in zip(people, users):
        young_person.user = user
    YoungPerson.objects.bulk_update(people, ["user"], batch_size=benchmark_council.BATCH)
    return [{"email": user.email, "young_person": young_person.pk} for young_person, user in zip(people, users)]


def _extra_managers(council, first_manager):
    """One manager per team at least, up to MANAGERS, so each simulated manager signs in to an account of their own."""
    teams = list(council.teams.order_by("pk"))
    users = User.objects.bulk_create([User(email=f"bench-manager-{n}@benchmark.test") for n in range(1, MANAGERS)])
    Worker.objects.bulk_create([
        Worker(user=user, council=council, team=teams[n % len(teams)], role=Role.MANAGER, name=f"Manager {n}")
        for n, user in enumerate(users, start=1)
    ])


def _staff_accounts(council, hashed: str) -> list[dict]:
    """Every worker's password and authenticator app; their caseload's ids for the simulated worker to open."""
    workers = list(Worker.objects.filter(council=council).select_related("user").order_by("pk"))
    caseloads = {}
    for worker_id, young_person_id in (Allocation.objects.filter(worker__council=council, ended_on__isnull=True)
                                       .values_list("worker_id", "young_person_id")):
        caseloads.setdefault(worker_id, []).append(young_person_id)
    secrets = {worker.pk: generate_totp_secret() for worker in workers}
    User.objects.filter(worker__council=council).update(password=hashed)
    Authenticator.objects.bulk_create([
        Authenticator(user=worker.user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secrets[worker.pk])})
        for worker in workers
    ])
    return [{"email": worker.user.email, "role": worker.role, "team": worker.team_id,
             "totp_secret": secrets[worker.pk], "caseload": caseloads.get(worker.pk, [])} for worker in workers]


def write_accounts(accounts: dict, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts, indent=1), encoding="utf-8")
