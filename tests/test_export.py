"""A subject access request: a manager downloads every record about one young person, as JSON or a page to print;
the download is logged; nothing about anyone else is in it; no kind of record is left out."""
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.audit.export import exported_models
from casework.models import Concern, ConcernResponse, HealthCheck, YoungPerson

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Europe/London"))


def export_url(young_person, html=False):
    return reverse("young_person_export", args=[young_person.pk]) + ("?format=html" if html else "")


def records(people, young_person, text):
    concern = Concern.objects.create(young_person=young_person, kind="worry", audience="worker", text=text,
                                     raised_at=NOW)
    ConcernResponse.objects.create(concern=concern, worker=people.social_worker, text=f"Reply to {text}",
                                   written_at=NOW)
    HealthCheck.objects.create(young_person=young_person, recorded_by=people.social_worker, kind="dental",
                               checked_on=date(2026, 1, 5), note=f"Note for {text}")


def test_a_manager_downloads_every_record_of_a_young_person_as_json_and_it_is_logged(client, people):
    records(people, people.young_person, "Robin's worry")
    records(people, people.other_young_person, "Sky's worry")
    client.force_login(people.manager.user)
    response = client.get(export_url(people.young_person))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    export = json.loads(response.content)
    assert export["young_person"]["first_name"] == "Robin"
    assert [row["text"] for row in export["records"]["casework.Concern"]["rows"]] == ["Robin's worry"]
    assert [row["text"] for row in export["records"]["casework.ConcernResponse"]["rows"]] == ["Reply to Robin's worry"]
    assert export["records"]["casework.HealthCheck"]["rows"][0]["recorded_by"] == "Sita Worker"
    assert "Sky" not in response.content.decode()
    event = AuditEvent.objects.get()
    assert (event.action, event.worker, event.young_person) == ("export", people.manager, people.young_person)


def test_the_printable_page_shows_the_same_records(client, people):
    records(people, people.young_person, "Robin's worry")
    client.force_login(people.manager.user)
    html = client.get(export_url(people.young_person, html=True)).content.decode()
    assert "Robin&#x27;s worry" in html and "Note for Robin&#x27;s worry" in html and "Health checks (1)" in html
    assert AuditEvent.objects.get().action == "export"


@pytest.mark.parametrize(("who", "status"), [("social_worker", 403), ("young_person", 404),
                                             ("elsewhere_manager", 404)])
def test_only_a_manager_of_the_young_persons_council_can_export(client, people, who, status):
    records(people, people.young_person, "Robin's worry")
    client.force_login(getattr(people, who).user)
    response = client.get(export_url(people.young_person))
    assert response.status_code == status
    assert "Robin" not in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_every_model_with_a_foreign_key_to_a_young_person_is_in_the_export():
    pointing = {
        model for model in apps.get_models() for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is YoungPerson
    }
    assert pointing  # the registry was read
    assert pointing - set(exported_models()) == set()


@pytest.mark.parametrize("count", [1, 10])
def test_the_export_takes_a_fixed_number_of_queries(client, people, django_assert_num_queries, count):
    for n in range(count):
        records(people, people.young_person, f"Worry {n}")
    client.force_login(people.manager.user)
    # Session, user, SAVEPOINT, the young person (scoping), their login, one query per kind of record, RELEASE,
    # the audit row.
    with django_assert_num_queries(6 + len(exported_models()) + 1):
        assert client.get(export_url(people.young_person)).status_code == 200
