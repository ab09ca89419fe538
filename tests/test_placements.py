"""Placements and moves: a move ends the old placement the day the new one starts, in one transaction; placements
never overlap; a move records whether an advocate was offered and what the young person wanted about school."""
from datetime import date, timedelta
from decimal import Decimal

import factory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import AdvocateOffer, MissingEpisode, Placement, PlacementKind
from casework.plans.services import placement_move, placement_start

pytestmark = pytest.mark.django_db


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement straight into the table, for pages that only read them."""

    class Meta:
        model = Placement

    kind = PlacementKind.FOSTER
    carer_or_home = factory.Sequence(lambda n: f"Carer {n}")
    started_on = date(2023, 1, 1)


def today():
    return timezone.localdate()


def date_fields(name: str, day: date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def placement_form(started_on=date(2023, 1, 1), **overrides) -> dict:
    data = {"kind": "foster", "carer_or_home": "Pat and Sam Carer", "distance_miles": "4.5",
            "school_stayed_same": "yes", **date_fields("started_on", started_on)}
    return {**data, **overrides}


def move_form(started_on=date(2025, 6, 2), **overrides) -> dict:
    data = placement_form(started_on, kind="residential", carer_or_home="Oak House", distance_miles="",
                          school_stayed_same="no")
    data |= {"advocate_offer": "offered", **date_fields("advocate_offered_on", started_on - timedelta(days=7)),
             "school_wish_recorded": "yes", "school_wish": "To stay at Hill School with my friends."}
    return {**data, **overrides}


def first_placement(people, started_on=date(2023, 1, 1), **fields) -> Placement:
    return placement_start(young_person=people.young_person, recorded_by=people.social_worker,
                           kind=PlacementKind.FOSTER, carer_or_home=fields.pop("carer_or_home", "Pat and Sam Carer"),
                           started_on=started_on, **fields)


def move(people, started_on=date(2025, 6, 2), **fields) -> Placement:
    values = {"kind": PlacementKind.RESIDENTIAL, "carer_or_home": "Oak House",
              "advocate_offer": AdvocateOffer.OFFERED, "advocate_offered_on": started_on - timedelta(days=7),
              "school_wish_recorded": True, "school_wish": "To stay at Hill School."} | fields
    return placement_move(young_person=people.young_person, recorded_by=people.social_worker, started_on=started_on,
                          **values)


# ---------------------------------------------------------------------------------------------------------------
# Happy paths
# ---------------------------------------------------------------------------------------------------------------

def test_a_social_worker_records_the_first_placement(client, people):
    client.force_login(people.social_worker.user)
    list_url = reverse("placement_list", args=[people.young_person.pk])
    assert "No placement has been recorded for Rob yet." in client.get(list_url).content.decode()
    url = reverse("placement_new", args=[people.young_person.pk])
    page = client.get(url).content.decode()
    assert "Record their first placement" in page
    assert "advocate" not in page  # only a move asks about an advocate

    response = client.post(url, placement_form())

    assert response.status_code == 302 and response["Location"] == list_url
    placement = Placement.objects.get()
    assert (placement.kind, placement.carer_or_home, placement.started_on, placement.ended_on) == (
        "foster", "Pat and Sam Carer", date(2023, 1, 1), None)
    assert (placement.distance_miles, placement.school_stayed_same, placement.is_move) == (Decimal("4.5"), True, False)
    assert placement.recorded_by == people.social_worker
    page = client.get(list_url).content.decode()
    assert "Placement for Robin Ash saved." in page
    assert "Pat and Sam Carer" in page and "Current" in page and "4.5 miles" in page


def test_a_move_ends_the_old_placement_and_starts_the_new_one(client, people):
    old = first_placement(people)
    client.force_login(people.social_worker.user)
    url = reverse("placement_new", args=[people.young_person.pk])
    page = client.get(url).content.decode()
    assert "Record a move" in page
    assert "Their placement with Pat and Sam Carer will end on the day they move." in page
    assert "Were they offered an advocate before the move?" in page

    response = client.post(url, move_form(date(2025, 6, 2)))

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_on == date(2025, 6, 2)
    new = Placement.objects.get(ended_on__isnull=True)
    assert (new.kind, new.carer_or_home, new.started_on, new.is_move) == ("residential", "Oak House", date(2025, 6, 2), True)
    assert (new.advocate_offer, new.advocate_offered_on, new.advocate_not_offered_reason) == (
        "offered", date(2025, 5, 26), "")
    assert (new.school_wish_recorded, new.school_wish) == (True, "To stay at Hill School with my friends.")
    assert (new.school_stayed_same, new.distance_miles) == (False, None)
    page = client.get(reverse("placement_list", args=[people.young_person.pk])).content.decode()
    assert "Move for Robin Ash saved." in page
    assert page.index("Oak House") < page.index("Pat and Sam Carer")  # newest first
    assert "From 1 January 2023 to 2 June 2025" in page
    assert "Moved here on 2 June 2025 to now" in page
    assert "Yes, on 26 May 2025" in page


def test_an_emergency_move_needs_no_advocate_date_and_answers_left_behind_are_not_saved(client, people):
    first_placement(people)
    client.force_login(people.social_worker.user)
    # The worker chose "Yes" and typed a date and a wish, then changed their mind: only what is shown is saved.
    response = client.post(reverse("placement_new", args=[people.young_person.pk]), move_form(
        advocate_offer="not_offered_emergency", advocate_not_offered_reason="typed then hidden",
        school_wish_recorded="no"))
    assert response.status_code == 302
    new = Placement.objects.get(ended_on__isnull=True)
    assert (new.advocate_offer, new.advocate_offered_on, new.advocate_not_offered_reason) == (
        "not_offered_emergency", None, "")
    assert (new.school_wish_recorded, new.school_wish) == (False, "")


def test_a_move_not_offered_for_another_reason_keeps_the_reason(client, people):
    first_placement(people)
    client.force_login(people.social_worker.user)
    response = client.post(reverse("placement_new", args=[people.young_person.pk]), move_form(
        advocate_offer="not_offered", advocate_not_offered_reason="They said no to an advocate last week."))
    assert response.status_code == 302
    new = Placement.objects.get(ended_on__isnull=True)
    assert (new.advocate_offer, new.advocate_offered_on, new.advocate_not_offered_reason) == (
        "not_offered", None, "They said no to an advocate last week.")
    page = client.get(reverse("placement_list", args=[people.young_person.pk])).content.decode()
    assert "No, for another reason: They said no to an advocate last week." in page


def test_moves_follow_one_another_without_gaps_or_overlaps(people):
    first = first_placement(people)
    second = move(people, date(2024, 2, 1))
    third = move(people, date(2025, 6, 2))
    assert [(p.started_on, p.ended_on, p.is_move) for p in Placement.objects.order_by("started_on")] == [
        (date(2023, 1, 1), date(2024, 2, 1), False),
        (date(2024, 2, 1), date(2025, 6, 2), True),
        (date(2025, 6, 2), None, True),
    ]
    assert {first.pk, second.pk, third.pk} == set(Placement.objects.values_list("pk", flat=True))


def test_a_move_on_the_day_the_placement_started_is_allowed(people):
    first_placement(people, date(2025, 6, 2))
    move(people, date(2025, 6, 2))
    assert list(Placement.objects.order_by("pk").values_list("started_on", "ended_on")) == [
        (date(2025, 6, 2), date(2025, 6, 2)), (date(2025, 6, 2), None)]


# ---------------------------------------------------------------------------------------------------------------
# Bad input: the error, and nothing saved
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("form", "message"),
    [
        (lambda: placement_form(date(2022, 5, 31)), "The start date must be on or after the day they came into care (1 June 2022)."),
        (lambda: placement_form(today() + timedelta(days=1)), "The start date must be today or in the past."),
        (lambda: placement_form(None), "Enter the start date"),
        (lambda: placement_form(kind=""), "Select the type of placement"),
        (lambda: placement_form(carer_or_home=""), "Enter the name of the carer or home"),
        (lambda: placement_form(distance_miles="-2"), "The distance must be 0 miles or more"),
        (lambda: placement_form(distance_miles="far"), "Enter the distance as a number, like 12 or 12.5"),
        (lambda: placement_form(school_stayed_same=""), "Select whether they stayed at the same school"),
    ],
    ids=["before care", "future", "no date", "no kind", "no name", "negative distance", "not a number", "no school"],
)
def test_a_bad_first_placement_shows_the_error_and_saves_nothing(client, people, form, message):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("placement_new", args=[people.young_person.pk]), form())
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert "<title>Error: " in page
    assert Placement.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"advocate_offer": ""}, "Select whether they were offered an advocate before the move."),
        (date_fields("advocate_offered_on", None), "Enter the date they were offered an advocate."),
        (date_fields("advocate_offered_on", date(2025, 6, 3)),
         "The date they were offered an advocate must be on or before the day they moved (2 June 2025)."),
        ({"advocate_offer": "not_offered", "advocate_not_offered_reason": " "},
         "Enter why they were not offered an advocate."),
        ({"school_wish_recorded": ""}, "Select whether you recorded what they wanted about school."),
        ({"school_wish": ""}, "Enter what they wanted about school."),
        (date_fields("started_on", date(2022, 12, 31)),
         "The move must be on or after the day their current placement with Pat and Sam Carer started (1 January 2023)."),
        (date_fields("started_on", None), "Enter the date they moved"),
        ({"advocate_offer": "maybe"}, "Select a valid choice"),
    ],
    ids=["no advocate answer", "offered, no date", "offered after the move", "no reason", "no school answer",
         "no school wish", "before the current placement", "no date", "not a choice"],
)
def test_a_bad_move_shows_the_error_and_leaves_the_current_placement_as_it_was(client, people, overrides, message):
    current = first_placement(people)
    client.force_login(people.social_worker.user)
    response = client.post(reverse("placement_new", args=[people.young_person.pk]),
                           move_form(date(2025, 6, 2), **overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert Placement.objects.count() == 1
    current.refresh_from_db()
    assert current.ended_on is None


def test_a_move_into_the_future_is_refused_before_the_current_placement_is_ended(people):
    current = first_placement(people)
    with pytest.raises(ValidationError) as raised:
        move(people, today() + timedelta(days=3))
    assert raised.value.message_dict == {"started_on": ["The start date must be today or in the past."]}
    current.refresh_from_db()
    assert (current.ended_on, Placement.objects.count()) == (None, 1)


def test_an_end_before_its_start_is_refused(people):
    with pytest.raises(ValidationError) as raised:
        first_placement(people, date(2023, 5, 1), ended_on=date(2023, 4, 30))
    assert raised.value.message_dict == {"ended_on": ["The end date must be on or after the start date."]}
    assert Placement.objects.count() == 0


def test_overlapping_placements_are_refused(people):
    first_placement(people, date(2023, 1, 1), ended_on=date(2023, 6, 1), carer_or_home="Pat and Sam Carer")
    with pytest.raises(ValidationError) as raised:
        first_placement(people, date(2023, 3, 1), carer_or_home="Lee Carer")
    assert raised.value.message_dict["started_on"] == [
        "This placement overlaps their placement with Pat and Sam Carer from 1 January 2023 to 1 June 2023."]
    # Before it, but running into it.
    with pytest.raises(ValidationError, match="overlaps their placement with Pat and Sam Carer"):
        first_placement(people, date(2022, 9, 1), ended_on=date(2023, 1, 2), carer_or_home="Lee Carer")
    assert Placement.objects.count() == 1

    # Starting the day the other ended is not an overlap. (Coming after another placement, it is a move.)
    later = first_placement(people, date(2023, 6, 1), carer_or_home="Lee Carer",
                            advocate_offer=AdvocateOffer.NOT_OFFERED_EMERGENCY, school_wish_recorded=False)
    assert later.is_move
    with pytest.raises(ValidationError) as raised:
        first_placement(people, date(2024, 1, 1), carer_or_home="Kim Carer")
    assert raised.value.message_dict["started_on"] == [
        "This placement overlaps their placement with Lee Carer from 1 June 2023 to now."]
    assert Placement.objects.count() == 2


def test_a_move_not_offered_an_advocate_cannot_carry_a_date_it_was_offered(people):
    """The ledger counts an advocate offer by its date: a date on a move where none was offered would count."""
    current = first_placement(people)
    with pytest.raises(ValidationError) as raised:
        move(people, advocate_offer=AdvocateOffer.NOT_OFFERED, advocate_not_offered_reason="They said no.",
             advocate_offered_on=date(2025, 6, 1))
    assert raised.value.message_dict == {"advocate_offered_on": [
        "Only enter the date they were offered an advocate if they were offered one."]}
    current.refresh_from_db()
    assert (current.ended_on, Placement.objects.count()) == (None, 1)


def test_a_move_needs_a_placement_to_move_from(people):
    with pytest.raises(ValidationError, match="Record their first placement instead"):
        move(people)
    assert Placement.objects.count() == 0


def test_a_worker_from_another_council_cannot_record_a_placement(people):
    with pytest.raises(PermissionDenied, match="Only the young person's social worker or personal adviser"):
        placement_start(young_person=people.young_person, recorded_by=people.elsewhere_manager,
                        kind=PlacementKind.FOSTER, carer_or_home="Pat", started_on=date(2023, 1, 1))
    assert Placement.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------------------------------------------

def test_placement_pages_are_404_for_those_who_may_not_see_the_young_person(client, people):
    PlacementFactory(young_person=people.young_person, recorded_by=people.social_worker)
    urls = [reverse("placement_list", args=[people.young_person.pk]),
            reverse("placement_new", args=[people.young_person.pk])]
    for user in (people.young_person.user, people.other_young_person.user, people.other_worker.user,
                 people.elsewhere_manager.user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[1], move_form()).status_code == 404
    assert Placement.objects.count() == 1
    client.force_login(people.manager.user)
    assert client.get(urls[0]).status_code == 200


def test_the_placement_list_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.social_worker.user)
    url = reverse("placement_list", args=[people.young_person.pk])
    # Session, user, SAVEPOINT, the young person (scoping), the placements with who recorded them, the missing
    # episodes, RELEASE, the audit log's row.
    with django_assert_num_queries(9):  # +1: which actions the reader may take (casework.people.recording)
        client.get(url)
    for year in range(2023, 2026):
        PlacementFactory(young_person=people.young_person, recorded_by=people.social_worker,
                         started_on=date(year, 1, 1), ended_on=date(year + 1, 1, 1))
        MissingEpisode.objects.create(young_person=people.young_person, kind="M", started_on=date(year, 6, 1),
                                      ended_on=date(year, 6, 2))
    with django_assert_num_queries(9):  # +1: which actions the reader may take (casework.people.recording)
        page = client.get(url).content.decode()
    assert page.count("app-placement-card") == 3 and page.count('id="missing-') == 3
