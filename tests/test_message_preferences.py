""""How we contact you" (notifications.preferences): each signed-in person chooses for themselves; staff the morning
digest or an email each and texts for urgent ones, a young person texts about call-backs and replies, offered the
mobile on their record. A mobile is asked, and kept, only under "Yes"; a bad one is refused with the error summary
and nothing saved."""
import re

import pytest
from django.urls import reverse

from casework.models import YoungPerson
from notifications.models import MessagePreferences

pytestmark = pytest.mark.django_db

URL = "/notifications/how-we-contact-you/"


def test_the_address():
    assert reverse("message_preferences") == URL


def test_staff_see_the_defaults_and_save_their_choice(client, people):
    client.force_login(people.social_worker.user)
    html = client.get(URL).content.decode()
    assert "How we contact you" in html and "One email each morning" in html
    assert re.search(r'value="digest"\s*checked', html) and re.search(r'value="no"\s*checked', html)
    response = client.post(URL, {"how_often": "each", "texts": "yes", "mobile": "+44 7700 900301"})
    assert response.status_code == 302
    saved = MessagePreferences.objects.get(user=people.social_worker.user)
    assert (saved.daily_digest, saved.texts, saved.mobile) == (False, True, "07700 900301")
    assert "We have saved how we contact you." in client.get(URL).content.decode()
    client.post(URL, {"how_often": "digest", "texts": "no", "mobile": "07700 900301"})
    saved.refresh_from_db()
    assert (saved.daily_digest, saved.texts, saved.mobile) == (True, False, "")  # a number left behind by "No"
    assert MessagePreferences.objects.count() == 1


@pytest.mark.parametrize("mobile, error", [
    ("", "Enter the mobile number for texts"),
    ("01632 960301", "Enter a UK mobile number, like 07700 900 982"),  # a landline cannot take a text
    ("call me", "Enter a UK mobile number, like 07700 900 982"),
])
def test_texts_without_a_mobile_are_refused_with_nothing_saved(client, people, mobile, error):
    client.force_login(people.social_worker.user)
    response = client.post(URL, {"how_often": "each", "texts": "yes", "mobile": mobile})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and error in html
    assert 'href="#id_mobile"' in html
    assert not MessagePreferences.objects.exists()


def test_an_empty_form_is_refused(client, people):
    client.force_login(people.social_worker.user)
    html = client.post(URL, {}).content.decode()
    assert "Select how you want reminders by email" in html and "Select whether you want text messages" in html
    assert not MessagePreferences.objects.exists()


def test_a_young_person_is_offered_their_mobile_on_record_and_asked_only_about_texts(client, people):
    YoungPerson.objects.filter(pk=people.young_person.pk).update(phone="07700900982")
    client.force_login(people.young_person.user)
    html = client.get(URL).content.decode()
    assert "One email each morning" not in html
    assert "when we get your call-back request, and when there is a reply for you" in html
    assert 'value="07700 900982"' in html
    assert client.post(URL, {"texts": "yes", "mobile": "07700 900982"}).status_code == 302
    saved = MessagePreferences.objects.get(user=people.young_person.user)
    assert (saved.texts, saved.mobile) == (True, "07700 900982")
    nav = client.get(reverse("my_pledge")).content.decode()
    assert f'href="{URL}"' in nav


def test_a_landline_on_record_is_not_offered(client, people):
    YoungPerson.objects.filter(pk=people.young_person.pk).update(phone="01632 960001")
    client.force_login(people.young_person.user)
    assert "01632" not in client.get(URL).content.decode()


def test_the_notifications_page_links_to_it(client, people):
    client.force_login(people.social_worker.user)
    assert f'href="{URL}"' in client.get(reverse("notifications")).content.decode()


@pytest.mark.parametrize("who", ["social_worker", "young_person"])
def test_the_page_costs_a_fixed_number_of_queries(client, people, who, django_assert_num_queries):
    user = getattr(people, who).user
    client.force_login(user)
    client.get(URL)
    # Before and after the first save: the same queries (session, user with their record, their choices).
    with django_assert_num_queries(QUERIES[who]):
        client.get(URL)
    MessagePreferences.objects.create(user=user, texts=True, mobile="07700 900982")
    with django_assert_num_queries(QUERIES[who]):
        client.get(URL)


QUERIES = {"social_worker": 5, "young_person": 5}
