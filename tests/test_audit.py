"""The audit log: every look at and change to a young person's record by staff is recorded, and nobody can
change or delete the record of it."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from casework.audit.models import AppendOnlyError, AuditEvent
from casework.models import Concern, HealthCheck

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def health_url(young_person):
    return reverse("health_checks", args=[young_person.pk])


@time_machine.travel(NOW, tick=False)
def test_a_social_worker_looking_at_a_young_persons_page_is_recorded_with_who_when_what_and_where(client, people):
    client.force_login(people.social_worker.user)
    assert client.get(health_url(people.young_person), REMOTE_ADDR="203.0.113.7").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.user, event.worker, event.role, event.young_person) == (
        people.social_worker.user, people.social_worker, "social_worker", people.young_person)
    assert (event.at, event.action, event.method, event.url_name, event.path, event.ip_address) == (
        NOW, "view", "GET", "health_checks", health_url(people.young_person), "203.0.113.7")


def test_a_saved_change_is_recorded_as_a_change_and_a_form_sent_back_with_errors_as_a_look(client, people):
    client.force_login(people.social_worker.user)
    url = reverse("health_check_new", args=[people.young_person.pk])
    assert client.post(url, {}).status_code == 200
    form = {"kind": "dental", "checked_on_0": "2", "checked_on_1": "11", "checked_on_2": "2025", "sdq_score": "",
            "note": ""}
    assert client.post(url, form).status_code == 302
    assert HealthCheck.objects.count() == 1
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "method")) == [
        ("view", "POST"), ("change", "POST")]


@pytest.mark.parametrize("who", ["young_person", "other_worker", "elsewhere_manager"])
def test_nothing_is_recorded_for_a_young_persons_own_pages_or_a_page_that_was_not_found(client, people, who):
    client.force_login(getattr(people, who).user)
    client.get(reverse("young_person_pledge", args=[people.young_person.pk]))
    client.get(reverse("my_pledge"))
    assert not AuditEvent.objects.exists()


def test_a_list_of_young_people_is_recorded_against_each_of_them_in_one_insert(client, people,
                                                                               django_assert_num_queries):
    client.force_login(people.manager.user)
    client.get(reverse("caseload"))  # warm the session
    before = AuditEvent.objects.count()
    with django_assert_num_queries(9) as queries:  # the worktray's 8 and one INSERT for every young person on it
        assert client.get(reverse("caseload")).status_code == 200
    assert sum(query["sql"].startswith("INSERT") for query in queries.captured_queries) == 1
    events = AuditEvent.objects.order_by("pk")[before:]
    assert {event.young_person for event in events} == {people.young_person, people.other_young_person}
    assert {(event.worker, event.action, event.url_name) for event in events} == {
        (people.manager, "view", "caseload")}


def test_a_worry_opened_by_its_address_is_recorded_against_the_young_person_who_raised_it(client, people):
    concern = Concern.objects.create(young_person=people.young_person, kind="worry", audience="worker", text="Help",
                                     raised_at=NOW)
    client.force_login(people.social_worker.user)
    assert client.get(reverse("concern_detail", args=[concern.pk])).status_code == 200
    assert AuditEvent.objects.get().young_person == people.young_person


@pytest.mark.parametrize(("trusted", "expected"), [(False, "10.0.0.5"), (True, "198.51.100.9")])
def test_x_forwarded_for_is_believed_only_behind_a_trusted_proxy(client, people, settings, trusted, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1 if trusted else 0  # what settings.BEHIND_TRUSTED_PROXY sets
    client.force_login(people.social_worker.user)
    client.get(health_url(people.young_person), REMOTE_ADDR="10.0.0.5",
               HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")  # the first is whatever the browser claimed
    assert AuditEvent.objects.get().ip_address == expected


@pytest.fixture
def event(people):
    worker_client = Client()
    worker_client.force_login(people.social_worker.user)
    worker_client.get(health_url(people.young_person))
    return AuditEvent.objects.get()


def test_an_audit_event_cannot_be_changed_or_deleted(event):
    event.url_name = "somewhere_else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(url_name="somewhere_else")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["url_name"])
    assert AuditEvent.objects.get().url_name == "health_checks"


def test_a_young_person_with_a_log_cannot_be_deleted_taking_their_log_with_them(event, people):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        people.young_person.delete()
    assert AuditEvent.objects.exists()


@pytest.fixture
def admin_client(client, people):
    user = people.manager.user
    user.is_staff = user.is_superuser = True  # even a superuser cannot change the log
    user.save()
    client.force_login(user)
    return client


def test_the_admin_shows_the_log_read_only_with_no_add_change_or_delete(admin_client, event):
    assert admin_client.get(reverse("admin:casework_auditevent_changelist")).status_code == 200
    change = admin_client.get(reverse("admin:casework_auditevent_change", args=[event.pk]))
    assert change.status_code == 200 and b'name="url_name"' not in change.content  # read only
    assert admin_client.get(reverse("admin:casework_auditevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:casework_auditevent_change", args=[event.pk]),
                             {"url_name": "x"}).status_code == 403
    assert admin_client.post(reverse("admin:casework_auditevent_delete", args=[event.pk]),
                             {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).url_name == "health_checks"


def test_a_social_worker_with_admin_access_does_not_see_the_log(client, people, event):
    user = people.social_worker.user
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="casework"))
    client.force_login(user)
    assert client.get(reverse("admin:casework_auditevent_changelist")).status_code == 403


def test_looking_costs_one_insert_and_no_other_query(client, people, django_assert_num_queries):
    client.force_login(people.social_worker.user)
    client.get(health_url(people.young_person))  # warm the session
    with django_assert_num_queries(8) as queries:  # the page's 7 (one: which actions they may take) and the audit row
        client.get(health_url(people.young_person))
    assert [q["sql"].split()[0] for q in queries.captured_queries].count("INSERT") == 1


def test_every_page_about_one_young_person_has_words_for_their_who_has_looked_page():
    from django.urls import get_resolver

    from casework.audit.models import PAGE_WORDS
    from casework.audit.middleware import YOUNG_PERSON_ROUTE

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    names = {name for route, name in routes(get_resolver().url_patterns) if route.startswith(YOUNG_PERSON_ROUTE)}
    assert "health_checks" in names
    assert names - set(PAGE_WORDS) == set()
