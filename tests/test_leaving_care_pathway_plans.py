"""Leaving care: pathway plans from 16, kept as versions and never changed, and a copy recorded once. Who sees which
page, and the pages' query counts."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.leaving_care.services import pathway_plan_copy_given, pathway_plan_version_create
from casework.models import (
    CareersMeeting,
    CouncilAccommodation,
    NeedsAssessment,
    PathwayPlanVersion,
    ReturnToEducationRequest,
    Role,
    StayingCloseRequest,
)

from .factories import WorkerFactory
from .leaving_care_helpers import SECTIONS, TODAY, born, date_fields, page, write
from .leaving_care_helpers import frozen_today, leaver  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def plan_form(agreed_on: date | None, **overrides) -> dict:
    return {**date_fields("agreed_on", agreed_on), **SECTIONS, **overrides}


# ---------------------------------------------------------------------------------------------------------------
# Pathway plans: versions
# ---------------------------------------------------------------------------------------------------------------

def test_a_worker_writes_the_first_pathway_plan_on_the_page(client, people, leaver):
    client.force_login(people.social_worker.user)
    url = reverse("pathway_plan_new", args=[leaver.pk])
    assert "Write the pathway plan" in page(client.get(url))

    response = client.post(url, plan_form(date(2025, 3, 1)))

    assert response.status_code == 302
    assert response["Location"] == reverse("pathway_plan", args=[leaver.pk])
    plan = PathwayPlanVersion.objects.get()
    assert (plan.version, plan.agreed_on, plan.written_by, plan.goals, plan.for_return_to_education) == (
        1, date(2025, 3, 1), people.social_worker, SECTIONS["goals"], False)
    html = page(client.get(response["Location"]))
    assert "Pathway plan version 1 for Robin Ash saved." in html
    assert SECTIONS["goals"] in html and SECTIONS["money"] in html
    assert "This is the first version." in html


def test_a_new_version_is_pre_filled_and_leaves_the_old_version_as_it_was(client, people, leaver):
    first = write(people, agreed_on=date(2025, 3, 1))
    kept = {f.name: getattr(first, f.name) for f in PathwayPlanVersion._meta.fields}
    client.force_login(people.social_worker.user)
    url = reverse("pathway_plan_new", args=[leaver.pk])

    form = client.get(url).context["form"]
    assert form.initial["goals"] == SECTIONS["goals"] and form.initial["money"] == SECTIONS["money"]
    assert "agreed_on" not in form.initial  # a new version needs its own date
    response = client.post(url, plan_form(date(2026, 9, 1), education_and_work="Back to college for Level 3.",
                                          for_return_to_education="on"))

    assert response.status_code == 302
    assert list(PathwayPlanVersion.objects.order_by("version").values_list(
        "version", "education_and_work", "for_return_to_education")) == [
        (1, SECTIONS["education_and_work"], False), (2, "Back to college for Level 3.", True)]
    first.refresh_from_db()
    assert {f.name: getattr(first, f.name) for f in PathwayPlanVersion._meta.fields} == kept

    html = page(client.get(reverse("pathway_plan", args=[leaver.pk])))
    assert "Back to college for Level 3." in html
    assert "Going back into education or training" in html
    assert reverse("pathway_plan_version", args=[leaver.pk, 1]) in html
    old = page(client.get(reverse("pathway_plan_version", args=[leaver.pk, 1])))
    assert SECTIONS["education_and_work"] in old and "It cannot be changed." in old
    assert "Back to college for Level 3." not in old
    assert "This is the current version." in page(client.get(reverse("pathway_plan_version", args=[leaver.pk, 2])))


def test_version_numbers_follow_on_for_each_young_person(people, leaver):
    write(people)
    write(people)
    other = people.other_young_person
    other.date_of_birth = date(2008, 1, 1)
    other.save()
    pathway_plan_version_create(young_person=other, written_by=people.other_worker, agreed_on=date(2025, 3, 1),
                                **SECTIONS)
    assert list(PathwayPlanVersion.objects.order_by("young_person", "version").values_list(
        "young_person__first_name", "version")) == [("Robin", 1), ("Robin", 2), ("Sky", 1)]


def test_a_saved_version_has_no_edit_page(client, people, leaver):
    write(people)
    client.force_login(people.social_worker.user)
    response = client.post(reverse("pathway_plan_version", args=[leaver.pk, 1]), plan_form(date(2025, 4, 1)))
    assert response.status_code == 405
    assert PathwayPlanVersion.objects.get().agreed_on == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("dob", "agreed_on", "overrides", "message"),
    [
        (date(2011, 1, 1), date(2026, 11, 1), {}, "Pathway planning starts at 16. Robin Ash was 15 on that day."),
        (date(2007, 6, 1), date(2026, 11, 24), {}, "The date the plan was agreed must be today or in the past."),
        (date(2007, 6, 1), date(2007, 5, 1), {}, "must be on or after their date of birth (1 June 2007)."),
        (date(2007, 6, 1), None, {}, "Enter the date this version was agreed"),
        (date(2007, 6, 1), date(2025, 3, 1), {"money": ""}, "Enter what the plan says about money"),
        (date(2007, 6, 1), date(2025, 3, 1), {"goals": "x" * 3001}, "must be 3,000 characters or fewer"),
        (date(2009, 1, 1), date(2026, 11, 1), {"for_return_to_education": "on"},
         "A new plan for going back into education or training is for ages 18 to 25. Robin Ash was 17"),
    ],
    ids=["under 16", "in the future", "before birth", "no date", "no words", "too long", "education plan at 17"],
)
def test_a_bad_pathway_plan_shows_a_govuk_error_and_saves_nothing(client, people, dob, agreed_on, overrides,
                                                                 message):
    born(people, dob)
    client.force_login(people.social_worker.user)
    response = client.post(reverse("pathway_plan_new", args=[people.young_person.pk]),
                           plan_form(agreed_on, **overrides))
    assert response.status_code == 200
    html = page(response)
    assert "govuk-error-summary" in html and message in html
    assert PathwayPlanVersion.objects.count() == 0


def test_a_plan_is_allowed_from_the_16th_birthday(people):
    born(people, date(2010, 11, 23))
    write(people, agreed_on=TODAY)
    assert PathwayPlanVersion.objects.count() == 1


def test_a_worker_from_another_council_cannot_write_the_plan(people, leaver):
    with pytest.raises(PermissionDenied, match="Only the young person's social worker or personal adviser"):
        pathway_plan_version_create(young_person=leaver, written_by=people.elsewhere_manager,
                                    agreed_on=date(2025, 3, 1), **SECTIONS)
    assert PathwayPlanVersion.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------
# A copy given, once
# ---------------------------------------------------------------------------------------------------------------

def test_recording_that_they_were_given_a_copy(client, people, leaver):
    write(people, agreed_on=date(2025, 3, 1))
    client.force_login(people.social_worker.user)
    url = reverse("pathway_plan_copy_given", args=[leaver.pk, 1])
    html = page(client.get(reverse("pathway_plan", args=[leaver.pk])))
    assert url in html and "Not recorded yet" in html

    response = client.post(url, date_fields("given_on", date(2025, 3, 4)))

    assert response.status_code == 302
    assert PathwayPlanVersion.objects.get().copy_given_on == date(2025, 3, 4)
    html = page(client.get(reverse("pathway_plan", args=[leaver.pk])))
    assert "4 March 2025" in html and url not in html


@pytest.mark.parametrize(
    ("given_on", "message"),
    [
        (date(2025, 2, 28), "must be on or after the day the plan was agreed (1 March 2025)."),
        (date(2026, 11, 24), "The date they were given a copy must be today or in the past."),
        (None, "Enter the date they were given a copy"),
    ],
    ids=["before the plan was agreed", "in the future", "no date"],
)
def test_a_bad_copy_given_shows_a_govuk_error_and_saves_nothing(client, people, leaver, given_on, message):
    write(people, agreed_on=date(2025, 3, 1))
    client.force_login(people.social_worker.user)
    response = client.post(reverse("pathway_plan_copy_given", args=[leaver.pk, 1]), date_fields("given_on", given_on))
    assert response.status_code == 200
    html = page(response)
    assert "govuk-error-summary" in html and message in html
    assert PathwayPlanVersion.objects.get().copy_given_on is None


def test_a_copy_can_be_recorded_only_once(client, people, leaver):
    plan = write(people, agreed_on=date(2025, 3, 1))
    pathway_plan_copy_given(version=plan, by=people.social_worker, given_on=date(2025, 3, 2))
    with pytest.raises(ValidationError, match="already recorded"):
        pathway_plan_copy_given(version=plan, by=people.social_worker, given_on=date(2025, 3, 9))
    client.force_login(people.social_worker.user)
    response = client.post(reverse("pathway_plan_copy_given", args=[leaver.pk, 1]),
                           date_fields("given_on", date(2025, 3, 9)))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.copy_given_on == date(2025, 3, 2)


# ---------------------------------------------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------------------------------------------

def staff_urls(young_person):
    pk = young_person.pk
    return [reverse(name, args=args) for name, args in [
        ("pathway_plan", [pk]), ("pathway_plan_new", [pk]), ("pathway_plan_version", [pk, 1]),
        ("pathway_plan_copy_given", [pk, 1]), ("needs_assessment_new", [pk]), ("careers_meeting_new", [pk])]]


def test_staff_pages_are_404_for_young_people_they_may_not_see(client, people, leaver):
    for young_person in (people.other_young_person, people.elsewhere_young_person):
        young_person.date_of_birth = date(2007, 1, 1)
        young_person.save()
        pathway_plan_version_create(young_person=young_person, written_by=WorkerFactory(
            council=young_person.council, role=Role.MANAGER), agreed_on=date(2025, 3, 1), **SECTIONS)
    client.force_login(people.social_worker.user)
    for young_person in (people.other_young_person, people.elsewhere_young_person):
        for url in staff_urls(young_person):
            assert client.get(url).status_code == 404, url
            assert client.post(url, plan_form(date(2025, 4, 1))).status_code in (404, 405), url
    assert client.get(reverse("pathway_plan", args=[999999])).status_code == 404
    assert PathwayPlanVersion.objects.count() == 2 and NeedsAssessment.objects.count() == 0


def test_a_version_that_does_not_exist_is_a_404(client, people, leaver):
    write(people)
    client.force_login(people.social_worker.user)
    assert client.get(reverse("pathway_plan_version", args=[leaver.pk, 2])).status_code == 404
    assert client.get(reverse("pathway_plan_copy_given", args=[leaver.pk, 2])).status_code == 404


def test_a_young_person_cannot_reach_any_staff_page_not_even_their_own(client, people, leaver):
    write(people)
    client.force_login(leaver.user)
    for url in staff_urls(leaver):
        assert client.get(url).status_code == 404, url


def test_my_pathway_plan_pages_are_only_for_young_people(client, people, leaver):
    client.force_login(people.social_worker.user)
    assert client.get(reverse("my_pathway_plan")).status_code == 404
    assert client.get(reverse("my_pathway_plan_print")).status_code == 404
    assert client.post(reverse("return_to_education_new"), {"what": "College"}).status_code == 404
    assert ReturnToEducationRequest.objects.count() == 0
    client.logout()
    response = client.get(reverse("my_pathway_plan"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# ---------------------------------------------------------------------------------------------------------------
# Pinned query counts
# ---------------------------------------------------------------------------------------------------------------

# Session, user (with young person and council), SAVEPOINT, the current version with its writer, their Staying Close
# requests, the home we provide now, RELEASE.
MY_PATHWAY_PLAN_QUERIES = 7
# Session, user (with worker and council), SAVEPOINT, the young person (scoping), every version with its writer,
# needs assessments with who recorded them, requests to go back into education, careers meetings, Staying Close
# requests with who answered them, the homes we provided, RELEASE, the audit log's row.
PATHWAY_PLAN_QUERIES = 13  # +1: which actions the reader may take (casework.people.recording)


def versions_for(people, count: int):
    writers = [people.social_worker, WorkerFactory(council=people.council, role=Role.SOCIAL_WORKER)]
    for n in range(1, count + 1):
        PathwayPlanVersion.objects.create(
            young_person=people.young_person, written_by=writers[n % 2], version=n, agreed_on=date(2025, 1, n),
            **(SECTIONS | {"goals": f"The goals of version {n}."}))


@pytest.mark.parametrize("versions", [1, 12])
def test_my_pathway_plan_takes_a_fixed_number_of_queries_whatever_the_number_of_versions(
    client, people, leaver, django_assert_num_queries, versions
):
    versions_for(people, versions)
    asked_and_housed(people, leaver, versions)
    client.force_login(leaver.user)
    with django_assert_num_queries(MY_PATHWAY_PLAN_QUERIES):
        html = page(client.get(reverse("my_pathway_plan")))
    assert f"The goals of version {versions}." in html and html.count("You asked on") == versions
    assert html.count("The goals of version") == 1


@pytest.mark.parametrize("versions", [1, 12])
def test_the_pathway_plan_page_takes_a_fixed_number_of_queries_whatever_the_number_of_versions(
    client, people, leaver, django_assert_num_queries, versions
):
    versions_for(people, versions)
    for n in range(1, versions + 1):
        NeedsAssessment.objects.create(young_person=leaver, completed_on=date(2024, 1, n), summary=f"Found {n}",
                                       recorded_by=people.social_worker)
        CareersMeeting.objects.create(young_person=leaver, offered_on=date(2024, 2, n), taken_up=None)
        ReturnToEducationRequest.objects.create(young_person=leaver, asked_on=date(2026, 1, n), what=f"Course {n}")
    asked_and_housed(people, leaver, versions)
    client.force_login(people.social_worker.user)
    with django_assert_num_queries(PATHWAY_PLAN_QUERIES):
        html = page(client.get(reverse("pathway_plan", args=[leaver.pk])))
    assert "Update the pathway plan" in html and f"Found {versions}" in html and f"Course {versions}" in html
    assert html.count("Asked on") == versions and html.count("Semi-independent living: from") == versions
    for n in range(1, versions):
        assert reverse("pathway_plan_version", args=[leaver.pk, n]) in html


def asked_and_housed(people, leaver, n):
    """n Staying Close requests answered by their worker, and n homes we provided, one after another."""
    for day in range(1, n + 1):
        StayingCloseRequest.objects.create(young_person=leaver, asked_on=date(2025, 3, day), answered_on=date(2025, 4, day),
                                           decision="offered", answer=f"Yes {day}", answered_by=people.social_worker)
        CouncilAccommodation.objects.create(young_person=leaver, kind="D", started_on=date(2024, day, 1),
                                            ended_on=date(2024, day, 20), recorded_by=people.social_worker)
