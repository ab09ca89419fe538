"""Who may see which young person's pages. Another's id is a 404, never a 403."""
import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def pledge_url(young_person):
    return reverse("young_person_pledge", args=[young_person.pk])


def people_url(young_person):
    return reverse("young_person_people", args=[young_person.pk])


@pytest.mark.parametrize("page", [pledge_url, people_url])
def test_a_young_person_cannot_load_another_young_persons_pages(client, people, page):
    response = get(client, people.young_person.user, page(people.other_young_person))
    assert response.status_code == 404
    assert people.other_young_person.first_name not in response.content.decode()


@pytest.mark.parametrize("page", [pledge_url, people_url])
def test_a_young_person_cannot_load_another_councils_young_persons_pages(client, people, page):
    assert get(client, people.young_person.user, page(people.elsewhere_young_person)).status_code == 404


def young_person_id_pages():
    """Every page whose address is a young person's id and nothing else: /young-people/<pk>/..."""
    from tests.test_access_matrix import walk

    return sorted(name for route, name in walk(get_resolver().url_patterns)
                  if route.startswith("young-people/<int:pk>/") and route.count("<") == 1)


def test_a_young_person_gets_a_404_from_the_staff_view_of_their_own_record(client, people):
    """Staff pages are for staff, even about yourself: a young person reads their own record on their own pages
    (/my-...). Walked from the URL patterns, so a new staff page is covered."""
    client.force_login(people.young_person.user)
    answers = {name: client.get(reverse(name, args=[people.young_person.pk])).status_code
               for name in young_person_id_pages()}
    assert {"young_person_pledge", "young_person_people", "care_plan"} <= set(answers)
    assert answers == dict.fromkeys(answers, 404)


@pytest.mark.parametrize("page", [pledge_url, people_url])
def test_a_social_worker_sees_their_caseload_but_not_a_colleagues(client, people, page):
    assert get(client, people.social_worker.user, page(people.young_person)).status_code == 200
    assert client.get(page(people.other_young_person)).status_code == 404


@pytest.mark.parametrize("page", [pledge_url, people_url])
def test_an_iro_sees_the_young_people_they_review(client, people, page):
    assert get(client, people.iro.user, page(people.young_person)).status_code == 200
    assert client.get(page(people.other_young_person)).status_code == 404


def test_a_worker_loses_sight_of_a_young_person_when_their_allocation_ends(client, people):
    allocation = people.young_person.allocations.get(worker=people.social_worker)
    allocation.ended_on = allocation.started_on
    allocation.save()
    assert get(client, people.social_worker.user, pledge_url(people.young_person)).status_code == 404


@pytest.mark.parametrize("page", [pledge_url, people_url])
def test_a_manager_sees_their_whole_council_and_nothing_of_another(client, people, page):
    client.force_login(people.manager.user)
    assert client.get(page(people.young_person)).status_code == 200
    assert client.get(page(people.other_young_person)).status_code == 200
    assert client.get(page(people.elsewhere_young_person)).status_code == 404


def test_another_councils_manager_gets_404_for_this_councils_young_people(client, people):
    assert get(client, people.elsewhere_manager.user, pledge_url(people.young_person)).status_code == 404


def test_a_deactivated_worker_loses_access_at_once(client, people):
    client.force_login(people.social_worker.user)
    people.social_worker.user.is_active = False
    people.social_worker.user.save()
    response = client.get(pledge_url(people.young_person))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_logged_out_visitor_is_sent_to_login_from_every_page(client, people):
    for url in [reverse("home"), reverse("my_pledge"), reverse("my_people"), reverse("caseload"),
                pledge_url(people.young_person), people_url(people.young_person)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_the_caseload_lists_only_the_workers_own_young_people(client, people):
    response = get(client, people.social_worker.user, reverse("caseload"))
    html = response.content.decode()
    assert people.young_person.full_name in html
    assert people.other_young_person.full_name not in html


def test_a_young_person_has_no_caseload(client, people):
    assert get(client, people.young_person.user, reverse("caseload")).status_code == 404


def test_staff_have_no_my_pledge_page(client, people):
    assert get(client, people.social_worker.user, reverse("my_pledge")).status_code == 404


def test_home_sends_each_person_to_where_they_start(client, people):
    assert get(client, people.young_person.user, "/")["Location"] == reverse("my_pledge")
    assert get(client, people.social_worker.user, "/")["Location"] == reverse("caseload")


def test_a_non_numeric_id_is_a_404(client, people):
    assert get(client, people.manager.user, "/young-people/abc/pledge/").status_code == 404
