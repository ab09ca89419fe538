"""A worker who leaves is deactivated by a manager and loses access at once: their login closed, their sessions
ended, their allocations kept as history while "My people" no longer names them as someone to contact."""
import html as html_text
import re
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.accounts.services import worker_deactivate
from casework.management.commands.load_demo_people import managers_group
from casework.models import Allocation, Role, User

from .conftest import PASSWORD
from .factories import WorkerFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    assert client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).status_code == 302
    return client


def deactivate_url(worker):
    return reverse("worker_deactivate", args=[worker.pk])


# The service ------------------------------------------------------------------------------------------------------

def test_deactivating_closes_the_login_ends_only_their_sessions_and_is_recorded(people):
    sita = people.social_worker
    phone, laptop, colleague = signed_in(sita.user), signed_in(sita.user), signed_in(people.other_worker.user)
    assert Session.objects.count() == 3
    ended = worker_deactivate(worker=sita, by=people.manager.user, now=timezone.now())
    sita.user.refresh_from_db()
    assert ended == 2 and sita.user.is_active is False
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(people.other_worker.user.pk)]
    assert colleague.get(reverse("caseload")).status_code == 200
    entry = LogEntry.objects.get(object_id=str(sita.pk))
    assert entry.user == people.manager.user
    assert "Deactivated Sita Worker's login" in entry.change_message
    assert "ended 2 signed-in sessions" in entry.change_message
    assert Allocation.objects.filter(worker=sita, ended_on__isnull=True).count() == 1  # history kept


def test_only_a_manager_of_their_council_or_a_superuser_may_deactivate_a_worker(people):
    sita = people.social_worker
    for by in (people.other_worker.user, people.iro.user, people.elsewhere_manager.user, people.young_person.user):
        with pytest.raises(PermissionDenied):
            worker_deactivate(worker=sita, by=by, now=timezone.now())
    with pytest.raises(PermissionDenied):  # a manager does not close their own account
        worker_deactivate(worker=people.manager, by=people.manager.user, now=timezone.now())
    sita.user.refresh_from_db()
    assert sita.user.is_active
    admin = User.objects.create_superuser(email="admin@example.test", password=None)
    assert worker_deactivate(worker=sita, by=admin, now=timezone.now()) == 0


def test_a_worker_with_no_login_or_already_deactivated_is_refused_plainly(people):
    teacher = WorkerFactory(council=people.council, role=Role.DESIGNATED_TEACHER, user=None, name="Tess Teacher")
    with pytest.raises(ValidationError, match="Tess Teacher has no login to deactivate."):
        worker_deactivate(worker=teacher, by=people.manager.user, now=timezone.now())
    worker_deactivate(worker=people.social_worker, by=people.manager.user, now=timezone.now())
    with pytest.raises(ValidationError, match="already deactivated"):
        worker_deactivate(worker=people.social_worker, by=people.manager.user, now=timezone.now())


# At once, and for good ------------------------------------------------------------------------------------------------

def test_a_deactivated_worker_is_sent_to_sign_in_on_their_next_request_and_cannot_sign_in_again(people):
    sita = people.social_worker
    sita_client = signed_in(sita.user)
    record = reverse("young_person_pledge", args=[people.young_person.pk])
    assert people.young_person.full_name in sita_client.get(record).content.decode()

    manager = signed_in(people.manager.user)
    page = manager.get(reverse("dashboard_worker", args=[sita.pk])).content.decode()
    assert deactivate_url(sita) in page
    assert "Deactivate Sita Worker's account?" in html_text.unescape(manager.get(deactivate_url(sita)).content.decode())
    done = html_text.unescape(manager.post(deactivate_url(sita), follow=True).content.decode())
    assert "Sita Worker's account is deactivated. They have been signed out and cannot sign in again." in done

    response = sita_client.get(record)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert people.young_person.full_name not in sita_client.get(record, follow=True).content.decode()

    again = Client().post(reverse("account_login"), {"login": sita.user.email, "password": PASSWORD}, follow=True)
    assert again.status_code == 200 and again.redirect_chain == []
    assert "The email address or password is not right" in again.content.decode()
    assert "_auth_user_id" not in again.wsgi_request.session
    assert "Deactivated</strong>" in manager.get(reverse("dashboard_worker", args=[sita.pk])).content.decode()


def test_the_deactivate_page_is_for_managers_of_the_workers_council(people):
    sita = people.social_worker
    for who, status in [(people.other_worker, 403), (people.iro, 403), (people.elsewhere_manager, 404),
                        (people.young_person, 404)]:
        client = Client()
        client.force_login(who.user)
        assert client.get(deactivate_url(sita)).status_code == status
        assert client.post(deactivate_url(sita)).status_code == status
    client = Client()
    client.force_login(people.manager.user)
    assert client.get(deactivate_url(people.manager)).status_code == 404  # not themselves
    sita.user.refresh_from_db()
    assert sita.user.is_active


def test_a_manager_deactivates_from_the_admin_and_only_in_their_council(people):
    manager = people.manager.user
    manager.is_staff = True
    manager.save()
    manager.groups.add(managers_group())
    client = Client()
    client.force_login(manager)
    changelist = reverse("admin:casework_worker_changelist")
    targets = [people.social_worker.pk, people.elsewhere_manager.pk]
    response = client.post(changelist, {"action": "deactivate", "_selected_action": targets}, follow=True)
    assert "Sita Worker is deactivated and was signed out of 0 sessions." in response.content.decode()
    assert User.objects.get(pk=people.social_worker.user_id).is_active is False
    assert User.objects.get(pk=people.elsewhere_manager.user_id).is_active is True  # not in her admin at all


# What young people see ----------------------------------------------------------------------------------------------

def test_my_people_does_not_offer_a_deactivated_worker_and_says_who_to_ask(people):
    robin = Client()
    robin.force_login(people.young_person.user)
    assert "Sita Worker" in robin.get(reverse("my_people")).content.decode()
    worker_deactivate(worker=people.social_worker, by=people.manager.user, now=timezone.now())
    html = robin.get(reverse("my_people")).content.decode()
    assert "Sita Worker" not in html and "01632 960301" not in html
    assert ("Your social worker has changed and your new one has not been named here yet. To find out who is "
            "helping you, call the Children in Care Team on 01632 960200.") in html.replace("\n", " ")
    assert "Ines Reviewer" in html  # the IRO is still there


def test_once_someone_new_is_allocated_my_people_names_them(people):
    worker_deactivate(worker=people.social_worker, by=people.manager.user, now=timezone.now())
    people.young_person.allocations.filter(worker=people.social_worker).update(ended_on=date(2026, 1, 5))
    Allocation.objects.create(young_person=people.young_person, worker=people.other_worker,
                              role=Role.SOCIAL_WORKER, started_on=date(2026, 1, 5))
    robin = Client()
    robin.force_login(people.young_person.user)
    html = robin.get(reverse("my_people")).content.decode()
    assert "Olu Otherworker" in html and "has changed" not in html


def test_a_closed_accounts_right_password_gets_the_same_answer_as_a_wrong_one_and_counts_towards_the_lockout(people):
    """Otherwise the answer tells whoever holds a leaver's password that it is right."""
    sita = people.social_worker
    worker_deactivate(worker=sita, by=people.manager.user, now=timezone.now())

    def answer(password):
        response = Client().post(reverse("account_login"), {"login": sita.user.email, "password": password})
        html = response.content.decode()
        return response.status_code, re.sub(r'value="[^"]*"', "", html[html.index("<main"):html.index("</main>")])

    right, wrong = answer(PASSWORD), answer("not-the-password")
    assert right == wrong
    assert right[0] == 200 and "The email address or password is not right" in right[1]
    for _ in range(3):  # with the two above, five failures: the account is locked
        answer(PASSWORD)
    assert "There have been too many attempts to sign in to this account" in answer(PASSWORD)[1]
