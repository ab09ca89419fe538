"""A young person adds to a worry after sending it (issue 15): saved with the time, shown among the replies, and
whoever they sent it to is told (notifications.recipients.concern_readers, the one audience rule), nobody else. Every
worry page says plainly that a worry about safety may be shared, and gives Childline and the out-of-hours number."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casework.audit.retention import young_person_anonymise
from casework.models import ConcernAddition
from casework.worries.services import concern_addition_add, concern_respond
from notifications.models import Notification, Stage

from .concern_helpers import NOW, ConcernFactory, concerns, login  # noqa: F401 (concerns is a fixture)

pytestmark = pytest.mark.django_db


def _add(client, concern, text):
    return client.post(reverse("my_concern", args=[concern.pk]), {"text": text})


def test_adding_to_a_worry_shows_it_and_tells_only_whoever_it_was_sent_to(client, people, concerns):
    worry = concerns["worker"]
    login(client, people.young_person.user)
    response = _add(client, worry, "It happened again last night.")
    assert response.status_code == 302
    addition = ConcernAddition.objects.get()
    assert addition.concern == worry and addition.text == "It happened again last night."
    html = client.get(reverse("my_concern", args=[worry.pk])).content.decode()
    assert "We have added it. The person you sent this to has been told." in html
    assert "You added" in html and "It happened again last night." in html
    told = Notification.objects.filter(stage=Stage.CONCERN_ADDED)
    assert [n.recipient for n in told] == [people.social_worker.user]  # not the IRO, not the other worker
    notification = told.get()
    assert notification.subject == "Robin Ash added to their worry"
    assert notification.link == reverse("concern_detail", args=[worry.pk])
    assert "It happened again" not in notification.body  # their words stay in the portal
    login(client, people.social_worker.user)
    html = client.get(reverse("concern_detail", args=[worry.pk])).content.decode()
    assert "Rob added" in html and "It happened again last night." in html


def test_an_addition_to_a_complaint_tells_the_managers(client, people, concerns):
    login(client, people.young_person.user)
    _add(client, concerns["complaints"], "One more thing.")
    told = Notification.objects.filter(stage=Stage.CONCERN_ADDED).get()
    assert told.recipient == people.manager.user and told.subject == "Robin Ash added to their complaint"


def test_an_empty_addition_gets_the_gov_uk_error_and_nothing_is_saved(client, people, concerns):
    login(client, people.young_person.user)
    html = _add(client, concerns["worker"], "   ").content.decode()
    assert "Error:" in html and 'href="#id_text"' in html and 'id="id_text"' in html
    assert "Write what you want to add" in html
    assert ConcernAddition.objects.count() == 0 and Notification.objects.count() == 0


def test_another_young_persons_worry_is_a_404_and_nothing_is_added(client, people, concerns):
    login(client, people.young_person.user)
    assert client.get(reverse("my_concern", args=[concerns["sky"].pk])).status_code == 404
    assert _add(client, concerns["sky"], "Not mine").status_code == 404
    login(client, people.social_worker.user)  # staff have no "my worries"
    assert _add(client, concerns["worker"], "Staff cannot").status_code == 404
    assert ConcernAddition.objects.count() == 0
    with pytest.raises(PermissionDenied):
        concern_addition_add(concern=concerns["sky"], young_person=people.young_person, text="x", now=NOW)


def test_an_answered_worry_takes_no_additions_and_says_to_tell_us_again(client, people, concerns):
    worry = concerns["worker"]
    concern_respond(concern=worry, worker=people.social_worker, text="Sorted.", now=NOW, resolves=True)
    login(client, people.young_person.user)
    html = client.get(reverse("my_concern", args=[worry.pk])).content.decode()
    assert 'name="text"' not in html and "tell us again" in html
    response = _add(client, worry, "But wait")
    assert response.status_code == 302 and ConcernAddition.objects.count() == 0


def test_additions_sit_among_the_replies_in_time_order(client, people, concerns):
    worry = concerns["worker"]
    concern_respond(concern=worry, worker=people.social_worker, text="Reply first", now=NOW + timedelta(hours=1),
                    resolves=False)
    concern_addition_add(concern=worry, young_person=people.young_person, text="Added second",
                         now=NOW + timedelta(hours=2))
    assert [item.text for item in worry.thread] == ["Reply first", "Added second"]
    login(client, people.young_person.user)
    html = client.get(reverse("my_concerns")).content.decode()
    assert html.index("Reply first") < html.index("Added second")


def test_every_worry_page_gives_childline_and_the_out_of_hours_number_and_the_form_warns_about_sharing(
        client, people, concerns):
    people.council.out_of_hours_phone = "01632 960999"
    people.council.save()
    login(client, people.young_person.user)
    for url in (reverse("my_concerns"), reverse("concern_new"), reverse("my_concern", args=[concerns["worker"].pk])):
        html = client.get(url).content.decode()
        assert 'href="tel:08001111"' in html and "0800 1111" in html, url
        assert 'href="tel:01632960999"' in html, url
    html = client.get(reverse("concern_new")).content.decode()
    sharing = html.index("we may have to share it with other people whose job is to keep you safe")
    assert sharing < html.index('name="kind"')  # said before the form, so before they send it


def test_retention_clears_what_they_added(people, concerns):
    concern_addition_add(concern=concerns["worker"], young_person=people.young_person, text="My words", now=NOW)
    young_person_anonymise(young_person=people.young_person, today=date(2100, 1, 1))
    assert ConcernAddition.objects.get().text == ""
