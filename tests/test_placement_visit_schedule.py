"""How a placement records what regulation 28's visit schedule turns on: "meant to last until 18" (the SSDA903 return's
long-term foster codes U1 and U4, both ways) and "placed with parents before the assessment" (the form only)."""
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Placement, PlacementKind, VisitSchedule, visit_schedule_expression
from casework.plans.services import placement_start
from returns.exporting.episodes import place_for
from returns.importing.records903 import placement_values

from .test_placements import placement_form

pytestmark = pytest.mark.django_db


def test_the_form_records_a_long_term_placement_and_a_placement_with_parents_before_assessment(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("placement_new", args=[people.young_person.pk])
    page = client.get(url).content.decode()
    assert "This placement is meant to last until they are 18 (long-term or permanent)" in page
    assert "They were placed with their parents before the assessment was finished" in page
    response = client.post(url, placement_form(kind="with_parents", carer_or_home="Mum",
                                               before_assessment="on", meant_to_last_until_18="on"))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.before_assessment, placement.meant_to_last_until_18) == (True, True)
    schedule = Placement.objects.annotate(schedule=visit_schedule_expression()).values_list("schedule", flat=True)
    assert list(schedule) == [VisitSchedule.WITH_PARENT_BEFORE_ASSESSMENT]
    listed = client.get(reverse("placement_list", args=[people.young_person.pk])).content.decode()
    assert "Placed with parents, before the assessment was finished<br>Meant to last until they are 18" in listed


def test_a_before_assessment_answer_left_behind_under_another_kind_of_placement_is_not_saved(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("placement_new", args=[people.young_person.pk])
    assert client.post(url, placement_form(before_assessment="on")).status_code == 302
    placement = Placement.objects.get()
    assert (placement.kind, placement.before_assessment, placement.meant_to_last_until_18) == ("foster", False, False)


def test_only_a_placement_with_parents_can_be_before_assessment(people):
    with pytest.raises(ValidationError) as refused:
        placement_start(young_person=people.young_person, recorded_by=people.social_worker,
                        kind=PlacementKind.FOSTER, carer_or_home="Pat", started_on=date(2023, 1, 1),
                        before_assessment=True)
    assert refused.value.message_dict == {
        "before_assessment": ["Only a placement with parents can be made before the assessment."]}
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("kind", "long_term", "schedule"),
    [(PlacementKind.CONNECTED_PERSON, True, VisitSchedule.CONNECTED_PERSON),
     (PlacementKind.FOSTER, True, VisitSchedule.LONG_TERM),
     (PlacementKind.RESIDENTIAL, False, VisitSchedule.USUAL),
     (PlacementKind.WITH_PARENTS, False, VisitSchedule.USUAL)],
)
def test_each_placement_follows_one_schedule_and_family_and_friends_come_first(people, kind, long_term, schedule):
    placement_start(young_person=people.young_person, recorded_by=people.social_worker, kind=kind,
                    carer_or_home="Somewhere", started_on=date(2023, 1, 1), meant_to_last_until_18=long_term)
    assert Placement.objects.annotate(schedule=visit_schedule_expression()).get().schedule == schedule


def episode(place):
    return SimpleNamespace(placement=place, end=None, is_move=False, reason_new="S", legal_status="C2",
                           category_of_need="N1", provider="PR1", reason_ended=None, reason_place_change=None,
                           home_postcode=None, placement_postcode=None, urn=None)


@pytest.mark.parametrize(("place", "long_term"), [("U1", True), ("U4", True), ("U3", False), ("U6", False),
                                                  ("K2", None)])
def test_the_903_says_long_term_for_foster_placements_only_and_nothing_else_is_overwritten(place, long_term):
    assert placement_values(episode(place)).get("meant_to_last_until_18") is long_term


@pytest.mark.parametrize(("kind", "long_term", "place"), [(PlacementKind.FOSTER, True, "U4"),
                                                          (PlacementKind.FOSTER, False, "U6"),
                                                          (PlacementKind.CONNECTED_PERSON, True, "U1"),
                                                          (PlacementKind.CONNECTED_PERSON, False, "U3"),
                                                          (PlacementKind.RESIDENTIAL, True, "K2")])
def test_a_long_term_foster_placement_recorded_in_the_portal_goes_to_the_903_as_long_term(kind, long_term, place):
    assert place_for(kind, date(2026, 1, 5), long_term=long_term) == place


def test_the_upgrade_gives_a_held_statutory_visit_measure_and_its_earlier_numbers_the_laws_schedule(people,
                                                                                                     small_pledge):
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from pledges.models import MeasureChange
    from pledges.visit_schedule import REGULATION_28

    from .factories import contact_measures

    pledge_measure, statutory = contact_measures(people.council)
    before = dict(statutory.params)
    change = MeasureChange.objects.create(measure=statutory, pledge=small_pledge, params_before=before,
                                          params_after={**before, "weeks": 5}, name_before="a", name_after="b",
                                          changed_by=people.manager, changed_at=timezone.now())
    import_module("pledges.migrations.0015_regulation_28_visit_schedule").add_the_schedule(apps, None)
    statutory.refresh_from_db(), pledge_measure.refresh_from_db(), change.refresh_from_db()
    assert statutory.params == {**before, "placements": REGULATION_28}
    assert (change.params_before["placements"], change.params_after["placements"]) == (REGULATION_28, REGULATION_28)
    assert "placements" not in pledge_measure.params  # the council's own promise is not the law's schedule


def test_baths_statutory_visit_measure_carries_the_laws_schedule():
    import json
    from pathlib import Path

    from pledges.visit_schedule import REGULATION_28

    data = json.loads((Path(__file__).parent.parent / "pledges/pledge_data/bath-and-north-east-somerset.json").read_text())
    [visits] = [m for m in data["measures"] if m["key"] == "statutory-visit"]
    assert visits["params"]["placements"] == REGULATION_28
