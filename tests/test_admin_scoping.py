"""The Django admin, used by managers until the worker pages exist, is scoped to their council."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_manager_sees_only_their_councils_young_people_in_the_admin(manager_client, people):
    html = manager_client.get(reverse("admin:casework_youngperson_changelist")).content.decode()
    assert people.young_person.last_name in html
    assert people.other_young_person.last_name in html
    assert people.elsewhere_young_person.last_name not in html


def test_another_councils_young_person_is_not_found_in_the_admin(manager_client, people):
    url = reverse("admin:casework_youngperson_change", args=[people.elsewhere_young_person.pk])
    response = manager_client.get(url)
    # The admin redirects to its index with a "doesn't exist" message rather than show the record.
    assert response.status_code == 302
    assert people.elsewhere_young_person.last_name not in manager_client.get(response["Location"]).content.decode()


def test_a_manager_can_only_allocate_their_own_councils_workers(manager_client, people):
    html = manager_client.get(reverse("admin:casework_allocation_add")).content.decode()
    assert people.social_worker.name in html
    assert people.elsewhere_manager.name not in html
