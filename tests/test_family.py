"""People who matter, identity reviews and achievements: young people add their own, workers confirm,
restrict and celebrate, impossible answers are refused, and nobody sees another young person's."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import Achievement, IdentityReview, ImportantPerson

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London"))


def _date(name, day, month, year):
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def person_form(name="Nan Ash", relationship="nan", restricted="no", reason="", restricted_on=("", "", ""),
                explained_on=("", "", "")):
    return {"name": name, "relationship": relationship, "contact_restricted": restricted,
            "restriction_reason": reason, **_date("restricted_on", *restricted_on),
            **_date("restriction_explained_on", *explained_on)}


def identity_form(day="20", month="11", year="2026", **extra):
    return {**_date("reviewed_on", day, month, year), "religion_and_culture": "Goes to mosque on Fridays with carer",
            "meeting_others": "Youth group at the community centre", "talents_and_hobbies": "Drawing and football",
            **extra}


def person(young_person, name="Dad", **extra):
    return ImportantPerson.objects.create(young_person=young_person, name=name, relationship="dad",
                                          added_on=date(2026, 1, 1), **extra)


def achievement(young_person, title="Learned to swim", **extra):
    return Achievement.objects.create(young_person=young_person, title=title, achieved_on=date(2026, 6, 1), **extra)


# --- Happy paths ---------------------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_young_person_adds_someone_and_their_worker_confirms_it(client, people):
    client.force_login(people.young_person.user)
    response = client.post(reverse("important_person_new"), {"name": "Kai", "relationship": "my brother"})
    assert response.status_code == 302 and response["Location"] == reverse("my_important_people")
    added = ImportantPerson.objects.get()
    assert (added.young_person, added.added_by_young_person, added.added_on) == (people.young_person, True,
                                                                                  date(2026, 11, 23))
    html = client.get(reverse("my_important_people")).content.decode()
    assert "Kai" in html and "Your worker has checked this" not in html

    client.force_login(people.social_worker.user)
    assert "Kai" in client.get(reverse("family", args=[people.young_person.pk])).content.decode()
    response = client.post(reverse("important_person_confirm", args=[people.young_person.pk, added.pk]))
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.confirmed_by, added.confirmed_on) == (people.social_worker, date(2026, 11, 23))
    assert "Confirmed by Sita Worker on 23 Nov 2026" in client.get(
        reverse("family", args=[people.young_person.pk])).content.decode()

    client.force_login(people.young_person.user)
    assert "Your worker has checked this" in client.get(reverse("my_important_people")).content.decode()


def test_confirming_is_post_only(client, people):
    added = person(people.young_person)
    client.force_login(people.social_worker.user)
    assert client.get(reverse("important_person_confirm", args=[people.young_person.pk, added.pk])).status_code == 405
    added.refresh_from_db()
    assert added.confirmed_on is None


@time_machine.travel(TODAY, tick=False)
def test_a_worker_adds_a_restricted_contact_and_the_young_person_reads_the_reason(client, people):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("family_new", args=[people.young_person.pk]), person_form(
        name="Uncle Lee", relationship="uncle", restricted="yes",
        reason="A judge decided it is not safe to see Lee for now.", restricted_on=("1", "10", "2026")))
    assert response.status_code == 302
    saved = ImportantPerson.objects.get()
    assert saved.contact_restricted and saved.restricted_on == date(2026, 10, 1)
    assert saved.added_by_young_person is False and saved.restriction_explained_on is None
    assert "Record that you explained it" in client.get(
        reverse("family", args=[people.young_person.pk])).content.decode()

    client.force_login(people.young_person.user)
    html = client.get(reverse("my_important_people")).content.decode()
    assert "A judge decided it is not safe to see Lee for now." in html
    assert "If you want to talk about this, ask your social worker" in html


@time_machine.travel(TODAY, tick=False)
def test_an_unrestricted_contact_keeps_no_restriction_answers_left_behind(client, people):
    client.force_login(people.social_worker.user)
    client.post(reverse("family_new", args=[people.young_person.pk]), person_form(
        restricted="no", reason="typed then changed my mind", restricted_on=("1", "10", "2026")))
    saved = ImportantPerson.objects.get()
    assert (saved.contact_restricted, saved.restriction_reason, saved.restricted_on) == (False, "", None)

    client.force_login(people.young_person.user)
    assert "ask your social worker" not in client.get(reverse("my_important_people")).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_when_the_restriction_was_explained(client, people):
    restricted = person(people.young_person, contact_restricted=True, restricted_on=date(2026, 10, 1),
                        restriction_reason="Not safe for now.")
    client.force_login(people.social_worker.user)
    url = reverse("restriction_explained", args=[people.young_person.pk, restricted.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _date("restriction_explained_on", "2", "10", "2026")).status_code == 302
    restricted.refresh_from_db()
    assert restricted.restriction_explained_on == date(2026, 10, 2)
    assert "Explained to them on 2 Oct 2026" in client.get(reverse("family", args=[people.young_person.pk])).content.decode()


def test_an_unrestricted_person_has_no_explained_page(client, people):
    client.force_login(people.social_worker.user)
    unrestricted = person(people.young_person)
    assert client.get(reverse("restriction_explained",
                              args=[people.young_person.pk, unrestricted.pk])).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_identity_reviews_and_sees_the_latest_first(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("identity_new", args=[people.young_person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, identity_form("1", "3", "2026", talents_and_hobbies="Dancing")).status_code == 302
    assert client.post(url, identity_form("20", "11", "2026")).status_code == 302
    assert IdentityReview.objects.filter(recorded_by=people.social_worker).count() == 2
    html = client.get(reverse("identity", args=[people.young_person.pk])).content.decode()
    assert "Latest review: 20 November 2026" in html and "Review on 1 March 2026" in html
    assert html.index("Drawing and football") < html.index("Dancing")
    assert "Youth group at the community centre" in html


@time_machine.travel(TODAY, tick=False)
def test_a_young_person_adds_an_achievement_and_sees_when_it_was_celebrated(client, people):
    client.force_login(people.young_person.user)
    assert client.get(reverse("my_achievement_new")).status_code == 200
    response = client.post(reverse("my_achievement_new"),
                           {"title": "Got my swimming badge", **_date("achieved_on", "14", "11", "2026")})
    assert response.status_code == 302 and response["Location"] == reverse("my_achievements")
    saved = Achievement.objects.get()
    assert saved.added_by_young_person and saved.achieved_on == date(2026, 11, 14)

    client.force_login(people.social_worker.user)
    url = reverse("achievement_celebrated", args=[people.young_person.pk, saved.pk])
    response = client.post(url, {**_date("celebrated_on", "20", "11", "2026"), "how_celebrated": "Pizza night"})
    assert response.status_code == 302

    client.force_login(people.young_person.user)
    html = client.get(reverse("my_achievements")).content.decode()
    assert "Got my swimming badge" in html and "We celebrated this on 20 November 2026: Pizza night." in html


@time_machine.travel(TODAY, tick=False)
def test_a_worker_adds_an_achievement(client, people):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("achievement_new", args=[people.young_person.pk]),
                           {"title": "100% attendance this term", **_date("achieved_on", "1", "11", "2026")})
    assert response.status_code == 302
    assert Achievement.objects.get().added_by_young_person is False
    html = client.get(reverse("achievements", args=[people.young_person.pk])).content.decode()
    assert "100% attendance this term" in html and "Record a celebration" in html


def test_the_staff_add_pages_and_the_young_persons_add_page_show_their_forms(client, people):
    client.force_login(people.social_worker.user)
    for name in ["family_new", "identity_new", "achievement_new"]:
        assert client.get(reverse(name, args=[people.young_person.pk])).status_code == 200
    client.force_login(people.young_person.user)
    html = client.get(reverse("important_person_new")).content.decode()
    assert "Who are they to you?" in html


# --- Bad inputs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (person_form(name=""), "Enter their name"),
        (person_form(restricted="yes", reason="", restricted_on=("1", "10", "2026")),
         "Enter why contact is restricted, in words they can read"),
        (person_form(restricted="yes", reason="Not safe"), "Enter the date contact was restricted"),
        (person_form(restricted="yes", reason="Not safe", restricted_on=("24", "11", "2026")),
         "The date contact was restricted must be today or in the past"),
        (person_form(restricted="yes", reason="Not safe", restricted_on=("1", "1", "2010")),
         "The date contact was restricted must be after their date of birth"),
        (person_form(restricted="yes", reason="Not safe", restricted_on=("1", "10", "2026"),
                     explained_on=("30", "9", "2026")),
         "The date it was explained must be on or after the date contact was restricted"),
        (person_form(restricted=""), "Select whether contact is restricted"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_person_gets_a_clear_error_and_nothing_is_saved(client, people, data, message):
    client.force_login(people.social_worker.user)
    response = client.post(reverse("family_new", args=[people.young_person.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    assert ImportantPerson.objects.count() == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "relationship": "friend"}, "Enter their name"),
    ({"name": "Mia", "relationship": ""}, "Enter who they are to you"),
])
def test_a_young_person_who_leaves_out_an_answer_is_told_and_nothing_is_saved(client, people, data, message):
    client.force_login(people.young_person.user)
    html = client.post(reverse("important_person_new"), data).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert ImportantPerson.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_an_explained_date_before_the_restriction_or_in_the_future_is_refused(client, people):
    restricted = person(people.young_person, contact_restricted=True, restricted_on=date(2026, 10, 1),
                        restriction_reason="Not safe for now.")
    client.force_login(people.social_worker.user)
    url = reverse("restriction_explained", args=[people.young_person.pk, restricted.pk])
    for day, month, message in [("30", "9", "on or after the date contact was restricted"),
                                ("24", "11", "must be today or in the past")]:
        html = client.post(url, _date("restriction_explained_on", day, month, "2026")).content.decode()
        assert "govuk-error-summary" in html and message in html
    restricted.refresh_from_db()
    assert restricted.restriction_explained_on is None


@pytest.mark.parametrize(("data", "message"), [
    (identity_form("24", "11", "2026"), "The date of the review must be today or in the past"),
    (identity_form("1", "1", "2010"), "The date of the review must be after their date of birth"),
    (identity_form(religion_and_culture=""), "Enter their religious and cultural needs"),
])
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_identity_review_is_refused(client, people, data, message):
    client.force_login(people.social_worker.user)
    html = client.post(reverse("identity_new", args=[people.young_person.pk]), data).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert IdentityReview.objects.count() == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"title": "Passed my test", **_date("achieved_on", "24", "11", "2026")}, "The date must be today or in the past"),
    ({"title": "", **_date("achieved_on", "1", "11", "2026")}, "Enter what you achieved"),
    ({"title": "Passed my test", **_date("achieved_on", "31", "2", "2026")}, "The date must be a real date"),
    # Once a crash: a year too long for the C library.
    ({"title": "Passed my test", **_date("achieved_on", "1", "1", "9" * 20)}, "The date must be a real date"),
])
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_achievement_is_refused(client, people, data, message):
    client.force_login(people.young_person.user)
    html = client.post(reverse("my_achievement_new"), data).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert Achievement.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_a_celebration_before_the_achievement_or_without_how_is_refused(client, people):
    proud = achievement(people.young_person)
    client.force_login(people.social_worker.user)
    url = reverse("achievement_celebrated", args=[people.young_person.pk, proud.pk])
    html = client.post(url, {**_date("celebrated_on", "31", "5", "2026"), "how_celebrated": "Cake"}).content.decode()
    assert "on or after the date of the achievement" in html
    html = client.post(url, {**_date("celebrated_on", "2", "6", "2026"), "how_celebrated": ""}).content.decode()
    assert "govuk-error-summary" in html and "Enter how it was celebrated" in html
    proud.refresh_from_db()
    assert proud.celebrated_on is None


# --- Who may see what ---------------------------------------------------------------------------------------


STAFF_PAGES = ["family", "family_new", "identity", "identity_new", "achievements", "achievement_new"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_are_404_for_the_young_person_and_for_a_worker_not_allocated(client, people, name):
    url = reverse(name, args=[people.young_person.pk])
    client.force_login(people.young_person.user)
    assert client.get(url).status_code == 404
    client.force_login(people.other_worker.user)
    assert client.get(url).status_code == 404
    client.force_login(people.elsewhere_manager.user)
    assert client.get(url).status_code == 404
    client.force_login(people.manager.user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["my_important_people", "important_person_new", "my_achievements",
                                  "my_achievement_new"])
def test_the_young_persons_own_pages_are_404_for_staff(client, people, name):
    client.force_login(people.social_worker.user)
    assert client.get(reverse(name)).status_code == 404


def test_another_young_persons_people_and_achievements_are_404(client, people):
    theirs = person(people.other_young_person, name="Their Dad")
    their_win = achievement(people.other_young_person)
    restricted = person(people.other_young_person, name="Someone", contact_restricted=True,
                        restricted_on=date(2026, 1, 1), restriction_reason="Not safe.")
    client.force_login(people.social_worker.user)
    mine = people.young_person.pk
    assert client.post(reverse("important_person_confirm", args=[mine, theirs.pk])).status_code == 404
    assert client.get(reverse("restriction_explained", args=[mine, restricted.pk])).status_code == 404
    assert client.get(reverse("achievement_celebrated", args=[mine, their_win.pk])).status_code == 404
    assert client.post(reverse("important_person_confirm", args=[people.other_young_person.pk, theirs.pk])
                       ).status_code == 404
    theirs.refresh_from_db()
    assert theirs.confirmed_on is None

    client.force_login(people.young_person.user)
    html = client.get(reverse("my_important_people")).content.decode()
    assert "Their Dad" not in html and "Not safe." not in html
    assert "Learned to swim" not in client.get(reverse("my_achievements")).content.decode()


# --- Query counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 10])
def test_the_young_persons_list_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, count):
    for n in range(count):
        person(people.young_person, name=f"Person {n}", confirmed_by=people.social_worker,
               confirmed_on=date(2026, 2, 1))
    client.force_login(people.young_person.user)
    # Session, user (with their young person record), savepoint, their people, release.
    with django_assert_num_queries(5):
        assert client.get(reverse("my_important_people")).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_the_family_page_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, count):
    for n in range(count):
        person(people.young_person, name=f"Person {n}", confirmed_by=people.social_worker,
               confirmed_on=date(2026, 2, 1))
    client.force_login(people.social_worker.user)
    # Session, user (with their worker), savepoint, the young person, their people with who confirmed them, release,
    # the audit log's row.
    with django_assert_num_queries(8):  # +1: which actions the reader may take (casework.people.recording)
        assert client.get(reverse("family", args=[people.young_person.pk])).status_code == 200
