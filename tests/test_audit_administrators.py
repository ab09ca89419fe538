"""A Pledge Portal administrator (a login trusted with the admin, like the superuser, with no Worker record) sees
every council's young people in the admin: each look is in the young person's audit log like a worker's, and the
young person reads who it was in plain words."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.export import young_person_export
from casework.models import User

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Europe/London"))
ADMIN_EMAIL = "admin@testshire.example"


@pytest.fixture
def administrator(db):
    return User.objects.create_superuser(email=ADMIN_EMAIL, password=None)


def admin_look(user, young_person):
    """The administrator opens the young person's page in the admin."""
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:casework_youngperson_change", args=[young_person.pk]))
    assert response.status_code == 200 and young_person.full_name in response.content.decode()


def read_my_audit(young_person) -> str:
    client = Client()
    client.force_login(young_person.user)
    return client.get(reverse("my_audit")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_administrator_looking_at_a_child_in_the_admin_is_in_their_audit_log(people, administrator):
    admin_look(administrator, people.young_person)
    event = AuditEvent.objects.get()
    assert (event.user, event.worker, event.role, event.young_person, event.action, event.at) == (
        administrator, None, "administrator", people.young_person, "view", NOW)
    assert event.url_name == "casework_youngperson_change"
    html = read_my_audit(people.young_person)
    assert f"<strong>A Pledge Portal administrator</strong> ({ADMIN_EMAIL}) looked at your record." in html


def test_an_administrator_with_a_name_is_named_and_their_login_given_too(people, administrator):
    """Their name is a free field of their own login, so the unique email that is the login comes with it."""
    administrator.first_name, administrator.last_name = "Sam", "Jones"
    administrator.save()
    admin_look(administrator, people.young_person)
    html = read_my_audit(people.young_person)
    assert f"<strong>Sam Jones</strong> (Pledge Portal administrator, {ADMIN_EMAIL}) looked at your record." in html


def test_a_young_persons_page_groups_an_administrators_looks_apart_from_their_workers(client, people, administrator):
    admin_look(administrator, people.young_person)
    admin_look(administrator, people.young_person)
    worker_client = Client()
    worker_client.force_login(people.social_worker.user)
    worker_client.get(reverse("health_checks", args=[people.young_person.pk]))
    html = read_my_audit(people.young_person)
    assert html.count('class="govuk-summary-card__title"') == 2
    assert "(2 times that day" in html and "<strong>Sita Worker</strong> (Social worker)" in html


def test_the_manager_reads_an_administrators_looks_on_the_young_persons_log(client, people, administrator):
    admin_look(administrator, people.young_person)
    client.force_login(people.manager.user)
    html = client.get(reverse("young_person_audit", args=[people.young_person.pk])).content.decode()
    assert "A Pledge Portal administrator<br>" in html and ADMIN_EMAIL in html
    assert "Looked at their record" in html


def test_an_administrators_look_costs_one_insert(people, administrator):
    client = Client()
    client.force_login(administrator)
    url = reverse("admin:casework_youngperson_change", args=[people.young_person.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:  # whatever the admin's page costs, the log adds one INSERT
        client.get(url)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "casework_auditevent" in inserts[0]


def test_the_audit_log_in_the_admin_and_the_export_show_an_administrators_look(people, administrator):
    admin_look(administrator, people.young_person)
    rows = young_person_export(young_person=people.young_person)["records"]["casework.AuditEvent"]["rows"]
    assert [(row["worker"], row["role"], row["user"]) for row in rows] == [(None, "administrator", administrator.pk)]
    event = AuditEvent.objects.get()
    client = Client()
    client.force_login(administrator)
    changelist = client.get(reverse("admin:casework_auditevent_changelist")).content.decode()
    assert ADMIN_EMAIL in changelist and "administrator" in changelist
    assert client.get(reverse("admin:casework_auditevent_change", args=[event.pk])).status_code == 200
    # Reading the log in the admin shows the young person too: logged like any other admin page.
    assert AuditEvent.objects.filter(user=administrator, url_name__startswith="casework_auditevent").count() == 2


@pytest.mark.parametrize(("who", "audited"), [
    ("worker", True), ("superuser", True), ("staff", True), ("young_person", False), ("no_one", False),
    ("signed_out", False),
])
def test_every_member_of_staff_is_audited_and_never_a_young_person(people, who, audited):
    from casework.audit.middleware import is_audited

    users = {
        "worker": lambda: people.social_worker.user,
        "superuser": lambda: User.objects.create_superuser(email="super@testshire.example", password=None),
        "staff": lambda: User.objects.create_user(email="staff@testshire.example", password=None, is_staff=True),
        "young_person": lambda: people.young_person.user,
        "no_one": lambda: User.objects.create_user(email="nobody@testshire.example", password=None),
        "signed_out": AnonymousUser,
    }
    assert is_audited(users[who]()) is audited


def test_a_delete_page_naming_records_about_young_people_it_would_take_or_is_protected_by_logs_them(
        people, administrator):
    """Deleting a worker is refused while they hold allocations, and the page lists them: "Allocation: Robin Ash..."."""
    client = Client()
    client.force_login(administrator)
    html = client.get(reverse("admin:casework_worker_delete", args=[people.social_worker.pk])).content.decode()
    assert people.young_person.full_name in html
    assert list(AuditEvent.objects.values_list("young_person", flat=True)) == [people.young_person.pk]
