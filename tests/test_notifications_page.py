"""The worker's Notifications page: newest first with the unread ones tagged, marking all as read, who may open it,
and its query count."""
import pytest
import time_machine
from django.urls import reverse

from notifications.models import Notification

from .factories import YoungPersonFactory
from .notification_helpers import at

# Emails enqueued with deliver_email.delay() run at once, in this process (conftest.tasks_run_in_the_test).
pytestmark = pytest.mark.usefixtures("tasks_run_in_the_test")


# --- The Notifications page ---------------------------------------------------------------------


def notify(user, young_person, subject, **fields):
    return Notification.objects.create(recipient=user, young_person=young_person, stage="overdue",
                                       subject=subject, body=f"{subject}.", **fields)


def test_a_worker_sees_their_notifications_newest_first_with_the_unread_ones_tagged(client, people):
    with time_machine.travel(at(1), tick=False):
        notify(people.social_worker.user, people.young_person, "Older and read", read_at=at(2))
    with time_machine.travel(at(3), tick=False):
        notify(people.social_worker.user, people.young_person, "Newer and unread")
    notify(people.other_worker.user, people.other_young_person, "Someone else's")
    client.force_login(people.social_worker.user)
    html = client.get(reverse("notifications")).content.decode()
    assert html.index("Newer and unread") < html.index("Older and read")
    assert html.count('<strong class="govuk-tag govuk-tag--blue">Unread</strong>') == 1
    assert reverse("young_person_pledge", args=[people.young_person.pk]) in html
    assert "Someone else" not in html
    assert "Mark all as read" in html


def test_mark_all_as_read_marks_only_the_workers_own(client, people):
    mine = notify(people.social_worker.user, people.young_person, "Mine")
    theirs = notify(people.other_worker.user, people.other_young_person, "Theirs")
    client.force_login(people.social_worker.user)
    response = client.post(reverse("notifications_mark_read"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    html = client.get(reverse("notifications")).content.decode()
    assert "1 notification marked as read." in html
    assert "govuk-tag--blue" not in html


def test_mark_all_as_read_refuses_a_get(client, people):
    notify(people.social_worker.user, people.young_person, "Mine")
    client.force_login(people.social_worker.user)
    assert client.get(reverse("notifications_mark_read")).status_code == 405
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("method, url_name", [("get", "notifications"), ("post", "notifications_mark_read")])
def test_a_young_person_gets_404_from_the_notifications_pages(client, people, method, url_name):
    client.force_login(people.young_person.user)
    assert getattr(client, method)(reverse(url_name)).status_code == 404


def test_a_logged_out_visitor_is_sent_to_login_from_notifications(client, people):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_notifications_page_makes_the_same_few_queries_however_many_there_are(
    client, people, django_assert_num_queries,
):
    client.force_login(people.social_worker.user)
    # Session, user (with worker and council), SAVEPOINT (ATOMIC_REQUESTS), the notifications, RELEASE, and one INSERT
    # logging the young people they name (casework.audit).
    notify(people.social_worker.user, people.young_person, "The first")
    with django_assert_num_queries(6):
        assert "The first" in client.get(reverse("notifications")).content.decode()
    other = YoungPersonFactory(council=people.council)
    for n in range(20):
        notify(people.social_worker.user, other if n % 2 else people.young_person, f"Number {n}")
    with django_assert_num_queries(6):
        html = client.get(reverse("notifications")).content.decode()
    assert html.count("govuk-tag--blue") == 21
