"""A manager's staffing writes (casework.staffing.services): adding a young person, allocating or moving a worker,
a team's duty worker, a worker's absence. Only a manager of the council; validated before anything is saved; both
writes of a move or neither."""
from datetime import date
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from casework.models import Allocation, LegalStatus, Role, YoungPerson
from casework.staffing.services import (
    allocation_move,
    team_duty_set,
    worker_absence_record,
    young_person_add,
)
from pledges.models import LedgerEntry

from .factories import TeamFactory, WorkerFactory, contact_measures

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-12-01 12:00 +00:00"):
        yield


def new_child(people, **changes):
    fields = dict(council=people.council, by=people.manager, today=TODAY, first_name="Alex", last_name="Fern",
                  preferred_name="Al", date_of_birth=date(2014, 2, 3), legal_status=LegalStatus.LOOKED_AFTER,
                  became_looked_after_on=date(2026, 11, 20), child_id="C123", worker=people.social_worker,
                  allocated_on=None)
    return young_person_add(**fields | changes)


def test_a_manager_adds_a_child_in_care_with_their_social_worker_and_the_ledger_picks_them_up(people):
    contact_measures(people.council)
    alex = new_child(people)
    assert (alex.full_name, alex.display_name, alex.child_id, alex.council) == ("Alex Fern", "Al", "C123",
                                                                                 people.council)
    allocation = alex.allocations.get()
    assert (allocation.worker, allocation.role, allocation.started_on, allocation.ended_on) == (
        people.social_worker, Role.SOCIAL_WORKER, TODAY, None)
    # Came into care on 20 November: the visit within a week is due on the 27th, already late.
    rows = LedgerEntry.objects.filter(young_person=alex)
    assert rows.filter(measure__key="statutory-visit", due_on=date(2026, 11, 27)).exists()


def test_a_care_leaver_is_added_with_a_personal_adviser_from_the_day_given(people):
    adviser = WorkerFactory(council=people.council, team=people.team, role=Role.PERSONAL_ADVISER)
    sam = new_child(people, legal_status=LegalStatus.CARE_LEAVER, date_of_birth=date(2007, 1, 1),
                    became_looked_after_on=date(2020, 1, 1), worker=adviser, allocated_on=date(2025, 1, 1))
    assert sam.allocations.get().role == Role.PERSONAL_ADVISER
    assert sam.allocations.get().started_on == date(2025, 1, 1)


def test_a_young_person_can_be_added_with_no_worker_yet(people):
    assert not new_child(people, worker=None, child_id="").allocations.exists()


@pytest.mark.parametrize("changes, field", [
    ({"date_of_birth": date(2000, 6, 1), "legal_status": LegalStatus.CARE_LEAVER,
      "became_looked_after_on": date(2010, 1, 1)}, "date_of_birth"),  # 26
    ({"date_of_birth": date(2008, 1, 1)}, "date_of_birth"),  # 18 and "in care"
    ({"date_of_birth": date(2012, 1, 1), "legal_status": LegalStatus.CARE_LEAVER}, "date_of_birth"),  # 14
    ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth"),  # not born yet
    ({"became_looked_after_on": date(2013, 1, 1)}, "became_looked_after_on"),  # before they were born
    ({"became_looked_after_on": date(2026, 12, 2)}, "became_looked_after_on"),  # tomorrow
    ({"legal_status": LegalStatus.LEFT_CARE}, "legal_status"),
    ({"worker": "iro"}, "worker"),  # an IRO is not their social worker
    ({"worker": "adviser"}, "worker"),  # a child in care's first worker is a social worker
    ({"allocated_on": date(2026, 12, 2)}, "allocated_on"),
    ({"child_id": " C1"}, "child_id"),
])
def test_a_young_person_who_does_not_fit_is_refused_and_nothing_is_saved(people, changes, field):
    workers = {"iro": people.iro, "adviser": WorkerFactory(council=people.council, role=Role.PERSONAL_ADVISER)}
    changes = {key: workers.get(value, value) if key == "worker" else value for key, value in changes.items()}
    before = (YoungPerson.objects.count(), Allocation.objects.count())
    with pytest.raises(ValidationError) as refused:
        new_child(people, **changes)
    assert field in refused.value.message_dict
    assert (YoungPerson.objects.count(), Allocation.objects.count()) == before


def test_the_councils_child_id_is_unique_in_the_council_but_not_across_councils(people):
    new_child(people)
    with pytest.raises(ValidationError) as refused:
        new_child(people, first_name="Bo")
    assert refused.value.message_dict["child_id"] == [
        "Another young person in your council has this child id. Check it and try again"]
    young_person_add(**dict(council=people.elsewhere, by=people.elsewhere_manager, today=TODAY, first_name="Bo",
                            last_name="Elm", preferred_name="", date_of_birth=date(2014, 2, 3),
                            legal_status=LegalStatus.LOOKED_AFTER, became_looked_after_on=date(2026, 1, 1),
                            child_id="C123", worker=None, allocated_on=None))


def test_a_worker_of_another_council_cannot_be_allocated(people):
    elsewhere_worker = WorkerFactory(council=people.elsewhere, role=Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError) as refused:
        new_child(people, worker=elsewhere_worker)
    assert "worker" in refused.value.message_dict
    assert not YoungPerson.objects.filter(first_name="Alex").exists()


@pytest.mark.parametrize("who", ["social_worker", "iro", "elsewhere_manager"])
def test_only_a_manager_of_the_council_adds_a_young_person(people, who):
    with pytest.raises(PermissionDenied):
        new_child(people, by=getattr(people, who))
    assert not YoungPerson.objects.filter(first_name="Alex").exists()


# --- Moving a worker ---------------------------------------------------------------------------------------------

def move(people, **changes):
    fields = dict(young_person=people.young_person, by=people.manager, role=Role.SOCIAL_WORKER,
                  worker=people.other_worker, started_on=TODAY, change_reason="LEFTRL", today=TODAY)
    return allocation_move(**fields | changes)


def test_moving_to_another_social_worker_ends_the_old_allocation_the_day_the_new_one_starts(people):
    old = Allocation.objects.get(young_person=people.young_person, role=Role.SOCIAL_WORKER)
    new = move(people, started_on=date(2026, 11, 30))
    old.refresh_from_db()
    assert (old.ended_on, old.change_reason) == (date(2026, 11, 30), "")
    assert (new.worker, new.started_on, new.ended_on, new.change_reason) == (
        people.other_worker, date(2026, 11, 30), None, "LEFTRL")
    assert Allocation.objects.filter(young_person=people.young_person, role=Role.SOCIAL_WORKER,
                                     ended_on__isnull=True).get() == new


def test_a_first_worker_needs_no_reason(people):
    allocation = move(people, young_person=people.elsewhere_young_person, by=people.elsewhere_manager,
                      role=Role.PERSONAL_ADVISER, worker=WorkerFactory(council=people.elsewhere,
                                                                       role=Role.PERSONAL_ADVISER),
                      change_reason="")
    assert (allocation.change_reason, allocation.ended_on) == ("", None)


@pytest.mark.parametrize("changes, field", [
    ({"change_reason": ""}, "change_reason"),
    ({"change_reason": "NOPE"}, "change_reason"),
    ({"worker": "same"}, "worker"),
    ({"worker": "iro"}, "worker"),
    ({"started_on": date(2020, 1, 1)}, "started_on"),  # before the current worker began
    ({"started_on": date(2026, 12, 2)}, "started_on"),  # tomorrow
])
def test_a_move_that_does_not_fit_is_refused_and_nothing_changes(people, changes, field):
    workers = {"same": people.social_worker, "iro": people.iro}
    changes = {key: workers.get(value, value) if key == "worker" else value for key, value in changes.items()}
    before = list(Allocation.objects.order_by("pk").values())
    with pytest.raises(ValidationError) as refused:
        move(people, **changes)
    assert field in refused.value.message_dict
    assert list(Allocation.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("who", ["social_worker", "iro", "other_worker", "elsewhere_manager"])
def test_only_a_manager_of_the_council_moves_a_worker(people, who):
    before = list(Allocation.objects.order_by("pk").values())
    with pytest.raises(PermissionDenied):
        move(people, by=getattr(people, who))
    assert list(Allocation.objects.order_by("pk").values()) == before


def test_when_the_new_allocation_fails_to_save_the_old_one_is_not_ended(people):
    before = list(Allocation.objects.order_by("pk").values())
    real_save = Allocation.save

    def failing_save(self, *args, **kwargs):
        if self.pk is None:
            raise RuntimeError("the database went away")
        return real_save(self, *args, **kwargs)

    with mock.patch.object(Allocation, "save", failing_save), pytest.raises(RuntimeError):
        move(people)
    assert list(Allocation.objects.order_by("pk").values()) == before


# --- Duty worker and absence -------------------------------------------------------------------------------------

def test_a_manager_sets_their_teams_duty_worker_and_number(people):
    team = team_duty_set(team=people.team, by=people.manager, duty_worker=people.other_worker,
                         duty_phone="01632 960999", duty_email="Duty@Council.test")
    team.refresh_from_db()
    assert (team.duty_worker, team.duty_phone, team.duty_email) == (people.other_worker, "01632 960999",
                                                                    "Duty@Council.test")


@pytest.mark.parametrize("duty_worker, field", [("iro", "duty_worker"), ("elsewhere", "duty_worker")])
def test_a_duty_worker_who_cannot_cover_is_refused(people, duty_worker, field):
    worker = people.iro if duty_worker == "iro" else WorkerFactory(council=people.elsewhere)
    with pytest.raises(ValidationError) as refused:
        team_duty_set(team=people.team, by=people.manager, duty_worker=worker, duty_phone="", duty_email="")
    assert field in refused.value.message_dict
    people.team.refresh_from_db()
    assert people.team.duty_worker is None


def test_a_bad_duty_email_is_refused(people):
    with pytest.raises(ValidationError) as refused:
        team_duty_set(team=people.team, by=people.manager, duty_worker=None, duty_phone="", duty_email="not email")
    assert "duty_email" in refused.value.message_dict


@pytest.mark.parametrize("who", ["social_worker", "elsewhere_manager"])
def test_only_a_manager_of_the_council_sets_a_duty_worker_or_an_absence(people, who):
    with pytest.raises(PermissionDenied):
        team_duty_set(team=people.team, by=getattr(people, who), duty_worker=None, duty_phone="1", duty_email="")
    with pytest.raises(PermissionDenied):
        worker_absence_record(worker=people.social_worker, by=getattr(people, who), away_until=TODAY, today=TODAY)
    people.social_worker.refresh_from_db()
    assert people.social_worker.away_until is None
    other_team = TeamFactory(council=people.elsewhere)
    with pytest.raises(PermissionDenied):
        team_duty_set(team=other_team, by=people.manager, duty_worker=None, duty_phone="1", duty_email="")


def test_a_manager_records_a_workers_absence_and_their_return(people):
    worker = worker_absence_record(worker=people.social_worker, by=people.manager, away_until=date(2026, 12, 12),
                                   today=TODAY)
    assert worker.is_away_on(date(2026, 12, 12)) and not worker.is_away_on(date(2026, 12, 13))
    worker = worker_absence_record(worker=people.social_worker, by=people.manager, away_until=None, today=TODAY)
    worker.refresh_from_db()
    assert worker.away_until is None


def test_an_absence_that_ended_yesterday_is_refused(people):
    with pytest.raises(ValidationError) as refused:
        worker_absence_record(worker=people.social_worker, by=people.manager, away_until=date(2026, 11, 30),
                              today=TODAY)
    assert "away_until" in refused.value.message_dict


def test_the_reasons_offered_are_the_ssda903_returns_own_but_first_contact():
    """The return gives FCONTA to a young person's first social worker itself (returns.exporting.ssda903)."""
    from returns.ssda903.tables import SW_REASON

    from casework.staffing.services import CHANGE_REASONS

    assert set(CHANGE_REASONS) == set(SW_REASON) - {"FCONTA"}


def test_a_child_id_taken_between_the_check_and_the_save_is_an_error_not_a_crash(people):
    new_child(people)
    with mock.patch("casework.staffing.services.YoungPerson.objects.filter") as check:
        check.return_value.exists.return_value = False  # the check saw no clash: the database's constraint does
        with pytest.raises(ValidationError) as refused:
            new_child(people, first_name="Bo")
    assert "child_id" in refused.value.message_dict
    assert YoungPerson.objects.filter(child_id="C123").count() == 1
