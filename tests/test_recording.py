"""Who may record what (casework.people.recording; issue 12, finding 9). The walk over every form and every person of
the demo cast is tests/test_write_matrix.py; here, each behaviour the finding named, on the pages and in the
services."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from casework.models import (
    Allocation,
    CallbackAttempt,
    CallbackRequest,
    CarePlanVersion,
    Contact,
    Placement,
    PlacementKind,
    Role,
)
from casework.people.recording import RULES, Record, may_record
from casework.contacts.services import callback_attempt_record, callback_request_create, contact_log
from casework.plans.services import care_plan_version_create, placement_start
from reviews.models import Consultation, IroChange, Review
from reviews.services import consultation_record, iro_change, review_record_held

from .factories import WorkerFactory
from .record_writes import IRO, OWN_WORKER, RECORD_WRITES, WRITERS

pytestmark = pytest.mark.django_db

IRO_REFUSAL = "Only the young person&#x27;s IRO or a manager can record this."
CASEWORK_REFUSAL = "Only the young person&#x27;s social worker or personal adviser, or a manager, can record this."
PLAN_WORDS = {"needs": "n", "actions": "a", "responsibilities": "r", "age_note": "x", "gender_identity_note": "x",
              "sexual_orientation_note": "x", "disability_note": "x", "religion_note": "x", "ethnicity_note": "x",
              "culture_note": "x"}


def day(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


@pytest.fixture
def booked(people):
    return Review.objects.create(young_person=people.young_person, iro=people.iro,
                                 scheduled_for=timezone.localdate() - timedelta(days=1))


def rows():
    return (Review.objects.filter(held_on__isnull=False).count(), Consultation.objects.count(),
            IroChange.objects.count(), Allocation.objects.count(), CarePlanVersion.objects.count(),
            Placement.objects.count(), Contact.objects.count(), CallbackAttempt.objects.count())


def test_every_kind_of_record_names_who_may_write_it_and_has_a_page():
    assert set(RULES) == set(Record) == set(WRITERS)
    assert set(RECORD_WRITES.values()) == set(Record)


@pytest.mark.parametrize("kind", list(Record))
def test_the_rule_lets_exactly_the_declared_roles_and_a_manager_write_each_kind(people, kind):
    """`people`: Robin has a social worker (Sita) and an IRO (Ines); Olu holds another caseload; Mo manages the
    council; Eve manages another."""
    allowed = {"manager"} | ({"social_worker"} if OWN_WORKER in WRITERS[kind] else set()) | (
        {"iro"} if IRO in WRITERS[kind] else set())
    for who in ("social_worker", "iro", "manager", "other_worker", "elsewhere_manager"):
        assert may_record(getattr(people, who), people.young_person, kind) == (who in allowed), who


def test_a_social_worker_cannot_record_the_iros_consultation_mark_a_review_held_or_change_the_iro(
    client, people, booked
):
    second_iro = WorkerFactory(council=people.council, role=Role.IRO)
    client.force_login(people.social_worker.user)
    before = rows()
    forms = {
        reverse("consultation_new", args=[people.young_person.pk, booked.pk]):
            {**day("consulted_on", timezone.localdate()), "method": "phone", "views": "Fine"},
        reverse("review_held", args=[people.young_person.pk, booked.pk]):
            {**day("held_on", timezone.localdate()), "attendees": "Rob", "participation": "PN1"},
        reverse("iro_change", args=[people.young_person.pk]):
            {"new_iro": second_iro.pk, **day("changed_on", timezone.localdate()), "reason": "Moved",
             "met_before_next_review": "yes"},
    }
    for url, data in forms.items():
        get, post = client.get(url), client.post(url, data)
        assert (get.status_code, post.status_code) == (403, 403), url
    assert IRO_REFUSAL in post.content.decode() or "Only a manager" in post.content.decode()
    assert IRO_REFUSAL in client.get(next(iter(forms))).content.decode()
    assert rows() == before
    # ...nor through the services, called from anywhere else
    with pytest.raises(PermissionDenied):
        consultation_record(review=booked, by=people.social_worker, iro=people.iro, consulted_on=timezone.localdate(),
                            method="phone", views="Fine", declined=False)
    with pytest.raises(PermissionDenied):
        review_record_held(review=booked, by=people.social_worker, held_on=timezone.localdate(), attendees="",
                           participation="PN1", took_part_how="", decisions="")
    with pytest.raises(PermissionDenied):
        iro_change(young_person=people.young_person, by=people.social_worker, new_iro=second_iro,
                   changed_on=timezone.localdate(), reason="Moved", met_before_next_review=None)
    assert rows() == before


def test_an_iro_cannot_write_a_care_plan_record_a_move_or_log_a_visit(client, people):
    client.force_login(people.iro.user)
    before = rows()
    forms = {
        reverse("care_plan_new", args=[people.young_person.pk]): {**day("agreed_on", date(2025, 3, 1)), **PLAN_WORDS},
        reverse("placement_new", args=[people.young_person.pk]):
            {"kind": "foster", "carer_or_home": "Pat", **day("started_on", date(2025, 3, 1))},
        reverse("contact_new", args=[people.young_person.pk]):
            {**day("happened_on", date(2025, 3, 1)), "kind": "visit_home", "seen_alone": "yes", "note": "Hi"},
    }
    for url, data in forms.items():
        assert client.get(url).status_code == 403, url
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert CASEWORK_REFUSAL in response.content.decode()
    assert rows() == before
    with pytest.raises(PermissionDenied):
        care_plan_version_create(young_person=people.young_person, written_by=people.iro, agreed_on=date(2025, 3, 1),
                                 **PLAN_WORDS)
    with pytest.raises(PermissionDenied):
        placement_start(young_person=people.young_person, recorded_by=people.iro, kind=PlacementKind.FOSTER,
                        carer_or_home="Pat", started_on=date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        contact_log(young_person=people.young_person, worker=people.iro, happened_on=date(2025, 3, 1),
                    kind="visit_home", seen_alone=True, note="")
    assert rows() == before


def test_the_iro_and_a_manager_record_the_review_and_the_social_worker_writes_the_plan(client, people, booked):
    client.force_login(people.iro.user)
    response = client.post(reverse("review_held", args=[people.young_person.pk, booked.pk]), {
        **day("held_on", timezone.localdate()), "attendees": "Rob", "participation": "PN1", "decisions": "Stay"})
    assert response.status_code == 302
    client.force_login(people.social_worker.user)
    response = client.post(reverse("care_plan_new", args=[people.young_person.pk]),
                           {**day("agreed_on", date(2025, 3, 1)), **PLAN_WORDS})
    assert response.status_code == 302
    assert (Review.objects.filter(held_on__isnull=False).count(), CarePlanVersion.objects.count()) == (1, 1)


def test_the_duty_worker_covering_an_open_call_back_may_record_the_attempt_but_not_a_visit(client, people):
    duty = WorkerFactory(council=people.council, team=people.team, role=Role.SOCIAL_WORKER, name="Dee Duty")
    people.team.duty_worker = duty
    people.team.save()
    people.social_worker.away_until = timezone.localdate() + timedelta(days=3)
    people.social_worker.save()
    request = callback_request_create(young_person=people.young_person, message="Call me", best_time="",
                                      now=timezone.now())
    client.force_login(duty.user)
    assert client.get(reverse("contact_new", args=[people.young_person.pk])).status_code == 403
    response = client.post(reverse("callback_attempt_new", args=[people.young_person.pk]),
                           {"outcome": "reached", "note": "Talked"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CallbackRequest.Status.CALLED_BACK
    # The IRO sees Robin but is not who calls back.
    again = callback_request_create(young_person=people.young_person, message="Again", best_time="", now=timezone.now())
    with pytest.raises(PermissionDenied):
        callback_attempt_record(request=again, worker=people.iro, outcome="reached", note="", now=timezone.now())


def test_the_social_workers_review_page_offers_no_iro_actions_and_the_iros_no_change_of_iro(client, people, booked):
    url = reverse("review_list", args=[people.young_person.pk])
    client.force_login(people.social_worker.user)
    html = client.get(url).content.decode()
    assert "Book a review" in html
    assert "Record as held" not in html and "Record a consultation" not in html and "Change<span" not in html
    client.force_login(people.iro.user)
    html = client.get(url).content.decode()
    assert "Record as held" in html and "Record a consultation" in html and "Change<span" not in html
    client.force_login(people.manager.user)
    html = client.get(url).content.decode()
    assert "Record as held" in html and "Change<span" in html
