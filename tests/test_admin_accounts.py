"""Issue 12, finding 3: a manager's admin cannot hand a young person's record to someone else's account (another
council's adviser would then sign in as the child), a user is at most one of worker and young person whichever form
or service saves them, and every admin change about a young person is in their audit log."""
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.models import Allocation, Role, User

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def offered_accounts(html: str) -> set[str]:
    select = re.search(r'<select name="user".*?</select>', html, re.S).group(0)
    return set(re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select))


def change_url(young_person):
    return reverse("admin:casework_youngperson_change", args=[young_person.pk])


def young_person_form(young_person, **changes):
    """The admin's change form for a young person as a browser sends it (no allocation rows changed)."""
    data = {"council": young_person.council_id, "user": young_person.user_id or "",
            "first_name": young_person.first_name, "last_name": young_person.last_name,
            "preferred_name": young_person.preferred_name, "date_of_birth": young_person.date_of_birth.isoformat(),
            "legal_status": young_person.legal_status,
            "became_looked_after_on": young_person.became_looked_after_on.isoformat(),
            "allocations-TOTAL_FORMS": "0", "allocations-INITIAL_FORMS": "0"}
    return {**data, **changes}


def test_a_young_persons_admin_page_offers_only_their_own_account_and_accounts_that_are_nobodys(manager_client,
                                                                                               people):
    free = UserFactory(email="new.account@example.test")
    UserFactory(email="a.colleague@example.test", is_staff=True)  # nobody's record, but staff: not offered
    html = manager_client.get(change_url(people.young_person)).content.decode()
    assert offered_accounts(html) == {people.young_person.user.email, free.email}


def test_linking_another_councils_adviser_to_a_young_person_in_the_admin_is_refused(manager_client, people):
    adviser = people.elsewhere_manager  # any worker of another council: the manager here has an account
    response = manager_client.post(change_url(people.young_person),
                                   young_person_form(people.young_person, user=adviser.user_id))
    assert response.status_code == 200  # the form again, with its error
    people.young_person.refresh_from_db()
    assert people.young_person.user_id != adviser.user_id


def test_a_user_is_never_both_a_worker_and_a_young_person_whatever_saves_them(people):
    young_person, worker = people.young_person, people.social_worker
    young_person.user = worker.user
    with pytest.raises(ValidationError) as error:
        young_person.full_clean()
    assert error.value.message_dict["user"] == [
        "This account belongs to a member of staff. Choose an account of the young person's own, or invite them "
        "from their pledge page."]
    worker.user = people.other_young_person.user
    with pytest.raises(ValidationError) as error:
        worker.full_clean()
    assert error.value.message_dict["user"] == [
        "This account belongs to a young person. Choose an account of the worker's own."]


def test_a_young_persons_account_is_never_a_staff_account(people):
    people.young_person.user = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as error:
        people.young_person.full_clean()
    assert "user" in error.value.message_dict


def events(young_person):
    return list(AuditEvent.objects.filter(young_person=young_person).order_by("pk")
                .values_list("worker__name", "action", "method", "url_name"))


def test_every_admin_change_about_a_young_person_is_in_their_audit_log(manager_client, people):
    young_person, name = people.young_person, people.manager.name
    assert manager_client.post(change_url(young_person),
                               young_person_form(young_person, preferred_name="Robbie")).status_code == 302
    add = manager_client.post(reverse("admin:casework_allocation_add"), {
        "young_person": young_person.pk, "role": Role.SOCIAL_WORKER, "worker": people.other_worker.pk,
        "started_on": "2026-01-05", "ended_on": "2026-02-01"})
    assert add.status_code == 302
    allocation = Allocation.objects.get(worker=people.other_worker, young_person=young_person)
    delete = reverse("admin:casework_allocation_delete", args=[allocation.pk])
    assert manager_client.post(delete, {"post": "yes"}).status_code == 302
    assert manager_client.get(reverse("admin:casework_youngperson_history", args=[young_person.pk])).status_code == 200
    assert events(young_person) == [
        (name, "change", "POST", "casework_youngperson_change"),
        (name, "change", "POST", "casework_allocation_add"),
        (name, "change", "POST", "casework_allocation_delete"),
        (name, "view", "GET", "casework_youngperson_history"),
    ]
    # Sky was only offered in the allocation form's drop-down, and the saved form was never shown again.
    assert events(people.other_young_person) == []


def test_a_staff_member_changing_a_young_persons_sign_in_email_in_the_admin_is_in_their_audit_log(manager_client,
                                                                                                   people):
    people.manager.user.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
    account = people.young_person.user
    url = reverse("admin:casework_user_change", args=[account.pk])
    html = manager_client.get(url).content.decode()
    assert 'name="is_superuser"' not in html and 'name="is_staff"' not in html  # no rights to hand out
    response = manager_client.post(url, {"email": "robin.new@example.test", "first_name": "", "last_name": "",
                                         "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "10:00"})
    assert response.status_code == 302
    assert User.objects.get(pk=account.pk).email == "robin.new@example.test"
    assert [row[1:] for row in events(people.young_person)] == [
        ("view", "GET", "casework_user_change"), ("change", "POST", "casework_user_change")]


def test_a_manager_cannot_delete_a_young_person_in_the_admin(manager_client, people):
    """Their record is anonymised when its time is up (casework.audit.retention), never deleted with its log."""
    response = manager_client.post(reverse("admin:casework_youngperson_delete", args=[people.other_young_person.pk]),
                                   {"post": "yes"})
    assert response.status_code == 403


def test_a_manager_cannot_set_a_young_persons_password_in_the_admin(manager_client, people):
    """Setting it would let them sign in as the child."""
    people.manager.user.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
    url = reverse("admin:auth_user_password_change", args=[people.young_person.user_id])
    response = manager_client.post(url, {"password1": "a-new-password-2026", "password2": "a-new-password-2026"})
    assert response.status_code == 403
    assert User.objects.get(pk=people.young_person.user_id).check_password("correct-horse-battery")


def test_a_manager_cannot_change_a_colleagues_sign_in_email_in_the_admin(manager_client, people):
    """Changing it, then asking for a password reset to the new address, would sign them in as that colleague:
    a member of staff's address is a superuser's to change."""
    people.manager.user.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
    colleague = people.social_worker.user
    url = reverse("admin:casework_user_change", args=[colleague.pk])
    assert 'name="email"' not in manager_client.get(url).content.decode()
    manager_client.post(url, {"email": "taken.over@example.test", "first_name": "", "last_name": "",
                              "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "10:00"})
    assert User.objects.get(pk=colleague.pk).email == colleague.email
