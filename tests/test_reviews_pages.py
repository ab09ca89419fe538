"""Reviews chaired by the IRO, through the pages: who may load them, booking, the consultation before, recording the
review held, a young person's views sent from the portal, changing IRO, and the review list's query count."""
from datetime import date, datetime

import factory
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from casework.models import Allocation, Role
from reviews.forms import ConsultationForm, ReviewHeldForm
from reviews.models import Consultation, ConsultationMethod, IroChange, ParticipationCode, Review, ViewsSubmission

from .factories import WorkerFactory
from .review_helpers import LONDON, NEXT_REVIEW, ReviewFactory, TODAY, counts
from .review_helpers import booked, frozen_clock  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    review = factory.SubFactory(ReviewFactory)
    iro = factory.SelfAttribute("review.iro")
    consulted_on = factory.SelfAttribute("review.scheduled_for")
    method = ConsultationMethod.PHONE
    views = "I want to see my brother more."


def date_fields(name, day: date | None):
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- pages: who may load them -----------------------------------------------------------------------------


def staff_urls(young_person, review):
    return [
        reverse("review_list", args=[young_person.pk]),
        reverse("review_new", args=[young_person.pk]),
        reverse("consultation_new", args=[young_person.pk, review.pk]),
        reverse("review_held", args=[young_person.pk, review.pk]),
        reverse("iro_change", args=[young_person.pk]),
    ]


# Who may open each of staff_urls (casework.people.recording): the IRO's own record is the IRO's or a manager's; a
# manager changes the IRO. Everyone else who sees the young person gets a 403 (tests/test_recording.py).
MAY_OPEN = [{"iro", "social_worker", "manager"}, {"iro", "social_worker", "manager"}, {"iro", "manager"},
            {"iro", "manager"}, {"manager"}]


@pytest.mark.parametrize("index", range(5))
def test_every_staff_page_loads_for_those_who_may_use_it(client, people, booked, index):
    for who in ("iro", "social_worker", "manager"):
        client.force_login(getattr(people, who).user)
        status = client.get(staff_urls(people.young_person, booked)[index]).status_code
        assert status == (200 if who in MAY_OPEN[index] else 403), who


@pytest.mark.parametrize("index", range(5))
def test_a_young_person_cannot_load_the_staff_review_pages_even_their_own(client, people, booked, index):
    client.force_login(people.young_person.user)
    url = staff_urls(people.young_person, booked)[index]
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize("who", ["other_worker", "elsewhere_manager"])
def test_a_worker_not_allocated_gets_404_and_saves_nothing(client, people, booked, index, who):
    client.force_login(getattr(people, who).user)
    before = counts()
    url = staff_urls(people.young_person, booked)[index]
    assert client.get(url).status_code == 404
    assert client.post(url, {**date_fields("scheduled_for", NEXT_REVIEW), "iro": people.iro.pk}).status_code == 404
    assert counts() == before


@pytest.mark.parametrize("name", ["consultation_new", "review_held"])
def test_another_young_persons_review_id_is_a_404(client, people, name):
    """The IRO chairs both reviews, but a review is only reached through its own young person."""
    people.other_young_person.allocations.create(worker=people.iro, role=Role.IRO, started_on=date(2024, 1, 1))
    others = ReviewFactory(young_person=people.other_young_person, iro=people.iro)
    client.force_login(people.iro.user)
    url = reverse(name, args=[people.young_person.pk, others.pk])
    before = counts()
    assert client.get(url).status_code == 404
    data = {**date_fields("consulted_on", TODAY), **date_fields("held_on", TODAY), "method": "phone",
            "views": "Fine", "participation": "PN1"}
    assert client.post(url, data).status_code == 404
    assert counts() == before
    # The same review through its own young person is found.
    assert client.get(reverse(name, args=[people.other_young_person.pk, others.pk])).status_code == 200


def test_staff_have_no_send_your_views_page(client, people, booked):
    client.force_login(people.iro.user)
    assert client.get(reverse("views_new")).status_code == 404


# --- pages: what they do ----------------------------------------------------------------------------------


def test_booking_a_review_defaults_to_the_current_iro_and_goes_back_to_the_list(client, people):
    second_iro = WorkerFactory(council=people.council, role=Role.IRO, name="Ivo Second")
    WorkerFactory(council=people.elsewhere, role=Role.IRO, name="Ezra Elsewhere")
    client.force_login(people.social_worker.user)
    url = reverse("review_new", args=[people.young_person.pk])
    response = client.get(url)
    assert response.context["form"]["iro"].value() == people.iro.pk
    html = response.content.decode()
    assert "Ivo Second" in html and "Ezra Elsewhere" not in html and "Sita Worker" not in html

    response = client.post(url, {**date_fields("scheduled_for", NEXT_REVIEW), "iro": second_iro.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("review_list", args=[people.young_person.pk])
    assert messages_of(response) == ["Review booked for 8 December 2026, chaired by Ivo Second."]
    assert list(Review.objects.values_list("young_person", "iro", "scheduled_for")) == [
        (people.young_person.pk, second_iro.pk, NEXT_REVIEW)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (date_fields("scheduled_for", None), "Enter the date of the review"),
        (date_fields("scheduled_for", date(2022, 5, 1)), "on or after the day they came into care (1 June 2022)"),
        ({"scheduled_for_0": "31", "scheduled_for_1": "2", "scheduled_for_2": "2027"}, "The date must be a real date"),
        # Once a crash: the ledger's deadlines for a review on the last day there is ran past it.
        (date_fields("scheduled_for", date(9999, 12, 31)), "The review date must be within a year from today"),
        # Once a crash: a year too long for the C library.
        ({"scheduled_for_0": "1", "scheduled_for_1": "1", "scheduled_for_2": "9" * 20}, "The date must be a real date"),
        ({**date_fields("scheduled_for", NEXT_REVIEW), "iro": ""}, "Choose an Independent Reviewing Officer"),
        ({**date_fields("scheduled_for", NEXT_REVIEW), "iro": "social_worker"},
         "Choose an Independent Reviewing Officer"),
    ],
)
def test_a_bad_booking_on_the_page_shows_the_error_and_saves_nothing(client, people, data, message):
    if data.get("iro") == "social_worker":
        data = {**data, "iro": people.social_worker.pk}
    client.force_login(people.iro.user)
    response = client.post(reverse("review_new", args=[people.young_person.pk]), {"iro": people.iro.pk, **data})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: Book a review" in html
    assert Review.objects.count() == 0


def test_the_iro_records_a_consultation_and_it_shows_on_the_list(client, people, booked):
    client.force_login(people.iro.user)
    response = client.post(reverse("consultation_new", args=[people.young_person.pk, booked.pk]), {
        **date_fields("consulted_on", TODAY), "method": "video", "views": "I want to stay at my school.",
    })
    assert response.status_code == 302
    assert messages_of(response) == ["Consultation before the review on 8 December 2026 saved."]
    html = client.get(reverse("review_list", args=[people.young_person.pk])).content.decode()
    assert "23 November 2026, video call" in html
    assert "I want to stay at my school." in html


def test_a_consultation_recorded_by_a_manager_is_the_chairing_iros(client, people, booked):
    client.force_login(people.manager.user)
    client.post(reverse("consultation_new", args=[people.young_person.pk, booked.pk]), {
        **date_fields("consulted_on", TODAY), "method": "letter", "declined": "on",
    })
    assert list(Consultation.objects.values_list("iro", "declined", "views")) == [(people.iro.pk, True, "")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**date_fields("consulted_on", TODAY), "views": "Hi"}, "Select how you heard from them"),
        ({"method": "phone", "views": "Hi", **date_fields("consulted_on", None)}, "Enter the date you heard from them"),
        ({**date_fields("consulted_on", TODAY), "method": "phone"}, "Enter their views in their own words"),
        ({**date_fields("consulted_on", date(2026, 12, 9)), "method": "phone", "views": "Hi"},
         "The date they were consulted must be today or in the past"),
    ],
)
def test_a_bad_consultation_on_the_page_shows_the_error_and_saves_nothing(client, people, booked, data, message):
    client.force_login(people.iro.user)
    response = client.post(reverse("consultation_new", args=[people.young_person.pk, booked.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert Consultation.objects.count() == 0


def test_the_iro_records_the_review_held_with_its_participation_code(client, people):
    review = ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=date(2026, 11, 20))
    client.force_login(people.iro.user)
    url = reverse("review_held", args=[people.young_person.pk, review.pk])
    html = client.get(url).content.decode()
    for code in ParticipationCode:
        assert code.label in html
    response = client.post(url, {**date_fields("held_on", date(2026, 11, 20)), "attendees": "Rob, carer",
                                 "participation": "PN5", "took_part_how": "Advocate read his letter",
                                 "decisions": "Contact with brother monthly"})
    assert response.status_code == 302
    assert messages_of(response) == ["Review held on 20 November 2026 saved. Now book the next review."]  # no measure here
    html = client.get(reverse("review_list", args=[people.young_person.pk])).content.decode()
    assert "PN5: did not attend, briefed an advocate to speak for them" in html
    assert "Contact with brother monthly" in html
    # Held now: the page to record it again sends the IRO back to the list.
    response = client.get(url)
    assert response.status_code == 302
    assert messages_of(response) == ["This review was already recorded as held on 20 November 2026."]


def test_a_review_held_in_the_future_shows_the_error_on_the_page(client, people, booked):
    client.force_login(people.iro.user)
    response = client.post(reverse("review_held", args=[people.young_person.pk, booked.pk]), {
        **date_fields("held_on", NEXT_REVIEW), "participation": "PN1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The date the review was held must be today or in the past" in html
    booked.refresh_from_db()
    assert booked.held_on is None


def test_changing_iro_on_the_page_moves_the_allocation(client, people, booked):
    new_iro = WorkerFactory(council=people.council, role=Role.IRO, name="Nia Newiro")
    client.force_login(people.manager.user)
    response = client.post(reverse("iro_change", args=[people.young_person.pk]), {
        "new_iro": new_iro.pk, **date_fields("changed_on", TODAY), "reason": "Ines has retired",
        "met_before_next_review": "not_yet",
    })
    assert response.status_code == 302
    assert messages_of(response) == ["Nia Newiro is now Robin Ash’s IRO."]
    assert list(IroChange.objects.values_list("previous_iro", "new_iro", "met_before_next_review")) == [
        (people.iro.pk, new_iro.pk, None)]
    assert list(Allocation.objects.filter(young_person=people.young_person, role=Role.IRO, ended_on=None)
                .values_list("worker", flat=True)) == [new_iro.pk]
    html = client.get(reverse("review_list", args=[people.young_person.pk])).content.decode()
    assert "Ines has retired" in html and "Not yet" in html


def test_the_change_iro_page_offers_only_the_councils_other_iros(client, people):
    second_iro = WorkerFactory(council=people.council, role=Role.IRO, name="Ivo Second")
    WorkerFactory(council=people.elsewhere, role=Role.IRO, name="Ezra Elsewhere")
    client.force_login(people.manager.user)
    url = reverse("iro_change", args=[people.young_person.pk])
    assert list(client.get(url).context["form"].fields["new_iro"].queryset) == [second_iro]
    response = client.post(url, {"new_iro": people.iro.pk, **date_fields("changed_on", TODAY), "reason": "Mistake",
                                 "met_before_next_review": "yes"})
    assert response.status_code == 200
    assert "Choose an Independent Reviewing Officer" in response.content.decode()
    assert (IroChange.objects.count(), people.young_person.allocations.get(role=Role.IRO, ended_on=None).worker) == (
        0, people.iro)


# --- the young person's views -----------------------------------------------------------------------------


def test_a_young_persons_views_reach_the_review_and_show_on_the_iros_list(client, people, booked):
    client.force_login(people.young_person.user)
    html = client.get(reverse("views_new")).content.decode()
    assert "Tell your IRO what you think before your review" in html
    assert "Tuesday 8 December 2026" in html and "Ines Reviewer" in html

    response = client.post(reverse("views_new"), {"text": "I would like to see my nan more often."})
    assert response.status_code == 302 and response["Location"] == reverse("my_pledge")
    assert messages_of(response) == ["Your IRO Ines Reviewer will read this before your review on 8 December 2026."]
    assert list(booked.views_submissions.values_list("young_person", "text")) == [
        (people.young_person.pk, "I would like to see my nan more often.")]

    client.force_login(people.iro.user)
    html = client.get(reverse("review_list", args=[people.young_person.pk])).content.decode()
    assert "I would like to see my nan more often." in html


def test_views_go_to_the_next_review_not_a_later_one(client, people, booked):
    ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=date(2027, 6, 1))
    ReviewFactory(young_person=people.young_person, iro=people.iro, scheduled_for=date(2026, 11, 1))  # not recorded
    client.force_login(people.young_person.user)
    client.post(reverse("views_new"), {"text": "Hello"})
    assert list(ViewsSubmission.objects.values_list("review", flat=True)) == [booked.pk]


def test_with_no_review_booked_the_young_person_is_told_who_to_ask(client, people):
    client.force_login(people.young_person.user)
    response = client.get(reverse("views_new"))
    html = response.content.decode()
    assert "No review is booked for you yet." in html
    assert "ask your IRO, Ines Reviewer." in html
    assert "<textarea" not in html
    assert client.post(reverse("views_new"), {"text": "Hello"}).status_code == 200
    assert ViewsSubmission.objects.count() == 0


def test_with_no_iro_the_young_person_is_told_to_ask_their_social_worker(client, people):
    client.force_login(people.other_young_person.user)
    html = client.get(reverse("views_new")).content.decode()
    assert "ask your social worker, Olu Otherworker." in html


def test_an_empty_message_to_the_iro_shows_the_error_and_saves_nothing(client, people, booked):
    client.force_login(people.young_person.user)
    response = client.post(reverse("views_new"), {"text": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Write what you would like your IRO to know" in html
    assert ViewsSubmission.objects.count() == 0


# --- the list's query count -------------------------------------------------------------------------------

# Session, user (with their worker and council), the request's savepoint, the young person (scoped), their
# current IRO, the reviews (with each IRO), their consultations (with each IRO), the young person's views,
# the IRO changes, the savepoint's release, the audit log's row, and the IRO's allocations (which actions they may
# take: casework.people.recording).
REVIEW_LIST_QUERIES = 13  # with the next review's due date from the ledger (reviews.next_due)


@pytest.mark.parametrize("size", [1, 6])
def test_the_review_list_takes_a_fixed_number_of_queries_whatever_the_history(
    client, people, django_assert_num_queries, size
):
    for n in range(size):
        iro = WorkerFactory(council=people.council, role=Role.IRO)
        review = ReviewFactory(young_person=people.young_person, iro=iro, scheduled_for=date(2025, 1 + n, 10),
                               held_on=date(2025, 1 + n, 10), participation=ParticipationCode.PN1)
        ConsultationFactory(review=review, consulted_on=date(2025, 1 + n, 1))
        ConsultationFactory(review=review, consulted_on=date(2025, 1 + n, 2), declined=True, views="")
        ViewsSubmission.objects.create(review=review, young_person=people.young_person, text=f"Views {n}",
                                       submitted_at=datetime(2025, 1 + n, 1, tzinfo=LONDON))
        IroChange.objects.create(young_person=people.young_person, previous_iro=people.iro, new_iro=iro,
                                 changed_on=date(2025, 1 + n, 1), reason=f"Reason {n}")
    client.force_login(people.iro.user)
    with django_assert_num_queries(REVIEW_LIST_QUERIES):
        response = client.get(reverse("review_list", args=[people.young_person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="govuk-summary-card"') == size
    assert f"Views {size - 1}" in html and f"Reason {size - 1}" in html


@pytest.mark.parametrize(("form_class", "field", "limit", "message"), [
    (ReviewHeldForm, "attendees", 2000, "The list of who came must be 2,000 characters or fewer"),
    (ReviewHeldForm, "took_part_how", 2000, "How they took part must be 2,000 characters or fewer"),
    (ReviewHeldForm, "decisions", 10000, "Decisions must be 10,000 characters or fewer"),
    (ConsultationForm, "views", 10000, "Their views must be 10,000 characters or fewer"),
])
def test_review_and_consultation_text_has_a_limit_with_a_gov_uk_message(form_class, field, limit, message):
    assert form_class({field: "x" * limit}).errors.get(field) is None
    assert form_class({field: "x" * (limit + 1)}).errors[field] == [message]
