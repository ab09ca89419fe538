"""Allocation history and the records' own validation."""
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from casework.models import Allocation, Role
from casework.people.services import allocation_change

from .factories import WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db


def test_a_new_social_worker_ends_the_old_allocation_and_keeps_the_history(people):
    young_person = people.young_person
    second = WorkerFactory(council=people.council, role=Role.SOCIAL_WORKER)
    third = WorkerFactory(council=people.council, role=Role.SOCIAL_WORKER)
    allocation_change(young_person=young_person, worker=second, role=Role.SOCIAL_WORKER, started_on=date(2026, 3, 1))
    allocation_change(young_person=young_person, worker=third, role=Role.SOCIAL_WORKER, started_on=date(2026, 9, 1))

    history = Allocation.objects.filter(young_person=young_person, role=Role.SOCIAL_WORKER).order_by("started_on")
    assert [(a.worker, a.ended_on) for a in history] == [
        (people.social_worker, date(2026, 3, 1)), (second, date(2026, 9, 1)), (third, None),
    ]
    # "How many social workers has this young person had in the last 12 months?"
    since = date(2025, 11, 23)
    assert history.exclude(ended_on__lt=since).values("worker").distinct().count() == 3


def test_allocating_the_same_worker_again_changes_nothing(people):
    before = list(Allocation.objects.values_list("pk", "ended_on"))
    allocation_change(young_person=people.young_person, worker=people.social_worker, role=Role.SOCIAL_WORKER,
                      started_on=date(2026, 5, 1))
    assert list(Allocation.objects.values_list("pk", "ended_on")) == before


def test_a_worker_from_another_council_cannot_be_allocated(people):
    stranger = WorkerFactory(council=people.elsewhere, role=Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError, match="young person's council"):
        allocation_change(young_person=people.young_person, worker=stranger, role=Role.SOCIAL_WORKER,
                          started_on=date(2026, 5, 1))
    assert people.young_person.allocations.get(role=Role.SOCIAL_WORKER, ended_on=None).worker == people.social_worker


def test_a_date_into_care_before_birth_is_refused(people):
    young_person = YoungPersonFactory.build(council=people.council, user=None, date_of_birth=date(2015, 1, 1),
                                            became_looked_after_on=date(2014, 1, 1))
    with pytest.raises(ValidationError, match="after their date of birth"):
        young_person.full_clean()


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.SECRET_KEY"],
        cwd=Path(__file__).resolve().parent.parent, env=env | {"DJANGO_SETTINGS_MODULE": "pledge_portal.settings"},
        capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
