"""Every form a manager can send, held to tests/form_properties.py's properties: the draft of a new pledge version
(edit a promise, add one, change a measure's numbers), the staffing forms (add a young person, move their social
worker, a team's duty worker, a worker's absence) and the dashboard filters every manager's page shares (a GET
form: never a 500, errors in the GOV.UK error summary, nothing written, nothing typed shown unescaped)."""
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings

from casework.models import Allocation, Team, Worker, YoungPerson
from casework.staffing.services import CHANGE_REASONS
from pledges.models import MeasureChange, Promise
from pledges.versions import pledge_draft_start

from .factories import MeasureFactory, TeamFactory, callback_measure, contact_measures
from .form_properties import (  # noqa: F401 (world and frozen_today are fixtures)
    CASES,
    SCALE,
    Choice,
    MISSING,
    Day,
    Number,
    Ref,
    Target,
    Text,
    assert_escaped,
    chosen,
    encode,
    form_property,
    frozen_today,
    snapshot,
    submissions,
    world,
)

pytestmark = pytest.mark.django_db


def _draft(world):
    """Version 2 of the pledge as a draft, its contact promise measured (by the pledge and by the law)."""
    contact_measures(world.council, promise=Promise.objects.get(section__pledge=world.pledge, ref="1-1"))
    return pledge_draft_start(council=world.council, by=world.manager)


def _promise_edit(world):
    promise = Promise.objects.get(section__pledge=_draft(world), ref="1-1")
    return Target(world.manager.user, reverse("pledge_draft_promise_edit", args=[promise.pk]), (Promise,),
                  record=(Promise, promise.pk), shown_on=[(world.manager.user, reverse("pledge_draft"))])


def _promise_add(world):
    section = _draft(world).sections.get(order=1)
    return Target(world.manager.user, reverse("pledge_draft_promise_add", args=[section.pk]), (Promise,),
                  record=(Promise, None), shown_on=[(world.manager.user, reverse("pledge_draft"))])


def _measure_change(world):
    _draft(world)
    # The council's own promise with a first step (a legal minimum's numbers cannot be changed: issue 17).
    measure = MeasureFactory(council=world.council, key="first-week", name="In touch within 7 days, then 6-weekly",
                             promise=Promise.objects.get(section__pledge=world.pledge, ref="1-1"),
                             params={"weeks": 6, "steps": [{"days": 7}], "counts": "keep_in_touch",
                                     "starts": "came_into_care"})
    return Target(world.manager.user, reverse("pledge_draft_measure_change", args=[measure.pk]), (MeasureChange,),
                  record=(MeasureChange, None))


PROMISE = {"title": Text("Seeing you", 300, shown=True),
           "text": Text("Your social worker will visit you at least every 4 weeks", 2000, shown=True)}

test_editing_a_promise_in_the_draft = form_property(PROMISE, _promise_edit)
test_adding_a_promise_to_the_draft = form_property(
    {**PROMISE, "not_measured_reason": Text("Kept by the way we work", 1000)}, _promise_add,
)
test_changing_a_measure_in_the_draft = form_property(
    {"step_1": Number("10"), "interval": Number("8"),
     "name": Text("In touch within 10 days, then at most every 8 weeks", 200, saved_as="name_after")},
    _measure_change,
)

# --- Staffing (casework.staffing) -------------------------------------------------------------------------------

def _refs(world):
    return {name: str(getattr(world, name).pk) for name in ("social_worker", "other_worker", "iro", "adviser",
                                                            "manager", "elsewhere_manager")}


def _young_person_new(world):
    return Target(world.manager.user, reverse("young_person_new"), (YoungPerson, Allocation),
                  record=(YoungPerson, None), shown_on=[(world.manager.user, reverse("manage"))], refs=_refs(world))


def _allocation_move(world):
    return Target(world.manager.user, reverse("allocation_move", args=[world.young_person.pk, "social_worker"]),
                  (Allocation,), record=(Allocation, None), refs=_refs(world),
                  shown_on=[(world.manager.user, reverse("young_person_workers", args=[world.young_person.pk]))])


def _team_duty(world):
    return Target(world.manager.user, reverse("team_duty", args=[world.team.pk]), (Team,),
                  record=(Team, world.team.pk), shown_on=[(world.manager.user, reverse("manage"))], refs=_refs(world))


def _worker_absence(world):
    return Target(world.manager.user, reverse("worker_absence", args=[world.social_worker.pk]), (Worker,),
                  record=(Worker, world.social_worker.pk), shown_on=[(world.manager.user, reverse("manage"))])


WORKERS = (Ref("social_worker"), Ref("other_worker"), Ref("iro"), Ref("adviser"), Ref("elsewhere_manager"), "")
test_adding_a_young_person = form_property(
    {"first_name": Text("Alex", 100, shown=True), "last_name": Text("Fern", 100, shown=True),
     "preferred_name": Text("Al", 100), "date_of_birth": Day(date(2014, 2, 3)),
     "legal_status": Choice("looked_after", ("looked_after", "care_leaver", "left_care")),
     "became_looked_after_on": Day(date(2026, 11, 2)), "child_id": Text("C77", 20),
     "worker": Choice(Ref("social_worker"), WORKERS), "allocated_on": Day(MISSING, saved_as=None)},
    _young_person_new,
)
test_moving_a_young_persons_social_worker = form_property(
    {"worker": Choice(Ref("other_worker"), WORKERS), "started_on": Day(date(2026, 12, 1)),
     "change_reason": Choice("LEFTRL", (*CHANGE_REASONS, "FCONTA", ""))},
    _allocation_move,
)
test_setting_a_teams_duty_worker = form_property(
    {"duty_worker": Choice(Ref("other_worker"), WORKERS), "duty_phone": Text("01632 960555", 40, shown=True),
     "duty_email": Text("duty@council.test", saved_as=None)},
    _team_duty,
)
test_recording_a_workers_absence = form_property(
    {"away": Choice("yes", ("yes", "no")), "away_until": Day(date(2026, 12, 24), when=chosen("away"))},
    _worker_absence,
)

# --- The dashboard filters (GET) --------------------------------------------------------------------------------

FILTERS = {
    "period_from": Day(MISSING), "period_to": Day(MISSING),
    "team": Choice(Ref("team"), (Ref("team"), Ref("elsewhere_team"), "", "0")),
    "worker": Choice(Ref("social_worker"), (Ref("social_worker"), Ref("manager"), Ref("elsewhere_manager"), "")),
    "legal_status": Choice("", ("", "looked_after", "care_leaver")),
    "age_band": Choice("", ("", "0-4", "16-17", "22-25")),
}
NO_FILTERS = dict.fromkeys(FILTERS, MISSING)
PAGES = {
    "dashboard": lambda world: reverse("compliance_dashboard"),
    "measure": lambda world: reverse("dashboard_measure", args=[world.council.measures.get(key="callback").pk]),
    "answers": lambda world: reverse("dashboard_feedback", args=["3-1"]),
    "workers": lambda world: reverse("dashboard_workers"),
    "worker": lambda world: reverse("dashboard_worker", args=[world.social_worker.pk]),
    "worker-rows": lambda world: reverse("dashboard_worker_rows", args=[world.social_worker.pk, "due"]),
    "stability": lambda world: reverse("dashboard_stability"),
    "stability-list": lambda world: reverse("dashboard_stability_list", args=["children-in-care"]),
}


@pytest.mark.parametrize("page", PAGES)
def test_any_dashboard_filters_are_a_page_with_the_errors_said_and_nothing_written(client, world, page):
    callback_measure(world.council)
    url = PAGES[page](world)
    refs = {"team": str(world.team.pk), "elsewhere_team": str(TeamFactory(council=world.elsewhere).pk),
            **{name: str(getattr(world, name).pk) for name in ("social_worker", "manager", "elsewhere_manager")}}

    @settings(max_examples=round(8 * SCALE), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(submission=submissions(FILTERS))
    @example(submission={**NO_FILTERS, "period_to": ("1", "1", "1")})  # its default start was in year 0: a 500
    @example(submission={**NO_FILTERS, "period_from": ("1", "1", "1")})  # 24,000 monthly bars, a 10 MB page
    def filtered(submission):
        CASES["run"] += 1
        with transaction.atomic():
            client.force_login(world.manager.user)
            before = snapshot(())
            response = client.get(url, encode(submission, refs))
            assert response.status_code == 200
            page_html = response.content.decode()
            if response.context["form"].errors:
                assert "govuk-error-summary" in page_html
            assert snapshot(()) == before
            assert_escaped([page_html], [])
            transaction.set_rollback(True)

    filtered()
