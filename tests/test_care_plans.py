"""Care plans: every update is a new version, old versions are never changed, a copy is recorded once, and a
young person sees only their own current plan, in plain words."""
from datetime import date, timedelta

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import CARE_PLAN_CONSIDERED, CarePlanVersion, Role
from casework.plans.services import care_plan_copy_given, care_plan_version_create

from .factories import WorkerFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "needs": "To stay close to her brother.",
    "actions": "Weekly contact with her brother on Saturdays.",
    "responsibilities": "Sita arranges transport by 1 December.",
    "age_note": "At 13 she chooses her own bedtime with her carers.",
    "gender_identity_note": "Considered: nothing she wants changed.",
    "sexual_orientation_note": "Considered: she has not asked for anything.",
    "disability_note": "Considered: glasses, checked every year.",
    "religion_note": "Considered: no religion; she wants to try the youth club.",
    "ethnicity_note": "Considered: mixed heritage, hair products in her allowance.",
    "culture_note": "Considered: Caribbean food with her nan monthly.",
}


class CarePlanVersionFactory(factory.django.DjangoModelFactory):
    """A saved version, straight into the table (the service is tested on its own below)."""

    class Meta:
        model = CarePlanVersion

    version = 1
    agreed_on = date(2025, 1, 10)
    needs = "Needs"
    actions = "Actions"
    responsibilities = "Responsibilities"
    age_note = gender_identity_note = sexual_orientation_note = disability_note = "Considered"
    religion_note = ethnicity_note = culture_note = "Considered"


def today():
    return timezone.localdate()


def plan_form(agreed_on: date, **overrides) -> dict:
    data = {"agreed_on_0": agreed_on.day, "agreed_on_1": agreed_on.month, "agreed_on_2": agreed_on.year, **SECTIONS}
    return {**data, **overrides}


def copy_form(given_on: date | None, how: str | None = "in_person") -> dict:
    data = {}
    if given_on:
        data |= {"given_on_0": given_on.day, "given_on_1": given_on.month, "given_on_2": given_on.year}
    if how:
        data["how"] = how
    return data


def write(people, agreed_on=date(2025, 3, 1), **overrides) -> CarePlanVersion:
    return care_plan_version_create(young_person=people.young_person, written_by=people.social_worker,
                                    agreed_on=agreed_on, **(SECTIONS | overrides))


# ---------------------------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------------------------

def test_a_social_worker_writes_the_first_care_plan_on_the_page(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("care_plan_new", args=[people.young_person.pk])
    page = client.get(url).content.decode()
    assert "Write the care plan" in page
    assert CARE_PLAN_CONSIDERED in page  # the seven notes' legend is the pledge's words

    response = client.post(url, plan_form(date(2025, 3, 1)))

    assert response.status_code == 302
    assert response["Location"] == reverse("care_plan", args=[people.young_person.pk])
    plan = CarePlanVersion.objects.get()
    assert (plan.version, plan.agreed_on, plan.written_by, plan.needs) == (
        1, date(2025, 3, 1), people.social_worker, SECTIONS["needs"])
    assert plan.culture_note == SECTIONS["culture_note"]
    page = client.get(response["Location"]).content.decode()
    assert "Care plan version 1 for Robin Ash saved." in page
    assert SECTIONS["needs"] in page and SECTIONS["religion_note"] in page
    assert "This is the first version." in page


def test_updating_makes_version_2_and_keeps_version_1_as_it_was(client, people):
    first = write(people, agreed_on=date(2025, 3, 1))
    kept = {f.name: getattr(first, f.name) for f in CarePlanVersion._meta.fields}
    client.force_login(people.social_worker.user)
    url = reverse("care_plan_new", args=[people.young_person.pk])

    form = client.get(url).context["form"]
    assert form.initial["needs"] == SECTIONS["needs"]  # pre-filled from the current version
    assert form.initial["culture_note"] == SECTIONS["culture_note"]
    assert "agreed_on" not in form.initial  # a new version needs its own date
    response = client.post(url, plan_form(date(2025, 9, 1), needs="To move to a school nearer her carers."))

    assert response.status_code == 302
    assert list(CarePlanVersion.objects.order_by("version").values_list("version", "needs")) == [
        (1, SECTIONS["needs"]), (2, "To move to a school nearer her carers.")]
    first.refresh_from_db()
    assert {f.name: getattr(first, f.name) for f in CarePlanVersion._meta.fields} == kept

    page = client.get(reverse("care_plan", args=[people.young_person.pk])).content.decode()
    assert "To move to a school nearer her carers." in page
    assert reverse("care_plan_version", args=[people.young_person.pk, 1]) in page  # version 1 under past versions
    old = client.get(reverse("care_plan_version", args=[people.young_person.pk, 1])).content.decode()
    assert SECTIONS["needs"] in old and "It cannot be changed." in old
    assert "To move to a school nearer her carers." not in old


def test_version_numbers_follow_on_for_each_young_person(people):
    write(people)
    write(people)
    other = care_plan_version_create(young_person=people.other_young_person, written_by=people.other_worker,
                                     agreed_on=date(2025, 3, 1), **SECTIONS)
    assert list(people.young_person.care_plan_versions.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert other.version == 1


def test_there_is_no_way_to_edit_a_saved_version(client, people):
    write(people)
    before = list(CarePlanVersion.objects.values())
    client.force_login(people.social_worker.user)
    url = reverse("care_plan_version", args=[people.young_person.pk, 1])

    assert client.post(url, plan_form(date(2025, 4, 1), needs="Changed")).status_code == 405
    assert client.put(url, plan_form(date(2025, 4, 1), needs="Changed")).status_code == 405
    assert client.post(reverse("care_plan", args=[people.young_person.pk]), {"needs": "Changed"}).status_code == 405
    # The only writing page makes a new version.
    client.post(reverse("care_plan_new", args=[people.young_person.pk]), plan_form(date(2025, 4, 1), needs="Changed"))
    assert list(CarePlanVersion.objects.filter(version=1).values()) == before
    assert CarePlanVersion.objects.count() == 2


def test_a_version_that_does_not_exist_is_a_404(client, people):
    write(people)
    client.force_login(people.social_worker.user)
    assert client.get(reverse("care_plan_version", args=[people.young_person.pk, 2])).status_code == 404
    assert client.get(reverse("care_plan_copy_given", args=[people.young_person.pk, 2])).status_code == 404


@pytest.mark.parametrize(
    ("agreed_on", "overrides", "message"),
    [
        (lambda: today() + timedelta(days=1), {}, "The date the plan was agreed must be today or in the past."),
        (lambda: date(2022, 5, 31), {}, "must be on or after the day they came into care (1 June 2022)."),
        (lambda: date(2025, 3, 1), {"needs": ""}, "Enter what they need"),
        (lambda: date(2025, 3, 1), {"culture_note": "  "}, "Enter how the plan considers their cultural needs"),
        (lambda: date(2025, 3, 1), {"religion_note": "x" * 1001}, "must be 1,000 characters or fewer"),
    ],
    ids=["in the future", "before coming into care", "no needs", "culture not considered", "note too long"],
)
def test_a_bad_care_plan_shows_the_error_and_saves_nothing(client, people, agreed_on, overrides, message):
    write(people)
    client.force_login(people.social_worker.user)
    response = client.post(reverse("care_plan_new", args=[people.young_person.pk]),
                           plan_form(agreed_on(), **overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert "<title>Error: " in page
    assert CarePlanVersion.objects.count() == 1


def test_a_missing_agreed_date_is_asked_for(client, people):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("care_plan_new", args=[people.young_person.pk]),
                           {**SECTIONS, "agreed_on_0": "", "agreed_on_1": "", "agreed_on_2": ""})
    assert "Enter the date this version was agreed" in response.content.decode()
    assert CarePlanVersion.objects.count() == 0


def test_the_service_checks_every_considered_note_too(people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        write(people, age_note="", ethnicity_note="")
    assert set(raised.value.message_dict) == {"age_note", "ethnicity_note"}
    assert CarePlanVersion.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------
# A copy given
# ---------------------------------------------------------------------------------------------------------------

def test_recording_that_they_were_given_a_copy(client, people):
    write(people, agreed_on=date(2025, 3, 1))
    client.force_login(people.social_worker.user)
    care_plan_page = client.get(reverse("care_plan", args=[people.young_person.pk])).content.decode()
    url = reverse("care_plan_copy_given", args=[people.young_person.pk, 1])
    assert url in care_plan_page and "Not recorded yet" in care_plan_page

    response = client.post(url, copy_form(date(2025, 3, 4), "email"))

    assert response.status_code == 302
    plan = CarePlanVersion.objects.get()
    assert (plan.copy_given_on, plan.copy_given_how) == (date(2025, 3, 4), "email")
    page = client.get(reverse("care_plan", args=[people.young_person.pk])).content.decode()
    assert "4 March 2025, by email" in page
    assert url not in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (lambda: copy_form(date(2025, 2, 28)), "must be on or after the day the plan was agreed (1 March 2025)."),
        (lambda: copy_form(today() + timedelta(days=1)), "The date they were given a copy must be today or in the past."),
        (lambda: copy_form(None), "Enter the date they were given a copy"),
        (lambda: copy_form(date(2025, 3, 4), how=None), "Select how they were given a copy"),
        (lambda: copy_form(date(2025, 3, 4), how="pigeon"), "Select a valid choice"),
    ],
    ids=["before the plan was agreed", "in the future", "no date", "no how", "not a choice"],
)
def test_a_bad_copy_given_shows_the_error_and_saves_nothing(client, people, form, message):
    write(people, agreed_on=date(2025, 3, 1))
    client.force_login(people.social_worker.user)
    response = client.post(reverse("care_plan_copy_given", args=[people.young_person.pk, 1]), form())
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert CarePlanVersion.objects.filter(copy_given_on__isnull=False).count() == 0
    assert CarePlanVersion.objects.get().copy_given_how == ""


def test_a_copy_can_be_recorded_only_once(client, people):
    from django.core.exceptions import ValidationError

    plan = write(people, agreed_on=date(2025, 3, 1))
    care_plan_copy_given(version=plan, by=people.social_worker, given_on=date(2025, 3, 2), how="post")
    with pytest.raises(ValidationError, match="already recorded"):
        care_plan_copy_given(version=plan, by=people.social_worker, given_on=date(2025, 3, 9), how="email")
    client.force_login(people.social_worker.user)
    response = client.post(reverse("care_plan_copy_given", args=[people.young_person.pk, 1]),
                           copy_form(date(2025, 3, 9), "email"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.copy_given_on, plan.copy_given_how) == (date(2025, 3, 2), "post")


# ---------------------------------------------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------------------------------------------

def staff_urls(young_person, method="get"):
    urls = [reverse("care_plan", args=[young_person.pk]), reverse("care_plan_new", args=[young_person.pk]),
            reverse("care_plan_version", args=[young_person.pk, 1]),
            reverse("care_plan_copy_given", args=[young_person.pk, 1])]
    return urls if method == "get" else [urls[1], urls[3]]


def test_a_young_person_cannot_reach_any_staff_care_plan_page_not_even_their_own(client, people):
    write(people)
    care_plan_version_create(young_person=people.other_young_person, written_by=people.other_worker,
                             agreed_on=date(2025, 3, 1), **SECTIONS)
    client.force_login(people.young_person.user)
    for young_person in (people.young_person, people.other_young_person):
        for url in staff_urls(young_person):
            assert client.get(url).status_code == 404, url
        for url in staff_urls(young_person, "post"):
            assert client.post(url, plan_form(date(2025, 4, 1)) | copy_form(date(2025, 4, 1))).status_code == 404
    assert CarePlanVersion.objects.count() == 2
    assert not CarePlanVersion.objects.filter(copy_given_on__isnull=False).exists()


def test_staff_see_only_the_plans_of_young_people_they_may_see(client, people):
    care_plan_version_create(young_person=people.other_young_person, written_by=people.other_worker,
                             agreed_on=date(2025, 3, 1), **SECTIONS)
    care_plan_version_create(young_person=people.elsewhere_young_person, written_by=people.elsewhere_manager,
                             agreed_on=date(2025, 3, 1), **SECTIONS)
    client.force_login(people.social_worker.user)  # Sky is on another worker's caseload
    for url in staff_urls(people.other_young_person):
        assert client.get(url).status_code == 404, url
    client.force_login(people.manager.user)  # a manager sees their own council, not another
    assert client.get(reverse("care_plan", args=[people.other_young_person.pk])).status_code == 200
    for url in staff_urls(people.elsewhere_young_person):
        assert client.get(url).status_code == 404, url
    assert client.post(staff_urls(people.elsewhere_young_person, "post")[0], plan_form(date(2025, 4, 1))).status_code == 404
    assert CarePlanVersion.objects.filter(young_person=people.elsewhere_young_person).count() == 1


def test_a_worker_from_another_council_cannot_write_the_plan(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Only the young person's social worker or personal adviser"):
        care_plan_version_create(young_person=people.young_person, written_by=people.elsewhere_manager,
                                 agreed_on=date(2025, 3, 1), **SECTIONS)
    assert CarePlanVersion.objects.count() == 0


def test_my_care_plan_shows_my_current_plan_in_plain_words(client, people):
    write(people, agreed_on=date(2025, 3, 1), needs="The old words.")
    write(people, agreed_on=date(2025, 9, 12))
    care_plan_version_create(young_person=people.other_young_person, written_by=people.other_worker,
                             agreed_on=date(2025, 3, 1), **(SECTIONS | {"needs": "Sky's own needs."}))
    client.force_login(people.young_person.user)

    page = client.get(reverse("my_care_plan")).content.decode()

    assert "Your care plan" in page
    assert "It was agreed on 12 September 2025. Sita Worker wrote it." in page
    assert "What you need" in page and SECTIONS["needs"] in page and SECTIONS["culture_note"] in page
    assert "The old words." not in page
    assert "Sky&#x27;s own needs." not in page and "Sky's own needs." not in page
    assert reverse("my_care_plan_print") in page
    printable = client.get(reverse("my_care_plan_print")).content.decode()
    assert "Care plan for Robin Ash" in printable and SECTIONS["needs"] in printable
    assert "Sky's own needs." not in printable and "The old words." not in printable


def test_my_care_plan_before_there_is_one(client, people):
    care_plan_version_create(young_person=people.other_young_person, written_by=people.other_worker,
                             agreed_on=date(2025, 3, 1), **SECTIONS)
    client.force_login(people.young_person.user)
    page = client.get(reverse("my_care_plan")).content.decode()
    assert "Your social worker is writing your care plan. Ask them if you want to know more." in page
    assert SECTIONS["needs"] not in page
    assert reverse("my_care_plan_print") not in page


def test_my_care_plan_is_only_for_young_people(client, people):
    client.force_login(people.social_worker.user)
    assert client.get(reverse("my_care_plan")).status_code == 404
    assert client.get(reverse("my_care_plan_print")).status_code == 404
    client.logout()
    response = client.get(reverse("my_care_plan"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_print_page_has_a_print_stylesheet_that_hides_the_header_navigation_and_footer():
    from pathlib import Path

    built = (Path(__file__).resolve().parent.parent / "static" / "build" / "portal.css").read_text()
    ours = ".app-no-print{display:none !important}"
    assert ours in built
    print_block = built[built.rindex("@media print{", 0, built.index(ours)):]
    print_block = print_block[:print_block.index("}}") + 2]
    for selector in (".govuk-template__header", ".govuk-service-navigation", ".govuk-template__footer",
                     ".govuk-back-link"):
        assert selector in print_block
    assert "display:none" in print_block


# ---------------------------------------------------------------------------------------------------------------
# Pinned query counts
# ---------------------------------------------------------------------------------------------------------------

# Session, user (with young person and council), SAVEPOINT, the current version with its writer, the last time they
# came back from being missing or away, RELEASE.
MY_CARE_PLAN_QUERIES = 6
# Session, user (with worker and council), SAVEPOINT, the young person (scoping), every version with its
# writer, RELEASE, the audit log's row.
CARE_PLAN_QUERIES = 8  # +1: which actions the reader may take (casework.people.recording)


@pytest.mark.parametrize("versions", [1, 12])
def test_my_care_plan_takes_a_fixed_number_of_queries_whatever_the_number_of_versions(
    client, people, django_assert_num_queries, versions
):
    for n in range(1, versions + 1):
        CarePlanVersionFactory(young_person=people.young_person, written_by=people.social_worker, version=n,
                               needs=f"The needs of version {n}.")
    client.force_login(people.young_person.user)
    with django_assert_num_queries(MY_CARE_PLAN_QUERIES):
        page = client.get(reverse("my_care_plan")).content.decode()
    assert f"The needs of version {versions}." in page
    assert page.count("The needs of version") == 1


@pytest.mark.parametrize("versions", [1, 12])
def test_the_care_plan_page_takes_a_fixed_number_of_queries_whatever_the_number_of_versions(
    client, people, django_assert_num_queries, versions
):
    writers = [people.social_worker, WorkerFactory(council=people.council, role=Role.SOCIAL_WORKER)]
    for n in range(versions):
        CarePlanVersionFactory(young_person=people.young_person, written_by=writers[n % 2], version=n + 1)
    client.force_login(people.social_worker.user)
    with django_assert_num_queries(CARE_PLAN_QUERIES):
        page = client.get(reverse("care_plan", args=[people.young_person.pk])).content.decode()
    assert "Update the care plan" in page
    for n in range(1, versions):
        assert reverse("care_plan_version", args=[people.young_person.pk, n]) in page
