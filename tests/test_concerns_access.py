"""Worries, complaints and asking for an advocate: who sees which concern. The young person chooses who sees it; the
people they chose (and the council's managers) may open it. Anyone else gets a 404."""
import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Allocation, Concern, ConcernResponse, Role
from casework.worries.scoping import concerns_visible_to

from .factories import AllocationFactory, UserFactory, WorkerFactory
from .concern_helpers import ConcernFactory, acknowledge_url, detail_url, login
from .concern_helpers import concerns  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------------
# Who sees which concern
# ---------------------------------------------------------------------------------------------------------------


def visible(people, who, concerns) -> set[str]:
    shown = set(concerns_visible_to(getattr(people, who).user).values_list("pk", flat=True))
    return {name for name, concern in concerns.items() if concern.pk in shown}


@pytest.mark.parametrize("who, expected", [
    ("social_worker", {"worker"}),
    ("iro", {"iro"}),
    ("other_worker", {"sky"}),
    ("manager", {"worker", "iro", "complaints", "sky"}),
    ("elsewhere_manager", set()),
    ("young_person", set()),
    ("other_young_person", set()),
])
def test_concerns_visible_to_follows_who_the_young_person_chose(people, concerns, who, expected):
    assert visible(people, who, concerns) == expected


@pytest.mark.parametrize("who, expected", [
    ("social_worker", {"worker"}),
    ("iro", {"iro"}),
    ("other_worker", {"sky"}),
    ("manager", {"worker", "iro", "complaints", "sky"}),
])
def test_each_member_of_staff_can_open_exactly_the_concerns_they_may_see(client, people, concerns, who, expected):
    login(client, getattr(people, who).user)
    for name, concern in concerns.items():
        status = client.get(detail_url(concern)).status_code
        assert status == (200 if name in expected else 404), (who, name)
    listed = client.get(reverse("concern_list")).content.decode()
    for name, concern in concerns.items():
        assert (detail_url(concern) in listed) == (name in expected), (who, name)


def test_another_councils_manager_gets_404_and_an_empty_list(client, people, concerns):
    login(client, people.elsewhere_manager.user)
    for concern in concerns.values():
        assert client.get(detail_url(concern)).status_code == 404
        assert client.post(acknowledge_url(concern)).status_code == 404
        assert client.post(detail_url(concern), {"text": "Hello", "resolves": "on"}).status_code == 404
    page = client.get(reverse("concern_list")).content.decode()
    assert "Nothing is waiting for a reply." in page
    assert not Concern.objects.exclude(status=Concern.Status.OPEN).exists()
    assert ConcernResponse.objects.count() == 0


def test_a_worker_not_allocated_cannot_acknowledge_or_reply(client, people, concerns):
    login(client, people.other_worker.user)
    concern = concerns["worker"]
    assert client.post(acknowledge_url(concern)).status_code == 404
    assert client.post(detail_url(concern), {"text": "Hello", "resolves": "on"}).status_code == 404
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN
    assert ConcernResponse.objects.count() == 0


def test_a_worker_loses_sight_of_the_concern_when_their_allocation_ends(client, people, concerns):
    login(client, people.social_worker.user)
    assert client.get(detail_url(concerns["worker"])).status_code == 200
    Allocation.objects.filter(worker=people.social_worker).update(ended_on=timezone.localdate())
    assert client.get(detail_url(concerns["worker"])).status_code == 404


def test_a_personal_adviser_sees_their_care_leavers_concerns_for_the_worker(client, people):
    adviser = WorkerFactory(council=people.elsewhere, role=Role.PERSONAL_ADVISER, name="Pat Adviser")
    AllocationFactory(young_person=people.elsewhere_young_person, worker=adviser)
    concern = ConcernFactory(young_person=people.elsewhere_young_person, audience=Concern.Audience.WORKER)
    login(client, adviser.user)
    assert client.get(detail_url(concern)).status_code == 200
    login(client, people.elsewhere_manager.user)
    assert client.get(detail_url(concern)).status_code == 200
    login(client, people.manager.user)
    assert client.get(detail_url(concern)).status_code == 404


def test_a_young_person_gets_404_on_every_staff_concern_page(client, people, concerns):
    login(client, people.young_person.user)
    assert client.get(reverse("concern_list")).status_code == 404
    for concern in concerns.values():
        assert client.get(detail_url(concern)).status_code == 404
        assert client.post(acknowledge_url(concern)).status_code == 404
        assert client.post(detail_url(concern), {"text": "I answer myself", "resolves": "on"}).status_code == 404
    assert not Concern.objects.exclude(status=Concern.Status.OPEN).exists()


def test_a_staff_account_without_a_worker_record_sees_no_concerns(client, people, concerns):
    user = UserFactory(is_staff=True)
    assert not concerns_visible_to(user).exists()
    login(client, user)
    assert client.get(reverse("concern_list")).status_code == 404
    assert client.get(detail_url(concerns["complaints"])).status_code == 404


def test_a_young_person_cannot_open_another_young_persons_concern(client, people, concerns):
    login(client, people.young_person.user)
    assert client.get(reverse("my_concern", args=[concerns["worker"].pk])).status_code == 200
    assert client.get(reverse("my_concern", args=[concerns["sky"].pk])).status_code == 404
    mine = client.get(reverse("my_concerns")).content.decode()
    assert concerns["worker"].text in mine
    assert concerns["sky"].text not in mine


def test_staff_have_no_my_worries_pages(client, people, concerns):
    login(client, people.manager.user)
    assert client.get(reverse("my_concerns")).status_code == 404
    assert client.get(reverse("concern_new")).status_code == 404
    assert client.get(reverse("my_concern", args=[concerns["worker"].pk])).status_code == 404


def test_a_logged_out_visitor_is_sent_to_sign_in(client, people, concerns):
    for url in [reverse("my_concerns"), reverse("concern_new"), reverse("my_concern", args=[concerns["worker"].pk]),
                reverse("concern_list"), detail_url(concerns["worker"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
